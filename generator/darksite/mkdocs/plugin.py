"""The MkDocs plugin: event wiring only.

Business rules live elsewhere: loading and checking in :mod:`darksite.api`,
HTML fragments and view models in :mod:`darksite.render`, feeds and lite
pages in :mod:`darksite.outputs`. Each event below states its priority and
why, as mkdocs-material's own plugins do; "default" means 0.

The navigation never lists incidents: mkdocs-material renders the whole nav
into every page, so a nav with every incident makes a build quadratic in the
number of incidents. Generated incident pages are therefore
``InclusionLevel.NOT_IN_NAV``: MkDocs leaves them out of the automatic nav
and does not log them as "not included in the nav" either. A user's explicit
``nav`` is respected as written.

Search is dropped (``docs/site.md`` says why); without the search plugin,
mkdocs-material's search scripts are left out of the site too.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.templates import TemplateContext

from darksite import api, clock, identity
from darksite.bytecode_cache import bytecode_cache
from darksite.diagnostics import Diagnostic
from darksite.mkdocs.plugin_config import DarksitePluginConfig, to_settings
from darksite.model import Incident, Status
from darksite.render import pages
from darksite.render.build_error import show_build_error
from darksite.render.markdown import MarkdownRenderer
from darksite.render.views import (
    IncidentView,
    SiteView,
    incident_view,
    published,
    shared_incident_view,
    site_view,
)
from darksite.settings import PUBLIC_SITE_URL_ENV, Settings

if TYPE_CHECKING:  # only `serve` and `rehearse` start one: 40 ms of imports (watchdog)
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.darksite")


class IncidentsInvalid(PluginError):
    """Raised when incident files have errors; MkDocs prints it without a traceback."""

    def __init__(self, diagnostics: list[Diagnostic], what: str = "incident files") -> None:
        self.diagnostics = diagnostics
        lines = [d.format_text() for d in diagnostics]
        errors = sum(1 for d in diagnostics if d.is_error)
        lines.append(f"{errors} error(s) in {what}: nothing was built")
        super().__init__("\n".join(lines))


class DarksitePlugin(BasePlugin[DarksitePluginConfig]):
    """Loads incidents/*.yaml and generates the dark site's pages."""

    settings: Settings
    report: api.Report

    def __init__(self) -> None:
        super().__init__()
        self.shown: tuple[Incident, ...] = ()
        self.site: SiteView | None = None
        self.renderer: MarkdownRenderer | None = None
        self.pages_by_uri: dict[str, Incident] = {}
        self._generated: list[tuple[Incident, File]] = []
        self.diagnostics_by_file: dict[str, list[Diagnostic]] = {}
        self.preloaded: api.Report | None = None
        """Set by ``publish``: these incidents instead of loading every file."""
        self.partial = False
        """Set by the fast path of ``publish``, which writes the outputs itself."""
        self.command: str | None = None
        self.served_site_dir: Path | None = None
        """The development server's folder (``serve``/``rehearse``), where errors are shown."""
        self.outputs_child: Any = None
        """The :class:`darksite.outputs.background.OutputsChild` of this build, if any."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember the command: ``serve`` writes the outputs in-process (see ``on_env``).

        MkDocs keeps one instance of this plugin per process for every config it
        loads, so per-run state is reset in ``on_shutdown`` (and ``preloaded`` by
        the fast path itself).
        """
        self.command = command

    def on_shutdown(self) -> None:
        self.command = None
        self.forget_build()

    def forget_build(self) -> None:
        """Let go of what the last build computed: its rendered fields, views and site view.

        Why: MkDocs keeps this one instance for the whole process, so after a
        build it still held them (about 55 MB at 1,000 incidents) while
        ``publish --full`` went on to its leak check, and while ``watch`` waited
        for the next edit. Every build makes them again in ``on_config`` and
        ``on_env``; the report stays (``publish`` reads it). The process-wide
        memo of HTML made plain text goes too (bounded to the last 2,048 texts):
        it serves the outputs of one build, which read each field several times.
        """
        from darksite.outputs.markup import html_to_text

        html_to_text.cache_clear()
        self.renderer = None
        self.site = None
        self.shown = ()
        self.pages_by_uri = {}
        self._generated = []
        self.diagnostics_by_file = {}

    # -- load ---------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check every incident; any error stops the build with every diagnostic.

        Priority: default, so that other plugins see the final config.
        """
        clock.pin_build_date()
        self.served_site_dir = Path(config.site_dir) if self.command == "serve" else None
        self.settings = to_settings(self.config, config)
        _apply_identity(self.settings, config)
        self.report = self.preloaded or api.check_incidents(_checked_as_public(self.settings))
        if not self.report.ok:
            raise IncidentsInvalid(list(self.report.diagnostics))
        for diagnostic in self.report.diagnostics:
            # Advice (severity info) must not trip `mkdocs build --strict`, which fails on
            # every logged warning.
            emit = log.warning if diagnostic.is_warning else log.info
            emit(diagnostic.format_text())
        self.shown = published(self.report.incidents, self.settings)
        self.diagnostics_by_file = _by_file(self.report.diagnostics)
        self.pages_by_uri = {}
        self._generated = []
        return config

    # -- pages --------------------------------------------------------------

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Refuse an incident page that would replace a hand-written one, before writing.

        Priority: default. MkDocs empties ``site_dir`` right after this event,
        so checking here keeps the previous site when the build cannot succeed.
        ``on_files`` checks again against files that other plugins add.
        """
        self._generated = self._generated_files(config)
        self._refuse_clashes(get_files(config), self._generated, self._archive_file(config))

    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add one page per shown incident, the archive, and a home page if there is none.

        Priority: -50 (run late), so that the clash check sees every file that
        other plugins added or excluded. Incident pages are NOT_IN_NAV (see the
        module docstring); the archive is in the automatic nav, and stays out of
        a nav the user wrote.
        """
        _leave_out_incident_files(files, self.settings, config.docs_dir)
        generated = self._generated or self._generated_files(config)
        archive = self._archive_file(config)
        self._refuse_clashes(files, generated, archive)
        if not _search_enabled(config):
            _drop_search_assets(files)
        for file in (*(file for _, file in generated), archive, *self._archive_pages(config)):
            files.append(file)
        if files.get_file_from_path("index.md") is None:
            files.append(File.generated(
                config, "index.md", content=pages.default_home_markdown(),
            ))
        self.pages_by_uri = {file.src_uri: incident for incident, file in generated}
        urls = {incident.id: file.url for incident, file in generated}
        self.site = site_view(self.shown, self.settings, url_for=urls.__getitem__)
        return files

    def _generated_files(self, config: MkDocsConfig) -> list[tuple[Incident, File]]:
        """One NOT_IN_NAV page per shown incident (see the module docstring)."""
        return [
            (incident, File.generated(
                config, pages.incident_src_uri(incident.id),
                content=pages.incident_page_markdown(incident),
                inclusion=InclusionLevel.NOT_IN_NAV,
            ))
            for incident in self.shown
        ]

    @staticmethod
    def _archive_file(config: MkDocsConfig) -> File:
        """The archive page: in the automatic nav, out of a nav the user wrote."""
        return File.generated(
            config, pages.ARCHIVE_SRC_URI, content=pages.archive_page_markdown(),
            inclusion=(
                InclusionLevel.NOT_IN_NAV if config.nav is not None else InclusionLevel.INCLUDED
            ),
        )

    def _archive_pages(self, config: MkDocsConfig) -> list[File]:
        """Archive pages 2, 3...: out of the nav, one per ``ARCHIVE_PAGE_SIZE`` resolved."""
        resolved = sum(1 for i in self.shown if i.status is Status.RESOLVED)
        return [
            File.generated(config, pages.archive_src_uri(number),
                           content=pages.archive_page_markdown(number),
                           inclusion=InclusionLevel.NOT_IN_NAV)
            for number in range(2, pages.archive_page_count(resolved) + 1)
        ]

    def _refuse_clashes(
        self, files: Files, generated: list[tuple[Incident, File]], archive: File
    ) -> None:
        """A generated page that would replace a hand-written one, or a site folder, is an error.

        A silently replaced page is worse than a failed build, so every clash
        is reported, located at the incident's ``id``.
        """
        taken = {f.dest_uri: f.src_uri for f in files if not f.inclusion.is_excluded()}
        if archive.dest_uri in taken:
            raise PluginError(
                f"{self.settings.relative(self.settings.docs_dir / taken[archive.dest_uri])}: "
                f"darksite writes the archive at /{archive.url}: rename or remove this page"
            )
        problems = []
        for incident, file in generated:
            source = taken.get(file.dest_uri)
            replaces = (self.settings.relative(self.settings.docs_dir / source)
                        if source is not None else None)
            problem = pages.id_clash(incident, replaces)
            if problem is not None:
                problems.append(problem)
        if problems:
            raise IncidentsInvalid(problems)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Give the home page the ``home.html`` template unless its front matter names one.

        Priority: default. The template decides between the active incidents
        and the holding content, so the home page needs it even when an
        editor forgot the front matter.
        """
        if page.is_homepage:
            page.meta.setdefault("template", pages.HOME_TEMPLATE)
        return markdown

    # -- templates ----------------------------------------------------------

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Expose the ``darksite`` global (the site view) to every template, the 404 page too.

        Priority: default. The Markdown renderer is built here, once per build,
        because only now are the ``markdown_extensions`` final (other plugins
        may add some in their ``on_config``).
        """
        env.globals["darksite"] = self.site
        if env.bytecode_cache is None:
            # Compiling mkdocs-material's templates costs half a second per build; Jinja
            # checks each cached one against its source, so a changed template recompiles.
            env.bytecode_cache = bytecode_cache(self.settings.cache_dir / "jinja")
        self.renderer = MarkdownRenderer(
            config.markdown_extensions, config.mdx_configs, allow_html=self.settings.allow_html
        )
        self.renderer.load_cache(self.settings.cache_dir)  # fields rendered by earlier builds
        from darksite.outputs.background import OutputsChild, can_fork

        if not self.partial and self.command != "serve" and can_fork():
            # Everything the outputs need is known now: write them on the other core while
            # MkDocs renders the pages (darksite.outputs.background); joined in on_post_build.
            self.outputs_child = OutputsChild.start(self._outputs_writer(config))
        return env

    def _outputs_writer(self, config: MkDocsConfig, hosting: bool = False):
        from darksite.outputs import write_outputs

        site_dir, shown, settings, renderer = (
            Path(config.site_dir), self.shown, self.settings, self.renderer)
        return lambda: write_outputs(site_dir, shown, settings, renderer=renderer,
                                     hosting=hosting)

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Show the archive as one entry named for what it is, not "Archive > Archive of ...".

        MkDocs makes a section of every folder, so ``archive/index.md`` alone
        would be a section holding one page. A nav the user wrote is theirs.
        """
        if config.nav is None:
            nav.items[:] = [_lone_page(item) for item in nav.items]
        return nav

    @event_priority(50)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        """Put the ``incident`` view into an incident page's context.

        Priority: 50 (run early), so that other plugins' ``page_context``
        handlers and the head partial (OpenGraph, JSON-LD) see it.
        """
        incident = self.pages_by_uri.get(page.file.src_uri)
        if incident is not None:
            # MkDocs types the context as a closed TypedDict; templates read any key.
            cast(dict[str, Any], context)["incident"] = self.incident_view_for(
                incident, page.file.url)
        if page.is_homepage and self.site is not None and self.site.active:
            # The home shows the active incidents instead of its holding text, so the
            # holding text's table of contents would only link to what is not shown.
            page.toc = TableOfContents([])
        return context

    def incident_view_for(self, incident: Incident, url: str) -> IncidentView:
        """The page view of one incident; the check warnings are shown in rehearsal only."""
        assert self.renderer is not None, "on_env builds the renderer before any page"
        warnings = self.diagnostics_by_file.get(incident.source, ()) if self.settings.rehearsal \
            else ()
        if warnings:
            return incident_view(
                incident, self.renderer, self.settings, url_for=lambda _id: url, warnings=warnings
            )
        # Shared with the lite page, which shows the same view.
        return shared_incident_view(incident, self.renderer, self.settings,
                                    url_for=lambda _id: url)

    # -- outputs and serving ------------------------------------------------

    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write feeds, status JSON and lite pages for the incidents this build shows.

        Priority: -50 (run late), after other plugins have written their files,
        so that nothing overwrites the channel outputs.
        """
        from darksite.outputs import write_hosting_files

        if self.partial:
            return  # the fast path writes only the outputs its change affects
        child, self.outputs_child = self.outputs_child, None
        if child is None:
            self._outputs_writer(config, hosting=True)()
        else:
            failure = child.join()
            if failure is not None:
                raise PluginError(f"the feeds, status.json and lite pages could not be written: "
                                  f"{failure}")
            write_hosting_files(Path(config.site_dir), self.settings.site_url, self.shown,
                                self.settings.languages)
        if self.renderer is not None:
            self.renderer.save_cache(self.settings.cache_dir)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build must not leave the outputs process behind (no zombie)."""
        child, self.outputs_child = self.outputs_child, None
        if child is not None:
            child.abandon()
        if self.served_site_dir is not None:
            # Under `rehearse` / `serve` the browser would go on showing the last good build
            # and wait: every page it may be on says what went wrong instead.
            show_build_error(self.served_site_dir, error)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild when an incident file changes, as for a page in ``docs_dir``.

        Priority: default.
        """
        incidents_dir = self.settings.incidents_dir
        if incidents_dir.is_dir():
            server.watch(str(incidents_dir))
        server.builder = _showing_errors(server.builder)
        return server


def _showing_errors(builder: Any) -> Any:
    """A rebuild that fails ends normally, so the server reloads the browsers onto the error.

    MkDocs' server holds every request while its last rebuild has failed ("the
    server will appear stuck"): the browser hangs. ``on_build_error`` has
    written the error page over the served pages; the error is logged already.
    """
    def build() -> None:
        try:
            builder()
        except Exception:  # logged by MkDocs; shown on the page
            log.error("the rehearsal pages show this error until the file is fixed")
    return build


SEARCH_ASSETS = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
"""mkdocs-material's search worker and its language files: theme files, copied even unused."""


def _leave_out_incident_files(files: Files, settings: Settings, docs_dir: str) -> None:
    """Never copy the incident files into the site, even from inside the docs folder.

    They hold drafts and ``internal`` notes; with ``incidents_dir`` under
    ``docs_dir``, MkDocs would otherwise publish them as static files.
    """
    folder = settings.incidents_dir.resolve()
    inside = [f for f in files if f.abs_src_path and f.abs_src_path.startswith(docs_dir)
              and Path(f.abs_src_path).resolve().is_relative_to(folder)]
    if inside:
        log.warning(f"incidents_dir {settings.relative(settings.incidents_dir)}/ is inside "
                    f"docs_dir: its {len(inside)} file(s) are left out of the site (they hold "
                    "drafts and internal notes); move the folder out of the docs folder")
    for file in inside:
        files.remove(file)


def _search_enabled(config: MkDocsConfig) -> bool:
    return any(name in config.plugins for name in ("search", "material/search"))


def _drop_search_assets(files: Files) -> None:
    """Leave the search scripts out of a site without search (about 1 MB nobody requests)."""
    for file in [f for f in files if f.src_uri.startswith(SEARCH_ASSETS)]:
        files.remove(file)


def _by_file(diagnostics: tuple[Diagnostic, ...]) -> dict[str, list[Diagnostic]]:
    grouped: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics:
        grouped[diagnostic.file].append(diagnostic)
    return dict(grouped)


def _lone_page(item: Any) -> Any:
    """A nav section that holds only one page, replaced by that page."""
    children = getattr(item, "children", None)
    if item.is_section and children and len(children) == 1 and children[0].is_page:
        page = children[0]
        page.parent = item.parent
        return page
    return item


def _apply_identity(settings: Settings, config: MkDocsConfig) -> None:
    """The organisation's logo and favicon in the theme; brand colours refused below AA."""
    config_file = Path(config.config_file_path) if config.config_file_path else None
    problems = identity.brand_problems(settings, config_file)
    if problems:
        raise IncidentsInvalid(problems, what="mkdocs.yml")
    org = settings.organisation
    for option, value in (("logo", org.logo), ("favicon", org.favicon)):
        if value:
            config.theme[option] = value


def _checked_as_public(settings: Settings) -> Settings:
    """The settings the checks judge by: in a rehearsal, with the real site URL.

    ``mkdocs serve`` replaces ``site_url`` with its own address before the
    plugin sees it; ``rehearse`` keeps the real one in the environment
    (:data:`darksite.settings.PUBLIC_SITE_URL_ENV`).
    """
    public = os.environ.get(PUBLIC_SITE_URL_ENV)
    if not settings.rehearsal or public is None:
        return settings
    return dataclasses.replace(settings, site_url=public or None)
