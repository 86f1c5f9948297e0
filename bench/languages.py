"""Languages benchmark: a three-language build at N incidents against the one-language build.

The goal (issue 13): building the site in three languages (the source, Welsh
and Arabic) costs at most 3.3x the one-language build, at N=1,000. Both
projects are the shipped configuration with the same generated incidents;
the three-language one declares ``languages: {others: [cy, ar]}`` and has a
sidecar for every public incident in both languages, each translating every
text (the source's own words stand in for the translation: same length, same
Markdown), confirmed with its digests, so every language page is rendered in
full. Builds alternate run by run, as in :mod:`bench.run`, so the ratio
compares builds made under the same load.

Then update-to-live (goal: three languages at most 1.5x one): each project
is published once (untimed), then an update is posted to the same active
incident and published, alternating project by project. In three languages
the update is posted as a translation team posts it for parity, with
``--translation cy ... --translation ar ...`` in the same command, so the
publish must carry it to the incident's page in every language; each run
checks that the Welsh and Arabic pages show it.

    python -m bench.languages [--size 1000] [--runs 2] [--live-runs 5] [--work DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import yaml

from bench.generate import generate_incidents
from bench.live import CommandChain, LiveMeasurement
from bench.measure import BenchError, median_cpu, median_seconds, run
from bench.projects import write_darksite_project

GOAL_RATIO = 3.3
LIVE_GOAL_RATIO = 1.5
LANGUAGES = ("cy", "ar")
ONE_LANGUAGE = CommandChain()
THREE_LANGUAGES = CommandChain(
    update_template="{python} -m darksite update {id} {text} "
                    + " ".join(f"--translation {lang} {{text}}" for lang in LANGUAGES))


def sidecar_data(incident, lang: str) -> dict:
    """A sidecar translating every text of ``incident`` (its own words), confirmed."""
    from darksite.i18n.leaves import source_digests, source_leaves

    data: dict = {"lang": lang}
    for path, text in source_leaves(incident).items():
        target: object = data
        parts = path.replace("]", "").replace("[", ".").split(".")
        for part, after in zip(parts, [*parts[1:], None], strict=True):
            if after is None:
                if part.isdigit():
                    target.append(text)  # type: ignore[attr-defined]
                else:
                    target[part] = text  # type: ignore[index]
            elif part.isdigit():
                while len(target) <= int(part):  # type: ignore[arg-type]
                    target.append({})  # type: ignore[attr-defined]
                target = target[int(part)]  # type: ignore[index]
            else:
                target = target.setdefault(part, [] if after.isdigit() else {})  # type: ignore[attr-defined]
    data["translated"] = source_digests(incident)
    return data


def write_sidecars(root: Path) -> int:
    from darksite import loader

    loaded = loader.load_incidents(root / "incidents", root=root)
    count = 0
    for incident in loaded.incidents:
        if not incident.is_public:
            continue
        for lang in LANGUAGES:
            (root / "incidents" / f"{incident.id}.{lang}.yaml").write_text(
                yaml.safe_dump(sidecar_data(incident, lang), allow_unicode=True,
                               sort_keys=False), encoding="utf-8")
            count += 1
    return count


def update_to_live(projects: dict[str, Path], work: Path, incident_id: str,
                   runs: int) -> dict[str, list[LiveMeasurement]]:
    """``runs`` updates made live in each project, alternating, after one untimed publish each."""
    chains = {"one": ONE_LANGUAGE, "three": THREE_LANGUAGES}
    lives = {name: work / f"live-{name}" for name in projects}
    for name, root in projects.items():
        chains[name].prepare(root, lives[name])
    measured: dict[str, list[LiveMeasurement]] = {name: [] for name in projects}
    for attempt in range(runs):
        text = (f"Bench update {attempt + 1}: crews are still on site and the next "
                "update follows within two hours.")
        for name, root in projects.items():
            result = chains[name].make_live(root, lives[name], incident_id, text)
            if name == "three":
                for lang in LANGUAGES:
                    page = lives[name] / "current" / lang / incident_id / "index.html"
                    if text not in page.read_text(encoding="utf-8"):
                        raise BenchError(f"after publishing, {page} does not show the update")
            measured[name].append(result)
            print(f"  update-to-live, {name} language(s), run {attempt + 1}: "
                  f"{result.seconds:.2f} s wall, {_cpu(result):.2f} s CPU (update "
                  f"{result.update.seconds:.2f} s, publish {result.publish.seconds:.2f} s)",
                  flush=True)
    return measured


def _cpu(measurement: LiveMeasurement) -> float:
    """CPU (user + system) of the update and the publish: on a shared machine, wall time
    also measures the neighbours."""
    return measurement.update.cpu_seconds + measurement.publish.cpu_seconds


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.languages",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--live-runs", type=int, default=5,
                        help="updates made live per project (0: skip update-to-live)")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="darksite-bench-lang-"))
    incidents = generate_incidents(args.size)
    one = write_darksite_project(work / "one", incidents)
    three = write_darksite_project(work / "three", incidents, languages=True)
    sidecars = write_sidecars(three)
    print(f"N={args.size}: {sidecars} sidecar files in {three / 'incidents'}", flush=True)
    timings: dict[str, list] = {"one": [], "three": []}
    for attempt in range(args.runs + 1):  # the first of each is a warm-up
        for name, root in (("one", one), ("three", three)):
            shutil.rmtree(root / "site", ignore_errors=True)
            shutil.rmtree(root / ".darksite-cache", ignore_errors=True)
            result = run([sys.executable, "-m", "darksite", "build", "-d", str(root / "site")],
                         cwd=root)
            if attempt:
                timings[name].append(result)
            print(f"  {name} language(s), run {attempt}: {result.seconds:.1f} s wall, "
                  f"{result.cpu_seconds:.1f} s CPU", flush=True)
    pages = len(list((three / "site" / "cy").glob("*/index.html")))
    wall = median_seconds(timings["three"]) / median_seconds(timings["one"])
    cpu = median_cpu(timings["three"]) / median_cpu(timings["one"])
    print(f"one language: {median_seconds(timings['one']):.1f} s wall, "
          f"{median_cpu(timings['one']):.1f} s CPU (median of {args.runs})")
    print(f"three languages: {median_seconds(timings['three']):.1f} s wall, "
          f"{median_cpu(timings['three']):.1f} s CPU; {pages} Welsh pages")
    verdict = "met" if max(wall, cpu) <= GOAL_RATIO else "MISSED"
    print(f"ratio: {wall:.2f}x wall, {cpu:.2f}x CPU (goal <= {GOAL_RATIO}x): {verdict}")
    if args.live_runs:
        active = next(i.id for i in incidents if i.status == "active")
        live = update_to_live({"one": one, "three": three}, work, active, args.live_runs)
        seconds = {name: median([m.seconds for m in runs]) for name, runs in live.items()}
        cpu_seconds = {name: median([_cpu(m) for m in runs]) for name, runs in live.items()}
        publish = {name: median([m.publish.seconds for m in runs]) for name, runs in live.items()}
        live_ratio = seconds["three"] / seconds["one"]
        live_cpu_ratio = cpu_seconds["three"] / cpu_seconds["one"]
        live_verdict = "met" if max(live_ratio, live_cpu_ratio) <= LIVE_GOAL_RATIO else "MISSED"
        for name in live:
            print(f"update-to-live, {name} language(s): {seconds[name]:.2f} s wall, "
                  f"{cpu_seconds[name]:.2f} s CPU (publish {publish[name]:.2f} s; "
                  f"median of {args.live_runs})")
        print(f"update-to-live ratio: {live_ratio:.2f}x wall, {live_cpu_ratio:.2f}x CPU "
              f"(publish alone {publish['three'] / publish['one']:.2f}x wall; goal <= "
              f"{LIVE_GOAL_RATIO}x): {live_verdict}")
        if live_verdict != "met":
            verdict = "MISSED"
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if verdict == "met" else 1


if __name__ == "__main__":
    sys.exit(main())
