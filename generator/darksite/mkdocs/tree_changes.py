"""Drawing only the changed pages of a generated tree, exactly as a full MkDocs build draws them.

Why: an update to one incident changes its page, the home page and the 404
page; the other 950 pages of a thousand-incident site are the same bytes,
and drawing them again was most of a warm build (docs/performance.md). This
module runs MkDocs' own build steps in :func:`mkdocs.commands.build.build`'s
order (config, pre_build, files, nav, env) and the same functions for a page
(``_populate_page``, ``_build_page``, ``_build_theme_template``: private in
MkDocs 1.6, which ``pyproject.toml`` pins, and checked byte for byte against
a full build by ``tests/test_pipeline_incremental.py``), for these pages only:

- the changed pages, read and drawn;
- the pages of the navigation, read only (converted only when their title is
  their first heading): every page shows the navigation and its titles;
- the theme's static templates (``404.html``, ``sitemap.xml``): they are
  small, and the 404 page shows the active incidents.

What a page shows besides its own source: the theme and its overrides, the
site settings, the navigation and the build date. The caller
(:mod:`darksite.pipeline.rendered`) has proved the first two and the date
unchanged and the site folder untouched; the navigation is checked here:
its titles and links are recorded after every render (:func:`remember_nav`),
and a change to them (a nav page's new title) draws every page instead.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from darksite.pipeline.tree import DOCS, OVERRIDES

NAV_RECORD_SUFFIX = ".mkdocs-nav.json"
"""Beside the tree folder: the navigation the last render drew on every page."""

REDRAWN_OVERRIDES = frozenset({f"{OVERRIDES}/404.html"})
"""Overrides that are whole static templates, drawn again on every incremental render; any
other override is part of every page."""


def nav_record_path(tree_dir: Path) -> Path:
    return tree_dir.with_name(tree_dir.name + NAV_RECORD_SUFFIX)


def nav_signature(nav: Any) -> str:
    """The navigation as every page shows it: each item's kind, title and link, in order."""

    def items(entries: Any) -> list[Any]:
        return [[type(item).__name__, item.title, getattr(item, "url", None),
                 items(getattr(item, "children", None) or [])] for item in entries]

    return json.dumps(items(nav.items), ensure_ascii=False)


def remember_nav(tree_dir: Path, signature: str | None) -> None:
    """Record the navigation of a finished render (None: forget it, the next render is full)."""
    path = nav_record_path(tree_dir)
    if signature is None:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_name(path.name + ".new")
    temporary.write_text(signature, encoding="utf-8")
    os.replace(temporary, path)


def _recorded_nav(tree_dir: Path) -> str | None:
    try:
        return nav_record_path(tree_dir).read_text(encoding="utf-8")
    except OSError:
        return None


def render_changes(config: Any, tree_dir: Path, site_dir: Path, changed: list[str]) -> bool:
    """Draw the pages of ``changed`` (tree paths) into ``site_dir`` with ``config`` (the tree's,
    :func:`darksite.mkdocs.renderer.load_tree_config`); False, with nothing written, when
    the change reaches every page (an override, the settings, the navigation)."""
    from mkdocs.commands.build import _build_extra_template, _build_page, _build_theme_template

    from darksite.mkdocs.build_steps import prepare

    prefix = f"{DOCS}/"
    wanted = {path[len(prefix):] for path in changed
              if path.startswith(prefix) and path.endswith(".md")}
    if any(path[len(prefix):] not in wanted if path.startswith(prefix)
           else path not in REDRAWN_OVERRIDES for path in changed):
        return False  # a media file, an override every page uses, or the site settings
    previous_nav = _recorded_nav(tree_dir)
    if previous_nav is None:
        return False

    site = prepare(config, lambda file: file.src_uri in wanted)
    config, files, nav, doc_files = site.config, site.files, site.nav, site.doc_files
    if nav_signature(nav) != previous_nav:
        return False
    env = config.plugins.on_env(site.env, config=config, files=files)
    for template in config.theme.static_templates:
        _build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        _build_extra_template(template, files, config, nav)
    for file in doc_files:
        if file.src_uri in wanted:
            assert file.page is not None
            with contextlib.suppress(FileNotFoundError):
                os.unlink(file.abs_dest_path)  # a new file, never a write through a link
            _build_page(file.page, config, doc_files, nav, env)
    return True
