"""The MkDocs + mkdocs-material adapter: the default renderer.

Two ways in, both MkDocs:

- :func:`build_site` is ``mkdocs build`` of the project with the darksite
  plugin, exactly as ``darksite build`` has always done (moved here from
  :mod:`darksite.api`, so that ``api`` no longer imports the plugin that
  imports ``api``);
- :data:`RENDERER` renders a generated source tree
  (:mod:`darksite.pipeline`) with plain mkdocs-material and no plugin: the
  tree already holds every page, so the engine only draws it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from darksite.api import Report
from darksite.errors import ConfigError, DarksiteError, InvalidIncidentsError, PublishError
from darksite.pipeline.draw import DRAWN_KEY
from darksite.pipeline.tree import engine_config

CONFIG_NAME = "mkdocs.yml"


def _run_build(config: Any) -> None:
    """``mkdocs build`` of a loaded config, every failure as a darksite error.

    :class:`InvalidIncidentsError` with every diagnostic when an incident
    file has an error (MkDocs has then written nothing);
    :class:`~darksite.fs_errors.FileSystemError` when the file system refuses
    a write; :class:`~darksite.template_errors.TemplateProblemError` for a
    mistake in the project's theme override; :class:`PublishError` for any
    other failure MkDocs reports. Anything else is a bug and propagates, for
    the CLI to report as one.
    """
    import jinja2
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from darksite.api import HeldBuildErrors
    from darksite.fs_errors import explain, on_its_disk
    from darksite.mkdocs.plugin import IncidentsInvalid
    from darksite.template_errors import project_template_error

    held = HeldBuildErrors()
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(held)
    try:
        build(config)
    except MkDocsException as error:
        cause = error if isinstance(error, IncidentsInvalid) else error.__context__
        if isinstance(cause, IncidentsInvalid):
            raise InvalidIncidentsError.nothing_built(cause.diagnostics) from None
        reason = "; ".join(held.messages) or str(error)
        raise PublishError(f"the site could not be built: {reason}") from None
    except OSError as error:  # disk full, read-only, permission: located, with advice
        told = explain(error, doing="the site could not be built", fallback=config.site_dir)
        raise on_its_disk(error, told, Path(config.site_dir)) from error
    except jinja2.TemplateError as error:  # the project's own theme override, or a bug
        located = project_template_error(error, config.theme.custom_dir)
        if located is None:
            raise  # a template darksite or the theme ships: a bug, which the CLI reports so
        raise located from error
    finally:
        build_log.removeFilter(held)


def build_site(
    config_file: str | Path | None = None,
    site_dir: str | Path | None = None,
    rehearsal: bool = False,
    incidents: Report | None = None,
) -> Report:
    """``mkdocs build`` with the darksite plugin: the same site ``mkdocs build`` gives.

    Raises :class:`InvalidIncidentsError` with every diagnostic when any
    incident file has an error (MkDocs has then written nothing), and
    :class:`PublishError` for any other build failure. ``incidents``: build
    these (already loaded and checked) instead of loading every file, as
    ``publish`` does to build the incidents it chose (:mod:`darksite.ops.selection`).
    """
    from darksite.mkdocs.plugin import DarksitePlugin
    from darksite.mkdocs.project import open_project

    overrides = {"site_dir": str(Path(site_dir).resolve())} if site_dir else {}
    project = open_project(config_file, **overrides)
    if rehearsal:
        project.plugin_config.rehearsal = True
    plugin = project.config.plugins["darksite"]
    assert isinstance(plugin, DarksitePlugin), "open_project requires the darksite plugin"
    plugin.preloaded = incidents
    try:
        _run_build(project.config)
    finally:
        plugin.preloaded = None  # one plugin instance per process: see ops/partial_build
        plugin.forget_build()
    return plugin.report


def serve_project(config_file: Path, watch: list[str], dev_addr: str | None,
                  pages: Mapping[str, Callable[[], str]] | None = None) -> None:
    """``mkdocs serve`` of the project with live reload (the rehearsal server).

    ``pages`` maps a path (``/replies/ID/``) to a function that renders an
    extra HTML page on each request, from memory: it is served next to the
    site and never written into any build folder, so it cannot reach a
    published site (the reply queue, issue 17). Errors become
    :class:`DarksiteError` with a sentence, never a traceback.
    """
    import mkdocs.commands.serve as serve_module
    from mkdocs.exceptions import MkDocsException

    from darksite.mkdocs.plugin import IncidentsInvalid

    server_class = serve_module.LiveReloadServer
    if pages:
        serve_module.LiveReloadServer = _with_pages(server_class, dict(pages))  # type: ignore[misc]
    try:
        serve_module.serve(config_file=str(config_file), livereload=True, watch=watch,
                           dev_addr=dev_addr)
    except IncidentsInvalid as error:
        raise InvalidIncidentsError("the rehearsal cannot start: fix these errors first",
                                    error.diagnostics) from None
    except DarksiteError:
        raise
    except MkDocsException as error:
        raise ConfigError(
            f"the rehearsal cannot start: {error} (the build's own messages are above)"
        ) from None
    except OSError as error:
        raise ConfigError(
            f"the rehearsal cannot start: {error.strerror or error} (is another server "
            "using that address? choose another with -a HOST:PORT)"
        ) from None
    finally:
        serve_module.LiveReloadServer = server_class  # type: ignore[misc]


def _with_pages(base: Any, pages: dict[str, Callable[[], str]]) -> Any:
    """MkDocs' live-reload server that also answers ``pages`` (rendered per request).

    MkDocs has no hook for a page that is not in the build; a subclass that
    answers a few fixed paths before the site's files is the smallest one.
    """

    class PagesServer(base):  # type: ignore[misc]
        def _serve_request(self, environ, start_response):  # type: ignore[no-untyped-def]
            path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
            render = pages.get(path) or pages.get(path.rstrip("/") + "/")
            if render is None:
                return super()._serve_request(environ, start_response)
            if not path.endswith("/"):
                start_response("302 Found", [("Location", path + "/")])
                return []
            body = render().encode("utf-8")
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Content-Length", str(len(body))),
                                      ("X-Robots-Tag", "noindex, nofollow"),
                                      ("Cache-Control", "no-store")])
            return [body]

    return PagesServer


SERVE_HOOK = "darksite_serve_outputs.py"
"""Beside the tree's ``mkdocs.yml`` when it is served: MkDocs runs its ``on_post_build``."""

