"""``python -m bench.check``: ``darksite check`` at N incidents, cold and warm, wall and CPU.

Issue 15's goal: ``check`` at 1,000 incidents under 2 s. What it does:

1. generates N realistic incidents (:mod:`bench.generate`, the same set the
   build benchmark uses) into a copy of the shipped configuration
   (:func:`bench.projects.write_darksite_project`);
2. runs ``darksite check`` once unmeasured (Python's bytecode is written);
3. ``--runs`` times, interleaved: a **cold** check (``.darksite-cache``
   removed: every file parsed, every rule run) and a **warm** one (nothing
   changed since the last check: the parse and findings caches are used);
4. prints the medians of wall time and CPU (user + system of the process).

``check`` exits 1 when a generated incident has an error-level finding
(none should); that is reported, not hidden. Not part of the test suite:
run it on a quiet machine (``nice`` does not make the figures honest).
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.generate import generate_incidents
from bench.measure import Run, median_cpu, median_seconds, run
from bench.projects import write_darksite_project


def darksite_check() -> list[str]:
    return [sys.executable, "-m", "darksite", "check"]


def measure(n: int, runs: int, work: Path) -> tuple[list[Run], list[Run]]:
    """(cold runs, warm runs) of ``darksite check`` over N generated incidents."""
    root = write_darksite_project(work / f"n{n}", generate_incidents(n))
    cache = root / ".darksite-cache"
    run(darksite_check(), cwd=root, check=False)  # bytecode written, nothing timed
    cold: list[Run] = []
    warm: list[Run] = []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run(darksite_check(), cwd=root, check=False))
        warm.append(run(darksite_check(), cwd=root, check=False))
    for result in cold + warm:
        if result.returncode not in (0, 1):
            raise SystemExit(f"darksite check exited {result.returncode}:\n{result.output}")
    return cold, warm


def report(n: int, cold: Sequence[Run], warm: Sequence[Run]) -> str:
    """One Markdown table row per mode, with the machine and the date."""
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    machine = f"{platform.machine()}, Python {platform.python_version()}, {when}"
    return "\n".join([
        f"`darksite check` at N={n:,} ({len(cold)} runs each, medians; {machine})",
        "",
        "| mode | wall | CPU |",
        "|---|---|---|",
        f"| cold (no .darksite-cache) | {median_seconds(cold):.2f} s | {median_cpu(cold):.2f} s |",
        f"| warm (nothing changed) | {median_seconds(warm):.2f} s | {median_cpu(warm):.2f} s |",
    ])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.check", description=__doc__)
    parser.add_argument("-n", type=int, default=1000, help="incidents (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per mode (default 3)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    options = parser.parse_args(argv)
    if options.keep is not None:
        cold, warm = measure(options.n, options.runs, options.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="darksite-check-bench-") as work:
            cold, warm = measure(options.n, options.runs, Path(work))
    print(report(options.n, cold, warm))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
