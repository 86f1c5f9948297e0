"""Real MkDocs builds of small projects: the pages, their order, the nav, the failure modes."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer

from darksite.mkdocs.plugin import IncidentsInvalid
from tests.conftest import (
    HOLDING_MARKER,
    build_config,
    build_new_project,
    build_project,
    incident_yaml,
    make_project,
    site_files,
)

SECTION_ORDER = (
    "title", "glance", "status", "lead", "first-advice", "primary-contact", "glance-updated",
    "glance-next", "times", "summary", "advice", "statement", "actions", "updates",
    "next-update", "apology", "spokesperson", "contacts", "faq",
)
"""An active incident's page: the first screen, then the order crisis guidance gives."""

MIXED = {
    "crit-old.yaml": incident_yaml("crit-old", severity="critical", marker="CRITOLD",
                                   last_update_at="2026-11-20T10:00:00+01:00"),
    "major-new.yaml": incident_yaml("major-new", marker="MAJORNEW",
                                    last_update_at="2026-11-22T10:00:00+01:00"),
    "major-old.yaml": incident_yaml("major-old", marker="MAJOROLD",
                                    last_update_at="2026-11-21T10:00:00+01:00"),
    "minor-newest.yaml": incident_yaml("minor-newest", severity="minor", marker="MINORNEWEST",
                                       last_update_at="2026-11-23T10:00:00+01:00"),
    "gone-2025.yaml": incident_yaml("gone-2025", status="resolved", marker="GONEOLD",
                                    started_at="2025-03-01T08:00:00Z",
                                    resolved_at="2026-11-22T12:00:00+01:00",
                                    last_update_at="2026-11-21T09:00:00+01:00"),
    "gone-recent.yaml": incident_yaml("gone-recent", status="resolved", marker="GONENEW",
                                      resolved_at="2026-11-24T12:00:00+01:00"),
    "plan-b.yaml": incident_yaml("plan-b", status="draft", marker="DRAFTPLAN"),
}
INCIDENT_IDS = [name.removesuffix(".yaml") for name in MIXED]


