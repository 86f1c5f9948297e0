"""The embeddable banner in real headless Chromium, across two localhost origins.

Origin A serves the built dark site the way Netlify or Cloudflare Pages
would: every response gets the headers that the generated ``_headers`` file
gives its path. Origin B is "the organisation's main website": a page with
the generated snippet pasted in. The banner on B must read A's
``status.json``, which only works when the CORS header is right; a copy of A
served without the hosting headers proves that it is that header doing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.browser_support import serve
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
