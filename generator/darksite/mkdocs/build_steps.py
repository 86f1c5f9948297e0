"""MkDocs' own build steps up to the pages, for drawing only some pages of a site.

Why one module: the fast path of ``publish`` (:mod:`darksite.mkdocs.partial_build`)
and the pipeline's incremental render (:mod:`darksite.mkdocs.tree_changes`) both
draw a few pages exactly as a full build draws them. Both must run the events
of :func:`mkdocs.commands.build.build` in its order (config, pre_build, files,
nav, reading pages, env) and read the same pages, so that order is written
once, here. ``_populate_page`` is private in MkDocs 1.6, which ``pyproject.toml``
pins; the byte-for-byte tests of both callers fail if it changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Prepared:
    """A site's config, files, theme environment and navigation, with its pages read."""

    config: Any
    files: Any
    env: Any
    nav: Any
    doc_files: Any


def prepare(config: Any, drawn: Callable[[Any], bool]) -> Prepared:
    """Run MkDocs' build events up to the pages, and read the pages ``drawn`` selects
    (each a ``File``) and those of the navigation.

    Every page drawn shows the navigation, with its pages' titles: a page of the
    navigation is read for its front matter's title without being converted, or
    converted when its title is its first heading, as a full build finds it. A
    page neither drawn nor in the navigation is not read at all (at a thousand
    incidents, reading them all was half a second of every fast publish).
    ``env`` is the theme's environment before the ``env`` event: the caller
    runs it once the pages are read.
    """
    from mkdocs.commands.build import _populate_page
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    env = config.theme.get_env()
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    in_nav = {id(page) for page in nav.pages}
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    for file in doc_files:
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
        assert file.page is not None
        if drawn(file):
            _populate_page(file.page, config, files)
        elif id(file.page) in in_nav:
            file.page.read_source(config)
            if "title" not in file.page.meta:
                _populate_page(file.page, config, files)
    return Prepared(config=config, files=files, env=env, nav=nav, doc_files=doc_files)
