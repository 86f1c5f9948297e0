"""Leftover markers: TODO, TBD, XXX, lorem ipsum and fill-in brackets never reach the public."""

from __future__ import annotations

import pytest

from darksite.checks.placeholders import find_marker
from tests.test_checks_support import BASE, check, incident_data, with_step

MARKED = [
    ("Cause: TBD", "TBD"),
    ("TODO check the number with Legal", "TODO"),
    ("Engineers expect to finish at TBC.", "TBC"),
    ("About XX,XXX customers are affected.", "XX,XXX"),
    ("Lorem ipsum dolor sit amet.", "Lorem ipsum"),
    ("We will write to you by [insert date].", "[insert date]"),
    ("Signed, [CEO NAME]", "[CEO NAME]"),
    ("Call <number> for help.", "<number>"),
    ("We will pay [ insert amount ] to each family.", "[ insert amount ]"),
    ("The fee is #,### pounds.", "#,###"),
]


@pytest.mark.parametrize(("text", "marker"), MARKED)
def test_marker_is_found(text, marker):
    assert find_marker(text) == marker


@pytest.mark.parametrize("text", [
    "Add it to your todo list.",
    "See the [FAQ](https://example.com/faq) for details.",
    "Call NHS 111 if you feel unwell.",
    "The Xbox Live service is back.",
    "(Updated at 10:00.)",
])
def test_ordinary_text_is_not_a_marker(text):
    assert find_marker(text) is None


def test_marker_in_a_public_field_is_a_located_warning():
    found = check(with_step("We will refund every customer by TBD."))
    [diagnostic] = [d for d in found if d.code == "leftover-marker"]
    assert diagnostic.path == "actions[0].step"
    assert '"TBD"' in diagnostic.message


def test_markers_in_contacts_and_owner_are_found_too():
    contacts = [dict(BASE["contacts"][0], hours="TBC"), *BASE["contacts"][1:]]
    found = check(incident_data(contacts=contacts))
    assert [(d.code, d.path) for d in found] == [("leftover-marker", "contacts[0].hours")]


def test_internal_notes_may_hold_markers():
    assert check(incident_data(internal={"notes": "TODO: confirm with Legal"})) == []


def test_placeholders_are_left_to_the_loader():
    draft = incident_data(status="draft", summary="About {{ affected_count }} homes have no water.")
    assert [d.code for d in check(draft) if d.code == "leftover-marker"] == []


@pytest.mark.parametrize(("text", "marker"), MARKED)
def test_every_marker_gets_past_the_quick_test_of_the_whole_incident(text, marker):
    found = check(incident_data(summary=text))
    assert [d.message for d in found if d.code == "leftover-marker"] == [
        f'leftover marker "{marker}": this text is not finished']
