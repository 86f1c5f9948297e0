"""The post-incident review: on the page, in the feeds, and a reminder when it is owed.

Real projects, real builds, the real CLI in-process; the feeds are read
back with feedparser.
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from darksite.cli import main
from tests.conftest import build_project, incident_yaml, make_project

REVIEW = """\
review:
  published_at: 2026-11-20
  url: https://www.example.com/reports/water.pdf
  what_happened: |
    The main under Mill Road **burst at 07:40**; crews closed it at 09:10.
  root_cause: |
    A joint laid in 1962 had corroded.
  changes:
    - change: We now survey every joint older than 50 years each spring.
      at: 2026-11-18
"""


LATER = "2026-12-10T12:00:00+00:00"
"""Nineteen days after the incidents here were resolved."""


def resolved(severity: str = "critical", resolved_at: str = "2026-11-21T12:00:00+00:00",
             extra: str = "") -> str:
    return incident_yaml("water-outage", status="resolved", severity=severity,
                         resolved_at=resolved_at, extra=extra)


def codes(root: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    capsys.readouterr()
    main(["check", "-f", str(root / "mkdocs.yml"), "--format", "json"])
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    return [d for d in found if d["code"].startswith("review-")]


def test_a_resolved_critical_incident_without_a_review_is_reminded(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DARKSITE_NOW", LATER)
    root = make_project(tmp_path / "p", {"water-outage.yaml": resolved()})
    [reminder] = codes(root, capsys)
    assert (reminder["code"], reminder["severity"], reminder["path"]) == (
        "review-missing", "warning", "review")
    assert "resolved 19 days ago" in reminder["message"]
    assert "the site's limit is 14 days" in reminder["message"]
    assert reminder["file"] == "incidents/water-outage.yaml"
    assert reminder["line"] == 6  # at resolved_at: the review is owed from there


@pytest.mark.parametrize(("incident", "options", "now"), [
    (resolved(), {"checks": {"review_after_days": 30}}, LATER),
    (resolved(severity="major"), {}, LATER),
    (resolved(), {}, "2026-11-26T09:00:00+00:00"),
    (resolved(extra=REVIEW), {}, LATER),
], ids=["limit-raised", "not-critical", "too-soon", "has-review"])
def test_no_reminder_when_none_is_owed(tmp_path: Path, incident: str, options: dict, now: str,
                                       capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DARKSITE_NOW", now)
    root = make_project(tmp_path / "p", {"water-outage.yaml": incident}, plugin_options=options)
    assert codes(root, capsys) == []


def test_a_review_without_link_or_content_is_incomplete(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", {"water-outage.yaml": resolved(
        extra="review:\n  published_at: 2026-11-20\n  root_cause: A corroded joint.\n")})
    [found] = codes(root, capsys)
    assert found["code"] == "review-incomplete"
    assert "no url and no what_happened" in found["message"]


def test_a_broken_review_is_a_located_error(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    broken = REVIEW.replace("      at: 2026-11-18\n", "").replace("root_cause:", "rootcause:")
    root = make_project(tmp_path / "p", {"water-outage.yaml": resolved(extra=broken)})
    capsys.readouterr()
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 1
    err = capsys.readouterr().out + capsys.readouterr().err
    assert "error[unknown-key] review.rootcause: unknown key 'rootcause' in review " \
           "(did you mean 'root_cause'?)" in err
    assert "review.changes[0].at" in err
    assert "Traceback" not in err


def test_the_review_is_on_the_page_and_announced_in_both_feeds(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"water-outage.yaml": resolved(extra=REVIEW)})
    site = build_project(root, site_dir=tmp_path / "site")
    page = (site / "water-outage" / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="incident-review"'):]
    assert "Post-incident review" in section
    assert "<strong>burst at 07:40</strong>" in section
    assert "A joint laid in 1962 had corroded." in section
    assert "We now survey every joint older than 50 years each spring." in section
    assert 'href="https://www.example.com/reports/water.pdf"' in section
    assert '<time datetime="2026-11-18"' in section
    lite = (site / "lite" / "water-outage" / "index.html").read_text(encoding="utf-8")
    assert "Post-incident review" in lite and "A joint laid in 1962" in lite

    ids = []
    for feed in (site / "water-outage" / "feed.xml", site / "feed.xml"):
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, parsed.bozo_exception
        [entry] = [e for e in parsed.entries if e.title.startswith("Post-incident review:")]
        assert entry.tags[0].term == "review"
        assert entry.updated.startswith("2026-11-20T00:00:00")
        assert "A joint laid in 1962 had corroded." in entry.content[0].value
        ids.append(entry.id)
    assert ids[0] == ids[1] == "tag:status.example.com,2026-11-20:water-outage/review/" \
                               "20261120T000000Z"

    again = build_project(root, site_dir=tmp_path / "again")
    assert (again / "water-outage" / "feed.xml").read_bytes() == \
        (site / "water-outage" / "feed.xml").read_bytes()


def test_a_draft_review_never_reaches_a_feed(tmp_path: Path) -> None:
    draft = incident_yaml("water-outage", status="draft", extra=REVIEW.replace(
        "A joint laid", "DRAFT-REVIEW-SECRET A joint laid"))
    root = make_project(tmp_path / "p", {"water-outage.yaml": draft,
                                         "other.yaml": incident_yaml("other")})
    site = build_project(root, site_dir=tmp_path / "site")
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".xml", ".json", ".html", ".txt"):
            assert "DRAFT-REVIEW-SECRET" not in path.read_text(encoding="utf-8", errors="replace")
