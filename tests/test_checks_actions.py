"""Action rules: vague steps, and open steps without an owner or a due date."""

from __future__ import annotations

import pytest

from darksite.checks.actions import vagueness
from tests.test_checks_support import BASE, check, codes, incident_data, load, with_step


@pytest.mark.parametrize(("step", "phrase"), [
    ("We are looking into the matter.", "looking into"),
    ("We will take appropriate steps.", "take appropriate steps"),
    ("We are committed to transparency.", "committed to"),
    ("Lessons will be learned.", "Lessons"),
    ("We will keep customers informed.", "keep customers informed"),
])
def test_vague_phrase_is_named_in_the_message(step, phrase):
    [diagnostic] = [d for d in check(with_step(step)) if d.code == "vague-action"]
    assert diagnostic.path == "actions[0].step"
    assert f'"{phrase}"' in diagnostic.message
    assert "by 15 December" in diagnostic.hint
    where = load(with_step(step)).location("actions[0].step")
    assert diagnostic.line == where.line


def test_step_with_only_abstract_words_has_no_concrete_object():
    [diagnostic] = [d for d in check(with_step("We will review our processes.")) if
                    d.code == "vague-action"]
    assert "no concrete object" in diagnostic.message


@pytest.mark.parametrize("step", [
    "We will review all access logs by 15 December.",
    "An independent firm, Kroll, will review all access logs.",
    "ICO officers are reviewing our records.",
    "We will refund the fee to all 4,200 customers.",
    "We will call every household on the register by Friday.",
    "We are repairing the main tonight.",
    "We will tell everyone affected by {{ notify_by_text }}.",
])
def test_a_number_date_name_or_placeholder_makes_a_review_concrete(step):
    assert vagueness(step) is None


def test_a_concrete_object_makes_a_review_concrete():
    assert vagueness("We are reviewing every transaction made through the affected tills.") is None


def test_purpose_clause_does_not_make_a_concrete_step_vague():
    assert vagueness("We fitted a lock to the pool gate to ensure children cannot get in.") is None
    assert vagueness("To protect customers, we have blocked the stolen cards.") is None


def test_time_clause_of_someone_else_does_not_make_a_concrete_step_vague():
    assert vagueness("We have suspended the employee involved while the police investigate.") \
        is None


def test_purpose_clause_does_not_rescue_a_vague_step():
    assert vagueness("We are reviewing our policies to ensure this never happens again.")


def test_every_action_is_checked_including_done_ones():
    actions = [dict(BASE["actions"][0], step="We reviewed our processes."), BASE["actions"][1]]
    found = check(incident_data(actions=actions))
    assert [(d.code, d.path) for d in found] == [("vague-action", "actions[0].step")]


def test_open_action_without_owner_is_a_warning_on_the_action():
    action = {"step": "We are repairing the main under Mill Road.", "due": "2026-11-21"}
    found = check(incident_data(actions=[action]))
    assert [(d.code, d.path) for d in found] == [("action-without-owner", "actions[0]")]


def test_open_action_without_due_is_a_warning_unless_the_step_has_a_deadline():
    no_date = {"step": "We are repairing the main under Mill Road.", "owner": "Repairs"}
    assert codes(check(incident_data(actions=[no_date]))) == ["action-without-due"]
    in_text = dict(no_date, step="We will repair the main under Mill Road by Sunday.")
    assert codes(check(incident_data(actions=[in_text]))) == []


def test_done_actions_need_neither_owner_nor_due():
    done = {"step": "We opened a bottled water station.", "status": "done",
            "done_at": "2026-11-20T08:30:00+00:00"}
    assert codes(check(incident_data(actions=[done]))) == []


def test_drafts_are_not_asked_for_owners_and_dates_but_wording_is_checked():
    steps = [{"step": "We will take appropriate steps."},
             {"step": "We are emailing every affected customer."}]
    found = check(incident_data(status="draft", actions=steps))
    assert [(d.code, d.path) for d in found] == [("vague-action", "actions[0].step")]
