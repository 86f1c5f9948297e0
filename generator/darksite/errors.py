"""The project's exceptions: one base class, so the CLI can catch exactly ours.

Every user-facing failure is a :class:`DarksiteError`; the CLI prints its
message (and diagnostics) and exits 1 (74 for a
:class:`~darksite.fs_errors.FileSystemError`). Anything else is a bug: one
line asking for a report, exit 70, the traceback only with ``--debug``.
"""

from __future__ import annotations

from collections.abc import Sequence

from darksite.diagnostics import Diagnostic


class DarksiteError(Exception):
    """Raised when darksite cannot do what was asked, for a reason the user can fix."""


class ProjectNotFoundError(DarksiteError):
    """Raised when no mkdocs.yml is found where a command expects the project."""


class ConfigError(DarksiteError):
    """Raised when mkdocs.yml or the darksite plugin settings are invalid."""


class IncidentNotFoundError(DarksiteError):
    """Raised when a command names an incident id that has no file."""


class InvalidIncidentsError(DarksiteError):
    """Raised when incident files have errors; carries every diagnostic."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)

    @classmethod
    def nothing_built(cls, diagnostics: Sequence[Diagnostic]) -> InvalidIncidentsError:
        """The one refusal every build gives: how many errors, in which files.

        The files are named, so that an error in ``mkdocs.yml`` (a brand
        colour's contrast, a missing sharing image) is not reported as being
        "in incident files".
        """
        errors = [d for d in diagnostics if d.is_error]
        files = sorted({d.file for d in errors})
        where = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3
                                        else "") if files else "incident files"
        return cls(f"{len(errors)} error(s) in {where}: nothing was built", diagnostics)


class LockTimeoutError(DarksiteError):
    """Raised when another darksite process holds a file lock for too long."""


class PublishError(DarksiteError):
    """Raised when a release cannot be built, verified or switched live."""
