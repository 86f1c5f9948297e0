"""``/api/v2/*.json`` in Statuspage's shapes, read by real Statuspage consumers (issue 16).

- the shapes and the bounds, on thousands of synthetic incidents (fast);
- a real build, its files read back;
- ``statuspage-prometheus-exporter`` (PyPI), a maintained Statuspage
  consumer, polling the built site over HTTP on loopback;
- Atlassian's own ``@statuspage/status-widget`` (npm) in Debian's Chromium,
  on another origin, showing the active incident from ``/api/v2/summary.json``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from darksite.outputs import statuspage
from tests.browser_support import serve
from tests.conftest import REPO, build_project, incident_yaml, make_project
from tests.test_outputs_bounds import MB, resolved_many
from tests.test_outputs_channels import load_incident, make_context

WIDGET = REPO / "node_modules" / "@statuspage" / "status-widget" / "dist" / "index.js"


def test_every_api_file_stays_under_1_mb_at_3000_incidents_with_the_active_ones_in_full():
    active = load_incident(incident_yaml("water-2026", severity="critical"))
    files = statuspage.api_files([active, *resolved_many(3_000)], make_context())
    assert sorted(files) == sorted(statuspage.PATHS)
    for path, text in files.items():
        assert len(text.encode("utf-8")) < MB, path
    summary = json.loads(files[statuspage.SUMMARY_PATH])
    assert list(summary) == ["page", "components", "incidents", "scheduled_maintenances",
                             "status"]
    [shown] = summary["incidents"]
    assert shown["impact"] == "critical" and shown["status"] != "resolved"
    assert len(shown["incident_updates"]) == len(active.updates)
    assert summary["status"] == {
        "indicator": "critical",
        "description": "Critical incident in progress: MARK-TITLE water supply interrupted "
                       "in Eastfield"}
    update = shown["incident_updates"][0]
    assert set(update) >= {"id", "status", "body", "incident_id", "created_at", "display_at"}
    incidents = json.loads(files[statuspage.INCIDENTS_PATH])["incidents"]
    assert incidents[0]["id"] == "water-2026"
    assert len(incidents) == 1 + 25 and all(i["status"] == "resolved" for i in incidents[1:])
    assert all(len(i["incident_updates"]) <= 5 for i in incidents[1:])
    unresolved = json.loads(files[statuspage.UNRESOLVED_PATH])["incidents"]
    assert [i["id"] for i in unresolved] == ["water-2026"]
    assert json.loads(files[statuspage.STATUS_PATH]) == {"page": summary["page"],
                                                         "status": summary["status"]}


def test_with_no_active_incident_the_indicator_is_none():
    files = statuspage.api_files(resolved_many(3), make_context())
    summary = json.loads(files[statuspage.SUMMARY_PATH])
    assert summary["status"] == {"indicator": "none", "description": "No active incidents"}
    assert summary["incidents"] == []
    assert len(json.loads(files[statuspage.INCIDENTS_PATH])["incidents"]) == 3


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("api") / "project", {
        "water-2026.yaml": incident_yaml("water-2026", marker="LIVE", severity="critical"),
        "gas-2026.yaml": incident_yaml("gas-2026", marker="GAS", status="resolved",
                                       resolved_at="2026-11-22T08:00:00+01:00"),
        "flood-drill.yaml": incident_yaml("flood-drill", marker="DRAFTED", status="draft"),
    })
    return build_project(root)


def test_a_real_build_writes_the_api_from_the_same_incidents_as_status_json(built: Path):
    legacy = json.loads((built / "status.json").read_text(encoding="utf-8"))
    summary = json.loads((built / statuspage.SUMMARY_PATH).read_text(encoding="utf-8"))
    assert summary["page"]["url"] == "https://status.example.com/"
    assert [i["id"] for i in summary["incidents"]] == [i["id"] for i in legacy["incidents"]]
    assert summary["incidents"][0]["shortlink"] == "https://status.example.com/water-2026/"
    incidents = json.loads((built / statuspage.INCIDENTS_PATH).read_text(encoding="utf-8"))
    assert [i["id"] for i in incidents["incidents"]] == ["water-2026", "gas-2026"]
    for path in statuspage.PATHS:
        text = (built / path).read_text(encoding="utf-8")
        assert "DRAFTED" not in text and "INTERNAL" not in text, path


def test_a_maintained_statuspage_consumer_from_pypi_reads_the_built_site(built, tmp_path,
                                                                          monkeypatch):
    """statuspage-prometheus-exporter polls ``/api/v2/summary.json`` as it polls Statuspage."""
    from statuspage_prometheus_exporter.service_checker import check_status_page_service

    monkeypatch.chdir(tmp_path)  # its response cache is ./cache/
    with serve(built, hosting_headers=True) as url:
        result = check_status_page_service("darksite", {
            "url": url + statuspage.SUMMARY_PATH, "name": "Testwind status"})
    assert result["success"] is True
    assert result["raw_status"] == "critical" and result["status"] == 0
    [incident] = result["incident_metadata"]
    assert incident["id"] == "water-2026" and incident["impact"] == "critical"
    assert incident["name"] == "LIVE-TITLE water supply interrupted in Eastfield"
    assert incident["shortlink"] == "https://status.example.com/water-2026/"
    assert "LIVE-TITLE" in result["details"]


# -- Atlassian's widget in Chromium --------------------------------------------------------


@pytest.fixture(scope="module")
def widget_origins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The dark site at the root of one origin (the widget always asks for
    ``/api/v2/summary.json`` at the root), a host page with the widget on another."""
    if not WIDGET.is_file():
        pytest.skip(f"{WIDGET} is missing: run npm install (package.json)")
    base = tmp_path_factory.mktemp("widget")
    site, host = base / "site", base / "host"
    site.mkdir()
    host.mkdir()
    shutil.copy(WIDGET, host / "status-widget.js")
    with ExitStack() as stack:
        urls = {"site": stack.enter_context(serve(site, hosting_headers=True)),
                "bare": stack.enter_context(serve(site)),
                "host": stack.enter_context(serve(host))}
        root = make_project(base / "project", {
            "water-2026.yaml": incident_yaml("water-2026", marker="LIVE", severity="critical")})
        config = root / "mkdocs.yml"
        config.write_text(config.read_text().replace("https://status.example.com/", urls["site"]))
        build_project(root, site_dir=site)
        for name, origin in (("widget", urls["site"]), ("bare", urls["bare"])):
            (host / f"{name}.html").write_text(
                "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Main</title>"
                "<script src='status-widget.js'></script></head><body>"
                f"<statuspage-widget src='{origin}'></statuspage-widget>"
                f"<statuspage-widget src='{origin}' appearance='badge'></statuspage-widget>"
                "</body></html>\n")
        yield urls


