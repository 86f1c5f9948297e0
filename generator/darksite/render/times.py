"""``<time>`` elements: every moment on the site's one clock, with the zone named.

A reader in another country must never have to guess which clock a time is
on, so a time is never shown without its zone. With the site's
``time_zone`` set (an IANA name such as ``Europe/London``), every time on
every page is converted to that zone, across daylight-saving changes, and
named by its local abbreviation ("08:00 GMT" in November, "08:00 BST" in
June), so one timeline never mixes "06:02 UTC+01:00" with "12:00 UTC".
Without it, a time keeps the offset the file was written in ("08:00
UTC+01:00", "08:00 UTC"). Month names are fixed English words rather than
``strftime("%B")``, whose output depends on the machine's locale.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def zone_name(moment: datetime) -> str:
    """The zone's own abbreviation (``GMT``, ``BST``, ``CET``) for a moment in a named zone;
    else ``UTC`` for a zero offset and ``UTC+01:00`` / ``UTC-05:30`` for others.

    Some zones have no letters for their abbreviation (tzdata writes ``+03``):
    those are shown as ``UTC+03:00`` like a plain offset.
    """
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"naive datetime has no zone: {moment.isoformat()}")
    if isinstance(moment.tzinfo, ZoneInfo):
        abbreviation = moment.tzname() or ""
        if abbreviation.isalpha():
            return abbreviation
    if offset == timedelta(0):
        return "UTC"
    sign = "+" if offset > timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def date_text(day: date) -> str:
    """``26 November 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def on_site_clock(moment: datetime, zone: tzinfo | None) -> datetime:
    """``moment`` in the site's zone (the same instant), or as written when no zone is set."""
    return moment.astimezone(zone) if zone is not None else moment


def moment_text(moment: date | datetime, zone: tzinfo | None = None) -> str:
    """``25 November 2026, 08:00 GMT`` for a timestamp, ``26 November 2026`` for a date."""
    if not isinstance(moment, datetime):
        return date_text(moment)
    moment = on_site_clock(moment, zone)
    clock = f"{moment.hour:02d}:{moment.minute:02d}"
    if moment.second:
        clock += f":{moment.second:02d}"
    return f"{date_text(moment)}, {clock} {zone_name(moment)}"


def machine_value(moment: date | datetime) -> str:
    """The ``datetime`` attribute: ISO 8601, with the offset for a timestamp."""
    if isinstance(moment, datetime):
        zone_name(moment)  # refuses a naive datetime
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()


def time_element(moment: date | datetime | None, zone: tzinfo | None = None) -> Markup:
    """``<time datetime="...">...</time>`` on the site's clock, or empty Markup for no moment."""
    if moment is None:
        return Markup("")
    if isinstance(moment, datetime):
        moment = on_site_clock(moment, zone)
    # An f-string over escaped parts: Markup.format costs ten times more, and a
    # 1,000-incident build makes some 50,000 of these.
    return Markup(f'<time datetime="{escape(machine_value(moment))}">'
                  f'{escape(moment_text(moment))}</time>')
