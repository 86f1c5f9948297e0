"""The generated nginx snippet, run in Debian's real nginx over a real built site."""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import build_project, incident_yaml, make_project

pytestmark = pytest.mark.nginx

NGINX = "/usr/sbin/nginx"
SHORT = "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_conf(prefix: Path, site: Path, port: int) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the tmp site
    temp = "\n".join(f"  {kind}_temp_path {prefix}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
{temp}
  server {{
    listen 127.0.0.1:{port};
    server_name localhost;
    root {site};
    include {site}/nginx-darksite.conf;
  }}
}}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    if not Path(NGINX).is_file() or shutil.which(NGINX) is None:
        pytest.skip(f"{NGINX} is not installed (Debian package nginx)")
    base = tmp_path_factory.mktemp("nginx")
    root = make_project(base / "project", {
        "water-2026.yaml": incident_yaml("water-2026", marker="LIVE")})
    site = build_project(root)
    prefix = base / "nginx"
    prefix.mkdir()
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, site, port))
    checked = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(conf)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", site
    process.terminate()
    process.wait(timeout=10)


def get(base: str, path: str, gzip_ok: bool = True):
    """(status, headers, decoded body) without following redirects or raising on 404."""
    request = urllib.request.Request(base + path)
    if gzip_ok:
        request.add_header("Accept-Encoding", "gzip")
    try:
        response = urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    body = response.read()
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status, response.headers, body.decode("utf-8", "replace")


def test_status_json_is_short_cached_cors_open_and_gzipped(server):
    base, _ = server
    status, headers, body = get(base, "/status.json")
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    assert headers["Cache-Control"] == SHORT
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert '"water-2026"' in body


@pytest.mark.parametrize("path", ["/feed.xml", "/water-2026/feed.xml"])
def test_feeds_are_atom_short_cached_and_cors_open(server, path):
    base, _ = server
    status, headers, body = get(base, path)
    assert status == 200
    assert headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert headers["Cache-Control"] == SHORT
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Content-Encoding"] == "gzip"
    assert "<feed" in body


@pytest.mark.parametrize("path", ["/", "/water-2026/", "/lite/", "/lite/water-2026/"])
def test_pages_are_short_cached_and_gzipped(server, path):
    base, _ = server
    status, headers, body = get(base, path)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == SHORT
    assert headers["Content-Encoding"] == "gzip"
    assert "</html>" in body


def test_hashed_assets_are_immutable_and_others_cached_a_day(server):
    base, site = server
    [bundle] = (site / "assets" / "javascripts").glob("bundle.*.min.js")
    _, headers, _ = get(base, "/" + bundle.relative_to(site).as_posix())
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    [stylesheet] = (site / "assets" / "stylesheets").glob("main.*.min.css")
    _, headers, _ = get(base, "/" + stylesheet.relative_to(site).as_posix())
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip"
    unhashed = next(p for p in (site / "assets").rglob("*.png"))
    status, headers, _ = get(base, "/" + unhashed.relative_to(site).as_posix())
    assert status == 200 and headers["Cache-Control"] == "public, max-age=86400"


@pytest.mark.parametrize("path", ["/_headers", "/nginx-darksite.conf"])
def test_hosting_files_are_not_served(server, path):
    base, _ = server
    status, _, _ = get(base, path)
    assert status == 404


def test_a_missing_page_gets_the_sites_404_page(server):
    base, site = server
    status, _, body = get(base, "/no-such-incident/")
    assert status == 404
    assert body == (site / "404.html").read_text(encoding="utf-8")
