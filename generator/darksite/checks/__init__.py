"""Message-quality checks (stub: being written)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from darksite.diagnostics import Diagnostic
from darksite.model import Incident
from darksite.settings import CheckSettings


def run_checks(
    incidents: Sequence[Incident], settings: CheckSettings, now: datetime
) -> list[Diagnostic]:
    """Every message-quality diagnostic for ``incidents``."""
    return []
