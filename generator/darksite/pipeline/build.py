"""The build pipeline, top to bottom: load, check, generate, render, finish, verify.

1. load and check every incident (:func:`darksite.api.check_incidents`);
   any error stops here, before anything is written;
2. generate the source tree (:func:`~darksite.pipeline.generate.generate`),
   taking unchanged outputs from the content-digest cache;
3. write the tree into ``.darksite-cache/pipeline/tree/`` (only changed
   files are rewritten);
4. render it with the chosen engine behind the port
   (:class:`~darksite.pipeline.port.Renderer`): into a folder this pipeline
   built before and nobody touched since, only the changed pages
   (:mod:`darksite.pipeline.rendered`), with nothing changed nothing at all;
5. copy the outputs (feeds, ``status.json``, lite and press pages, embed,
   ``robots.txt``) into the site, the changed ones only after an incremental
   render, then the hosting files, which list the finished site;
6. check that every shown incident has its page, so that an engine that
   silently skipped one fails the build instead of going live.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from filelock import FileLock
from jinja2 import TemplateError

from darksite import clock
from darksite.api import Report, check_incidents, require_valid
from darksite.errors import PublishError
from darksite.model import Incident
from darksite.outputs import write_hosting_files
from darksite.pipeline import rendered
from darksite.pipeline.cache import OutputCache
from darksite.pipeline.generate import Templates, generate
from darksite.pipeline.port import IncrementalRenderer, Renderer
from darksite.pipeline.tree import OUTPUTS, GeneratedTree, place, write_tree
from darksite.render.pages import incident_src_uri
from darksite.render.views import published
from darksite.settings import Settings

log = logging.getLogger("darksite.pipeline")

CACHE = "pipeline"


@dataclass(frozen=True)
class PipelineResult:
    """What one build did: the report, the tree, and how much the cache spared."""

    report: Report
    tree: GeneratedTree
    changed: tuple[str, ...]
    """Tree paths whose bytes differ from the previous build's tree."""
    cache_hits: int
    cache_misses: int
    drawn: int | None = None
    """How many pages the renderer drew when it drew only the changed ones; None: every page."""


def missing_pages(site_dir: Path, incident_ids: list[str]) -> list[str]:
    """The ids among ``incident_ids`` that have no ``<id>/index.html`` in ``site_dir``."""
    return [incident_id for incident_id in incident_ids
            if not (site_dir / incident_src_uri(incident_id)).with_suffix(".html").is_file()]


def copy_outputs(tree: GeneratedTree, tree_dir: Path, site_dir: Path, *,
                 link: bool = False, only: Collection[str] | None = None) -> None:
    """The outputs, into the rendered site (the engine never sees them).

    Copied into a folder the user owns (``darksite build -d``), where a later
    edit in place must not reach the cache; ``link``: hard-linked instead, for
    a release folder that nothing writes into after it is finished. ``only``: these
    tree paths alone (the outputs that changed since the last build into the folder).
    """
    prefix = OUTPUTS + "/"
    made: set[Path] = set()
    for path in tree.files if only is None else sorted(only):
        if not path.startswith(prefix):
            continue
        target = site_dir / path[len(prefix):]
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        place(tree_dir / path, target, link=link)


def build(settings: Settings, templates: Templates, site_dir: Path, renderer: Renderer, *,
          rehearsal: bool = False) -> PipelineResult:
    """Build the site of ``settings``'s project into ``site_dir`` with ``renderer``."""
    if rehearsal:
        settings = replace(settings, rehearsal=True)
    report = require_valid(check_incidents(settings))
    folder = settings.cache_dir / CACHE
    folder.mkdir(parents=True, exist_ok=True)
    # One build at a time per project: the tree folder is shared by every build of it.
    with FileLock(str(folder / "build.lock")):
        return _build(report, settings, templates, site_dir, renderer)


def _build(report: Report, settings: Settings, templates: Templates, site_dir: Path,
           renderer: Renderer) -> PipelineResult:
    cache = OutputCache(settings.cache_dir / CACHE / "objects")
    try:
        tree = generate(report.incidents, settings, templates, diagnostics=report.diagnostics,
                        cache=cache)
    except TemplateError as error:  # a mistake in themes/: say where, no traceback
        where = getattr(error, "filename", None) or "themes/"
        line = getattr(error, "lineno", None)
        raise PublishError(f"{where}{f':{line}' if line else ''}: the pages could not be "
                           f"drawn: {error.message or error}") from None
    folder = settings.cache_dir / CACHE
    tree_dir = folder / "tree"
    previous = rendered.read(folder)
    rendered.forget(folder)  # from here until the end, the site folder is not as recorded
    changed = write_tree(tree, tree_dir)
    log.info("generated %d files (%d changed; cache: %d reused, %d made)",
             len(tree.files), len(changed), cache.hits, cache.misses)
    engine = f"{renderer.name} {renderer.version}"
    fingerprints = rendered.fingerprints(tree, tree_dir)
    build_date = clock.build_date()
    differ = rendered.changes(previous, site_dir=site_dir, renderer=engine,
                              build_date=build_date, tree=fingerprints)
    shown = published(report.incidents, settings)
    drawn = _render(renderer, tree, tree_dir, site_dir, differ, settings, shown)
    missing = missing_pages(site_dir, [incident.id for incident in shown])
    if missing:
        raise PublishError(f"the {renderer.name} renderer wrote no page for "
                           f"{', '.join(missing)}: the site was not finished")
    rendered.write(folder, rendered.RenderRecord(
        site_dir=str(site_dir.resolve()), renderer=engine, build_date=build_date,
        tree=fingerprints, site=rendered.site_state(site_dir)))
    return PipelineResult(report=report, tree=tree, changed=tuple(changed),
                          cache_hits=cache.hits, cache_misses=cache.misses, drawn=drawn)


def _render(renderer: Renderer, tree: GeneratedTree, tree_dir: Path, site_dir: Path,
            differ: list[str] | None, settings: Settings, shown: Sequence[Incident]) -> int | None:
    """Render the tree into ``site_dir`` and finish it; the number of pages drawn when only
    the changed ones were (``differ``: :func:`darksite.pipeline.rendered.changes`), or None
    for a full render."""
    outputs_prefix = OUTPUTS + "/"
    if differ is not None:
        if not differ:
            return 0  # the site folder is exactly what this tree renders to
        pages = [path for path in differ if not path.startswith(outputs_prefix)]
        if isinstance(renderer, IncrementalRenderer) and renderer.render_changes(
                tree_dir, site_dir, pages):
            copy_outputs(tree, tree_dir, site_dir,
                         only={path for path in differ if path.startswith(outputs_prefix)})
            _finish(site_dir, settings, shown)
            return len(pages)
    renderer.build(tree_dir, site_dir)
    copy_outputs(tree, tree_dir, site_dir)
    _finish(site_dir, settings, shown)
    return None


def _finish(site_dir: Path, settings: Settings, shown: Sequence[Incident]) -> None:
    """The hosting files and the sitemap's dates, which list the finished site."""
    write_hosting_files(site_dir, settings.site_url, shown, settings.languages)
