"""Language outputs of a real build: pages, hreflang, feeds, status.json, posts --lang, banner."""

from __future__ import annotations

import gzip
import json
import re
import textwrap
from pathlib import Path

import pytest

from darksite.cli import main
from tests.browser_support import serve
from tests.conftest import build_project, incident_yaml, make_project

CY = textwrap.dedent("""\
    lang: cy
    title: "Cyflenwad dŵr wedi'i dorri yn Eastfield"
    summary: >-
      Torrodd prif bibell gan dorri'r cyflenwad dŵr i 2,300 o gartrefi yn
      Eastfield. Mae dŵr potel ar gael yn y ganolfan gymunedol.
    updates:
      - text: Rydyn ni ar y safle.
      - text: Mae'r byrstio o dan Mill Road.
    """)


def _built(tmp_path: Path, site_url: str | None = None) -> tuple[Path, Path]:
    root = make_project(tmp_path / "project", {
        "water-outage.yaml": incident_yaml("water-outage"),
        "water-outage.cy.yaml": CY,
    }, plugin_options={"languages": {"others": ["cy", "ar"]}})
    if site_url:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text().replace("https://status.example.com/", site_url))
    assert main(["translations", "water-outage", "-f", str(root / "mkdocs.yml"),
                 "--done", "cy"]) == 0
    return root, build_project(root, site_dir=tmp_path / "site")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _built(tmp_path_factory.mktemp("i18n"))


def test_every_language_has_its_page_and_feed_with_hreflang(built) -> None:
    _, site = built
    welsh = (site / "cy/water-outage/index.html").read_text()
    assert '<html lang="cy" dir="ltr">' in welsh
    assert "Cyflenwad dŵr wedi&#39;i dorri yn Eastfield" in welsh
    arabic = (site / "ar/water-outage/index.html").read_text()
    assert '<html lang="ar" dir="rtl">' in arabic
    for page in (welsh, arabic, (site / "water-outage/index.html").read_text()):
        links = set(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"',
                               page))
        assert links == {("en", "https://status.example.com/water-outage/"),
                         ("x-default", "https://status.example.com/water-outage/"),
                         ("cy", "https://status.example.com/cy/water-outage/"),
                         ("ar", "https://status.example.com/ar/water-outage/")}
    assert "Cyflenwad" in (site / "cy/water-outage/feed.xml").read_text()


def test_the_sitemap_lists_every_language_page_dated_as_its_source(built) -> None:
    """MkDocs lists the source pages; the language pages follow each, with its lastmod."""
    _, site = built
    sitemap = (site / "sitemap.xml").read_text()
    entries = re.findall(r"<loc>https://status.example.com/([^<]*)</loc>"
                         r"(?:\s*<lastmod>([^<]+)</lastmod>)?", sitemap)
    paths = [path for path, _ in entries]
    start = paths.index("water-outage/")
    assert paths[start:start + 3] == ["water-outage/", "cy/water-outage/", "ar/water-outage/"]
    assert paths[:3] == ["", "cy/", "ar/"]
    dated = dict(entries)
    assert dated["cy/water-outage/"] == dated["ar/water-outage/"] == dated["water-outage/"] != ""
    assert len(paths) == len(set(paths))
    assert not [p for p in paths if p.startswith(("cy/", "ar/"))
                and not (site / p / "index.html").is_file()], "a listed page is missing"
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == sitemap


def test_pending_texts_are_the_source_marked_and_announced(built) -> None:
    _, site = built
    welsh = (site / "cy/water-outage/index.html").read_text()
    assert "Cyfieithiad i ddilyn" in welsh  # the statement has no Welsh yet
    assert '<div lang="en" dir="ltr"><p>MARK-STATEMENT' in welsh
    assert "Diweddariadau" in welsh and "Tachwedd 2026" in welsh
    arabic = (site / "ar/water-outage/index.html").read_text()
    assert "الترجمة قادمة" in arabic and "MARK-INTERNAL" not in arabic


def test_status_json_carries_translations_beside_the_old_fields(built) -> None:
    _, site = built
    document = json.loads((site / "status.json").read_text())
    incident = document["incidents"][0]
    assert incident["name"].startswith("MARK-TITLE")  # unchanged for existing readers
    welsh = incident["translations"]["cy"]
    assert welsh["name"] == "Cyflenwad dŵr wedi'i dorri yn Eastfield"
    assert welsh["url"] == "https://status.example.com/cy/water-outage/"
    assert welsh["complete"] is False and welsh["label"] == "Digwyddiad"
    assert [u["body"] for u in welsh["incident_updates"]] == [
        "Mae'r byrstio o dan Mill Road.", "Rydyn ni ar y safle."]
    assert incident["translations"]["ar"]["name"] is None
    assert incident["translations"]["ar"]["dir"] == "rtl"


