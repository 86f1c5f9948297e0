"""Print gate: the incident page prints cleanly, as press offices print it.

Printed (print media emulated in Chromium), the page keeps the incident's
words and drops the screen furniture: header, navigation, search, footer
and the "current incident" banner. A link to another site prints its
address, since paper cannot be clicked. A rehearsal page keeps its
"REHEARSAL - NOT PUBLIC" banner on paper: a printed draft must never pass
for the public statement.
"""

from __future__ import annotations

import pytest

from tests.quality_support import SampleSites

pytestmark = pytest.mark.browser

SCREEN_ONLY = {
    "header": ".md-header",
    "navigation": ".md-sidebar--primary, nav.md-nav--primary, .md-tabs",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search, [data-md-component='search']",
    "banner": ".md-banner",
    "footer": ".md-footer",
    "back-to-top button": ".md-top",
}


@pytest.fixture
def printed(browser):
    """``printed(url)``: a page loaded with print media emulated."""
    context = browser.new_context(viewport={"width": 1024, "height": 1400})

    def load(url: str):
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(url)
        return page

    yield load
    context.close()


@pytest.fixture(params=["active", "resolved"])
def which(request: pytest.FixtureRequest) -> str:
    """The incident page a test prints, once each: the active one, then the resolved one."""
    return request.param


@pytest.fixture
def printed_incident(printed, sites: SampleSites, public_url: str, which: str):
    """The public sample's active or resolved incident page (``which``), printed."""
    incident = sites.active_id if which == "active" else sites.resolved_id
    return printed(f"{public_url}{incident}/")


def test_printed_incident_page_hides_navigation_search_header_and_banners(
    printed_incident, sites: SampleSites, which: str
) -> None:
    page = printed_incident
    shown = [name for name, selector in SCREEN_ONLY.items()
             if any(item.is_visible() for item in page.locator(selector).all())]
    assert not shown, f"printed, the incident page still shows its {', '.join(shown)}"
    assert page.locator(".md-content h1").first.is_visible()
    if which == "active":
        assert page.locator(".md-content").get_by_text(sites.active_summary).first.is_visible()


def test_printed_links_to_other_sites_show_their_address(printed_incident) -> None:
    links = printed_incident.eval_on_selector_all(
        ".md-content a[href^='http']",
        """links => links.filter(a => a.offsetParent !== null).map(a => ({
            href: a.getAttribute('href'),
            text: a.textContent.trim(),
            after: getComputedStyle(a, '::after').content,
        }))""",
    )
    hidden = [link for link in links
              if link["text"] != link["href"] and link["href"] not in link["after"]]
    assert not hidden, "printed, these links do not show where they go: " + "; ".join(
        f"'{link['text']}' -> {link['href']}" for link in hidden)


def test_the_sample_has_a_link_whose_text_is_not_its_address(
    printed, sites: SampleSites, public_url: str
) -> None:
    """Guards the test above: it must have a link to check."""
    page = printed(f"{public_url}{sites.resolved_id}/")
    texts = page.eval_on_selector_all(
        ".md-content a[href^='http']",
        "links => links.filter(a => a.textContent.trim() !== a.getAttribute('href')).length")
    assert texts >= 1


def test_printed_rehearsal_page_keeps_its_rehearsal_banner(
    printed, sites: SampleSites, rehearsal_url: str
) -> None:
    page = printed(f"{rehearsal_url}{sites.draft_id}/")
    banner = page.get_by_text("REHEARSAL - NOT PUBLIC").first
    assert banner.is_visible(), "printed, a rehearsal page no longer says it is not public"
