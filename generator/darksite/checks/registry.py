"""The one registry of message-quality rules.

Each rule is a small named function in a theme module (``apology.py``,
``actions.py``...) registered with :func:`rule`. A rule receives one incident
and a :class:`CheckContext` and yields :class:`Finding` values: only the key
path, the message and the hint. The runner turns them into located
:class:`~darksite.diagnostics.Diagnostic` values, so every rule reports the
same way and none can forget its code, file or line.

Codes are stable kebab-case: ``mkdocs.yml`` disables them by code, incident
files suppress them by code, and scripts match on them. Never rename one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from darksite.checks.text import IncidentText
from darksite.diagnostics import Severity
from darksite.model import Incident
from darksite.settings import Settings

THEMES = (
    "apology", "actions", "timeliness", "placeholders", "consistency", "tone", "readability",
    "channels", "resolution", "completeness",
)
"""Rule groups; a theme name in ``checks: {disable: [...]}`` disables every rule in it."""


@dataclass(frozen=True)
class CheckContext:
    """What a rule may know besides the incident: the site settings and the current time.

    :meth:`texts` gathers an incident's texts once per run for all rules.
    """

    settings: Settings
    now: datetime
    _texts: dict[int, IncidentText] = field(default_factory=dict, compare=False, repr=False)

    def texts(self, incident: Incident) -> IncidentText:
        """The incident's texts (computed on first use in this run)."""
        key = id(incident)
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = IncidentText.of(incident)
        return found

    def forget(self, incident: Incident) -> None:
        """Drop the texts of an incident whose rules have all run (keeps memory flat)."""
        self._texts.pop(id(incident), None)


@dataclass(frozen=True)
class Finding:
    """One problem a rule found: where (key path), what, and how to fix it."""

    path: str
    message: str
    hint: str | None = None
    severity: Severity = Severity.WARNING
    line: int | None = None
    """The exact line, when the rule knows better than the key's own (a sentence in a block)."""


RuleFunction = Callable[[Incident, CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its stable code, its theme and the function that applies it.

    ``english_only`` rules judge English wording; they are skipped for an
    incident whose language (its ``lang`` or the site's) is not English,
    because their word lists would only produce noise there.
    """

    code: str
    theme: str
    summary: str
    function: RuleFunction
    english_only: bool = False


RULES: dict[str, Rule] = {}
"""Every rule by code, in registration order (theme modules import order)."""


def rule(code: str, *, theme: str, summary: str,
         english_only: bool = False) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as the rule ``code``; the function stays callable."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}")

    def register(function: RuleFunction) -> RuleFunction:
        if code in RULES:
            raise ValueError(f"rule code {code!r} registered twice")
        RULES[code] = Rule(code=code, theme=theme, summary=summary, function=function,
                           english_only=english_only)
        return function

    return register
