"""Browsers and web servers for the tests, all real and all local.

- :func:`launch_chromium` starts Debian's Chromium through Playwright's
  ``executable_path``: no browser is ever downloaded. The ``browser``
  fixture in ``conftest.py`` wraps it, one browser per test module.
- :func:`serve` serves a folder over HTTP on 127.0.0.1 (Python's server),
  optionally with the headers the site's ``_headers`` file gives each path,
  as Netlify or Cloudflare Pages add them (:func:`header_rules`).
- :func:`nginx` serves a site through Debian's real nginx, with the build's
  own ``nginx-darksite.conf``, as the site is hosted.

Each of these skips the test (:func:`require_chromium`,
:func:`require_nginx`) where the Debian package is missing, rather than
failing it.
"""

from __future__ import annotations

import functools
import os
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
NGINX = Path("/usr/sbin/nginx")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
"""No sandbox (tests may run as root in a container), and nothing that phones home."""


def require_chromium() -> None:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium; scripts/test "
                    "installs it)")


def require_nginx() -> None:
    if not NGINX.is_file():
        pytest.skip(f"{NGINX} is not installed (Debian package nginx; scripts/test installs it)")


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


# -- Python's HTTP server ------------------------------------------------------------------


def set_color_scheme(page: Any, scheme: str) -> None:
    """Switch mkdocs-material's palette and wait until every colour has finished changing.

    The theme animates colour changes (CSS transitions); a contrast check run
    during one measures a colour half-way between the two palettes, and fails
    about half the time. ``document.getAnimations()`` lists the running
    transitions, so waiting for each to finish makes the check measure the
    palette itself.
    """
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")


def header_rules(text: str) -> list[tuple[re.Pattern[str], dict[str, str]]]:
    """A ``_headers`` file as (path pattern, headers), matched as the hosts match it."""
    rules: list[tuple[re.Pattern[str], dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            pattern = re.escape(line.strip()).replace(r"\*", ".*")
            pattern = re.sub(r":\w+", "[^/]+", pattern)  # a :placeholder is one segment
            rules.append((re.compile(f"^{pattern}$"), {}))
        else:
            name, value = line.strip().split(":", 1)
            rules[-1][1][name] = value.strip()
    return rules


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files, without a log line on stderr for every request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


class _HostingHandler(_QuietHandler):
    """Static files plus the headers that the site's ``_headers`` file gives their path."""

    def end_headers(self) -> None:
        path = self.path.split("?")[0]
        rules = header_rules((Path(self.directory) / "_headers").read_text())
        for pattern, headers in rules:
            if pattern.match(path):
                for name, value in headers.items():
                    if name != "Content-Type":  # the server already sent one
                        self.send_header(name, value)
        super().end_headers()


@contextmanager
def serve(directory: Path, *, hosting_headers: bool = False) -> Iterator[str]:
    """``directory`` over HTTP on 127.0.0.1; yields the base URL (ending in ``/``).

    With ``hosting_headers``, every response also gets the headers that the
    site's ``_headers`` file gives its path (read at each request, so the
    site may be built after the server starts, once its URL is known).
    """
    handler_class = _HostingHandler if hosting_headers else _QuietHandler
    handler = functools.partial(handler_class, directory=str(directory))
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


# -- nginx ---------------------------------------------------------------------------------


def nginx_config(prefix: Path, site: Path, port: int, *, host_gzip: bool = True) -> str:
    """A whole nginx.conf serving ``site``, with the site's own rules when it has them.

    With ``host_gzip``, gzip is set in the ``http`` block for HTML, CSS, JS,
    JSON and XML, as any production host does; without it, only what the
    build's ``nginx-darksite.conf`` sets is compressed (for testing that file
    alone). That file (cache headers, gzip, 404 page) is included in the
    server block when the build wrote one.
    """
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the tmp site
    temp = "\n".join(f"  {kind}_temp_path {prefix}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    gzip = """  gzip on;
  gzip_comp_level 6;
  gzip_types text/html text/css application/javascript text/javascript application/json
             text/xml application/xml application/atom+xml image/svg+xml;
""" if host_gzip else ""
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
{gzip}{temp}
  server {{
    listen 127.0.0.1:{port};
    server_name localhost;
    root {site};
{include}  }}
}}
"""


@contextmanager
def nginx(site: Path, prefix: Path, *, host_gzip: bool = True) -> Iterator[str]:
    """Debian's nginx serving ``site`` on a free local port; yields the base URL (ending in ``/``).

    Skips the test when nginx is not installed; ``host_gzip`` is
    :func:`nginx_config`'s.
    """
    require_nginx()
    prefix.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(prefix, site, port, host_gzip=host_gzip), encoding="utf-8")
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
                    process.kill()  # so that reading its stderr cannot hang
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
