"""Times in the operator's words: ``18:00``, ``tomorrow 09:00``, ``+2h``, read on the site's clock.

The clock is frozen at 2026-11-26T09:00:00+00:00 (tests/conftest.py); a
test that needs another "now" sets ``DARKSITE_NOW`` itself. Real project
folders with a ``time_zone`` in mkdocs.yml, the real CLI called in-process;
the pure parsing functions are exercised too for the daylight-saving edges,
where no CLI run could reach the date without a clock far from the
incident's.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from darksite.cli import main
from darksite.ops.errors import TimeValueError
from darksite.ops.moments import parse_at, parse_moment, parse_next_update, round_up_to_quarter
from tests.conftest import incident_yaml, make_project

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def project(tmp_path: Path, zone: str | None = "Europe/London", status: str = "active") -> Path:
    options = {"time_zone": zone} if zone else {}
    return make_project(tmp_path / "project", {
        "water-outage.yaml": incident_yaml("water-outage", status=status)},
        plugin_options=options)


def run(root: Path, *args: str) -> int:
    return main([args[0], "-f", str(root / "mkdocs.yml"), *args[1:]])


def written(root: Path) -> dict:
    return yaml.safe_load((root / "incidents" / "water-outage.yaml").read_text(encoding="utf-8"))


def stamp(value: object) -> str:
    assert isinstance(value, datetime)
    return value.isoformat()


@pytest.fixture
def machine_in_london(monkeypatch: pytest.MonkeyPatch):
    """This machine's zone set to London, as a UK laptop's is (restored afterwards)."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(("words", "promise"), [
    ("18:00", "2026-11-26T18:00:00+00:00"),
    ("today 18:00", "2026-11-26T18:00:00+00:00"),
    ("tomorrow 09:00", "2026-11-27T09:00:00+00:00"),
    ("+2h", "2026-11-26T11:00:00+00:00"),
    ("+8h", "2026-11-26T17:00:00+00:00"),
    ("+30m", "2026-11-26T09:30:00+00:00"),
    ("2026-11-26T18:00:00+01:00", "2026-11-26T18:00:00+01:00"),
    ("2026-11-26T18:00:00", "2026-11-26T18:00:00+00:00"),
])
def test_next_update_in_the_operators_words(tmp_path: Path, words: str, promise: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path)
    assert run(root, "update", "water-outage", "Crews are on site.", "--next-update", words) == 0
    data = written(root)
    assert stamp(data["next_update"]) == promise
    assert stamp(data["updates"][-1]["at"]) == "2026-11-26T09:00:00+00:00"
    assert f"next update promised by {promise}" in capsys.readouterr().out


