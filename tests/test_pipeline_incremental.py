"""A pipeline build into a folder it built before draws only what changed (issue 10, 18).

Each test builds the sample project (copied) with ``--renderer
mkdocs-material`` into one folder, changes something, builds again, and
compares the folder byte for byte with a full build of the same project into
a fresh folder: the incremental build must be indistinguishable from a full
one. The files it did not redraw keep their modification time, which proves
they were reused rather than written again with the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from darksite.cli import main
from darksite.mkdocs.project import open_project, pipeline_templates
from darksite.pipeline import rendered
from darksite.pipeline.build import PipelineResult, build
from darksite.pipeline.port import renderer_named
from tests.test_pipeline_renderers import copy_sample

ACTIVE = "2026-11-customer-data-exposure"
RESOLVED = "2026-10-broadband-outage"


def pipeline_build(root: Path, site: Path) -> PipelineResult:
    project = open_project(root / "mkdocs.yml")
    return build(project.settings, pipeline_templates(project), site,
                 renderer_named("mkdocs-material"))


def contents(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def mtimes(site: Path) -> dict[str, int]:
    return {str(path.relative_to(site)): path.stat().st_mtime_ns
            for path in site.rglob("*") if path.is_file()}


def assert_same_as_full_build(root: Path, site: Path, tmp_path: Path) -> None:
    full = pipeline_build(root, tmp_path / "full")
    assert full.drawn is None, "a fresh folder is always drawn in full"
    assert contents(site) == contents(tmp_path / "full")


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    root = copy_sample(tmp_path / "project")
    site = tmp_path / "site"
    assert pipeline_build(root, site).drawn is None
    return root, site


def test_an_update_draws_its_page_and_the_home_page_only(built, tmp_path: Path) -> None:
    root, site = built
    before = mtimes(site)
    assert main(["update", ACTIVE, "We have now written to every affected customer.",
                 "-f", str(root / "mkdocs.yml")]) == 0
    result = pipeline_build(root, site)
    assert result.drawn == 2  # docs/<id>/index.md and docs/index.md
    after = mtimes(site)
    kept = {path for path in before if after.get(path) == before[path]}
    assert "about/index.html" in kept and f"{RESOLVED}/index.html" in kept
    assert f"lite/{RESOLVED}/index.html" in kept  # an output nothing changed: not copied
    assert f"{ACTIVE}/index.html" not in kept and "index.html" not in kept
    assert "We have now written to every affected customer." in \
        (site / ACTIVE / "index.html").read_text(encoding="utf-8")
    assert_same_as_full_build(root, site, tmp_path)


def test_an_edit_to_a_resolved_incident_redraws_the_archive(built, tmp_path: Path) -> None:
    root, site = built
    path = root / "incidents" / f"{RESOLVED}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "summary: >-\n  " in text
    path.write_text(text.replace("summary: >-\n  ", "summary: >-\n  CORRECTED ", 1),
                    encoding="utf-8")
    result = pipeline_build(root, site)
    assert result.drawn == 2  # its page and the archive (a page of the navigation)
    assert "CORRECTED" in (site / "archive" / "index.html").read_text(encoding="utf-8")
    assert_same_as_full_build(root, site, tmp_path)


def test_nothing_changed_writes_nothing(built) -> None:
    root, site = built
    before = mtimes(site)
    assert pipeline_build(root, site).drawn == 0
    assert mtimes(site) == before


def test_a_hand_edit_in_the_site_folder_makes_a_full_build(built, tmp_path: Path) -> None:
    root, site = built
    page = site / RESOLVED / "index.html"
    page.write_text("defaced", encoding="utf-8")
    (site / "stray.html").write_text("left by another tool", encoding="utf-8")
    assert pipeline_build(root, site).drawn is None
    assert "defaced" not in page.read_text(encoding="utf-8")
    assert not (site / "stray.html").exists()
    assert_same_as_full_build(root, site, tmp_path)


def test_a_removed_file_makes_a_full_build(built, tmp_path: Path) -> None:
    root, site = built
    (site / "about" / "index.html").unlink()
    assert pipeline_build(root, site).drawn is None
    assert (site / "about" / "index.html").is_file()
    assert_same_as_full_build(root, site, tmp_path)


def test_a_new_navigation_title_redraws_every_page(built, tmp_path: Path) -> None:
    """A page of the navigation with a new title changes every page (each shows the nav):
    the renderer sees the navigation differ and draws every page."""
    root, site = built
    about = root / "site_src" / "about.md"
    text = about.read_text(encoding="utf-8")
    assert text.startswith("# About this site\n")  # its title is its first heading
    about.write_text(text.replace("# About this site", "# Who we are", 1), encoding="utf-8")
    assert pipeline_build(root, site).drawn is None
    assert "Who we are" in (site / RESOLVED / "index.html").read_text(encoding="utf-8")
    assert_same_as_full_build(root, site, tmp_path)


def test_a_new_site_setting_redraws_every_page(built, tmp_path: Path) -> None:
    root, site = built
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nsite_name: " in text
    head, _, rest = text.partition("\nsite_name: ")
    config.write_text(head + "\nsite_name: Northwind status (test)\n" + rest.partition("\n")[2],
                      encoding="utf-8")
    assert pipeline_build(root, site).drawn is None
    assert_same_as_full_build(root, site, tmp_path)


def test_another_build_date_redraws_every_page(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs hands every template the build date (a theme may show it): a build on another
    day draws in full."""
    root = copy_sample(tmp_path / "project")
    site = tmp_path / "site"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")  # 2025-11-24
    assert pipeline_build(root, site).drawn is None
    assert pipeline_build(root, site).drawn == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764086400")  # the next day
    assert pipeline_build(root, site).drawn is None
    assert pipeline_build(root, site).drawn == 0


