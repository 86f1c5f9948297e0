"""``watch`` keeps publishing after ``incidents/`` is replaced, renamed away or created late.

A real ``darksite watch`` process, real folders: after each replacement the
next edit must reach ``current`` (an inotify watch follows the old folder's
inode, so before the fix it silently saw nothing more).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import DARKSITE, incident_yaml, make_project


def wait_for(condition: Callable[[], object], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Watch:
    """``darksite watch --to public`` in ``root``, its output in files."""

    def __init__(self, root: Path, logs: Path) -> None:
        self.out_file, self.err_file = logs / "watch.out", logs / "watch.err"
        env = {k: v for k, v in os.environ.items() if k != "DARKSITE_REHEARSAL"}
        with self.out_file.open("w") as out, self.err_file.open("w") as err:
            self.process = subprocess.Popen([DARKSITE, "watch", "--to", "public"], cwd=root,
                                            stdout=out, stderr=err, env=env)

    @property
    def out(self) -> str:
        return self.out_file.read_text(encoding="utf-8")

    @property
    def err(self) -> str:
        return self.err_file.read_text(encoding="utf-8")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def live_page(root: Path) -> str:
    page = root / "public" / "current" / "water-outage" / "index.html"
    return page.read_text(encoding="utf-8") if page.is_file() else ""


def write_incident(folder: Path, marker: str) -> None:
    (folder / "water-outage.yaml").write_text(incident_yaml("water-outage", marker=marker),
                                              encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project",
                        {"water-outage.yaml": incident_yaml("water-outage", marker="WATCHV1")})


@pytest.fixture
def watching(root: Path, tmp_path: Path) -> Iterator[Watch]:
    running = Watch(root, tmp_path)
    try:
        wait_for(lambda: "watching" in running.out or running.process.poll() is not None,
                 "the first publish")
        assert running.process.poll() is None, running.err
        wait_for(lambda: "WATCHV1" in live_page(root), "the first release")
        yield running
    finally:
        running.stop()


def edit_is_published(root: Path, watching: Watch, marker: str) -> None:
    write_incident(root / "incidents", marker)
    wait_for(lambda: marker in live_page(root), f"{marker} to go live ({watching.err[-500:]})")


@pytest.mark.slow
def test_watch_publishes_after_the_folder_is_deleted_and_recreated(root: Path,
                                                                   watching: Watch) -> None:
    shutil.rmtree(root / "incidents")
    (root / "incidents").mkdir()
    edit_is_published(root, watching, "WATCHV2")
    edit_is_published(root, watching, "WATCHV3")  # the new folder itself is watched
    assert watching.process.poll() is None
    assert "Traceback" not in watching.err


@pytest.mark.slow
def test_watch_publishes_after_a_checkout_swaps_the_folder(root: Path, watching: Watch) -> None:
    fresh = root / "incidents.new"
    fresh.mkdir()
    write_incident(fresh, "WATCHSWAP")
    os.rename(root / "incidents", root / "incidents.old")
    os.rename(fresh, root / "incidents")
    wait_for(lambda: "WATCHSWAP" in live_page(root), "the swapped-in folder to go live")
    edit_is_published(root, watching, "WATCHAFTERSWAP")
    write_incident(root / "incidents.old", "WATCHOLDFOLDER")  # the old folder is not watched
    time.sleep(2)
    assert "WATCHAFTERSWAP" in live_page(root)
    assert "WATCHOLDFOLDER" not in live_page(root)


@pytest.mark.slow
def test_watch_starts_watching_an_incidents_folder_created_later(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", {})
    (root / "incidents").rmdir()
    running = Watch(root, tmp_path)
    try:
        wait_for(lambda: "watching" in running.out or running.process.poll() is not None,
                 "watch to start")
        assert "the incidents folder does not exist" in running.err
        (root / "incidents").mkdir()
        write_incident(root / "incidents", "WATCHLATE")
        wait_for(lambda: "WATCHLATE" in live_page(root), "the late folder's incident to go live")
    finally:
        running.stop()
