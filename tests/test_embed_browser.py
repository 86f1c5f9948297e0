"""The embeddable banner in real headless Chromium, across two localhost origins.

Origin A serves the built dark site the way Netlify or Cloudflare Pages
would: every response gets the headers that the generated ``_headers`` file
gives its path. Origin B is "the organisation's main website": a page with
the generated snippet pasted in. The banner on B must read A's
``status.json``, which only works when the CORS header is right; a copy of A
served without the hosting headers proves that it is that header doing it.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import build_project, incident_yaml, make_project

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def header_rules(site: Path) -> list[tuple[re.Pattern[str], dict[str, str]]]:
    """The ``_headers`` file as (path pattern, headers), matched as the hosts match it."""
    rules: list[tuple[re.Pattern[str], dict[str, str]]] = []
    for line in (site / "_headers").read_text().splitlines():
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


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files; with ``hosting`` set, plus the ``_headers`` rules for the path."""

    hosting = False

    def end_headers(self) -> None:
        if self.hosting:
            path = self.path.split("?")[0]
            for pattern, headers in header_rules(Path(self.directory)):
                if pattern.match(path):
                    for name, value in headers.items():
                        if name != "Content-Type":  # the server already sent one
                            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args) -> None:
        pass


class HostingHandler(SiteHandler):
    hosting = True


class Server:
    """A ThreadingHTTPServer on a free 127.0.0.1 port, serving ``directory``."""

    def __init__(self, directory: Path, handler: type[SimpleHTTPRequestHandler]) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.httpd = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def build_at(root: Path, incidents: dict[str, str], site_url: str, site: Path) -> Path:
    """Build a project whose site_url is the local origin that will serve it."""
    make_project(root, incidents)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("https://status.example.com/", site_url))
    return build_project(root, site_dir=site)


def host_page(snippet: str) -> str:
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Main site</title>"
            f"</head><body><h1>Welcome to Testwind</h1>\n{snippet}</body></html>\n")


@pytest.fixture(scope="module")
def origins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    base = tmp_path_factory.mktemp("embed")
    active_site, quiet_site, hosts = base / "active-site", base / "quiet-site", base / "host"
    servers = {
        "active": Server(active_site, HostingHandler),
        "bare": Server(active_site, SiteHandler),  # same files, no hosting headers
        "quiet": Server(quiet_site, HostingHandler),
        "host": Server(hosts, SiteHandler),
    }
    try:
        build_at(base / "active", {"water-2026.yaml": incident_yaml("water-2026", marker="LIVE")},
                 servers["active"].url, active_site)
        build_at(base / "quiet", {"gas-2026.yaml": incident_yaml(
            "gas-2026", status="resolved", resolved_at="2026-11-22T08:00:00+01:00")},
                 servers["quiet"].url, quiet_site)
        active_snippet = (active_site / "embed" / "snippet.html").read_text()
        (hosts / "active.html").write_text(host_page(active_snippet))
        (hosts / "bare.html").write_text(
            host_page(active_snippet.replace(servers["active"].url, servers["bare"].url)))
        (hosts / "quiet.html").write_text(
            host_page((quiet_site / "embed" / "snippet.html").read_text()))
        yield {name: server.url for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_banner_on_another_origin_shows_the_active_incident_and_links_to_it(origins, browser):
    page = browser.new_page()
    problems: list[str] = []
    page.on("requestfailed", lambda request: problems.append(request.url))
    page.on("response", lambda response: problems.append(response.url)
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    page.goto(origins["host"] + "active.html")
    link = page.locator(".darksite-banner a")
    link.wait_for(timeout=10_000)
    assert link.inner_text() == "LIVE-TITLE water supply interrupted in Eastfield"
    assert link.get_attribute("href") == origins["active"] + "water-2026/"
    assert page.locator("[data-darksite-banner] [role=region]").count() == 1
    assert problems == []
    page.close()


def test_without_javascript_the_snippet_is_a_plain_link_to_the_dark_site(origins, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(origins["host"] + "active.html")
    link = page.locator("[data-darksite-banner] a")
    assert link.inner_text() == "Testwind status"
    assert link.get_attribute("href") == origins["active"]
    assert link.is_visible()
    context.close()


def test_without_the_cors_header_the_fallback_link_stays(origins, browser):
    page = browser.new_page()
    with page.expect_event("requestfailed", timeout=10_000) as failed:
        page.goto(origins["host"] + "bare.html")
    assert failed.value.url == origins["bare"] + "status.json"
    page.wait_for_load_state("networkidle")
    assert page.locator(".darksite-banner").count() == 0
    assert page.locator("[data-darksite-banner] a").inner_text() == "Testwind status"
    page.close()


def test_with_no_active_incident_the_banner_container_is_hidden(origins, browser):
    page = browser.new_page()
    with page.expect_response(origins["quiet"] + "status.json", timeout=10_000):
        page.goto(origins["host"] + "quiet.html")
    page.locator("[data-darksite-banner]").wait_for(state="hidden", timeout=10_000)
    assert page.locator(".darksite-banner").count() == 0
    page.close()
