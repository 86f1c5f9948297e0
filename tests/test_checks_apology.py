"""Apology rules: each non-apology pattern gets its own code, phrase and hint; sincere ones none."""

from __future__ import annotations

import pytest

from darksite.checks.apology import analyse
from tests.test_checks_support import (
    BASE,
    check,
    codes,
    incident_data,
    load,
    to_yaml,
    with_apology,
)


def test_baseline_incident_draws_no_diagnostic():
    assert check(BASE) == []


@pytest.mark.parametrize(("text", "code"), [
    ("We are sorry if anyone was upset by the outage.", "conditional-apology"),
    ("To the extent that our staff caused concern, we apologise.", "conditional-apology"),
    ("We are sorry you feel let down by our response.", "blames-feelings"),
    ("We apologise to those who were offended by the advert.", "blames-feelings"),
    ("Mistakes were made in the billing migration, and we are sorry.", "passive-apology"),
    ("We apologise for any inconvenience.", "minimising-apology"),
    ("We are sorry that a small number of customers lost service.", "minimising-apology"),
    ("Our apologies to anyone who may have been affected.", "doubts-the-harm"),
    ("We are sorry, but the fault was caused by our supplier.", "deflecting-apology"),
    ("We apologise. However, the outage was caused by a third-party provider.",
     "deflecting-apology"),
    ("We are sorry for the delay, which was due to circumstances beyond our control.",
     "deflecting-apology"),
    ("We regret that customers experienced difficulties.", "regret-not-apology"),
    ("It is unfortunate that the system failed, and we regret it.", "regret-not-apology"),
    ("We are sorry to hear that you had trouble logging in.", "regret-not-apology"),
    ("We take your privacy very seriously and apologise for the outage.", "stock-apology"),
    ("We apologise.", "apology-names-no-wrong"),
])
def test_each_non_apology_pattern_has_its_own_code_on_apology_text(text, code):
    diagnostics = check(with_apology(text))
    found = [d for d in diagnostics if d.code == code]
    assert found, [d.format_text() for d in diagnostics]
    diagnostic = found[0]
    assert diagnostic.path == "apology.text"
    assert diagnostic.severity == "warning"
    assert diagnostic.hint
    where = load(with_apology(text)).location("apology.text")
    assert (diagnostic.line, diagnostic.column) == (where.line, where.column)
    assert diagnostic.file == "incidents/water-outage.yaml"


MODEL_VETOED = (
    "It is unfortunate that the system failed, and we are sorry.",
    "We take the safety of our customers very seriously and we apologise for the outage.",
)
"""Non-apologies whose rule finding the learned veto removes (probability just under the
veto threshold since the corpus grew to 150 real organisations): kept in view, strict xfail."""


@pytest.mark.xfail(strict=True, reason="the model vetoes these rule findings; see MODEL_VETOED")
@pytest.mark.parametrize("text", MODEL_VETOED)
def test_model_vetoed_non_apology_is_still_missed(text):
    assert [d for d in check(with_apology(text)) if d.path.startswith("apology")]


def test_message_quotes_the_words_that_gave_it_away():
    [diagnostic] = [d for d in check(with_apology("We apologise for any inconvenience caused."))
                    if d.code == "minimising-apology"]
    assert '"apologise for any inconvenience"' in diagnostic.message


def test_bare_apology_only_gets_the_say_what_went_wrong_hint():
    assert codes(check(with_apology("We apologise.")), "apology") == ["apology-names-no-wrong"]
    [diagnostic] = check(with_apology("We apologise to our customers."))
    assert "what went wrong" in diagnostic.message
    assert codes(check(with_apology("We are sorry for what happened.")), "apology") == [
        "passive-apology"]


def test_names_no_wrong_is_not_added_on_top_of_another_pattern():
    found = codes(check(with_apology("We apologise for any inconvenience.")))
    assert "apology-names-no-wrong" not in found


@pytest.mark.parametrize("text", [
    "We are sorry. A supplier's system failed, but we chose that supplier, so the failure is "
    "ours.",
    "We are sorry, but sorry is not enough: we exposed your data and we will fix it.",
    "We are sorry. This was not an inconvenience: we left 2,300 homes without water.",
    "We are sorry. Unfortunately we cannot undo the harm our faulty meters caused.",
    "We know many of you feel angry, and you are right to be. We are sorry we let you down.",
    "I am sorry. You pay us to keep you connected, and right now we are not doing that.",
    "We are sorry that our delay in telling you made the worry worse.",
    "We are sorry we charged you twice. If this caused you to go overdrawn, we will refund the "
    "fees.",
    "We are sorry. We exposed your data. We are writing to everyone who may have been affected.",
    "We are sorry we exposed your data. We will call anyone affected by Friday.",
    "We apologise for cancelling your flights. The strike was not your fault, and rebooking you "
    "was our job; we did it badly.",
])
def test_sincere_apology_with_a_tricky_word_draws_no_warning(text):
    assert codes(check(with_apology(text)), "apology") == []


def test_typographic_quotes_and_markdown_do_not_hide_a_conditional():
    text = "We\u2019re **sorry if** you were *upset* by [our post](https://example.com/post)."
    assert "conditional-apology" in codes(check(with_apology(text)))


def test_placeholder_in_a_draft_apology_is_not_judged_as_naming_no_wrong():
    draft = with_apology("We are sorry. {{ cause_text }}", status="draft")
    assert codes(check(draft), "apology") == []


def test_missing_apology_on_an_active_critical_incident_is_a_warning():
    diagnostics = check(incident_data(apology=None))
    [diagnostic] = [d for d in diagnostics if d.code == "missing-apology"]
    assert diagnostic.path == "apology"
    assert diagnostic.severity == "warning"
    assert "suppress" in diagnostic.hint


@pytest.mark.parametrize("changes", [
    {"severity": "major"},
    {"status": "draft"},
    {"status": "resolved", "resolved_at": "2026-11-20T09:30:00+00:00"},
])
def test_no_missing_apology_warning_unless_active_and_critical(changes):
    assert "missing-apology" not in codes(check(incident_data(apology=None, **changes)))


def test_apology_wording_rules_are_skipped_for_a_non_english_incident():
    french = with_apology("Nous sommes désolés si vous avez été dérangés.", lang="fr")
    assert codes(check(french), "apology") == []
    english_text_in_french_site = with_apology("We apologise for any inconvenience.")
    assert codes(check(english_text_in_french_site, lang="fr"), "apology") == []


def test_analysis_of_the_same_text_is_cached_and_stable():
    first = analyse("We regret the error.")
    assert analyse("We regret the error.") is first
    assert [issue.code for issue in first] == ["regret-not-apology"]


def test_yaml_block_apology_is_read_as_markdown():
    text = to_yaml(with_apology("We are sorry.\n\nMistakes were made.\n"))
    assert "passive-apology" in codes(check(text))