SERVE_HOOK_SOURCE = '''"""darksite's outputs into each build of a served tree (its renderer.py)."""
import shutil
from pathlib import Path

OUTPUTS = Path(__file__).resolve().parent / "outputs"


def on_post_build(config, **kwargs):
    site = Path(config["site_dir"])
    for source in OUTPUTS.rglob("*"):
        if source.is_file():
            target = site / source.relative_to(OUTPUTS)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
'''


def _serve_hook(tree_dir: Path) -> Path:
    path = tree_dir / SERVE_HOOK
    path.write_text(SERVE_HOOK_SOURCE, encoding="utf-8")
    return path


def write_config(tree_dir: Path, site_dir: Path, hooks: list[Path] | None = None) -> Path:
    """``mkdocs.yml`` for a generated tree: its docs and overrides, no plugin at all
    (``hooks``: MkDocs hook files, for ``serve``)."""
    import yaml

    config = engine_config(tree_dir)
    config["site_dir"] = str(site_dir)
    config["plugins"] = []
    if hooks:
        config["hooks"] = [str(path) for path in hooks]
    path = tree_dir / CONFIG_NAME
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=True), encoding="utf-8")
    return path


SEARCH_ASSETS = ("assets/javascripts/lunr", "assets/javascripts/workers")
"""mkdocs-material's search scripts: copied by the theme even without search (docs/site.md)."""


def drop_search_assets(site_dir: Path) -> None:
    """Leave the search scripts out, as the plugin does (about 1 MB nobody requests)."""
    import shutil

    for folder in SEARCH_ASSETS:
        shutil.rmtree(site_dir / folder, ignore_errors=True)


def _as_markdown_passes_it(drawn: str) -> str:
    """The drawn HTML with the whitespace Python-Markdown would normalise, normalised.

    Blank lines are emptied of spaces and the ends trimmed (its
    ``NormalizeWhitespace`` step), so a page is the same bytes whichever way
    it went through MkDocs.
    """
    return re.sub(r"(?m)^[ \t]+$", "", drawn.expandtabs(4)).strip("\n")


