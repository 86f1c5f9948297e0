"""Diagnostics: every problem darksite reports, located and with a way out.

A diagnostic is data, not an exception, so that the loader and the checks can
collect every problem of every file in one pass and the user fixes them all at
once instead of one per build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """An error stops a build; a warning is shown and stops only ``check --strict``;
    an info is advice (an optional key worth filling) that never fails anything."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, kw_only=True)
class Diagnostic:
    """One problem at one place in one file.

    ``file`` is relative to the project root, ``line`` and ``column`` are
    1-based, ``path`` is the key path (``actions[1].step``, empty for the whole
    file), ``code`` is stable kebab-case that scripts may match on.
    """

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    path: str
    message: str
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    def format_text(self) -> str:
        """``file:line:col: severity[code] path: message (hint)``, the compiler-style line."""
        where = f"{self.path}: " if self.path else ""
        text = f"{self.file}:{self.line}:{self.column}: {self.severity}[{self.code}] {where}"
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape of ``darksite check --format json``."""
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


def display_path(path: Path, root: Path) -> str:
    """``path`` as diagnostics name it: relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    return (diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.code)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """File order, then line order: the order a person fixes them in."""
    return sorted(diagnostics, key=sort_key)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)