class NavLinks(HTMLParser):
    """The hrefs inside mkdocs-material's primary navigation (sidebar and mobile drawer)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self.depth:
            if tag == "nav":
                self.depth += 1
            if tag == "a" and attributes.get("href"):
                self.hrefs.append(attributes["href"] or "")
        elif tag == "nav" and "md-nav--primary" in (attributes.get("class") or ""):
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "nav":
            self.depth -= 1


def nav_links(html: str) -> list[str]:
    parser = NavLinks()
    parser.feed(html)
    return parser.hrefs


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_new_project(tmp_path_factory.mktemp("mixed") / "project", MIXED,
                             pages={"about.md": "# About us\n\nAbout this site.\n"})


# -- the incident page ----------------------------------------------------------


def test_the_incident_page_shows_every_section_in_order(mixed_site: Path) -> None:
    html = read(mixed_site, "major-new/index.html")
    positions = [html.index(f'id="incident-{name}"') for name in SECTION_ORDER]
    assert positions == sorted(positions)


def test_the_incident_page_shows_every_public_text(mixed_site: Path) -> None:
    html = read(mixed_site, "major-new/index.html")
    for part in ("TITLE", "SUMMARY", "AFFECTED", "STATEMENT", "APOLOGY", "ACTION-DONE",
                 "ACTION-DUE", "UPDATE-OLD", "UPDATE-NEW", "CONTACT-PHONE", "CONTACT-PRIVATE",
                 "FAQ-Q", "FAQ-A", "QUOTE"):
        assert f"MAJORNEW-{part}" in html, part
    assert "Sam Carter, Director of Water Services" in html


def test_updates_are_newest_first_on_the_page(mixed_site: Path) -> None:
    html = read(mixed_site, "major-new/index.html")
    assert html.index("MAJORNEW-UPDATE-NEW") < html.index("MAJORNEW-UPDATE-OLD")


def test_contacts_link_with_their_schemes_and_mark_private_routes(mixed_site: Path) -> None:
    html = read(mixed_site, "major-new/index.html")
    assert 'href="tel:+441614960200"' in html
    assert 'href="mailto:water@example.com"' in html
    assert 'href="https://example.com/leaks"' in html
    assert 'href="sms:+447700900200"' in html
    private = html[html.index('id="incident-private-contacts"'):]
    assert "Private: for individual cases" in private
    assert "MAJORNEW-CONTACT-PRIVATE" in private


def test_the_video_has_captions_and_a_poster(mixed_site: Path) -> None:
    html = read(mixed_site, "major-new/index.html")
    video = re.search(r"<video[^>]*>.*?</video>", html, re.S)
    assert video is not None
    assert 'poster="../media/poster.png"' in video.group(0)
    assert '<source src="../media/statement.mp4">' in video.group(0)
    assert re.search(r'<track kind="captions" src="../media/statement.vtt" srclang="en"'
                     r'[^>]* default>', video.group(0))
    assert (mixed_site / "media" / "statement.vtt").is_file()
    transcript = html[html.index('id="incident-video-transcript"'):]
    assert "MAJORNEW-TRANSCRIPT We will keep you informed." in transcript[:600]


def test_the_page_links_its_lite_version_and_feed(mixed_site: Path) -> None:
    html = read(mixed_site, "major-new/index.html")
    assert 'href="../lite/major-new/"' in html
    assert 'href="feed.xml"' in html


def test_every_time_carries_a_datetime_and_its_zone(mixed_site: Path) -> None:
    html = read(mixed_site, "major-new/index.html")
    times = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    assert len(times) >= 6
    assert len(times) == html.count("<time")
    for machine, shown in times:
        if "T" in machine:
            assert re.search(r"[+-]\d\d:\d\d$", machine), machine
            assert re.search(r"\d\d:\d\d UTC([+-]\d\d:\d\d)?$", shown), shown
        else:
            assert not re.search(r"\d\d:\d\d", shown), shown
    assert ('<time datetime="2026-11-22T10:00:00+01:00">22 November 2026, 10:00 UTC+01:00</time>'
            in html)


def test_the_next_update_is_promised(mixed_site: Path) -> None:
    html = read(mixed_site, "major-new/index.html")
    promise = html[html.index('id="incident-next-update"'):]
    assert promise.index("Next update by") < promise.index('datetime="2026-11-27T18:00:00+01:00"')


# -- home, archive, nav, 404 -----------------------------------------------------


def test_home_lists_active_incidents_by_severity_then_recency(mixed_site: Path) -> None:
    html = read(mixed_site, "index.html")
    main = html[html.index('class="md-content"'):]
    order = [main.index(f"{m}-TITLE") for m in ("CRITOLD", "MAJORNEW", "MAJOROLD", "MINORNEWEST")]
    assert order == sorted(order)
    assert "GONENEW-TITLE" not in main and "DRAFTPLAN" not in html


def test_home_hides_the_holding_content_while_an_incident_is_active(mixed_site: Path) -> None:
    assert HOLDING_MARKER not in read(mixed_site, "index.html")


def test_home_links_no_hidden_holding_heading_while_an_incident_is_active(tmp_path: Path) -> None:
    pages = {"index.md": f"# All is well\n\n{HOLDING_MARKER}\n\n## HOLDING-HEADING\n\nText.\n"}
    incidents = {"live.yaml": incident_yaml("live", marker="LIVE")}
    active = build_project(make_project(tmp_path / "a", incidents, pages=pages))
    assert "HOLDING-HEADING" not in read(active, "index.html")
    quiet = build_project(make_project(tmp_path / "q", {}, pages=pages))
    assert 'href="#holding-heading"' in read(quiet, "index.html")


def test_home_shows_the_holding_content_when_nothing_is_active(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "gone.yaml": incident_yaml("gone", status="resolved", marker="GONE",
                                   resolved_at="2026-11-24T12:00:00+01:00"),
        "plan.yaml": incident_yaml("plan", status="draft", marker="PLAN"),
    })
    site = build_project(root)
    html = read(site, "index.html")
    assert HOLDING_MARKER in html
    assert "GONE-TITLE" not in html
    assert "md-banner" not in html
    assert 'href="archive/"' in html and 'href="lite/"' in html


def test_the_home_page_gets_its_template_without_front_matter(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"live.yaml": incident_yaml("live", marker="LIVE")},
                        pages={"index.md": f"# Hello\n\n{HOLDING_MARKER}\n"})
    html = read(build_project(root), "index.html")
    assert "LIVE-SUMMARY" in html and HOLDING_MARKER not in html


def test_a_project_without_a_home_page_gets_one(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {})
    (root / "site_src" / "index.md").unlink()
    html = read(build_project(root), "index.html")
    assert "No current incidents" in html


def test_the_archive_lists_resolved_incidents_newest_first(mixed_site: Path) -> None:
    html = read(mixed_site, "archive/index.html")
    assert html.index("GONENEW-TITLE") < html.index("GONEOLD-TITLE")
    assert 'href="../gone-recent/"' in html
    assert "CRITOLD-TITLE</a>" not in html.split('class="md-content"')[1]


def test_the_banner_names_the_active_incidents_on_every_page(mixed_site: Path) -> None:
    for page in ("index.html", "about/index.html", "archive/index.html", "404.html",
                 "gone-recent/index.html"):
        banner = read(mixed_site, page).split('class="md-banner"')[1].split("</aside>")[0]
        assert "Current incidents:" in banner, page
        assert "CRITOLD-TITLE" in banner and "MINORNEWEST-TITLE" not in banner, page
        assert "1 more on the home page" in banner


def test_the_navigation_lists_no_incident(mixed_site: Path) -> None:
    for page in ("index.html", "about/index.html", "major-new/index.html"):
        links = nav_links(read(mixed_site, page))
        assert links, page
        assert not [link for link in links if any(i in link for i in INCIDENT_IDS)], page
    assert any("archive" in link for link in nav_links(read(mixed_site, "index.html")))


def test_a_users_own_nav_is_kept_and_lists_no_incident(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"live.yaml": incident_yaml("live")},
                        pages={"about.md": "# About\n"},
                        extra_config="nav:\n  - Home: index.md\n  - About: about.md\n")
    site = build_project(root)
    assert set(nav_links(read(site, "live/index.html"))) == {"..", "../about/"}
    assert (site / "archive" / "index.html").is_file()


def test_the_404_page_points_to_the_active_incidents_and_home(mixed_site: Path) -> None:
    html = read(mixed_site, "404.html")
    content = html.split('class="md-content"')[1]
    assert 'href="/crit-old/"' in content
    assert "Go to the home page" in content


def test_drafts_are_not_built_publicly(mixed_site: Path) -> None:
    assert not (mixed_site / "plan-b").exists()
    for file in site_files(mixed_site):
        assert b"DRAFTPLAN" not in file.read_bytes(), file


# -- safety ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = incident_yaml("hostile", marker="HOSTILE").replace(
        'title: "HOSTILE-TITLE', 'title: "<script>alert(1)</script> HOSTILE-TITLE'
    ).replace(
        "HOSTILE-STATEMENT A water main",
        "HOSTILE-STATEMENT <b>bold</b> <img src=x onerror=alert(1)> "
        "[click](javascript:alert(1)) [ok](https://example.com/ok) "
        "![tracker](https://tracker.example/pixel.png) A water main",
    )
    return build_new_project(tmp_path_factory.mktemp("hostile") / "p", {"hostile.yaml": text})


def test_raw_html_in_incident_markdown_is_escaped_in_the_page(hostile_site: Path) -> None:
    html = read(hostile_site, "hostile/index.html")
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_script_links_are_neutralised_in_the_page(hostile_site: Path) -> None:
    html = read(hostile_site, "hostile/index.html")
    assert "javascript:" not in html
    assert 'href="https://example.com/ok"' in html


def test_an_external_image_is_not_loaded(hostile_site: Path) -> None:
    html = read(hostile_site, "hostile/index.html")
    assert 'src="https://tracker.example' not in html
    assert 'href="https://tracker.example/pixel.png"' in html


def test_a_hostile_title_is_escaped_everywhere(hostile_site: Path) -> None:
    for page in ("hostile/index.html", "index.html", "404.html"):
        html = read(hostile_site, page)
        assert "<script>alert(1)</script>" not in html, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; HOSTILE-TITLE" in html, page


def test_incident_markdown_uses_the_sites_markdown_extensions(tmp_path: Path) -> None:
    text = incident_yaml("ext", marker="EXT").replace(
        "EXT-STATEMENT A water main burst under Mill Road at 07:40.",
        "EXT-STATEMENT\n\n  !!! warning \"Boil your water\"\n      Until we say otherwise.\n\n"
        "  | Area | Supply |\n  |---|---|\n  | Eastfield | off |",
    )
    site = build_project(make_project(tmp_path / "p", {"ext.yaml": text}))
    html = read(site, "ext/index.html")
    assert '<div class="admonition warning">' in html
    assert "<td>Eastfield</td>" in html


def test_raw_html_renders_when_the_site_allows_it(tmp_path: Path) -> None:
    text = incident_yaml("trusted", marker="TRUSTED").replace(
        "TRUSTED-STATEMENT A water", "TRUSTED-STATEMENT <mark>A</mark> water"
    )
    root = make_project(tmp_path / "p", {"trusted.yaml": text},
                        plugin_options={"allow_html": True})
    assert "<mark>A</mark> water" in read(build_project(root), "trusted/index.html")


def test_no_page_loads_anything_from_another_origin(mixed_site: Path) -> None:
    loading = re.compile(
        r'<(?:script|img|video|source|track|iframe|audio|embed)\b[^>]*\bsrc="([^"]*)"'
        r'|<link\b[^>]*\bhref="([^"]*)"|\bposter="([^"]*)"'
    )
    for file in mixed_site.rglob("*.html"):
        if "<html" not in file.read_text(encoding="utf-8"):
            continue  # a fragment for other sites to embed, not a page of this one
        for match in loading.finditer(file.read_text(encoding="utf-8")):
            url = next(g for g in match.groups() if g is not None)
            if 'rel="canonical"' in match.group(0) or 'rel="alternate"' in match.group(0):
                continue
            assert not re.match(r"^(?:[a-z]+:)?//", url), (file, url)
        assert "fonts.googleapis" not in file.read_text(encoding="utf-8")


def test_search_is_gone_without_leaving_anything_broken(mixed_site: Path) -> None:
    html = read(mixed_site, "index.html")
    assert 'data-md-component="search"' not in html
    assert 'for="__search"' not in html
    assert not (mixed_site / "search").exists()
    assert not list(mixed_site.rglob("lunr*")) and not list(mixed_site.rglob("search.*.js"))


# -- rehearsal -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory: pytest.TempPathFactory):
    root = make_project(tmp_path_factory.mktemp("rehearsal") / "p", MIXED)
    config = build_config(root, rehearsal=True)
    return Path(config.site_dir), config.plugins["darksite"].report


def test_a_rehearsal_marks_every_page(rehearsal) -> None:
    site, _ = rehearsal
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'data-md-component="container"' not in html:
            continue  # not a theme page: lite pages and fragments come from darksite.outputs
        assert "REHEARSAL - NOT PUBLIC" in html, page
        assert '<meta name="robots" content="noindex, nofollow">' in html, page


def test_a_rehearsal_includes_the_drafts(rehearsal) -> None:
    site, _ = rehearsal
    html = read(site, "plan-b/index.html")
    assert "DRAFTPLAN-STATEMENT" in html and "Draft (not public)" in html
    assert "DRAFTPLAN-TITLE" in read(site, "index.html")


def test_a_rehearsal_shows_each_incidents_check_warnings(rehearsal) -> None:
    site, report = rehearsal
    warnings = [d for d in report.diagnostics
                if d.file == "incidents/major-new.yaml" and not d.is_error]
    if not warnings:
        pytest.skip("no message-quality rule flags the fixture yet")
    box = read(site, "major-new/index.html").split('id="incident-warnings"')[1]
    for warning in warnings:
        assert f"<code>{warning.code}</code>" in box
        assert f"line {warning.line}" in box
    assert "incidents/major-new.yaml:" not in box  # worded for people, not compiler lines


def test_a_public_build_shows_no_check_warnings_and_no_rehearsal_marks(mixed_site: Path) -> None:
    html = read(mixed_site, "major-new/index.html")
    assert 'id="incident-warnings"' not in html
    assert "REHEARSAL" not in html and 'name="robots"' not in html


# -- failures --------------------------------------------------------------------------


def build_failure(root: Path) -> IncidentsInvalid:
    """The plugin's error from a failed build (MkDocs re-raises it as ``Abort``, chained)."""
    with pytest.raises(Abort) as caught:
        build_project(root)
    error = caught.value.__context__
    assert isinstance(error, IncidentsInvalid), error
    return error


