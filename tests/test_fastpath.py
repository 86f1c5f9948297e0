"""The fast path of ``publish`` makes, file for file, the release a full build makes.

The most important property of the fast path is that it is invisible: for
every kind of edit, the release it publishes must be byte for byte the site
that a full build of the same files gives (the release marker aside). Each
test starts from a copy of one published project (three active incidents,
two resolved, a draft), makes one edit, publishes, checks which way publish
went, and compares the new release with a full MkDocs build of the same
tree. ``SOURCE_DATE_EPOCH`` fixes MkDocs' build date, the only
date-dependent value of a build, so that both builds are made "on the same
day"; one test moves it a day on.

These comparisons also pin MkDocs' private ``_populate_page`` and
``_build_page``, which :mod:`darksite.mkdocs.partial_build` calls.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from darksite.mkdocs.project import open_project
from darksite.ops.approval import approve
from darksite.ops.incidents import IncidentFolder
from darksite.ops.publish import Published, publish
from darksite.ops.releases import MARKER, PublishDir
from darksite.ops.timeline import post_update
from darksite.outputs.precompress import precompress
from tests.conftest import build_project, incident_yaml, make_project, ready_to_resolve

DAY = 86_400
EPOCH = 1_795_000_000  # 2026-11-18
"""MkDocs' build date for these tests (``SOURCE_DATE_EPOCH``)."""

INCIDENTS = {
    "water-a.yaml": incident_yaml("water-a", marker="WA", severity="major",
                                  started_at="2026-11-20T08:00:00+01:00",
                                  last_update_at="2026-11-21T09:30:00+01:00"),
    "gas-b.yaml": incident_yaml("gas-b", marker="GB", severity="major",
                                started_at="2026-11-20T10:00:00+01:00",
                                last_update_at="2026-11-22T09:30:00+01:00"),
    "power-c.yaml": incident_yaml("power-c", marker="PC", severity="critical",
                                  started_at="2026-11-20T06:00:00Z",
                                  last_update_at="2026-11-20T12:00:00Z"),
    "old-d.yaml": incident_yaml("old-d", marker="OD", status="resolved",
                                resolved_at="2026-11-21T12:00:00+01:00"),
    "old-e.yaml": incident_yaml("old-e", marker="OE", status="resolved", severity="minor",
                                started_at="2026-11-19T08:00:00Z",
                                last_update_at="2026-11-20T09:30:00Z",
                                resolved_at="2026-11-20T18:00:00Z"),
    "draft-f.yaml": incident_yaml("draft-f", marker="DRAFTF", status="draft"),
}


