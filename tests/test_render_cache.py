"""Rendered Markdown fields kept across builds, keyed by text digest and configuration."""

from __future__ import annotations

import pickle
from pathlib import Path

from darksite.render.markdown import CACHE_FORMAT, MarkdownRenderer, text_digest
from tests.conftest import build_project, incident_yaml, make_project

EXTENSIONS = ["tables", "attr_list", "admonition", "toc"]


def cache_file(folder: Path, renderer: MarkdownRenderer) -> Path:
    return folder / f"markdown-{renderer.config_key}.pickle"


def test_a_second_renderer_takes_the_fields_an_earlier_one_rendered(tmp_path: Path) -> None:
    first = MarkdownRenderer(EXTENSIONS)
    html = first.render("We are **sorry**.")
    first.save_cache(tmp_path)
    path = cache_file(tmp_path, first)
    stamp, entries = pickle.loads(path.read_bytes())
    assert stamp == CACHE_FORMAT and entries[text_digest("We are **sorry**.")] == str(html)
    # Mark the stored entry: a renderer that reads the cache returns the mark.
    entries[text_digest("We are **sorry**.")] = "<p>FROM-CACHE</p>"
    path.write_bytes(pickle.dumps((CACHE_FORMAT, entries)))
    second = MarkdownRenderer(EXTENSIONS)
    second.load_cache(tmp_path)
    assert second.render("We are **sorry**.") == "<p>FROM-CACHE</p>"
    assert second.render("Something *new*.") == "<p>Something <em>new</em>.</p>"


def test_a_build_that_renders_only_what_is_missing_keeps_the_earlier_fields(
        tmp_path: Path) -> None:
    """The pipeline renders only fields its output cache lacks: saving only those would
    drop the rest of the site's, and the next update would render them all again."""
    first = MarkdownRenderer(EXTENSIONS)
    first.render("The **old** statement.")
    first.save_cache(tmp_path)
    second = MarkdownRenderer(EXTENSIONS)
    second.load_cache(tmp_path)
    second.render("A *new* update.")
    second.save_cache(tmp_path, keep_stored=True)
    _, entries = pickle.loads(cache_file(tmp_path, first).read_bytes())
    assert set(entries) == {text_digest("The **old** statement."), text_digest("A *new* update.")}
    third = MarkdownRenderer(EXTENSIONS)
    third.load_cache(tmp_path)
    third.render("A *new* update.")
    third.save_cache(tmp_path)  # a full build keeps its own fields only
    _, entries = pickle.loads(cache_file(tmp_path, first).read_bytes())
    assert set(entries) == {text_digest("A *new* update.")}


def test_another_configuration_never_reads_the_cache(tmp_path: Path) -> None:
    safe = MarkdownRenderer(EXTENSIONS)
    safe.render("Call <b>now</b>")
    safe.save_cache(tmp_path)
    allowing = MarkdownRenderer(EXTENSIONS, allow_html=True)
    assert allowing.config_key != safe.config_key
    allowing.load_cache(tmp_path)
    assert "<b>now</b>" in allowing.render("Call <b>now</b>")
    assert MarkdownRenderer([*EXTENSIONS, "footnotes"]).config_key != safe.config_key


def test_a_corrupt_cache_file_only_means_rendering_again(tmp_path: Path) -> None:
    renderer = MarkdownRenderer(EXTENSIONS)
    cache_file(tmp_path, renderer).write_bytes(b"not a pickle")
    renderer.load_cache(tmp_path)
    assert renderer.render("*hi*") == "<p><em>hi</em></p>"


def test_a_build_writes_the_cache_and_a_second_build_is_identical(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", {"water.yaml": incident_yaml("water")})
    first = build_project(root, site_dir=tmp_path / "one")
    [cache] = (root / ".darksite-cache").glob("markdown-*.pickle")
    assert cache.stat().st_size > 0
    second = build_project(root, site_dir=tmp_path / "two")
    for page in ("water/index.html", "lite/water/index.html", "status.json", "feed.xml"):
        assert (first / page).read_bytes() == (second / page).read_bytes(), page
