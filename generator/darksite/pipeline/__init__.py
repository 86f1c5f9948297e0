"""One build pipeline: generate a source tree first, then render it behind a port.

Read it top to bottom in :mod:`darksite.pipeline.build`. The parts:

- :mod:`~darksite.pipeline.generate`: a pure function from (incidents,
  settings, templates) to a :class:`~darksite.pipeline.tree.GeneratedTree`;
- :mod:`~darksite.pipeline.cache`: the content-digest cache that decides
  what is generated again;
- :mod:`~darksite.pipeline.port`: the ``Renderer`` port; the adapters live
  in :mod:`darksite.mkdocs` and :mod:`darksite.zensical` and are found by name.

Nothing here imports a site engine (``pyproject.toml``'s import-linter
contracts check it).
"""
