"""The README's "A crisis, start to finish" walk-through works as typed.

A newcomer copies these lines at 3 a.m.; a literal ``...`` or a missing
``--set`` there fails in front of them. The test reads the console block
from README.md itself, so the README cannot drift from the tool: every
``$ darksite`` line runs, in order, on a copy of the shipped sample, and
each must succeed, except the first ``resolve``, which must be refused
(the page is still worded for an ongoing outage) and change nothing.
Three things differ from a person's terminal, all named: ``/srv/darksite``
is a temporary folder; ``rehearse`` (a server that runs until stopped,
tested in ``test_ops_rehearse.py``) is not started; and the ``$EDITOR``
step is the rewrite that docs/operations.md shows, applied as written.
The clock moves twenty minutes between commands, as the night would.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from darksite.cli import main
from tests.conftest import REPO

START = datetime.fromisoformat("2026-12-01T06:30:00+00:00")
INCIDENT = "2026-12-01-broadband-outage"
EDITOR = "$EDITOR"


def walkthrough_commands() -> list[list[str]]:
    """Each ``$ darksite ...`` command of the README's walk-through, as argv lists."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("A crisis, start to finish")
    block = re.search(r"```console\n(.*?)```", readme[start:], re.S)
    assert block, "README.md: the walk-through's console block is missing"
    text = block.group(1).replace("\\\n", " ")
    commands = []
    for line in text.splitlines():
        if line.startswith("$ "):
            commands.append(shlex.split(line[2:], comments=True))
    return commands


def resolved_wording() -> str:
    """The rewrite docs/operations.md shows for the walk-through's incident, as YAML text."""
    doc = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    start = doc.index("<!-- resolved-wording")
    block = re.search(r"```yaml\n(.*?)```", doc[start:], re.S)
    assert block, "docs/operations.md: the resolved-wording block is missing"
    return block.group(1)


def top_level_chunks(text: str) -> dict[str, str]:
    """Each top-level key's lines (key line and its indented value), by key."""
    chunks: dict[str, list[str]] = {}
    key = None
    for line in text.splitlines(keepends=True):
        match = re.match(r"([a-z_]+):", line)
        if match:
            key = match.group(1)
            chunks[key] = [line]
        elif key is not None and (line.startswith((" ", "\n")) or not line.strip()):
            chunks[key].append(line)
        else:
            key = None
    return {name: "".join(lines) for name, lines in chunks.items()}


def rewrite_as_a_person_would(path: Path) -> None:
    """Replace each top-level key the docs' block names; add the ones the file lacks."""
    text = path.read_text(encoding="utf-8")
    for key, chunk in top_level_chunks(resolved_wording()).items():
        found = re.search(rf"^{key}:.*\n(?:(?: .*|)\n)*?(?=^\S)", text, re.M)
        if found:
            text = text[: found.start()] + chunk + "\n" + text[found.end():]
        else:
            text += "\n" + chunk
    path.write_text(text, encoding="utf-8")


def test_the_walkthrough_names_every_step_of_a_crisis() -> None:
    steps = [argv[1] if argv[0] == "darksite" else argv[0] for argv in walkthrough_commands()]
    assert steps == ["activate", "rehearse", "approve", "publish", "update", "publish",
                     "resolve", EDITOR, "resolve", "approve", "publish"]
    assert not any("..." in arg for argv in walkthrough_commands() for arg in argv)


@pytest.mark.slow
def test_the_readme_walkthrough_runs_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "themes", "site_src", "incidents", "schema"):
        source = REPO / name
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, project / name)
    serve_dir = tmp_path / "srv"
    monkeypatch.chdir(project)
    moment = START
    commands = walkthrough_commands()
    incident_file = project / "incidents" / f"{INCIDENT}.yaml"
    for index, argv in enumerate(commands):
        if argv[0] == EDITOR:
            rewrite_as_a_person_would(project / argv[1])
            continue
        if argv[1] == "rehearse":
            continue
        assert argv[0] == "darksite"
        args = [str(serve_dir) if arg == "/srv/darksite" else arg for arg in argv[1:]]
        monkeypatch.setenv("DARKSITE_NOW", moment.isoformat())
        refused = index + 1 < len(commands) and commands[index + 1][0] == EDITOR
        before = incident_file.read_bytes() if refused else None
        capsys.readouterr()
        status = main(args)
        if refused:
            assert status == 1, f"README: this resolve must be refused: {shlex.join(argv)}"
            errors = capsys.readouterr().err
            assert "error[resolved-open-claim] summary:" in errors
            assert "We do not yet know when service will be back." in errors
            assert "error[resolved-open-action] actions[0].status:" in errors
            assert "error[resolution-missing]" in errors
            assert "Traceback" not in errors
            assert incident_file.read_bytes() == before
        else:
            assert status == 0, f"README walk-through step failed: {shlex.join(argv)}"
        moment += timedelta(minutes=20)

    scenario = (REPO / "incidents" / "scenario-service-outage.yaml").read_bytes()
    assert (project / "incidents" / "scenario-service-outage.yaml").read_bytes() == scenario
    live = serve_dir / "current"
    assert os.path.islink(live)
    page = (live / "2026-12-01-broadband-outage" / "index.html").read_text(encoding="utf-8")
    assert "broadband and home phone outage in Greater Manchester" in page
    assert "Engineers are on site." in page
    assert "Service is back for every customer since 15:47." in page
    assert "Resolved" in page
    assert "{{" not in page
    # the resolved page is true: it leads with how it ended, and nothing says it goes on
    assert page.index("How it ended") < page.index("Summary")
    assert "Engineers replaced the failed router" in page
    assert "We do not yet know" not in page
    assert "have had no" not in page
    assert "In progress" not in page
    assert "Continues after the incident" in page
    lite = (live / "lite" / INCIDENT / "index.html").read_text(encoding="utf-8")
    assert "How it ended" in lite and "We do not yet know" not in lite
    capsys.readouterr()
    assert main(["check", "--format", "json"]) in (0, 1)
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    assert [d for d in found if INCIDENT in d["file"] and d["code"].startswith(
        ("resolved-", "resolution-"))] == []
