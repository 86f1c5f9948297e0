"""The fast path of ``publish`` on a site with declared languages: the same bytes as a full build.

An update to an active incident, and a translation confirmed for one, are the
two edits a crisis makes every few minutes; both must reach every language's
pages (the incident's page and feed, the language's home page, the sitemap)
without a full build of the site, and both must give, file for file, what a
full build of the project as it now is would give.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from darksite.cli import main
from darksite.ops.publish import publish
from darksite.ops.timeline import post_update
from tests.conftest import incident_yaml, make_project
from tests.test_fastpath import (
    EPOCH,
    Published1,
    assert_same_as_full_build,
    folder,
    make_active,
    published_copy,
)
from tests.test_i18n_publish import full_translation

INCIDENTS = {
    "water-a.yaml": incident_yaml("water-a", marker="WA", severity="major",
                                  last_update_at="2026-11-21T09:30:00+01:00"),
    "power-c.yaml": incident_yaml("power-c", marker="PC", severity="critical",
                                  started_at="2026-11-20T06:00:00Z",
                                  last_update_at="2026-11-20T12:00:00Z"),
    "old-d.yaml": incident_yaml("old-d", marker="OD", status="resolved",
                                resolved_at="2026-11-21T12:00:00+01:00"),
    "new-e.yaml": incident_yaml("new-e", marker="NE", status="draft"),
    "zulu-z.yaml": incident_yaml("zulu-z", marker="ZZ", status="draft"),
}

MARKERS = {"water-a": "WA", "power-c": "PC", "old-d": "OD"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Published1:
    base = tmp_path_factory.mktemp("i18n-fastpath")
    root = make_project(base / "project", INCIDENTS,
                        plugin_options={"languages": {"others": ["cy", "ar"]}})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        patch.delenv("DARKSITE_REHEARSAL", raising=False)
        patch.chdir(root)
        full_translation(root, "water-a", "cy")
        full_translation(root, "old-d", "cy")
        first = publish(None, base / "public")
    assert first.way == "full build (nothing is published yet)"
    return Published1(root=root, out=base / "public")


@pytest.fixture
def project(template: Published1, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Published1:
    monkeypatch.delenv("DARKSITE_REHEARSAL", raising=False)
    return published_copy(template, tmp_path, monkeypatch)


def _retitle(root: Path, incident_id: str, lang: str, new: str) -> None:
    """A translator's edit of the translated title, confirmed with ``--done``."""
    sidecar = root / "incidents" / f"{incident_id}.{lang}.yaml"
    text = sidecar.read_text(encoding="utf-8")
    old = f"CY {MARKERS[incident_id]}-TITLE"
    assert old in text, text
    sidecar.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["translations", incident_id, "-f", str(root / "mkdocs.yml"),
                 "--done", lang]) == 0


def test_an_update_reaches_every_language_home_through_the_fast_path(
        project: Published1) -> None:
    post_update(folder(project.root), "power-c", "PC-NIGHT Crews work through the night.")
    published = publish(None, project.out)
    assert published.way == "fast path: incident power-c changed"
    welsh_home = (published.path / "cy/index.html").read_text(encoding="utf-8")
    assert welsh_home != (project.out / "releases").joinpath(
        sorted(p.name for p in (project.out / "releases").iterdir())[0],
        "cy/index.html").read_text(encoding="utf-8"), "the Welsh home kept the old update time"
    assert_same_as_full_build(project, published)


def test_a_confirmed_translation_of_an_active_incident_takes_the_fast_path(
        project: Published1) -> None:
    _retitle(project.root, "water-a", "cy", "CY-NEW Pibell wedi byrstio")
    published = publish(None, project.out)
    assert published.way == "fast path: incident water-a changed"
    assert "CY-NEW Pibell wedi byrstio" in (published.path / "cy/water-a/index.html").read_text(
        encoding="utf-8")
    assert "CY-NEW Pibell wedi byrstio" in (published.path / "cy/index.html").read_text(
        encoding="utf-8")
    assert_same_as_full_build(project, published)


def test_a_translation_of_a_resolved_incident_is_a_full_build(project: Published1) -> None:
    _retitle(project.root, "old-d", "cy", "CY-NEW Hen ddigwyddiad")
    published = publish(None, project.out)
    assert published.way == "full build (the translation of old-d changed and it is resolved)"
    assert "CY-NEW Hen ddigwyddiad" in (published.path / "cy/old-d/index.html").read_text(
        encoding="utf-8")


def test_a_new_translation_file_is_a_full_build(project: Published1) -> None:
    full_translation(project.root, "power-c", "cy")
    published = publish(None, project.out)
    assert published.way == "full build (a translation file was added or removed)"
    assert "CY PC-TITLE" in (published.path / "cy/power-c/index.html").read_text(
        encoding="utf-8")
    assert_same_as_full_build(project, published)


@pytest.mark.parametrize("draft", ["new-e", "zulu-z"])
def test_an_activation_reaches_every_language_through_the_fast_path(
        project: Published1, draft: str) -> None:
    """First in file order, its page goes before the next incident's in the sitemap; last,
    after the previous incident's language versions."""
    make_active(project.root, f"{draft}.yaml")
    published = publish(None, project.out)
    assert published.way == f"fast path: incident {draft} activated; banner redrawn on every page"
    sitemap = (published.path / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/cy/{draft}/</loc>" in sitemap and f"/ar/{draft}/</loc>" in sitemap
    assert_same_as_full_build(project, published)


@pytest.mark.parametrize("incident", ["water-a", "power-c"])
def test_a_resolution_reaches_every_language_through_the_fast_path(
        project: Published1, incident: str) -> None:
    """Each ``/<lang>/`` lists it among the resolved now, its pages in every language say
    so; ``water-a`` has a Welsh translation (stale once the source is resolved)."""
    from darksite.ops.timeline import resolve
    from tests.conftest import ready_to_resolve

    path = project.root / "incidents" / f"{incident}.yaml"
    path.write_text(ready_to_resolve(path.read_text(encoding="utf-8")), encoding="utf-8")
    resolve(folder(project.root), incident, "The main is repaired and water is back.")
    published = publish(None, project.out)
    assert published.way == (f"fast path: incident {incident} resolved; banner redrawn on "
                             "every page")
    assert_same_as_full_build(project, published)
