"""Languages in Chromium: the switcher keeps the reader on the incident; RTL; axe is clean."""

from __future__ import annotations

import pytest

from tests.quality_support import SampleSites
from tests.test_quality_accessibility import axe_violations

pytestmark = pytest.mark.browser

WELSH_TITLE = "Roedd manylion cyfrifon cwsmeriaid yn agored i'r cyhoedd"
ARABIC_TITLE = "كشفنا بيانات حسابات العملاء للعموم"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 412, "height": 860})
    page = context.new_page()
    yield page
    context.close()


def test_switching_language_lands_on_the_same_incident(page, sites: SampleSites,
                                                       public_url: str) -> None:
    incident = sites.active_id
    page.goto(public_url + f"{incident}/")
    page.locator("nav.darksite-languages").get_by_role("link", name="Cymraeg").click()
    page.wait_for_url(public_url + f"cy/{incident}/")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert WELSH_TITLE in page.locator("h1").inner_text()
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url(public_url + f"ar/{incident}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert ARABIC_TITLE in page.locator("h1").inner_text()
    page.get_by_role("link", name="English").click()
    page.wait_for_url(public_url + f"{incident}/")
    assert sites.active_title in page.locator("h1").inner_text()


def test_arabic_page_is_laid_out_right_to_left(page, sites: SampleSites, public_url: str) -> None:
    page.goto(public_url + f"ar/{sites.active_id}/")
    main = page.locator("main").bounding_box()
    heading = page.locator("main h2").first.bounding_box()
    assert main and heading
    # The heading starts at the right edge of the column, as Arabic is read.
    assert abs((heading["x"] + heading["width"]) - (main["x"] + main["width"])) < 2
    padding = page.locator("main ul").first.evaluate(
        "e => [getComputedStyle(e).paddingRight, getComputedStyle(e).paddingLeft]")
    assert padding[0] != "0px" and padding[1] == "0px", "list bullets are not on the right"
    first, second = (page.locator("nav li").nth(i).bounding_box() for i in (0, 1))
    assert first and second and first["x"] > second["x"], "the switcher is not mirrored"
    times = page.locator("time").all_inner_texts()
    assert any("نوفمبر 2026" in t and "GMT" in t for t in times), times


@pytest.mark.parametrize("lang", ["cy", "ar"])
def test_language_pages_have_no_wcag22_aa_violation(page, sites: SampleSites, public_url: str,
                                                    lang: str) -> None:
    page.goto(public_url + f"{lang}/{sites.active_id}/")
    report = axe_violations(page)
    assert not report, f"{lang} page:\n{report}"


def test_a_pending_page_has_no_wcag22_aa_violation(page, sites: SampleSites,
                                                   public_url: str) -> None:
    """The resolved incident has no translation: English text inside an Arabic page."""
    page.goto(public_url + f"ar/{sites.resolved_id}/")
    assert page.get_by_role("note").inner_text().startswith("الترجمة قادمة")
    assert page.locator("h1 [lang=en]").count() == 1
    report = axe_violations(page)
    assert not report, f"pending ar page:\n{report}"


@pytest.mark.parametrize("lang", ["cy", "ar"])
def test_a_language_home_leads_to_its_incident_and_back(page, sites: SampleSites,
                                                        public_url: str, lang: str) -> None:
    page.goto(public_url + f"{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    report = axe_violations(page)
    assert not report, f"{lang} home:\n{report}"
    page.locator("main a").first.click()
    page.wait_for_url(public_url + f"{lang}/{sites.active_id}/")
    page.locator("header a").nth(1).click()  # "All incidents", in the reader's language
    page.wait_for_url(public_url + f"{lang}/")


@pytest.mark.parametrize(("lang", "incident"), [("cy", "active"), ("ar", "active"),
                                                ("ar", "resolved")])
def test_language_press_releases_have_no_wcag22_aa_violation(page, sites: SampleSites,
                                                             public_url: str, lang: str,
                                                             incident: str) -> None:
    """The resolved incident has no translation: its Arabic release is pending, English inside."""
    incident_id = sites.active_id if incident == "active" else sites.resolved_id
    page.goto(public_url + f"{lang}/{incident_id}/press-release/")
    assert page.locator("html").get_attribute("lang") == lang
    if incident == "resolved":
        assert page.get_by_role("note").inner_text().startswith("الترجمة قادمة")
        assert page.locator("h1 [lang=en]").count() == 1
    report = axe_violations(page)
    assert not report, f"{lang} press release of {incident_id}:\n{report}"
    page.locator("nav").get_by_role("link", name="English").click()
    page.wait_for_url(public_url + f"{incident_id}/press-release/")


@pytest.mark.parametrize(("lang", "incident"), [("cy", "active"), ("ar", "resolved")])
def test_language_channel_texts_have_no_wcag22_aa_violation(page, sites: SampleSites,
                                                            public_url: str, lang: str,
                                                            incident: str) -> None:
    """The approved texts in the language, reached from its release; the switcher keeps the
    reader on the same incident's texts."""
    incident_id = sites.active_id if incident == "active" else sites.resolved_id
    page.goto(public_url + f"{lang}/{incident_id}/press-release/")
    page.locator("header p a").nth(1).click()
    page.wait_for_url(public_url + f"{lang}/{incident_id}/press-release/channel-texts/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("main h2").count() == 7
    if incident == "resolved":
        assert page.get_by_role("note").inner_text().startswith("الترجمة قادمة")
    report = axe_violations(page)
    assert not report, f"{lang} channel texts of {incident_id}:\n{report}"
    page.locator("nav").get_by_role("link", name="English").click()
    page.wait_for_url(public_url + f"{incident_id}/press-release/channel-texts/")
