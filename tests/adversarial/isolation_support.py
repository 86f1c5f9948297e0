"""A project with two live incidents, published once, for the isolation tests.

``water-a`` and ``gas-b`` are active and approved, ``draft-d`` is a draft;
the project is published once in full. Each test then breaks or edits
``gas-b`` and posts an update to ``water-a``, and checks that the update
goes live while ``gas-b`` stays exactly as it was live.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from darksite.cli import main
from darksite.ops.approval import approve
from darksite.ops.incidents import IncidentFolder
from darksite.ops.publish import publish
from darksite.ops.timeline import post_update
from tests.conftest import incident_yaml, make_project

EPOCH = 1_795_000_000
INCIDENTS = {
    "water-a.yaml": incident_yaml("water-a", marker="WA",
                                  last_update_at="2026-11-21T09:30:00+01:00"),
    "gas-b.yaml": incident_yaml("gas-b", marker="GB",
                                last_update_at="2026-11-22T09:30:00+01:00"),
    "draft-d.yaml": incident_yaml("draft-d", marker="DRAFTD", status="draft"),
}
B_FILES = ("gas-b/index.html", "gas-b/feed.xml", "lite/gas-b/index.html")
"""Every file of the site that is about gas-b alone."""


@dataclass(frozen=True)
class Live:
    root: Path
    out: Path

    @property
    def folder(self) -> IncidentFolder:
        return IncidentFolder(root=self.root, incidents_dir=self.root / "incidents")

    @property
    def current(self) -> Path:
        return (self.out / "current").resolve()

    def incident(self, name: str) -> Path:
        return self.root / "incidents" / name

    def snapshot_b(self) -> dict[str, bytes]:
        """gas-b's own files and its entry in status.json, as live now."""
        files = {path: (self.current / path).read_bytes() for path in B_FILES}
        files["status.json#gas-b"] = json.dumps(status_entry(self.current, "gas-b"),
                                                sort_keys=True).encode()
        return files

    def page(self, incident: str) -> str:
        return (self.current / incident / "index.html").read_text(encoding="utf-8")

    def update_a(self, text: str = "WA-NEW-UPDATE crews have fixed the main.") -> None:
        post_update(self.folder, "water-a", text)

    def cli(self, *args: str) -> int:
        return main([*args])


def status_entry(site: Path, incident: str) -> dict | None:
    data = json.loads((site / "status.json").read_text(encoding="utf-8"))
    for value in data.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and item.get("id") == incident:
                    return item
    return None


@pytest.fixture(scope="module", name="published_template")
def published_template_fixture(tmp_path_factory: pytest.TempPathFactory) -> Live:
    base = tmp_path_factory.mktemp("isolation-template")
    root = make_project(base / "project", INCIDENTS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        patch.chdir(root)
        folder = IncidentFolder(root=root, incidents_dir=root / "incidents")
        approve(folder, "water-a", by="Dana Reyes")
        approve(folder, "gas-b", by="Dana Reyes")
        publish(None, base / "public")
    return Live(root=root, out=base / "public")


@pytest.fixture(name="live")
def live_fixture(published_template: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Live:
    """A copy of the published project, in the current folder."""
    root, out = tmp_path / "project", tmp_path / "public"
    shutil.copytree(published_template.root, root, symlinks=True)
    shutil.copytree(published_template.out, out, symlinks=True)
    shutil.rmtree(out / ".spare", ignore_errors=True)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    monkeypatch.delenv("DARKSITE_REHEARSAL", raising=False)
    return Live(root=root, out=out)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
