"""The README's "A crisis, start to finish" walk-through works as typed.

A newcomer copies these lines at 3 a.m.; a literal ``...`` or a missing
``--set`` there fails in front of them. The test reads the console block
from README.md itself, so the README cannot drift from the tool: every
``$ darksite`` line runs, in order, on a copy of the shipped sample, and
each must succeed. Two things differ from a person's terminal, both named:
``/srv/darksite`` is a temporary folder, and ``rehearse`` (a server that
runs until stopped, tested in ``test_ops_rehearse.py``) is not started.
The clock moves twenty minutes between commands, as the night would.
"""

from __future__ import annotations

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


def test_the_walkthrough_names_every_step_of_a_crisis() -> None:
    steps = [argv[1] for argv in walkthrough_commands()]
    assert steps == ["activate", "rehearse", "approve", "publish", "update", "publish",
                     "resolve", "publish"]
    assert not any("..." in arg for argv in walkthrough_commands() for arg in argv)


@pytest.mark.slow
def test_the_readme_walkthrough_runs_as_typed(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "themes", "site_src", "incidents", "schema"):
        source = REPO / name
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, project / name)
    serve_dir = tmp_path / "srv"
    monkeypatch.chdir(project)
    moment = START
    for argv in walkthrough_commands():
        if argv[1] == "rehearse":
            continue
        assert argv[0] == "darksite"
        args = [str(serve_dir) if arg == "/srv/darksite" else arg for arg in argv[1:]]
        monkeypatch.setenv("DARKSITE_NOW", moment.isoformat())
        assert main(args) == 0, f"README walk-through step failed: {shlex.join(argv)}"
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
