"""Renderer adapters: the only modules that import a static site engine.

Each adapter implements :class:`darksite.pipeline.port.Renderer` for one
engine and is found by name (:data:`darksite.pipeline.port.RENDERERS`).
The MkDocs plugin (:mod:`darksite.plugin`) belongs to the MkDocs side too:
``mkdocs build`` and ``mkdocs serve`` with the plugin keep working.
"""
