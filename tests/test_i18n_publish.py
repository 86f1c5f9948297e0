"""translation_policy in a real publish: strict holds only the incident whose translation lags."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from darksite import loader
from darksite.cli import main
from darksite.i18n.leaves import source_leaves
from darksite.ops.incidents import IncidentFolder
from darksite.ops.publish import publish
from darksite.ops.timeline import post_update
from tests.conftest import incident_yaml, make_project


def full_translation(root: Path, incident_id: str, lang: str) -> None:
    """A sidecar translating every text (as 'CY ...'), confirmed with --done."""
    incident = next(i for i in loader.load_incidents(root / "incidents", root=root).incidents
                    if i.id == incident_id)
    data: dict = {"lang": lang}
    for path, text in source_leaves(incident).items():
        target = data
        parts = path.replace("]", "").replace("[", ".").split(".")
        for part, after in zip(parts, [*parts[1:], None], strict=True):
            if after is None and part.isdigit():
                target.append(f"CY {text}")
            elif after is None:
                target[part] = f"CY {text}"
            elif after.isdigit():
                target = target.setdefault(part, [])
            elif part.isdigit():
                while len(target) <= int(part):
                    target.append({})
                target = target[int(part)]
            else:
                target = target.setdefault(part, {})
    (root / "incidents" / f"{incident_id}.{lang}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["translations", incident_id, "-f", str(root / "mkdocs.yml"),
                 "--done", lang]) == 0


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = make_project(tmp_path / "project", {
        "water-outage.yaml": incident_yaml("water-outage", marker="WATER"),
        "power-cut.yaml": incident_yaml("power-cut", marker="POWER"),
    }, plugin_options={"languages": {"others": ["cy"]}, "translation_policy": "strict"})
    monkeypatch.chdir(project)
    monkeypatch.delenv("DARKSITE_REHEARSAL", raising=False)
    full_translation(project, "water-outage", "cy")
    return project


def test_strict_holds_the_untranslated_incident_and_publishes_the_other(root: Path) -> None:
    out = root / "public"
    result = publish(None, out)
    live = (out / "current").resolve()
    assert (live / "water-outage/index.html").is_file()
    assert "CY WATER-TITLE" in (live / "cy/water-outage/index.html").read_text()
    assert not (live / "power-cut").exists() and not (live / "cy/power-cut").exists()
    held = {h.file: h.reason for h in result.held}
    assert held["incidents/power-cut.yaml"].startswith("translation_policy strict")


def test_strict_keeps_the_last_version_live_until_the_update_is_translated(root: Path) -> None:
    out = root / "public"
    publish(None, out)
    folder = IncidentFolder(root=root, incidents_dir=root / "incidents")
    post_update(folder, "water-outage", "WATER-UPDATE-3 The main is repaired.",
                at=datetime(2026, 11, 26, 8, 55, tzinfo=UTC))
    second = publish(None, out)
    live = (out / "current").resolve()
    assert "WATER-UPDATE-3" not in (live / "water-outage/index.html").read_text()
    reason = {h.file: h for h in second.held}["incidents/water-outage.yaml"]
    assert "updates[2].text" in reason.reason and reason.last_published
    assert main(["update", "water-outage", "-f", str(root / "mkdocs.yml"),
                 "WATER-UPDATE-LAST Water is back.",
                 "--translation", "cy", "Mae'r dŵr yn ôl."]) == 0
    sidecar = root / "incidents/water-outage.cy.yaml"
    data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    assert [set(u) for u in data["updates"][2:]] == [{"at"}, {"at", "text"}]  # padded
    data["updates"][2]["text"] = "CY WATER-UPDATE-3 The main is repaired."
    sidecar.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["translations", "water-outage", "-f", str(root / "mkdocs.yml"),
                 "--done", "cy"]) == 0
    third = publish(None, out)
    assert "incidents/water-outage.yaml" not in {h.file for h in third.held}, third.held
    live = (out / "current").resolve()
    assert "WATER-UPDATE-LAST" in (live / "water-outage/index.html").read_text()
    assert "dŵr yn ôl." in (live / "cy/water-outage/index.html").read_text()


def test_pending_publishes_everything_with_the_note(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p", {"power-cut.yaml": incident_yaml("power-cut")},
                           plugin_options={"languages": {"others": ["cy"]}})
    monkeypatch.chdir(project)
    result = publish(None, project / "public")
    assert not result.held
    page = (project / "public/current/cy/power-cut/index.html").read_text()
    assert "Cyfieithiad i ddilyn" in page


def test_a_translation_only_edit_reaches_the_live_site(root: Path) -> None:
    out = root / "public"
    publish(None, out)
    sidecar = root / "incidents/water-outage.cy.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace(
        "CY WATER-TITLE", "CY-NEW WATER-TITLE", 1), encoding="utf-8")
    assert main(["translations", "water-outage", "-f", str(root / "mkdocs.yml"),
                 "--done", "cy"]) == 0
    publish(None, out)
    live = (out / "current").resolve()
    assert "CY-NEW WATER-TITLE" in (live / "cy/water-outage/index.html").read_text()


def test_the_fast_path_rewrites_the_language_pages_of_the_changed_incident(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "p", {"power-cut.yaml": incident_yaml("power-cut")},
                           plugin_options={"languages": {"others": ["cy"]}})
    monkeypatch.chdir(project)
    publish(None, project / "public")
    first_dates = dict(re.findall(
        r"<loc>https://status.example.com/([^<]*)</loc>\n\s*<lastmod>([^<]+)</lastmod>",
        (project / "public/current/sitemap.xml").read_text()))
    assert first_dates["cy/power-cut/"] == first_dates["power-cut/"]
    folder = IncidentFolder(root=project, incidents_dir=project / "incidents")
    post_update(folder, "power-cut", "FAST-UPDATE Power is back in Eastfield.")
    second = publish(None, project / "public")
    assert second.way.startswith("fast path"), second.way
    page = (project / "public/current/cy/power-cut/index.html").read_text()
    assert "FAST-UPDATE Power is back" in page and "Cyfieithiad i ddilyn" in page
    # The sitemap dates the Welsh page by the new update, as the English one, and as a
    # full build of the project as it now is would.
    sitemap = (project / "public/current/sitemap.xml").read_text()
    dates = dict(re.findall(r"<loc>https://status.example.com/([^<]*)</loc>\n\s*"
                            r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert dates["cy/power-cut/"] == dates["power-cut/"] == dates["cy/"] == dates[""]
    assert dates["power-cut/"] != first_dates["power-cut/"]
    full = tmp_path / "full"
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(full)]) == 0
    assert (full / "sitemap.xml").read_text() == sitemap
