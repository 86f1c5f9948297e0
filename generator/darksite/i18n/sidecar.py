"""Finding, reading and validating translation sidecars: ``incidents/<id>.<lang>.yaml``.

Read with the same :class:`~darksite.validation.Reader` as the source file,
so a sidecar gets the same located errors (unknown key with a suggestion,
wrong type, control characters, over-long title). Then it is compared
with its source: a list of another length is an error naming the item that
is missing or extra, and an update's optional ``at`` must be the source
update's, so a translation cannot slip one entry down the timeline.

A sidecar with errors is not used (its language falls back as the
translation policy says), but it never stops the source incident, nor any
other incident, from building.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from darksite.diagnostics import Diagnostic, Severity, display_path
from darksite.i18n.model import Translation
from darksite.model import SLUG_PATTERN, Incident, Location
from darksite.validation import LANG_RE, Reader
from darksite.yaml_source import Source, compose, decode, index_tree

SIDECAR_RE = re.compile(rf"(?P<id>{SLUG_PATTERN[1:-1]})\.(?P<lang>[A-Za-z0-9-]+)\.ya?ml")


def sidecar_parts(name: str) -> tuple[str, str] | None:
    """``(id, lang)`` of a sidecar file name, or None for anything else (an incident file)."""
    match = SIDECAR_RE.fullmatch(name)
    if match is None or not LANG_RE.fullmatch(match["lang"]):
        return None
    return match["id"], match["lang"]


def is_sidecar(path: Path) -> bool:
    """Whether ``path`` is a translation, which the incident loader must never take."""
    return sidecar_parts(path.name) is not None


def translation_files(incidents_dir: Path) -> list[Path]:
    """Every sidecar in the folder, sorted (what a publish must notice when it changes)."""
    if not incidents_dir.is_dir():
        return []
    return sorted(path for path in incidents_dir.iterdir()
                  if is_sidecar(path) and not path.name.startswith(".") and path.is_file())


def sidecar_path(incidents_dir: Path, incident_id: str, lang: str) -> Path:
    """Where the translation of ``incident_id`` into ``lang`` lives (``.yml`` if that exists)."""
    yml = incidents_dir / f"{incident_id}.{lang}.yml"
    return yml if yml.is_file() else incidents_dir / f"{incident_id}.{lang}.yaml"


@dataclass(frozen=True)
class Loaded:
    """One sidecar as read: the translation (None when it has errors) and its diagnostics."""

    lang: str
    file: str
    translation: Translation | None
    diagnostics: tuple[Diagnostic, ...]
    parsed: Translation | None = None
    """The sidecar as read even when it has errors against its source (for the text checks)."""


def load_translation_text(data: bytes, *, file: str, lang: str,
                          incident: Incident | None) -> Loaded:
    """One sidecar from its bytes, checked against ``incident`` when given."""
    source = Source(file=file)
    text = decode(data, source)
    root = compose(text, source) if text is not None else None
    if text is None or root is None or index_tree(root, source) is None:
        return Loaded(lang, file, None, tuple(source.diagnostics))
    reader = Reader(source)
    translation = reader.record(root, Translation, "")
    if translation is None:
        return Loaded(lang, file, None, tuple(source.diagnostics))
    translation = replace(
        translation, source=file, incident_id=incident.id if incident else "",
        locations=MappingProxyType({"": Location(*source.position(root.start_mark)),
                                    **reader.locations}))
    found = list(source.diagnostics)
    if translation.lang != lang:
        found.append(_at(translation, "lang", "translation-lang-mismatch",
                         f"this file says lang: {translation.lang}, but its name says {lang}",
                         f"set lang: {lang}, or rename the file"))
    if incident is not None:
        found.extend(compare(translation, incident))
    if any(d.is_error and d.code not in USABLE_DESPITE for d in found):
        return Loaded(lang, file, None, tuple(found), parsed=translation)
    return Loaded(lang, file, translation, tuple(found), parsed=translation)


def _at(translation: Translation, path: str, code: str, message: str, hint: str,
        severity: Severity = Severity.ERROR) -> Diagnostic:
    where = translation.location(path)
    return Diagnostic(file=translation.source, line=where.line, column=where.column,
                      severity=severity, code=code, path=path, message=message, hint=hint)


def _label(incident: Incident, key: str, index: int) -> str:
    """A few words naming a source item, so the translator knows which one is meant."""
    item = getattr(incident, key)[index]
    if key == "updates":
        return f"the update of {item.at.isoformat()}"
    words = {"actions": lambda a: a.step, "contacts": lambda c: c.label,
             "faq": lambda f: f.q}.get(key, str)(item)
    words = " ".join(str(words).split())
    return "'" + (words if len(words) <= 60 else words[:57] + "...") + "'"


USABLE_DESPITE = frozenset({"translation-list-short"})
"""Errors after which the sidecar is still used: items missing at the end of a list are
shown in the source language (as policy says), the rest of the translation as written."""

LISTS = ("affected", "advice", "actions", "updates", "contacts", "faq")


def compare(translation: Translation, incident: Incident) -> Iterable[Diagnostic]:
    """Errors where the sidecar's shape does not mirror its source incident."""
    for key in LISTS:
        mine: Sequence[object] = getattr(translation, key)
        theirs: Sequence[object] = getattr(incident, key)
        if not mine or len(mine) == len(theirs):
            continue
        if len(mine) < len(theirs):
            missing = ", ".join(f"{key}[{i}] ({_label(incident, key, i)})"
                                for i in range(len(mine), len(theirs)))
            yield _at(translation, key, "translation-list-short",
                      f"{key} has {len(theirs)} item(s) in {incident.source} but {len(mine)} "
                      f"here: missing {missing}",
                      "translate the missing item(s) and add them in the same order; "
                      "items mirror the source one by one")
        else:
            yield _at(translation, f"{key}[{len(theirs)}]", "translation-list-length",
                      f"{key} has {len(theirs)} item(s) in {incident.source} but {len(mine)} "
                      f"here: {key}[{len(theirs)}] and after have no source item",
                      "remove the extra item(s), or add them to the source file first")
    for index, (mine_update, source_update) in enumerate(
            zip(translation.updates, incident.updates, strict=False)):
        if mine_update.at is not None and mine_update.at != source_update.at:
            yield _at(translation, f"updates[{index}].at", "translation-misaligned",
                      f"updates[{index}] says at: {mine_update.at.isoformat()}, but the "
                      f"source's updates[{index}] is at {source_update.at.isoformat()}",
                      "put each translated update at the position of its source update")


