"""The outputs in a real MkDocs build: every file written, nothing draft or internal leaked,
one summary edit reaching every channel, and the discovery meta in the pages."""

from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from darksite.mkdocs.project import open_project
from darksite.outputs.channels import CHANNELS, channel_texts
from darksite.outputs.context import OutputContext
from darksite.outputs.embed import SCRIPT_BUDGET_BYTES
from darksite.outputs.hosting import HASHED_ASSET
from tests.browser_support import header_rules
from tests.conftest import (
    build_new_project,
    build_project,
    incident_yaml,
    make_project,
    site_files,
)

feedparser = pytest.importorskip("feedparser", reason="feedparser (test dependency) not installed")

RESOLVED_AT = "2026-11-22T08:00:00+01:00"
INCIDENTS = {
    "water-2026.yaml": incident_yaml("water-2026", severity="critical", marker="LIVE"),
    "gas-2026.yaml": incident_yaml("gas-2026", status="resolved", resolved_at=RESOLVED_AT,
                                   marker="OLD"),
    "scenario-flood.yaml": incident_yaml("scenario-flood", status="draft", marker="DRAFTED"),
    "hostile-2026.yaml": incident_yaml("hostile-2026", marker="H</script><i>&amp;"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_new_project(tmp_path_factory.mktemp("outputs") / "project", INCIDENTS,
                             plugin_options={"social_image": "media/photo.png"})


def text_of(path: Path) -> str:
    data = path.read_bytes()
    return gzip.decompress(data).decode("utf-8", "replace") if path.suffix == ".gz" \
        else data.decode("utf-8", "replace")


class HeadCollector(HTMLParser):
    """``<meta>`` and ``<link>`` attributes and the text of JSON-LD scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str | None]] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and (values.get("property") or values.get("name")):
            self.meta[values.get("property") or values["name"]] = values.get("content") or ""
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def head(path: Path) -> HeadCollector:
    collector = HeadCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_every_output_is_written(site):
    for path in ("feed.xml", "status.json", "lite/index.html", "embed/banner.js",
                 "embed/snippet.html", "robots.txt", "_headers", "nginx-darksite.conf",
                 "water-2026/feed.xml", "gas-2026/feed.xml", "lite/water-2026/index.html",
                 "lite/gas-2026/index.html"):
        assert (site / path).is_file(), path
    assert not (site / "scenario-flood").exists()
    assert not (site / "lite" / "scenario-flood").exists()


def test_no_draft_internal_note_or_memo_reaches_any_public_file(site):
    for path in site_files(site):
        text = text_of(path)
        assert "DRAFTED" not in text and "scenario-flood" not in text, path
        assert "-INTERNAL" not in text, path
        assert "EMPLOYEES ONLY" not in text, path


def test_site_feed_has_an_entry_for_every_public_update(site):
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo and parsed.version == "atom10"
    contents = [entry.content[0].value for entry in parsed.entries]
    for marker in ("LIVE", "OLD"):
        for section in ("UPDATE-OLD", "UPDATE-NEW"):
            assert sum(f"{marker}-{section}" in c for c in contents) == 1, (marker, section)
    for incident_id in ("water-2026", "gas-2026", "hostile-2026"):
        updates = [e for e in parsed.entries if f":{incident_id}/update/" in e.id]
        assert len(updates) == 2, incident_id


def test_status_json_names_the_active_incidents(site):
    document = json.loads((site / "status.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in document["incidents"]] == ["water-2026", "hostile-2026"]
    assert [i["id"] for i in document["resolved_incidents"]] == ["gas-2026"]
    assert document["status"]["indicator"] == "critical"


def test_incident_page_has_sharing_meta_json_ld_and_feed_autodiscovery(site):
    collected = head(site / "water-2026" / "index.html")
    assert collected.meta["og:title"].startswith("LIVE-TITLE")
    assert collected.meta["og:description"].startswith("LIVE-SUMMARY")
    assert collected.meta["og:url"] == "https://status.example.com/water-2026/"
    assert collected.meta["og:image"] == "https://status.example.com/media/photo.png"
    assert collected.meta["twitter:card"] == "summary_large_image"
    feeds = {link["href"] for link in collected.links
             if "alternate" in (link.get("rel") or "").split()
             and link.get("type") == "application/atom+xml"}
    assert feeds == {"../feed.xml", "feed.xml"}
    [data] = [json.loads(text) for text in collected.json_ld]
    assert data["@type"] == "SpecialAnnouncement"
    assert data["name"].startswith("LIVE-TITLE")
    assert data["datePosted"] == "2026-11-20T08:00:00+01:00"
    assert data["publisher"]["name"] == "Testwind Utilities"


def test_json_ld_and_meta_survive_markup_in_the_title(site):
    html = (site / "hostile-2026" / "index.html").read_text(encoding="utf-8")
    assert "H</script><i>" not in html  # never raw, anywhere in the page
    collected = head(site / "hostile-2026" / "index.html")
    [data] = [json.loads(text) for text in collected.json_ld]
    assert data["name"].startswith("H</script><i>&amp;-TITLE")
    assert collected.meta["og:title"].startswith("H</script><i>&amp;-TITLE")


def test_home_page_advertises_the_site_feed(site):
    collected = head(site / "index.html")
    assert {"rel": "alternate", "type": "application/atom+xml",
            "title": "Testwind status: all updates", "href": "feed.xml"} in collected.links
    assert collected.meta["og:type"] == "website"


def test_robots_allows_all_and_names_the_sitemap(site):
    assert (site / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\n\nSitemap: https://status.example.com/sitemap.xml\n")


def test_embed_script_is_within_2_kb_gzipped(site):
    data = (site / "embed" / "banner.js").read_bytes()
    assert len(gzip.compress(data, compresslevel=9)) <= SCRIPT_BUDGET_BYTES
    snippet = (site / "embed" / "snippet.html").read_text()
    assert 'src="https://status.example.com/embed/banner.js" async' in snippet
    assert '<a href="https://status.example.com/">Testwind status</a>' in snippet


def test_headers_file_sets_exactly_one_cache_rule_per_url(site):
    rules = header_rules((site / "_headers").read_text())
    urls = ["/"] + ["/" + p.relative_to(site).as_posix() for p in site_files(site)]
    for url in urls:
        if url in ("/_headers", "/nginx-darksite.conf"):
            continue
        cache = [h["Cache-Control"] for pattern, h in rules
                 if pattern.match(url) and "Cache-Control" in h]
        if url.startswith("/assets/") and not HASHED_ASSET.search(url):
            assert cache == [], url
        elif url.startswith("/assets/"):
            assert cache == ["public, max-age=31536000, immutable"], url
        else:
            assert len(cache) == 1 and "max-age=60" in cache[0], url
    cors = [h for pattern, h in rules if pattern.match("/status.json")]
    assert any(h.get("Access-Control-Allow-Origin") == "*" for h in cors)


def test_a_rehearsal_build_shows_drafts_and_disallows_robots(tmp_path):
    root = make_project(tmp_path / "project", {
        "scenario-flood.yaml": incident_yaml("scenario-flood", status="draft", marker="DRAFTED")})
    site = build_project(root, rehearsal=True)
    assert (site / "robots.txt").read_text().endswith("User-agent: *\nDisallow: /\n")
    assert "DRAFTED-SUMMARY" in (site / "lite" / "scenario-flood" / "index.html").read_text()
    document = json.loads((site / "status.json").read_text())
    assert document["rehearsal"] is True
    assert document["incidents"][0]["id"] == "scenario-flood"


def test_one_summary_edit_changes_every_channel(tmp_path):
    """The product's promise: edit the summary once, every output says the new words."""
    root = make_project(tmp_path / "project", {
        "water-2026.yaml": incident_yaml("water-2026", marker="LIVE")})
    incident_file = root / "incidents" / "water-2026.yaml"
    site = build_project(root)
    old = "A burst main cut the water supply"
    assert old in (site / "status.json").read_text()

    new = "NEW-WORDING Supply is back for most homes; 40 streets still wait"
    text = incident_file.read_text(encoding="utf-8")
    incident_file.write_text(text.replace("A burst main cut the water supply to 2,300 homes in\n"
                                          "  Eastfield.", new + "."), encoding="utf-8")
    site = build_project(root)

    document = json.loads((site / "status.json").read_text(encoding="utf-8"))
    assert document["incidents"][0]["summary"].startswith(f"LIVE-SUMMARY {new}")
    for feed in ("feed.xml", "water-2026/feed.xml"):
        parsed = feedparser.parse((site / feed).read_bytes())
        opening = [e for e in parsed.entries if e.id.endswith("water-2026/statement")]
        assert opening and new in opening[0].summary, feed
    assert new in (site / "lite" / "water-2026" / "index.html").read_text(encoding="utf-8")
    assert new in (site / "lite" / "index.html").read_text(encoding="utf-8")
    page = head(site / "water-2026" / "index.html")
    assert new in page.meta["og:description"]
    assert new in json.loads(page.json_ld[0])["text"]

    project = open_project(root / "mkdocs.yml")
    from darksite import api

    [incident] = api.check_incidents(project.settings).incidents
    texts = channel_texts(incident, OutputContext.for_settings(project.settings))
    for channel in CHANNELS:
        # The subject is the title; the SMS here has room only for its essentials (the
        # state, the one thing to do, the link: issue 12's composition, never a cut summary).
        if channel in ("email_subject", "sms"):
            continue
        assert "NEW-WORDING" in texts[channel], channel
        assert old not in texts[channel], channel


def test_headers_file_falls_back_to_one_rule_when_the_site_has_too_many_entries(tmp_path):
    from darksite.outputs.hosting import MAX_HEADER_RULES, headers_file

    for n in range(MAX_HEADER_RULES + 5):
        (tmp_path / f"incident-{n}").mkdir()
        (tmp_path / f"incident-{n}" / "feed.xml").write_text("<feed/>")
    (tmp_path / "status.json").write_text("{}")
    rules = header_rules(headers_file(tmp_path))
    assert len(rules) <= MAX_HEADER_RULES
    assert [h["Cache-Control"] for p, h in rules if p.match("/incident-7/") and
            "Cache-Control" in h] == ["public, max-age=60, stale-while-revalidate=300, "
                                      "stale-if-error=86400"]
    assert any(p.match("/incident-7/feed.xml") and h.get("Access-Control-Allow-Origin") == "*"
               for p, h in rules)
