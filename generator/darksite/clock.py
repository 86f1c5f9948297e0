"""The one clock: every "now" in darksite comes from here.

Why one function: the checks (going dark, overdue promises), the build date
of a release and the times ``update`` writes all depend on the current time.
If each read the wall clock on its own, a test written on Tuesday would fail
on Thursday, and a rehearsal could not be replayed "as if it were 03:00 on
the night". Setting ``DARKSITE_NOW`` to an ISO 8601 timestamp with a UTC
offset (``2026-11-25T09:30:00+01:00``) freezes the clock for every command
of that process and its children; tests set it, operators may too.

A malformed ``DARKSITE_NOW`` is a usage error, never a silent fallback to
the wall clock: a rehearsal that quietly ran "now" would mislead.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, tzinfo

NOW_ENV = "DARKSITE_NOW"


class ClockError(ValueError):
    """Raised when ``DARKSITE_NOW`` is set but is not a timestamp with a UTC offset."""


def _frozen() -> datetime | None:
    text = os.environ.get(NOW_ENV, "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise ClockError(
            f"{NOW_ENV}={text!r} is not a timestamp with a UTC offset: write it like "
            f"2026-11-25T09:30:00+01:00, or unset {NOW_ENV} to use the real clock"
        )
    return moment


def now() -> datetime:
    """The current instant, aware, in UTC (``DARKSITE_NOW`` when set)."""
    frozen = _frozen()
    if frozen is not None:
        return frozen.astimezone(UTC)
    return datetime.now(UTC)


def now_local() -> datetime:
    """The current instant with this machine's UTC offset (``DARKSITE_NOW``'s own when set)."""
    frozen = _frozen()
    if frozen is not None:
        return frozen
    return datetime.now().astimezone()


def pin_build_date() -> None:
    """Make MkDocs' build date (``SOURCE_DATE_EPOCH``) follow a frozen clock.

    MkDocs reads the date for the sitemap itself; without this, a build with
    ``DARKSITE_NOW`` set would still carry today's date. An explicit
    ``SOURCE_DATE_EPOCH`` (a reproducible-build setting) is left alone.
    """
    frozen = _frozen()
    if frozen is not None and "SOURCE_DATE_EPOCH" not in os.environ:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(frozen.timestamp()))


def build_date() -> str:
    """The build date as MkDocs reads it (``SOURCE_DATE_EPOCH``, else today in UTC), ``YYYY-MM-DD``.

    The same rule as ``mkdocs.utils.get_build_date``, written here so that
    code below the renderer (the publish manifest, the pipeline's sitemap
    date) needs no MkDocs import; :func:`pin_build_date` makes both follow
    ``DARKSITE_NOW``.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d")


def is_past(promised: date | datetime, zone: tzinfo | None = None,
            at: datetime | None = None) -> bool:
    """Whether a promised time (``next_update``, an action's ``due``) has gone by.

    A date is past once its whole day is over on the site's clock (UTC
    without one). ``at`` defaults to :func:`now`; the checks and the page
    ask the same question, so they never disagree about what is overdue.
    """
    moment = at or now()
    if isinstance(promised, datetime):
        return promised < moment
    today = moment.astimezone(zone).date() if zone is not None else moment.astimezone(UTC).date()
    return promised < today


__all__ = ["NOW_ENV", "ClockError", "build_date", "is_past", "now", "now_local",
           "pin_build_date"]
