"""Lighthouse gate: 100 in performance, accessibility, best practices and SEO, on a phone.

Lighthouse 12.2.3 (pinned in ``package.json``: the last release that runs on
Node 20; ``npm ci`` installs it, ``scripts/test`` runs that) audits the
public build of the sample as it is hosted: served gzipped by Debian's real
nginx, with the build's own ``nginx-darksite.conf``, in Debian's headless
Chromium (``CHROME_PATH``), with Lighthouse's default mobile emulation
(Moto G power screen, slow 4G, 4x CPU slowdown). The pages: home, the
active incident, and its lite page and the lite home.

For scale (measured the same way when issue 6 was written): cState's
incident page scores 100/100/96/100 and a bare mkdocs-material page
100/92/100/91. The rehearsal build is not audited for SEO: it is ``noindex``
on purpose.

One nginx serves the whole module; each Lighthouse run takes 10-20 s on a
2-core machine. The performance score is a timing measurement, so the module
is marked ``alone``: ``scripts/test`` runs it after the parallel pass, with
no other test competing for the cores (under two busy workers the 3 KB lite
page once scored 99). Even alone, a shared CI machine is noisy: one run of
the sombre incident page measured 370 ms of blocking time where the plain
page, built from the same JavaScript and run a minute earlier, measured
none. So a page's performance is the median of three runs, as Lighthouse's
guide to score variability advises; the runs stop as soon as two agree,
since the third cannot then move the median across 100. The other three
categories do not depend on time and are the same in every run.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, nginx, require_chromium, require_nginx
from tests.quality_support import REPO, SampleSites, sample_sites

pytestmark = [pytest.mark.browser, pytest.mark.nginx, pytest.mark.slow, pytest.mark.alone]

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = ("home", "incident", "lite-incident", "lite-home")


@pytest.fixture(scope="module")
def sites() -> SampleSites:
    """The sample (as conftest's ``sites``), once Chromium, nginx and Lighthouse are here."""
    require_chromium()
    require_nginx()
    if not LIGHTHOUSE.is_file():
        pytest.fail(f"{LIGHTHOUSE.relative_to(REPO)} is missing: run `npm ci` in the project "
                    "root (scripts/test does) to install Lighthouse 12.2.3 from package.json")
    return sample_sites()


@pytest.fixture(scope="module")
def base_url(sites: SampleSites, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with nginx(sites.public, tmp_path_factory.mktemp("nginx")) as url:
        yield url


@pytest.fixture(scope="module")
def audit(sites: SampleSites, base_url: str, tmp_path_factory: pytest.TempPathFactory):
    """``audit(page name)``: Lighthouse's JSON report of that page, run once per module."""
    paths = {
        "home": "",
        "incident": f"{sites.active_id}/",
        "lite-incident": f"lite/{sites.active_id}/",
        "lite-home": "lite/",
    }
    out = tmp_path_factory.mktemp("lighthouse")
    reports: dict[str, dict] = {}

    def run(name: str) -> dict:
        if name not in reports:
            reports[name] = median_lighthouse(base_url + paths[name], out / name)
        return reports[name]

    return run


def median_lighthouse(url: str, out: Path) -> dict:
    """The report of ``url`` whose performance score is the median of three runs.

    The runs stop once two of them agree on whether performance is 100 (the
    third cannot change which side of 100 the median falls on); the report
    returned is then the better of the two, so that a failure shows the best
    the page managed, never an unlucky outlier.
    """
    out.mkdir(parents=True, exist_ok=True)
    runs: list[dict] = []
    while len(runs) < 3:
        runs.append(lighthouse(url, out / f"run{len(runs) + 1}.json"))
        perfect = sum(performance(r) >= 1 for r in runs)
        if perfect >= 2 or len(runs) - perfect >= 2:
            break
    ranked = sorted(runs, key=performance)
    return ranked[len(ranked) // 2] if len(ranked) == 3 else ranked[-1]


def performance(result: dict) -> float:
    """Lighthouse's performance score of one run, 0 to 1."""
    return float(result["categories"]["performance"]["score"] or 0)


def lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run (mobile) of ``url``; its JSON report."""
    chrome_flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    argv = [str(LIGHTHOUSE), url, "--form-factor=mobile", "--output=json",
            f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={chrome_flags}", "--quiet"]
    done = subprocess.run(argv, env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
                          capture_output=True, text=True, timeout=180, check=False)
    if done.returncode != 0 or not report.is_file():
        raise AssertionError(f"lighthouse failed ({done.returncode}) on {url}:\n{done.stderr}")
    return json.loads(report.read_text(encoding="utf-8"))


def shortfalls(result: dict, category: str) -> list[str]:
    """The audits that cost ``category`` points, as Lighthouse words them."""
    lines = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 1:
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            lines.append(f"{ref['id']}: score {audit['score']}{value}: {audit['title']}"
                         + _items(audit))
    return lines


def _items(audit: dict) -> str:
    items = (audit.get("details") or {}).get("items") or []
    shown = []
    for item in items[:3]:
        where = item.get("url") or (item.get("sourceLocation") or {}).get("url") \
            or (item.get("node") or {}).get("snippet") or item.get("description")
        if where:
            shown.append(str(where)[:160])
    return f" [{'; '.join(shown)}]" if shown else ""


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_scores_100_in_every_category_on_a_phone(audit, name: str) -> None:
    result = audit(name)
    scores = {c: round((result["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    below = {c: s for c, s in scores.items() if s < 100}
    details = "\n".join(f"  {c} {s}: " + "\n    ".join(["", *shortfalls(result, c)])
                        for c, s in below.items())
    assert not below, f"{name} page: {scores}\n{details}"


def test_lighthouse_audited_the_page_over_gzip_without_other_origins(audit, base_url: str
                                                                    ) -> None:
    """The audited page really came gzipped from nginx and loaded nothing from elsewhere."""
    result = audit("incident")
    requests = result["audits"]["network-requests"]["details"]["items"]
    fetched = [r for r in requests if r["url"].startswith(("http:", "https:"))]
    foreign = [r["url"] for r in fetched if not r["url"].startswith(base_url)]
    assert not foreign, f"requests to other origins: {foreign}"
    document = next(r for r in fetched if r["resourceType"] == "Document")
    assert document["transferSize"] < document["resourceSize"], "the page was not gzipped"


@pytest.fixture(scope="module")
def sombre_url(sites: SampleSites, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample with ``tone: sombre`` (its brand colours are already the custom case)."""
    from tests.quality_support import copy_sample_project, darksite_build

    base = tmp_path_factory.mktemp("sombre")
    project = copy_sample_project(base / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      time_zone: Europe/London\n", "      time_zone: Europe/London\n      tone: sombre\n"),
        encoding="utf-8")
    site = darksite_build(project, base / "public")
    assert "filter:grayscale(1)" in (site / "index.html").read_text(encoding="utf-8")
    with nginx(site, base / "nginx") as url:
        yield url


def test_lighthouse_scores_100_in_sombre_tone(sites: SampleSites, sombre_url: str,
                                              tmp_path: Path) -> None:
    result = median_lighthouse(sombre_url + f"{sites.active_id}/", tmp_path / "sombre")
    scores = {c: round((result["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    below = {c: s for c, s in scores.items() if s < 100}
    details = "\n".join(f"  {c} {s}: " + "\n    ".join(["", *shortfalls(result, c)])
                        for c, s in below.items())
    assert not below, f"sombre incident page: {scores}\n{details}"
