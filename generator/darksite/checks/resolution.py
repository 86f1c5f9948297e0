"""Resolution rules: once an incident is resolved, its words must stop saying it is going on.

A resolved page is the public record. If its summary still says "we do not
yet know when service will be back", its actions are "in progress" and it
promises a next update, the record is false the moment the badge says
"Resolved". These rules find each such claim. ``darksite check`` reports
them as warnings on resolved incidents (a page already public is never held
back for them); ``darksite resolve`` runs the same rules on the text it is
about to write and refuses while any remains (:func:`blocking_findings`).

Each claim ends in one of three ways: the sentence is rewritten; the action
is marked ``done`` (with ``done_at``) or ``carried_over: true`` (a follow-up
that goes on after the incident, with a ``due`` date); or the words are kept
on purpose, listed under ``resolution.kept`` with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from darksite.checks.memos import text_memo
from darksite.checks.registry import CheckContext, Finding, rule
from darksite.checks.text import Field, Gated, field_prose, sentences
from darksite.model import ActionStatus, Incident, KeptClaim, Status

CLAIMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), why) for pattern, why in (
        (r"\b(?:do|does) not (?:yet )?know\b|\bdon't (?:yet )?know\b"
         r"|\b(?:is|are) not (?:yet )?known\b|\bnot yet (?:known|clear|confirmed|sure)\b",
         "says something is not known yet"),
        (r"\b(?:is|are) (?:still )?(?:ongoing|continuing)\b", "says it is still going on"),
        (r"\b(?:currently|right now|at the moment|at present)\b", "speaks of the present"),
        (r"\bwe are (?:still )?(?:investigating|working on|working to|looking into|trying to)\b",
         "says the work is still going on"),
        (r"\buntil further notice\b", "promises something until further notice"),
        (r"\buntil (?:service|it|this|everything|every \w+|power|supply|the \w+) "
         r"(?:is|are) (?:back|fixed|restored|resolved|over|safe)\b",
         "promises something until the incident ends"),
        (r"\b(?:service|it|they|lines?|systems?|sites?|services?|stations?) (?:is|are|remains?) "
         r"still (?:down|unavailable|offline|closed)\b|\bremains? (?:down|unavailable|closed)\b",
         "says something is still down"),
        (r"\bsince\b[^.;]*\b(?:have|has) (?:had no|been without)\b",
         "says people are still without, since a moment"),
        (r"\bnext update\b|\b(?:will|we'll) (?:update this page|keep you (?:informed|updated))\b",
         "promises further updates"),
    )
)
"""Phrases that are only true while an incident goes on, each with why it is flagged."""

_ANCHORS: tuple[tuple[str, ...], ...] = (
    ("know", "not yet"), ("ongoing", "continuing"),
    ("currently", "right now", "at the moment", "at present"), ("we are",),
    ("until further notice",), ("until",), ("still", "remain"), ("since",),
    ("next update", "update this page", "keep you"),
)
"""For each of :data:`CLAIMS`, in order, words any of its matches contains (lower case).