def test_posts_in_a_language_link_to_its_page(built, capsys: pytest.CaptureFixture) -> None:
    root, _ = built
    assert main(["posts", "water-outage", "-f", str(root / "mkdocs.yml"), "--lang", "cy",
                 "--format", "json"]) == 0
    captured = capsys.readouterr()
    posts = json.loads(captured.out)["posts"]
    assert "Cyflenwad dŵr" in posts["x"]
    assert "https://status.example.com/cy/water-outage/" in posts["x"]
    assert "no current cy translation" in captured.err
    assert main(["posts", "water-outage", "-f", str(root / "mkdocs.yml"), "--lang", "fr"]) == 1


@pytest.mark.browser
def test_embed_banner_follows_the_host_pages_language(tmp_path: Path, browser) -> None:
    site_dir, host = tmp_path / "served", tmp_path / "host"
    site_dir.mkdir()
    host.mkdir()
    with serve(site_dir, hosting_headers=True) as url, serve(host) as host_url:
        _, site = _built(tmp_path / "b", site_url=url)
        for path in site.iterdir():
            path.rename(site_dir / path.name)
        snippet = (site_dir / "embed/snippet.html").read_text()
        for lang in ("cy", "en"):
            (host / f"{lang}.html").write_text(
                f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>T"
                f"</title></head><body>{snippet}</body></html>")
        page = browser.new_page()
        try:
            page.goto(host_url + "cy.html")
            banner = page.locator(".darksite-banner")
            banner.wait_for()
            assert banner.get_attribute("lang") == "cy"
            assert banner.inner_text().startswith("Digwyddiad: Cyflenwad dŵr")
            assert banner.locator("a").get_attribute("href") == url + "cy/water-outage/"
            page.goto(host_url + "en.html")
            page.locator(".darksite-banner").wait_for()
            assert "MARK-TITLE" in page.locator(".darksite-banner").inner_text()
        finally:
            page.close()


def test_each_language_has_a_home_that_lists_its_incidents(built) -> None:
    _, site = built
    welsh = (site / "cy/index.html").read_text()
    assert '<html lang="cy" dir="ltr">' in welsh
    assert "<h1>Digwyddiad cyfredol</h1>" in welsh  # "Current incident", in Welsh
    assert '<a href="water-outage/"><strong>Cyflenwad dŵr wedi&#39;i dorri yn Eastfield' in welsh
    assert "Does dim digwyddiad wedi&#39;i ddatrys eto." in welsh  # none resolved yet
    arabic = (site / "ar/index.html").read_text()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "<h1>الحادث الجاري</h1>" in arabic
    # No Arabic translation: the English title, marked as English, and the note.
    assert '<span lang="en" dir="ltr">' in arabic and "(ترجمة قادمة)" not in welsh
    for page in (welsh, arabic):
        links = set(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"',
                               page))
        assert links == {("en", "https://status.example.com/"),
                         ("x-default", "https://status.example.com/"),
                         ("cy", "https://status.example.com/cy/"),
                         ("ar", "https://status.example.com/ar/")}
    # An incident page leads back to its language's home, not the English one.
    incident = (site / "cy/water-outage/index.html").read_text()
    assert '<a href="../">Pob digwyddiad</a>' in incident


def test_a_language_home_pages_its_resolved_incidents(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Paged as /lite/ is (one per page here, so three incidents make real pages)."""
    from darksite.outputs import languages

    monkeypatch.setattr(languages, "INDEX_PAGE_SIZE", 1)
    root = make_project(tmp_path / "project", {
        f"old-{n}.yaml": incident_yaml(f"old-{n}", status="resolved",
                                       last_update_at=f"2026-11-2{n}T09:30:00+01:00",
                                       resolved_at=f"2026-11-2{n}T10:00:00+01:00")
        for n in (1, 2, 3)}, plugin_options={"languages": {"others": ["cy"]}})
    for renderer in ([], ["--renderer", "mkdocs-material"]):
        site = tmp_path / f"site{len(renderer)}"
        assert main(["build", "-f", str(root / "mkdocs.yml"), "-d", str(site), *renderer]) == 0
        first = (site / "cy/index.html").read_text()
        assert '<a href="old-3/">' in first and "old-2" not in first  # newest first
        assert "Tudalen 1 o 3" in first and '<a href="page/2/">Hŷn</a>' in first
        second = (site / "cy/page/2/index.html").read_text()
        assert '<a href="../../old-2/">' in second
        assert '<a href="../../">Mwy diweddar</a>' in second
        assert '<a href="../3/">Hŷn</a>' in second
        last = (site / "cy/page/3/index.html").read_text()
        assert '<a href="../../old-1/">' in last and "Hŷn" not in last
        assert not (site / "cy/page/4").exists()
    assert (tmp_path / "site0/cy/page/2/index.html").read_bytes() == \
        (tmp_path / "site2/cy/page/2/index.html").read_bytes()