def test_another_folder_and_a_lost_record_build_in_full(built, tmp_path: Path) -> None:
    root, site = built
    assert pipeline_build(root, tmp_path / "elsewhere").drawn is None
    assert pipeline_build(root, site).drawn is None  # the record is of the other folder now
    rendered.forget(root / ".darksite-cache" / "pipeline")
    assert pipeline_build(root, site).drawn is None
    assert pipeline_build(root, site).drawn == 0


class FailsHalfWay:
    """The real renderer, failing after it has drawn the changed pages (a full disk, a kill)."""

    name = "mkdocs-material"

    def __init__(self) -> None:
        self.real = renderer_named("mkdocs-material")
        self.version = self.real.version

    def build(self, tree_dir: Path, site_dir: Path) -> None:
        self.real.build(tree_dir, site_dir)

    def serve(self, tree_dir: Path, addr: str) -> None:
        raise NotImplementedError

    def render_changes(self, tree_dir: Path, site_dir: Path, changed: list[str]) -> bool:
        assert self.real.render_changes(tree_dir, site_dir, changed)
        raise OSError(28, "No space left on device")


def test_a_build_that_fails_half_way_is_never_trusted(built, tmp_path: Path) -> None:
    """The record goes before the first write and comes back after the last: the next build
    after a failure draws in full."""
    root, site = built
    assert main(["update", ACTIVE, "Every affected customer now has a letter from us.",
                 "-f", str(root / "mkdocs.yml")]) == 0
    project = open_project(root / "mkdocs.yml")
    with pytest.raises(OSError):
        build(project.settings, pipeline_templates(project), site, FailsHalfWay())
    assert rendered.read(root / ".darksite-cache" / "pipeline") is None
    assert pipeline_build(root, site).drawn is None
    assert_same_as_full_build(root, site, tmp_path)


def test_the_command_says_what_it_drew(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = copy_sample(tmp_path / "project")
    argv = ["build", "-f", str(root / "mkdocs.yml"), "--renderer", "mkdocs-material",
            "-d", str(tmp_path / "site")]
    assert main(argv) == 0
    assert capsys.readouterr().err.rstrip().endswith("2 public incident(s)")
    assert main(argv) == 0
    assert "nothing changed since the last build into this folder" in capsys.readouterr().err
    assert main(["update", ACTIVE, "Letters have gone to every affected customer.",
                 "-f", str(root / "mkdocs.yml")]) == 0
    capsys.readouterr()
    assert main(argv) == 0
    assert "2 changed page(s) drawn, every other file kept" in capsys.readouterr().err


def test_zensical_draws_every_page_unless_nothing_changed(tmp_path: Path) -> None:
    """A renderer without render_changes draws in full after any change; with nothing changed
    the folder is already what the tree renders to, whatever the engine."""
    pytest.importorskip("zensical", reason="zensical is not installed (pip install -e '.[test]')")
    root = copy_sample(tmp_path / "project")
    site = tmp_path / "site"
    project = open_project(root / "mkdocs.yml")
    zensical = renderer_named("zensical")

    def again() -> PipelineResult:
        fresh = open_project(root / "mkdocs.yml")
        return build(fresh.settings, pipeline_templates(fresh), site, zensical)

    assert build(project.settings, pipeline_templates(project), site, zensical).drawn is None
    assert again().drawn == 0
    assert main(["update", ACTIVE, "Every affected customer now has our letter.",
                 "-f", str(root / "mkdocs.yml")]) == 0
    assert again().drawn is None
    assert "Every affected customer now has our letter." in \
        (site / ACTIVE / "index.html").read_text(encoding="utf-8")
