"""The two rules that decide by a comment's shape, not its words (issue 17).

A first-person account of something that happened to the person or someone
close to them goes private unless it is plainly about the service; a remark
with a hostile tone that asks nothing gets no draft at all.
"""

from __future__ import annotations

import pytest
from bench import replies as bench

from darksite.replies.classify import CommentKind, classify

PERSONAL = [
    "My dad was stuck on his own all night and nobody could reach him.",
    "Our son came home from the depot in a state and has not slept.",
    "We were woken at 3am and had to carry the kids out.",
    "This whole thing has left me in bits.",
]
SERVICE = [
    "I was on hold for an hour and then got cut off.",
    "My daughter couldn't submit her coursework because the internet was down all day.",
    "I was told on the phone my model isn't affected.",
]
HOSTILE = [
    "Typical Northwind, pay every month for nothing",
    "Classic. Cut corners and act shocked 🤡",
    "THANKS FOR NOTHING NORTHWIND",
    "You people are something else, honestly.",
]


@pytest.mark.parametrize("text", PERSONAL)
def test_a_personal_account_is_sensitive_by_default(text: str) -> None:
    verdict = classify(text)
    assert verdict.kind is CommentKind.SENSITIVE, verdict
    assert "personal account" in verdict.reason


@pytest.mark.parametrize("text", SERVICE)
def test_a_plain_service_complaint_stays_a_complaint(text: str) -> None:
    assert classify(text).kind is CommentKind.COMPLAINT


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_tone_is_hostile(text: str) -> None:
    verdict = classify(text)
    assert verdict.kind is CommentKind.HOSTILE, verdict
    assert "hostile tone" in verdict.reason


def test_a_question_with_an_edge_is_still_answered() -> None:
    assert classify("Typical. When is my £15 credit coming?").kind is CommentKind.QUESTION


def _items(texts: list[str]) -> list[dict]:
    return [{"id": f"m{n}", "incident": "2026-10-broadband-outage", "channel": "x",
             "author": "Jo Bloggs", "text": text, "time": "2026-10-21T10:00:00+00:00"}
            for n, text in enumerate(texts)]


def test_personal_accounts_get_only_the_private_route_and_hostile_ones_nothing() -> None:
    """Through the real desk on a shipped incident: no detail echoed, no argument drafted."""
    rows = bench.run_queues(_items(PERSONAL + HOSTILE))
    for n, text in enumerate(PERSONAL):
        row = rows[f"m{n}"]
        assert bench.routed_privately(row), (text, row.draft.text)
    for n, text in enumerate(HOSTILE, start=len(PERSONAL)):
        row = rows[f"m{n}"]
        assert row.draft.parts == () and not row.draft.is_reply, (text, row.draft.text)


def test_every_set_reaches_the_sensitive_goal_on_what_it_classifies_as_sensitive() -> None:
    """Whatever the desk calls sensitive, on every labelled set, gets only the private route."""
    for path in (bench.COMMENTS, bench.HELDOUT, bench.HELDOUT2):
        items = bench.load_labelled(path)
        rows = bench.run_queues(items)
        for item in items:
            row = rows[item["id"]]
            if row.verdict.kind is CommentKind.SENSITIVE:
                assert bench.routed_privately(row), (item["id"], row.draft.text)
