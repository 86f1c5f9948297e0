"""Screenshots of the shipped sample for docs/site.md, so that the look is reviewable.

``python -m bench.screenshots`` (or ``scripts/screenshots``) builds the
repository's sample project into a temporary folder with the clock frozen
(``DARKSITE_NOW``, the test suite's moment), serves it on 127.0.0.1, and
takes the first screen of the home page, the active incident, a resolved
incident and the active incident's press release at 390x844 (a phone) and
1280x800 in Debian's Chromium through Playwright. Each PNG is reduced to a
64-colour palette with Pillow, which keeps it small enough to commit, and
written to ``docs/images/<page>-<width>.png``.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FROZEN_NOW = "2026-11-26T09:00:00+00:00"
"""The moment the sample's story is told at (the same as tests/conftest.py)."""
VIEWPORTS = {390: 844, 1280: 800}
PROJECT_PARTS = ("mkdocs.yml", "incidents", "site_src", "themes")
COLOURS = 64


def build_sample(work: Path) -> tuple[Path, str, str]:
    """The sample built into ``work/site``; returns it with the active and a resolved id."""
    from darksite.loader import load_incidents
    from darksite.model import Status

    project = work / "project"
    project.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        else:
            shutil.copy2(source, project / part)
    env = {**os.environ, "DARKSITE_NOW": FROZEN_NOW, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DARKSITE_REHEARSAL", None)
    site = work / "site"
    subprocess.run([sys.executable, "-m", "darksite", "build", "-d", str(site)], cwd=project,
                   env=env, check=True, capture_output=True)
    incidents = load_incidents(project / "incidents", root=project).incidents
    active = next(i.id for i in incidents if i.status is Status.ACTIVE)
    resolved = next(i.id for i in incidents if i.status is Status.RESOLVED)
    return site, active, resolved


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def shoot(site: Path, pages: dict[str, str], out: Path) -> list[Path]:
    """The first screen of each page at each width, as palette PNGs under ``out``."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
            for width, height in VIEWPORTS.items():
                phone = width < 600
                context = browser.new_context(viewport={"width": width, "height": height},
                                              is_mobile=phone, has_touch=phone,
                                              color_scheme="light")
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(base + path)
                    target = out / f"{name}-{width}.png"
                    page.screenshot(path=str(target))
                    with Image.open(target) as image:
                        small = image.convert("RGB").quantize(COLOURS)
                    small.save(target, optimize=True)
                    written.append(target)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.screenshots", description=__doc__)
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "images",
                        help="folder for the PNGs (default: docs/images)")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="darksite-shots-") as work:
        site, active, resolved = build_sample(Path(work))
        pages = {"home": "", "active-incident": f"{active}/",
                 "resolved-incident": f"{resolved}/",
                 "press-release": f"{active}/press-release/"}
        for path in shoot(site, pages, arguments.output):
            print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: "
                  f"{path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
