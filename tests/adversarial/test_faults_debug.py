"""A bug says it is one (exit 70; --debug shows the traceback); a user's template error is located.

There is no known bug to trigger, so the bug tests plant one: the function
``approve`` calls is replaced by one that raises, which is exactly what a
bug looks like from the CLI. Everything else runs for real.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.adversarial.faults_support import (
    fault_project,
    files_of,
    live_state,
    one_error_line,
    run,
)
from tests.conftest import DARKSITE

BUG_LINE = ("darksite: internal error (KeyError: 'digest'): this is a bug in darksite; please "
            "report it with the output of the same command run with --debug")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return fault_project(tmp_path / "project", monkeypatch)


@pytest.fixture
def planted_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    from darksite.ops import approval

    def broken(*args, **kwargs):
        raise KeyError("digest")

    monkeypatch.setattr(approval, "approve", broken)


def test_a_bug_is_one_line_asking_for_a_report_with_exit_70(project: Path, planted_bug) -> None:
    code, out, err = run("approve", "water-outage", "--by", "Sam Carter")
    assert code == 70
    assert one_error_line(err) == BUG_LINE
    assert out == ""


@pytest.mark.parametrize("where", ["after", "before"])
def test_debug_shows_the_traceback_of_a_bug(project: Path, planted_bug, where: str) -> None:
    args = ["approve", "water-outage", "--by", "Sam Carter"]
    args = [*args, "--debug"] if where == "after" else ["--debug", *args]
    code, _, err = run(*args)
    assert code == 70
    assert err.startswith("Traceback (most recent call last):")
    assert "raise KeyError(\"digest\")" in err
    assert err.rstrip().splitlines()[-1] == BUG_LINE


def test_darksite_debug_in_the_environment_shows_it_too(project: Path, planted_bug,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DARKSITE_DEBUG", "1")
    code, _, err = run("approve", "water-outage", "--by", "Sam Carter")
    assert code == 70
    assert "Traceback (most recent call last):" in err


def test_debug_is_accepted_by_every_command() -> None:
    from darksite.cli import build_parser

    parser = build_parser()
    subcommands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert len(subcommands) >= 13
    for name, command in subcommands.items():
        assert any("--debug" in action.option_strings for action in command._actions), name


def test_a_full_disk_with_debug_shows_where_it_happened(project: Path) -> None:
    import errno
    import os

    from darksite.fs_errors import explain

    told = explain(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), project / "incidents" /
                   "x.yaml", doing="cannot save incidents/x.yaml", outcome="nothing was changed")
    assert str(told) == ("cannot save incidents/x.yaml: the disk holding incidents is full: "
                         "free space, then run the same command again; nothing was changed")
    assert told.errno == errno.ENOSPC and told.path == "incidents/x.yaml"


def test_a_template_error_in_the_projects_own_override_is_located(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = fault_project(tmp_path / "project", monkeypatch, publish_to="out",
                            copy_themes=True)
    before = live_state(project / "out")
    main = project / "themes" / "main.html"
    block = '{% block announce %}{% include "partials/darksite-announce.html" %}{% endblock %}'
    text = main.read_text(encoding="utf-8")
    line = text[:text.index(block)].count("\n") + 1
    main.write_text(text.replace(block, "{% block announce %}{{ darksite.no_such_thing() }}"
                                        "{% endblock %}"), encoding="utf-8")
    code, _, err = run("publish", "--to", "out", "--full")
    assert code == 1
    assert one_error_line(err) == (
        f"darksite: themes/main.html:{line}: error in your theme override: "
        "'darksite.render.views.SiteView object' has no attribute 'no_such_thing' "
        "(UndefinedError); the site could not be built: fix that template (or delete it to use "
        "the theme's own), then run the same command again; the live site was not changed")
    assert live_state(project / "out") == before


def test_a_template_syntax_error_in_the_override_is_located_in_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = fault_project(tmp_path / "project", monkeypatch, copy_themes=True)
    (project / "themes" / "main.html").write_text('{% extends "base.html" %}\n{% if %}\n',
                                                  encoding="utf-8")
    code, out, err = run("build", "-d", "site")
    assert code == 1, (out, err, (project / "themes" / "main.html").read_text())
    line = one_error_line(err)
    assert line.startswith("darksite: themes/main.html:2: error in your theme override: ")
    assert "(TemplateSyntaxError)" in line


def test_a_closed_output_pipe_ends_quietly(project: Path) -> None:
    before = files_of(project / "incidents")
    process = subprocess.Popen([DARKSITE, "posts", "water-outage"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head -1` that has already read its line
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert err == ""
    assert files_of(project / "incidents") == before

