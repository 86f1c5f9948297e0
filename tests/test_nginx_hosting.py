"""The generated nginx snippet, run in Debian's real nginx over a real built site."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_support import nginx, require_nginx
from tests.conftest import build_new_project, incident_yaml

pytestmark = pytest.mark.nginx

SHORT = "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(base URL without the final ``/``, site): the build served by nginx with its own rules.

    nginx adds no gzip of its own here (``host_gzip=False``): every header the
    tests check comes from the build's ``nginx-darksite.conf``.
    """
    require_nginx()
    base = tmp_path_factory.mktemp("nginx")
    site = build_new_project(base / "project", {
        "water-2026.yaml": incident_yaml("water-2026", marker="LIVE")})
    assert (site / "nginx-darksite.conf").is_file(), "the build wrote no nginx snippet"
    with nginx(site, base / "nginx", host_gzip=False) as url:
        yield url.rstrip("/"), site


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


def get_short_cached_gzipped(base: str, path: str):
    """(headers, decoded body) of ``path``, which must be a 200, short-cached and gzipped."""
    status, headers, body = get(base, path)
    assert status == 200
    assert headers["Cache-Control"] == SHORT
    assert headers["Content-Encoding"] == "gzip"
    return headers, body


def test_status_json_is_short_cached_cors_open_and_gzipped(server):
    base, _ = server
    headers, body = get_short_cached_gzipped(base, "/status.json")
    assert headers["Content-Type"].startswith("application/json")
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "Accept-Encoding" in headers["Vary"]
    assert '"water-2026"' in body


@pytest.mark.parametrize("path", ["/feed.xml", "/water-2026/feed.xml"])
def test_feeds_are_atom_short_cached_and_cors_open(server, path):
    base, _ = server
    headers, body = get_short_cached_gzipped(base, path)
    assert headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "<feed" in body


@pytest.mark.parametrize("path", ["/", "/water-2026/", "/lite/", "/lite/water-2026/"])
def test_pages_are_short_cached_and_gzipped(server, path):
    base, _ = server
    headers, body = get_short_cached_gzipped(base, path)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
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


@pytest.mark.parametrize("path", ["/status.json", "/api/v2/summary.json",
                                  "/api/v2/incidents/unresolved.json", "/embed/banner.js",
                                  "/api/v2/components.json"])
def test_every_json_file_and_the_banner_are_cors_open(server, path):
    base, _ = server
    status, headers, _ = get(base, path)
    assert status == 200
    assert headers.get_all("Access-Control-Allow-Origin") == ["*"]
    assert headers["Cache-Control"] == SHORT


@pytest.mark.parametrize("path", ["/no-such-incident/", "/api/v2/no-such.json", "/_headers"])
def test_the_404_page_is_cors_open(server, path):
    """A widget asking for a missing file must see a 404, not a CORS failure."""
    base, site = server
    status, headers, body = get(base, path)
    assert status == 404
    assert headers.get_all("Access-Control-Allow-Origin") == ["*"]
    assert body == (site / "404.html").read_text(encoding="utf-8")
