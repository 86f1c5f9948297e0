"""What the quality gates (``tests/test_quality_*.py``) share: real builds, servers, a browser.

- The shipped sample project (the repository's ``mkdocs.yml``, ``incidents/``,
  ``site_src/``, ``themes/``) is copied into a temporary folder and built with
  ``darksite build -d`` in a subprocess, as a user builds it: once public and
  once as a rehearsal, each once per test session (:func:`sample_sites`).
- :func:`serve` serves a folder over HTTP on 127.0.0.1 (Python's server);
  :func:`nginx` serves it through Debian's real nginx with gzip on, as the
  site is hosted.
- :func:`launch_chromium` starts Debian's Chromium through Playwright's
  ``executable_path``: no browser is ever downloaded.

Nothing here is a fixture: each test module wraps these in its own
module-scoped fixtures, and the builds are cached per process so that the
modules share them.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
NGINX = Path("/usr/sbin/nginx")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""axe-core tags for WCAG 2.2 level AA (every A and AA rule up to 2.2)."""

PROJECT_PARTS = ("mkdocs.yml", "incidents", "site_src", "themes")


def require_chromium() -> None:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium; scripts/test "
                    "installs it)")


def require_nginx() -> None:
    if not NGINX.is_file():
        pytest.skip(f"{NGINX} is not installed (Debian package nginx; scripts/test installs it)")


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


# -- servers -----------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """``directory`` over HTTP on 127.0.0.1; yields the base URL (ending in ``/``)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_config(prefix: Path, site: Path, port: int) -> str:
    """A whole nginx.conf serving ``site`` gzipped, with the site's own rules when it has them.

    gzip is set in the ``http`` block for HTML, CSS, JS, JSON and XML, as any
    production host does; the build's ``nginx-darksite.conf`` (cache headers,
    404 page) is included in the server block when the build wrote one.
    """
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the tmp site
    temp = "\n".join(f"  {kind}_temp_path {prefix}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    rules = site / "nginx-darksite.conf"
    include = f"    include {rules};\n" if rules.is_file() else "    index index.html;\n"
    return f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  gzip on;
  gzip_comp_level 6;
  gzip_types text/html text/css application/javascript text/javascript application/json
             text/xml application/xml application/atom+xml image/svg+xml;
{temp}
  server {{
    listen 127.0.0.1:{port};
    server_name localhost;
    root {site};
{include}  }}
}}
"""


@contextmanager
def nginx(site: Path, prefix: Path) -> Iterator[str]:
    """Debian's nginx serving ``site`` on a free local port; yields the base URL."""
    prefix.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(prefix, site, port), encoding="utf-8")
    checked = subprocess.run([str(NGINX), "-t", "-p", str(prefix), "-c", str(conf)],
                             capture_output=True, text=True, check=False)
    if checked.returncode != 0:
        raise AssertionError(f"nginx rejects the test config:\n{checked.stderr}")
    process = subprocess.Popen(
        [str(NGINX), "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("nginx did not start: "
                                         + process.stderr.read().decode()) from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- the browser -------------------------------------------------------------------------


@contextmanager
def launch_chromium() -> Iterator[object]:
    """Debian's Chromium, headless, through Playwright (never a downloaded browser)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


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