def test_a_span_rounds_up_to_the_next_quarter_hour(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    monkeypatch.setenv("DARKSITE_NOW", "2026-11-26T09:07:31+00:00")
    assert run(root, "update", "water-outage", "Crews are on site.", "--next-update", "+8h") == 0
    assert stamp(written(root)["next_update"]) == "2026-11-26T17:15:00+00:00"


def test_times_are_read_and_written_in_the_sites_zone(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, zone="America/New_York")
    assert run(root, "update", "water-outage", "Crews are on site.", "--next-update",
               "18:00") == 0
    data = written(root)
    assert stamp(data["updates"][-1]["at"]) == "2026-11-26T04:00:00-05:00"
    assert stamp(data["next_update"]) == "2026-11-26T18:00:00-05:00"


def test_at_accepts_a_time_of_day_and_a_span_back(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert run(root, "update", "water-outage", "Crews arrived.", "--at", "08:15") == 0
    assert run(root, "update", "water-outage", "Digging.", "--at", "20m ago") == 0
    assert run(root, "update", "water-outage", "Found it.", "--at=-10m") == 0
    updates = written(root)["updates"]
    assert [stamp(u["at"]) for u in updates[-3:]] == ["2026-11-26T08:15:00+00:00",
                                                     "2026-11-26T08:40:00+00:00",
                                                     "2026-11-26T08:50:00+00:00"]


def test_a_time_of_day_already_past_is_refused_with_tomorrow_as_the_hint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path)
    monkeypatch.setenv("DARKSITE_NOW", "2026-11-26T19:05:00+00:00")
    before = (root / "incidents" / "water-outage.yaml").read_bytes()
    assert run(root, "update", "water-outage", "News.", "--next-update", "18:00") == 1
    err = capsys.readouterr().err
    assert "is not after this update" in err and "write tomorrow 18:00" in err
    assert "Traceback" not in err
    assert (root / "incidents" / "water-outage.yaml").read_bytes() == before


@pytest.mark.parametrize(("option", "words", "message"), [
    ("--next-update", "25:00", "is not a time of day"),
    ("--next-update", "soon", "is not a time: write 18:00, tomorrow 09:00, +2h, +30m"),
    ("--next-update", "+soon", "is not a span"),
    ("--next-update", "-2h", "must be a span into the future"),
    ("--next-update", "+0h", "must be a span into the future"),
    ("--at", "+20m", "is in the future"),
    ("--at", "tomorrow 09:00", "is in the future"),
])
def test_bad_words_are_refused_clearly_and_change_nothing(
        tmp_path: Path, option: str, words: str, message: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path)
    path = root / "incidents" / "water-outage.yaml"
    before = path.read_bytes()
    assert run(root, "update", "water-outage", "News.", f"{option}={words}") == 1
    err = capsys.readouterr().err
    assert message in err, err
    assert "Traceback" not in err
    assert path.read_bytes() == before


def test_without_a_zone_the_hint_shows_the_real_offset_for_that_date(
        tmp_path: Path, machine_in_london, capsys: pytest.CaptureFixture[str]) -> None:
    """A UK user in December is told +00:00 (GMT), in July +01:00 (BST)."""
    root = project(tmp_path, zone=None)
    assert run(root, "update", "water-outage", "News.", "--at", "2026-11-26T08:30:00") == 1
    err = capsys.readouterr().err
    assert "write 2026-11-26T08:30:00+00:00 (this machine's offset on that date)" in err
    assert "+01:00" not in err
    with pytest.raises(TimeValueError, match=r"2026-07-01T09:00:00\+01:00"):
        parse_moment("2026-07-01T09:00:00", option="--at")


def test_without_a_zone_a_time_of_day_is_read_on_this_machines_clock(
        tmp_path: Path, machine_in_london) -> None:
    root = project(tmp_path, zone=None)
    assert run(root, "update", "water-outage", "News.", "--next-update", "tomorrow 10:30") == 0
    assert stamp(written(root)["next_update"]) == "2026-11-27T10:30:00+00:00"


def test_update_on_a_draft_says_it_is_not_public(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, status="draft")
    assert run(root, "update", "water-outage", "Prepared wording.") == 0
    err = capsys.readouterr().err
    assert "is a draft: this update is in the file but NOT public" in err
    assert "darksite activate water-outage --set NAME=VALUE" in err


def test_an_active_incident_gets_no_draft_note(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path)
    assert run(root, "update", "water-outage", "News.") == 0
    assert "draft" not in capsys.readouterr().err


def test_daylight_saving_gaps_and_repeats_are_refused_with_both_offsets() -> None:
    with pytest.raises(TimeValueError, match="does not exist in Europe/London"):
        parse_moment("2027-03-28T01:30:00", option="--at", zone=LONDON)
    with pytest.raises(TimeValueError, match=r"happens twice.*\+01:00 for the first or "
                                             r"2026-10-25T01:30:00\+00:00"):
        parse_moment("2026-10-25T01:30:00", option="--at", zone=LONDON)


def test_summer_and_winter_offsets_follow_the_date() -> None:
    assert parse_moment("2026-07-01T09:00:00", option="--at", zone=LONDON).isoformat() == \
        "2026-07-01T09:00:00+01:00"
    assert parse_moment("2026-12-01T09:00:00", option="--at", zone=LONDON).isoformat() == \
        "2026-12-01T09:00:00+00:00"
    after = datetime.fromisoformat("2026-10-24T23:00:00+01:00")  # the night the clocks go back
    promise = parse_next_update("+8h", after=after, zone=LONDON)
    assert promise.isoformat() == "2026-10-25T06:00:00+00:00"


def test_quarter_hour_rounding_keeps_round_times() -> None:
    def at(text: str) -> str:
        return round_up_to_quarter(datetime.fromisoformat(text)).isoformat()

    assert at("2026-11-26T17:00:00+00:00") == "2026-11-26T17:00:00+00:00"
    assert at("2026-11-26T17:00:01+00:00") == "2026-11-26T17:15:00+00:00"
    assert at("2026-11-26T17:46:00+00:00") == "2026-11-26T18:00:00+00:00"
    assert at("2026-11-26T23:50:00+00:00") == "2026-11-27T00:00:00+00:00"


def test_at_now_and_yesterday() -> None:
    assert parse_at("now", zone=LONDON).isoformat() == "2026-11-26T09:00:00+00:00"
    assert parse_at("yesterday 23:30", zone=LONDON).isoformat() == "2026-11-25T23:30:00+00:00"
