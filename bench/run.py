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

from bench.generate import (
    SyntheticIncident,
    generate_incidents,
    public_words,
    unique_markdown_share,
)
from bench.live import CommandChain, LiveMeasurement, measure_update_to_live
from bench.measure import BenchError, Run, median_cpu, median_seconds, peak_mib, run
from bench.projects import write_bare_project, write_darksite_project, write_hugo_project
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
GOAL_SIZE = 1_000
LITE_BUDGET = 14 * 1024
LITE_AIM = 6 * 1024
STATUS_BUDGET = 1_000_000
HUGO = shutil.which("hugo")

OUTPUT_FILES = {
    "status.json": "status.json",
    "archive page": "archive/index.html",
    "lite index": "lite/index.html",
    "sitemap": "sitemap.xml",
}


@dataclass(frozen=True)
class Plan:
    """What one run measures: the set sizes and how many runs per figure."""

    mode: str
    sizes: tuple[int, ...]
    runs: int
    live_sizes: tuple[int, ...]
    large_runs: int | None = None
    """Runs per figure above N=1,000 (``None``: ``runs``): on a shared 2-core machine three
    runs at 3,000 cost half an hour, so the growth figure may rest on fewer."""

    pipeline: bool = True
    """Also measure ``build --renderer mkdocs-material`` (``--no-pipeline`` leaves it out)."""

    def runs_for(self, n: int) -> int:
        return self.runs if self.large_runs is None or n <= GOAL_SIZE else self.large_runs

    @property
    def large(self) -> int:
        return self.sizes[-1]

    @property
    def goal(self) -> int:
        """The size the goals name (N=1,000), or the largest measured below it."""
        return GOAL_SIZE if GOAL_SIZE in self.sizes else self.large

    @property
    def at_goal_sizes(self) -> bool:
        return GOAL_SIZE in self.sizes


QUICK = Plan(mode="quick", sizes=(10, 40), runs=1, live_sizes=(20,))
FULL = Plan(mode="full", sizes=(100, 1_000, 3_000), runs=3, live_sizes=(20, 1_000))
HUGE = Plan(mode="huge", sizes=(100, 1_000, 3_000, 10_000), runs=3, live_sizes=(20, 1_000),
            large_runs=1)


@dataclass
class SizeResult:
    """Every build and check of one set size."""

    n: int
    incidents: list[SyntheticIncident]
    darksite_root: Path
    darksite_site: Path
    bare_site: Path
    hugo_site: Path
    cold_builds: list[Run] = field(default_factory=list)
    warm_builds: list[Run] = field(default_factory=list)
    pipeline_cold: list[Run] = field(default_factory=list)
    """``darksite build --renderer mkdocs-material``: the generated tree, no plugin."""
    pipeline_warm: list[Run] = field(default_factory=list)
    pipeline_update: list[Run] = field(default_factory=list)
    """The same, into the same folder, after ``darksite update`` to one active incident."""
    publishes: list[Run] = field(default_factory=list)
    bare_builds: list[Run] = field(default_factory=list)
    hugo_builds: list[Run] = field(default_factory=list)
    checks: list[Run] = field(default_factory=list)
    cold_checks: list[Run] = field(default_factory=list)
    output_bytes: dict[str, int] = field(default_factory=dict)
    site_bytes: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Total bytes and file count of each built site (darksite, bare, hugo)."""
    unique_fields: tuple[int, int] = (0, 0)
    words: float = 0.0

    @property
    def darksite_builds(self) -> list[Run]:
        return self.cold_builds

    @property
    def ratio(self) -> float:
        return median_seconds(self.cold_builds) / median_seconds(self.bare_builds)

    @property
    def cpu_ratio(self) -> float:
        return median_cpu(self.cold_builds) / median_cpu(self.bare_builds)

    @property
    def warm_ratio(self) -> float:
        return median_seconds(self.warm_builds) / median_seconds(self.bare_builds)

    @property
    def warm_cpu_ratio(self) -> float:
        return median_cpu(self.warm_builds) / median_cpu(self.bare_builds)

    def over_bare(self, runs: Sequence[Run]) -> tuple[float, float]:
        """(wall, CPU) medians of ``runs`` over the bare build's."""
        return (median_seconds(runs) / median_seconds(self.bare_builds),
                median_cpu(runs) / median_cpu(self.bare_builds))

    def first_active(self) -> str:
        for incident in self.incidents:
            if incident.status == "active":
                return incident.id
        raise BenchError(f"the N={self.n} set has no active incident")


