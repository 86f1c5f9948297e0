"""What the quality gates (``tests/test_quality_*.py``) share: real builds of the sample.

- The shipped sample project (the repository's ``mkdocs.yml``, ``incidents/``,
  ``site_src/``, ``themes/``) is copied into a temporary folder and built with
  ``darksite build -d`` in a subprocess, as a user builds it: once public and
  once as a rehearsal, each once per test session (:func:`sample_sites`).
- :func:`use_palette` and :func:`background_luminance` switch and read
  mkdocs-material's colour palette in a loaded page.

The browser and the servers are in ``tests/browser_support.py``; the
``sites``, ``public_url``, ``rehearsal_url`` and ``browser`` fixtures the
gates use are in ``conftest.py``. The builds are cached per process so that
the modules share them.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""axe-core tags for WCAG 2.2 level AA (every A and AA rule up to 2.2)."""

PROJECT_PARTS = ("mkdocs.yml", "incidents", "site_src", "themes")


# -- the sample, built -----------------------------------------------------------------


@dataclass(frozen=True)
class SampleSites:
    """The shipped sample built public and as a rehearsal, and what it contains."""

    public: Path
    rehearsal: Path
    active_id: str
    resolved_id: str
    draft_id: str
    active_title: str
    active_summary: str


def copy_sample_project(target: Path) -> Path:
    """The repository's sample project, copied so that nothing in the tree is touched."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


def darksite_build(project: Path, site: Path, *, rehearsal: bool = False) -> Path:
    """``darksite build -d SITE [--rehearsal]`` in ``project``, as a subprocess."""
    argv = [sys.executable, "-m", "darksite", "build", "-d", str(site)]
    if rehearsal:
        argv.append("--rehearsal")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DARKSITE_REHEARSAL", None)
    done = subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")
    return site


@functools.cache
def sample_sites() -> SampleSites:
    """The sample built public and as a rehearsal: once per test process."""
    from darksite.loader import load_incidents
    from darksite.model import Status

    base = Path(tempfile.mkdtemp(prefix="darksite-quality-"))
    atexit.register(shutil.rmtree, base, ignore_errors=True)
    project = copy_sample_project(base / "project")
    public = darksite_build(project, base / "public")
    rehearsal = darksite_build(project, base / "rehearsal", rehearsal=True)
    loaded = load_incidents(project / "incidents", root=project)
    by_status = {}
    for incident in loaded.incidents:
        by_status.setdefault(incident.status, incident)
    missing = [s.value for s in Status if s not in by_status]
    if missing:
        raise AssertionError(f"the sample needs an incident of each status; none is {missing}")
    active = by_status[Status.ACTIVE]
    return SampleSites(public=public, rehearsal=rehearsal, active_id=active.id,
                       resolved_id=by_status[Status.RESOLVED].id,
                       draft_id=by_status[Status.DRAFT].id,
                       active_title=active.title, active_summary=active.summary)


def public_pages(sites: SampleSites) -> dict[str, str]:
    """The pages every gate looks at, by name: path under the site root."""
    return {
        "home": "",
        "incident": f"{sites.active_id}/",
        "resolved-incident": f"{sites.resolved_id}/",
        "archive": "archive/",
        "lite": "lite/",
        "lite-incident": f"lite/{sites.active_id}/",
    }


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.is_file())


# -- pages in the browser ----------------------------------------------------------------


NO_MOTION_CSS = "*,*::before,*::after{transition:none!important;animation:none!important}"
"""Injected before a palette switch so that colours are final when axe reads them."""


def use_palette(page, scheme: str) -> None:
    """Switch mkdocs-material's palette as its toggle does: the body's colour attributes.

    The palette toggle (and the saved ``__palette`` choice) ends up setting
    ``data-md-color-scheme`` (and primary/accent) on ``<body>``; the palette
    CSS keys every colour on them. The primary and accent of the chosen
    palette are read from its toggle input, so that they match ``mkdocs.yml``.
    """
    page.add_style_tag(content=NO_MOTION_CSS)
    page.evaluate(
        """scheme => {
            const option = document.querySelector(
                `input[name="__palette"][data-md-color-scheme="${scheme}"]`);
            const body = document.body;
            body.setAttribute("data-md-color-scheme", scheme);
            if (option) {
                body.setAttribute("data-md-color-primary", option.dataset.mdColorPrimary);
                body.setAttribute("data-md-color-accent", option.dataset.mdColorAccent);
            }
        }""",
        scheme,
    )


def background_luminance(page) -> float:
    """Relative luminance (0 black - 1 white) of the page's background colour."""
    rgb = page.evaluate(
        """() => {
            const colour = getComputedStyle(document.body).backgroundColor;
            return colour.match(/[\\d.]+/g).slice(0, 3).map(Number);
        }"""
    )

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
