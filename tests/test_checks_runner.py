"""The runner: registry, documentation, site-wide disabling, per-field suppression, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from darksite.checks import RULES
from darksite.checks.registry import THEMES
from tests.conftest import REPO, make_project
from tests.test_checks_support import (
    BASE,
    NOW,
    check,
    codes,
    incident_data,
    load,
    to_yaml,
    with_apology,
    with_step,
)

DOC = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
SECTIONS = dict(re.findall(r"^#### `([a-z0-9-]+)`[^\n]*\n(.*?)(?=^#{2,4} |\Z)", DOC,
                           re.MULTILINE | re.DOTALL))


def _example(code: str, which: str) -> str:
    match = re.search(rf"^\| {which} \| (.*) \|$", SECTIONS[code], re.MULTILINE)
    assert match, f"docs/checks.md: {code} has no {which} example"
    return match.group(1)


def test_rule_codes_are_stable_kebab_case_in_known_themes():
    for code, registered in RULES.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code)
        assert registered.theme in THEMES
        assert registered.function.__doc__, f"{code} has no docstring"


def test_every_rule_is_documented_with_a_bad_and_a_good_example():
    assert set(RULES) <= set(SECTIONS)
    for code in RULES:
        _example(code, "Bad")
        _example(code, "Good")


PLACED = {
    **{code: with_apology for code, r in RULES.items()
       if r.theme == "apology" and code != "missing-apology"},
    "vague-action": with_step,
    "leftover-marker": with_step,
    "defensive-tone": lambda text: incident_data(statement=text),
    "shouting": lambda text: incident_data(statement=text),
    "exclamation-mark": lambda text: incident_data(statement=text),
    "wrong-weekday": lambda text: incident_data(statement=text),
    "hard-to-read": lambda text: incident_data(summary=text),
}


@pytest.mark.parametrize("code", sorted(PLACED))
def test_documented_examples_behave_as_documented(code):
    place = PLACED[code]
    assert code in codes(check(place(_example(code, "Bad"))))
    assert code not in codes(check(place(_example(code, "Good"))))


def test_rule_disabled_by_code_or_by_theme_is_not_run():
    data = with_apology("We apologise for any inconvenience.")
    assert "minimising-apology" in codes(check(data))
    assert "minimising-apology" not in codes(check(data, disabled={"minimising-apology"}))
    assert codes(check(data, disabled={"apology"}), "apology") == []


def test_unknown_name_in_disable_is_reported_against_mkdocs_yml():
    found = check(BASE, disabled={"vague-actions", "tone"})
    [diagnostic] = found
    assert (diagnostic.code, diagnostic.file) == ("unknown-check-code", "mkdocs.yml")
    assert "'vague-actions'" in diagnostic.message


def test_suppression_silences_one_rule_at_one_path_only():
    actions = [{"step": "We are looking into the matter.", "owner": "Ops", "due": "2026-11-25"},
               {"step": "We are exploring options.", "owner": "Ops", "due": "2026-11-25"}]
    suppress = [{"rule": "vague-action", "path": "actions[0].step",
                 "reason": "The regulator runs this inquiry and sets its own timetable."}]
    found = check(incident_data(actions=actions, suppress=suppress))
    assert [(d.code, d.path) for d in found] == [("vague-action", "actions[1].step")]


def test_suppression_never_silences_an_error_and_says_so():
    channels = dict(BASE["channels"], x="Water. " * 60)
    suppress = [{"rule": "channel-too-long", "path": "channels.x", "reason": "We like it long."}]
    found = check(incident_data(channels=channels, suppress=suppress))
    assert ("channel-too-long", "error") in [(d.code, d.severity) for d in found]
    [note] = [d for d in found if d.code == "suppression-unused"]
    assert note.path == "suppress[0]"
    assert "errors cannot be suppressed" in note.message


def test_suppression_of_an_unknown_rule_or_of_nothing_is_reported():
    suppress = [{"rule": "vague-actoin", "path": "actions[1].step", "reason": "Typo."},
                {"rule": "vague-action", "path": "actions[1].step", "reason": "Was vague once."}]
    data = incident_data(suppress=suppress)
    found = check(data)
    assert [(d.code, d.path) for d in found] == [
        ("suppression-unknown-rule", "suppress[0]"), ("suppression-unused", "suppress[1]")]
    assert found[0].line == load(data).location("suppress[0]").line


def test_suppression_of_a_disabled_rule_is_not_called_unused():
    suppress = [{"rule": "vague-action", "path": "actions[1].step", "reason": "Kept for later."}]
    assert check(incident_data(suppress=suppress), disabled={"vague-action"}) == []


def test_non_english_incident_keeps_the_language_free_rules():
    data = with_apology("Nous regrettons tout désagrément.", lang="fr", next_update=None)
    assert codes(check(data)) == ["no-next-update"]


def test_incidents_are_checked_independently_in_one_run():
    from darksite.checks import run_checks
    from tests.test_checks_support import settings

    good = load(BASE)
    # Its own SMS text: composed from title, advice and link it would not fit (a warning).
    bad = load(with_apology("We apologise.", id="second-outage",
                            channels={"sms": BASE["channels"]["sms"].replace(
                                "water-outage", "second-outage")}))
    found = run_checks([good, bad], settings(), NOW)
    assert [(d.file, d.code) for d in found] == [
        ("incidents/second-outage.yaml", "apology-names-no-wrong")]


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "darksite", "check", *args], cwd=root,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def cli_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real project whose mkdocs.yml tunes the checks, with one incident to check."""
    recent = (NOW - timedelta(hours=1)).isoformat()
    data = incident_data(
        apology={"text": "We apologise for any inconvenience.\n", "by": BASE["apology"]["by"]},
        actions=[{"step": "We are looking into the matter.", "owner": "Ops", "due": "2099-01-01"}],
        next_update="2099-01-01T00:00:00+00:00",
        updates=[{"at": recent, "text": "Engineers are on site."}],
        summary="A burst main cut the water supply. Bottled water is at the community centre.",
    )
    options = {"checks": {"disable": ["stock-apology"], "going_dark_hours": 10_000_000,
                          "max_grade": 30}}
    return make_project(tmp_path_factory.mktemp("cli") / "project",
                        {"water-outage.yaml": to_yaml(data)}, plugin_options=options)


def test_cli_reports_located_warnings_and_honours_mkdocs_options(cli_project):
    result = _run(cli_project, "--format", "json")
    assert result.returncode == 0, result.stderr
    diagnostics = json.loads(result.stdout)["diagnostics"]
    found = {(d["code"], d["path"]) for d in diagnostics}
    assert found == {("minimising-apology", "apology.text"), ("vague-action", "actions[0].step")}
    text = (cli_project / "incidents" / "water-outage.yaml").read_text(encoding="utf-8")
    step_line = next(n for n, line in enumerate(text.splitlines(), 1) if "looking into" in line)
    vague = next(d for d in diagnostics if d["code"] == "vague-action")
    assert vague["line"] == step_line
    assert vague["file"] == "incidents/water-outage.yaml"


def test_cli_strict_fails_on_warnings(cli_project):
    assert _run(cli_project, "--strict").returncode == 1
