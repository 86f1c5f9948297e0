"""``watch`` publishes an update to one incident while another is broken or unapproved.

The watch loop runs in-process in a thread (real watchdog observer, real
files, real publishes), bounded in time; a stop event ends it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from darksite.errors import DarksiteError
from darksite.ops.publish import Published
from darksite.ops.watch import watch
from tests.adversarial.isolation_support import (  # noqa: F401 - fixtures
    Live,
    live_fixture,
    published_template_fixture,
    replace_in,
)

TIMEOUT = 60


class Watching:
    def __init__(self, live: Live) -> None:
        self.published: list[Published] = []
        self.refused: list[DarksiteError] = []
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watch, args=(None, live.out), kwargs={
            "debounce": 0.2, "stop": self.stop, "on_published": self.published.append,
            "on_refused": self.refused.append, "on_ready": lambda paths: self.ready.set()},
            daemon=True)

    def wait_for(self, condition: Callable[[], object], what: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; refused: {self.refused}")


@pytest.fixture
def watching(live: Live) -> Iterator[Watching]:
    running = Watching(live)
    running.thread.start()
    try:
        running.wait_for(running.ready.is_set, "the first publish")
        yield running
    finally:
        running.stop.set()
        running.thread.join(timeout=TIMEOUT)
        assert not running.thread.is_alive()


@pytest.mark.parametrize("edit", [
    ("title: \"GB-TITLE water supply interrupted in Eastfield\"", "title: \"GB-TITLE oops"),
    ("severity: major", "severity: enormous"),
    ("GB-STATEMENT A water main burst", "GB-STATEMENT A gas main burst"),
], ids=["syntax-error", "validation-error", "unapproved-edit"])
def test_watch_publishes_a_while_b_is_held_back(live: Live, watching: Watching,
                                                edit: tuple[str, str]) -> None:
    before = live.snapshot_b()
    replace_in(live.incident("gas-b.yaml"), *edit)
    watching.wait_for(lambda: any(p.held for p in watching.published), "B held back")
    live.update_a()
    watching.wait_for(lambda: "WA-NEW-UPDATE" in live.page("water-a"), "A's update live")
    last = watching.published[-1]
    assert [held.file for held in last.held] == ["incidents/gas-b.yaml"]
    assert last.held[0].last_published
    assert live.snapshot_b() == before
    assert watching.refused == []
