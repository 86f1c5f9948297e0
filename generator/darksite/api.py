"""The Python API under the CLI: load, check and build a project.

Anything the command line can do, a script can do by calling these functions;
the CLI only parses arguments and prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from darksite import checks, loader
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
    return datetime.now(UTC)


def check_incidents(settings: Settings, now: datetime | None = None) -> Report:
    """Load every incident file and run the message-quality checks on those that loaded."""
    moment = now or now_utc()
    loaded = loader.load_incidents(
        settings.incidents_dir, root=settings.root, docs_dir=settings.docs_dir, now=moment
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


def build_site(
    config_file: str | Path | None = None,
    site_dir: str | Path | None = None,
    rehearsal: bool = False,
) -> Report:
    """``mkdocs build`` with the darksite plugin: the same site ``mkdocs build`` gives.

    Raises :class:`InvalidIncidentsError` (nothing written) when any incident
    file has an error.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from darksite.errors import PublishError
    from darksite.plugin import IncidentsInvalid
    from darksite.project import open_project

    overrides = {"site_dir": str(Path(site_dir).resolve())} if site_dir else {}
    project = open_project(config_file, **overrides)
    if rehearsal:
        project.plugin_config.rehearsal = True
    try:
        build(project.config)
    except IncidentsInvalid as error:
        raise InvalidIncidentsError(str(error), error.diagnostics) from None
    except MkDocsException as error:
        raise PublishError(f"the site could not be built: {error}") from error
    plugin = project.config.plugins["darksite"]
    return plugin.report
