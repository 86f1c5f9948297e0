"""Times given on the command line: read them exactly as the file format does, never guess.

``--at`` and ``--next-update`` take an ISO 8601 timestamp with a UTC offset
(``2026-11-25T09:30:00+01:00`` or ``...Z``), the word ``now``, and for
``--next-update`` also a span after the update (``+2h``, ``+90m``,
``+1h30m``, ``+1d``). A time without an offset is refused, as in the file.
Times written by darksite carry the machine's local offset, so that people
read them as they read a clock.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from darksite import clock
from darksite.ops.errors import TimeValueError
from darksite.validation import parse_timestamp

_SPAN = re.compile(r"\+(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m(?:in)?)?", re.ASCII)
EXAMPLE = "2026-11-25T09:30:00+01:00"
MAX_PROMISE_YEAR = 9998
"""A span that lands later than this is a typo, and near year 9999 the UTC instant overflows."""


def now_local() -> datetime:
    """The current time with this machine's UTC offset (what ``--at`` defaults to)."""
    return clock.now_local()


def to_the_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def format_moment(moment: datetime) -> str:
    """ISO 8601 with offset; seconds precision unless the moment has a fraction."""
    return moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")


def parse_moment(text: str, *, option: str) -> datetime:
    """A timestamp with a UTC offset, or ``now``; :class:`TimeValueError` otherwise."""
    value = text.strip()
    if value.lower() == "now":
        return to_the_second(now_local())
    moment = parse_timestamp(value)
    if moment is None:
        raise TimeValueError(
            f"{option} '{text}' is not a timestamp: write it like {EXAMPLE} (or ...Z for UTC)"
        )
    if moment.tzinfo is None:
        raise TimeValueError(
            f"{option} '{text}' has no UTC offset, and darksite never guesses one: "
            f"write {value}+01:00 (your offset) or {value}Z for UTC"
        )
    return in_range(moment, option=option, text=text)


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


def parse_span(text: str) -> timedelta | None:
    """``+2h`` style spans as a timedelta; ``None`` when ``text`` is not one."""
    match = _SPAN.fullmatch(text.strip())
    if not match or not any(match.groupdict().values()):
        return None
    days, hours, minutes = (int(match[name] or 0) for name in ("d", "h", "m"))
    try:
        return timedelta(days=days, hours=hours, minutes=minutes)
    except OverflowError:
        raise TimeValueError(
            f"--next-update '{text}' is too far ahead: promise the next update in hours or "
            "days, like +2h or +1d"
        ) from None


def parse_next_update(text: str, *, after: datetime) -> datetime:
    """The next-update promise: a timestamp, or a span after ``after`` (to the minute).

    ``+2h`` at 09:31:17 gives 11:31: people promise minutes, not seconds.
    """
    span = parse_span(text)
    if span is not None:
        if span <= timedelta(0):
            raise TimeValueError(f"--next-update '{text}' must be a span into the future")
        try:
            promise = (after + span).replace(second=0, microsecond=0)
        except OverflowError:
            promise = None
        if promise is None or promise.year > MAX_PROMISE_YEAR:
            raise TimeValueError(
                f"--next-update '{text}' is too far ahead: promise the next update in hours or "
                "days, like +2h or +1d"
            )
        return in_range(promise, option="--next-update", text=text)
    if text.strip().startswith("+"):
        raise TimeValueError(
            f"--next-update '{text}' is not a span: write +2h, +90m, +1h30m or +1d"
        )
    return parse_moment(text, option="--next-update")
