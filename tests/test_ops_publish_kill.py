"""``darksite publish`` killed with SIGKILL at any moment: ``current`` is always complete.

One real project; a first publish makes ``current`` exist. Then, in a loop,
``darksite publish`` is started as a separate process and killed with
SIGKILL after a delay spread over the whole length of a publish (start-up,
build, verification, marker, switch, prune). After each kill, and all the
time in between from a reader thread (a web server's view), ``current``
must resolve to a release with its completion marker and an index.html. A
last, uninterrupted publish must clean up whatever the killed ones left.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from darksite.ops.releases import MARKER, TEMP_LINK_PREFIX, TRASH_PREFIX, PublishDir
from tests.conftest import incident_yaml, make_project

DARKSITE = shutil.which("darksite") or str(Path(sys.executable).parent / "darksite")
KILLS = 15


def publish_process(root: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DARKSITE_REHEARSAL"}
    # --full: killed at moments spread over a full build (tests/test_fastpath_kill.py kills
    # the fast path, which a publish without changes would otherwise take).
    return subprocess.Popen([DARKSITE, "publish", "--to", "public", "--keep", "2", "--full"],
                            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def complete(path: Path) -> bool:
    return (path / MARKER).is_file() and (path / "index.html").is_file()


class Reader(threading.Thread):
    """Resolves ``current`` over and over, as a web server does, recording any bad view."""

    def __init__(self, current: Path) -> None:
        super().__init__(daemon=True)
        self.current = current
        self.stop = threading.Event()
        self.bad: list[str] = []
        self.reads = 0

    def run(self) -> None:
        while not self.stop.is_set():
            target = Path(os.path.realpath(self.current))
            try:
                index = (target / "index.html").read_bytes()
            except OSError as error:
                self.bad.append(f"{target}: {error}")
            else:
                if not index.strip():
                    self.bad.append(f"{target}: empty index.html")
            self.reads += 1
            time.sleep(0.002)


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_current_on_a_complete_release(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", {
        "water-outage.yaml": incident_yaml("water-outage"),
        "draft-gas-leak.yaml": incident_yaml("draft-gas-leak", status="draft", marker="KDRAFT"),
    })
    out = PublishDir(root / "public")
    started = time.monotonic()
    first = publish_process(root)
    _, errors = first.communicate(timeout=120)
    assert first.returncode == 0, errors
    full = time.monotonic() - started
    assert complete(out.current.resolve())

    reader = Reader(out.current)
    reader.start()
    rng = random.Random(20261125)
    delays = [full * 1.1 * (n + rng.random()) / KILLS for n in range(KILLS)]
    rng.shuffle(delays)
    outcomes = []
    try:
        for delay in delays:
            process = publish_process(root)
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            outcomes.append(process.returncode)
            live = out.current.resolve()
            assert live.parent == out.releases, live
            assert complete(live), f"current -> {live} is not complete after a kill at {delay:.2f}s"
    finally:
        reader.stop.set()
        reader.join(timeout=5)
    assert reader.bad == []
    assert reader.reads > 100
    assert outcomes.count(-signal.SIGKILL) >= KILLS // 2, outcomes  # most kills hit mid-publish

    last = publish_process(root)
    _, errors = last.communicate(timeout=120)
    assert last.returncode == 0, errors
    releases = [p for p in out.releases.iterdir()]
    assert all(complete(p) for p in releases), [p.name for p in releases if not complete(p)]
    assert not [p for p in releases if p.name.startswith(TRASH_PREFIX)]
    assert not list(out.root.glob(f"{TEMP_LINK_PREFIX}*"))
    assert len(out.complete_releases()) <= 3  # --keep 2, plus the rollback target at most