def _predrawn_plugin(jinja_cache: Path | None = None) -> Any:
    """A MkDocs plugin that hands pre-drawn pages (:data:`DRAWN_KEY`) to the theme as they are.

    Why: the incident pages of a generated tree are finished HTML. Python-Markdown
    would pass them through unchanged, but only after its HTML-block scan and
    MkDocs' anchor pass have read every tag: about half of a build's time at a
    thousand incidents (docs/performance.md). The page is converted from an
    empty string instead (so MkDocs' own page life cycle, title and events stay
    as they are) and its content is the drawn HTML. Defined in a function so
    that importing this module does not import MkDocs. ``jinja_cache``: where the
    theme's compiled templates are kept between builds (half a second each build).
    """
    from mkdocs.plugins import BasePlugin

    from darksite.bytecode_cache import bytecode_cache
    from darksite.mkdocs.tree_changes import nav_signature

    class PreDrawnPages(BasePlugin):  # type: ignore[type-arg]
        def __init__(self) -> None:
            super().__init__()
            self.drawn: dict[str, str] = {}
            self.nav: Any = None
            self.nav_signature: str | None = None
            """The navigation every page of this build shows, once every page is read."""

        def on_nav(self, nav: Any, /, *, config: Any, files: Any) -> Any:
            self.nav = nav
            return nav

        def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
            self.nav_signature = nav_signature(self.nav) if self.nav is not None else None
            if jinja_cache is not None and env.bytecode_cache is None:
                env.bytecode_cache = bytecode_cache(jinja_cache)
            return env

        def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any,
                             files: Any) -> str | None:
            if page.meta.get(DRAWN_KEY) is True:
                self.drawn[page.file.src_uri] = markdown
                return ""
            return None

        def on_page_content(self, html: str, /, *, page: Any, config: Any,
                            files: Any) -> str | None:
            drawn = self.drawn.pop(page.file.src_uri, None)
            return html if drawn is None else _as_markdown_passes_it(drawn)

    return PreDrawnPages()


def load_tree_config(tree_dir: Path, site_dir: Path, *, predrawn: bool = True) -> Any:
    """The MkDocs config of a generated tree, with the pre-drawn pages' plugin.

    ``predrawn`` False converts every page as Markdown: the slow way, which
    the tests compare byte for byte with the fast one.
    """
    from mkdocs.config import load_config

    config = load_config(config_file=str(write_config(tree_dir, site_dir)))
    if predrawn:
        config.plugins["darksite-predrawn"] = _predrawn_plugin(tree_dir.parent / "jinja")
    return config


def _engine_version() -> str:
    from importlib.metadata import version

    return f"mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}"


class MkDocsMaterialRenderer:
    """Renders a generated tree with MkDocs and mkdocs-material (no darksite plugin)."""

    name = "mkdocs-material"

    @property
    def version(self) -> str:
        return _engine_version()

    def build(self, tree_dir: Path, site_dir: Path) -> None:
        from darksite.mkdocs.tree_changes import remember_nav

        remember_nav(tree_dir, None)
        config = load_tree_config(tree_dir, site_dir)
        _run_build(config)
        drop_search_assets(site_dir)
        remember_nav(tree_dir, config.plugins["darksite-predrawn"].nav_signature)

    def render_changes(self, tree_dir: Path, site_dir: Path, changed: list[str]) -> bool:
        """Draw only the changed pages (:mod:`darksite.mkdocs.tree_changes`)."""
        import jinja2
        from mkdocs.exceptions import MkDocsException

        from darksite.mkdocs.tree_changes import render_changes

        try:
            return render_changes(load_tree_config(tree_dir, site_dir), tree_dir, site_dir,
                                  changed)
        except (MkDocsException, jinja2.TemplateError, OSError) as error:
            # The full build that follows empties the folder and reports the same failure
            # the way every build does (located, with advice).
            logging.getLogger("darksite.pipeline").info(
                "drawing the changed pages failed (%s): drawing every page", error)
            return False

    def serve(self, tree_dir: Path, addr: str) -> None:
        """``mkdocs serve`` of the tree, with the outputs (feeds, ``status.json``, lite, press
        and language pages) copied into each rebuild by a hook, so that every link of a
        served page leads somewhere, as on the built site."""
        from mkdocs.commands.serve import serve

        config_file = write_config(tree_dir, tree_dir / "_site", hooks=[_serve_hook(tree_dir)])
        try:
            serve(config_file=str(config_file), livereload=True, dev_addr=addr)
        except OSError as error:
            raise ConfigError(f"cannot serve at {addr}: {error.strerror or error}") from None


RENDERER = MkDocsMaterialRenderer()
