"""Tone: no attacks on critics, no shouting, no exclamation marks in crisis text."""

from __future__ import annotations

import pytest

from darksite.checks.tone import shouting
from tests.test_checks_support import BASE, check, codes, incident_data


def _statement(text: str):
    return check(incident_data(statement=text))


@pytest.mark.parametrize(("text", "phrase"), [
    ("These false claims have no basis.", "false claims"),
    ("We categorically deny any wrongdoing.", "categorically deny"),
    ("Irresponsible reporting has caused alarm.", "Irresponsible reporting"),
    ("The allegations are baseless.", "baseless"),
    ("We will not be intimidated by a media witch hunt.", "We will not be intimidated"),
    ("We have no comment at this stage.", "no comment"),
])
def test_defensive_wording_is_flagged_with_the_phrase(text, phrase):
    [diagnostic] = [d for d in _statement(text) if d.code == "defensive-tone"]
    assert diagnostic.path == "statement"
    assert f'"{phrase}"' in diagnostic.message


@pytest.mark.parametrize("text", [
    "Criminals may send fake emails with false claims about refunds; we will never ask for "
    "your password.",
    "A report said 40 homes were flooded. Our records show 12; the list is below.",
])
def test_scam_warnings_and_calm_corrections_are_not_defensive(text):
    assert "defensive-tone" not in codes(_statement(text))


def test_shouting_is_flagged_but_acronyms_and_identifiers_are_not():
    assert shouting("DO NOT drink the water.") == "DO NOT"
    assert shouting("UPDATE: water is back.") == "UPDATE"
    assert shouting("Report it to the ICO under GDPR, or call NHS 111.") is None
    assert shouting("Keep INTERNAL-ONLY-NOTE out of this.") is None
    assert shouting("We reported it to the HSE under RIDDOR.") is None


def test_shouting_in_a_public_field_is_a_warning_on_that_field():
    found = check(incident_data(summary=BASE["summary"] + " Do NOT use tap water."))
    assert [(d.code, d.path) for d in found] == [("shouting", "summary")]


def test_exclamation_mark_is_flagged_once_per_field():
    found = check(incident_data(summary="Water is back! Thank you! 2,300 homes reconnected."))
    assert [(d.code, d.path) for d in found] == [("exclamation-mark", "summary")]


def test_markdown_image_is_not_an_exclamation():
    text = BASE["statement"] + "\n![Map of the area](media/map.png)\n"
    assert "exclamation-mark" not in codes(_statement(text))


@pytest.mark.parametrize("text", [
    "We will take legal action against the newspaper.",
    "The so-called victims have not contacted us.",
    "This has been blown out of proportion.",
    "We have nothing to hide.",
    "The article is a hit piece.",
    "Certain sections of the press have speculated wildly.",
    "The story was sensationalised by a media frenzy.",
    "We refute the allegations in the strongest terms.",
])
def test_every_defensive_phrase_gets_past_the_quick_word_test(text):
    assert "defensive-tone" in codes(_statement(text))
