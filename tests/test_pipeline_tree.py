"""The written tree and the rendered pages: fast ways that must give the slow way's bytes.

Real builds of the sample project: the pre-drawn incident pages handed to
the theme as they are (not converted as Markdown), the tree written from a
record of digests and linked from the cache, the outputs copied (never
linked) into a folder the user owns.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

from darksite.cli import main
from darksite.mkdocs.renderer import _run_build, load_tree_config
from darksite.pipeline.tree import RECORD
from tests.test_pipeline_renderers import PUBLIC_IDS, copy_sample


def same_files(left: Path, right: Path) -> list[str]:
    """Relative paths whose bytes differ, or that only one side has."""
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    return sorted(n for n in names if not ((left / n).is_file() and (right / n).is_file()
                                             and filecmp.cmp(left / n, right / n, shallow=False)))


def build(project: Path, site: Path) -> None:
    assert main(["build", "--renderer", "mkdocs-material", "-f", str(project / "mkdocs.yml"),
                 "-d", str(site)]) == 0


def test_pre_drawn_pages_are_the_bytes_markdown_would_give(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    build(project, tmp_path / "fast")
    tree = project / ".darksite-cache" / "pipeline" / "tree"
    _run_build(load_tree_config(tree, tmp_path / "slow", predrawn=False))
    # The outputs and hosting files are the pipeline's, not the engine's: compare the pages.
    for incident_id in PUBLIC_IDS:
        fast = (tmp_path / "fast" / incident_id / "index.html").read_bytes()
        slow = (tmp_path / "slow" / incident_id / "index.html").read_bytes()
        assert fast == slow, incident_id
        assert b'class="darksite-incident' in fast


def test_a_second_build_writes_nothing_and_gives_the_same_site(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    build(project, tmp_path / "one")
    tree = project / ".darksite-cache" / "pipeline" / "tree"
    page = tree / "docs" / PUBLIC_IDS[0] / "index.md"
    before = page.stat()
    build(project, tmp_path / "two")
    after = page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert same_files(tmp_path / "one", tmp_path / "two") == []


def test_tree_files_are_the_caches_copies_and_site_files_are_not(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    build(project, tmp_path / "site")
    tree = project / ".darksite-cache" / "pipeline" / "tree"
    feed = tree / "outputs" / PUBLIC_IDS[0] / "feed.xml"
    assert feed.stat().st_nlink == 2  # the tree's and the cache's: one set of bytes on disk
    published = tmp_path / "site" / PUBLIC_IDS[0] / "feed.xml"
    assert published.stat().st_nlink == 1  # an edit in the user's site never reaches the cache
    published.write_text("edited by hand", encoding="utf-8")
    build(project, tmp_path / "again")
    assert (tmp_path / "again" / PUBLIC_IDS[0] / "feed.xml").read_bytes() == feed.read_bytes()
    assert b"edited by hand" not in feed.read_bytes()


def test_a_tree_without_its_record_is_compared_afresh(tmp_path: Path) -> None:
    """A build killed half way leaves no record: the next one trusts nothing it finds."""
    project = copy_sample(tmp_path / "project")
    build(project, tmp_path / "one")
    tree = project / ".darksite-cache" / "pipeline" / "tree"
    record = json.loads((tree / RECORD).read_text(encoding="utf-8"))
    assert f"docs/{PUBLIC_IDS[0]}/index.md" in record
    (tree / RECORD).unlink()
    page = tree / "docs" / PUBLIC_IDS[0] / "index.md"
    page.unlink()  # as write_tree replaces a file: never written through its cache link
    page.write_text("half written", encoding="utf-8")
    (tree / "docs" / "left-over.md").write_text("# not generated\n", encoding="utf-8")
    build(project, tmp_path / "two")
    assert "half written" not in page.read_text(encoding="utf-8")
    assert not (tree / "docs" / "left-over.md").exists()
    assert same_files(tmp_path / "one", tmp_path / "two") == []


def test_the_lite_index_is_paged_as_the_plugin_pages_it(tmp_path: Path,
                                                        monkeypatch) -> None:
    """Three resolved incidents, one a page: both builds write the same three pages."""
    from darksite.outputs import lite
    from tests.conftest import incident_yaml, make_project

    monkeypatch.setattr(lite, "PAGE_SIZE", 1)
    root = make_project(tmp_path / "project", {
        f"old-{n}.yaml": incident_yaml(f"old-{n}", status="resolved",
                                       last_update_at=f"2026-11-2{n}T09:30:00+01:00",
                                       resolved_at=f"2026-11-2{n}T10:00:00+01:00")
        for n in (1, 2, 3)})
    sites = []
    for renderer in ([], ["--renderer", "mkdocs-material"]):
        site = tmp_path / f"site{len(sites)}"
        assert main(["build", "-f", str(root / "mkdocs.yml"), "-d", str(site), *renderer]) == 0
        sites.append(site)
    for path in ("lite/index.html", "lite/page/2/index.html", "lite/page/3/index.html"):
        assert (sites[0] / path).read_bytes() == (sites[1] / path).read_bytes(), path
    assert not (sites[1] / "lite/page/4").exists()
