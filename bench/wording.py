"""``python -m bench.wording``: what the learned wording checks cost in ``darksite check``.

Generates N synthetic incidents (default 1,000, as the ``check`` goal of
issue 6 says), runs ``darksite check`` on them cold (no parse cache) and warm,
``--runs`` times each, and times in-process the learned scorer alone on every
apology and action step of those incidents (first call per text: no cache),
so the share of the 2 s budget the model takes is visible (CPU time, which a
loaded machine distorts less than wall time). Prints one line per figure;
exit 1 when a check run fails.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate_incidents
from bench.measure import BenchError, median_seconds, run
from bench.projects import write_darksite_project
from bench.run import darksite_argv


def scorer_seconds(texts: list[tuple[str, str]], clock=time.process_time) -> float:
    """CPU seconds to score every (task, text) once, with the scorer's caches cleared first.

    CPU time, not wall time: on a shared machine the wall clock mostly measures
    the neighbours."""
    from darksite.checks import wording_model
    from darksite.checks.memos import forget_text_memos, forget_word_memos

    wording_model.load.cache_clear()
    wording_model.load()  # reading the weights is paid once per process; timed separately
    forget_text_memos()
    forget_word_memos()
    start = clock()
    for task, text in texts:
        wording_model.score(task, text)
    return clock() - start


def weights_seconds(clock=time.process_time) -> float:
    """CPU seconds to read and parse the shipped weights (once per process)."""
    from darksite.checks import wording_model

    wording_model.load.cache_clear()
    start = clock()
    wording_model.load()
    return clock() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.wording",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="incidents (default 1,000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    args = parser.parse_args(argv)
    incidents = generate_incidents(args.n)
    texts = []
    for incident in incidents:
        data = incident.data
        if data.get("apology"):
            texts.append(("apology", data["apology"]["text"]))
        texts += [("action", action["step"]) for action in data.get("actions") or []]
    work = Path(tempfile.mkdtemp(prefix="darksite-bench-wording-"))
    try:
        root = write_darksite_project(work / "project", incidents)
        warm, cold = [], []
        for _ in range(args.runs):
            shutil.rmtree(root / ".darksite-cache", ignore_errors=True)
            cold.append(run(darksite_argv("check"), cwd=root))
            warm.append(run(darksite_argv("check"), cwd=root))
    except BenchError as error:
        print(f"bench.wording: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"darksite check at N={args.n:,}: {median_seconds(cold):.2f} s cold, "
          f"{median_seconds(warm):.2f} s warm (median of {args.runs}; goal <= 2 s)")
    print(f"learned scorer alone: {len(texts):,} texts "
          f"({len({t for _, t in texts}):,} distinct) in {scorer_seconds(texts) * 1000:.0f} ms "
          f"of CPU; reading the weights {weights_seconds() * 1000:.0f} ms of CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
