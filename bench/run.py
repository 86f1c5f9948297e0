"""The benchmark run: generate, build, measure, judge against the goals of issue 6.

Everything is measured in one run, the darksite and bare builds alternating
run by run, so that a ratio compares builds made under the same load on a
noisy machine.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import SyntheticIncident, generate_incidents
from bench.live import CommandChain, LiveMeasurement, measure_update_to_live
from bench.measure import BenchError, Run, median_seconds, peak_mib, run
from bench.projects import write_bare_project, write_darksite_project
from bench.report import Figure
from bench.weight import other_origin_requests, page_weight

Log = Callable[[str], None]

BARE_BASELINE = (
    "`mkdocs build` of the same pages as plain Markdown (each public incident at "
    "`<id>/index.md`, an archive and a home page listing them, the evergreen pages of "
    "`site_src/`), with a `mkdocs.yml` that `INHERIT`s the project's own (theme "
    "`material`, its palette, `font: false`, its `markdown_extensions`) and sets "
    "`plugins: []` (no darksite, no search), an empty `custom_dir`, no `extra_css`, "
    "`extra_javascript` or `hooks`, and the incident pages `not_in_nav` as darksite's "
    "are (see `bench/projects.py`)."
)

LIVE_GOAL_SIZE = 1_000
LITE_BUDGET = 14 * 1024
LITE_AIM = 6 * 1024


@dataclass(frozen=True)
class Plan:
    """What one run measures: the set sizes and how many runs per figure."""

    mode: str
    sizes: tuple[int, ...]
    runs: int
    live_sizes: tuple[int, ...]

    @property
    def large(self) -> int:
        return self.sizes[-1]

    @property
    def medium(self) -> int:
        return self.sizes[-2]

    @property
    def at_goal_sizes(self) -> bool:
        return self.large >= 1_000


QUICK = Plan(mode="quick", sizes=(10, 100), runs=1, live_sizes=(20,))
FULL = Plan(mode="full", sizes=(10, 100, 1_000), runs=3, live_sizes=(20, 1_000))


@dataclass
class SizeResult:
    """Every build and check of one set size."""

    n: int
    incidents: list[SyntheticIncident]
    darksite_root: Path
    darksite_site: Path
    bare_site: Path
    darksite_builds: list[Run] = field(default_factory=list)
    bare_builds: list[Run] = field(default_factory=list)
    checks: list[Run] = field(default_factory=list)
    cold_checks: list[Run] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return median_seconds(self.darksite_builds) / median_seconds(self.bare_builds)

    def first_active(self) -> str:
        for incident in self.incidents:
            if incident.status == "active":
                return incident.id
        raise BenchError(f"the N={self.n} set has no active incident")


def darksite_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "darksite", *args]


def mkdocs_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


def measure_size(n: int, work: Path, runs: int, log: Log) -> SizeResult:
    """Generate N incidents, write both projects, build each ``runs`` times, check ``runs``."""
    incidents = generate_incidents(n)
    base = work / f"n{n}"
    darksite_root = write_darksite_project(base / "darksite", incidents)
    bare_root = write_bare_project(base / "bare", incidents, darksite_root)
    result = SizeResult(n=n, incidents=incidents, darksite_root=darksite_root,
                        darksite_site=base / "darksite-site", bare_site=base / "bare-site")
    build_darksite = darksite_argv("build", "-d", str(result.darksite_site))
    build_bare = mkdocs_argv("build", "-q", "-d", str(result.bare_site))
    for index in range(runs):
        order = [("darksite", build_darksite), ("bare", build_bare)]
        for name, argv in order if index % 2 == 0 else reversed(order):
            root = darksite_root if name == "darksite" else bare_root
            measured = run(argv, cwd=root)
            (result.darksite_builds if name == "darksite" else result.bare_builds).append(measured)
        result.checks.append(run(darksite_argv("check"), cwd=darksite_root))
        shutil.rmtree(darksite_root / ".darksite-cache", ignore_errors=True)
        result.cold_checks.append(run(darksite_argv("check"), cwd=darksite_root))
    log(f"N={n:>5}: darksite build {median_seconds(result.darksite_builds):6.2f} s, "
        f"bare mkdocs build {median_seconds(result.bare_builds):6.2f} s, "
        f"check {median_seconds(result.cold_checks):5.2f} s cold, "
        f"{median_seconds(result.checks):5.2f} s warm, "
        f"peak {peak_mib(result.darksite_builds):6.1f} MiB")
    return result


def warm_up(work: Path, log: Log) -> None:
    """One untimed build of each kind, so that the first timed run does not pay for cold caches."""
    result = measure_size(5, work / "warm-up", 1, lambda _line: None)
    log(f"warm-up done ({result.darksite_builds[0].seconds:.2f} s)")


def measure_live(n: int, work: Path, runs: int, chain: CommandChain,
                 log: Log) -> list[LiveMeasurement] | str:
    """Update-to-live at size N, or the reason it cannot be measured here."""
    incidents = generate_incidents(n)
    project = write_darksite_project(work / f"live{n}" / "darksite", incidents)
    reason = chain.unavailable_reason(project)
    if reason is not None:
        log(f"update-to-live N={n}: not measured: {reason}")
        return reason
    active = next(i.id for i in incidents if i.status == "active")
    measured = list(measure_update_to_live(chain, project, work / f"live{n}" / "live",
                                           active, runs))
    seconds = sorted(m.seconds for m in measured)[len(measured) // 2]
    log(f"update-to-live N={n}: {seconds:.2f} s")
    return measured


def mb(mib: float) -> float:
    """MiB -> MB (10^6 bytes), the unit of the goal."""
    return mib * 1024 * 1024 / 1_000_000


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def judge(plan: Plan, sizes: dict[int, SizeResult],
          live: dict[int, list[LiveMeasurement] | str], own_origins: Sequence[str]
          ) -> tuple[list[Figure], list[str]]:
    """The table's rows against issue 6's goals, and the detail lines under it."""
    large, medium = sizes[plan.large], sizes[plan.medium]
    sized = plan.at_goal_sizes or None  # None: indicative only
    figures = []
    ratio = large.ratio
    figures.append(Figure(
        f"`darksite build` / bare `mkdocs build`, N={plan.large:,}", "<= 1.10",
        f"{ratio:.2f} ({median_seconds(large.darksite_builds):.2f} s / "
        f"{median_seconds(large.bare_builds):.2f} s)", ratio <= 1.10))
    growth = median_seconds(large.darksite_builds) / median_seconds(medium.darksite_builds)
    figures.append(Figure(
        f"build time at N={plan.large:,} / at N={plan.medium:,}",
        "<= 11 at 1,000 / 100 (linear)",
        f"{growth:.2f}", growth <= 11 if sized else None))
    figures.append(_live_figure(plan, live))
    check, cold = median_seconds(large.checks), median_seconds(large.cold_checks)
    figures.append(Figure(f"`darksite check` at N={plan.large:,}", "<= 2 s at N=1,000",
                          f"{cold:.2f} s with no parse cache, {check:.2f} s with it",
                          max(check, cold) <= 2 if sized else None))
    peak = mb(peak_mib(large.darksite_builds))
    figures.append(Figure(f"peak memory of a build at N={plan.large:,}",
                          "<= 150 MB at N=1,000", f"{peak:.0f} MB",
                          peak <= 150 if sized else None))
    active = large.first_active()
    page = f"{active}/index.html"
    ours, bare = page_weight(large.darksite_site, page), page_weight(large.bare_site, page)
    figures.append(Figure(
        "full incident page, everything it loads, gzipped",
        f"<= bare mkdocs-material page with the same content ({kb(bare.gzipped_bytes)}, "
        f"{bare.requests} requests)",
        f"{kb(ours.gzipped_bytes)} in {ours.requests} requests",
        ours.gzipped_bytes <= bare.gzipped_bytes))
    lites = [page_weight(large.darksite_site, f"lite/{i.id}/index.html")
             for i in large.incidents if i.is_public]
    heaviest = max(lites, key=lambda w: w.gzipped_bytes)
    lite_sizes = sorted(w.gzipped_bytes for w in lites)
    figures.append(Figure(
        "lite page, gzipped, all in", "<= 14 KB (aim 6 KB)",
        f"heaviest {kb(heaviest.gzipped_bytes)}, median {kb(lite_sizes[len(lite_sizes) // 2])} "
        f"({heaviest.requests} request(s))",
        heaviest.gzipped_bytes <= LITE_BUDGET))
    foreign = {
        page: urls for page, urls in other_origin_requests(large.darksite_site).items()
        if any(not url.startswith(tuple(own_origins)) for url in urls)
    }
    count = sum(len(urls) for urls in foreign.values())
    figures.append(Figure("requests to other origins from any page", "0",
                          f"{count} (over every page of the N={plan.large:,} build)",
                          count == 0))
    details = _details(plan, sizes, ours, bare, heaviest, foreign, live)
    return figures, details


def _live_figure(plan: Plan, live: dict[int, list[LiveMeasurement] | str]) -> Figure:
    parts = []
    at_goal: float | None = None
    missing = None
    for n, measured in sorted(live.items()):
        if isinstance(measured, str):
            parts.append(f"N={n:,}: not measured")
            missing = measured
            continue
        seconds = sorted(m.seconds for m in measured)[len(measured) // 2]
        parts.append(f"N={n:,}: {seconds:.2f} s")
        if n >= LIVE_GOAL_SIZE:
            at_goal = seconds
    passed = None if at_goal is None else at_goal <= 1.0
    if missing is not None:
        passed = False
    return Figure("update-to-live (`update` then publish)", "<= 1.0 s at N=1,000",
                  "; ".join(parts), passed, note=missing or "")


def _details(plan, sizes, ours, bare, heaviest, foreign, live) -> list[str]:
    lines = ["## Every measurement", "",
             "| N | darksite build (median) | bare mkdocs build (median) | ratio | "
             "`darksite check` | peak memory of the build |",
             "|---|---|---|---|---|---|"]
    for n, result in sorted(sizes.items()):
        lines.append(
            f"| {n:,} | {median_seconds(result.darksite_builds):.2f} s "
            f"({', '.join(f'{r.seconds:.2f}' for r in result.darksite_builds)}) | "
            f"{median_seconds(result.bare_builds):.2f} s "
            f"({', '.join(f'{r.seconds:.2f}' for r in result.bare_builds)}) | "
            f"{result.ratio:.2f} | {median_seconds(result.cold_checks):.2f} s cold, "
            f"{median_seconds(result.checks):.2f} s warm | "
            f"{mb(peak_mib(result.darksite_builds)):.0f} MB |")
    lines += ["", "Update-to-live, each run (update + publish = total):", ""]
    for n, measured in sorted(live.items()):
        if isinstance(measured, str):
            lines.append(f"- N={n:,}: not measured: {measured}")
        else:
            runs = "; ".join(f"{m.update.seconds:.2f} + {m.publish.seconds:.2f} = "
                             f"{m.seconds:.2f} s" for m in measured)
            lines.append(f"- N={n:,}: {runs}")
    lines += ["", "Full incident page, gzipped bytes per file (darksite | bare):", "",
              "| file | darksite | bare |", "|---|---|---|"]
    for name in sorted(set(ours.files) | set(bare.files)):
        shown = name if not name.endswith("/index.html") or name.startswith("lite") \
            else "the page's HTML"
        lines.append(f"| {shown} | {ours.files.get(name, '-')} | {bare.files.get(name, '-')} |")
    lines += ["", f"Heaviest lite page: `{heaviest.page}` ({heaviest.gzipped_bytes} bytes "
              f"gzipped, {heaviest.raw_bytes} raw)."]
    if foreign:
        lines += ["", "Pages loading from other origins:", ""]
        lines += [f"- `{page}`: {', '.join(urls)}" for page, urls in sorted(foreign.items())]
    lines.append("")
    return lines


def own_origins(darksite_root: Path) -> list[str]:
    """The site's own origin(s) from ``site_url``: a resource there is not foreign."""
    import re

    text = (darksite_root / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^site_url:\s*['\"]?(https?://[^/'\"\s]+)", text, re.MULTILINE)
    if not match:
        return []
    origin = match.group(1)
    return [origin + "/", origin.replace("https://", "//").replace("http://", "//") + "/"]
