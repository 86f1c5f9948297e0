"""``darksite posts ID``: texts ready to paste, JSON for scripts, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from darksite.cli import main
from darksite.textlength import channel_length, channel_limit
from tests.conftest import incident_yaml, make_project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    return make_project(tmp_path_factory.mktemp("posts") / "project", {
        "water-2026.yaml": incident_yaml("water-2026", marker="LIVE"),
        "scenario-flood.yaml": incident_yaml("scenario-flood", status="draft", marker="DRAFTED"),
    })


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_gives_x_bluesky_mastodon_and_sms_within_their_limits(project):
    result = subprocess.run(
        [sys.executable, "-m", "darksite", "posts", "water-2026", "--format", "json"],
        cwd=project, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    posts = json.loads(result.stdout)["posts"]
    for channel in ("x", "bluesky", "mastodon", "sms"):
        assert channel_length(channel, posts[channel]) <= channel_limit(channel, posts[channel])
        assert "https://status.example.com/water-2026/" in posts[channel]
    assert set(posts) >= {"linkedin", "facebook", "email_subject", "email_body",
                          "press_release", "internal_memo"}


def test_one_channel_prints_only_its_text(project, capsys):
    code, out, _ = run(capsys, "posts", "water-2026", "-f", str(project / "mkdocs.yml"),
                       "--channel", "sms")
    assert code == 0
    assert out.startswith("LIVE-TITLE") and out.rstrip().endswith("/water-2026/")
    assert "==" not in out


def test_text_output_names_each_channel_with_its_count(project, capsys):
    code, out, _ = run(capsys, "posts", "water-2026", "-f", str(project / "mkdocs.yml"))
    assert code == 0
    assert "== x (" in out and "/280) ==" in out
    assert "GSM-7) ==" in out
    assert "== internal_memo - INTERNAL, employees only, never public ==" in out


def test_a_draft_is_allowed_and_marked(project, capsys):
    code, out, _ = run(capsys, "posts", "scenario-flood", "-f", str(project / "mkdocs.yml"))
    assert code == 0
    assert "# DRAFT - NOT PUBLIC" in out
    assert "DRAFTED-SUMMARY" in out


def test_an_unknown_id_exits_1_and_suggests_the_closest(project, capsys):
    code, out, err = run(capsys, "posts", "water-2062", "-f", str(project / "mkdocs.yml"))
    assert code == 1 and out == ""
    assert "no incident with id 'water-2062' (did you mean 'water-2026'?)" in err
    assert "Traceback" not in err


def test_a_file_with_errors_exits_1_with_located_diagnostics(tmp_path, capsys):
    broken = incident_yaml("water-2026").replace("apology:", "apologie:")
    root = make_project(tmp_path / "project", {"water-2026.yaml": broken})
    code, out, err = run(capsys, "posts", "water-2026", "-f", str(root / "mkdocs.yml"))
    assert code == 1 and out == ""
    assert "incidents/water-2026.yaml:" in err and "apologie" in err


def test_an_unknown_channel_is_a_usage_error(project):
    with pytest.raises(SystemExit) as exit_info:
        main(["posts", "water-2026", "--channel", "fax"])
    assert exit_info.value.code == 2