A sentence is lower-cased once and searched for these with ``in``, which
runs in C; a claim's pattern (case-blind, with many alternatives: some
17 microseconds a search) runs only where one is found. Keep them
complete: ``tests/test_resolution.py`` runs every pattern both ways."""

GATED_CLAIMS: tuple[tuple[Gated, str], ...] = tuple(
    (Gated(pattern, anchors), why)
    for (pattern, why), anchors in zip(CLAIMS, _ANCHORS, strict=True))

BLOCKING = ("resolved-open-claim", "resolved-open-action", "resolved-next-update",
            "resolution-missing", "resolution-kept-unused")
"""The codes ``darksite resolve`` refuses on: each is a false or stale statement once resolved."""

_KEPT_HINT = ("rewrite it as it stands now (\"From 06:02 to 15:47, 61,000 customers had no "
              "broadband\"; \"We found the cause at 11:20: ...\"), or, if it stays true, keep "
              "it with a reason under resolution.kept: {path: %s, words: \"%s\", reason: ...}")


def claim_fields(incident: Incident) -> list[Field]:
    """The texts a resolution can make false: the incident's standing words, not its timeline.

    Updates are dated ("Next update by 12:00" was true at 10:00), so they
    stay as written; the title and the actions have their own rules.
    """
    fields = [Field("summary", incident.summary), Field("statement", incident.statement, True)]
    fields += [Field(f"advice[{i}]", step) for i, step in enumerate(incident.advice)]
    if incident.apology is not None:
        fields.append(Field("apology.text", incident.apology.text, True))
    fields += [Field(f"faq[{i}].a", entry.a, True) for i, entry in enumerate(incident.faq)]
    if incident.spokesperson is not None and incident.spokesperson.quote:
        fields.append(Field("spokesperson.quote", incident.spokesperson.quote, True))
    return fields


def _normal(text: str) -> str:
    """Lower case, one space, no bold marks, no "..." where a quoted excerpt was cut."""
    return " ".join(text.lower().replace("**", "").split()).removesuffix("...").strip()


@dataclass(frozen=True)
class Claim:
    """One sentence that reads as ongoing, where it stands and why it was flagged."""

    path: str
    sentence: str
    words: str
    why: str


def open_claims(incident: Incident) -> list[Claim]:
    """Every sentence of :func:`claim_fields` matching :data:`CLAIMS` (the first match each)."""
    found = []
    for field in claim_fields(incident):
        text = field_prose(field)
        lower = text.lower()
        # A sentence can only hold a claim whose anchor its field holds.
        possible = [(gated, why) for gated, why in GATED_CLAIMS if gated.possible(lower)]
        if not possible:
            continue
        for sentence in sentences(text):
            lower = sentence.lower()
            for gated, why in possible:
                match = gated.pattern.search(sentence) if gated.possible(lower) else None
                if match:
                    found.append(Claim(field.path, sentence, match.group(0), why))
                    break
    return found


def _kept(claim: Claim, kept: tuple[KeptClaim, ...]) -> KeptClaim | None:
    sentence = _normal(claim.sentence)
    for entry in kept:
        words = _normal(entry.words)
        if entry.path == claim.path and words and (words in sentence or sentence in words):
            return entry
    return None


def _shown(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 3].rstrip() + "..."


_WRITTEN: dict[str, str] = {}
"""File text about to be written, by source name: :func:`blocking_findings` locates in it."""


def _line_of(incident: Incident, context: CheckContext, path: str, words: str) -> int | None:
    """The file line where ``words`` stand in the value of ``path`` (a phrase may wrap)."""
    text = _WRITTEN.get(incident.source)
    if text is None:
        source = Path(incident.source)
        text = _file_text(str(source if source.is_absolute()
                              else context.settings.root / source))
        if text is None:
            return None
    start_line = incident.location(path).line
    offset = 0
    for _ in range(start_line - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            offset = len(text) + 1
            break
    pattern = r"[\s*_>#-]+".join(re.escape(word) for word in words.split())
    match = re.search(pattern, text[offset:], re.IGNORECASE)
    return start_line + text[offset: offset + match.start()].count("\n") if match else None


@text_memo(16)
def _file_text(file: str) -> str | None:
    """A file's text, read once per incident, not once per claim."""
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _is_resolved(incident: Incident) -> bool:
    return incident.status is Status.RESOLVED


@rule("resolved-open-claim", theme="resolution", english_only=True,
      summary="A resolved incident whose words still say it is going on.")
