"""The renderer port: the two things darksite asks of a static site engine.

Why a port: mkdocs-material 9.x reaches its end of life in May 2027 and its
successor, Zensical, runs no MkDocs plugins. Everything darksite knows is
put into a generated source tree first (:mod:`darksite.pipeline.generate`);
a renderer only turns that tree into HTML. Swapping the engine is then one
module (:mod:`darksite.mkdocs.renderer` or :mod:`darksite.zensical.renderer`).

Adapters are found by name at run time (:func:`renderer_named`), so that no
module below the command line imports an engine: the import-linter
contracts in ``pyproject.toml`` hold by construction, not by convention.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Protocol, runtime_checkable

from darksite.errors import ConfigError

RENDERERS = {
    "mkdocs-material": "darksite.mkdocs.renderer",
    "zensical": "darksite.zensical.renderer",
}
"""Renderer names (``darksite build --renderer NAME``) and the adapter module of each."""

DEFAULT_RENDERER = "mkdocs-material"


@runtime_checkable
class Renderer(Protocol):
    """Renders a generated source tree (see :mod:`darksite.pipeline.tree` for its layout)."""

    name: str
    version: str
    """The engine's versions: a site folder another version drew is drawn again in full."""

    def build(self, tree_dir: Path, site_dir: Path) -> None:
        """Write the HTML site for ``tree_dir`` into ``site_dir`` (emptied first)."""

    def serve(self, tree_dir: Path, addr: str) -> None:
        """Serve ``tree_dir`` at ``addr`` (``HOST:PORT``) until interrupted."""


@runtime_checkable
class IncrementalRenderer(Renderer, Protocol):
    """A renderer that can bring a site it rendered up to date by drawing only what changed.

    Optional: the pipeline asks for it with ``isinstance`` and renders in full
    otherwise (:mod:`darksite.pipeline.rendered` says when it may ask at all).
    """

    def render_changes(self, tree_dir: Path, site_dir: Path, changed: list[str]) -> bool:
        """Bring ``site_dir``, which holds this renderer's full render of ``tree_dir`` as it was,
        up to ``tree_dir`` as it is, where only the tree paths ``changed`` differ (pages and
        overrides; the outputs are not the renderer's). Return False, having written
        nothing, when that cannot be done without drawing every page."""


def renderer_named(name: str) -> Renderer:
    """The adapter called ``name``; a :class:`ConfigError` naming the choices otherwise."""
    module_name = RENDERERS.get(name)
    if module_name is None:
        choices = ", ".join(sorted(RENDERERS))
        raise ConfigError(f"unknown renderer '{name}': choose one of {choices}")
    module = importlib.import_module(module_name)
    renderer: Renderer = module.RENDERER
    return renderer


def adapter_module(name: str) -> ModuleType:
    """The adapter module itself, for what only one engine offers (``mkdocs build`` today)."""
    renderer_named(name)  # the same error for an unknown name
    return importlib.import_module(RENDERERS[name])
