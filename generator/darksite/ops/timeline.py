"""``update`` and ``resolve``: add to an incident's timeline without touching the rest.

The timestamp rule
------------------

Updates must be strictly increasing down the list and never in the future
(the format says so, and the loader refuses anything else). Under the file's
lock, with ``last`` the newest ``at`` already in the file:

1. ``--at`` given: it must be after ``last`` and not after now, else refused.
2. Otherwise the update is dated now, to the second, with the local offset.
3. If that second is not after ``last`` (someone posted within the same
   second), the update keeps the fraction of a second, which is after.
4. If even that is not after ``last`` (the clock stepped back a little, or a
   colleague's machine is a second ahead), darksite waits, still holding the
   lock, until it is — at most :data:`MAX_CLOCK_WAIT` seconds — so the
   update is never dated in the future. A ``last`` further ahead than that is
   a clock problem, and the update is refused with both times shown.

So two people posting at the same moment both land, in the order they got
the lock, with strictly increasing times that are never in the future.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import yaml

from darksite import clock as the_clock
from darksite.diagnostics import Diagnostic, Severity
from darksite.errors import InvalidIncidentsError
from darksite.model import Incident, Phase, Status
from darksite.ops.errors import IncidentEditError, TimeValueError
from darksite.ops.incidents import EditResult, IncidentFolder, edit_incident
from darksite.ops.moments import (
    format_moment,
    now_in,
    now_local,
    parse_next_update,
    site_zone,
    to_the_second,
)
from darksite.ops.yamledit import TIMESTAMP, Document, Field
from darksite.validation import parse_timestamp

MAX_CLOCK_WAIT = timedelta(seconds=2)


@dataclass(frozen=True)
class PostedUpdate:
    """What ``update`` or ``resolve`` wrote, for the command's confirmation line."""

    edit: EditResult
    at: datetime
    next_update: datetime | None
    draft: bool = False
    """The incident is a draft: the update is in the file but not public."""


def update_times(doc: Document) -> list[datetime]:
    """The ``at`` of every update in the file that can be read as a timestamp."""
    found = doc.entry("updates")
    if found is None or not isinstance(found[1], yaml.SequenceNode):
        return []
    times = []
    for item in found[1].value:
        if not isinstance(item, yaml.MappingNode):
            continue
        for key, value in item.value:
            if getattr(key, "value", None) == "at" and isinstance(value, yaml.ScalarNode):
                moment = parse_timestamp(str(value.value).strip())
                if moment is not None and moment.tzinfo is not None:
                    times.append(moment)
    return times


def choose_moment(last: datetime | None, *, explicit: datetime | None = None,
                  clock: Callable[[], datetime] = now_local,
                  sleep: Callable[[float], None] = time.sleep) -> datetime:
    """The ``at`` of a new update, by the rule in this module's docstring."""
    now = clock()
    if explicit is not None:
        if explicit > now:
            raise TimeValueError(
                f"--at {format_moment(explicit)} is in the future (it is now "
                f"{format_moment(to_the_second(now))}): an update is dated when it is issued; "
                "use --next-update for a promise"
            )
        if last is not None and explicit <= last:
            raise TimeValueError(
                f"--at {format_moment(explicit)} is not after the last update "
                f"({format_moment(last)}): updates run oldest first; omit --at to use now"
            )
        return explicit
    for _ in range(3):
        if last is None or to_the_second(now) > last:
            return to_the_second(now)
        if now > last:
            return now
        ahead = last - now
        if ahead > MAX_CLOCK_WAIT:
            raise IncidentEditError(
                f"the last update is dated {format_moment(last)}, after the current time "
                f"{format_moment(to_the_second(now))}: check this machine's clock (or that "
                "update's time); nothing was changed"
            )
        sleep(ahead.total_seconds() + 0.001)
        now = clock()
    raise IncidentEditError("the clock did not move past the last update; nothing was changed")


def _check_text(text: str) -> None:
    if not text.strip():
        raise IncidentEditError("the update text is empty: say what has changed, or that "
                                "nothing has and when the next update will come")


def _status(doc: Document) -> str | None:
    found = doc.entry("status")
    return str(found[1].value) if found and isinstance(found[1], yaml.ScalarNode) else None


def post_update(folder: IncidentFolder, incident_id: str, text: str, *,
                phase: Phase | None = None, next_update: str | None = None,
                at: datetime | None = None) -> PostedUpdate:
    """Append a timestamped update (and move ``next_update``), keeping the rest of the file."""
    _check_text(text)
    path = folder.find(incident_id)
    zone = site_zone(folder.time_zone)
    chosen: dict[str, datetime] = {}
    """What ``change`` chose: ``at`` always, ``next_update`` only when promised."""
    drafts: list[bool] = []

    def change(old: str, file: str) -> str:
        doc = Document(old, file)
        drafts.append(_status(doc) == Status.DRAFT)
        times = update_times(doc)
        moment = choose_moment(max(times, default=None), explicit=at,
                               clock=lambda: now_in(zone))
        promise = (parse_next_update(next_update, after=moment, zone=zone)
                   if next_update else None)
        if promise is not None and promise <= moment:
            tomorrow = ("; for the same time tomorrow, write tomorrow "
                        f"{promise:%H:%M}" if promise.date() == moment.date() else "")
            raise TimeValueError(
                f"--next-update {format_moment(promise)} is not after this update "
                f"({format_moment(moment)}): promise a time to come{tomorrow}"
            )
        fields = [Field("at", format_moment(moment), "raw", TIMESTAMP)]
        if phase is not None:
            fields.append(Field("phase", str(phase)))
        fields.append(Field("text", text, "text"))
        doc = doc.append_item("updates", fields)
        if promise is not None:
            doc = doc.set_scalar(Field("next_update", format_moment(promise), "raw", TIMESTAMP))
        chosen["at"] = moment
        if promise is not None:
            chosen["next_update"] = promise
        return doc.text

    edit = edit_incident(folder, path, change, refused="update refused")
    return PostedUpdate(edit=edit, at=chosen["at"], next_update=chosen.get("next_update"),
                        draft=bool(drafts and drafts[-1]))


