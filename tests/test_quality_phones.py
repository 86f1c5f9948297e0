"""Phone gate: at 360x640 the active incident is on the first screen and nothing scrolls sideways.

Most people reach a crisis page from a link on their phone. 360x640 CSS
pixels is the small end of Android phones still in use; the active
incident's title and summary must be readable there without scrolling, and
no page may be wider than the screen (sideways scrolling hides the end of
every line).
"""

from __future__ import annotations

import pytest

from tests.quality_support import SampleSites, public_pages

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}


@pytest.fixture(scope="module")
def phone(sites: SampleSites, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    yield context
    context.close()


@pytest.fixture
def page(phone):
    page = phone.new_page()
    yield page
    page.close()


def assert_on_first_screen(page, locator, what: str) -> None:
    assert locator.count() >= 1, f"the {what} is not on the page"
    box = locator.first.bounding_box()
    assert box is not None, f"the {what} is not displayed"
    inside = (box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
              and box["y"] + box["height"] <= PHONE["height"])
    assert inside, f"the {what} is not inside the first 360x640 screen: {box}"


def test_active_incident_title_and_summary_are_on_the_first_phone_screen(
    page, sites: SampleSites, public_url: str
) -> None:
    page.goto(public_url)
    content = page.locator(".md-content")  # not the banner, which repeats the title
    assert_on_first_screen(page, content.get_by_text(sites.active_title, exact=True),
                           "active incident's title")
    assert_on_first_screen(page, content.get_by_text(sites.active_summary, exact=True),
                           "active incident's summary")


def test_active_incident_is_on_the_first_phone_screen_of_the_lite_home(
    page, sites: SampleSites, public_url: str
) -> None:
    page.goto(public_url + "lite/")
    main = page.locator("main")
    assert_on_first_screen(page, main.get_by_text(sites.active_title, exact=True),
                           "active incident's title")
    assert_on_first_screen(page, main.get_by_text(sites.active_summary, exact=True),
                           "active incident's summary")


@pytest.mark.parametrize(
    "name", ["home", "incident", "resolved-incident", "archive", "lite", "lite-incident"])
def test_no_page_scrolls_sideways_on_a_phone(
    page, sites: SampleSites, public_url: str, name: str
) -> None:
    page.goto(public_url + public_pages(sites)[name])
    width = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], \
        f"the {name} page is {width[0]} px wide on a {width[1]} px screen"
