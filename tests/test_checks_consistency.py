"""Consistency: the short texts repeat the statement's facts and the contacts' routes exactly."""

from __future__ import annotations

from darksite.checks.consistency import counts
from tests.test_checks_support import BASE, PAGE, check, codes, incident_data


def _summary(text: str):
    return check(incident_data(summary=text))


def test_summary_count_that_contradicts_the_statement_is_named_with_both_figures():
    statement = BASE["statement"].replace("2,300 homes", "11,912 homes")
    found = check(incident_data(statement=statement, summary="About 12,000 homes have no water."))
    [diagnostic] = [d for d in found if d.code == "number-mismatch"]
    assert diagnostic.path == "summary"
    assert '"12,000 homes"' in diagnostic.message and '"11,912 homes"' in diagnostic.message


def test_counts_of_the_same_kind_are_compared_across_nouns():
    statement = "We identified 11,912 affected accounts."
    found = check(incident_data(statement=statement, summary="12,000 customers are affected."))
    assert "number-mismatch" in codes(found)


def test_same_figure_or_a_different_kind_of_count_is_fine():
    assert "number-mismatch" not in codes(_summary("2,300 homes have no water since 07:40."))
    assert "number-mismatch" not in codes(_summary("Repairs take about 9 hours."))


def test_channel_text_is_compared_too():
    channels = {"x": f"2,500 homes in Eastfield have no water. {PAGE}",
                "sms": BASE["channels"]["sms"]}  # the composed SMS would not fit (a warning)
    found = check(incident_data(channels=channels))
    assert [(d.code, d.path) for d in found] == [("number-mismatch", "channels.x")]


def test_counts_reads_numbers_with_what_they_count():
    assert [(c.value, c.kind) for c in counts("12,000 customers and 40% of 3 flights")] == [
        (12000.0, "people"), (40.0, "%"), (3.0, "flight")]
    assert counts("at 07:40 on 20 November 2026") == []


def test_phone_number_not_among_the_contacts_is_flagged():
    found = _summary("No water in Eastfield. Call us on +44 161 496 0299 for help.")
    [diagnostic] = [d for d in found if d.code == "unknown-phone-number"]
    assert "+44 161 496 0299" in diagnostic.message


def test_contact_number_written_in_national_form_is_recognised():
    assert codes(_summary("No water in Eastfield. Call us on 0161 496 0200 for help.")) == []


def test_email_not_among_the_contacts_is_flagged_and_a_known_one_is_not():
    assert "unknown-email" in codes(_summary("No water in Eastfield. Write to wter@example.com."))
    assert codes(_summary("No water in Eastfield. Write to water@example.com.")) == []


def test_link_to_an_unknown_site_is_flagged_and_known_links_are_not():
    typo = PAGE.replace("example", "exmaple")
    channels = dict(BASE["channels"], x=f"No water in Eastfield. {typo}")
    found = check(incident_data(channels=channels))
    assert ("unknown-url", "channels.x") in [(d.code, d.path) for d in found]
    known = dict(BASE["channels"], x=f"Report leaks at https://example.com/leaks/ and see {PAGE}")
    assert codes(check(incident_data(channels=known))) == []


def test_weekday_that_does_not_match_the_date_is_flagged():
    statement = BASE["statement"].replace("Friday 20 November", "Thursday 20 November")
    [diagnostic] = check(incident_data(statement=statement))
    assert diagnostic.code == "wrong-weekday"
    assert diagnostic.path == "statement"
    assert "20 November 2026 is a Friday" in diagnostic.message


def test_weekday_is_checked_against_an_explicit_year_and_us_order():
    assert "wrong-weekday" in codes(_summary("The main burst on Friday, November 20, 2025."))
    assert "wrong-weekday" not in codes(_summary("The main burst on Friday, November 20."))


def test_summary_date_that_no_other_text_gives_is_flagged():
    found = _summary("Since 21 November, 2,300 homes have had no water.")
    [diagnostic] = [d for d in found if d.code == "date-mismatch"]
    assert '"21 November"' in diagnostic.message and "20 November" in diagnostic.message


def test_dates_written_differently_still_match():
    assert "date-mismatch" not in codes(_summary("Since Nov 20, 2,300 homes have had no water."))
    assert "date-mismatch" not in codes(_summary("Since 20th November, 2,300 homes have no water."))
