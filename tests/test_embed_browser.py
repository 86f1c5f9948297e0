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
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import header_rules, serve
from tests.conftest import build_project, incident_yaml, make_project

pytestmark = pytest.mark.browser


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
    for folder in (active_site, quiet_site, hosts):
        folder.mkdir()
    with ExitStack() as stack:
        urls = {
            "active": stack.enter_context(serve(active_site, hosting_headers=True)),
            "bare": stack.enter_context(serve(active_site)),  # same files, no hosting headers
            "quiet": stack.enter_context(serve(quiet_site, hosting_headers=True)),
            "host": stack.enter_context(serve(hosts)),
        }
        build_at(base / "active", {"water-2026.yaml": incident_yaml("water-2026", marker="LIVE")},
                 urls["active"], active_site)
        build_at(base / "quiet", {"gas-2026.yaml": incident_yaml(
            "gas-2026", status="resolved", resolved_at="2026-11-22T08:00:00+01:00")},
                 urls["quiet"], quiet_site)
        active_snippet = (active_site / "embed" / "snippet.html").read_text()
        (hosts / "active.html").write_text(host_page(active_snippet))
        (hosts / "bare.html").write_text(
            host_page(active_snippet.replace(urls["active"], urls["bare"])))
        (hosts / "quiet.html").write_text(
            host_page((quiet_site / "embed" / "snippet.html").read_text()))
        yield urls


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
    # crossorigin="anonymous": without the CORS header the browser refuses the script itself
    assert failed.value.url == origins["bare"] + "embed/banner.js"
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


# -- the banner respects the host page (issue 16) ------------------------------------------

NONCE = "r4nd0m-n0nce-1234"
HOST_SECRET_PATH = "account/12345/private-page.html"


class _Recorder:
    """Every request the dark site's server receives: (path, headers)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []

    def clear(self) -> None:
        self.requests.clear()

    def of(self, suffix: str) -> list[dict[str, str]]:
        return [headers for path, headers in self.requests if path.split("?")[0].endswith(suffix)]


@contextmanager
def serve_with(directory: Path, *, hosting: bool = False, recorder: _Recorder | None = None,
               headers: dict[str, str] | None = None) -> Iterator[str]:
    """``directory`` on 127.0.0.1 with the site's ``_headers`` rules (``hosting``), extra
    ``headers`` on every response, and every request recorded in ``recorder``."""

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def end_headers(self) -> None:
            if recorder is not None:
                recorder.requests.append((self.path, dict(self.headers.items())))
            if hosting:
                rules = header_rules((directory / "_headers").read_text())
                for pattern, values in rules:
                    if pattern.match(self.path.split("?")[0]):
                        for name, value in values.items():
                            if name != "Content-Type":
                                self.send_header(name, value)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            super().end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def host_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A dark site (recording each request) and two host origins: one that sets a cookie and
    sends its whole address as referrer (``unsafe-url``), one with a strict
    Content-Security-Policy whose nonce is :data:`NONCE`."""
    base = tmp_path_factory.mktemp("host-page")
    site, plain, strict = base / "site", base / "plain", base / "strict"
    for folder in (site, plain, strict):
        folder.mkdir()
    recorder = _Recorder()
    with ExitStack() as stack:
        dark = stack.enter_context(serve_with(site, hosting=True, recorder=recorder))
        csp = (f"default-src 'none'; script-src 'nonce-{NONCE}'; style-src 'nonce-{NONCE}'; "
               f"connect-src {dark.rstrip('/')}")
        cookie = {"Set-Cookie": "host_session=HOST-SECRET-COOKIE; Path=/"}
        # A host whose own policy sends its whole address to every site it loads from.
        lax = {**cookie, "Referrer-Policy": "unsafe-url"}
        urls = {"dark": dark,
                "plain": stack.enter_context(serve_with(plain, headers=lax)),
                "strict": stack.enter_context(serve_with(
                    strict, headers={**cookie, "Content-Security-Policy": csp}))}
        build_at(base / "project", {"water-2026.yaml": incident_yaml("water-2026",
                                                                     marker="LIVE")},
                 dark, site)
        snippet = (site / "embed" / "snippet.html").read_text()
        bare_snippet = snippet.replace(' crossorigin="anonymous" referrerpolicy="no-referrer"',
                                       "")
        assert bare_snippet != snippet
        nonced = snippet.replace("<script ", f'<script nonce="{NONCE}" ')
        override = (":root{--darksite-major:rgb(1, 2, 3)}"
                    ".darksite-banner{padding:17px}.darksite-banner-link{color:rgb(4, 5, 6)}")
        pages = {
            plain / HOST_SECRET_PATH: host_page(snippet),
            plain / "bare.html": host_page(bare_snippet),
            plain / "override.html": host_page(f"<style>{override}</style>{snippet}"),
            plain / "unstyled.html": host_page(snippet.replace(
                "<script ", '<script data-styles="none" ')),
            strict / "nonce.html": host_page(f'<style nonce="{NONCE}">{override}</style>'
                                             + nonced),
            strict / "no-nonce.html": host_page(snippet),
        }
        for path, text in pages.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        yield {**urls, "recorder": recorder}


