"""The operations' own exceptions, all :class:`~darksite.errors.DarksiteError` subclasses.

The CLI prints their message and exits 1; each message names the file (and
line, where there is one) and says what to do next, because the person
reading it is in the middle of a crisis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from darksite.errors import DarksiteError, PublishError


class IncidentEditError(DarksiteError):
    """Raised when an incident file cannot be edited as asked; the file is left unchanged."""


class UnreadableYamlError(IncidentEditError):
    """Raised when an incident file to be edited is not one readable YAML mapping."""


class IncidentExistsError(DarksiteError):
    """Raised when ``new`` or ``activate --from`` would overwrite an existing incident file."""


class InvalidIdError(DarksiteError):
    """Raised when an incident id is not a slug that can be a file stem and a URL path."""


class TimeValueError(DarksiteError):
    """Raised when a time given on the command line cannot be read without guessing."""


@dataclass(frozen=True)
class PlaceholderUse:
    """One ``{{ name }}`` left in a file, where a person can find it."""

    name: str
    file: str
    line: int
    column: int

    def format_text(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: unfilled placeholder {{{{ {self.name} }}}}"


class UnfilledPlaceholdersError(DarksiteError):
    """Raised when ``activate`` finds placeholders with no value; carries every one."""

    def __init__(self, message: str, uses: Sequence[PlaceholderUse]) -> None:
        super().__init__(message)
        self.uses = list(uses)


class UnknownPlaceholderError(DarksiteError):
    """Raised when ``--set NAME=VALUE`` names a placeholder the file does not contain."""


class ApprovalChangedError(PublishError):
    """Raised when an active incident's approved fields changed since it was approved."""


class LeakError(PublishError):
    """Raised when a built release contains draft or internal text; it is never switched live."""


class NoReleaseError(PublishError):
    """Raised when ``rollback`` has no earlier complete release to return to."""
