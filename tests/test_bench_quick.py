"""The benchmark command runs end to end in quick mode, and its parts do what they claim.

No timing is asserted here (timings belong to ``docs/performance.md``): these
tests pin that the command completes, that its report has the table the
README and issues 6 and 18 promise, and that the synthetic incidents are
valid, of the realistic size of issue 18, unique in every Markdown field and
the same on every run.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from bench.__main__ import main as bench_main
from bench.generate import (
    generate_incidents,
    markdown_page,
    public_words,
    status_mix,
    unique_markdown_share,
)
from bench.weight import other_origin_requests, page_weight

from darksite.loader import load_incident_text

FIGURES = (
    "unique Markdown fields in the incident sets",
    "cold `darksite build` / bare mkdocs-material, wall",
    "same, CPU (process and children)",
    "warm `darksite build` (nothing changed) / bare, wall and CPU",
    "the pipeline (`build --renderer mkdocs-material`) / bare",
    "the pipeline after one update to an active incident / bare",
    "cold build time",
    "peak memory of `darksite build`",
    "peak memory of `darksite publish --full`",
    "peak memory growth",
    "`status.json` at every N",
    "update-to-live",
    "`darksite check` at N=",
    "full incident page, everything it loads, gzipped",
    "lite page, gzipped, all in",
    "requests to other origins from any page",
)


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("bench")
    status = bench_main(["--output", str(out / "performance.md"), "--work", str(out / "work")])
    assert status == 0
    return (out / "performance.md").read_text(encoding="utf-8")


def table_rows(report: str) -> list[list[str]]:
    lines = report.split("| figure | goal (2-core machine) | result | verdict |", 1)[1]
    rows = []
    for line in lines.splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_quick_mode_writes_one_row_per_goal_with_a_verdict(quick_report: str) -> None:
    rows = table_rows(quick_report)
    assert len(rows) == len(FIGURES)
    for figure, row in zip(FIGURES, rows, strict=True):
        assert row[0].startswith(figure)
        assert len(row) == 4, row
        assert row[2], f"no result for {figure}"
        assert row[3] in ("pass", "**FAIL**", "indicative"), row


def test_quick_report_names_machine_versions_mode_and_how_to_reproduce(quick_report: str) -> None:
    assert "**quick mode**" in quick_report
    assert re.search(r"cores: \d+; CPU: .+; memory: [\d.]+ GiB", quick_report)
    for name in ("Python", "mkdocs", "mkdocs-material", "darksite"):
        assert re.search(rf"^- {name}: \S+", quick_report, re.MULTILINE), name
    assert "python -m bench --full" in quick_report
    assert "`INHERIT`s the project's own" in quick_report  # the exact baseline is documented


def test_quick_mode_marks_size_dependent_goals_indicative(quick_report: str) -> None:
    rows = table_rows(quick_report)
    for figure in (*FIGURES[1:9], "`darksite check` at N="):
        [row] = [r for r in rows if r[0].startswith(figure)]
        assert row[3] == "indicative", row
    unique = rows[0]
    assert unique[2].startswith("100.0% of") and unique[3] == "pass"


def test_quick_report_gives_cpu_hugo_and_output_sizes(quick_report: str) -> None:
    assert "| N | cold `darksite build` | warm `darksite build` | `darksite publish --full` |" \
        in quick_report
    assert re.search(r"^- hugo: \S+", quick_report, re.MULTILINE)
    assert "Output sizes (bytes) of the cold build" in quick_report
    assert "status.json | archive page | lite index | sitemap" in quick_report
    assert "The pipeline (`darksite build --renderer mkdocs-material`" in quick_report


def test_every_generated_incident_loads_without_error() -> None:
    for incident in generate_incidents(60):
        loaded, diagnostics = load_incident_text(
            incident.yaml_text.encode(), file=f"incidents/{incident.id}.yaml")
        assert loaded is not None, [d.format_text() for d in diagnostics]
        assert loaded.status.value == incident.status


def test_generated_incidents_have_the_realistic_size_of_issue_18() -> None:
    incidents = generate_incidents(200)
    statuses = collections.Counter(i.status for i in incidents)
    assert statuses["resolved"] > statuses["draft"] > statuses["active"] >= 1
    for incident in incidents:
        data = incident.data
        assert len(data["actions"]) == 5
        assert len(data["statement"].split("\n\n")) >= 4
        assert 380 <= len(data["statement"].split()) <= 470
        assert len(data["contacts"]) == 4
        assert any(c.get("private") for c in data["contacts"])
        assert len(data["faq"]) == 5 and data["apology"]["by"]["name"]
        assert data["spokesperson"]["quote"]
        if incident.is_public:
            assert len(data["updates"]) == 10
            assert 1_650 <= public_words(data) <= 2_050, public_words(data)
        else:
            assert "{{ " in incident.yaml_text  # scenarios keep their placeholders


def test_every_markdown_field_of_a_set_is_unique() -> None:
    unique, total = unique_markdown_share(generate_incidents(300))
    assert total > 300 * 15 and unique == total


def test_generation_is_the_same_on_every_run() -> None:
    first = generate_incidents(30, now=_fixed_now())
    second = generate_incidents(30, now=_fixed_now())
    assert [i.yaml_text for i in first] == [i.yaml_text for i in second]


def test_status_mix_has_an_active_incident_from_two_incidents_on() -> None:
    assert status_mix(1) == ["resolved"]
    assert "active" in status_mix(2)
    assert status_mix(1000).count("active") == 5
    assert status_mix(1000).count("draft") == 50
    assert status_mix(3000).count("active") == 5


def test_markdown_twin_carries_the_public_words_and_no_internal_note() -> None:
    incident = next(i for i in generate_incidents(20) if i.status == "active")
    page = markdown_page(incident.data)
    data = incident.data
    for text in (data["title"], data["summary"], data["apology"]["by"]["name"]):
        assert text in page
    for action in data["actions"]:
        assert action["step"] in page
    for contact in data["contacts"]:
        assert contact["value"] in page
    assert "INTERNAL-BENCH-NOTE" not in page
    assert "INTERNAL-BENCH-NOTE" in incident.yaml_text


def test_page_weight_follows_stylesheets_and_reports_other_origins(tmp_path: Path) -> None:
    (tmp_path / "css").mkdir()
    (tmp_path / "page").mkdir()
    (tmp_path / "css" / "site.css").write_text(
        "@import 'more.css'; body { background: url(../img/bg.png) } "
        "i { background: url(data:image/png;base64,AAAA) }")
    (tmp_path / "css" / "more.css").write_text("p { color: red }")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "bg.png").write_bytes(b"\x89PNG" + b"\0" * 100)
    (tmp_path / "page" / "index.html").write_text(
        '<!doctype html><html><head><link rel="stylesheet" href="../css/site.css">'
        '<link rel="canonical" href="https://status.example.com/page/">'
        '<script src="https://cdn.example.net/x.js"></script></head>'
        '<body><a href="https://example.com/">a link is not a request</a></body></html>')
    weight = page_weight(tmp_path, "page/index.html")
    assert set(weight.files) == {"page/index.html", "css/site.css", "css/more.css", "img/bg.png"}
    assert weight.other_origin == ["https://cdn.example.net/x.js"]
    assert weight.gzipped_bytes == sum(weight.files.values()) > 0
    assert other_origin_requests(tmp_path) == {"page/index.html": ["https://cdn.example.net/x.js"]}


def _fixed_now():
    from datetime import UTC, datetime

    return datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