def draft_note(file: str, incident_id: str) -> str:
    """What ``update`` says after posting to a draft: nobody outside can read it yet."""
    return (f"{file} is a draft: this update is in the file but NOT public (drafts are never "
            f"published). To make it live: darksite activate {incident_id} --set NAME=VALUE "
            "... (see the placeholders at the top of the file)")


def resolve(folder: IncidentFolder, incident_id: str, text: str, *,
            at: datetime | None = None, ended: str | None = None) -> PostedUpdate:
    """The final update (phase ``resolved``), ``status: resolved`` and ``resolved_at``, at once.

    ``next_update`` is removed: a resolved incident promises no further update,
    and a stale promise on a closed page would mislead. ``ended`` writes
    ``resolution: {ended: ...}`` when the file has no ``resolution:`` yet.

    Refused, changing nothing, while the resolved page would say something
    false: a sentence that reads as ongoing, an open action, no resolution
    block (the rules of :mod:`darksite.checks.resolution`, as errors).
    """
    _check_text(text)
    path = folder.find(incident_id)
    zone = site_zone(folder.time_zone)
    chosen: dict[str, datetime] = {}

    originals: list[str] = []

    def change(old: str, file: str) -> str:
        originals.append(old)
        doc = Document(old, file)
        status = _status(doc)
        if status != Status.ACTIVE:
            advice = ("it is already resolved; post a correction with darksite update"
                      if status == Status.RESOLVED else "activate it first")
            raise IncidentEditError(f"{file}: status is {status}, not active: {advice}")
        moment = choose_moment(max(update_times(doc), default=None), explicit=at,
                               clock=lambda: now_in(zone))
        stamp = format_moment(moment)
        doc = doc.append_item("updates", [
            Field("at", stamp, "raw", TIMESTAMP),
            Field("phase", str(Phase.RESOLVED)),
            Field("text", text, "text"),
        ])
        doc = doc.set_scalar(Field("status", str(Status.RESOLVED)))
        doc = doc.set_scalar(Field("resolved_at", stamp, "raw", TIMESTAMP))
        doc = doc.remove("next_update")
        if ended is not None:
            if doc.entry("resolution") is not None:
                raise IncidentEditError(
                    f"{file} already has a resolution: block: write what ended it there "
                    "(resolution.ended) and run resolve without --ended; nothing was changed")
            doc = doc.set_mapping("resolution", [Field("ended", ended.strip())])
        chosen["at"] = moment
        return doc.text

    edit = edit_incident(folder, path, change, refused="resolve refused",
                         vet=lambda incident, _: _vet_resolution(folder, incident,
                                                                 originals[-1]))
    return PostedUpdate(edit=edit, at=chosen["at"], next_update=None)


def _vet_resolution(folder: IncidentFolder, resolved: Incident, text: str) -> None:
    """Refuse while the resolved page would still say the incident is going on.

    The rules judge the incident as resolving would write it, but every
    line they name is a line of the file as it is (``text``): the one the
    operator opens, since nothing is written.
    """
    import dataclasses

    from darksite.checks.registry import CheckContext
    from darksite.checks.resolution import blocking_findings
    from darksite.ops.incidents import validate
    from darksite.settings import Settings

    original, _ = validate(folder, text, file=resolved.source)
    incident = resolved if original is None else dataclasses.replace(
        original, status=resolved.status, resolved_at=resolved.resolved_at,
        next_update=resolved.next_update, updates=resolved.updates,
        resolution=resolved.resolution)

    settings = Settings(root=folder.root, incidents_dir=folder.incidents_dir,
                        docs_dir=folder.docs_dir or folder.root, site_dir=folder.root / "site",
                        time_zone=folder.time_zone)
    findings = blocking_findings(incident, CheckContext(settings=settings,
                                                        now=the_clock.now()), text)
    if not findings:
        return
    diagnostics = []
    for code, finding in findings:
        where = incident.location(finding.path)
        diagnostics.append(Diagnostic(
            file=incident.source, line=finding.line or where.line,
            column=1 if finding.line else where.column, severity=Severity.ERROR, code=code,
            path=finding.path, message=finding.message, hint=finding.hint))
    raise InvalidIncidentsError(
        f"resolve refused: {incident.source} would be resolved with {len(diagnostics)} "
        "statement(s) that resolving makes false or leaves open; rewrite each (or mark the "
        "action done or carried_over, or keep the words under resolution.kept with a reason), "
        "then run the same command again; nothing was changed", diagnostics)
