"""The Python API under the CLI: load, check and build a project.

Anything the command line can do, a script can do by calling these functions;
the CLI only parses arguments and prints.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from darksite import checks, clock, loader
from darksite.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from darksite.errors import InvalidIncidentsError
from darksite.model import Incident
from darksite.settings import Settings


@dataclass(frozen=True)
class Report:
    """The incidents that loaded and every diagnostic about them, in file order."""

    incidents: tuple[Incident, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @property
    def public(self) -> tuple[Incident, ...]:
        return tuple(i for i in self.incidents if i.is_public)


def now_utc() -> datetime:
    """The one clock (:func:`darksite.clock.now`), kept here for callers of the API."""
    return clock.now()


def check_incidents(settings: Settings, now: datetime | None = None) -> Report:
    """Load every incident file and run the message-quality checks on those that loaded."""
    moment = now or now_utc()
    loaded = loader.load_incidents(
        settings.incidents_dir, root=settings.root, docs_dir=settings.docs_dir, now=moment,
        cache_dir=settings.cache_dir, save_in_background=True,
    )
    found = list(loaded.diagnostics)
    found.extend(checks.run_checks(loaded.incidents, settings, moment,
                                   cache_dir=settings.cache_dir))
    return Report(incidents=loaded.incidents, diagnostics=tuple(sorted_diagnostics(found)))


def require_valid(report: Report) -> Report:
    """``report`` if it has no error, else :class:`InvalidIncidentsError` with every diagnostic."""
    if not report.ok:
        raise InvalidIncidentsError.nothing_built(report.diagnostics)
    return report


class HeldBuildErrors(logging.Filter):
    """Holds MkDocs' own ERROR lines during a build, so that the caller reports them once.

    MkDocs logs a plugin's error text and then raises a bare ``Abort``; the
    darksite CLI prints the diagnostics itself, so the logged copy is held back.
    """

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            self.messages.append(record.getMessage())
            return False
        return True


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
    The MkDocs part lives in the adapter
    (:func:`darksite.mkdocs.renderer.build_site`), imported by name at run time,
    so that this module imports no engine and no plugin (the plugin imports this module).
    """
    import importlib

    adapter = importlib.import_module(MKDOCS_ADAPTER)
    report: Report = adapter.build_site(config_file, site_dir, rehearsal=rehearsal,
                                        incidents=incidents)
    return report


MKDOCS_ADAPTER = "darksite.mkdocs.renderer"
"""The adapter :func:`build_site` runs (also ``RENDERERS["mkdocs-material"]`` in the port)."""
