"""Message-quality checks (stub: being written)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from darksite.diagnostics import Diagnostic
from darksite.model import Incident
from darksite.settings import Settings


def run_checks(
    incidents: Sequence[Incident], settings: Settings, now: datetime
) -> list[Diagnostic]:
    """Every message-quality diagnostic for ``incidents``; ``settings.checks`` tunes the rules."""
    return []