def darksite_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "darksite", *args]


def mkdocs_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under ``folder``."""
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    return sum(sizes), len(sizes)


def measure_size(n: int, work: Path, runs: int, log: Log, pipeline: bool = True) -> SizeResult:
    """Generate N incidents, write the three projects, build each ``runs`` times, interleaved.

    Each run makes a cold darksite build (no ``.darksite-cache``), a bare
    mkdocs-material build, a warm darksite build (nothing changed since the
    last build), a Hugo build and a ``publish --full`` into a fresh folder;
    odd runs swap the neighbours, so no kind always runs first.
    """
    incidents = generate_incidents(n)
    base = work / f"n{n}"
    darksite_root = write_darksite_project(base / "darksite", incidents)
    bare_root = write_bare_project(base / "bare", incidents, darksite_root)
    hugo_root = write_hugo_project(base / "hugo", incidents)
    public = [i for i in incidents if i.is_public]
    result = SizeResult(n=n, incidents=incidents, darksite_root=darksite_root,
                        darksite_site=base / "darksite-site", bare_site=base / "bare-site",
                        hugo_site=base / "hugo-site",
                        unique_fields=unique_markdown_share(incidents),
                        words=sum(public_words(i.data) for i in public) / max(1, len(public)))
    cache = darksite_root / ".darksite-cache"
    build = darksite_argv("build", "-d", str(result.darksite_site))

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        result.cold_builds.append(run(build, cwd=darksite_root))

    def warm() -> None:
        result.warm_builds.append(run(build, cwd=darksite_root))

    def bare() -> None:
        result.bare_builds.append(
            run(mkdocs_argv("build", "-q", "-d", str(result.bare_site)), cwd=bare_root))

    def hugo() -> None:
        if HUGO:
            shutil.rmtree(result.hugo_site, ignore_errors=True)
            result.hugo_builds.append(run([HUGO, "--quiet", "--destination",
                                           str(result.hugo_site)], cwd=hugo_root))

    pipeline_build = darksite_argv("build", "--renderer", "mkdocs-material", "-d",
                                   str(base / "pipeline-site"))

    def pipeline_cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        result.pipeline_cold.append(run(pipeline_build, cwd=darksite_root))

    def pipeline_warm() -> None:
        result.pipeline_warm.append(run(pipeline_build, cwd=darksite_root))

    def pipeline_update() -> None:
        """One update, as on the night (not timed), then the build that publishes it."""
        words = f"Update {len(result.pipeline_update) + 1} of the benchmark: crews are on site."
        run(darksite_argv("update", result.first_active(), words), cwd=darksite_root)
        result.pipeline_update.append(run(pipeline_build, cwd=darksite_root))

    def publish() -> None:
        live = base / f"live{len(result.publishes)}"
        shutil.rmtree(live, ignore_errors=True)
        result.publishes.append(run(darksite_argv("publish", "--full", "--to", str(live)),
                                    cwd=darksite_root))
        shutil.rmtree(live, ignore_errors=True)

    for index in range(runs):
        order = [cold, bare, warm, hugo, publish] if index % 2 == 0 else \
            [bare, cold, hugo, warm, publish]
        if pipeline:
            order += [pipeline_cold, pipeline_warm, pipeline_update]
        for step in order:
            step()
        result.checks.append(run(darksite_argv("check"), cwd=darksite_root))
        shutil.rmtree(cache, ignore_errors=True)
        result.cold_checks.append(run(darksite_argv("check"), cwd=darksite_root))
    for name, path in OUTPUT_FILES.items():
        target = result.darksite_site / path
        result.output_bytes[name] = target.stat().st_size if target.exists() else 0
    result.site_bytes["darksite"] = tree_size(result.darksite_site)
    result.site_bytes["bare"] = tree_size(result.bare_site)
    if HUGO:
        result.site_bytes["hugo"] = tree_size(result.hugo_site)
    hugo_text = f"{median_seconds(result.hugo_builds):5.2f} s" if result.hugo_builds else "n/a"
    log(f"N={n:>5}: darksite cold {median_seconds(result.cold_builds):6.2f} s "
        f"(CPU {median_cpu(result.cold_builds):6.2f}), warm "
        f"{median_seconds(result.warm_builds):6.2f} s, publish --full "
        f"{median_seconds(result.publishes):6.2f} s; bare mkdocs "
        f"{median_seconds(result.bare_builds):6.2f} s (CPU {median_cpu(result.bare_builds):6.2f}); "
        f"hugo {hugo_text}; peak build {peak_mib(result.cold_builds):6.1f} MiB, publish "
        f"{peak_mib(result.publishes):6.1f} MiB; status.json "
        f"{result.output_bytes['status.json'] / 1e6:.2f} MB")
    return result


def warm_up(work: Path, log: Log) -> None:
    """One untimed build of each kind, so that the first timed run does not pay for cold caches."""
    result = measure_size(5, work / "warm-up", 1, lambda _line: None)
    shutil.rmtree(work / "warm-up", ignore_errors=True)
    log(f"warm-up done ({result.cold_builds[0].seconds:.2f} s)")


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
    """The table's rows against issue 18's goals (and issue 6's), and the detail lines."""
    goal, large = sizes[plan.goal], sizes[plan.large]
    sized = plan.at_goal_sizes or None  # None: indicative only
    at = f"N={plan.goal:,}"
    figures = []
    unique = [r.unique_fields for r in sizes.values()]
    share = sum(u for u, _ in unique) / max(1, sum(t for _, t in unique))
    figures.append(Figure(
        "unique Markdown fields in the incident sets", "~100% (the old corpus: 24%)",
        f"{share:.1%} of {sum(t for _, t in unique):,} fields; "
        f"{goal.words:,.0f} public words per incident at {at}", share >= 0.99))
    figures.append(Figure(
        f"cold `darksite build` / bare mkdocs-material, wall, {at}", "<= 1.0",
        f"{goal.ratio:.2f} ({median_seconds(goal.cold_builds):.2f} s / "
        f"{median_seconds(goal.bare_builds):.2f} s)", goal.ratio <= 1.0 if sized else None))
    figures.append(Figure(
        f"same, CPU (process and children), {at}", "<= 1.0",
        f"{goal.cpu_ratio:.2f} ({median_cpu(goal.cold_builds):.2f} s / "
        f"{median_cpu(goal.bare_builds):.2f} s)", goal.cpu_ratio <= 1.0 if sized else None))
    figures.append(Figure(
        f"warm `darksite build` (nothing changed) / bare, wall and CPU, {at}", "<= 0.3",
        f"wall {goal.warm_ratio:.2f} ({median_seconds(goal.warm_builds):.2f} s), "
        f"CPU {goal.warm_cpu_ratio:.2f} ({median_cpu(goal.warm_builds):.2f} s)",
        max(goal.warm_ratio, goal.warm_cpu_ratio) <= 0.3 if sized else None))
    if goal.pipeline_cold and goal.pipeline_warm:
        cold_wall, cold_cpu = goal.over_bare(goal.pipeline_cold)
        warm_wall, warm_cpu = goal.over_bare(goal.pipeline_warm)
        figures.append(Figure(
            f"the pipeline (`build --renderer mkdocs-material`) / bare, {at}",
            "cold <= 1.0, warm <= 0.3, wall and CPU",
            f"cold: wall {cold_wall:.2f}, CPU {cold_cpu:.2f}; warm: wall {warm_wall:.2f}, "
            f"CPU {warm_cpu:.2f}",
            (max(cold_wall, cold_cpu) <= 1.0 and max(warm_wall, warm_cpu) <= 0.3)
            if sized else None))
        if goal.pipeline_update:
            update_wall, update_cpu = goal.over_bare(goal.pipeline_update)
            figures.append(Figure(
                f"the pipeline after one update to an active incident / bare, {at}",
                "<= 0.3 (\"only active incidents\" changed), wall and CPU",
                f"wall {update_wall:.2f} ({median_seconds(goal.pipeline_update):.2f} s), "
                f"CPU {update_cpu:.2f} ({median_cpu(goal.pipeline_update):.2f} s)",
                max(update_wall, update_cpu) <= 0.3 if sized else None))
    else:
        figures.append(Figure(
            f"the pipeline (`build --renderer mkdocs-material`) / bare, {at}",
            "cold <= 1.0, warm <= 0.3, wall and CPU", "not measured in this run (--no-pipeline)",
            None))
    if plan.large > plan.goal:
        factor = plan.large / plan.goal
        growth = median_seconds(large.cold_builds) / median_seconds(goal.cold_builds)
        cpu_growth = median_cpu(large.cold_builds) / median_cpu(goal.cold_builds)
        figures.append(Figure(
            f"cold build time at N={plan.large:,} / at {at}",
            f"<= {1.05 * factor:.2f} (10.5 at 10,000 / 1,000: linear), wall and CPU",
            f"wall {growth:.2f}, CPU {cpu_growth:.2f}",
            max(growth, cpu_growth) <= 1.05 * factor))
    else:
        figures.append(Figure("cold build time growth past N=1,000", "<= 10.5 at 10,000 / 1,000",
                              "not measured in this mode", None))
    build_peak, publish_peak = mb(peak_mib(goal.cold_builds)), mb(peak_mib(goal.publishes))
    figures.append(Figure(f"peak memory of `darksite build`, {at}", "<= 150 MB",
                          f"{build_peak:.0f} MB", build_peak <= 150 if sized else None))
    figures.append(Figure(f"peak memory of `darksite publish --full`, {at}", "<= 200 MB",
                          f"{publish_peak:.0f} MB", publish_peak <= 200 if sized else None))
    if plan.large > plan.goal:
        factor = plan.large / plan.goal
        growths = {name: mb(peak_mib(getattr(large, kind))) / mb(peak_mib(getattr(goal, kind)))
                   for name, kind in (("build", "cold_builds"), ("publish --full", "publishes"))}
        figures.append(Figure(
            f"peak memory growth, N={plan.large:,} / {at}", f"<= {factor:.2f} (linear in N)",
            ", ".join(f"{name} {growth:.2f}" for name, growth in growths.items()),
            max(growths.values()) <= factor))
    else:
        figures.append(Figure("peak memory growth past N=1,000", "linear in N",
                              "not measured in this mode", None))
    biggest = max(r.output_bytes["status.json"] for r in sizes.values())
    figures.append(Figure(
        "`status.json` at every N", "<= 1 MB",
        ", ".join(f"N={n:,}: {r.output_bytes['status.json'] / 1e3:,.0f} KB"
                  for n, r in sorted(sizes.items())), biggest <= STATUS_BUDGET))
    figures.append(_live_figure(plan, live))
    check, cold = median_seconds(goal.checks), median_seconds(goal.cold_checks)
    figures.append(Figure(f"`darksite check` at {at}", "<= 2 s at N=1,000",
                          f"{cold:.2f} s with no parse cache, {check:.2f} s with it",
                          max(check, cold) <= 2 if sized else None))
    active = goal.first_active()
    page = f"{active}/index.html"
    ours, bare = page_weight(goal.darksite_site, page), page_weight(goal.bare_site, page)
    figures.append(Figure(
        "full incident page, everything it loads, gzipped",
        f"<= bare mkdocs-material page with the same content ({kb(bare.gzipped_bytes)}, "
        f"{bare.requests} requests)",
        f"{kb(ours.gzipped_bytes)} in {ours.requests} requests",
        ours.gzipped_bytes <= bare.gzipped_bytes))
    lites = [page_weight(goal.darksite_site, f"lite/{i.id}/index.html")
             for i in goal.incidents if i.is_public]
    heaviest = max(lites, key=lambda w: w.gzipped_bytes)
    lite_sizes = sorted(w.gzipped_bytes for w in lites)
    figures.append(Figure(
        "lite page, gzipped, all in", "<= 14 KB (aim 6 KB)",
        f"heaviest {kb(heaviest.gzipped_bytes)}, median {kb(lite_sizes[len(lite_sizes) // 2])} "
        f"({heaviest.requests} request(s))",
        heaviest.gzipped_bytes <= LITE_BUDGET))
    foreign = {
        page: urls for page, urls in other_origin_requests(goal.darksite_site).items()
        if any(not url.startswith(tuple(own_origins)) for url in urls)
    }
    count = sum(len(urls) for urls in foreign.values())
    figures.append(Figure("requests to other origins from any page", "0",
                          f"{count} (over every page of the {at} build)",
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


def _runs(runs: Sequence[Run]) -> str:
    if not runs:
        return "n/a"
    return (f"{median_seconds(runs):.2f} s, CPU {median_cpu(runs):.2f} s "
            f"({', '.join(f'{r.seconds:.2f}' for r in runs)})")


def _details(plan, sizes, ours, bare, heaviest, foreign, live) -> list[str]:
    lines = ["## Every measurement", "",
             "Wall time median, CPU median (user + system of the process and its children), "
             "and every run's wall time"
             + (f"; above N=1,000, {plan.large_runs} run(s) per figure" if plan.large_runs
                else "") + ".", "",
             "| N | cold `darksite build` | warm `darksite build` | `darksite publish --full` | "
             "bare mkdocs-material | Hugo | cold / bare (wall, CPU) | cold / Hugo (wall) |",
             "|---|---|---|---|---|---|---|---|"]
    for n, result in sorted(sizes.items()):
        hugo = (f"{median_seconds(result.cold_builds) / median_seconds(result.hugo_builds):.1f}"
                if result.hugo_builds else "n/a")
        lines.append(
            f"| {n:,} | {_runs(result.cold_builds)} | {_runs(result.warm_builds)} | "
            f"{_runs(result.publishes)} | {_runs(result.bare_builds)} | "
            f"{_runs(result.hugo_builds)} | {result.ratio:.2f}, {result.cpu_ratio:.2f} | "
            f"{hugo} |")
    lines += ["", "The pipeline (`darksite build --renderer mkdocs-material`: the generated "
              "tree rendered by plain mkdocs-material, no plugin), same runs:", "",
              "| N | cold | warm (nothing changed) | after one update | "
              "cold / bare (wall, CPU) | warm / bare (wall, CPU) | update / bare (wall, CPU) | "
              "peak memory (cold) |", "|---|---|---|---|---|---|---|---|"]
    for n, result in sorted(sizes.items()):
        if not result.pipeline_cold:
            lines.append(f"| {n:,} | not measured (--no-pipeline) | | | | | | |")
            continue
        cold, warm = result.over_bare(result.pipeline_cold), result.over_bare(result.pipeline_warm)
        update = (result.over_bare(result.pipeline_update) if result.pipeline_update
                  else (float("nan"), float("nan")))
        lines.append(f"| {n:,} | {_runs(result.pipeline_cold)} | {_runs(result.pipeline_warm)} | "
                     f"{_runs(result.pipeline_update)} | "
                     f"{cold[0]:.2f}, {cold[1]:.2f} | {warm[0]:.2f}, {warm[1]:.2f} | "
                     f"{update[0]:.2f}, {update[1]:.2f} | "
                     f"{mb(peak_mib(result.pipeline_cold)):.0f} MB |")
    lines += ["", "| N | peak memory: build | publish --full | bare mkdocs | Hugo | "
              "`darksite check` cold, warm | unique Markdown fields |",
              "|---|---|---|---|---|---|---|"]
    for n, result in sorted(sizes.items()):
        hugo = f"{mb(peak_mib(result.hugo_builds)):.0f} MB" if result.hugo_builds else "n/a"
        unique, total = result.unique_fields
        lines.append(
            f"| {n:,} | {mb(peak_mib(result.cold_builds)):.0f} MB | "
            f"{mb(peak_mib(result.publishes)):.0f} MB | "
            f"{mb(peak_mib(result.bare_builds)):.0f} MB | "
            f"{hugo} | {median_seconds(result.cold_checks):.2f} s, "
            f"{median_seconds(result.checks):.2f} s | {unique:,} of {total:,} |")
    lines += ["", "Output sizes (bytes) of the cold build:", "",
              "| N | " + " | ".join(OUTPUT_FILES) + " | darksite site (files) | "
              "bare site (files) | Hugo site (files) |",
              "|---|" + "---|" * (len(OUTPUT_FILES) + 3)]
    for n, result in sorted(sizes.items()):
        sites = [result.site_bytes.get(name) for name in ("darksite", "bare", "hugo")]
        lines.append(
            f"| {n:,} | " + " | ".join(f"{result.output_bytes[name]:,}" for name in OUTPUT_FILES)
            + " | " + " | ".join(f"{s[0]:,} ({s[1]:,})" if s else "n/a" for s in sites) + " |")
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
