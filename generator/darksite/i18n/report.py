"""What ``darksite check`` says about translations: per language, located in the sidecar.

Kept out of :func:`darksite.checks.run_checks` on purpose: those findings
decide whether a publish holds an incident, and a translation must never
stop a build or hold a publish except as ``translation_policy: strict``
says (that decision is :func:`hold_reason`, called by the publish
selection). The English wording rules (apology, tone, vague actions,
readability) say in their summary that they are English-only; the checks
here apply to every language: the sidecar's structure (the loader),
placeholders, channel lengths (SMS in GSM-7 or UCS-2, with its segment
cost), figures that must agree with the source, and parity with how long
each translation has been pending.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from darksite import textlength
from darksite.diagnostics import Diagnostic, Severity
from darksite.i18n.agreement import disagreement
from darksite.i18n.leaves import source_leaves
from darksite.i18n.parity import LanguageParity, format_span, incident_parity
from darksite.i18n.sidecar import Loaded, load_translations, stray_sidecars
from darksite.model import PLACEHOLDER_PATTERN, Incident
from darksite.settings import Settings

SMS_SEGMENT_GSM7 = 153
SMS_SEGMENT_UCS2 = 67
"""Characters per segment of a message of more than one segment (the rest is the header)."""


def sms_segments(text: str) -> tuple[str, int]:
    """The encoding an SMS goes in and how many segments (messages billed) it costs."""
    length = textlength.channel_length("sms", text)
    if textlength.is_gsm7(text):
        return "GSM-7", 1 if length <= textlength.SMS_GSM7_LIMIT else -(-length // SMS_SEGMENT_GSM7)
    return "UCS-2", 1 if length <= textlength.SMS_UCS2_LIMIT else -(-length // SMS_SEGMENT_UCS2)


def _diag(file: str, line: int, column: int, severity: Severity, code: str, path: str,
          message: str, hint: str | None) -> Diagnostic:
    return Diagnostic(file=file, line=line, column=column, severity=severity, code=code,
                      path=path, message=message, hint=hint)


def _shown(paths: Sequence[str], limit: int = 6) -> str:
    head = ", ".join(paths[:limit])
    return head + (f" and {len(paths) - limit} more" if len(paths) > limit else "")


def parity_diagnostics(incident: Incident, parity: LanguageParity, settings: Settings,
                       now: datetime) -> Iterable[Diagnostic]:
    """One line per language that is not complete, saying how long it has been pending."""
    if parity.complete:
        return
    strict = settings.translation_policy == "strict"
    public = incident.is_public
    severity = Severity.WARNING if public else Severity.INFO
    file = parity.file or incident.source
    where = incident.location("") if parity.file is None else None
    line, column = (where.line, where.column) if where else (1, 1)
    pending = (f"pending for {format_span((now - parity.since).total_seconds())}"
               if parity.since is not None and public else "to do")
    consequence = ("translation_policy strict: this incident's publish is held until it is done"
                   if strict else "the source text is shown there with a 'translation to "
                   "follow' note") if public else "a draft: needed before it goes live"
    parts = []
    if parity.missing:
        parts.append(f"missing {_shown(parity.missing)}")
    if parity.stale:
        parts.append(f"stale (source changed since) {_shown(parity.stale)}")
    if parity.unconfirmed:
        parts.append(f"not confirmed against the source {_shown(parity.unconfirmed)}")
    hint = (f"darksite translations {incident.id} lists them; after translating, run "
            f"darksite translations {incident.id} --done {parity.lang}")
    if parity.file is None:
        hint = (f"create incidents/{incident.id}.{parity.lang}.yaml (darksite translations "
                f"{incident.id} --start {parity.lang} writes a skeleton)")
    yield _diag(file, line, column, severity, "translation-pending", "",
                f"{parity.lang}: {'; '.join(parts)}; {pending}; {consequence}", hint)


def text_diagnostics(incident: Incident, loaded: Loaded) -> Iterable[Diagnostic]:
    """Figures that disagree with the source, placeholders, and channel lengths, per text."""
    translation = loaded.parsed
    if translation is None:
        return
    from darksite.i18n.leaves import leaves

    source = source_leaves(incident)
    for path, text in leaves(translation):
        where = translation.location(path)
        original = source.get(path)
        if original is not None:
            only_source, only_here = disagreement(original, text)
            if only_source or only_here:
                said = []
                if only_here:
                    said.append("this says " + ", ".join(sorted(only_here)))
                if only_source:
                    said.append("the source says " + ", ".join(sorted(only_source)))
                yield _diag(loaded.file, where.line, where.column, Severity.ERROR,
                            "translation-numbers", path,
                            f"the figures do not agree with {incident.source}: "
                            + " where ".join(said),
                            "copy every number, date and time exactly from the source text")
        if incident.is_public and PLACEHOLDER_PATTERN.search(text):
            yield _diag(loaded.file, where.line, where.column, Severity.ERROR,
                        "translation-placeholder", path,
                        "an unfilled placeholder in the translation of a live incident",
                        "write the fact the source has there")
        if path.startswith("channels."):
            channel = path.removeprefix("channels.")
            if channel == "sms":
                encoding, segments = sms_segments(text)
                if segments > 1:
                    yield _diag(loaded.file, where.line, where.column, Severity.WARNING,
                                "translation-sms-segments", path,
                                f"the {translation.lang} SMS goes as {encoding} and costs "
                                f"{segments} segments per recipient "
                                f"({textlength.channel_length('sms', text)} characters; one "
                                f"{encoding} segment holds "
                                f"{textlength.channel_limit('sms', text)})",
                                "shorten it to one segment, or accept the cost")
                else:
                    yield _diag(loaded.file, where.line, where.column, Severity.INFO,
                                "translation-sms-segments", path,
                                f"the {translation.lang} SMS goes as {encoding}: 1 segment", None)
            elif (textlength.has_limit(channel)
                  and not textlength.fits(channel, text)):
                yield _diag(loaded.file, where.line, where.column, Severity.ERROR,
                            "translation-too-long", path,
                            f"{textlength.channel_length(channel, text)} characters on "
                            f"{channel}, over its limit of "
                            f"{textlength.channel_limit(channel, text)}",
                            "shorten the translation")


def english_only_notes(settings: Settings) -> list[Diagnostic]:
    """One note per declared language: the English wording rules do not read it."""
    from darksite.checks.registry import RULES

    codes = sorted(code for code, rule in RULES.items() if rule.english_only)
    if not codes:
        return []
    more = f" and {len(codes) - 5} more" if len(codes) > 5 else ""
    return [_diag("mkdocs.yml", 1, 1, Severity.INFO, "english-only-rules", "",
                  f"{lang}: the English-only wording checks ({', '.join(codes[:5])}{more}) do not "
                  f"read the {lang} translations; the structure, figures, lengths and parity "
                  "checks do", "have a fluent reviewer read the apology and the tone")
            for lang in settings.languages]


def translation_diagnostics(incidents: Sequence[Incident], settings: Settings,
                            now: datetime) -> list[Diagnostic]:
    """Everything ``check`` reports about the translations of ``incidents``."""
    if not settings.languages:
        return []
    found: list[Diagnostic] = list(
        stray_sidecars(settings.incidents_dir, incidents, settings.languages, settings.root))
    found.extend(english_only_notes(settings))
    for incident in incidents:
        if incident.id in settings.languages:
            where = incident.location("id")
            found.append(_diag(incident.source, where.line, where.column, Severity.ERROR,
                               "language-id-clash", "id",
                               f"the id '{incident.id}' is also a declared language: /"
                               f"{incident.id}/ holds that language's pages",
                               "choose another id, and rename the file to match"))
        loaded = _sidecars(incident, settings)
        for each in loaded.values():
            found.extend(each.diagnostics)
            found.extend(text_diagnostics(incident, each))
        for parity in incident_parity(incident, settings.languages, loaded).values():
            found.extend(parity_diagnostics(incident, parity, settings, now))
    return found


def _sidecars(incident: Incident, settings: Settings) -> dict[str, Loaded]:
    return load_translations(settings.incidents_dir, incident, settings.languages,
                             settings.root)


def hold_reason(incident: Incident, settings: Settings) -> str | None:
    """Why ``translation_policy: strict`` holds this incident's publish, or None."""
    if settings.translation_policy != "strict" or not settings.languages or not (
            incident.is_public):
        return None
    loaded = _sidecars(incident, settings)
    parities = incident_parity(incident, settings.languages, loaded)
    gaps = []
    for lang, parity in parities.items():
        wrong = [d for d in text_diagnostics(incident, loaded[lang]) if d.is_error] if (
            lang in loaded) else []
        if not parity.complete or wrong or (lang in loaded and loaded[lang].translation is None):
            gaps.append(f"{lang}: {_shown(parity.to_do, 3) or 'errors in ' + str(parity.file)}")
    if not gaps:
        return None
    return ("translation_policy strict, translations not complete ("
            + "; ".join(gaps) + f"); see darksite translations {incident.id}")


def sidecar_files(incident: Incident, settings: Settings) -> list[Path]:
    """The sidecar files of ``incident`` that exist, for the declared languages."""
    from darksite.i18n.sidecar import sidecar_path

    return [path for lang in settings.languages
            if (path := sidecar_path(settings.incidents_dir, incident.id, lang)).is_file()]
