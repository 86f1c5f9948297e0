"""The built site in a real browser: Debian's Chromium, driven by Playwright, served on localhost.

What only a browser can tell: that the sections are visible in order, that
no request leaves the site's origin (fonts, CDNs, trackers, the search
index), that the page is readable with JavaScript switched off, that the
first active incident is visible without scrolling on a phone, and that axe
finds no WCAG A/AA violation in the light and the dark palette.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_support import serve, set_color_scheme
from tests.conftest import build_new_project, incident_yaml
from tests.quality_support import WCAG_TAGS

pytestmark = pytest.mark.browser

SECTIONS = ("title", "glance", "status", "times", "summary", "advice", "statement", "actions",
            "updates", "next-update", "apology", "spokesperson", "contacts", "faq")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    incidents = {
        "water.yaml": incident_yaml("water", marker="WATER", severity="critical"),
        "power.yaml": incident_yaml("power", marker="POWER", severity="minor"),
        "earlier.yaml": incident_yaml("earlier", status="resolved", marker="EARLIER",
                                      resolved_at="2026-11-24T12:00:00+01:00"),
    }
    return build_new_project(tmp_path_factory.mktemp("browser") / "p", incidents,
                             pages={"about.md": "# About\n\nAbout this site.\n"})


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


def test_the_incident_page_shows_every_section_in_order(browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "water/")
    tops = []
    for name in SECTIONS:
        section = page.locator(f"#incident-{name}")
        assert section.is_visible(), name
        tops.append(section.bounding_box()["y"])
    assert tops == sorted(tops)
    assert page.locator("#incident-updates li").first.inner_text().count("WATER-UPDATE-NEW") == 1
    track = page.locator("video track")
    assert track.get_attribute("kind") == "captions"
    page.close()


@pytest.fixture(scope="module")
def traffic(browser, base_url: str) -> tuple[list[str], list[str]]:
    """Every request, and every failed one, while visiting each kind of page once."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    for path in ("", "water/", "earlier/", "archive/", "about/", "404.html"):
        page.goto(base_url + path, wait_until="networkidle")
    context.close()
    return requested, failed


def test_no_request_leaves_the_sites_origin(traffic, base_url: str) -> None:
    requested, _ = traffic
    assert any(url.endswith(".css") for url in requested)
    assert [url for url in requested if not url.startswith(base_url)] == []
    assert not [url for url in requested if "search" in url]


def test_no_request_fails_or_grows_with_the_archive(traffic) -> None:
    """No 404 behind the scenes, and no fetch of sitemap.xml (it grows with every incident).

    mkdocs-material's bundle would fetch ``sitemap.xml`` next to every
    ``<link rel="alternate">`` (the feeds), and its 35 KB gzipped: pages do not
    load it, and only our small palette script runs.
    """
    requested, failed = traffic
    assert failed == []
    assert not [url for url in requested if "sitemap" in url]
    assert not [url for url in requested if "bundle" in url and url.endswith(".js")]


def test_the_site_is_readable_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "water/")
    assert page.evaluate("document.documentElement.className") == "no-js"
    for name in SECTIONS:
        assert page.locator(f"#incident-{name}").is_visible(), name
    text = page.locator("main").inner_text()
    for part in ("SUMMARY", "STATEMENT", "APOLOGY", "ACTION-DUE", "UPDATE-NEW", "FAQ-A",
                 "CONTACT-PHONE", "QUOTE"):
        assert f"WATER-{part}" in text, part
    page.goto(base_url)
    home = page.locator("main").inner_text()
    assert "WATER-SUMMARY" in home and "POWER-SUMMARY" in home
    assert page.locator(".md-banner").is_visible()
    context.close()


def test_the_first_active_incident_is_visible_without_scrolling_on_a_phone(
    browser, base_url: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(base_url)
    first = page.locator(".darksite-card").first
    assert "WATER-TITLE" in first.inner_text()
    for part in (".darksite-card__title", ".darksite-card__meta time",
                 ".darksite-card__summary"):
        box = first.locator(part).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 640, (part, box)
    context.close()


@pytest.mark.parametrize(
    ("path", "scheme"),
    [("", "default"), ("", "slate"), ("water/", "default"), ("water/", "slate"),
     ("archive/", "default"), ("404.html", "slate")],
)
def test_axe_finds_no_wcag_violation(browser, base_url: str, scheme: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(base_url + path)
    set_color_scheme(page, scheme)
    results = Axe().run(page)
    page.close()
    violations = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"] if set(WCAG_TAGS) & set(v["tags"])
    ]
    assert violations == []


def test_palette_follows_the_system_preference_and_remembers_the_toggle(browser, base_url):
    """The palette switch works without mkdocs-material's bundle (our inline script)."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + "water/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.locator("label[for='__palette_0']").click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.goto(base_url)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    context.close()
