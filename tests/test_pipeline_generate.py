"""The generated tree: deterministic, incremental by content, cached (issue 10).

Generation runs on the sample project (copied); no renderer runs here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from darksite.api import check_incidents
from darksite.errors import InvalidIncidentsError
from darksite.mkdocs.project import open_project, pipeline_templates
from darksite.ops.errors import LeakError
from darksite.ops.verify import Secrets, missing_incident_pages, verify_release
from darksite.outputs import statuspage
from darksite.pipeline.cache import OutputCache
from darksite.pipeline.draw import relative_url
from darksite.pipeline.generate import generate
from darksite.pipeline.tree import GeneratedTree, write_tree
from tests.test_pipeline_renderers import copy_sample

RESOLVED = "2026-10-broadband-outage"
ACTIVE = "2026-11-customer-data-exposure"


def generated(root: Path, cache: OutputCache | None = None) -> GeneratedTree:
    project = open_project(root / "mkdocs.yml")
    report = check_incidents(project.settings)
    return generate(report.incidents, project.settings, pipeline_templates(project),
                    diagnostics=report.diagnostics, cache=cache)


SAMPLE_LANGUAGES = ("cy", "ar")
"""The sample's other languages: each incident also has /<lang>/<id>/ (darksite.i18n)."""


def own_files(incident_id: str) -> set[str]:
    return {f"docs/{incident_id}/index.md", f"outputs/{incident_id}/feed.xml",
            f"outputs/lite/{incident_id}/index.html",
            f"outputs/{incident_id}/press-release/index.html",
            *(f"outputs/{lang}/{incident_id}/{name}" for lang in SAMPLE_LANGUAGES
              for name in ("index.html", "feed.xml", "press-release/index.html",
                           "press-release/channel-texts/index.html")),
            f"outputs/{incident_id}/press-release/channel-texts/index.html"}


def edit_summary(root: Path, incident_id: str) -> None:
    path = root / "incidents" / f"{incident_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "summary: >-\n  " in text
    path.write_text(text.replace("summary: >-\n  ", "summary: >-\n  EDITED ", 1),
                    encoding="utf-8")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "project")


def test_the_tree_holds_every_page_override_and_output(sample: Path) -> None:
    tree = generated(sample)
    for incident_id in (RESOLVED, ACTIVE):
        assert own_files(incident_id) <= set(tree)
    for path in ("docs/index.md", "docs/archive/index.md", "docs/about.md", "overrides/main.html",
                 "overrides/404.html", "overrides/assets/stylesheets/darksite.css",
                 "outputs/feed.xml", "outputs/status.json", "outputs/lite/index.html",
                 "outputs/robots.txt", "outputs/embed/banner.js", "site.json"):
        assert path in tree, path
    page = tree.data(f"docs/{ACTIVE}/index.md").decode()
    assert page.startswith("---\n") and '<div class="darksite-incident' in page
    assert "<time datetime=" in page
    assert "../lite/" in page  # links relative to the page, as MkDocs' url filter makes them
    assert not any(path.startswith("docs/scenario-") for path in tree)  # drafts never


def test_same_inputs_give_the_same_bytes_and_digests(sample: Path, tmp_path: Path) -> None:
    first = generated(sample)
    second = generated(sample, cache=OutputCache(tmp_path / "cache"))
    assert list(first) == list(second)
    assert first.digests() == second.digests()
    assert all(first.data(path) == second.data(path) for path in first)


def test_one_edit_changes_only_that_incident_and_what_lists_it(sample: Path) -> None:
    before = generated(sample)
    edit_summary(sample, RESOLVED)
    after = generated(sample)
    changed = {path for path in after if after.digests()[path] != before.digests().get(path)}
    # The resolved incident is listed by the archive and the site-wide outputs, not by the
    # banner, the home page or the 404 page (those list the active ones).
    assert changed == own_files(RESOLVED) | {
        "docs/archive/index.md", "outputs/feed.xml", "outputs/status.json",
        "outputs/lite/index.html", *(f"outputs/{path}" for path in statuspage.PATHS),
        *(f"outputs/{lang}/index.html" for lang in SAMPLE_LANGUAGES)}
    bytes_changed = {path for path in after if after.data(path) != before.data(path)}
    assert bytes_changed <= changed
    assert f"docs/{RESOLVED}/index.md" in bytes_changed


