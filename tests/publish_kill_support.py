"""What the SIGKILL tests of ``darksite publish`` share: the process, the reader, the kill loop.

``tests/test_ops_publish_kill.py`` kills full builds and
``tests/test_fastpath_kill.py`` kills fast-path publishes; both start
``darksite publish`` as a separate process, kill it with SIGKILL after
delays spread over the length of a publish (:func:`spread_delays`,
:func:`killed_publishes`), and watch ``current`` all the while from a
thread, as a web server sees it (:func:`reading`).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from darksite.ops.releases import MARKER, PublishDir
from tests.conftest import DARKSITE


def publish_process(root: Path, *options: str) -> subprocess.Popen:
    """``darksite publish --to public --keep 2 [options]`` started in ``root``, output piped."""
    env = {k: v for k, v in os.environ.items() if k != "DARKSITE_REHEARSAL"}
    return subprocess.Popen([DARKSITE, "publish", "--to", "public", "--keep", "2", *options],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)


def complete(path: Path) -> bool:
    """A release a web server can serve: its completion marker and an index.html."""
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


@contextmanager
def reading(current: Path) -> Iterator[Reader]:
    """A :class:`Reader` of ``current`` running for the length of the ``with`` block."""
    reader = Reader(current)
    reader.start()
    try:
        yield reader
    finally:
        reader.stop.set()
        reader.join(timeout=5)


def spread_delays(length: float, kills: int, seed: int) -> list[float]:
    """``kills`` delays, one in each equal slice of 1.1 x ``length``, in a seeded random order."""
    rng = random.Random(seed)
    delays = [length * 1.1 * (n + rng.random()) / kills for n in range(kills)]
    rng.shuffle(delays)
    return delays


def killed_publishes(
    out: PublishDir, delays: list[float], start: Callable[[int], subprocess.Popen]
) -> Iterator[tuple[int, Path]]:
    """For each delay: ``start(number)``, SIGKILL it after the delay, check ``current``.

    After every kill ``current`` must resolve to a complete release in
    ``out``; yields (the process's return code, that release).
    """
    for number, delay in enumerate(delays):
        process = start(number)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        live = out.current.resolve()
        assert live.parent == out.releases, live
        assert complete(live), f"current -> {live} is not complete after a kill at {delay:.2f}s"
        yield process.returncode, live
