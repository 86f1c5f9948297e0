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


# -- the site's one clock (time_zone) ----------------------------------------------------

def test_a_site_zone_names_each_moment_by_its_local_abbreviation_across_dst() -> None:
    from zoneinfo import ZoneInfo

    from darksite.render.times import moment_text

    london = ZoneInfo("Europe/London")
    winter = datetime.fromisoformat("2026-11-25T06:02:00+01:00")
    summer = datetime.fromisoformat("2026-06-25T06:02:00+00:00")
    assert moment_text(winter, london) == "25 November 2026, 05:02 GMT"
    assert moment_text(summer, london) == "25 June 2026, 07:02 BST"
    # the last hour before the clocks go back, and the first after, are told apart
    before = datetime.fromisoformat("2026-10-25T00:30:00+00:00")
    after = datetime.fromisoformat("2026-10-25T01:30:00+00:00")
    assert moment_text(before, london) == "25 October 2026, 01:30 BST"
    assert moment_text(after, london) == "25 October 2026, 01:30 GMT"


def test_a_time_element_keeps_the_instant_and_shows_the_site_clock() -> None:
    from zoneinfo import ZoneInfo

    from darksite.render.times import time_element

    moment = datetime.fromisoformat("2026-11-25T12:00:00+00:00")
    element = str(time_element(moment, ZoneInfo("America/New_York")))
    assert element == ('<time datetime="2026-11-25T07:00:00-05:00">'
                       "25 November 2026, 07:00 EST</time>")


def test_a_zone_without_a_lettered_abbreviation_shows_its_offset() -> None:
    from zoneinfo import ZoneInfo

    from darksite.render.times import moment_text

    moment = datetime.fromisoformat("2026-11-25T12:00:00+00:00")
    assert moment_text(moment, ZoneInfo("Asia/Dubai")) == "25 November 2026, 16:00 UTC+04:00"


def test_one_timeline_is_on_one_clock_in_a_real_build(tmp_path) -> None:
    from tests.conftest import build_project, incident_yaml, make_project

    root = make_project(tmp_path, {"water.yaml": incident_yaml("water")},
                        plugin_options={"time_zone": "Europe/London"})
    site = build_project(root)
    page = (site / "water" / "index.html").read_text(encoding="utf-8")
    import re

    zones = set(re.findall(r"<time datetime=\"[^\"]+\">[^<]* ([A-Z][A-Z0-9:+-]*)</time>", page))
    assert zones == {"GMT"}


def test_an_unknown_zone_is_a_short_config_error(tmp_path) -> None:
    import subprocess
    import sys

    from tests.conftest import make_project

    root = make_project(tmp_path, {}, plugin_options={"time_zone": "Europe/Londn"})
    result = subprocess.run([sys.executable, "-m", "darksite", "check"], cwd=root,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "Expected an IANA time zone name such as Europe/London" in result.stderr
    assert "'Europe/Londn'" in result.stderr
    assert "Traceback" not in result.stderr
