"""Translation work on sidecar files: list what is to do, confirm, start, add an update.

The sidecar's ``translated:`` map is darksite's to write, like ``approval:``
in the source file: ``--done LANG`` records, for each text the sidecar has,
the digest of the source text it now translates, so that a later change of
the source text shows as stale. Everything else in a sidecar (the
translator's words and comments) is kept byte for byte: edits go through
:class:`~darksite.ops.yamledit.Document` and are written atomically under
the file's lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from darksite.diagnostics import display_path
from darksite.errors import InvalidIncidentsError
from darksite.i18n.leaves import digest, leaves, source_leaves
from darksite.i18n.parity import LanguageParity, format_span, language_parity
from darksite.i18n.sidecar import Loaded, load_translation_text, sidecar_path
from darksite.model import Incident
from darksite.ops.atomic import write_atomic
from darksite.ops.errors import IncidentEditError
from darksite.ops.incidents import IncidentFolder, validate
from darksite.ops.locking import incident_locked
from darksite.ops.moments import format_moment
from darksite.ops.yamledit import TIMESTAMP, Document, Field
from darksite.settings import Settings


@dataclass(frozen=True)
class LanguageState:
    """What ``darksite translations ID`` prints for one language."""

    parity: LanguageParity
    diagnostics: tuple[str, ...]

    def format_text(self, now: datetime) -> str:
        p = self.parity
        head = f"{p.lang}: " + (p.file or "no translation file yet")
        if p.complete:
            return head + f": complete ({len(p.current)} text(s) current)"
        lines = [head + f": {len(p.current)} current, {len(p.missing)} missing, "
                        f"{len(p.stale)} stale, {len(p.unconfirmed)} not confirmed"
                        + (f"; pending for {format_span((now - p.since).total_seconds())}"
                           if p.since is not None else "")]
        lines += [f"  missing      {path}" for path in p.missing]
        lines += [f"  stale        {path} (the source changed since it was translated)"
                  for path in p.stale]
        lines += [f"  unconfirmed  {path} (translated, never confirmed with --done)"
                  for path in p.unconfirmed]
        lines += [f"  {line}" for line in self.diagnostics]
        return "\n".join(lines)


def _source(folder: IncidentFolder, incident_id: str) -> Incident:
    path = folder.find(incident_id)
    file = folder.relative(path)
    incident, found = validate(folder, path.read_text(encoding="utf-8"), file=file)
    if incident is None:
        raise InvalidIncidentsError(f"{file} has errors; fix them first", found)
    return incident


def _load(folder: IncidentFolder, incident: Incident, lang: str) -> tuple[Path, Loaded | None]:
    path = sidecar_path(folder.incidents_dir, incident.id, lang)
    if not path.is_file():
        return path, None
    return path, load_translation_text(path.read_bytes(), file=folder.relative(path), lang=lang,
                                       incident=incident)


def states(folder: IncidentFolder, settings: Settings, incident_id: str) -> list[LanguageState]:
    """Every declared language's state for one incident."""
    if not settings.languages:
        raise IncidentEditError(
            "mkdocs.yml declares no other language: add languages: {others: [cy]} under the "
            "darksite plugin (docs/languages.md)")
    incident = _source(folder, incident_id)
    result = []
    for lang in settings.languages:
        _, loaded = _load(folder, incident, lang)
        parity = language_parity(incident, lang, loaded)
        shown = tuple(d.format_text() for d in (loaded.diagnostics if loaded else ())
                      if d.is_error)
        result.append(LanguageState(parity=parity, diagnostics=shown))
    return result


