"""The `darksite check` contract that scripts rely on: exit codes, text lines, JSON shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_loader import VALID

MKDOCS_YML = """\
site_name: Test dark site
site_url: https://status.example.com/
docs_dir: site_src
theme:
  name: material
  font: false
plugins:
  - darksite
"""


def make_project(root: Path, incidents: dict[str, str | bytes]) -> Path:
    (root / "site_src").mkdir(parents=True, exist_ok=True)
    (root / "site_src" / "index.md").write_text("# No current incidents\n")
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    folder = root / "incidents"
    folder.mkdir(exist_ok=True)
    for name, content in incidents.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return root


def darksite(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "darksite", *args], cwd=cwd, capture_output=True,
        text=True, timeout=120, check=False,
    )


def test_clean_project_exits_0(tmp_path):
    make_project(tmp_path, {"sample-incident.yaml": VALID})
    result = darksite("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    errors = [d for d in json.loads(result.stdout)["diagnostics"] if d["severity"] == "error"]
    assert errors == []


def test_typo_gives_exit_1_and_the_documented_text_line(tmp_path):
    make_project(tmp_path, {"sample-incident.yaml": VALID.replace("apology:", "apologie:")})
    result = darksite("check", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "incidents/sample-incident.yaml:12:1: error[unknown-key] apologie: "
        "unknown key 'apologie' (did you mean 'apology'?)"
    ) in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_json_lists_every_problem_of_every_file_with_all_fields(tmp_path):
    make_project(tmp_path, {
        "sample-incident.yaml": VALID.replace("status: active", "status: live"),
        "latin.yaml": "id: latin\ntitle: Caf\xe9\n".encode("latin-1"),
        "unsafe.yaml": "id: unsafe\ntitle: !!python/object/apply:os.system ['true']\n",
    })
    result = darksite("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    diagnostics = json.loads(result.stdout)["diagnostics"]
    for item in diagnostics:
        assert set(item) == {"file", "line", "column", "severity", "code", "path", "message",
                             "hint"}
    found = {(d["file"], d["code"], d["line"]) for d in diagnostics}
    assert ("incidents/sample-incident.yaml", "invalid-value", 4) in found
    assert ("incidents/latin.yaml", "not-utf8", 2) in found
    assert ("incidents/unsafe.yaml", "unsafe-tag", 2) in found
    assert "Traceback" not in result.stderr


def test_warnings_fail_only_with_strict(tmp_path):
    # An active critical incident without an apology draws a message-quality warning.
    make_project(tmp_path, {"sample-incident.yaml": VALID})
    result = darksite("check", "--format", "json", cwd=tmp_path)
    warnings = [d for d in json.loads(result.stdout)["diagnostics"]
                if d["severity"] == "warning"]
    if not warnings:
        pytest.skip("no warning in this fixture with the current checks")
    assert result.returncode == 0
    assert darksite("check", "--strict", cwd=tmp_path).returncode == 1


def test_usage_error_exits_2(tmp_path):
    make_project(tmp_path, {})
    result = darksite("check", "--format", "yaml", cwd=tmp_path)
    assert result.returncode == 2


def test_no_project_is_a_clear_error_not_a_traceback(tmp_path):
    result = darksite("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "no mkdocs.yml" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_mkdocs_yml_is_a_clear_error(tmp_path):
    make_project(tmp_path, {})
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML + "plugins: [darksite: {rehearsal: maybe}]\n")
    result = darksite("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "mkdocs.yml" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_with_a_bad_file_exits_1_listing_each_problem_once(tmp_path):
    make_project(tmp_path, {
        "sample-incident.yaml": VALID.replace("apology:", "apologie:"),
        "second.yaml": VALID.replace("id: sample-incident", "id: second")
                            .replace("status: active", "status: live"),
    })
    result = darksite("build", "-d", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("error[unknown-key] apologie") == 1
    assert result.stderr.count("error[invalid-value] status") == 1
    assert "nothing was built" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_action_without_owner_or_due_is_advice_that_never_fails_strict(tmp_path):
    text = VALID.replace("    owner: Customer care\n", "").replace("    due: 2026-11-26\n", "")
    text = text.replace("We are emailing every affected customer by 26 November.",
                        "We are emailing every affected customer what was exposed.")
    make_project(tmp_path, {"sample-incident.yaml": text})
    result = darksite("check", "--format", "json", cwd=tmp_path)
    found = {(d["code"], d["severity"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert ("action-without-owner", "info") in found
    assert ("action-without-due", "info") in found
    strict = darksite("check", "--strict", "--format", "json", cwd=tmp_path)
    warnings = [d for d in json.loads(strict.stdout)["diagnostics"]
                if d["severity"] != "info"]
    assert strict.returncode == (1 if warnings else 0)


@pytest.mark.parametrize(
    ("plugins", "expected"),
    [
        ("plugins:\n  - darksite\n", "incidents"),
        ("plugins:\n  - darksite:\n      incidents_dir: crisis\n", "crisis"),
        ("plugins:\n  darksite:\n    incidents_dir: crisis\n", "crisis"),
    ],
)
def test_fast_folder_reading_agrees_with_mkdocs(tmp_path, plugins, expected):
    from darksite.mkdocs.project import open_project, read_folders

    make_project(tmp_path, {})
    (tmp_path / expected).mkdir(exist_ok=True)
    text = MKDOCS_YML.replace("plugins:\n  - darksite\n", plugins)
    text += "extra:\n  secret: !ENV [NOT_SET, none]\n"
    (tmp_path / "mkdocs.yml").write_text(text)
    folders = read_folders(tmp_path / "mkdocs.yml")
    settings = open_project(tmp_path / "mkdocs.yml").settings
    assert folders is not None
    assert (folders.root, folders.incidents_dir, folders.docs_dir) == (
        settings.root, settings.incidents_dir, settings.docs_dir)


@pytest.mark.parametrize("languages", [
    "      languages:\n        others: [cy, ar]\n",
    "      languages:\n        default: en-GB\n        others:\n          - cy\n",
    "",
])
def test_fast_folder_reading_gives_mkdocs_declared_languages(tmp_path, languages):
    from darksite.mkdocs.project import open_project

    folders = _folders_with_languages(tmp_path, languages)
    assert folders is not None
    assert folders.languages == open_project(tmp_path / "mkdocs.yml").settings.languages


@pytest.mark.parametrize("languages", [
    "      languages:\n        others: [cy, xx-not-a-language]\n",  # MkDocs says where it is wrong
    "      languages:\n        others: cy\n",
    "      languages:\n        other: [cy]\n",
    "      languages: [cy]\n",
])
def test_fast_folder_reading_defers_to_mkdocs_for_unusual_languages(tmp_path, languages):
    assert _folders_with_languages(tmp_path, languages) is None


def _folders_with_languages(root: Path, languages: str):
    """The fast reading of a project whose darksite options are ``languages`` (YAML)."""
    from darksite.mkdocs.project import read_folders

    make_project(root, {})
    text = MKDOCS_YML.replace("plugins:\n  - darksite\n", "plugins:\n  - darksite:\n" + languages)
    (root / "mkdocs.yml").write_text(text)
    return read_folders(root / "mkdocs.yml")


def test_fast_folder_reading_defers_to_mkdocs_for_inherit(tmp_path):
    from darksite.mkdocs.project import read_folders

    make_project(tmp_path, {})
    (tmp_path / "base.yml").write_text(MKDOCS_YML)
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\n")
    assert read_folders(tmp_path / "mkdocs.yml") is None


def test_a_broken_theme_override_fails_the_build_without_a_traceback(tmp_path):
    import shutil

    make_project(tmp_path, {"sample-incident.yaml": VALID})
    themes = Path(__file__).resolve().parent.parent / "themes"
    shutil.copytree(themes, tmp_path / "themes")
    incident_template = tmp_path / "themes" / "incident.html"
    incident_template.write_text(incident_template.read_text()
                                 + "{% block footer %}{{ no_such_function() }}{% endblock %}")
    text = MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: themes\n")
    (tmp_path / "mkdocs.yml").write_text(text)
    result = darksite("build", "-d", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert "the site could not be built" in result.stderr
    assert "no_such_function" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_prints_each_warning_once(tmp_path):
    from tests.conftest import make_project as make_full_project

    make_full_project(tmp_path, {"sample-incident.yaml": VALID})
    result = darksite("build", "-d", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning[going-dark]" in result.stderr  # VALID's last update is long past
    assert result.stderr.count("warning[going-dark]") == 1