def test_the_cache_reuses_every_unchanged_output(sample: Path, tmp_path: Path) -> None:
    cache = OutputCache(tmp_path / "cache")
    first = generated(sample, cache)
    made = cache.misses
    assert made > 0 and cache.hits == 0

    cache = OutputCache(tmp_path / "cache")
    again = generated(sample, cache)
    assert (cache.hits, cache.misses) == (made, 0)
    assert again.digests() == first.digests()

    edit_summary(sample, ACTIVE)
    cache = OutputCache(tmp_path / "cache")
    edited = generated(sample, cache)
    changed = {p for p in edited if edited.digests()[p] != first.digests()[p]}
    assert own_files(ACTIVE) <= changed
    assert cache.misses == len(changed) and cache.hits == made - len(changed)
    assert b"EDITED" in edited.data(f"docs/{ACTIVE}/index.md")


def test_writing_the_tree_rewrites_only_changed_files(sample: Path, tmp_path: Path) -> None:
    tree_dir = tmp_path / "tree"
    assert len(write_tree(generated(sample), tree_dir)) > 0
    assert write_tree(generated(sample), tree_dir) == []
    edit_summary(sample, ACTIVE)
    changed = write_tree(generated(sample), tree_dir)
    assert f"docs/{ACTIVE}/index.md" in changed
    assert f"docs/{RESOLVED}/index.md" not in changed


def test_template_syntax_in_a_title_stays_text_in_the_overrides(sample: Path) -> None:
    path = sample / "incidents" / f"{ACTIVE}.yaml"
    text = path.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    # ``{{`` is refused in a public file by the loader already; ``{%`` and ``{#`` are not.
    path.write_text(text.replace(title_line, "title: Outage {% raw %} and {# note"),
                    encoding="utf-8")
    banner = generated(sample).data("overrides/main.html").decode()
    assert "Outage &#123;% raw %&#125; and &#123;# note" in banner
    assert "{% raw %}" not in banner


def test_an_incident_that_would_replace_a_page_is_refused(sample: Path) -> None:
    """``check`` refuses it first (issue 9), so the pipeline's build never gets that far."""
    from darksite.api import require_valid

    (sample / "site_src" / f"{ACTIVE}.md").write_text("# Hand-written\n", encoding="utf-8")
    report = check_incidents(open_project(sample / "mkdocs.yml").settings)
    with pytest.raises(InvalidIncidentsError) as caught:
        require_valid(report)
    clash = [d for d in caught.value.diagnostics if d.code == "page-clash"]
    assert [(d.file, d.path) for d in clash] == [(f"incidents/{ACTIVE}.yaml", "id")]


def test_relative_urls_follow_mkdocs_url_filter() -> None:
    assert relative_url("lite/a/", "a/") == "../lite/a/"
    assert relative_url("a/feed.xml", "a/") == "feed.xml"
    assert relative_url("archive/", "") == "archive/"
    assert relative_url("https://example.com/", "a/") == "https://example.com/"


def test_verify_requires_every_public_incident_page(tmp_path: Path) -> None:
    release = tmp_path / "release"
    (release / "a").mkdir(parents=True)
    (release / "index.html").write_text("home", encoding="utf-8")
    (release / "a" / "index.html").write_text("a", encoding="utf-8")
    assert missing_incident_pages(release, ["b", "a", "c"]) == ["b", "c"]
    secrets = Secrets(strings=(), draft_ids=frozenset(), public_ids=frozenset({"a", "b"}))
    with pytest.raises(LeakError, match="no page for the public incident"):
        verify_release(release, secrets, name="r1")
    verify_release(release, Secrets(strings=(), draft_ids=frozenset(),
                                    public_ids=frozenset({"a"})), name="r1")
