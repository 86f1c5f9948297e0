"""The fast path killed with SIGKILL at any moment: ``current`` stays complete and unchanged.

The fast path builds its release out of hard links to the live one, so on
top of the guarantees of every publish (``current`` always resolves to a
complete release, as a web server sees it) a kill must never leave a live
file changed through a link. One real project is published in full once;
then, in a loop, an update is posted (every other time with a new title, so
that the fast path redraws every page's banner) and ``darksite publish``
(which takes the fast path) is started and killed with SIGKILL after a delay spread over
the length of a fast publish. After every kill ``current`` must be
complete, and every release must still hold exactly the bytes it had when
it went live. A last publish must succeed, fast, with the site a full build
makes.
"""

from __future__ import annotations

import hashlib
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from darksite.mkdocs.project import open_project
from darksite.ops.incidents import IncidentFolder
from darksite.ops.releases import MARKER, PublishDir
from darksite.ops.timeline import post_update
from darksite.outputs.precompress import precompress
from tests.conftest import build_project, incident_yaml, make_project
from tests.publish_kill_support import (
    complete,
    killed_publishes,
    publish_process,
    reading,
    spread_delays,
)

KILLS = 12


def digests(release: Path) -> dict[str, str]:
    return {path.relative_to(release).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in release.rglob("*") if path.is_file() and path.name != MARKER}


@pytest.mark.slow
@pytest.mark.usefixtures("wall_clock")
def test_sigkill_during_fast_publishes_never_touches_the_live_release(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", {
        "water-outage.yaml": incident_yaml("water-outage"),
        "gas-leak.yaml": incident_yaml("gas-leak", marker="GAS", status="resolved",
                                       resolved_at="2026-11-21T12:00:00+01:00"),
        "draft-flood.yaml": incident_yaml("draft-flood", status="draft", marker="KDRAFT"),
    })
    incidents = IncidentFolder.from_settings(open_project(root / "mkdocs.yml").settings)
    out = PublishDir(root / "public")
    first = publish_process(root)
    _, errors = first.communicate(timeout=120)
    assert first.returncode == 0, errors

    post_update(incidents, "water-outage", "A first update, published on the fast path.")
    started = time.monotonic()
    second = publish_process(root)
    printed, errors = second.communicate(timeout=120)
    assert second.returncode == 0, errors
    assert "fast path: incident water-outage changed" in printed
    fast = time.monotonic() - started

    seen: dict[str, dict[str, str]] = {}
    live = out.current.resolve()
    seen[live.name] = digests(live)

    def update_and_publish(number: int) -> subprocess.Popen:
        post_update(incidents, "water-outage", f"Update {number} while publishes are killed.")
        if number % 2:  # a new title: the banner is redrawn in every page (darksite.mkdocs.banner)
            path = root / "incidents" / "water-outage.yaml"
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r'(?m)^title: "(.*?)( \(\d+\))?"$',
                                   rf'title: "\1 ({number})"', text, count=1), encoding="utf-8")
        return publish_process(root)

    outcomes = []
    with reading(out.current) as reader:
        for outcome, live in killed_publishes(out, spread_delays(fast, KILLS, seed=20261126),
                                              update_and_publish):
            outcomes.append(outcome)
            seen.setdefault(live.name, digests(live))
    assert reader.bad == []
    assert outcomes.count(-signal.SIGKILL) >= KILLS // 3, outcomes

    for name, files in seen.items():  # no release changed after it went live
        if (out.releases / name).is_dir():
            assert digests(out.releases / name) == files, f"release {name} changed"

    last = publish_process(root)
    printed, errors = last.communicate(timeout=120)
    assert last.returncode == 0, errors
    assert "fast path" in printed or "full build" in printed
    released = out.current.resolve()
    full = build_project(root, site_dir=tmp_path / "full-build")
    precompress(full)  # as publish does before a release may go live
    assert digests(released) == digests(full)
    assert all(complete(path) for path in out.releases.iterdir())
