"""The one mapping (darksite.fs_errors) on real faults made by real system calls.

Each OSError here comes from the kernel (a name too long, two file systems,
a file-descriptor limit, a link that points to itself), not from a
constructed exception, and the message must name the path and the fix.
"""

from __future__ import annotations

import contextlib
import errno
import os
import resource
from pathlib import Path

import pytest

from darksite.fs_errors import explain
from tests.adversarial.faults_support import fault_project, one_error_line, run, tmpfs


def raised(action) -> OSError:
    try:
        action()
    except OSError as error:
        return error
    raise AssertionError("no OSError")


def test_a_name_too_long_for_the_file_system(tmp_path: Path, monkeypatch) -> None:
    fault_project(tmp_path / "project", monkeypatch)
    long_name = "x" * 300
    code, _, err = run("publish", "--to", long_name)
    assert code == 74
    assert one_error_line(err) == (
        f"darksite: the name {long_name}/current is too long for the file system: use a shorter "
        "id or folder, then run the same command again; the live site was not changed")


def test_two_file_systems_where_one_is_needed(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "other", size="1m") as other:
        source = tmp_path / "release"
        source.mkdir()
        error = raised(lambda: os.rename(source, other / "release"))
        assert error.errno == errno.EXDEV
        told = explain(error, outcome="the live site was not changed")
    assert str(told) == (
        f"{source} and {other / 'release'} are on different file systems: keep the publish "
        "folder on one file system, then run the same command again; the live site was not "
        "changed")


def test_too_many_open_files(tmp_path: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    opened: list[int] = []
    target = tmp_path / "x.yaml"
    target.write_text("id: x\n", encoding="utf-8")
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
    try:
        def exhaust() -> None:
            while True:
                opened.append(os.open(target, os.O_RDONLY))

        error = raised(exhaust)
    finally:
        for fd in opened:
            with contextlib.suppress(OSError):
                os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert error.errno == errno.EMFILE
    assert str(explain(error)) == (
        "too many files are open (the limit is " + str(soft) + "): raise the limit (ulimit -n "
        "4096) or close other programs, then run the same command again")


def test_a_link_that_points_to_itself(tmp_path: Path) -> None:
    loop = tmp_path / "current"
    loop.symlink_to(loop)
    error = raised(lambda: loop.read_bytes())
    assert error.errno == errno.ELOOP
    assert "is a symbolic link to " in str(explain(error))
    assert "remove or fix the link" in str(explain(error))


@pytest.mark.parametrize(("make", "expected"), [
    ("file-as-folder", "is a regular file, where a folder is needed"),
    ("folder-as-file", "is a folder, where a file is needed"),
])
def test_wrong_kinds_from_the_kernel(tmp_path: Path, make: str, expected: str) -> None:
    if make == "file-as-folder":
        (tmp_path / "out").write_bytes(b"")
        error = raised(lambda: (tmp_path / "out" / "releases").mkdir())
        culprit = tmp_path / "out"
    else:
        (tmp_path / "status.json").mkdir()
        error = raised(lambda: (tmp_path / "status.json").write_text("{}"))
        culprit = tmp_path / "status.json"
    told = str(explain(error))
    assert told.startswith(f"{culprit} {expected}"), told


def test_a_fault_in_the_outputs_process_is_raised_again_in_the_build(tmp_path: Path) -> None:
    """The feeds are written by a forked child; its full disk must read like the parent's."""
    from darksite.outputs.background import OutputsChild

    (tmp_path / "status.json").write_bytes(b"")
    child = OutputsChild.start(lambda: (tmp_path / "status.json" / "x").mkdir())
    with pytest.raises(NotADirectoryError) as caught:
        child.join()
    assert caught.value.errno == errno.ENOTDIR
    assert caught.value.filename == str(tmp_path / "status.json" / "x")
    assert str(explain(caught.value)).startswith(
        f"{tmp_path / 'status.json'} is a regular file, where a folder is needed")


def test_an_inotify_limit_is_not_told_as_a_full_disk(tmp_path: Path) -> None:
    """watchdog reports the kernel's watch limit as ENOSPC (raising the real limit would need
    a system-wide sysctl that other processes on the machine share, so the error is built)."""
    from darksite.ops.watch import watch_failure

    told = watch_failure(tmp_path, OSError(errno.ENOSPC, "inotify watch limit reached"))
    assert told == (f"cannot watch {tmp_path}: the system's limit of inotify watches is reached "
                    "(this is not a full disk): raise it, e.g. sudo sysctl "
                    "fs.inotify.max_user_watches=524288, then run the same command again")
