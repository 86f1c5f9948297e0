"""Files and folders of the wrong kind where darksite expects its own: named, never a traceback.

A publish folder whose ``releases/`` is a file, a lock that is a folder, a
``current`` someone replaced by a file, an incident "file" that is a folder
or a dangling link: each is a one-line message naming the path and what is
there, and nothing (least of all the live site) is changed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.adversarial.faults_support import (
    assert_serves_complete_site,
    fault_project,
    files_of,
    live_state,
    one_error_line,
    run,
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return fault_project(tmp_path / "project", monkeypatch)


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return fault_project(tmp_path / "project", monkeypatch, publish_to="out")


def test_publish_to_an_existing_regular_file(project: Path) -> None:
    (project / "notes.txt").write_bytes(b"my notes\n")
    code, _, err = run("publish", "--to", "notes.txt")
    assert code == 74
    assert one_error_line(err) == (
        "darksite: notes.txt is a regular file, where a folder is needed: move it away (or "
        "choose another path), then run the same command again; the live site was not changed")
    assert (project / "notes.txt").read_bytes() == b"my notes\n"


def test_releases_that_is_a_regular_file(project: Path) -> None:
    (project / "out").mkdir()
    (project / "out" / "releases").write_bytes(b"x")
    code, _, err = run("publish", "--to", "out")
    assert code == 74
    assert one_error_line(err) == (
        "darksite: out/releases is a regular file, not what darksite expected there: move it "
        "away, then run the same command again; the live site was not changed")
    assert sorted(p.name for p in (project / "out").iterdir()) == ["releases"]


def test_releases_that_is_a_dangling_symlink(project: Path) -> None:
    (project / "out").mkdir()
    (project / "out" / "releases").symlink_to("/nonexistent/releases")
    code, _, err = run("publish", "--to", "out")
    assert code == 74
    line = one_error_line(err)
    assert "out/releases is a symbolic link to /nonexistent/releases, which does not exist" \
        in line
    assert line.endswith("the live site was not changed")


def test_publish_lock_that_is_a_folder_keeps_the_live_site(published: Path) -> None:
    out = published / "out"
    before = live_state(out)
    (out / ".publish.lock").unlink()
    (out / ".publish.lock").mkdir()
    code, _, err = run("publish", "--to", "out")
    assert code == 74
    assert one_error_line(err) == (
        "darksite: cannot lock the publish folder out (lock file out/.publish.lock): "
        "out/.publish.lock is a folder, where a file is needed: move it away (or name a file), "
        "then run the same command again; the live site was not changed")
    assert live_state(out) == before
    assert_serves_complete_site(out)


def test_publish_lock_that_is_a_dangling_symlink(published: Path) -> None:
    out = published / "out"
    before = live_state(out)
    (out / ".publish.lock").unlink()
    (out / ".publish.lock").symlink_to("/nonexistent/lock")
    code, _, err = run("publish", "--to", "out")
    assert code == 74
    line = one_error_line(err)
    assert "out/.publish.lock is a symbolic link to /nonexistent/lock, which does not exist" \
        in line
    assert live_state(out) == before
    assert not Path("/nonexistent/lock").exists()


def test_incident_lock_folder_that_is_a_file_refuses_the_edit(project: Path) -> None:
    before = files_of(project / "incidents")
    locks = project / "incidents" / ".darksite-locks"
    for child in locks.iterdir():
        child.unlink()
    locks.rmdir()
    locks.write_bytes(b"not a folder")
    code, _, err = run("update", "water-outage", "Crews are on site.")
    assert code == 74
    assert one_error_line(err) == (
        "darksite: cannot lock incidents/water-outage.yaml for editing: "
        "incidents/.darksite-locks is a regular file, not what darksite expected there: move "
        "it away, then run the same command again; nothing was changed")
    assert files_of(project / "incidents") == before


def test_current_replaced_by_a_regular_file_is_refused_by_publish_and_rollback(
        published: Path) -> None:
    out = published / "out"
    os.unlink(out / "current")
    (out / "current").write_bytes(b"hand-made\n")
    for command in (("publish", "--to", "out"), ("rollback", "--to", "out")):
        code, _, err = run(*command)
        assert code == 1
        assert one_error_line(err) == (
            "darksite: out/current is a regular file, not the symlink darksite manages: move it "
            "away (or publish to a new folder) so that it can be switched atomically; the live "
            "site was not changed")
    assert (out / "current").read_bytes() == b"hand-made\n"


def test_current_that_is_a_real_folder_is_refused(published: Path) -> None:
    out = published / "out"
    target = os.readlink(out / "current")
    os.unlink(out / "current")
    (out / "current").mkdir()
    code, _, err = run("publish", "--to", "out")
    assert code == 1
    assert "out/current is a folder, not the symlink darksite manages" in one_error_line(err)
    assert (out / target).is_dir()


def test_an_incident_file_that_is_a_folder_is_named_not_skipped(project: Path) -> None:
    (project / "incidents" / "storm.yaml").mkdir()
    code, out, _ = run("check")
    assert code == 0
    assert ("incidents/storm.yaml:1:1: warning[not-a-file] this is a folder, not an incident "
            "file, so it is left out") in out
    code, _, err = run("update", "storm", "News.")
    assert code == 1
    assert one_error_line(err) == (
        "darksite: incidents/storm.yaml is a folder, not an incident file: make it a regular "
        ".yaml file (or move it away)")


def test_an_incident_that_is_a_dangling_symlink_is_named(project: Path) -> None:
    (project / "incidents" / "flood.yaml").symlink_to("/nonexistent/flood.yaml")
    code, out, _ = run("check", "--strict")
    assert code == 1
    assert ("incidents/flood.yaml:1:1: warning[not-a-file] this is a symbolic link to "
            "/nonexistent/flood.yaml, which does not exist, not an incident file") in out


def test_a_project_without_an_incidents_folder(project: Path) -> None:
    import shutil

    shutil.rmtree(project / "incidents")
    code, out, _ = run("check")
    assert code == 1
    assert "incidents:1:1: error[no-incidents-folder] the incidents folder does not exist" in out
    code, _, err = run("update", "water-outage", "News.")
    assert code == 1
    assert one_error_line(err) == (
        "darksite: the incidents folder incidents/ does not exist: run darksite in the project "
        "folder (or pass -f PATH/mkdocs.yml)")
    code, _, err = run("new", "gas-leak")
    assert code == 1
    assert "the incidents folder incidents/ does not exist" in one_error_line(err)
    assert not (project / "incidents").exists()
