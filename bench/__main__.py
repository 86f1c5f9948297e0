"""``python -m bench``: darksite's benchmarks against the goals of issues 6 and 18.

Quick mode (the default, run by the test suite) measures N = 10 and 40 once
each and writes ``bench/results/performance-quick.md`` (not committed);
``--full`` measures N = 100, 1,000 and 3,000, median of 3, and writes
``docs/performance.md``; ``--huge`` adds N = 10,000; ``--sizes`` replaces the
sizes (e.g. ``--full --sizes 100,1000`` when time is short). Exit 0 when
the run completed, whatever the verdicts (the report says which goals
fail), 1 when a measured command failed, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench import report
from bench.live import PUBLISH_COMMAND, UPDATE_COMMAND, CommandChain
from bench.measure import BenchError
from bench.run import (
    BARE_BASELINE,
    FULL,
    HUGE,
    QUICK,
    judge,
    measure_live,
    measure_size,
    own_origins,
    warm_up,
)

REPO = Path(__file__).resolve().parent.parent
FULL_OUTPUT = REPO / "docs" / "performance.md"
QUICK_OUTPUT = REPO / "bench" / "results" / "performance-quick.md"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--full", action="store_true",
                        help="N = 100, 1,000, 3,000 with medians of 3 (default: quick mode)")
    parser.add_argument("--huge", action="store_true",
                        help="as --full, plus N = 10,000")
    parser.add_argument("--sizes", default=None,
                        help="comma-separated set sizes instead of the mode's")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per figure (default: 1 quick, 3 full; at least 3 for medians)")
    parser.add_argument("--large-runs", type=int, default=None,
                        help="runs per figure above N=1,000 (default: as --runs; 1 with --huge)")
    parser.add_argument("--no-pipeline", action="store_true",
                        help="leave out the pipeline build (build --renderer mkdocs-material)")
    parser.add_argument("--output", type=Path, default=None,
                        help="report file (default: docs/performance.md with --full, else "
                             "bench/results/performance-quick.md)")
    parser.add_argument("--work", type=Path, default=None,
                        help="folder for the generated projects (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument("--update-command", default=UPDATE_COMMAND,
                        help=f"update step of update-to-live (default: {UPDATE_COMMAND!r})")
    parser.add_argument("--publish-command", default=PUBLISH_COMMAND,
                        help=f"publish step of update-to-live (default: {PUBLISH_COMMAND!r})")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    plan = HUGE if args.huge else FULL if args.full else QUICK
    if args.sizes:
        try:
            sizes = tuple(sorted(int(n) for n in args.sizes.split(",")))
        except ValueError:
            build_parser().error("--sizes takes numbers separated by commas")
        if len(sizes) < 2 or sizes[0] < 2:
            build_parser().error("--sizes needs at least two sizes of 2 or more")
        plan = dataclasses.replace(plan, sizes=sizes)
    if args.runs is not None:
        if args.runs < 1:
            build_parser().error("--runs must be at least 1")
        plan = dataclasses.replace(plan, runs=args.runs)
    if args.no_pipeline:
        plan = dataclasses.replace(plan, pipeline=False)
    if args.large_runs is not None:
        if args.large_runs < 1:
            build_parser().error("--large-runs must be at least 1")
        plan = dataclasses.replace(plan, large_runs=args.large_runs)
    output = args.output or (FULL_OUTPUT if plan.mode != "quick" else QUICK_OUTPUT)
    chain = CommandChain(args.update_command, args.publish_command)
    work = args.work or Path(tempfile.mkdtemp(prefix="darksite-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        text, figures = _measure(plan, work, chain)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print()
    print(report.table(figures))
    print(f"\n{plan.mode} mode, {time.perf_counter() - started:.0f} s; report written to {output}")
    return 0


def _measure(plan, work: Path, chain: CommandChain) -> tuple[str, list[report.Figure]]:
    def log(line: str) -> None:
        print(line, flush=True)

    load_before = os.getloadavg()[0]
    log(f"darksite benchmarks, {plan.mode} mode: N = {', '.join(map(str, plan.sizes))}, "
        f"{plan.runs} run(s) each, in {work}")
    warm_up(work, log)
    sizes = {n: measure_size(n, work, plan.runs_for(n), log, plan.pipeline) for n in plan.sizes}
    live = {n: measure_live(n, work, plan.runs, chain, log) for n in plan.live_sizes}
    origins = own_origins(sizes[plan.goal].darksite_root)
    figures, details = judge(plan, sizes, live, origins)
    text = report.render(figures, mode=plan.mode, runs=plan.runs, sizes=plan.sizes,
                         details=details, baseline=BARE_BASELINE,
                         live_chain=chain.description,
                         load=(load_before, os.getloadavg()[0]))
    return text, figures


if __name__ == "__main__":
    sys.exit(main())
