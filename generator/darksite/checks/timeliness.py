"""Timeliness rules: don't go dark.

In a crisis, silence is filled by rumour. Practice is to update on a stated
rhythm, to promise when the next update comes, and to keep that promise even
when there is nothing new ("no change; next update at 18:00"). These rules
only apply while an incident is active.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, tzinfo

from darksite import clock
from darksite.checks.registry import CheckContext, Finding, rule
from darksite.model import ActionStatus, Incident


def _hours(since: datetime, now: datetime) -> float:
    return (now - since).total_seconds() / 3600


def _span(hours: float) -> str:
    """"3 h 20 min" or "2 days 4 h": how long, in words a duty officer reads at a glance."""
    minutes = round(hours * 60)
    days, minutes = divmod(minutes, 24 * 60)
    whole_hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''} {whole_hours} h"
    return f"{whole_hours} h {minutes} min" if whole_hours else f"{minutes} min"


def _update_hint(incident: Incident) -> str:
    return (f'post an update now, even "no change yet": darksite update {incident.id} "..." '
            "--next-update +2h")


def _overdue(incident: Incident, now: datetime) -> bool:
    return incident.next_update is not None and incident.next_update < now


@rule("next-update-overdue", theme="timeliness",
      summary="An active incident past its promised next_update.")
def next_update_overdue(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A broken "next update at 18:00" promise costs more trust than no promise."""
    if incident.is_active and _overdue(incident, context.now):
        assert incident.next_update is not None
        late = _span(_hours(incident.next_update, context.now))
        yield Finding("next_update",
                      f"the next update was promised for {incident.next_update.isoformat()}, "
                      f"{late} ago", _update_hint(incident))


@rule("going-dark", theme="timeliness",
      summary="An active incident with no update for longer than going_dark_hours.")
def going_dark(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """No update for longer than ``checks.going_dark_hours`` (default 4 h).

    Skipped when ``next-update-overdue`` already reports the same silence.
    """
    last = incident.last_updated
    if not incident.is_active or last is None or _overdue(incident, context.now):
        return
    limit = context.settings.checks.going_dark_hours
    silent = _hours(last, context.now)
    if silent > limit:
        yield Finding("updates",
                      f"no update for {_span(silent)} (the site's limit is {limit:g} h)",
                      _update_hint(incident))


@rule("no-next-update", theme="timeliness",
      summary="An active incident that does not say when the next update comes.")
def no_next_update(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Without a promised time, people refresh, call and speculate."""
    if incident.is_active and incident.next_update is None:
        yield Finding("next_update", "this active incident does not say when the next update "
                      "comes", "add next_update: with a time, e.g. four hours from the last "
                      "update (darksite update --next-update +4h sets it)")


def _is_past(due: date | datetime, now: datetime, zone: tzinfo | None) -> bool:
    """A date is past once its whole day is over on the site's clock (UTC without one)."""
    return clock.is_past(due, zone, now)


@rule("action-overdue", theme="timeliness",
      summary="An action of an active incident past its due date and not marked done.")
def action_overdue(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """'In progress, due 27 November' read on 1 December is a broken promise shown as progress.

    Readers check promised dates. Either the action is done (say so, with
    ``done_at``), or it is late: give it a new ``due`` date and say why in an
    update. Resolved incidents are the ``resolve`` checks' business.
    """
    if not incident.is_active:
        return
    for index, action in enumerate(incident.actions):
        if (action.status is not ActionStatus.DONE and action.due is not None
                and _is_past(action.due, context.now, context.settings.zone)):
            when = action.due.isoformat()
            yield Finding(f"actions[{index}].due",
                          f"this action was due {when} and is not marked done",
                          "if it is done, set status: done and done_at:; if it is late, set a "
                          "new due date and say why in an update (darksite update ID \"...\")")
