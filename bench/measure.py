"""Running a command in a child process and measuring its wall time and peak memory.

Every measured command runs as its own process, as a user runs it, so that
Python's start-up, imports and MkDocs' theme loading are paid as they are in
real life. Peak memory comes from ``os.wait4``, which returns the resource
usage of that one child (``ru_maxrss``, in KiB on Linux); unlike
``getrusage(RUSAGE_CHILDREN)`` it is not the maximum over every child the
benchmark has ever waited for. CPU time is the growth of
``getrusage(RUSAGE_CHILDREN)`` (user + system) across the run: the child and
every descendant it waited for (darksite's forked outputs process, Hugo's
threads), which wall time alone hides on a machine with two cores.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


class BenchError(RuntimeError):
    """Raised when a measured command fails: its figure would be meaningless."""


@dataclass(frozen=True)
class Run:
    """One finished command."""

    seconds: float
    max_rss_kib: int
    returncode: int
    output: str
    cpu_seconds: float = 0.0
    """User + system CPU of the process and of the children it waited for."""

    @property
    def max_rss_mib(self) -> float:
        return self.max_rss_kib / 1024


def bench_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every measured command: quiet, unbuffered, bytecode cached.

    ``PYTHONDONTWRITEBYTECODE`` is dropped: with it, an editable install of
    darksite compiles every one of its modules from source in every process
    (about a second per command on a loaded 2-core machine), while MkDocs,
    installed from a wheel, starts from its compiled files. A user's install
    is compiled; the warm-up run writes the cache before anything is timed.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({"NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"})
    env.pop("DARKSITE_REHEARSAL", None)
    env.update(extra or {})
    return env


def run(argv: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None,
        check: bool = True) -> Run:
    """Run ``argv`` in ``cwd``; wall time and the child's own peak resident memory.

    With ``check``, a non-zero exit raises :class:`BenchError` with the output.
    """
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as log:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        process = subprocess.Popen(list(argv), cwd=cwd, env=dict(env or bench_env()),
                                   stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    result = Run(seconds=seconds, max_rss_kib=usage.ru_maxrss, returncode=process.returncode,
                 output=output, cpu_seconds=cpu)
    if check and result.returncode != 0:
        tail = "\n".join(output.splitlines()[-30:])
        raise BenchError(f"{' '.join(argv)} (in {cwd}) exited {result.returncode}:\n{tail}")
    return result


def median_seconds(runs: Sequence[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def median_cpu(runs: Sequence[Run]) -> float:
    return statistics.median(r.cpu_seconds for r in runs)


def peak_mib(runs: Sequence[Run]) -> float:
    """The highest peak over ``runs``: memory is a ceiling, not a typical value."""
    return max(r.max_rss_mib for r in runs)
