"""Outputs stay bounded at any number of incidents (issue 18, docs/outputs.md).

``status.json`` keeps the unresolved incidents in full and a bounded recent
history (at most 1 MB at 3,000 incidents); ``/lite/`` is paginated with
prev/next links; the sitemap becomes a sitemap index past 50,000 URLs. Each
bound is checked on many synthetic view models or URLs (fast), and on one
real build with the bound made small.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from darksite.outputs import lite, sitemap, status
from darksite.render import pages
from tests.conftest import build_project, incident_yaml, make_project
from tests.test_outputs_channels import load_incident, make_context

MB = 1_000_000


def resolved_many(count: int):
    """``count`` resolved incidents, each with its own id and resolution time."""
    base = load_incident(incident_yaml("gas-0", status="resolved",
                                       resolved_at="2026-11-21T12:00:00+01:00"))
    return [dataclasses.replace(base, id=f"gas-{n}",
                                resolved_at=base.resolved_at - timedelta(hours=n))
            for n in range(count)]


def test_status_json_stays_under_1_mb_at_3000_incidents_with_the_active_ones_in_full() -> None:
    active = load_incident(incident_yaml("water-2026"))
    incidents = [active, *resolved_many(3_000)]
    text = status.status_json(incidents, make_context())
    assert len(text.encode("utf-8")) < MB
    document = json.loads(text)
    [shown] = document["incidents"]
    assert len(shown["incident_updates"]) == len(active.updates) == shown["updates_total"]
    resolved = document["resolved_incidents"]
    assert len(resolved) == status.RESOLVED_SHOWN
    assert [i["id"] for i in resolved] == [f"gas-{n}" for n in range(status.RESOLVED_SHOWN)]
    assert all(len(i["incident_updates"]) <= status.UPDATES_SHOWN for i in resolved)
    history = document["resolved_history"]
    assert history["total"] == 3_000 and history["shown"] == status.RESOLVED_SHOWN
    assert history["archive_url"] == "https://status.example.com/archive/"


def test_status_json_keeps_its_top_level_keys() -> None:
    document = status.status_document(resolved_many(3), make_context())
    assert list(document)[:7] == ["schema_version", "darksite_version", "page", "status",
                                  "components", "incidents", "scheduled_maintenances"]
    assert "resolved_incidents" in document and "feed_url" in document


@pytest.fixture(scope="module")
def bounded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real build of 1 active and 5 resolved incidents with every bound made small."""
    incidents = {"water.yaml": incident_yaml("water")}
    for n in range(5):
        incidents[f"gas{n}.yaml"] = incident_yaml(
            f"gas{n}", marker=f"GAS{n}", status="resolved",
            resolved_at=f"2026-11-2{n}T12:00:00+01:00")
    root = make_project(tmp_path_factory.mktemp("bounds") / "project", incidents)
    patch = pytest.MonkeyPatch()
    patch.setattr(status, "RESOLVED_SHOWN", 2)
    patch.setattr(lite, "PAGE_SIZE", 2)
    patch.setattr(pages, "ARCHIVE_PAGE_SIZE", 2)
    try:
        site = build_project(root)
    finally:
        patch.undo()
    return site