@dataclass(frozen=True)
class Published1:
    """A project published once, in full."""

    root: Path
    out: Path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Published1:
    base = tmp_path_factory.mktemp("fastpath-template")
    root = make_project(base / "project", INCIDENTS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        patch.chdir(root)
        first = publish(None, base / "public")
    assert first.way == "full build (nothing is published yet)"
    return Published1(root=root, out=base / "public")


def published_copy(template: Published1, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> Published1:
    """A copy of the published template, in the current folder, on the template's build date."""
    root, out = tmp_path / "project", tmp_path / "public"
    shutil.copytree(template.root, root, symlinks=True)
    shutil.copytree(template.out, out, symlinks=True)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    return Published1(root=root, out=out)


@pytest.fixture
def project(template: Published1, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Published1:
    return published_copy(template, tmp_path, monkeypatch)


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name != MARKER}


def assert_same_as_full_build(project: Published1, published: Published) -> None:
    """The published release is, file for file, a full build of the project as it is now."""
    full = build_project(project.root, site_dir=project.root.parent / "full-build")
    precompress(full)  # as publish does: the fast release's .gz files must be current too
    released, built = tree(published.path), tree(full)
    assert sorted(released) == sorted(built)
    different = [path for path in built if released[path] != built[path]]
    assert different == [], f"fast release differs from a full build in {different}"


def edit(root: Path, name: str, change: Callable[[str], str]) -> None:
    path = root / "incidents" / name
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


def make_active(root: Path, name: str) -> None:
    """Switch the draft ``name`` on by hand, as ``darksite activate`` ends up doing."""
    edit(root, name, lambda text: text.replace("status: draft", "status: active"))


def folder(root: Path) -> IncidentFolder:
    return IncidentFolder.from_settings(open_project(root / "mkdocs.yml").settings)


def publish_here(project: Published1, **options) -> Published:
    return publish(None, project.out, **options)


# -- edits the fast path publishes -------------------------------------------------------


def test_an_appended_update_takes_the_fast_path_and_equals_a_full_build(
        project: Published1) -> None:
    post_update(folder(project.root), "water-a", "Crews are **still** on site; next: repair.")
    published = publish_here(project)
    assert published.way == "fast path: incident water-a changed"
    # 11 before issue 16, plus the six /api/v2 files (all carry page.updated_at)
    assert published.files_written is not None and published.files_written < 18
    page = (published.path / "water-a" / "index.html").read_text(encoding="utf-8")
    assert "Crews are <strong>still</strong> on site" in page
    assert_same_as_full_build(project, published)


def test_a_changed_summary_takes_the_fast_path_and_equals_a_full_build(
        project: Published1) -> None:
    edit(project.root, "gas-b.yaml", lambda text: text.replace(
        "GB-SUMMARY A burst main", "GB-SUMMARY A gas leak & a burst main"))
    published = publish_here(project)
    assert published.way == "fast path: incident gas-b changed"
    assert "GB-SUMMARY A gas leak &amp; a burst main" in (
        published.path / "index.html").read_text(encoding="utf-8")
    assert_same_as_full_build(project, published)


def test_an_added_action_takes_the_fast_path_and_equals_a_full_build(
        project: Published1) -> None:
    edit(project.root, "power-c.yaml", lambda text: text.replace("updates:\n", (
        "  - step: \"PC-ACTION-NEW We are sending generators to the hospital.\"\n"
        "    owner: Field Operations\n"
        "    status: planned\n"
        "    due: 2026-11-28\n"
        "updates:\n"), 1))
    published = publish_here(project)
    assert published.way == "fast path: incident power-c changed"
    assert_same_as_full_build(project, published)


def test_a_changed_active_title_redraws_the_banner_of_every_page_like_a_full_build(
        project: Published1) -> None:
    edit(project.root, "gas-b.yaml", lambda text: text.replace(
        "GB-TITLE water supply", "GB-TITLE gas and water supply"))
    published = publish_here(project)
    assert published.way == "fast path: incident gas-b changed; banner redrawn on every page"
    resolved = (published.path / "old-e" / "index.html").read_text(encoding="utf-8")
    assert "GB-TITLE gas and water supply" in resolved  # a page the fast path did not render
    assert_same_as_full_build(project, published)


def test_a_new_severity_reorders_the_banner_on_every_page_like_a_full_build(
        project: Published1) -> None:
    edit(project.root, "water-a.yaml", lambda text: text.replace(
        "severity: major", "severity: critical"))
    published = publish_here(project)
    assert published.way == "fast path: incident water-a changed; banner redrawn on every page"
    assert_same_as_full_build(project, published)


def test_an_activated_draft_takes_the_fast_path_and_equals_a_full_build(
        project: Published1) -> None:
    make_active(project.root, "draft-f.yaml")
    published = publish_here(project)
    assert published.way == "fast path: incident draft-f activated; banner redrawn on every page"
    page = (published.path / "draft-f" / "index.html").read_text(encoding="utf-8")
    assert "DRAFTF-SUMMARY" in page and "DRAFTF-INTERNAL" not in page
    sitemap = (published.path / "sitemap.xml").read_text(encoding="utf-8")
    assert "/draft-f/</loc>" in sitemap
    assert "/draft-f/*" in (published.path / "_headers").read_text(encoding="utf-8")
    assert_same_as_full_build(project, published)


def test_a_draft_activated_among_others_is_listed_where_a_full_build_lists_it(
        project: Published1) -> None:
    (project.root / "incidents" / "alpha-g.yaml").write_text(
        incident_yaml("alpha-g", marker="AG", status="draft"), encoding="utf-8")
    publish_here(project, full=True)
    make_active(project.root, "alpha-g.yaml")
    published = publish_here(project)
    assert published.way == "fast path: incident alpha-g activated; banner redrawn on every page"
    assert_same_as_full_build(project, published)


def test_an_activation_from_a_scenario_takes_the_fast_path_and_equals_a_full_build(
        project: Published1) -> None:
    """``darksite activate ID --from SCENARIO`` adds a file: the way a prepared scenario
    goes live when the crisis starts."""
    from darksite.ops.scenarios import activate

    activate(folder(project.root), "flood-h", scenario="draft-f")
    published = publish_here(project)
    assert published.way == "fast path: incident flood-h activated; banner redrawn on every page"
    assert (published.path / "flood-h" / "index.html").is_file()
    assert not (published.path / "draft-f").exists()  # the scenario stays a draft
    assert_same_as_full_build(project, published)


def test_an_added_file_that_is_not_an_activation_is_built_in_full(project: Published1) -> None:
    incidents = project.root / "incidents"
    (incidents / "new-draft.yaml").write_text(
        incident_yaml("new-draft", marker="ND", status="draft"), encoding="utf-8")
    published = publish_here(project)
    assert published.way == ("full build (incidents/new-draft.yaml was added and is draft, "
                             "not active)")
    (incidents / "twin.yaml").write_text(incident_yaml("water-a", marker="TW"), encoding="utf-8")
    published = publish_here(project)  # an id that is not its file's name: held back
    assert published.way == "full build (incidents/twin.yaml was added and is held back)"
    assert [held.file for held in published.held] == ["incidents/twin.yaml"]


def test_the_first_activation_of_a_quiet_site_draws_a_banner_on_every_page(
        project: Published1) -> None:
    for name in ("water-a.yaml", "gas-b.yaml", "power-c.yaml"):
        (project.root / "incidents" / name).unlink()
    publish_here(project, full=True)
    about = (project.out / "current" / "old-d" / "index.html").read_text(encoding="utf-8")
    assert "md-banner" not in about  # nothing active: no banner anywhere
    make_active(project.root, "draft-f.yaml")
    published = publish_here(project)
    assert published.way == "fast path: incident draft-f activated; banner redrawn on every page"
    about = (published.path / "old-d" / "index.html").read_text(encoding="utf-8")
    assert "DRAFTF-TITLE" in about
    assert_same_as_full_build(project, published)


def test_an_html_file_of_the_docs_folder_keeps_its_bytes_when_the_banner_changes(
        project: Published1) -> None:
    """MkDocs copies ``site_src/*.html`` as it is: a saved copy of a page, banner and all,
    is not a page the splice may touch."""
    saved = project.root / "site_src" / "saved" / "index.html"
    saved.parent.mkdir()
    saved.write_bytes((project.out / "current" / "old-d" / "index.html").read_bytes())
    publish_here(project, full=True)
    edit(project.root, "gas-b.yaml", lambda text: text.replace(
        "GB-TITLE water supply", "GB-TITLE gas and water supply"))
    published = publish_here(project)
    assert published.way == "fast path: incident gas-b changed; banner redrawn on every page"
    assert (published.path / "saved" / "index.html").read_bytes() == saved.read_bytes()
    assert_same_as_full_build(project, published)


def test_a_page_whose_banner_is_not_the_live_one_makes_it_build_in_full(
        project: Published1) -> None:
    for page in project.out.glob("*/*/old-d/index.html"):  # the live release and its spare
        html = page.read_text(encoding="utf-8")
        page.unlink()  # the live files are hard links shared between releases
        page.write_text(html.replace("PC-TITLE", "PC-TITLE (edited by hand)"), encoding="utf-8")
    edit(project.root, "gas-b.yaml", lambda text: text.replace(
        "GB-TITLE water supply", "GB-TITLE gas and water supply"))
    published = publish_here(project)
    assert published.way == ("full build (a page's banner cannot be redrawn "
                             "(old-d/index.html: its banner is not the live release's))")
    assert_same_as_full_build(project, published)


def test_two_changed_active_incidents_are_published_together(project: Published1) -> None:
    post_update(folder(project.root), "gas-b", "Gas engineers have isolated the leak.")
    post_update(folder(project.root), "water-a", "Water is back for half of the homes.")
    published = publish_here(project)
    assert published.way == "fast path: incidents gas-b, water-a changed"
    assert_same_as_full_build(project, published)


def test_a_publish_without_changes_takes_the_fast_path(project: Published1) -> None:
    published = publish_here(project)
    assert published.way == "fast path: no incident changed"
    assert_same_as_full_build(project, published)


def test_the_fast_path_dates_the_sitemap_by_the_change_never_the_build_date(
        project: Published1, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + DAY))
    post_update(folder(project.root), "water-a", "Night shift update: repairs go on.")
    published = publish_here(project)
    assert published.way == "fast path: incident water-a changed"
    sitemap = (published.path / "sitemap.xml").read_text()
    assert "<lastmod>2026-11-19</lastmod>" not in sitemap  # issue 12: not the build date
    assert "water-a/</loc>\n         <lastmod>2026-11-26T09:00:00+00:00</lastmod>" in sitemap
    assert_same_as_full_build(project, published)


def test_the_fast_path_never_changes_a_file_of_the_live_release(project: Published1) -> None:
    live = PublishDir(project.out)
    before_name = live.current_name()
    assert before_name is not None
    before = {path: hashlib.sha256(data).hexdigest()
              for path, data in tree(live.releases / before_name).items()}
    post_update(folder(project.root), "water-a", "An update that must not leak backwards.")
    published = publish_here(project)
    assert published.way.startswith("fast path")
    after = {path: hashlib.sha256(data).hexdigest()
             for path, data in tree(live.releases / before_name).items()}
    assert after == before
    assert live.current_name() == published.release
    assert (project.out / "manifests" / f"{published.release}.json").is_file()


# -- edits that need a full build --------------------------------------------------------


def test_an_edited_resolved_incident_is_built_in_full_and_equals_a_full_build(
        project: Published1) -> None:
    edit(project.root, "old-d.yaml", lambda text: text.replace(
        "OD-STATEMENT A water main burst", "OD-STATEMENT Corrected: a water main burst"))
    published = publish_here(project)
    assert published.way == ("full build (incidents/old-d.yaml changed and is resolved, "
                              "not active)")
    assert_same_as_full_build(project, published)


def test_an_edited_draft_is_built_in_full(project: Published1) -> None:
    edit(project.root, "draft-f.yaml", lambda text: text.replace(
        "DRAFTF-SUMMARY", "DRAFTF-SUMMARY Revised:"))
    published = publish_here(project)
    assert published.way == "full build (incidents/draft-f.yaml changed and is draft, not active)"


def test_a_draft_broken_by_an_edit_is_left_to_the_full_build(project: Published1) -> None:
    edit(project.root, "draft-f.yaml", lambda text: text.replace(
        "severity: major", "severity: [not, a, severity]"))
    published = publish_here(project)
    assert published.way == "full build (incidents/draft-f.yaml is held back and changed)"
    assert [draft.file for draft in published.broken_drafts] == ["incidents/draft-f.yaml"]


@pytest.mark.parametrize("incident", ["gas-b", "power-c"])
def test_a_resolution_takes_the_fast_path_and_equals_a_full_build(project: Published1,
                                                                   incident: str) -> None:
    """Its page, the home and 404 pages, every archive page and the listings of resolved
    incidents are redrawn, the banner of every other page too; ``power-c`` is the most
    severe, first in the banner."""
    from darksite.ops.timeline import resolve

    edit(project.root, f"{incident}.yaml", ready_to_resolve)
    resolve(folder(project.root), incident, "The fault is fixed and every home has gas again.")
    published = publish_here(project)
    assert published.way == (f"fast path: incident {incident} resolved; banner redrawn on "
                             "every page"), published.way
    assert_same_as_full_build(project, published)
    archive = (published.path / "archive" / "index.html").read_text(encoding="utf-8")
    assert f'"../{incident}/"' in archive or f"/{incident}/" in archive


def test_two_resolutions_and_an_update_are_published_together(project: Published1) -> None:
    from darksite.ops.timeline import resolve

    for incident in ("gas-b", "power-c"):
        edit(project.root, f"{incident}.yaml", ready_to_resolve)
        resolve(folder(project.root), incident, "The fault is fixed and supplies are back.")
    post_update(folder(project.root), "water-a", "WA-LATE Tankers are at the school too.")
    published = publish_here(project)
    assert published.way == ("fast path: incidents gas-b, power-c resolved; incident water-a "
                             "changed; banner redrawn on every page"), published.way
    assert_same_as_full_build(project, published)


def test_a_resolution_that_adds_an_archive_page_is_built_in_full_and_then_fast(
        project: Published1, monkeypatch: pytest.MonkeyPatch) -> None:
    """With two resolved incidents to a page, a third adds a page (a new URL: the full build
    lists it); a fourth fills it, and every page of the archive shifts by one card."""
    from darksite.ops.timeline import resolve
    from darksite.outputs import lite
    from darksite.render import pages

    monkeypatch.setattr(pages, "ARCHIVE_PAGE_SIZE", 2)
    monkeypatch.setattr(lite, "PAGE_SIZE", 2)
    for incident, way in (("gas-b", "full build (the archive gains a page)"),
                          ("water-a", "fast path: incident water-a resolved; banner redrawn "
                                      "on every page")):
        edit(project.root, f"{incident}.yaml", ready_to_resolve)
        resolve(folder(project.root), incident, "The main is repaired and water is back.")
        published = publish_here(project)
        assert published.way == way
        assert_same_as_full_build(project, published)
    second = (published.path / "archive" / "page" / "2" / "index.html").read_text(
        encoding="utf-8")
    assert "Newer incidents" in second


def test_a_resolution_is_not_taken_for_a_leak_when_a_draft_quotes_a_resolved_incident(
        project: Published1) -> None:
    """The archive a resolution redraws shows old-d's summary, which the draft also says: not
    a leak (it is public), so the fast path must not give up on it."""
    edit(project.root, "draft-f.yaml", lambda text: text.replace(
        "DRAFTF-SUMMARY A burst main", "OD-SUMMARY A burst main", 1))
    assert publish_here(project).way.startswith("full build (")  # a draft changed
    from darksite.ops.timeline import resolve

    edit(project.root, "gas-b.yaml", ready_to_resolve)
    resolve(folder(project.root), "gas-b", "The leak is fixed and every home has gas again.")
    published = publish_here(project)
    assert published.way == "fast path: incident gas-b resolved; banner redrawn on every page"
    assert_same_as_full_build(project, published)


def test_full_forces_a_full_build(project: Published1) -> None:
    published = publish_here(project, full=True)
    assert published.way == "full build (--full)"
    assert_same_as_full_build(project, published)


def test_a_changed_page_in_site_src_is_built_in_full(project: Published1) -> None:
    (project.root / "site_src" / "about.md").write_text("# About\n\nWho we are.\n")
    published = publish_here(project)
    assert published.way == "full build (mkdocs.yml, site_src/, themes/ or darksite itself changed)"
    assert_same_as_full_build(project, published)


def test_live_files_not_written_by_darksite_make_it_build_in_full(project: Published1) -> None:
    live = PublishDir(project.out)
    feed = live.releases / str(live.current_name()) / "feed.xml"
    text = feed.read_text(encoding="utf-8")
    feed.unlink()  # a new file: the other releases keep theirs
    feed.write_text(text.replace("<updated>", "<changed>", 3), encoding="utf-8")
    post_update(folder(project.root), "water-a", "After someone edited the live feed.")
    published = publish_here(project)
    assert published.way.startswith("full build (the live release's files are not as expected")
    assert_same_as_full_build(project, published)


# -- refusals keep every guarantee of a full publish -------------------------------------


def test_a_broken_edit_of_an_active_incident_is_held_back_and_its_live_text_stays(
        project: Published1) -> None:
    live = PublishDir(project.out)
    before = tree(live.current)
    edit(project.root, "water-a.yaml", lambda text: text.replace("status: active",
                                                                 "status: activ"))
    published = publish_here(project)
    [held] = published.held
    assert held.file == "incidents/water-a.yaml" and held.last_published
    assert any(d.file == "incidents/water-a.yaml" for d in held.diagnostics)
    assert published.way == "fast path: no incident changed"
    assert tree(published.path) == before


def test_a_resolution_beside_a_held_back_incident_keeps_its_last_published_text(
        project: Published1) -> None:
    """A held-back incident is built from its last published bytes (the manifest's), so the
    listings a resolution redraws show it as it went live."""
    from darksite.ops.timeline import resolve

    live = PublishDir(project.out)
    before = tree(live.current)
    edit(project.root, "water-a.yaml", lambda text: text.replace("status: active",
                                                                 "status: activ"))
    edit(project.root, "gas-b.yaml", ready_to_resolve)
    resolve(folder(project.root), "gas-b", "The leak is fixed and every home has gas again.")
    published = publish_here(project)
    assert published.way == "fast path: incident gas-b resolved; banner redrawn on every page"
    [held] = published.held
    assert held.file == "incidents/water-a.yaml" and held.last_published
    after = tree(published.path)
    # Its lite page has no banner: the bytes that went live. (Its full page has the new one.)
    assert after["lite/water-a/index.html"] == before["lite/water-a/index.html"]
    assert after["water-a/feed.xml"] == before["water-a/feed.xml"]
    listed = after["archive/index.html"].decode("utf-8").split("darksite-archive-list", 1)[1]
    assert "gas-b" in listed and "water-a" not in listed  # the banner above names water-a


def test_changed_approved_text_is_refused_on_the_fast_path_too(project: Published1) -> None:
    approve(folder(project.root), "water-a", by="Dana Reyes")
    assert publish_here(project).way == "fast path: incident water-a changed"
    edit(project.root, "water-a.yaml", lambda text: text.replace(
        "WA-SUMMARY A burst main", "WA-SUMMARY A sudden burst main"))
    live = PublishDir(project.out)
    before = tree(live.current)
    held = publish_here(project)
    assert [h.file for h in held.held] == ["incidents/water-a.yaml"]
    assert "summary" in held.held[0].reason
    assert tree(held.path) == before
    published = publish_here(project, allow_unapproved_changes=["water-a"])
    assert published.way == "fast path: incident water-a changed"
    assert [problem.file for problem in published.overridden] == ["incidents/water-a.yaml"]


@pytest.mark.usefixtures("wall_clock")
def test_pruned_releases_leave_the_releases_folder_at_once(project: Published1) -> None:
    for n in range(3):
        post_update(folder(project.root), "water-a", f"Update number {n}.")
        published = publish_here(project, keep=1)
    live = PublishDir(project.out)
    names = sorted(entry.name for entry in live.releases.iterdir())
    assert published.release in names and len(names) <= 2
    manifests = sorted(path.stem for path in (project.out / "manifests").iterdir())
    assert manifests == names
    assert os.readlink(live.current) == f"releases/{published.release}"


def test_a_full_build_after_a_fast_publish_in_one_process_reads_every_file_again(
        project: Published1) -> None:
    """MkDocs keeps one plugin instance per process (``watch`` publishes many times in one):
    the incidents handed to the fast path must not leak into the next build."""
    post_update(folder(project.root), "water-a", "First, a fast publish.")
    assert publish_here(project).way.startswith("fast path")
    edit(project.root, "old-e.yaml", lambda text: text.replace(
        "OE-STATEMENT A water main burst", "OE-STATEMENT-REVISED A water main burst"))
    published = publish_here(project)
    assert published.way.startswith("full build")
    assert published.public == 5
    page = (published.path / "old-e" / "index.html").read_text(encoding="utf-8")
    assert "OE-STATEMENT-REVISED" in page
    assert (published.path / "archive" / "index.html").is_file()
    edit(project.root, "gas-b.yaml", lambda text: text.replace("status: active",
                                                               "status: activ"))
    held = publish_here(project, full=True)
    assert [h.file for h in held.held] == ["incidents/gas-b.yaml"]
    assert held.public == 5


def test_a_banner_change_without_directory_urls_is_built_in_full(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages at ``about.html`` rather than ``about/``: the site facts name each incident's
    page as ``<id>/``, which is not its URL there, so the splice's own check refuses to
    draw from them and the publish builds in full (correct, only slower)."""
    root = make_project(tmp_path / "project", {
        name: text for name, text in INCIDENTS.items() if name != "gas-b.yaml"},
        extra_config="use_directory_urls: false\n",
        pages={"index.md": "# Holding\n", "about.md": "# About\n\nWho we are.\n"})
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    project = Published1(root=root, out=tmp_path / "public")
    publish_here(project)
    make_active(root, "draft-f.yaml")
    published = publish_here(project)
    assert published.way == ("full build (a page's banner cannot be redrawn (the banner drawn "
                             "from the site facts is not the site's))")
    assert "DRAFTF-TITLE" in (published.path / "about.html").read_text(encoding="utf-8")
    assert_same_as_full_build(project, published)
