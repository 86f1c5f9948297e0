"""Dates, times and numbers in the reader's language, from Babel's CLDR data.

The time keeps darksite's rule (:mod:`darksite.render.times`): on the site's
one clock, with the zone named (``GMT``, ``BST``), never a bare time. Only
the words change: "24 Tachwedd 2026, 09:52 GMT", "24 نوفمبر 2026، 09:52 GMT".
Digits stay Latin (CLDR's default numbering for these locales), so the
figures a reader compares across languages look the same.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from darksite.i18n.languages import locale_of
from darksite.render.times import machine_value, on_site_clock, zone_name


def moment_text(moment: date | datetime, lang: str, zone: tzinfo | None = None) -> str:
    """The moment as a reader of ``lang`` writes it, with the zone for a timestamp."""
    locale = locale_of(lang)
    if not isinstance(moment, datetime):
        return format_date(moment, "long", locale=locale)
    moment = on_site_clock(moment, zone)
    day = format_date(moment, "long", locale=locale)
    clock = format_time(moment, "HH:mm", locale=locale)
    separator = "، " if locale.text_direction == "rtl" and locale.language == "ar" else ", "
    return f"{day}{separator}{clock} {zone_name(moment)}"


def time_element(moment: date | datetime | None, lang: str, zone: tzinfo | None = None) -> Markup:
    """``<time>`` with the ISO value and the localised text; empty for no moment."""
    if moment is None:
        return Markup("")
    if isinstance(moment, datetime):
        moment = on_site_clock(moment, zone)
    return Markup(f'<time datetime="{escape(machine_value(moment))}">'
                  f'{escape(moment_text(moment, lang))}</time>')


def number_text(value: int | float, lang: str) -> str:
    """``48,213`` in English and Welsh; CLDR's grouping for others."""
    return format_decimal(value, locale=locale_of(lang))
