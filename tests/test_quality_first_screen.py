"""First-screen gate: a frightened reader can act on the first screen of an active incident.

Crisis guidance (CDC CERC; GOV.UK's emergency publishing guidance) puts a
plain summary, what people should do, where to get help and when the next
update comes where people look first. Measured in Chromium on the shipped
sample's active incident, by element positions, on a 390x844 phone and a
1280x800 desktop, in both palettes: status and severity, the summary, the
first "what you should do" step, the primary contact as a working link, the
time of the latest update and "next update by" all lie inside the first
viewport. Below it, the sections follow the guidance's order.
"""

from __future__ import annotations

import pytest

from tests.browser_support import set_color_scheme
from tests.quality_support import SampleSites

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}

FIRST_SCREEN = {
    "status and severity": "#incident-status",
    "summary": "#incident-lead",
    "first thing to do": "#incident-first-advice",
    "primary contact link": "#incident-primary-contact a",
    "latest update time": "#incident-glance-updated time",
    "next update by": "#incident-glance-next time",
}

BELOW_IN_ORDER = ("#incident-statement", "#incident-actions", "#incident-updates",
                  "#incident-apology", "#incident-spokesperson", "#incident-contacts",
                  "#incident-faq")


@pytest.fixture(scope="module", params=sorted(VIEWPORTS))
def viewport(request, browser):
    size = VIEWPORTS[request.param]
    context = browser.new_context(viewport=size, is_mobile=request.param == "phone",
                                  has_touch=request.param == "phone")
    yield request.param, size, context
    context.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_first_screen_of_an_active_incident_has_what_a_reader_acts_on(
        viewport, scheme: str, sites: SampleSites, public_url: str) -> None:
    name, size, context = viewport
    page = context.new_page()
    page.goto(public_url + f"{sites.active_id}/")
    set_color_scheme(page, scheme)
    outside = {}
    for what, selector in FIRST_SCREEN.items():
        box = page.locator(selector).first.bounding_box()
        assert box is not None, f"{what} ({selector}) is not displayed"
        if not (box["y"] >= 0 and box["y"] + box["height"] <= size["height"]
                and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]):
            outside[what] = box
    href = page.locator(FIRST_SCREEN["primary contact link"]).first.get_attribute("href")
    page.close()
    assert outside == {}, f"not on the first {name} screen: {outside}"
    assert href == "tel:+441614960310"


def test_the_sections_below_follow_the_guidance_order(browser, sites: SampleSites,
                                                      public_url: str) -> None:
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(public_url + f"{sites.active_id}/")
    tops = [page.locator(selector).first.bounding_box() for selector in BELOW_IN_ORDER]
    page.close()
    assert all(box is not None for box in tops)
    ys = [box["y"] for box in tops if box is not None]
    assert ys == sorted(ys)
    assert ys[0] > VIEWPORTS["phone"]["height"] * 0.5


def test_a_resolved_page_has_no_first_screen_and_speaks_in_the_past(
        browser, sites: SampleSites, public_url: str) -> None:
    page = browser.new_page()
    page.goto(public_url + f"{sites.resolved_id}/")
    glance = page.locator("#incident-glance").count()
    heading = page.locator("#incident-actions-heading").inner_text()
    page.close()
    assert glance == 0
    assert heading == "What we did"


def test_the_home_card_of_an_active_incident_carries_its_helpline_and_next_update(
        viewport, sites: SampleSites, public_url: str) -> None:
    name, size, context = viewport
    page = context.new_page()
    page.goto(public_url)
    card = page.locator(f"article[aria-labelledby='card-{sites.active_id}']").first
    contact = card.locator(".darksite-card__contact a")
    promise = card.locator(".darksite-card__next time")
    href = contact.get_attribute("href")
    boxes = {"helpline": contact.bounding_box(), "next update": promise.bounding_box()}
    page.close()
    assert href == "tel:+441614960310"
    for what, box in boxes.items():
        assert box is not None, what
        assert box["y"] + box["height"] <= size["height"], f"{what} below the first {name} screen"
