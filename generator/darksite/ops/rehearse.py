"""``rehearse``: the whole site, drafts included, served locally with live reload.

This is MkDocs' own development server (``mkdocs.commands.serve.serve``):
it builds into a temporary folder, serves it, and rebuilds and reloads the
browser when a watched file changes. darksite only asks for a rehearsal
build, through the :data:`~darksite.settings.REHEARSAL_ENV` environment
variable that the plugin reads on every rebuild (drafts, the REHEARSAL
banner, ``noindex``, each incident's warnings on its page), and adds
``incidents/`` and the theme overrides to what is watched (``site_src/`` and
``mkdocs.yml`` are watched by MkDocs itself).

A rehearsal is served, never published: nothing here writes to the
publish folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from darksite.api import check_incidents, require_valid
from darksite.errors import InvalidIncidentsError
from darksite.ops.signals import stop_on_sigterm
from darksite.settings import REHEARSAL_ENV


def rehearsal_url(dev_addr: str | None, config_dev_addr: object) -> str:
    if dev_addr:
        host, _, port = dev_addr.rpartition(":")
    else:
        host, port = config_dev_addr.host, config_dev_addr.port  # type: ignore[attr-defined]
    return f"http://{host}:{port}/"


def rehearse(config_file: str | Path | None = None, dev_addr: str | None = None,
             announce=print) -> None:
    """Serve a rehearsal of the project until interrupted (Ctrl+C or SIGTERM)."""
    from darksite.pipeline.port import DEFAULT_RENDERER, adapter_module
    from darksite.project import open_project

    os.environ[REHEARSAL_ENV] = "1"
    project = open_project(config_file)
    try:
        require_valid(check_incidents(project.settings))
    except InvalidIncidentsError as error:
        raise InvalidIncidentsError(f"the rehearsal cannot start: {error}",
                                    error.diagnostics) from None
    config_path = str(Path(project.config.config_file_path).resolve())
    watch = [str(project.settings.incidents_dir)]
    custom_dir = project.config.theme.custom_dir
    if custom_dir:
        watch.append(str(Path(custom_dir).resolve()))
    stop_on_sigterm()
    announce(
        f"Rehearsal at {rehearsal_url(dev_addr, project.config.dev_addr)} "
        "(drafts included, marked REHEARSAL, never published). Ctrl+C to stop."
    )
    # MkDocs' development server, in the MkDocs adapter (the only place that imports MkDocs).
    adapter_module(DEFAULT_RENDERER).serve_project(Path(config_path), watch, dev_addr)
