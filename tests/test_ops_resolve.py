"""``darksite resolve`` and ``check`` on resolved incidents: resolving means the words change.

Real project folders, the real CLI called in-process: a resolve that would
leave a false sentence, an open action or no resolution block is refused
with located errors and the file unchanged; once each is rewritten, marked
done or carried over, or kept with a reason, it goes through, and the built
page and lite page lead with how it ended.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from darksite.cli import main
from tests.conftest import build_project, make_project

ONGOING = textwrap.dedent("""\
    id: pump-failure
    title: Water pressure low in Westfield
    status: active
    severity: major
    started_at: 2026-11-25T08:00:00+00:00
    summary: >-
      Since 08:00, 900 homes in Westfield have had low water pressure.
      We do not yet know when it will be back to normal.
    statement: |
      **A pump at our Westfield station failed at 08:00.**

      ### What we know

      We are investigating why the pump failed.

      ### What we do not know yet

      We will update this page every two hours.
    advice:
      - Keep a jug of water by the sink.
    actions:
      - step: Engineers are replacing the pump at Westfield station.
        owner: Network Repairs
        status: in-progress
      - step: We will publish what went wrong by 10 December.
        owner: Operations Director
        status: planned
        due: 2026-12-10
    updates:
      - at: 2026-11-25T09:00:00+00:00
        phase: investigating
        text: We are on site. Next update by 11:00.
    next_update: 2026-11-26T11:00:00+00:00
    contacts:
      - {label: Water helpline, kind: phone, value: "+44 161 496 0200", hours: 24/7}
    faq:
      - q: When will the pressure be back?
        a: We do not yet know. It is currently about half of normal.
    """)

REWRITTEN_SUMMARY = """\
summary: >-
  From 08:00 to 18:30 on 25 November, 900 homes in Westfield had low water
  pressure. It is back to normal.
"""
REWRITTEN_STATEMENT = """\
statement: |
  **A pump at our Westfield station failed at 08:00 on 25 November; we
  replaced it by 18:30.**

  ### What we know

  The pump's bearing wore out early.
"""
RESOLUTION = """\
resolution:
  ended: We replaced the failed pump; pressure was back to normal at 18:30.
  still_to_do:
    - If your water is cloudy, run the cold tap for two minutes.
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", {"pump-failure.yaml": ONGOING})


def incident_path(root: Path) -> Path:
    return root / "incidents" / "pump-failure.yaml"


def run(root: Path, *args: str) -> int:
    return main([args[0], "-f", str(root / "mkdocs.yml"), *args[1:]])