def keep_old_site(root: Path) -> Path:
    """A previous build's file, which a failed build must leave in place."""
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous good site", encoding="utf-8")
    return root / "site" / "index.html"


def test_an_invalid_incident_fails_the_build_and_writes_nothing(tmp_path: Path) -> None:
    broken = incident_yaml("broken").replace("severity: major", "severity: catastrophic")
    root = make_project(tmp_path / "p", {"broken.yaml": broken})
    previous = keep_old_site(root)
    error = build_failure(root)
    assert any(d.file == "incidents/broken.yaml" and d.line == 4 for d in error.diagnostics)
    assert previous.read_text(encoding="utf-8") == "previous good site"


def test_an_incident_cannot_replace_a_hand_written_page(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"about.yaml": incident_yaml("about")},
                        pages={"about.md": "# About\n"})
    previous = keep_old_site(root)
    [problem] = build_failure(root).diagnostics
    assert (problem.file, problem.line, problem.code) == ("incidents/about.yaml", 1, "page-clash")
    assert "site_src/about.md" in problem.message
    assert previous.read_text(encoding="utf-8") == "previous good site"


def test_an_incident_cannot_take_a_folder_the_site_uses(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"lite.yaml": incident_yaml("lite")})
    assert [d.code for d in build_failure(root).diagnostics] == ["reserved-id"]


