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

from darksite.checks.cache import TIMED, CheckCache, Stored
from darksite.checks.jurisdictions import unknown_jurisdictions
from darksite.checks.memos import forget_text_memos, forget_word_memos
from darksite.checks.registry import RULES, THEMES, CheckContext, Finding, Rule
from darksite.checks.social import social_image_problems
from darksite.checks.text import IncidentText, is_english
from darksite.diagnostics import Diagnostic, Severity
from darksite.halves import in_two_halves
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
    keys = [cache.key(incident) if cache is not None else "" for incident in incidents]
    stored = [cache.get(key) if cache is not None else None for key in keys]

    def applicable(incident: Incident) -> list[Rule]:
        return rules if is_english(incident, settings) else english_rules

    def run_all(batch: Sequence[tuple[Incident, Stored | None]]) -> list[Outcome]:
        return [_run_rules(incident, applicable(incident), known, context)
                for incident, known in batch]

    # The incidents nothing is known of take nearly all the time: on two free cores, half of
    # them are checked by a forked process (darksite.halves). The rest reuse the cache.
    fresh = [index for index, known in enumerate(stored) if known is None]
    outcomes: dict[int, Outcome] = dict(zip(fresh, in_two_halves(
        run_all, [(incidents[index], None) for index in fresh],
        min_items=PARALLEL_MIN_INCIDENTS), strict=True))
    for index, incident in enumerate(incidents):
        outcome = outcomes.pop(index, None)
        if outcome is None:
            outcome = run_all([(incident, stored[index])])[0]
        diagnostics = [_locate(incident, RULES[code], finding)
                       for code, (findings, _) in outcome.items() for finding in findings]
        if cache is not None:
            cache.put(keys[index], {code: TIMED if timed else findings
                                    for code, (findings, timed) in outcome.items()})
        found.extend(_apply_suppressions(incident, diagnostics, set(outcome)))
    if cache is not None:
        cache.save()
    forget_word_memos()
    return found


PARALLEL_MIN_INCIDENTS = 100
"""Below this many incidents to check afresh, a second process costs more than it saves."""

Outcome = dict[str, tuple[tuple[Finding, ...], bool]]
"""By rule code, in rule order: the rule's findings, and whether it read the clock."""


def _run_rules(incident: Incident, rules: Sequence[Rule], stored: Stored | None,
               context: CheckContext) -> Outcome:
    """Every rule's findings for ``incident``: taken from ``stored`` where the cache has them
    (and the rule did not read the clock), else found now."""
    outcome: Outcome = {}
    for r in rules:
        known = stored.get(r.code, TIMED) if stored is not None else TIMED
        if known is TIMED:
            watched = _ClockWatch(context)
            outcome[r.code] = (tuple(r.function(incident, cast(CheckContext, watched))),
                               watched.read_clock)
        else:
            outcome[r.code] = (known, False)
    context.forget(incident)
    forget_text_memos()
    return outcome


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
