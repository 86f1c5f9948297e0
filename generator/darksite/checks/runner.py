"""Run every enabled rule over every incident, locate the findings, apply suppressions.

Suppressions (the incident's ``suppress:`` list of ``{rule, path, reason}``)
silence one rule at one key path and never an error: a structural or
must-not-publish problem cannot be argued away in the file it is in. A
suppression that names an unknown rule, or no longer matches anything, is
reported, so that a stale exception cannot hide the next problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import cast

from darksite.checks.cache import TIMED, CheckCache
from darksite.checks.jurisdictions import unknown_jurisdictions
from darksite.checks.memos import forget_text_memos, forget_word_memos
from darksite.checks.registry import RULES, THEMES, CheckContext, Finding, Rule
from darksite.checks.social import social_image_problems
from darksite.checks.text import IncidentText, is_english
from darksite.diagnostics import Diagnostic, Severity
from darksite.model import Incident
from darksite.settings import Settings

SETTINGS_FILE = "mkdocs.yml"


def enabled_rules(settings: Settings) -> list[Rule]:
    """The rules not disabled by code or by theme in ``checks: {disable: [...]}``."""
    disabled = settings.checks.disabled
    return [r for r in RULES.values() if r.code not in disabled and r.theme not in disabled]


def run_checks(
    incidents: Sequence[Incident], settings: Settings, now: datetime, *,
    cache_dir: Path | None = None,
) -> list[Diagnostic]:
    """Every message-quality diagnostic for ``incidents``; ``settings.checks`` tunes the rules.

    With ``cache_dir``, the findings of an unchanged incident are taken from
    :mod:`darksite.checks.cache`, except those of rules that read the clock.
    """
    context = CheckContext(settings=settings, now=now)
    rules = enabled_rules(settings)
    english_rules = [r for r in rules if not r.english_only]
    found: list[Diagnostic] = list(_unknown_disabled_codes(settings))
    found.extend(social_image_problems(settings))
    found.extend(unknown_jurisdictions(settings))
    cache = CheckCache(cache_dir, settings) if cache_dir is not None else None
    for incident in incidents:
        applicable = rules if is_english(incident, settings) else english_rules
        key = cache.key(incident) if cache is not None else ""
        stored = cache.get(key) if cache is not None else None
        made: dict[str, tuple[Finding, ...] | None] = {}
        diagnostics: list[Diagnostic] = []
        for r in applicable:
            findings = stored.get(r.code, TIMED) if stored is not None else TIMED
            if findings is TIMED:
                watched = _ClockWatch(context)
                findings = tuple(r.function(incident, cast(CheckContext, watched)))
                made[r.code] = TIMED if watched.read_clock else findings
            else:
                made[r.code] = findings
            diagnostics.extend(_locate(incident, r, finding) for finding in findings)
        context.forget(incident)
        forget_text_memos()
        if cache is not None:
            cache.put(key, made)
        found.extend(_apply_suppressions(incident, diagnostics, {r.code for r in applicable}))
    if cache is not None:
        cache.save()
    forget_word_memos()
    return found


class _ClockWatch:
    """The run's context for one rule, noting whether the rule read ``now``.

    A rule that read the clock may find something else at another moment, so
    its findings are never reused (:mod:`darksite.checks.cache`).
    """

    def __init__(self, context: CheckContext) -> None:
        self._context = context
        self.settings = context.settings
        self.read_clock = False

    @property
    def now(self) -> datetime:
        self.read_clock = True
        return self._context.now

    def texts(self, incident: Incident) -> IncidentText:
        return self._context.texts(incident)

    def forget(self, incident: Incident) -> None:
        self._context.forget(incident)


def _locate(incident: Incident, rule: Rule, finding: Finding) -> Diagnostic:
    where = incident.location(finding.path)
    line, column = (finding.line, 1) if finding.line else (where.line, where.column)
    return Diagnostic(
        file=incident.source, line=line, column=column, severity=finding.severity,
        code=rule.code, path=finding.path, message=finding.message, hint=finding.hint,
    )


def _apply_suppressions(
    incident: Incident, diagnostics: list[Diagnostic], applied_codes: set[str]
) -> Iterable[Diagnostic]:
    if not incident.suppress:
        return diagnostics
    wanted = {(s.rule, s.path) for s in incident.suppress}
    used: set[tuple[str, str]] = set()
    kept = []
    for diagnostic in diagnostics:
        key = (diagnostic.code, diagnostic.path)
        if key in wanted and not diagnostic.is_error:
            used.add(key)
            continue
        kept.append(diagnostic)
    errors = {(d.code, d.path) for d in diagnostics if d.is_error}
    for index, suppression in enumerate(incident.suppress):
        key = (suppression.rule, suppression.path)
        path = f"suppress[{index}]"
        if suppression.rule not in RULES:
            kept.append(_note(incident, path, "suppression-unknown-rule",
                              f"'{suppression.rule}' is not a check code",
                              "see docs/checks.md for the codes; fix the rule or remove the "
                              "entry"))
        elif key in errors:
            kept.append(_note(incident, path, "suppression-unused",
                              f"{suppression.rule} at {suppression.path} is an error, and "
                              "errors cannot be suppressed", "fix the text instead"))
        elif suppression.rule in applied_codes and key not in used:
            kept.append(_note(incident, path, "suppression-unused",
                              f"nothing to suppress: {suppression.rule} finds no problem at "
                              f"{suppression.path}",
                              "remove this entry, so that it cannot hide a future problem"))
    return kept


def _note(incident: Incident, path: str, code: str, message: str, hint: str) -> Diagnostic:
    where = incident.location(path)
    return Diagnostic(file=incident.source, line=where.line, column=where.column,
                      severity=Severity.WARNING, code=code, path=path, message=message,
                      hint=hint)


def _unknown_disabled_codes(settings: Settings) -> Iterable[Diagnostic]:
    """A typo in ``disable:`` would silently keep a rule on; say so."""
    for code in sorted(settings.checks.disabled):
        if code not in RULES and code not in THEMES:
            yield Diagnostic(
                file=SETTINGS_FILE, line=1, column=1, severity=Severity.WARNING,
                code="unknown-check-code", path="plugins.darksite.checks.disable",
                message=f"'{code}' is neither a check code nor a theme",
                hint="see docs/checks.md for the codes and themes",
            )