# -- serving and the two ways to build ------------------------------------------------


def test_serve_watches_the_incidents_folder(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    root = make_project(tmp_path / "p", {"live.yaml": incident_yaml("live")})
    config = load_config(config_file=str(root / "mkdocs.yml"))
    plugin = config.plugins["darksite"]
    plugin.on_config(config)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(tmp_path))
    try:
        plugin.on_serve(server, config=config, builder=lambda: None)
        assert str(root / "incidents") in server._watched_paths
    finally:
        server.server_close()


def test_mkdocs_build_and_darksite_build_give_the_same_site(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {
        "live.yaml": incident_yaml("live", marker="LIVE"),
        "gone.yaml": incident_yaml("gone", status="resolved", marker="GONE",
                                   resolved_at="2026-11-24T12:00:00+01:00"),
        "plan.yaml": incident_yaml("plan", status="draft", marker="PLAN"),
    })
    by_mkdocs = build_project(root, site_dir=tmp_path / "by-mkdocs")
    subprocess.run(
        [sys.executable, "-m", "darksite", "build", "-d", str(tmp_path / "by-darksite")],
        cwd=root, check=True, capture_output=True,
    )
    by_darksite = tmp_path / "by-darksite"

    def listing(site: Path) -> list[str]:
        return [p.relative_to(site).as_posix() for p in site_files(site)]

    assert listing(by_mkdocs) == listing(by_darksite)
    for page in ("index.html", "live/index.html", "gone/index.html", "archive/index.html",
                 "404.html"):
        assert read(by_mkdocs, page) == read(by_darksite, page), page
