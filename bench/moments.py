"""Activate-to-live: from ``darksite activate`` to the incident on every page of the live site.

The moment a crisis begins is the moment a prepared draft is switched on:
the team runs ``darksite activate`` and ``darksite publish``, and until the
publish is done the public sees the holding site. Activation changes what
every page shows (the banner names the new incident), so before the fast
path could redraw the banner (:mod:`darksite.mkdocs.banner`) it meant a full
build. The figure is the wall and CPU time of the two commands, each in its
own process, counted only when the new page is live and a page the publish
did not render (a resolved incident's) names the new incident in its banner.

For comparison, in the same run and alternating with the activations: a
``publish --full`` of the same project (the cost of the old way), and a
severity change of an active incident (``darksite update --severity``),
which also redraws every page's banner.

    python -m bench.moments [--size 1000] [--runs 3] [--work DIR]

And ``resolve``-to-live: the newest resolved incident of the set is published as
active again (untimed), then its resolved text is put back and published (timed):
the archive, every listing of resolved incidents and the banner change.

Issue 10's goals: activate-to-live and resolve-to-live at most 1.0 s at N=1,000.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.generate import generate_incidents
from bench.measure import BenchError, Run, run
from bench.projects import write_darksite_project

GOAL_SECONDS = 1.0
PLACEHOLDERS = ("--set", "region=Leeds", "--set", "affected_count=1,200")
"""What the generated drafts leave open (:func:`bench.generate.generate_incidents`)."""


def _darksite(*words: str) -> list[str]:
    return [sys.executable, "-m", "darksite", *words]


def activate_to_live(project: Path, live: Path, draft: str, resolved: str) -> tuple[Run, Run]:
    """Activate ``draft`` and publish; check its page and that ``resolved``'s banner changed
    (the new incident is named there, or counted among the "N more")."""
    other = live / "current" / resolved / "index.html"
    before = other.read_text(encoding="utf-8")
    activate = run(_darksite("activate", draft, *PLACEHOLDERS), cwd=project)
    publish = run(_darksite("publish", "--to", str(live)), cwd=project)
    if "fast path" not in publish.output:
        raise BenchError(f"the activation of {draft} was built in full: {publish.output}")
    page = live / "current" / draft / "index.html"
    if not page.is_file() or other.read_text(encoding="utf-8") == before:
        raise BenchError(f"after publishing, {draft} is not live on every page")
    return activate, publish


def severity_to_live(project: Path, live: Path, incident: str, severity: str) -> Run:
    """Change ``incident``'s severity (the banner's order) and publish."""
    path = project / "incidents" / f"{incident}.yaml"
    text = path.read_text(encoding="utf-8")
    lines = [f"severity: {severity}" if line.startswith("severity:") else line
             for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    publish = run(_darksite("publish", "--to", str(live)), cwd=project)
    if "fast path" not in publish.output:
        raise BenchError(f"the severity change of {incident} was built in full: {publish.output}")
    return publish


def resolve_to_live(project: Path, live: Path, incident: str) -> Run:
    """Publish ``incident`` (resolved in the generated set) as active again (untimed: a change
    to a resolved incident is a full build), then resolve it by putting its resolved text
    back, and time that publish; check that the archive lists it first."""
    path = project / "incidents" / f"{incident}.yaml"
    resolved = path.read_text(encoding="utf-8")
    ongoing = re.sub(r"(?m)^resolved_at:.*\n", "",
                     re.sub(r"(?m)^status: resolved$", "status: active", resolved))
    path.write_text(ongoing, encoding="utf-8")
    run(_darksite("publish", "--to", str(live)), cwd=project)
    path.write_text(resolved, encoding="utf-8")
    publish = run(_darksite("publish", "--to", str(live)), cwd=project)
    if "fast path" not in publish.output:
        raise BenchError(f"the resolution of {incident} was built in full: {publish.output}")
    archive = (live / "current" / "archive" / "index.html").read_text(encoding="utf-8")
    first_card = archive.find('class="darksite-card')
    if first_card < 0 or f"/{incident}/" not in archive[first_card:first_card + 2000]:
        raise BenchError(f"after publishing, {incident} is not first in the archive")
    return publish


def _cpu(*runs: Run) -> float:
    return sum(r.cpu_seconds for r in runs)


def _wall(*runs: Run) -> float:
    return sum(r.seconds for r in runs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.moments",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="darksite-bench-moments-"))
    incidents = generate_incidents(args.size)
    drafts = [i.id for i in incidents if i.status == "draft"]
    resolved = next(i.id for i in incidents if i.status == "resolved")
    active = next(i.id for i in incidents if i.status == "active")
    if len(drafts) < args.runs + 1:
        raise SystemExit(f"N={args.size} has {len(drafts)} drafts; need {args.runs + 1}")
    project = write_darksite_project(work / "project", incidents)
    live = work / "live"
    first = run(_darksite("publish", "--to", str(live)), cwd=project)
    print(f"N={args.size}: first publish {first.seconds:.1f} s (untimed warm-up)", flush=True)
    activations: list[tuple[Run, Run]] = []
    severities: list[Run] = []
    resolutions: list[Run] = []
    fulls: list[Run] = []
    newest_resolved = max((i for i in incidents if i.status == "resolved"),
                          key=lambda i: i.data["resolved_at"])
    # The first activation is a warm-up (bytecode, page cache); then they alternate with
    # a full publish and a severity change, so that every figure sees the same load.
    activate_to_live(project, live, drafts[0], resolved)
    for number in range(args.runs):
        activations.append(activate_to_live(project, live, drafts[number + 1], resolved))
        a, p = activations[-1]
        print(f"  run {number + 1}: activate-to-live {_wall(a, p):.2f} s wall, "
              f"{_cpu(a, p):.2f} s CPU (publish {p.seconds:.2f} s)", flush=True)
        severities.append(severity_to_live(project, live, active,
                                           "critical" if number % 2 == 0 else "minor"))
        print(f"  run {number + 1}: severity-to-live {severities[-1].seconds:.2f} s wall",
              flush=True)
        resolutions.append(resolve_to_live(project, live, newest_resolved.id))
        print(f"  run {number + 1}: resolve-to-live {resolutions[-1].seconds:.2f} s wall, "
              f"{resolutions[-1].cpu_seconds:.2f} s CPU", flush=True)
        fulls.append(run(_darksite("publish", "--to", str(live), "--full"), cwd=project))
        print(f"  run {number + 1}: publish --full {fulls[-1].seconds:.2f} s wall, "
              f"{fulls[-1].cpu_seconds:.2f} s CPU", flush=True)
    wall = statistics.median(_wall(a, p) for a, p in activations)
    cpu = statistics.median(_cpu(a, p) for a, p in activations)
    publish_wall = statistics.median(p.seconds for _, p in activations)
    full_wall = statistics.median(r.seconds for r in fulls)
    severity_wall = statistics.median(r.seconds for r in severities)
    verdict = "met" if wall <= GOAL_SECONDS else "MISSED"
    print(f"activate-to-live: {wall:.2f} s wall, {cpu:.2f} s CPU, publish alone "
          f"{publish_wall:.2f} s (median of {args.runs}; goal <= {GOAL_SECONDS} s): {verdict}")
    print(f"severity change to live (publish): {severity_wall:.2f} s wall")
    resolve_wall = statistics.median(r.seconds for r in resolutions)
    resolve_cpu = statistics.median(r.cpu_seconds for r in resolutions)
    print(f"resolve-to-live (publish): {resolve_wall:.2f} s wall, {resolve_cpu:.2f} s CPU "
          f"(goal <= {GOAL_SECONDS} s): {'met' if resolve_wall <= GOAL_SECONDS else 'MISSED'}")
    print(f"publish --full of the same project: {full_wall:.2f} s wall "
          f"({full_wall / publish_wall:.1f}x the activation's publish)")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if verdict == "met" else 1


if __name__ == "__main__":
    sys.exit(main())
