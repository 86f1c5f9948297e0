"""Approval: the digest covers the message, not the timeline; publish notices changed text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from darksite.ops.approval import (
    APPROVED_FIELDS,
    approval_state,
    approve,
    changed_fields,
    compute_digest,
)
from darksite.ops.incidents import IncidentFolder
from darksite.ops.timeline import post_update
from tests.conftest import DARKSITE, incident_yaml, make_project


def root_of(text: str) -> yaml.Node:
    return yaml.compose(text, Loader=yaml.CSafeLoader)


BASE = incident_yaml("water-outage", marker="APPR")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("status: active", "status: resolved\nresolved_at: 2026-11-22T09:00:00+01:00"),
        ("started_at: 2026-11-20T08:00:00+01:00", "started_at: 2026-11-20T07:00:00+01:00"),
        ("next_update: 2026-11-27T18:00:00+01:00", "next_update: 2026-11-28T18:00:00+01:00"),
        ('text: "APPR-UPDATE-NEW The burst is under Mill Road."', 'text: "Changed update."'),
        ("id: water-outage", "id: water-outage-copy"),
        ('notes: "APPR-INTERNAL do not publish"', 'notes: "other notes"'),
        ("title: \"APPR-TITLE", "title:   \"APPR-TITLE"),  # formatting only
    ],
    ids=["status", "started_at", "next_update", "updates", "id", "internal", "formatting"],
)
def test_digest_leaves_out_the_timeline_and_lifecycle(old: str, new: str) -> None:
    assert old in BASE
    assert compute_digest(root_of(BASE)) == compute_digest(root_of(BASE.replace(old, new)))


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("APPR-STATEMENT A water main", "APPR-STATEMENT A gas main", "statement"),
        ("APPR-TITLE water", "APPR-TITLE Water", "title"),
        ("APPR-ACTION-DUE We are repairing", "APPR-ACTION-DUE We have repaired", "actions"),
        ("severity: major", "severity: minor", "severity"),
        ("name: Sam Carter, role", "name: Sam Cartier, role", "apology"),
        ('value: "+44 161 496 0200"', 'value: "+44 161 496 0299"', "contacts"),
        ("Run the cold tap", "Run the hot tap", "faq"),
    ],
)
def test_a_change_to_approved_text_is_named(old: str, new: str, field: str) -> None:
    recorded = compute_digest(root_of(BASE))
    assert changed_fields(recorded, root_of(BASE.replace(old, new))) == [field]


def test_digest_format_is_documented_sha256_and_per_field_fingerprints() -> None:
    digest = compute_digest(root_of(BASE))
    parts = digest.split()
    assert parts[0].startswith("sha256:") and len(parts[0]) == len("sha256:") + 64
    assert [part.split("=")[0] for part in parts[1:]] == [*APPROVED_FIELDS, "advice"]


def test_a_field_added_later_joins_the_digest_only_when_the_file_has_it() -> None:
    """An approval recorded before ``advice`` existed stays valid for a file without it."""
    without = "\n".join(line for line in BASE.splitlines()
                        if "ADVICE" not in line and "advice:" not in line
                        and "Do not drink tap water" not in line) + "\n"
    digest = compute_digest(root_of(without))
    assert [part.split("=")[0] for part in digest.split()[1:]] == list(APPROVED_FIELDS)
    assert changed_fields(digest, root_of(without)) == []
    with_advice = without.replace("statement:", "advice: [Boil your water.]\nstatement:", 1)
    assert changed_fields(digest, root_of(with_advice)) == ["advice"]


def test_yaml_booleans_are_compared_as_written() -> None:
    text = BASE.replace("severity: major", "severity: major\nlang: no")
    assert changed_fields(compute_digest(root_of(text)),
                          root_of(text.replace("lang: no", 'lang: "no"'))) == []
    assert changed_fields(compute_digest(root_of(text)),
                          root_of(text.replace("lang: no", "lang: nb"))) == ["lang"]


@pytest.fixture
def folder(tmp_path: Path) -> IncidentFolder:
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "water-outage.yaml").write_text(
        "# a comment that stays\n" + BASE, encoding="utf-8")
    return IncidentFolder(root=tmp_path, incidents_dir=tmp_path / "incidents")


def test_approve_records_by_at_and_digest_and_replaces_in_place(folder: IncidentFolder) -> None:
    path = folder.incidents_dir / "water-outage.yaml"
    first = approve(folder, "water-outage", by="Dana Reyes")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# a comment that stays\n")
    data = yaml.safe_load(text)
    assert data["approval"]["by"] == "Dana Reyes"
    assert data["approval"]["digest"] == first.digest
    assert approval_state(root_of(text)).current
    approve(folder, "water-outage", by="Sam O'Neil: Legal")
    again = path.read_text(encoding="utf-8")
    assert again.count("approval:") == 1
    assert yaml.safe_load(again)["approval"]["by"] == "Sam O'Neil: Legal"


def test_posting_updates_keeps_the_approval_current(folder: IncidentFolder) -> None:
    approve(folder, "water-outage", by="Dana Reyes")
    post_update(folder, "water-outage", "On-call news at night.", next_update="+2h")
    text = (folder.incidents_dir / "water-outage.yaml").read_text(encoding="utf-8")
    assert approval_state(root_of(text)).current


# -- publish's approval gate (real builds) ----------------------------------------------------


@pytest.fixture
def project_root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", {"water-outage.yaml": BASE})


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([DARKSITE, *args], cwd=root, capture_output=True, text=True,
                          timeout=120)


def test_publish_refuses_changed_approved_text_naming_the_field(project_root: Path) -> None:
    assert run_cli(project_root, "approve", "water-outage", "--by", "Dana Reyes").returncode == 0
    first = run_cli(project_root, "publish", "--to", "public")
    assert first.returncode == 0, first.stderr
    live = (project_root / "public" / "current").resolve()
    path = project_root / "incidents" / "water-outage.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "APPR-STATEMENT A water main burst", "APPR-STATEMENT A gas main burst"), encoding="utf-8")
    refused = run_cli(project_root, "publish", "--to", "public")
    assert refused.returncode == 1
    assert "incidents/water-outage.yaml:" in refused.stderr
    assert "approved by Dana Reyes" in refused.stderr
    assert "changed since: statement" in refused.stderr
    assert "--allow-unapproved-changes water-outage" in refused.stderr
    held = (project_root / "public" / "current").resolve()
    page = "water-outage/index.html"
    assert (held / page).read_bytes() == (live / page).read_bytes()  # the approved text stays
    forced = run_cli(project_root, "publish", "--to", "public",
                     "--allow-unapproved-changes", "water-outage")
    assert forced.returncode == 0, forced.stderr
    assert "published despite a changed approval" in forced.stderr
    assert "APPR-STATEMENT A gas main burst" in (
        project_root / "public" / "current" / page).read_text(encoding="utf-8")


def test_publish_accepts_updates_after_approval(project_root: Path) -> None:
    assert run_cli(project_root, "approve", "water-outage", "--by", "Dana Reyes").returncode == 0
    assert run_cli(project_root, "update", "water-outage", "Night shift news.").returncode == 0
    result = run_cli(project_root, "publish", "--to", "public")
    assert result.returncode == 0, result.stderr
    assert "not approved" not in result.stderr


def test_publish_warns_about_an_active_incident_never_approved(project_root: Path) -> None:
    result = run_cli(project_root, "publish", "--to", "public")
    assert result.returncode == 0, result.stderr
    assert "incidents/water-outage.yaml is active but not approved" in result.stderr
