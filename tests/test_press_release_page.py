"""Each public incident's press release is on the site, in the one approved wording."""

from __future__ import annotations

import json
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
        assert first_line.replace("&", "&amp;") in page.replace("&#39;", "'"), first_line
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
    page = (site / "sample-incident" / "press-release" / "index.html").read_text()
    assert "X-POST-MARKER" in page and "SMS-MARKER" in page
    posted = subprocess.run(
        [sys.executable, "-m", "darksite", "posts", "sample-incident", "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, check=True)
    memo = json.loads(posted.stdout)["posts"]["internal_memo"]
    banner = memo.splitlines()[0]
    assert banner.startswith("INTERNAL")  # the memo's employees-only line
    assert banner not in page and "EMPLOYEES ONLY" not in page
