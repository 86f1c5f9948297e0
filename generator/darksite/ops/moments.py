"""Times given on the command line, in the operator's words, read on the site's clock.

``--at`` and ``--next-update`` accept what a duty officer types at 3 a.m.:

- ``now``;
- a time of day, ``18:00``, or a day and a time, ``today 18:00``,
  ``tomorrow 09:00``, ``yesterday 23:30``;
- a span: ``+2h``, ``+30m``, ``+1h30m``, ``+1d`` (after the update, for
  ``--next-update``), or ``20m ago`` / ``--at=-20m`` (before now, for ``--at``);
- a full ISO 8601 timestamp, ``2026-11-25T09:30:00+01:00`` or ``...Z``.

Words without an offset are read in the site's ``time_zone`` (mkdocs.yml,
an IANA name such as ``Europe/London``), across daylight-saving changes,
and written with the offset in force on that date. Without a ``time_zone``
a day-and-time is read in this machine's zone, but an ISO timestamp without
an offset is refused, as in the file; the hint shows the offset that is
really in force on that date (``+00:00`` for London in December, not
``+01:00``). A time that does not exist on that day (the hour skipped when
the clocks go forward) or happens twice (when they go back) is refused
with both offsets shown: a guess an hour out is worse than a question.

A ``--next-update`` span rounds *up* to the next quarter hour (``+8h`` at
09:07 promises 17:15): people promise, and readers remember, round times.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from darksite import clock
from darksite.ops.errors import TimeValueError
from darksite.validation import parse_timestamp

_SPAN = re.compile(r"(?P<sign>[+-])(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m(?:in)?)?",
                   re.ASCII)
_DAY_TIME = re.compile(r"(?:(?P<day>today|tomorrow|yesterday)\s+)?(?:at\s+)?"
                       r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})", re.ASCII | re.IGNORECASE)
_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1, None: 0}
EXAMPLE = "2026-11-25T09:30:00+01:00"
WORDS = "18:00, tomorrow 09:00, +2h, +30m or a full timestamp like " + EXAMPLE
MAX_PROMISE_YEAR = 9998
"""A span that lands later than this is a typo, and near year 9999 the UTC instant overflows."""
QUARTER_HOUR = 15


def now_local() -> datetime:
    """The current time with this machine's UTC offset (what ``--at`` defaults to)."""
    return clock.now_local()


def now_in(zone: tzinfo | None) -> datetime:
    """The current time on the site's clock: in ``zone``, else with this machine's offset."""
    return clock.now().astimezone(zone) if zone is not None else clock.now_local()


def site_zone(name: str | None) -> ZoneInfo | None:
    """The site's ``time_zone`` option as a zone (validated when mkdocs.yml was read)."""
    return ZoneInfo(name) if name else None


def to_the_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def format_moment(moment: datetime) -> str:
    """ISO 8601 with offset; seconds precision unless the moment has a fraction."""
    return moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")


def offset_text(moment: datetime) -> str:
    """``+00:00`` style: the UTC offset of an aware moment."""
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def localize(wall: datetime, zone: tzinfo | None, *, option: str, text: str) -> datetime:
    """The wall-clock time ``wall`` (naive) in ``zone`` (this machine's zone when None).

    Refused when that wall time is skipped or repeated by a daylight-saving
    change: the message gives the offsets, so the operator picks one.
    """
    if zone is None:
        return in_range(_machine_local(wall), option=option, text=text)
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        shown = wall.isoformat(timespec="seconds")
        round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if round_trip != wall:
            raise TimeValueError(
                f"{option} '{text}': {shown} does not exist in {zone} (the clocks go forward "
                f"then): write {shown}{offset_text(first)} or {shown}{offset_text(second)}")
        raise TimeValueError(
            f"{option} '{text}': {shown} happens twice in {zone} (the clocks go back then): "
            f"write {shown}{offset_text(first)} for the first or "
            f"{shown}{offset_text(second)} for the second")
    return in_range(first, option=option, text=text)


def _machine_local(wall: datetime) -> datetime:
    try:
        return wall.astimezone()
    except (OverflowError, ValueError, OSError):
        return wall.replace(tzinfo=now_local().tzinfo)


