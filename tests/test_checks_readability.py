"""Readability: the Flesch-Kincaid grade, its syllable heuristic, and the hard-to-read rule."""

from __future__ import annotations

import pytest

from darksite.checks.readability import grade, syllables
from tests.test_checks_support import BASE, check, codes, incident_data, with_apology

JARGON = (
    "Notwithstanding the aforementioned considerations, the organisation has determined that "
    "the unauthorised exfiltration of personally identifiable information necessitates "
    "comprehensive remediation activities across multiple operational jurisdictions."
)


@pytest.mark.parametrize(("word", "count"), [
    ("the", 1), ("water", 2), ("table", 2), ("customers", 3), ("exposed", 2), ("created", 2),
    ("responsibility", 6), ("apologise", 4), ("11,912", 1),
])
def test_syllable_heuristic_on_common_words(word, count):
    assert syllables(word) == count


def test_plain_summary_scores_low_and_jargon_scores_high():
    assert grade(BASE["summary"]).grade < 8
    assert grade(JARGON).grade > 20


def test_markdown_headings_and_list_items_count_as_sentences():
    result = grade("### What we know\n\n- The main burst\n- 2,300 homes have no water\n")
    assert result.sentences == 3


def test_hard_summary_is_flagged_with_the_grade_and_the_limit():
    [diagnostic] = check(incident_data(summary=JARGON))
    assert diagnostic.code == "hard-to-read"
    assert diagnostic.path == "summary"
    assert f"grade {grade(JARGON).grade:.1f}" in diagnostic.message
    assert "limit is 12" in diagnostic.message
    assert "24 words" in diagnostic.hint


def test_limit_comes_from_the_site_settings():
    statement = ("Our engineers found that the pressure regulator installed during last year's "
                 "maintenance programme failed, which allowed excessive pressure to rupture the "
                 "main under Mill Road.")
    data = incident_data(statement=statement)
    assert "hard-to-read" in codes(check(data))
    assert "hard-to-read" not in codes(check(data, max_grade=25))


def test_short_texts_are_not_graded():
    assert check(incident_data(summary="Water supply restored; consolidated reimbursement "
                                       "forthcoming.")) == []


def test_hint_quotes_the_sentence_that_pushes_the_grade_up():
    statement = ("We are sorry. Notwithstanding the aforementioned considerations, the "
                 "organisation has determined that the unauthorised exfiltration of personally "
                 "identifiable information necessitates comprehensive remediation. Call us.")
    [diagnostic] = [d for d in check(incident_data(statement=statement))
                    if d.code == "hard-to-read"]
    assert 'start with "Notwithstanding the aforementioned' in diagnostic.hint


DENSE = ("Notwithstanding the aforementioned considerations, the organisation has determined "
         "that the unauthorised exfiltration of personally identifiable information "
         "necessitates comprehensive remediation activities across operational jurisdictions.")


def test_each_public_field_is_graded_on_its_own_and_located():
    data = with_apology("We are sorry. " + DENSE + "\n")
    data["updates"][1]["text"] = DENSE  # the newest update
    found = {d.path: d for d in check(data, max_grade=8) if d.code == "hard-to-read"}
    assert {"apology.text", "updates[1].text"} <= set(found)
    assert "summary" not in found and "statement" not in found
    assert "limit is 8" in found["apology.text"].message
    assert 'start with "Notwithstanding' in found["apology.text"].hint
