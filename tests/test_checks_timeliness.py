"""Going dark: active incidents need recent updates and a kept next_update promise."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.test_checks_support import NOW, check, codes, incident_data

LAST_UPDATE = NOW - timedelta(hours=1, minutes=10)  # BASE's last update: 08:50 UTC


def test_recent_update_with_a_future_promise_is_quiet():
    assert codes(check(incident_data())) == []


def test_no_update_for_longer_than_four_hours_is_going_dark():
    later = LAST_UPDATE + timedelta(hours=5)
    found = check(incident_data(next_update="2026-11-20T18:00:00+00:00"), now=later)
    [diagnostic] = [d for d in found if d.code == "going-dark"]
    assert diagnostic.path == "updates"
    assert "no update for 5 h 0 min" in diagnostic.message
    assert "limit is 4 h" in diagnostic.message
    assert "darksite update water-outage" in diagnostic.hint


def test_going_dark_interval_comes_from_the_site_settings():
    later = LAST_UPDATE + timedelta(hours=5)
    data = incident_data(next_update="2026-11-20T18:00:00+00:00")
    assert "going-dark" not in codes(check(data, now=later, going_dark_hours=6))
    assert "going-dark" in codes(check(data, now=later, going_dark_hours=4.5))


def test_incident_without_updates_counts_from_its_start():
    data = incident_data(updates=None, next_update="2026-11-20T18:00:00+00:00")
    found = check(data, now=NOW + timedelta(hours=3))
    assert "going-dark" in codes(found)


def test_past_next_update_is_overdue_and_not_also_going_dark():
    found = check(incident_data(), now=NOW + timedelta(hours=6))
    assert codes(found) == ["next-update-overdue"]
    [diagnostic] = found
    assert diagnostic.path == "next_update"
    assert "2026-11-20T12:00:00+00:00" in diagnostic.message
    assert "4 h 0 min ago" in diagnostic.message


def test_active_incident_without_next_update_is_told_to_promise_one():
    [diagnostic] = check(incident_data(next_update=None))
    assert diagnostic.code == "no-next-update"
    assert "--next-update" in diagnostic.hint


@pytest.mark.parametrize("changes", [
    {"status": "resolved", "resolved_at": "2026-11-20T09:30:00+00:00", "next_update": None},
    {"status": "draft", "next_update": None},
])
def test_only_active_incidents_can_go_dark(changes):
    found = check(incident_data(**changes), now=NOW + timedelta(days=3))
    assert not {"going-dark", "no-next-update", "next-update-overdue"} & set(codes(found))


# -- action-overdue ----------------------------------------------------------------------

def _action(due: str, status: str = "in-progress") -> dict:
    action = {"step": "We are emailing every affected customer by 26 November.",
              "owner": "Customer care", "status": status, "due": due}
    if status == "done":
        action["done_at"] = "2026-11-26T10:00:00+00:00"
    return action


@pytest.mark.parametrize(("due", "now", "zone", "overdue"), [
    ("2026-11-26", "2026-11-26T23:30:00+00:00", None, False),  # the due day is not over
    ("2026-11-26", "2026-11-27T00:00:01+00:00", None, True),
    # 23:30 UTC on 26 November is already 27 November in Tokyo
    ("2026-11-26", "2026-11-26T23:30:00+00:00", "Asia/Tokyo", True),
    ("2026-11-26T12:00:00+00:00", "2026-11-26T12:00:01+00:00", None, True),
    ("2026-11-26T12:00:00+00:00", "2026-11-26T11:59:00+00:00", None, False),
])
def test_an_action_past_its_due_date_is_flagged_on_the_site_clock(
        due: str, now: str, zone: str | None, overdue: bool) -> None:
    from dataclasses import replace
    from datetime import datetime

    from darksite.checks import run_checks
    from tests.test_checks_support import load, settings

    incident = load(incident_data(actions=[_action(due)]))
    site = replace(settings(), time_zone=zone)
    found = [(d.code, d.path) for d in run_checks([incident], site, datetime.fromisoformat(now))]
    assert (("action-overdue", "actions[0].due") in found) is overdue


def test_a_done_action_is_never_overdue() -> None:
    later = NOW + timedelta(days=20)
    found = check(incident_data(actions=[_action("2026-11-10", status="done")]), now=later)
    assert "action-overdue" not in codes(found)
