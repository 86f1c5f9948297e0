"""A full disk and a read-only file system, on a real tmpfs: one line, exit 74, nothing changed.

Each test mounts its own small tmpfs, puts a real project (and its publish
folder) on it, publishes once while there is room, then fills the disk (or
remounts it read-only) and runs the command a person would run at 3 a.m.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adversarial.faults_support import (
    assert_serves_complete_site,
    fault_project,
    files_of,
    fill,
    live_state,
    one_error_line,
    remount,
    run,
    tmpfs,
)
from tests.conftest import ready_to_resolve

FULL = "is full: free space, then run the same command again"
READ_ONLY = "is on a read-only file system: remount it read-write"


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """(mount point, project on it, published once to ``out``)."""
    with tmpfs(tmp_path / "disk") as where:
        project = fault_project(where / "project", monkeypatch, publish_to="out")
        yield where, project


EDITS = {
    "update": ("update", "water-outage", "Engineers are on site."),
    "resolve": ("resolve", "water-outage", "Water is back for every home."),
    "approve": ("approve", "water-outage", "--by", "Sam Carter"),
    "activate": ("activate", "draft-gas-leak"),
    "new": ("new", "gas-leak-north"),
}


@pytest.mark.parametrize("command", list(EDITS))
def test_an_edit_on_a_full_disk_says_so_and_changes_nothing(disk, command: str) -> None:
    where, project = disk
    if command == "resolve":  # worded for resolving, so that only the full disk refuses it
        path = project / "incidents" / "water-outage.yaml"
        path.write_text(ready_to_resolve(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = files_of(project / "incidents")
    fill(where)
    code, out, err = run(*EDITS[command])
    line = one_error_line(err)
    assert code == 74
    verb = "create incidents/gas-leak-north.yaml" if command == "new" else "save incidents/"
    assert line.startswith(f"darksite: cannot {verb}"), line
    assert f"the disk holding incidents {FULL}" in line
    assert line.endswith("; nothing was written" if command == "new" else
                         "; nothing was changed")
    assert files_of(project / "incidents") == before  # no byte changed, no temporary file left
    assert out == ""


@pytest.mark.parametrize("full_build", [False, True], ids=["fast-path", "full-build"])
def test_publish_on_a_full_disk_keeps_the_live_site(disk, full_build: bool) -> None:
    where, project = disk
    code, _, err = run("update", "water-outage", "Pumps are running again.")
    assert code == 0, err
    before = live_state(project / "out")
    releases = sorted(p.name for p in (project / "out" / "releases").iterdir())
    fill(where)
    code, _, err = run("publish", "--to", "out", *(["--full"] if full_build else []))
    line = one_error_line(err)
    assert code == 74
    assert f"the disk holding out {FULL}" in line
    assert line.endswith("; the live site was not changed")
    assert live_state(project / "out") == before
    assert_serves_complete_site(project / "out")
    assert sorted(p.name for p in (project / "out" / "releases").iterdir()) == releases


def test_check_works_on_a_full_disk_because_the_cache_is_only_a_cache(disk) -> None:
    where, project = disk
    (project / ".darksite-cache").rename(project / "old-cache")  # the cache must be rewritten
    fill(where)
    code, out, err = run("check")
    assert code == 0, err
    assert "2 incident file(s): no problems" in out


def test_build_into_a_full_disk_names_the_site_folder(disk) -> None:
    where, _ = disk
    fill(where)
    code, _, err = run("build", "-d", "elsewhere")
    line = one_error_line(err)
    assert code == 74
    assert line.startswith("darksite: the site could not be built: the disk holding")
    assert FULL in line


@pytest.mark.parametrize("command", ["update", "approve", "activate"])
def test_an_edit_on_a_read_only_file_system_says_so(disk, command: str) -> None:
    where, project = disk
    before = files_of(project / "incidents")
    remount(where, "ro")
    try:
        code, _, err = run(*EDITS[command])
    finally:
        remount(where, "rw")
    line = one_error_line(err)
    assert code == 74
    assert READ_ONLY in line and line.endswith("; nothing was changed")
    assert "incidents/" in line
    assert files_of(project / "incidents") == before


def test_publish_to_a_read_only_folder_keeps_the_live_site(disk) -> None:
    where, project = disk
    before = live_state(project / "out")
    remount(where, "ro")
    try:
        code, _, err = run("publish", "--to", "out")
    finally:
        remount(where, "rw")
    line = one_error_line(err)
    assert code == 74
    assert line == ("darksite: cannot lock the publish folder out (lock file out/.publish.lock): "
                    f"out {READ_ONLY} (or use a writable folder), then run the same command "
                    "again; the live site was not changed")
    assert live_state(project / "out") == before


def test_a_read_only_checkout_still_publishes_to_a_writable_folder(disk, tmp_path: Path) -> None:
    where, project = disk
    import shutil

    shutil.rmtree(project / ".darksite-cache")  # nothing cached: every cache write must fail
    remount(where, "ro")
    try:
        code, out, err = run("publish", "--to", str(tmp_path / "writable"))
    finally:
        remount(where, "rw")
    assert code == 0, err
    assert "published release" in out
    assert_serves_complete_site(tmp_path / "writable")