@pytest.mark.browser
def test_atlassians_status_widget_shows_the_active_incident(widget_origins, browser):
    page = browser.new_page()
    with page.expect_response(widget_origins["site"] + statuspage.SUMMARY_PATH) as answer:
        page.goto(widget_origins["host"] + "widget.html")
    assert answer.value.status == 200
    assert answer.value.headers["access-control-allow-origin"] == "*"
    text = page.locator("statuspage-widget .status-text").first
    text.wait_for(timeout=10_000)
    assert text.inner_text() == ("Critical incident in progress: "
                                 "LIVE-TITLE water supply interrupted in Eastfield")
    indicator = page.locator("statuspage-widget .status-indicator").first
    assert "critical" in (indicator.get_attribute("class") or "").split()
    badge = page.locator("statuspage-widget .badge .status-indicator")
    assert "live-title water supply" in badge.inner_text()  # the badge's CSS lowercases it
    page.close()


@pytest.mark.browser
def test_without_the_cors_header_the_widget_cannot_read_the_site(widget_origins, browser):
    """The control: the same files served without the hosting headers fail with CORS."""
    page = browser.new_page()
    with page.expect_event("requestfailed", timeout=10_000) as failed:
        page.goto(widget_origins["host"] + "bare.html")
    assert failed.value.url == widget_origins["bare"] + statuspage.SUMMARY_PATH
    page.close()


def test_the_headers_file_opens_cors_once_on_every_url_and_the_404(built: Path):
    """One ``/*`` rule: a second matching rule would send ``*, *``, which browsers reject."""
    from tests.browser_support import header_rules

    rules = header_rules((built / "_headers").read_text(encoding="utf-8"))
    urls = ["/" + p.relative_to(built).as_posix() for p in built.rglob("*.json")]
    assert "/api/v2/summary.json" in urls
    for url in [*urls, "/embed/banner.js", "/no-such-page/", "/api/v2/no-such.json"]:
        values = [h["Access-Control-Allow-Origin"] for pattern, h in rules
                  if pattern.match(url) and "Access-Control-Allow-Origin" in h]
        assert values == ["*"], url


def test_a_rehearsal_build_marks_every_api_file(tmp_path: Path):
    root = make_project(tmp_path / "project", {
        "flood-drill.yaml": incident_yaml("flood-drill", marker="DRAFTED", status="draft")})
    site = build_project(root, rehearsal=True)
    for path in statuspage.PATHS:
        assert json.loads((site / path).read_text(encoding="utf-8"))["rehearsal"] is True, path
    summary = json.loads((site / statuspage.SUMMARY_PATH).read_text(encoding="utf-8"))
    assert [i["id"] for i in summary["incidents"]] == ["flood-drill"]