def load_translations(incidents_dir: Path, incident: Incident, languages: Sequence[str],
                      root: Path) -> dict[str, Loaded]:
    """The sidecars of ``incident`` for each declared language that has one."""
    found: dict[str, Loaded] = {}
    for lang in languages:
        path = sidecar_path(incidents_dir, incident.id, lang)
        if not path.is_file():
            continue
        file = display_path(path, root)
        try:
            data = path.read_bytes()
        except OSError as error:
            found[lang] = Loaded(lang, file, None, (Diagnostic(
                file=file, line=1, column=1, severity=Severity.ERROR, code="unreadable",
                path="", message=f"cannot read the translation: {error.strerror}",
                hint=f"give the user running darksite read access (ls -l {file})"),))
            continue
        found[lang] = load_translation_text(data, file=file, lang=lang, incident=incident)
    return found


def stray_sidecars(incidents_dir: Path, incidents: Iterable[Incident], languages: Sequence[str],
                   root: Path) -> list[Diagnostic]:
    """Warnings for sidecars of no known incident, or of an undeclared language."""
    if not incidents_dir.is_dir():
        return []
    ids = {incident.id for incident in incidents}
    found = []
    for path in sorted(incidents_dir.iterdir()):
        parts = sidecar_parts(path.name)
        if parts is None or path.name.startswith("."):
            continue
        incident_id, lang = parts
        file = display_path(path, root)
        if incident_id not in ids:
            found.append(Diagnostic(
                file=file, line=1, column=1, severity=Severity.WARNING,
                code="translation-orphan", path="",
                message=f"a translation of '{incident_id}', but no incident has that id",
                hint="rename it to match its incident, or remove it"))
        elif lang not in languages:
            found.append(Diagnostic(
                file=file, line=1, column=1, severity=Severity.WARNING,
                code="translation-undeclared", path="",
                message=f"a translation into {lang}, which mkdocs.yml does not declare, so "
                        "it is not published",
                hint=f"add {lang} to languages: others: under the darksite plugin"))
    return found
