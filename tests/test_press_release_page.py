"""Each public incident's press release is on the site, in the one approved wording."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from tests.conftest import make_project
from tests.test_cli_check import darksite
from tests.test_loader import VALID

RELEASE_OVERRIDE = "channels:\n  press_release: PRESS-BODY-MARKER, in our own words.\n"
DRAFT = (VALID.replace("id: sample-incident", "id: prepared-draft")
         .replace("status: active", "status: draft")
         .replace("title: Customer data", "title: DRAFT-TITLE-MARKER Customer data"))


def build(tmp_path, incidents):
    make_project(tmp_path, incidents)
    result = darksite("build", "-d", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "out"


def test_press_release_page_carries_the_posts_text_and_no_script(tmp_path):
    site = build(tmp_path, {"sample-incident.yaml": VALID + RELEASE_OVERRIDE,
                            "prepared-draft.yaml": DRAFT})
    page = (site / "sample-incident" / "press-release" / "index.html").read_text()
    posted = subprocess.run(
        [sys.executable, "-m", "darksite", "posts", "sample-incident", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, check=True)
    release = json.loads(posted.stdout)["posts"]["press_release"]
    assert "PRESS-BODY-MARKER" in release and "PRESS-BODY-MARKER" in page
    for paragraph in release.split("\n\n"):
        first_line = paragraph.strip().splitlines()[0]
        # the headline is the page's h1, in the title's own case
        words = re.sub(r"<[^>]+>", "", page).replace("&#39;", "'").lower()
        assert first_line.replace("&", "&amp;").lower() in words, first_line
    assert "<script" not in page
    canonical = "https://status.example.com/sample-incident/press-release/"
    assert f'<link rel="canonical" href="{canonical}">' in page
    incident_page = (site / "sample-incident" / "index.html").read_text()
    assert 'href="press-release/"' in incident_page


def test_drafts_get_no_press_release_page(tmp_path):
    site = build(tmp_path, {"sample-incident.yaml": VALID, "prepared-draft.yaml": DRAFT})
    assert not (site / "prepared-draft").exists()
    for path in site.rglob("*"):
        if path.is_file():
            assert b"DRAFT-TITLE-MARKER" not in path.read_bytes(), path


def test_raw_html_in_the_release_is_shown_as_text(tmp_path):
    hostile = VALID + "channels:\n  press_release: <script>alert(1)</script> PRESS-HTML\n"
    site = build(tmp_path, {"sample-incident.yaml": hostile})
    page = (site / "sample-incident" / "press-release" / "index.html").read_text()
    assert "PRESS-HTML" in page
    assert "<script>alert(1)</script>" not in page


def test_press_page_carries_the_approved_channel_texts_but_never_the_memo(tmp_path):
    overrides = ("channels:\n  x: X-POST-MARKER https://status.example.com/sample-incident/\n"
                 "  sms: SMS-MARKER https://status.example.com/sample-incident/\n")
    site = build(tmp_path, {"sample-incident.yaml": VALID + overrides})
    release = (site / "sample-incident" / "press-release" / "index.html").read_text()
    assert "X-POST-MARKER" not in release and 'href="channel-texts/"' in release
    page = (site / "sample-incident" / "press-release" / "channel-texts" / "index.html").read_text()
    assert page.count("X-POST-MARKER") == 1 and page.count("SMS-MARKER") == 1
    posted = subprocess.run(
        [sys.executable, "-m", "darksite", "posts", "sample-incident", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, check=True)
    memo = json.loads(posted.stdout)["posts"]["internal_memo"]
    banner = memo.splitlines()[0]
    assert banner.startswith("INTERNAL")  # the memo's employees-only line
    assert banner not in page and "EMPLOYEES ONLY" not in page


def test_the_release_reads_as_journalists_expect_and_each_text_is_shown_once(tmp_path):
    site = build(tmp_path, {"sample-incident.yaml": VALID})
    page = (site / "sample-incident" / "press-release" / "index.html").read_text()
    parts = ["<h1>", "FOR IMMEDIATE RELEASE", '<p class="press-lead"><strong>',
             "<h2>Media contact</h2>", '<p class="press-ends"><strong>Ends</strong></p>',
             "<h2>Notes to editors</h2>"]
    places = [page.find(part) for part in parts]
    assert -1 not in places and places == sorted(places), dict(zip(parts, places, strict=True))
    assert page.count("<h1>") == 1
    texts = (site / "sample-incident" / "press-release" / "channel-texts" / "index.html"
             ).read_text()
    headings = [h for h in ("X", "Bluesky", "Mastodon", "LinkedIn", "Facebook", "SMS",
                            "Email subject")]
    for heading in headings:
        assert texts.count(f"<h2>{heading}</h2>") == 1, heading
