"""The full build's outputs written in a forked child: same files, same failures, no zombie.

``darksite.outputs.background`` writes the feeds, ``status.json`` and the
lite pages in a child process while MkDocs renders the pages. These tests
build a real project both ways and compare the sites byte for byte, and
make the child fail to check that the build fails with its message and
that the child is reaped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from darksite.outputs import atom, background
from tests.conftest import build_project, incident_yaml, make_project


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("child") / "project", {
        "water.yaml": incident_yaml("water"),
        "gas.yaml": incident_yaml("gas", marker="GAS", status="resolved",
                                  resolved_at="2026-11-21T12:00:00+01:00"),
    })


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the outputs processes started during the test (the child switched on)."""
    monkeypatch.setenv(background.FORK_SWITCH, "1")
    started: list[int] = []
    original = background.OutputsChild.start.__func__  # type: ignore[attr-defined]

    def start(cls, work):
        child = original(cls, work)
        started.append(child.pid)
        return child

    monkeypatch.setattr(background.OutputsChild, "start", classmethod(start))
    return started


def reaped(pid: int) -> bool:
    """Whether ``pid`` is no longer a child of ours (it was waited for: no zombie)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_outputs_written_by_the_child_equal_those_written_in_process(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[int]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    assert background.can_fork()
    forked = build_project(root, site_dir=tmp_path / "forked")
    monkeypatch.setattr(background, "can_fork", lambda: False)
    in_process = build_project(root, site_dir=tmp_path / "in-process")
    assert files(forked) == files(in_process)
    assert (forked / "feed.xml").is_file() and (forked / "_headers").is_file()
    assert len(children) == 1 and reaped(children[0])


def test_a_failing_outputs_child_fails_the_build_with_its_message(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[int]) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the feed template is broken")

    monkeypatch.setattr(atom, "write_feeds", broken)
    with pytest.raises((PluginError, Abort)) as failed:
        build_project(root, site_dir=tmp_path / "site")
    error = failed.value if isinstance(failed.value, PluginError) else failed.value.__context__
    assert "RuntimeError: the feed template is broken" in str(error)
    assert "could not be written" in str(error)
    assert len(children) == 1 and reaped(children[0])


def test_a_full_disk_in_the_outputs_child_is_raised_as_the_same_os_error(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[int]) -> None:
    """So that the CLI tells it like any full disk (darksite.fs_errors), path included."""
    site = tmp_path / "site"

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device", str(site / "feed.xml"))

    monkeypatch.setattr(atom, "write_feeds", broken)
    with pytest.raises(OSError) as failed:
        build_project(root, site_dir=site)
    assert failed.value.errno == 28 and failed.value.filename == str(site / "feed.xml")
    assert len(children) == 1 and reaped(children[0])