def _write(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def _with_digests(doc: Document, translated: dict[str, str]) -> Document:
    fields = [Field(path, value) for path, value in sorted(translated.items())]
    return doc.set_mapping("translated", fields) if fields else doc


def confirm(folder: IncidentFolder, settings: Settings, incident_id: str, lang: str) -> int:
    """``--done LANG``: record the source digest of every text the sidecar has; returns how many."""
    _declared(settings.languages, lang)
    incident = _source(folder, incident_id)
    path, loaded = _load(folder, incident, lang)
    if loaded is None:
        raise IncidentEditError(f"{folder.relative(path)} does not exist: start it with "
                                f"darksite translations {incident_id} --start {lang}")
    with incident_locked(path):
        path, loaded = _load(folder, incident, lang)
        if loaded is None or loaded.translation is None:
            errors = [d for d in (loaded.diagnostics if loaded else ()) if d.is_error]
            raise InvalidIncidentsError(f"{folder.relative(path)} has errors; fix them before "
                                        "confirming it (nothing was changed)", errors)
        source = source_leaves(incident)
        translated = {p: digest(source[p]) for p, _ in leaves(loaded.translation) if p in source}
        doc = _with_digests(Document(path.read_text(encoding="utf-8"), loaded.file), translated)
        _write(path, doc.text)
    return len(translated)


def start(folder: IncidentFolder, settings: Settings, incident_id: str, lang: str) -> Path:
    """``--start LANG``: a sidecar holding only ``lang:``, with the source texts as comments."""
    _declared(settings.languages, lang)
    incident = _source(folder, incident_id)
    path = sidecar_path(folder.incidents_dir, incident.id, lang)
    if path.exists():
        raise IncidentEditError(f"{folder.relative(path)} already exists; nothing was changed")
    lines = ["# yaml-language-server: $schema=../schema/translation.schema.json",
             f"# Translation of {incident.source} into {lang}. Mirror the source: lists item by",
             "# item, in the same order. Leave out what you have not translated yet.",
             f"# Then run: darksite translations {incident.id} --done {lang}", "",
             f"lang: {lang}", "", "# The source texts, by key path:"]
    for key, text in source_leaves(incident).items():
        first = " ".join(text.split())
        lines.append(f"#   {key}: {first[:100]}{'...' if len(first) > 100 else ''}")
    from darksite.ops.atomic import create_atomic

    if not create_atomic(path, ("\n".join(lines) + "\n").encode("utf-8")):
        raise IncidentEditError(f"{folder.relative(path)} already exists; nothing was changed")
    return path


def _declared(languages: Sequence[str], lang: str) -> None:
    if lang not in languages:
        declared = ", ".join(languages) or "none"
        raise IncidentEditError(f"{lang} is not a declared language (declared: {declared}); "
                                "add it to languages: others: in mkdocs.yml")


def add_update(folder: IncidentFolder, incident: Incident, lang: str, text: str) -> str:
    """The translation of ``incident``'s newest update, added to its ``lang`` sidecar.

    ``lang`` must be one of ``folder.languages``: they come from the plain
    reading of ``mkdocs.yml`` where it can be trusted
    (:func:`darksite.mkdocs.project.read_folders`), so that an update posted in
    three languages does not open the project through MkDocs.

    Earlier updates the sidecar lacks are padded with their ``at`` only (shown
    as missing, never as a wrong text); the new text is confirmed at once, since
    it was written for exactly this update.
    """
    _declared(folder.languages, lang)
    if not incident.updates:
        raise IncidentEditError(f"{incident.source} has no update to translate")
    index = len(incident.updates) - 1
    path = sidecar_path(folder.incidents_dir, incident.id, lang)
    file = display_path(path, folder.root)
    with incident_locked(path):
        old = path.read_text(encoding="utf-8") if path.is_file() else f"lang: {lang}\n"
        loaded = load_translation_text(old.encode("utf-8"), file=file, lang=lang, incident=None)
        if loaded.translation is None:
            raise InvalidIncidentsError(f"{file} has errors; the {lang} text was not added "
                                        "(the source update was posted)",
                                        [d for d in loaded.diagnostics if d.is_error])
        have = len(loaded.translation.updates)
        if have > index:
            raise IncidentEditError(f"{file} already has updates[{index}]; edit it by hand")
        doc = Document(old, file)
        for missing in incident.updates[have:index]:
            doc = doc.append_item("updates", [Field("at", format_moment(missing.at), "raw",
                                                    TIMESTAMP)])
        newest = incident.updates[index]
        doc = doc.append_item("updates", [Field("at", format_moment(newest.at), "raw", TIMESTAMP),
                                          Field("text", text, "text")])
        translated = {str(k): str(v) for k, v in loaded.translation.translated.items()}
        translated[f"updates[{index}].text"] = digest(newest.text)
        doc = _with_digests(doc, translated)
        check = load_translation_text(doc.text.encode("utf-8"), file=file, lang=lang,
                                      incident=incident)
        if check.translation is None:
            raise InvalidIncidentsError(f"the {lang} text was not added to {file}",
                                        [d for d in check.diagnostics if d.is_error])
        _write(path, doc.text)
    return file
