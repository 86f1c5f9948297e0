"""Times: ``<time datetime>`` in the incident's own offset, never without its zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from darksite.render.times import moment_text, time_element, zone_name


def at(offset_minutes: int, *, second: int = 0) -> datetime:
    zone = timezone(timedelta(minutes=offset_minutes))
    return datetime(2026, 11, 25, 8, 0, second, tzinfo=zone)


def test_a_timestamp_shows_in_its_own_offset_with_the_zone_named() -> None:
    assert time_element(at(60)) == (
        '<time datetime="2026-11-25T08:00:00+01:00">25 November 2026, 08:00 UTC+01:00</time>'
    )


def test_a_zero_offset_is_named_utc() -> None:
    assert time_element(at(0)) == (
        '<time datetime="2026-11-25T08:00:00+00:00">25 November 2026, 08:00 UTC</time>'
    )


@pytest.mark.parametrize(
    ("minutes", "name"), [(-300, "UTC-05:00"), (330, "UTC+05:30"), (-570, "UTC-09:30"), (0, "UTC")]
)
def test_zone_names_cover_negative_and_half_hour_offsets(minutes: int, name: str) -> None:
    assert zone_name(at(minutes)) == name


def test_a_date_is_shown_as_a_day_without_a_clock() -> None:
    assert time_element(date(2026, 11, 26)) == (
        '<time datetime="2026-11-26">26 November 2026</time>'
    )


def test_seconds_are_shown_only_when_they_are_not_zero() -> None:
    assert moment_text(at(60, second=30)) == "25 November 2026, 08:00:30 UTC+01:00"
    assert moment_text(at(60)) == "25 November 2026, 08:00 UTC+01:00"


def test_a_naive_timestamp_is_refused_rather_than_shown_without_a_zone() -> None:
    with pytest.raises(ValueError, match="naive"):
        time_element(datetime(2026, 11, 25, 8, 0))


def test_no_moment_renders_nothing() -> None:
    assert time_element(None) == ""


def test_month_names_do_not_depend_on_the_machine_locale() -> None:
    assert moment_text(date(2026, 1, 5)) == "5 January 2026"
