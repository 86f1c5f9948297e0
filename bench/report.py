"""``docs/performance.md``: the machine, the versions, the table, how to reproduce.

A figure without its machine and versions cannot be compared with anything,
so the report names both; a figure measured at a smaller size than its goal
names (quick mode) is marked "indicative" rather than passed or failed.
"""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

from darksite import clock


@dataclass(frozen=True)
class Figure:
    """One row of the table. ``passed`` is ``None`` when the goal cannot be judged here."""

    name: str
    goal: str
    result: str
    passed: bool | None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.passed is None:
            return "indicative"
        return "pass" if self.passed else "**FAIL**"


@dataclass(frozen=True)
class Machine:
    cores: int
    cpu: str
    memory: str
    system: str

    @classmethod
    def here(cls) -> Machine:
        return cls(cores=len(os.sched_getaffinity(0)), cpu=_cpu_model(),
                   memory=_memory(), system=_system())


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _system() -> str:
    name = platform.system()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                name = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return f"{name}, kernel {platform.release()}"


def versions() -> dict[str, str]:
    """The versions that decide the figures (darksite's with its git commit when known)."""
    found = {"Python": platform.python_version()}
    found["hugo"] = _hugo_version()
    for package in ("mkdocs", "mkdocs-material", "darksite"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    commit = _commit()
    if commit:
        found["darksite"] += f" (commit {commit})"
    return found


def _hugo_version() -> str:
    try:
        done = subprocess.run(["hugo", "version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "not installed"
    return done.stdout.split()[1] if done.returncode == 0 and done.stdout.split() else "unknown"


def _commit() -> str | None:
    """The checked-out commit of the code measured, marked when the tree has edits."""
    repo = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=True)
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--",
                                "generator", "themes", "site_src", "mkdocs.yml", "bench"],
                               capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + (" with uncommitted changes" if dirty.stdout.strip() else "")


TABLE_HEADER = "| figure | goal (2-core machine) | result | verdict |"

CHANGED = """## What changed from the earlier figures, and why

The figures before issue 18 (`darksite build` 1.05x bare mkdocs-material at
N=1,000, 117 MB) were measured on a corpus that did not look like real
incidents, in a way that hid part of the cost:

- **The corpus repeated itself.** Its fields were assembled from a few dozen
  fixed paragraphs per topic: only 24% of its Markdown fields were unique.
  darksite memoises rendered Markdown by text and bare MkDocs does not, so
  darksite skipped three quarters of the rendering the baseline had to do.
  The sets here are of the realistic size (about 1,850 words per incident)
  and every Markdown field is unique (measured: the first row of the table).
- **Wall time hid the second core.** A build forked a child that wrote the
  feeds, `status.json` and the lite pages while MkDocs rendered the pages;
  the child rendered every field again (its memo was not the parent's), so
  the build used about 40% more CPU than one process for almost no wall
  gain. On a machine shared with other work, CPU is wall time. The table
  now gives CPU (user + system of the process and its children) beside
  wall time, and the child is off by default (`DARKSITE_OUTPUTS_FORK=1`
  turns it back on).
- **Outputs grew without bound.** `status.json` carried every resolved
  incident with every update (12.7 MB at 1,000 incidents); the archive and
  the lite index listed everything on one page. They are bounded now
  (docs/outputs.md, "Bounds"); the sizes are under "Every measurement".
"""


def table(figures: Sequence[Figure]) -> str:
    lines = [TABLE_HEADER, "|---|---|---|---|"]
    for figure in figures:
        result = figure.result + (f" ({figure.note})" if figure.note else "")
        lines.append(f"| {figure.name} | {figure.goal} | {result} | {figure.verdict} |")
    return "\n".join(lines)


def render(figures: Sequence[Figure], *, mode: str, runs: int, sizes: Sequence[int],
           details: Sequence[str], baseline: str, live_chain: str,
           machine: Machine | None = None, when: datetime | None = None,
           load: tuple[float, float] | None = None) -> str:
    """The whole Markdown report; ``load`` is the 1-minute load average at start and end."""
    machine = machine or Machine.here()
    moment = (when or clock.now()).strftime("%Y-%m-%d %H:%M UTC")
    version_lines = "\n".join(f"- {name}: {value}" for name, value in versions().items())
    load_line = (f"\n- load average (1 min) at start and end: {load[0]:.2f} and {load[1]:.2f}; "
                 "above the core count, other processes shared the machine and the "
                 "figures are noisier (the spread is under \"Every measurement\")"
                 if load else "")
    size_text = ", ".join(f"{n:,}" for n in sizes)
    mode_text = (
        f"**{mode} mode**: N = {size_text}, median of {runs} run(s) per figure"
        + (" (quick mode measures smaller sets, so size-dependent goals are only "
           "indicative; run `python -m bench --full` for the real figures)"
           if mode == "quick" else "")
    )
    return f"""# Performance

Measured by `python -m bench{'' if mode == 'quick' else ' --' + mode}` on {moment}: {mode_text}.
All figures come from one run of the command, so ratios compare builds made
on the same machine minutes apart.

{table(figures)}

## Machine and versions

- cores: {machine.cores}; CPU: {machine.cpu}; memory: {machine.memory}
- system: {machine.system}{load_line}
{version_lines}

## What is measured, and how

- **Incident sets.** `bench/generate.py` writes N synthetic incident files,
  seeded (the same set every run), each loaded by darksite's own loader before
  use, of the realistic size of issue 18: a 400-word statement with headings
  and lists, an apology, 5 actions, 10 updates, 4 contacts (one private),
  5 FAQ answers and a spokesperson quote, about 1,850 public words in all;
  about 5% drafts with placeholders, up to 5 active incidents, the rest
  resolved. The prose comes from `bench/prose.py`: many sentence templates
  whose slots take places, streets, services, causes, teams, people, numbers
  and times, and no field is emitted twice, so every Markdown field is unique
  (the share is measured and reported in the table).
- **Builds.** Each build is its own process (`python -m darksite build -d DIR`,
  `python -m darksite publish --full --to DIR`, `python -m mkdocs build -q -d DIR`,
  `hugo --quiet --destination DIR`), interleaved run by run (A/B, the order
  swapped on odd runs); the median is reported. Wall time is the clock around
  the process; CPU time is the growth of `getrusage(RUSAGE_CHILDREN)` (user +
  system) around it, so a second core used by a forked child or by Hugo's
  threads is counted. Peak memory is the child's own `ru_maxrss` from
  `os.wait4` (with its waited-for children). A **cold** build starts without
  `.darksite-cache/`; a **warm** build follows another build with nothing
  changed. `darksite check` is measured both with that cache and without.
- **Hugo.** Debian's `hugo`, the same Markdown pages as the bare baseline as
  content pages (`content/<id>.md`), with a three-template layout
  (`bench/projects.py`): the floor of what a static generator needs for the
  same words.
- **The bare baseline.** {baseline}
- **Page weight.** The built HTML is parsed for every same-origin resource it
  makes a browser fetch (stylesheets, scripts, icons, images, media,
  preloads, and every `url()`/`@import` of those stylesheets); each file is
  gzipped at level 6 and the sizes added. The full page is the first active
  incident's; the bare figure is the same incident's page in the baseline.
- **Other origins.** Every HTML page and stylesheet of the largest build is
  parsed for resources with a host other than the site's own; links a reader
  may follow are not requests. The browser tests (`tests/test_quality_*.py`)
  check the same in Chromium.
- **Update-to-live.** {live_chain}, each a process, on a project whose site
  was published once before (not timed); the figure counts only when the
  new text is then in `LIVE/current/<id>/index.html`.

{chr(10).join(details)}

{CHANGED}

## Reproduce

```sh
pip install -e '.[test]'
python -m bench           # quick mode: writes bench/results/performance-quick.md
python -m bench --full    # N = 100, 1,000, 3,000, median of 3: writes docs/performance.md
python -m bench --huge    # the same and N = 10,000
python -m bench --full --sizes 100,1000   # when time is short
```

`python -m bench --help` lists the options (`--sizes`, `--runs`, `--output`, `--keep`,
`--update-command`, `--publish-command`).
"""
