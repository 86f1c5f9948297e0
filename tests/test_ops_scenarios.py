"""``new`` and ``activate``: a prepared scenario becomes a live incident, or nothing changes."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from datetime import timedelta, timezone
from pathlib import Path

import pytest
import yaml

from darksite import clock
from darksite.errors import InvalidIncidentsError
from darksite.loader import load_incident_text
from darksite.model import Status
from darksite.ops.errors import (
    IncidentEditError,
    IncidentExistsError,
    InvalidIdError,
    UnfilledPlaceholdersError,
    UnknownPlaceholderError,
)
from darksite.ops.incidents import IncidentFolder
from darksite.ops.scenarios import activate, new_incident
from tests.conftest import DARKSITE, REPO

SCENARIO = textwrap.dedent("""\
    # PREPARED SCENARIO: keep dark until needed.
    # Placeholders: area, count, cause, ceo
    id: scenario-water
    title: "Water supply interrupted in {{ area }}"
    status: draft
    severity: major

    summary: >-
      {{ count }} homes in {{ area }} have no water.
      Bottled water is available.

    affected:
      - Homes in {{ area }}   # plain scalar
      - '{{ area }} businesses'

    statement: |
      **{{ count }} homes in {{ area }} have no water.**

      ### What we know

      {{ cause }}

    apology:
      text: |
        We are sorry.
      by: {name: "{{ ceo }}", role: Chief Executive}

    actions:
      - step: We are repairing the main in {{ area }}.
        owner: Network Repairs
        status: in-progress

    contacts:
      - {label: Water helpline, kind: phone, value: "+44 161 496 0200"}

    internal:
      notes: Call the regulator within the hour.
    """)

VALUES = {
    "area": 'Mill Road: "north" #2',
    "count": "2,300",
    "cause": "A main burst.\nWe do not know why yet: 'investigating'.",
    "ceo": "Zoë O'Brien",
}


@pytest.fixture
def folder(tmp_path: Path) -> IncidentFolder:
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "scenario-water.yaml").write_text(SCENARIO, encoding="utf-8")
    return IncidentFolder(root=tmp_path, incidents_dir=tmp_path / "incidents")


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([DARKSITE, *args], cwd=root, capture_output=True, text=True, timeout=60)


def loaded(path: Path):
    incident, diagnostics = load_incident_text(path.read_bytes(),
                                               file=f"incidents/{path.name}")
    assert incident is not None, [d.format_text() for d in diagnostics]
    return incident


def set_args(values: dict[str, str]) -> list[str]:
    return [part for name, value in values.items() for part in ("--set", f"{name}={value}")]


# -- new --------------------------------------------------------------------------------------


def test_new_from_nothing_writes_a_commented_skeleton_that_loads_as_a_draft(
    folder: IncidentFolder,
) -> None:
    created = new_incident(folder, "burst-main")
    text = created.path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server")
    assert "id: burst-main\n" in text
    assert loaded(created.path).status is Status.DRAFT
    assert "title" in created.placeholders and "statement" in created.placeholders


def test_the_skeleton_validates_once_filled_in(folder: IncidentFolder) -> None:
    created = new_incident(folder, "burst-main")
    values = {name: f"Filled {name}" for name in created.placeholders}
    result = activate(folder, "burst-main", values=values)
    incident = loaded(result.path)
    assert incident.status is Status.ACTIVE
    assert incident.title == "Filled title"


def test_new_from_a_scenario_copies_it_under_the_new_id(folder: IncidentFolder) -> None:
    created = new_incident(folder, "water-2026-12", scenario="scenario-water")
    text = created.path.read_text(encoding="utf-8")
    assert text == SCENARIO.replace("id: scenario-water", "id: water-2026-12")
    assert set(created.placeholders) == set(VALUES)


def test_new_refuses_an_existing_id(folder: IncidentFolder) -> None:
    with pytest.raises(IncidentExistsError, match="already exists"):
        new_incident(folder, "scenario-water")


@pytest.mark.parametrize("bad", ["Water Outage", "water_outage", "-water", "water--x", "x" * 81])
def test_new_refuses_an_id_that_is_not_a_slug(folder: IncidentFolder, bad: str) -> None:
    with pytest.raises(InvalidIdError, match="not a valid incident id"):
        new_incident(folder, bad)


def test_new_command_reports_the_file_and_its_placeholders(folder: IncidentFolder) -> None:
    result = run_cli(folder.root, "new", "burst-main")
    assert result.returncode == 0, result.stderr
    assert "created draft incidents/burst-main.yaml" in result.stdout
    again = run_cli(folder.root, "new", "burst-main")
    assert again.returncode == 1
    assert "already exists" in again.stderr


# -- activate ---------------------------------------------------------------------------------


def test_activate_refuses_unfilled_placeholders_listing_each_with_its_line(
    folder: IncidentFolder,
) -> None:
    path = folder.incidents_dir / "scenario-water.yaml"
    before = path.read_bytes()
    result = run_cli(folder.root, "activate", "scenario-water", "--set", "count=2,300")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "incidents/scenario-water.yaml:4:37: unfilled placeholder {{ area }}" in lines
    assert "incidents/scenario-water.yaml:21:3: unfilled placeholder {{ cause }}" in lines
    assert "incidents/scenario-water.yaml:26:15: unfilled placeholder {{ ceo }}" in lines
    assert "activation refused" in result.stderr and "Nothing was changed" in result.stderr
    assert "{{ count }}" not in result.stderr
    assert path.read_bytes() == before


def test_activate_from_a_scenario_refuses_without_creating_the_file(
    folder: IncidentFolder,
) -> None:
    with pytest.raises(UnfilledPlaceholdersError) as caught:
        activate(folder, "water-dec", scenario="scenario-water", values={"area": "Eastfield"})
    assert {use.name for use in caught.value.uses} == {"count", "cause", "ceo"}
    assert all(use.file == "incidents/scenario-water.yaml" for use in caught.value.uses)
    assert not (folder.incidents_dir / "water-dec.yaml").exists()


def test_activate_refuses_a_misspelt_placeholder(folder: IncidentFolder) -> None:
    with pytest.raises(UnknownPlaceholderError, match=r"\{\{ aera \}\}.*area, cause"):
        activate(folder, "scenario-water", values={**VALUES, "aera": "x"})


def test_activate_refuses_an_empty_value(folder: IncidentFolder) -> None:
    with pytest.raises(IncidentEditError, match="needs a value"):
        activate(folder, "scenario-water", values={**VALUES, "area": " "})


def test_activate_escapes_values_in_every_scalar_style(folder: IncidentFolder) -> None:
    result = activate(folder, "water-dec", scenario="scenario-water", values=VALUES)
    text = result.path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    area = VALUES["area"]
    assert data["title"] == f"Water supply interrupted in {area}"
    assert data["summary"] == f"2,300 homes in {area} have no water. Bottled water is available."
    assert data["affected"] == [f"Homes in {area}", f"{area} businesses"]
    assert f"**2,300 homes in {area} have no water.**" in data["statement"]
    assert f"\n{VALUES['cause']}\n" in data["statement"]
    assert data["apology"]["by"]["name"] == VALUES["ceo"]
    assert data["actions"][0]["step"] == f"We are repairing the main in {area}."
    assert "# PREPARED SCENARIO: keep dark until needed." in text
    assert "# plain scalar" in text
    incident = loaded(result.path)
    assert incident.id == "water-dec"
    assert incident.status is Status.ACTIVE
    assert (folder.incidents_dir / "scenario-water.yaml").read_text(encoding="utf-8") == SCENARIO


def test_activate_sets_started_at_now_from_the_one_clock(
        folder: IncidentFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DARKSITE_NOW", "2026-11-26T09:30:15.5-05:00")
    result = activate(folder, "scenario-water", values=VALUES)
    assert result.started_at.isoformat() == "2026-11-26T09:30:15-05:00"
    text = result.path.read_text(encoding="utf-8")
    assert text.index("started_at:") < text.index("summary:")


def test_activate_at_sets_the_given_start(folder: IncidentFolder) -> None:
    start = (clock.now().astimezone(timezone(timedelta(hours=-5))) - timedelta(hours=3)).replace(
        microsecond=0)
    result = run_cli(folder.root, "activate", "scenario-water", *set_args(VALUES),
                     "--at", start.isoformat())
    assert result.returncode == 0, result.stderr
    assert loaded(folder.incidents_dir / "scenario-water.yaml").started_at == start
    assert "not approved yet" in result.stdout


def test_activate_keeps_a_started_at_already_recorded(folder: IncidentFolder) -> None:
    path = folder.incidents_dir / "scenario-water.yaml"
    path.write_text(SCENARIO.replace("severity: major\n",
                                     "severity: major\nstarted_at: 2026-01-05T06:02:00Z\n"),
                    encoding="utf-8")
    result = activate(folder, "scenario-water", values=VALUES)
    assert result.started_at.isoformat() == "2026-01-05T06:02:00+00:00"


def test_activate_refuses_when_the_result_has_errors_and_changes_nothing(
    folder: IncidentFolder,
) -> None:
    path = folder.incidents_dir / "scenario-water.yaml"
    path.write_text(SCENARIO.replace("  - {label: Water helpline", "  - {label: Helpline, kind: "
                                     "phone, value: \"not a number\"}\n  - {label: Water helpline"),
                    encoding="utf-8")
    before = path.read_bytes()
    result = run_cli(folder.root, "activate", "scenario-water", *set_args(VALUES))
    assert result.returncode == 1
    assert "incidents/scenario-water.yaml:" in result.stderr
    assert "invalid-contact" in result.stderr
    assert path.read_bytes() == before


def test_activate_refuses_an_incident_that_is_already_active(folder: IncidentFolder) -> None:
    activate(folder, "scenario-water", values=VALUES)
    with pytest.raises(IncidentEditError, match="already active"):
        activate(folder, "scenario-water")


@pytest.mark.parametrize("path", sorted((REPO / "incidents").glob("scenario-*.yaml")),
                         ids=lambda p: p.stem)
def test_every_shipped_scenario_activates_with_tricky_values(path: Path, tmp_path: Path) -> None:
    (tmp_path / "incidents").mkdir()
    shutil.copy(path, tmp_path / "incidents" / path.name)
    folder = IncidentFolder(root=tmp_path, incidents_dir=tmp_path / "incidents")
    created = new_incident(folder, "probe", scenario=path.stem)
    values = {name: f'{name}: "x" #1' for name in created.placeholders}
    (tmp_path / "incidents" / "probe.yaml").unlink()
    try:
        result = activate(folder, "live-one", scenario=path.stem, values=values)
    except InvalidIncidentsError as error:  # a scenario may need more than placeholders
        assert not any(d.code == "placeholder" for d in error.diagnostics)
        assert not any(d.code.startswith("yaml") for d in error.diagnostics)
        return
    assert loaded(result.path).status is Status.ACTIVE
