"""Accessibility gate: axe-core finds no WCAG 2.2 AA violation, keyboards reach every contact.

axe-core comes bundled in ``axe-playwright-python`` (no download) and runs
in Debian's headless Chromium over the built sample: the home, incident,
archive and lite pages of the public build, and the rehearsal build's pages
with their "REHEARSAL - NOT PUBLIC" banner. mkdocs-material pages are
checked in both of its palettes (light ``default`` and dark ``slate``), so
that colour contrast holds whichever the reader's system asks for.
"""

from __future__ import annotations

import pytest

from tests.browser_support import serve
from tests.quality_support import (
    WCAG_TAGS,
    SampleSites,
    background_luminance,
    public_pages,
    use_palette,
)

pytestmark = pytest.mark.browser

MATERIAL_PAGES = ("home", "incident", "resolved-incident", "archive")
LITE_PAGES = ("lite", "lite-incident")
PALETTES = ("default", "slate")
MAX_TABS = 400


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> str:
    """axe's report of WCAG 2.2 A/AA violations on the loaded page ('' when there are none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    return "" if results.violations_count == 0 else results.generate_report()


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("name", MATERIAL_PAGES)
def test_material_pages_have_no_wcag22_aa_violation_in_either_palette(
    page, sites: SampleSites, public_url: str, name: str, palette: str
) -> None:
    page.goto(public_url + public_pages(sites)[name])
    use_palette(page, palette)
    luminance = background_luminance(page)
    assert (luminance > 0.5) if palette == "default" else (luminance < 0.2), \
        f"the {palette} palette is not applied (background luminance {luminance:.2f})"
    report = axe_violations(page)
    assert not report, f"{name} page, {palette} palette:\n{report}"


@pytest.mark.parametrize("name", LITE_PAGES)
def test_lite_pages_have_no_wcag22_aa_violation(
    page, sites: SampleSites, public_url: str, name: str
) -> None:
    page.goto(public_url + public_pages(sites)[name])
    report = axe_violations(page)
    assert not report, f"{name} page:\n{report}"


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("which", ["home", "draft"])
def test_rehearsal_pages_with_their_banner_have_no_wcag22_aa_violation(
    page, sites: SampleSites, rehearsal_url: str, which: str, palette: str
) -> None:
    path = "" if which == "home" else f"{sites.draft_id}/"
    page.goto(rehearsal_url + path)
    assert page.get_by_text("REHEARSAL - NOT PUBLIC").first.is_visible()
    use_palette(page, palette)
    report = axe_violations(page)
    assert not report, f"rehearsal {which} page, {palette} palette:\n{report}"


def test_rehearsal_lite_page_has_no_wcag22_aa_violation(
    page, sites: SampleSites, rehearsal_url: str
) -> None:
    page.goto(rehearsal_url + f"lite/{sites.draft_id}/")
    assert page.get_by_text("REHEARSAL - NOT PUBLIC").first.is_visible()
    report = axe_violations(page)
    assert not report, f"rehearsal lite page:\n{report}"


def focused_hrefs(page, wanted: set[str]) -> list[str]:
    """Press Tab from the top of the page; the href of each focused element, in order.

    Stops once every ``wanted`` href was reached, when focus comes back to an
    element already seen after leaving it (a full cycle), or after
    :data:`MAX_TABS` presses.
    """
    page.locator("body").focus()
    reached: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        href = page.evaluate(
            "() => document.activeElement && document.activeElement.getAttribute('href')")
        tag = page.evaluate("() => document.activeElement && document.activeElement.tagName")
        if tag == "BODY" and reached:
            break
        reached.append(href or f"<{tag}>")
        if wanted <= set(reached):
            break
    return reached


@pytest.mark.parametrize("name", ["incident", "lite-incident"])
def test_keyboard_navigation_reaches_every_contact_link(
    page, sites: SampleSites, public_url: str, name: str
) -> None:
    page.goto(public_url + public_pages(sites)[name])
    selector = ".darksite-contacts a[href]" if name == "incident" else "main a[href^='tel:'], " \
        "main a[href^='mailto:'], main a[href^='sms:'], main a[href^='https:']"
    contact_links = set(page.eval_on_selector_all(
        selector, "links => links.map(a => a.getAttribute('href'))"))
    if name == "incident":
        assert len(contact_links) >= 3, "the incident page should link its contact routes"
    else:
        contact_links = {h for h in contact_links if h.startswith(("tel:", "mailto:", "sms:"))}
        assert contact_links, "the lite page should link its phone and email routes"
    reached = focused_hrefs(page, contact_links)
    missing = contact_links - set(reached)
    assert not missing, f"Tab never reaches {sorted(missing)}; focus went: {reached}"


def test_the_gate_reports_a_contrast_failure(page, tmp_path) -> None:
    """Guards the tests above: axe runs, with the WCAG tags, and reports what it finds."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Low contrast</title></head><body>'
        '<main><p style="color:#bbb;background:#fff">Hard to read</p></main></body></html>',
        encoding="utf-8")
    with serve(tmp_path) as url:
        page.goto(url)
        report = axe_violations(page)
    assert "color-contrast" in report
