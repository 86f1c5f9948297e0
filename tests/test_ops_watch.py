"""``darksite watch``: a valid edit goes live, a broken one is reported and the old site stays."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from darksite.ops.incidents import IncidentFolder
from darksite.ops.releases import MARKER, PublishDir
from darksite.ops.timeline import post_update
from tests.conftest import DARKSITE, incident_yaml, make_project


def wait_for(condition: Callable[[], object], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Watcher:
    def __init__(self, root: Path, logs: Path) -> None:
        self.out_file = logs / "watch.out"
        self.err_file = logs / "watch.err"
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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project",
                        {"water-outage.yaml": incident_yaml("water-outage", marker="WATCH")})


@pytest.fixture
def watcher(project: Path, tmp_path: Path) -> Iterator[Watcher]:
    running = Watcher(project, tmp_path)
    try:
        wait_for(lambda: "watching" in running.out or running.process.poll() is not None,
                 "the first publish")
        assert running.process.poll() is None, running.err
        yield running
    finally:
        running.stop()


def live_page(project: Path) -> str:
    return (project / "public" / "current" / "water-outage" / "index.html").read_text(
        encoding="utf-8")


@pytest.mark.slow
def test_watch_publishes_valid_edits_and_keeps_the_last_good_site_on_a_broken_one(
    project: Path, watcher: Watcher,
) -> None:
    out = PublishDir(project / "public")
    first = out.current_name()
    assert first is not None and (out.current / MARKER).is_file()

    folder = IncidentFolder(root=project, incidents_dir=project / "incidents")
    post_update(folder, "water-outage", "WATCH-LIVE-EDIT crews have fixed the main.")
    wait_for(lambda: out.current_name() != first, "a new release after a valid edit")
    wait_for(lambda: "WATCH-LIVE-EDIT" in live_page(project), "the edit on the live page")
    good = out.current_name()

    path = project / "incidents" / "water-outage.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: actve"),
                    encoding="utf-8")
    wait_for(lambda: "HELD BACK incidents/water-outage.yaml" in watcher.err,
             "the broken edit held back")
    assert "incidents/water-outage.yaml:3:" in watcher.err
    assert "its last published version stays live" in watcher.err
    wait_for(lambda: out.current_name() != good, "the release with the last good text")
    held = out.current_name()
    assert "WATCH-LIVE-EDIT" in live_page(project)
    assert watcher.process.poll() is None  # it keeps watching

    path.write_text(path.read_text(encoding="utf-8").replace(
        "status: actve", "status: active").replace("WATCH-LIVE-EDIT", "WATCH-FIXED-EDIT"),
        encoding="utf-8")
    wait_for(lambda: out.current_name() != held, "a new release once the file is fixed")
    wait_for(lambda: "WATCH-FIXED-EDIT" in live_page(project), "the fixed text live")


@pytest.mark.slow
def test_watch_ignores_editor_and_darksite_scratch_files(project: Path, watcher: Watcher) -> None:
    out = PublishDir(project / "public")
    first = out.current_name()
    published = watcher.out.count("published release")
    incidents = project / "incidents"
    (incidents / ".water-outage.yaml.swp").write_bytes(b"swap")
    (incidents / "water-outage.yaml~").write_text("backup", encoding="utf-8")
    (incidents / "4913").write_text("", encoding="utf-8")
    (incidents / ".darksite-locks").mkdir(exist_ok=True)
    (incidents / ".darksite-locks" / "water-outage.yaml.lock").write_text("", encoding="utf-8")
    time.sleep(1.5)
    assert out.current_name() == first
    assert watcher.out.count("published release") == published