def banner_style(page, origin: str, name: str) -> dict[str, str]:
    page.goto(origin + name)
    page.locator(".darksite-banner a").wait_for(timeout=10_000)
    return page.evaluate("""() => {
        const box = getComputedStyle(document.querySelector('.darksite-banner'));
        const link = getComputedStyle(document.querySelector('.darksite-banner-link'));
        return {background: box.backgroundColor, color: box.color, padding: box.paddingTop,
                link: link.color};
    }""")


def test_the_snippet_sends_no_host_cookie_or_page_address(host_world, browser):
    recorder: _Recorder = host_world["recorder"]
    context = browser.new_context()
    page = context.new_page()
    recorder.clear()
    page.goto(host_world["plain"] + HOST_SECRET_PATH + "?token=HOST-SECRET-QUERY")
    page.locator(".darksite-banner a").wait_for(timeout=10_000)
    assert any("HOST-SECRET-COOKIE" in c["value"] for c in context.cookies())
    for path in ("embed/banner.js", "status.json"):
        [headers] = recorder.of(path)
        sent = " ".join(f"{k}: {v}" for k, v in headers.items())
        assert "HOST-SECRET" not in sent and "account/12345" not in sent, (path, sent)
        assert "Cookie" not in headers and "Referer" not in headers, (path, headers)
    context.close()
    # The control: the same page without the two attributes leaks both, so the test can see it
    # (a fresh context: the first one has the script in its cache).
    context = browser.new_context()
    page = context.new_page()
    context.add_cookies([{"name": "host_session", "value": "HOST-SECRET-COOKIE",
                          "url": host_world["plain"]}])
    recorder.clear()
    page.goto(host_world["plain"] + "bare.html?token=HOST-SECRET-QUERY")
    page.locator(".darksite-banner a").wait_for(timeout=10_000)
    [headers] = recorder.of("embed/banner.js")
    assert "HOST-SECRET-COOKIE" in headers.get("Cookie", "")
    assert headers.get("Referer") == host_world["plain"] + "bare.html?token=HOST-SECRET-QUERY"
    context.close()


def test_the_banner_is_styled_by_default_and_the_host_overrides_it(host_world, browser):
    page = browser.new_page()
    default = banner_style(page, host_world["plain"], HOST_SECRET_PATH)
    assert default == {"background": "rgb(180, 83, 9)", "color": "rgb(255, 255, 255)",
                       "padding": "9.6px", "link": "rgb(255, 255, 255)"}
    assert page.locator(".darksite-banner.darksite-major[data-impact=major]").count() == 1
    overridden = banner_style(page, host_world["plain"], "override.html")
    assert overridden == {**default, "background": "rgb(1, 2, 3)", "padding": "17px",
                          "link": "rgb(4, 5, 6)"}
    unstyled = banner_style(page, host_world["plain"], "unstyled.html")
    assert unstyled["background"] == "rgba(0, 0, 0, 0)"
    assert page.locator("#darksite-banner-styles").count() == 0
    page.close()


def test_a_strict_csp_host_runs_and_styles_the_banner_with_its_nonce(host_world, browser):
    page = browser.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    style = banner_style(page, host_world["strict"], "nonce.html")
    assert style["background"] == "rgb(1, 2, 3)" and style["padding"] == "17px"
    assert page.evaluate("document.getElementById('darksite-banner-styles').nonce") == NONCE
    assert refused == []
    # Without the nonce the host's policy refuses the script: the fallback link stays.
    page.goto(host_world["strict"] + "no-nonce.html")
    page.wait_for_load_state("networkidle")
    assert page.locator(".darksite-banner").count() == 0
    assert page.locator("[data-darksite-banner] a").inner_text() == "Testwind status"
    assert any("script" in text for text in refused)
    page.close()
