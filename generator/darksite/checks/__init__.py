"""Message-quality checks: the rules of crisis-communication practice, as diagnostics.

Structural validity is the loader's job; these rules judge whether a valid
incident says the right thing well (a real apology, concrete actions, no going
dark, no leftover markers, consistent facts, a calm tone, readable text).
Each rule lives in its theme module and registers itself in
:mod:`darksite.checks.registry`; importing this package imports them all.
``docs/checks.md`` documents every code.
"""

from __future__ import annotations

from darksite.checks import (  # noqa: F401  (importing registers the rules)
    actions,
    apology,
    channels,
    completeness,
    consistency,
    placeholders,
    readability,
    resolution,
    review,
    timeliness,
    tone,
)
from darksite.checks.registry import RULES, CheckContext, Finding, Rule
from darksite.checks.runner import enabled_rules, run_checks

__all__ = ["RULES", "CheckContext", "Finding", "Rule", "enabled_rules", "run_checks"]