def test_a_real_build_bounds_status_json_and_says_where_the_rest_are(bounded_site: Path) -> None:
    document = json.loads((bounded_site / "status.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in document["incidents"]] == ["water"]
    assert [i["id"] for i in document["resolved_incidents"]] == ["gas4", "gas3"]
    assert document["resolved_history"]["total"] == 5


def links(page: Path) -> list[str]:
    return re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8"))


def test_a_real_build_paginates_the_lite_index_with_prev_and_next(bounded_site: Path) -> None:
    first = bounded_site / "lite" / "index.html"
    second = bounded_site / "lite" / "page" / "2" / "index.html"
    third = bounded_site / "lite" / "page" / "3" / "index.html"
    assert first.is_file() and second.is_file() and third.is_file()
    assert not (bounded_site / "lite" / "page" / "4").exists()
    text = first.read_text(encoding="utf-8")
    assert "water/" in text and "gas4/" in text and "gas3/" in text and "gas2/" not in text
    assert 'rel="next" href="page/2/"' in text and 'rel="prev"' not in text
    middle = second.read_text(encoding="utf-8")
    assert "GAS2-TITLE" in middle and "GAS1-TITLE" in middle and "water/" not in middle
    assert 'rel="prev" href="../../"' in middle and 'rel="next" href="../../page/3/"' in middle
    assert 'rel="next"' not in third.read_text(encoding="utf-8")
    for page in (first, second, third):  # every relative link of every page lands on a file
        for href in links(page):
            if href.startswith(("http", "#", "mailto:", "data:")):
                continue
            target = (page.parent / href).resolve()
            assert target.is_file() or (target / "index.html").is_file(), (page, href)


def test_a_real_build_paginates_the_archive_with_prev_and_next(bounded_site: Path) -> None:
    first = bounded_site / "archive" / "index.html"
    second = bounded_site / "archive" / "page" / "2" / "index.html"
    third = bounded_site / "archive" / "page" / "3" / "index.html"
    assert first.is_file() and second.is_file() and third.is_file()
    assert not (bounded_site / "archive" / "page" / "4").exists()
    text = first.read_text(encoding="utf-8")
    assert "GAS4-TITLE" in text and "GAS3-TITLE" in text and "GAS2-TITLE" not in text
    assert "page 1 of 3" in text
    assert '<a rel="next" href="page/2/"' in text and '<a rel="prev"' not in text
    middle = second.read_text(encoding="utf-8")
    assert "GAS2-TITLE" in middle and "GAS1-TITLE" in middle and "GAS4-TITLE" not in middle
    assert '<a rel="prev" href="../../"' in middle and '<a rel="next" href="../3/"' in middle
    last = third.read_text(encoding="utf-8")
    assert "GAS0-TITLE" in last and '<a rel="next"' not in last
    assert '<a rel="prev" href="../2/"' in last
    sitemap_text = (bounded_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "archive/page/2/" in sitemap_text


def test_lite_page_count() -> None:
    assert [lite.page_count(n) for n in (0, 1, 100, 101, 250)] == [1, 1, 1, 2, 3]


def test_the_sitemap_splitter_cuts_120000_urls_into_parts_of_50000() -> None:
    urls = [f"<url><loc>https://status.example.com/i{n}/</loc></url>" for n in range(120_000)]
    parts = sitemap.chunks(urls)
    assert [len(p) for p in parts] == [50_000, 50_000, 20_000]
    assert [u for part in parts for u in part] == urls


def test_a_sitemap_past_the_limit_becomes_an_index_of_parts(tmp_path: Path) -> None:
    urls = [f"<url><loc>https://status.example.com/i{n}/</loc></url>" for n in range(120_000)]
    (tmp_path / "sitemap.xml").write_text(sitemap.urlset(urls), encoding="utf-8")
    written = sitemap.split_sitemap(tmp_path, "https://status.example.com/")
    assert written == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml",
                       "sitemap_index.xml", "sitemap.xml"]
    index = (tmp_path / "sitemap_index.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index and index.count("<sitemap>") == 3
    assert "https://status.example.com/sitemap-3.xml" in index
    assert (tmp_path / "sitemap.xml").read_text(encoding="utf-8") == index
    found = [u for n in (1, 2, 3) for u in sitemap.URL_ELEMENT.findall(
        (tmp_path / f"sitemap-{n}.xml").read_text(encoding="utf-8"))]
    assert found == urls


def test_a_real_build_keeps_one_sitemap_below_the_limit_and_splits_past_it(
        bounded_site: Path, tmp_path: Path) -> None:
    assert not (bounded_site / "sitemap_index.xml").exists()
    original = (bounded_site / "sitemap.xml").read_text(encoding="utf-8")
    urls = sitemap.URL_ELEMENT.findall(original)
    assert len(urls) >= 7  # home, archive, six incidents
    copy = tmp_path / "site"
    copy.mkdir()
    (copy / "sitemap.xml").write_text(original, encoding="utf-8")
    written = sitemap.split_sitemap(copy, "https://status.example.com/", limit=3)
    parts = [p for p in written if p.startswith("sitemap-")]
    assert len(parts) == -(-len(urls) // 3)
    assert [u for p in parts for u in sitemap.URL_ELEMENT.findall(
        (copy / p).read_text(encoding="utf-8"))] == urls