def line_of(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(
        path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


def settle(root: Path, *, faq: str | None = None, extra: str = "") -> None:
    """The person's rewrite: past tense, actions done or carried over, a resolution block."""
    path = incident_path(root)
    text = path.read_text(encoding="utf-8")
    start, end = text.index("summary:"), text.index("advice:")
    text = text[:start] + REWRITTEN_SUMMARY + REWRITTEN_STATEMENT + text[end:]
    text = text.replace("    status: in-progress\n", "    status: done\n    done_at: 2026-11-25\n")
    text = text.replace("    status: planned\n", "    status: planned\n    carried_over: true\n")
    answer = faq or "a: It was back to normal at 18:30 on 25 November."
    text = text.replace("a: We do not yet know. It is currently about half of normal.", answer)
    path.write_text(text + RESOLUTION + extra, encoding="utf-8")


def test_resolve_is_refused_while_the_page_would_say_it_goes_on(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = incident_path(root)
    before = path.read_bytes()
    assert run(root, "resolve", "pump-failure", "Pressure is back to normal.") == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert path.read_bytes() == before
    lines = [line for line in err.splitlines() if "error[" in line]
    assert (f"incidents/pump-failure.yaml:{line_of(path, 'We do not yet know when')}:1: "
            "error[resolved-open-claim] summary:") in err
    assert f":{line_of(path, 'We are investigating')}:1: error[resolved-open-claim] statement:" \
        in err
    assert "says the work is still going on (\"We are investigating\")" in err
    assert "promises further updates" in err
    assert err.count("error[resolved-open-claim] faq[0].a:") == 2  # one per sentence
    assert "\"It is currently about half of normal.\"" in err
    assert f":{line_of(path, 'status: in-progress')}:5: error[resolved-open-action] " \
           "actions[0].status:" in err
    assert "error[resolved-open-action] actions[1].status:" in err
    assert "error[resolution-missing]" in err
    assert "resolution.kept: {path: summary, words:" in err  # how to keep words on purpose
    assert "the dated update" not in err and "updates[0]" not in err  # the timeline stays
    assert len(lines) == 9
    assert "resolve refused" in err and "nothing was changed" in err


def test_rewritten_done_carried_over_and_resolution_let_resolve_through(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settle(root)
    assert run(root, "resolve", "pump-failure", "Pressure is back to normal.") == 0
    assert "resolved incidents/pump-failure.yaml" in capsys.readouterr().out
    data = yaml.safe_load(incident_path(root).read_text(encoding="utf-8"))
    assert data["status"] == "resolved" and "next_update" not in data
    assert data["resolution"]["ended"].startswith("We replaced the failed pump")
    assert run(root, "check", "--strict", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["diagnostics"] == []


def test_words_kept_with_a_reason_pass_and_a_stale_keep_is_reported(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kept = ("  kept:\n    - path: faq[0].a\n      words: We do not yet know why the bearing"
            "\n      reason: The manufacturer's tests take until January.\n")
    settle(root, faq="a: We do not yet know why the bearing wore out early.", extra=kept)
    assert run(root, "resolve", "pump-failure", "Pressure is back to normal.") == 0
    capsys.readouterr()
    path = incident_path(root)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "We do not yet know why the bearing wore out early.", "The bearing wore out early."),
        encoding="utf-8")
    assert run(root, "check", "--format", "json") == 0
    [stale] = json.loads(capsys.readouterr().out)["diagnostics"]
    assert (stale["code"], stale["path"], stale["severity"]) == (
        "resolution-kept-unused", "resolution.kept[0]", "warning")


def test_check_warns_about_a_resolved_file_edited_by_hand(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """check reports the same claims on a resolved incident, as warnings: never held back."""
    path = incident_path(root)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "status: active", "status: resolved\nresolved_at: 2026-11-25T18:30:00+00:00"),
        encoding="utf-8")
    assert run(root, "check", "--format", "json") == 0
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    codes = {d["code"] for d in found}
    assert {"resolved-open-claim", "resolved-open-action", "resolved-next-update",
            "resolution-missing"} <= codes
    assert not [d for d in found if d["severity"] == "error"]
    assert run(root, "check", "--strict") == 1


def test_a_carried_over_action_needs_a_due_date(root: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    settle(root)
    path = incident_path(root)
    path.write_text(path.read_text(encoding="utf-8").replace("    due: 2026-12-10\n", ""),
                    encoding="utf-8")
    assert run(root, "resolve", "pump-failure", "Pressure is back to normal.") == 0
    capsys.readouterr()
    run(root, "check", "--format", "json")
    [found] = json.loads(capsys.readouterr().out)["diagnostics"]
    assert (found["code"], found["path"]) == ("carried-over-without-due",
                                              "actions[1].carried_over")


def test_ended_writes_the_resolution_and_is_refused_beside_an_existing_block(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settle(root)
    path = incident_path(root)
    without = path.read_text(encoding="utf-8").replace(RESOLUTION, "")
    path.write_text(without, encoding="utf-8")
    assert run(root, "resolve", "pump-failure", "Back.", "--ended",
               "We replaced the pump: pressure was normal at 18:30.") == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["resolution"] == {"ended": "We replaced the pump: pressure was normal at 18:30."}
    assert REWRITTEN_STATEMENT in path.read_text(encoding="utf-8")  # the rest is kept

    other = make_project(root.parent / "other", {"pump-failure.yaml": ONGOING})
    settle(other)
    before = incident_path(other).read_bytes()
    capsys.readouterr()
    assert run(other, "resolve", "pump-failure", "Back.", "--ended", "Fixed.") == 1
    assert "already has a resolution: block" in capsys.readouterr().err
    assert incident_path(other).read_bytes() == before


def test_claims_in_another_language_are_not_judged_by_english_phrases(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    polish = ONGOING.replace("severity: major", "severity: major\nlang: pl")
    root = make_project(tmp_path / "pl", {"pump-failure.yaml": polish})
    assert run(root, "resolve", "pump-failure", "Ciśnienie wróciło.") == 1
    err = capsys.readouterr().err
    assert "resolved-open-claim" not in err
    assert "resolved-open-action" in err and "resolution-missing" in err


def test_the_resolved_page_and_lite_page_lead_with_how_it_ended(root: Path,
                                                                tmp_path: Path) -> None:
    settle(root)
    assert run(root, "resolve", "pump-failure", "Pressure is back to normal.") == 0
    site = build_project(root, site_dir=tmp_path / "site")
    page = (site / "pump-failure" / "index.html").read_text(encoding="utf-8")
    assert page.index('id="incident-resolution"') < page.index('id="incident-summary"')
    assert "We replaced the failed pump; pressure was back to normal at 18:30." in page
    assert "If your water is cloudy, run the cold tap for two minutes." in page
    assert "Continues after the incident" in page
    assert "What we did" in page and "We do not yet know" not in page
    lite = (site / "lite" / "pump-failure" / "index.html").read_text(encoding="utf-8")
    assert lite.index("How it ended") < lite.index('<p class="s">From 08:00 to 18:30')
    assert "Continues after the incident" in lite


def test_an_active_incident_does_not_show_its_prepared_resolution(root: Path,
                                                                  tmp_path: Path) -> None:
    path = incident_path(root)
    path.write_text(path.read_text(encoding="utf-8") + RESOLUTION, encoding="utf-8")
    site = build_project(root, site_dir=tmp_path / "site")
    page = (site / "pump-failure" / "index.html").read_text(encoding="utf-8")
    assert "We replaced the failed pump" not in page
    lite = (site / "lite" / "pump-failure" / "index.html").read_text(encoding="utf-8")
    assert "We replaced the failed pump" not in lite
