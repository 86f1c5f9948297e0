"""Everything that imports MkDocs or mkdocs-material, in one place (issue 10).

- :mod:`.plugin` and :mod:`.plugin_config`: the ``darksite`` MkDocs plugin
  (``mkdocs build`` and ``mkdocs serve`` of the project keep working);
- :mod:`.project`: a project opened through its ``mkdocs.yml``;
- :mod:`.renderer`: the mkdocs-material adapter behind the renderer port
  (:mod:`darksite.pipeline.port`);
- :mod:`.partial_build`: the fast path's replay of MkDocs' page build
  (removed when the fast path goes);
- :mod:`.notify_config`, :mod:`.config_reference`: option schemas and their docs.

When mkdocs-material reaches its end of life, this package is what goes.
"""
