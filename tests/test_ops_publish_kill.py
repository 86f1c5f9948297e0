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

import signal
import time
from pathlib import Path

import pytest

from darksite.ops.releases import TEMP_LINK_PREFIX, TRASH_PREFIX, PublishDir
from tests.conftest import incident_yaml, make_project
from tests.publish_kill_support import (
    complete,
    killed_publishes,
    publish_process,
    reading,
    spread_delays,
)

KILLS = 15
FULL = "--full"
"""Killed at moments spread over a full build (tests/test_fastpath_kill.py kills the fast
path, which a publish without changes would otherwise take)."""


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_current_on_a_complete_release(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", {
        "water-outage.yaml": incident_yaml("water-outage"),
        "draft-gas-leak.yaml": incident_yaml("draft-gas-leak", status="draft", marker="KDRAFT"),
    })
    out = PublishDir(root / "public")
    started = time.monotonic()
    first = publish_process(root, FULL)
    _, errors = first.communicate(timeout=120)
    assert first.returncode == 0, errors
    full = time.monotonic() - started
    assert complete(out.current.resolve())

    delays = spread_delays(full, KILLS, seed=20261125)
    with reading(out.current) as reader:
        outcomes = [outcome for outcome, _ in
                    killed_publishes(out, delays, lambda _: publish_process(root, FULL))]
    assert reader.bad == []
    assert reader.reads > 100
    assert outcomes.count(-signal.SIGKILL) >= KILLS // 2, outcomes  # most kills hit mid-publish

    last = publish_process(root, FULL)
    _, errors = last.communicate(timeout=120)
    assert last.returncode == 0, errors
    releases = [p for p in out.releases.iterdir()]
    assert all(complete(p) for p in releases), [p.name for p in releases if not complete(p)]
    assert not [p for p in releases if p.name.startswith(TRASH_PREFIX)]
    assert not list(out.root.glob(f"{TEMP_LINK_PREFIX}*"))
    assert len(out.complete_releases()) <= 3  # --keep 2, plus the rollback target at most
