"""Completeness: CERC's first-message elements, and breach-notice contents (GDPR, California)."""

from __future__ import annotations

import pytest

from tests.test_checks_support import BASE, check, codes, incident_data

BREACH_STATEMENT = (
    "On 3 November we found that a file of customer records could be downloaded from the "
    "internet. It held the names, email addresses and phone numbers of 4,100 customers.\n\n"
    "Someone holding this file could pose as us in phishing emails.\n\n"
    "We do not yet know whether anyone downloaded it.\n"
)


ONE_UPDATE = [{"at": "2026-11-20T08:50:00+00:00", "text": "Engineers are on Mill Road."}]


def diagnostics_of(found, code):
    return [d for d in found if d.code == code]


def test_the_baseline_first_message_is_complete():
    assert codes(check(incident_data())) == []


def test_a_first_message_that_leaves_out_the_unknowns_and_the_advice_is_told_which():
    statement = "A water main burst under Mill Road at 07:40 on Friday 20 November.\n"
    [found] = diagnostics_of(check(incident_data(statement=statement, advice=None,
                                                 updates=ONE_UPDATE)),
                             "incomplete-first-message")
    assert found.path == "statement"
    assert found.severity == "info"
    assert found.line > 1
    assert "what is not yet known" in found.message
    assert "what people should do" in found.message
    assert "empathy" not in found.message  # the apology block is empathy
    assert '"We do not yet know' in found.hint and "advice:" in found.hint


def test_a_first_message_without_empathy_or_facts_lists_them():
    data = incident_data(apology=None, statement="Engineers are repairing a main. We do not "
                         "yet know why it failed.\n",
                         summary="Engineers are repairing a main.", title="Water supply cut",
                         updates=[{"at": "2026-11-20T08:00:00+00:00",
                                   "text": "Engineers are on site."}])
    data["channels"] = {}
    [found] = diagnostics_of(check(data), "incomplete-first-message")
    assert "empathy" in found.message and "the confirmed facts" in found.message


@pytest.mark.parametrize("changes", [
    {"status": "resolved", "resolved_at": "2026-11-20T09:30:00+00:00", "next_update": None,
     "advice": None, "updates": ONE_UPDATE},
    {"status": "draft", "advice": None, "updates": ONE_UPDATE},
    {"advice": None},  # two updates: past its first message
])
def test_only_an_active_incident_at_its_first_message_is_checked(changes):
    assert "incomplete-first-message" not in codes(check(incident_data(**changes)))


def test_an_outage_with_no_personal_data_is_no_breach_notice():
    statement = BASE["statement"] + "\nThere was no cyber attack and no personal data was lost.\n"
    found = codes(check(incident_data(statement=statement)))
    assert "breach-notice-gdpr" not in found and "breach-notice-us-ca" not in found


def test_a_complete_breach_notice_passes_both_laws():
    found = check(incident_data(statement=BREACH_STATEMENT))
    assert "breach-notice-gdpr" not in codes(found)
    assert "breach-notice-us-ca" not in codes(found)


def test_a_breach_notice_missing_consequences_and_information_is_told_per_law():
    statement = ("On 3 November we found that customer records could be downloaded from the "
                 "internet. We do not yet know whether anyone downloaded them.\n")
    found = check(incident_data(statement=statement, advice=None))
    [gdpr] = diagnostics_of(found, "breach-notice-gdpr")
    assert "GDPR Art. 34" in gdpr.message
    for element in ("the nature of the breach", "the likely consequences",
                    "the measures advised"):
        assert element in gdpr.message.split("is missing", 1)[1]
    assert "a contact point" not in gdpr.message  # the helpline is one
    assert "phishing" in gdpr.hint
    [california] = diagnostics_of(found, "breach-notice-us-ca")
    assert "1798.82" in california.message
    assert "what information was involved" in california.message
    assert "what you can do" in california.message
    assert "what happened" not in california.message


def test_each_law_can_be_switched_off_by_code():
    found = check(incident_data(statement=BREACH_STATEMENT.split("\n\n")[0], advice=None),
                  disabled=["breach-notice-us-ca"])
    assert "breach-notice-gdpr" in codes(found)
    assert "breach-notice-us-ca" not in codes(found)
