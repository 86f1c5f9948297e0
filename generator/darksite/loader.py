"""Loader (stub: being written). See the signatures: they are the contract."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from darksite.diagnostics import Diagnostic
from darksite.model import Incident


@dataclass(frozen=True)
class LoadResult:
    incidents: tuple[Incident, ...]
    diagnostics: tuple[Diagnostic, ...]


def load_incidents(
    incidents_dir: Path, *, root: Path, docs_dir: Path | None = None, now: datetime | None = None
) -> LoadResult:
    """Every incident file in ``incidents_dir``; files with errors yield diagnostics only."""
    return LoadResult(incidents=(), diagnostics=())


def load_incident_text(
    data: bytes, *, file: str, docs_dir: Path | None = None, now: datetime | None = None
) -> tuple[Incident | None, list[Diagnostic]]:
    """One incident from raw bytes; ``file`` is the name diagnostics use."""
    return None, []
