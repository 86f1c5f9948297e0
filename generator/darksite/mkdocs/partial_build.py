"""Rendering a few pages of the site with MkDocs, exactly as a full build renders them.

The fast path of ``publish`` re-renders only the pages an incident change
affects (that incident's page, the home page, the 404 page) into a copy of
the live release. This module runs MkDocs' own build steps, in the order
:func:`mkdocs.commands.build.build` runs them (config, pre_build, files,
nav, reading the pages it draws and those of the navigation, env), with
the darksite plugin handed the incidents to show instead of loading every
file, and then builds only the pages asked for. Because the same functions render the page
(``_build_page``, ``_build_theme_template``: private in MkDocs 1.6, pinned
by ``tests/test_fastpath.py``, which compares the result with a full build
byte for byte), a page made here is the page a full build makes.

When the banner changed, every other page gets the new one without being
rendered (:mod:`darksite.mkdocs.banner`), after the pages above, whose
banners it checks its drawing against.

Two things differ from a full build, on purpose:

- no static files are copied and no ``post_build`` runs: the copy of the
  release already has them, and the fast path writes the outputs itself;
- every file is unlinked before it is written: the copy shares its files
  with the live release through hard links, and MkDocs writes in place, so
  writing through the link would change the live site.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mkdocs.config.defaults import MkDocsConfig

from darksite.api import HeldBuildErrors, Report
from darksite.render.markdown import MarkdownRenderer

if TYPE_CHECKING:
    from darksite.mkdocs.plugin import DarksitePlugin

ERROR_TEMPLATE = "404.html"


def detach(path: str | Path) -> None:
    """Remove ``path`` (if there) so that the next write creates a new file, not a write
    through a hard link shared with the live release."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


class BannerMismatch(ValueError):
    """A page's banner is not as :mod:`darksite.mkdocs.banner` would draw it: build in full."""


@dataclass(frozen=True)
class BannerChange:
    """The banner changed (an activation, a new title or severity): every page gets the new one.

    ``old_facts``, ``new_facts``: :func:`darksite.render.views.site_wide_facts` of
    the live release and of this one; ``live_home``: the live release's home page.
    """

    old_facts: Mapping[str, Any]
    new_facts: Mapping[str, Any]
    live_home: bytes
    not_themed: Collection[str] = ()
    """Site paths of HTML files darksite's outputs write (never themed: not read)."""


@dataclass(frozen=True)
class RenderedPages:
    """What :func:`render_pages` made."""

    written: list[str]
    """Site paths of the pages MkDocs rendered."""
    renderer: MarkdownRenderer
    """The build's Markdown renderer (the outputs must render with the same one)."""
    banners: dict[str, bytes] = field(default_factory=dict)
    """Pages given a new banner: their new banner region by site path (:mod:`banner`)."""


def render_pages(config: MkDocsConfig, site_dir: Path, report: Report,
                 incident_src_uris: Collection[str],
                 banner: BannerChange | None = None) -> RenderedPages:
    """Render the home page, the 404 page and the pages ``incident_src_uris`` into ``site_dir``;
    with ``banner``, give every other page the new banner (:mod:`darksite.mkdocs.banner`).

    ``report`` holds the incidents to show (the active ones) and their
    diagnostics. Raises :class:`darksite.mkdocs.banner.BannerMismatch` when a
    page's banner cannot be replaced exactly (then the caller builds in full).
    """
    # MkDocs keeps one plugin instance per process for every config it loads, so the
    # handed-in incidents must not outlive this call (a later full build would use them).
    plugin = cast("DarksitePlugin", config.plugins["darksite"])
    plugin.preloaded, plugin.partial = report, True
    held = HeldBuildErrors()  # MkDocs logs a failing page, then raises: the caller reports it
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(held)
    try:
        return _render(config, site_dir, plugin, incident_src_uris, banner)
    finally:
        plugin.preloaded, plugin.partial = None, False
        build_log.removeFilter(held)


def _render(config: MkDocsConfig, site_dir: Path, plugin, incident_src_uris: Collection[str],
            banner: BannerChange | None) -> RenderedPages:
    from mkdocs.commands.build import _build_page, _build_theme_template

    from darksite.mkdocs.banner import splice_banners
    from darksite.mkdocs.build_steps import prepare

    config["site_dir"] = str(site_dir)
    wanted = set(incident_src_uris)
    site = prepare(config, lambda file: file.src_uri in wanted or file.page.is_homepage
                   or file.dest_uri == ERROR_TEMPLATE)
    config, files, nav, doc_files = site.config, site.files, site.nav, site.doc_files
    env = config.plugins.on_env(site.env, config=config, files=files)

    written: list[str] = []
    own_error_page = False
    for file in doc_files:
        page = file.page
        assert page is not None
        is_error_page = file.dest_uri == ERROR_TEMPLATE
        own_error_page = own_error_page or is_error_page
        if file.src_uri in wanted or page.is_homepage or is_error_page:
            detach(file.abs_dest_path)
            _build_page(page, config, doc_files, nav, env)
            written.append(file.dest_uri)
    if not own_error_page and ERROR_TEMPLATE in config.theme.static_templates:
        detach(site_dir / ERROR_TEMPLATE)
        _build_theme_template(ERROR_TEMPLATE, env, files, config, nav)
        written.append(ERROR_TEMPLATE)
    assert plugin.renderer is not None, "on_env builds the renderer"
    spliced: dict[str, bytes] = {}
    if banner is not None:
        spliced = splice_banners(
            site_dir, env, live_home=banner.live_home, old_facts=banner.old_facts,
            new_facts=banner.new_facts, new_view=plugin.site, rendered=written,
            skip={*banner.not_themed, *(f.dest_uri for f in files if f.is_static_page())},
            use_directory_urls=bool(config.use_directory_urls))
    return RenderedPages(written=written, renderer=plugin.renderer, banners=spliced)


SITEMAP = "sitemap.xml"


def refresh_sitemap_date(site_dir: Path, built_on: str, today: str) -> list[str]:
    """Give the copied sitemap today's build date, as a full build today would.

    MkDocs dates every page of the sitemap with the build date (and the
    gzipped copy's header with its midnight); with the same pages, that date
    is the only difference. Raises ValueError if the sitemap carries any
    other date, so that the caller builds in full instead.
    """
    import gzip
    from datetime import UTC, datetime

    path = site_dir / SITEMAP
    if built_on == today or not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    old, new = f"<lastmod>{built_on}</lastmod>", f"<lastmod>{today}</lastmod>"
    if text.count("<lastmod>") != text.count(old):
        raise ValueError("the sitemap carries more than one date")
    data = text.replace(old, new).encode("utf-8")
    detach(path)
    path.write_bytes(data)
    written = [SITEMAP]
    compressed = site_dir / f"{SITEMAP}.gz"
    if compressed.exists():
        detach(compressed)
        stamp = int(datetime.fromisoformat(today).replace(tzinfo=UTC).timestamp())
        with open(compressed, "wb") as stream, gzip.GzipFile(
            fileobj=stream, filename=str(compressed), mode="wb", mtime=stamp
        ) as archive:
            archive.write(data)
        written.append(f"{SITEMAP}.gz")
    return written