def resolved_open_claim(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """"We do not yet know when service will be back" under a Resolved badge is false."""
    if not _is_resolved(incident):
        return
    kept = incident.resolution.kept if incident.resolution else ()
    for claim in open_claims(incident):
        if _kept(claim, kept) is not None:
            continue
        yield Finding(
            claim.path,
            f"the incident is resolved, but this {claim.why} (\"{claim.words}\"): "
            f"\"{_shown(claim.sentence)}\"",
            _KEPT_HINT % (claim.path, _shown(claim.sentence, 60)),
            line=_line_of(incident, context, claim.path, claim.words),
        )


@rule("resolution-kept-unused", theme="resolution",
      summary="A resolution.kept entry whose words are no longer in its field.")
def resolution_kept_unused(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A stale keep could excuse a different sentence written later; say so."""
    if incident.resolution is None or not incident.resolution.kept:
        return
    claims = open_claims(incident)
    fields = {field.path: _normal(field_prose(field)) for field in claim_fields(incident)}
    for index, entry in enumerate(incident.resolution.kept):
        path = f"resolution.kept[{index}]"
        if entry.path not in fields:
            yield Finding(path, f"'{entry.path}' is not a field whose words resolution checks",
                          "use summary, statement, advice[N], apology.text, faq[N].a or "
                          "spokesperson.quote, or remove the entry")
        elif not any(_kept(claim, (entry,)) for claim in claims):
            yield Finding(path, f"nothing to keep: \"{_shown(entry.words, 60)}\" no longer "
                          f"reads as ongoing in {entry.path}",
                          "remove this entry, so that it cannot excuse a future sentence")


@rule("resolved-open-action", theme="resolution",
      summary="An action of a resolved incident neither done nor carried over.")
def resolved_open_action(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """"In progress" on a closed incident: finished, or a follow-up that goes on? Say which."""
    if not _is_resolved(incident):
        return
    for index, action in enumerate(incident.actions):
        if action.is_open:
            yield Finding(
                f"actions[{index}].status",
                f"the incident is resolved, but this action is still {action.status}: "
                f"\"{_shown(action.step, 60)}\"",
                "if it is finished, set status: done and done_at:; if it goes on after the "
                "incident, set carried_over: true and a due: date (and reword the step if "
                "needed)")


@rule("carried-over-without-due", theme="resolution",
      summary="A carried-over action with no due date.")
def carried_over_without_due(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A follow-up readers are told goes on needs a date they can hold the organisation to."""
    for index, action in enumerate(incident.actions):
        if action.carried_over and action.status is not ActionStatus.DONE and action.due is None:
            yield Finding(f"actions[{index}].carried_over",
                          "this action goes on after the incident but says not by when",
                          "add due: with the date it will be done")


@rule("resolved-next-update", theme="resolution",
      summary="A resolved incident that still promises a next update.")
def resolved_next_update(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A closed page promising "next update at 18:00" makes readers wait for nothing."""
    if _is_resolved(incident) and incident.next_update is not None:
        yield Finding("next_update", "the incident is resolved, but it still promises a next "
                      f"update at {incident.next_update.isoformat()}",
                      "remove next_update: (darksite resolve does this itself)")


@rule("resolution-missing", theme="resolution",
      summary="A resolved incident without a resolution block.")
def resolution_missing(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """The first thing a reader of a closed incident needs: is it over, and must I still act?"""
    if _is_resolved(incident) and incident.resolution is None:
        yield Finding("status", "the incident is resolved, but its page does not say what "
                      "ended it or what readers still need to do",
                      "add resolution: {ended: \"...\", still_to_do: [...]} (darksite resolve "
                      "--ended TEXT writes ended for you; see "
                      "docs/format.md#resolution-a-darksite-extension)")


def blocking_findings(incident: Incident, context: CheckContext,
                      text: str | None = None) -> list[tuple[str, Finding]]:
    """What ``darksite resolve`` refuses on, by code, for the incident as it would be written.

    ``text`` is that file's new text (lines are found in it, not in the file
    on disk). The language rule of the runner applies: claims are judged in
    English only.
    """
    from darksite.checks.registry import RULES
    from darksite.checks.text import is_english

    english = is_english(incident, context.settings)
    found: list[tuple[str, Finding]] = []
    if text is not None:
        _WRITTEN[incident.source] = text
    try:
        for code in BLOCKING:
            the_rule = RULES[code]
            if the_rule.english_only and not english:
                continue
            found.extend((code, finding) for finding in the_rule.function(incident, context))
    finally:
        _WRITTEN.pop(incident.source, None)
    return found