def parse_moment(text: str, *, option: str, zone: tzinfo | None = None) -> datetime:
    """A moment in the operator's words (module docstring); :class:`TimeValueError` otherwise.

    Spans are the caller's business (:func:`parse_at`, :func:`parse_next_update`).
    """
    value = text.strip()
    if value.lower() == "now":
        return to_the_second(now_in(zone))
    day_time = _DAY_TIME.fullmatch(value)
    if day_time:
        return _from_day_time(day_time, zone, option=option, text=text)
    moment = parse_timestamp(value)
    if moment is None:
        raise TimeValueError(f"{option} '{text}' is not a time: write {WORDS} (or ...Z for UTC)")
    if moment.tzinfo is None:
        if zone is not None:
            return localize(moment, zone, option=option, text=text)
        offset = offset_text(_machine_local(moment))
        raise TimeValueError(
            f"{option} '{text}' has no UTC offset, and darksite never guesses one: "
            f"write {value}{offset} (this machine's offset on that date) or {value}Z for UTC, "
            "or set time_zone: in mkdocs.yml's darksite options to read times in the site's zone"
        )
    return in_range(moment, option=option, text=text)


def _from_day_time(match: re.Match[str], zone: tzinfo | None, *, option: str,
                   text: str) -> datetime:
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        raise TimeValueError(f"{option} '{text}' is not a time of day: write it like 18:00")
    today: date = now_in(zone).date()
    day = today + timedelta(days=_DAYS[(match["day"] or "").lower() or None])
    return localize(datetime.combine(day, time(hour, minute)), zone, option=option, text=text)


def in_range(moment: datetime, *, option: str, text: str) -> datetime:
    """``moment`` if its UTC instant is a date Python (and the site) can show: years 1-9999."""
    try:
        moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise TimeValueError(
            f"{option} '{text}' is outside the years 1 to 9999 once converted to UTC: write a "
            f"real date, like {EXAMPLE}"
        ) from None
    return moment


def parse_span(text: str, *, option: str = "--next-update") -> timedelta | None:
    """``+2h`` (or ``-20m``) style spans as a signed timedelta; ``None`` when not one."""
    match = _SPAN.fullmatch(text.strip())
    if not match or not any(match[name] for name in ("d", "h", "m")):
        return None
    days, hours, minutes = (int(match[name] or 0) for name in ("d", "h", "m"))
    try:
        span = timedelta(days=days, hours=hours, minutes=minutes)
    except OverflowError:
        way = "back" if match["sign"] == "-" else "ahead"
        raise TimeValueError(
            f"{option} '{text}' is too far {way}: write it in hours or days, like +2h or +1d"
        ) from None
    return -span if match["sign"] == "-" else span


def round_up_to_quarter(moment: datetime) -> datetime:
    """The next quarter hour at or after ``moment`` (17:00 stays, 17:01 becomes 17:15)."""
    floor = moment.replace(second=0, microsecond=0)
    if floor == moment and moment.minute % QUARTER_HOUR == 0:
        return moment
    quarters = math.floor(floor.minute / QUARTER_HOUR) + 1
    return floor.replace(minute=0) + timedelta(minutes=quarters * QUARTER_HOUR)


def parse_at(text: str, *, option: str = "--at", zone: tzinfo | None = None) -> datetime:
    """When something happened: a moment in the operator's words, or ``-20m`` before now.

    ``20m ago`` means ``-20m`` (a shell reads ``--at -20m`` as a new option;
    ``--at=-20m`` works too).
    """
    words = text.strip()
    if words.lower().endswith(" ago") and not words.startswith(("+", "-")):
        words = "-" + words[:-4].strip()
    span = parse_span(words, option=option)
    if span is not None:
        if span > timedelta(0):
            raise TimeValueError(
                f"{option} '{text}' is in the future: an update is dated when it is issued; "
                "write -20m for twenty minutes ago, or use --next-update for a promise")
        try:
            return to_the_second(now_in(zone) + span)
        except OverflowError:
            raise TimeValueError(f"{option} '{text}' is too far back: write a timestamp like "
                                 f"{EXAMPLE}") from None
    return parse_moment(text, option=option, zone=zone)


def parse_next_update(text: str, *, after: datetime, zone: tzinfo | None = None) -> datetime:
    """The next-update promise: a moment in the operator's words, or a span after ``after``.

    A span rounds up to the next quarter hour: ``+2h`` at 09:31:17 gives 11:45.
    """
    span = parse_span(text)
    if span is not None:
        if span <= timedelta(0):
            raise TimeValueError(f"--next-update '{text}' must be a span into the future, "
                                 "like +2h")
        try:
            promise: datetime | None = round_up_to_quarter(after + span)
        except OverflowError:
            promise = None
        if promise is None or promise.year > MAX_PROMISE_YEAR:
            raise TimeValueError(
                f"--next-update '{text}' is too far ahead: promise the next update in hours or "
                "days, like +2h or +1d"
            )
        if zone is not None:
            promise = promise.astimezone(zone)
        return in_range(promise, option="--next-update", text=text)
    if text.strip().startswith(("+", "-")):
        raise TimeValueError(
            f"--next-update '{text}' is not a span: write +2h, +30m, +1h30m or +1d"
        )
    return parse_moment(text, option="--next-update", zone=zone)
