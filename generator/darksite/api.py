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
    found.extend(checks.run_checks(loaded.incidents, settings, moment))
    return Report(incidents=loaded.incidents, diagnostics=tuple(sorted_diagnostics(found)))


def require_valid(report: Report) -> Report:
    """``report`` if it has no error, else :class:`InvalidIncidentsError` with every diagnostic."""
    if not report.ok:
        errors = sum(1 for d in report.diagnostics if d.is_error)
        raise InvalidIncidentsError(
            f"{errors} error(s) in incident files: nothing was built", report.diagnostics
        )
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
) -> Report:
    """``mkdocs build`` with the darksite plugin: the same site ``mkdocs build`` gives.

    Raises :class:`InvalidIncidentsError` with every diagnostic when any
    incident file has an error (MkDocs has then written nothing),
    :class:`~darksite.fs_errors.FileSystemError` when the file system refuses
    a write, :class:`~darksite.template_errors.TemplateProblemError` for a
    mistake in the project's theme override, and :class:`PublishError` for
    any other failure MkDocs reports. Anything else is a bug and propagates.
    """
    import jinja2
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from darksite.errors import PublishError
    from darksite.fs_errors import explain, on_its_disk
    from darksite.plugin import IncidentsInvalid
    from darksite.project import open_project
    from darksite.template_errors import project_template_error

    overrides = {"site_dir": str(Path(site_dir).resolve())} if site_dir else {}
    project = open_project(config_file, **overrides)
    if rehearsal:
        project.plugin_config.rehearsal = True
    held = HeldBuildErrors()
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(held)
    try:
        build(project.config)
    except MkDocsException as error:
        cause = error if isinstance(error, IncidentsInvalid) else error.__context__
        if isinstance(cause, IncidentsInvalid):
            raise InvalidIncidentsError(
                f"{sum(1 for d in cause.diagnostics if d.is_error)} error(s) in incident "
                "files: nothing was built", cause.diagnostics) from None
        reason = "; ".join(held.messages) or str(error)
        raise PublishError(f"the site could not be built: {reason}") from None
    except OSError as error:  # disk full, read-only, permission: located, with advice
        told = explain(error, doing="the site could not be built",
                       fallback=project.config.site_dir)
        raise on_its_disk(error, told, Path(project.config.site_dir)) from error
    except jinja2.TemplateError as error:  # the project's own theme override, or a bug
        located = project_template_error(error, project.config.theme.custom_dir)
        if located is None:
            raise  # a template darksite or the theme ships: a bug, which the CLI reports so
        raise located from error
    finally:
        build_log.removeFilter(held)
    plugin = project.config.plugins["darksite"]
    return plugin.report
