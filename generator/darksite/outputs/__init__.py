"""Channel outputs (stub: being written)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from darksite.model import Incident
from darksite.settings import Settings


def write_outputs(site_dir: Path, incidents: Sequence[Incident], settings: Settings) -> None:
    """Write feeds, status JSON, lite pages and hosting files for ``incidents`` (public only)."""
