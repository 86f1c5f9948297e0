"""Shared helpers of the hostile-input tests: the real loader on a text, errors as tuples."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from darksite.diagnostics import Diagnostic
from darksite.loader import load_incident_text
from darksite.model import Incident

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
"""The suite's one moment (tests/conftest.py TEST_NOW)."""

DRAFT = (
    "id: x1\n"
    "title: Water supply interrupted\n"
    "status: draft\n"
    "summary: A burst main cut the water supply to homes in Eastfield.\n"
    "statement: |\n"
    "  We are repairing the main.\n"
)
"""A minimal valid draft: line 1 id, 2 title, 3 status, 4 summary, 5-6 statement."""


def load(text: str | bytes, name: str = "x1.yaml",
         docs_dir: Path | None = None) -> tuple[Incident | None, list[Diagnostic]]:
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    return load_incident_text(data, file=f"incidents/{name}", docs_dir=docs_dir, now=NOW)


def errors(text: str | bytes, name: str = "x1.yaml",
           docs_dir: Path | None = None) -> list[tuple[str, int, int, str]]:
    """Every error of the file as (code, line, column, key path), in file order."""
    _, found = load(text, name, docs_dir)
    return [(d.code, d.line, d.column, d.path) for d in found if d.is_error]


def messages(text: str | bytes, name: str = "x1.yaml") -> list[str]:
    _, found = load(text, name)
    return [d.format_text() for d in found if d.is_error]
