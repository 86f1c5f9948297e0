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


def test_older_updates_and_faq_answers_are_graded_and_located():
    data = incident_data()
    data["updates"][0]["text"] = DENSE  # the oldest update
    data["faq"] = [{"q": "Is the water safe?", "a": "Yes. Run the cold tap for a minute first."},
                   {"q": "Why did it happen?", "a": DENSE}]
    found = {d.path: d for d in check(data) if d.code == "hard-to-read"}
    assert set(found) == {"updates[0].text", "faq[1].a"}
    assert found["faq[1].a"].line > found["updates[0].text"].line > 1
    assert "limit is 12" in found["faq[1].a"].message


def test_a_plain_faq_answer_passes():
    data = incident_data(faq=[{"q": "Is the water safe?", "a": (
        "Yes. Run the cold tap for a minute before you drink from it. Call us if it looks "
        "cloudy or smells odd.")}])
    assert "hard-to-read" not in codes(check(data), "faq")


def test_the_hint_quotes_each_sentence_above_the_limit_hardest_first():
    easy = "We are sorry. Call us on the number below. We will call you back today."
    answer = (f"{easy} {DENSE} The municipality's infrastructure rehabilitation "
              "programme necessitates considerable intergovernmental coordination.")
    data = incident_data(faq=[{"q": "Why?", "a": answer}])
    [found] = [d for d in check(data, max_grade=8) if d.path == "faq[0].a"]
    quoted = found.hint.split("start with ", 1)[1]
    assert quoted.startswith('"The municipality') and ', then "Notwithstanding' in quoted
    first, second = (float(part.split("(grade ")[1].split(")")[0])
                     for part in quoted.split(", then "))
    assert first > second > 8
    assert "We are sorry" not in quoted and "Call us" not in quoted
