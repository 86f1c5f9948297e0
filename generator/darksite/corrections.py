"""The public correction log: what changed in text that was already public, and when.

A reader who saw "1,240 customers" at 10:00 and "2,240" at 14:00 must be told
that the figure was corrected, not left to wonder which is true; a feed
reader or a status poller must see the entry as changed (RFC 4287: ``updated``
marks significant changes). So ``darksite publish`` compares each incident's
public text with the text it is live with and appends every difference to
``corrections/<id>.yaml`` (beside the incidents folder, under version
control with them, never edited by hand); every build then attaches that
log to the incident (:func:`attach`), and every output shows it and moves its
stamps with it. The log is part of the incident as the outputs see it, so
the pipeline's digests and caches change with it, and a rebuild or a fresh
clone gives the same bytes.

This module reads, compares and formats; it writes nothing (the publish
operation does: :mod:`darksite.ops.corrections`).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import yaml

from darksite.model import Correction, Incident

FOLDER = "corrections"
"""The log's folder, beside the incidents folder (never inside it: the loader reads
every ``*.yaml`` there as an incident)."""

LOG_HEADER = ("# The public correction log of incident {id}, written by darksite publish.\n"
              "# Do not edit: every entry is shown on the public page and in the feeds.\n")

NOTE_WORDS = 12
"""A derived note quotes at most this many words from each side of a change."""

FIELD_NAMES = {
    "title": "the title",
    "summary": "the summary",
    "statement": "the statement",
    "apology.text": "the apology",
}


def folder_for(incidents_dir: Path) -> Path:
    """Where the logs of the incidents in ``incidents_dir`` are."""
    return incidents_dir.parent / FOLDER


def log_path(incidents_dir: Path, incident_id: str) -> Path:
    return folder_for(incidents_dir) / f"{incident_id}.yaml"


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else None
    return None


def parse_log(text: str) -> tuple[Correction, ...]:
    """The corrections in a log's text; entries that are not as publish writes them are skipped.

    A log is only ever written by ``darksite publish``; a damaged one must
    not stop a crisis site from building, so what cannot be read is left
    out (``darksite check`` has nothing to say about a file nobody edits).
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return ()
    items = data.get("corrections") if isinstance(data, dict) else None
    found = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        at = _moment(item.get("at"))
        values = [item.get(key) for key in ("field", "old", "new", "note")]
        texts = [value for value in values if isinstance(value, str)]
        if at is None or len(texts) != len(values):
            continue
        path, old, new, note = texts
        found.append(Correction(at=at, path=path, old=old, new=new, note=note))
    return tuple(found)


def read_log(path: Path) -> tuple[Correction, ...]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ()
    return parse_log(text)


def log_text(incident_id: str, corrections: Sequence[Correction]) -> str:
    """A log as ``publish`` writes it: stable, one entry per correction, oldest first."""
    entries = [{"at": c.at.isoformat(), "field": c.path, "note": c.note, "old": c.old,
                "new": c.new} for c in corrections]
    body = yaml.safe_dump({"id": incident_id, "corrections": entries}, allow_unicode=True,
                          sort_keys=False, width=100)
    return LOG_HEADER.format(id=incident_id) + body


def attach(incidents: Iterable[Incident], incidents_dir: Path) -> tuple[Incident, ...]:
    """``incidents``, each with its correction log (if it has one)."""
    folder = folder_for(incidents_dir)
    if not folder.is_dir():
        return tuple(incidents)
    attached = []
    for incident in incidents:
        log = read_log(folder / f"{incident.id}.yaml")
        attached.append(dataclasses.replace(incident, corrections=log) if log else incident)
    return tuple(attached)


# -- what changed ---------------------------------------------------------------------------


def update_path(at: datetime) -> str:
    """An update's key in the log: by its own time, which never changes (its index can)."""
    return f"updates[{at.isoformat()}].text"


def public_texts(incident: Incident) -> dict[str, str]:
    """Every public text of ``incident`` a correction can change, by key path."""
    texts = {"title": incident.title, "summary": incident.summary,
             "statement": incident.statement}
    if incident.apology is not None:
        texts["apology.text"] = incident.apology.text
    for index, item in enumerate(incident.advice):
        texts[f"advice[{index}]"] = item
    for index, action in enumerate(incident.actions):
        texts[f"actions[{index}].step"] = action.step
    for update in incident.updates:
        texts[update_path(update.at)] = update.text
    return texts


def changes(old: Incident, new: Incident) -> list[tuple[str, str, str]]:
    """(path, old text, new text) for each public text of ``old`` that ``new`` changed.

    Text that is new (a new update, a new action) is not a correction; text
    that is gone is one (its new text is empty).
    """
    before, after = public_texts(old), public_texts(new)
    return [(path, text, after.get(path, "")) for path, text in before.items()
            if " ".join(text.split()) != " ".join(after.get(path, "").split())]


def short_moment(moment: datetime, zone: tzinfo | None = None) -> str:
    """``1 December 10:00`` on the site's clock (a note names an update by its time)."""
    local = moment.astimezone(zone) if zone is not None else moment
    return f"{local.day} {local:%B %H:%M}"


def field_name(path: str, zone: tzinfo | None = None) -> str:
    """How a note names the field: ``the summary``, ``action 2``, ``the update of ...``."""
    if path in FIELD_NAMES:
        return FIELD_NAMES[path]
    if path.startswith("actions["):
        return f"action {int(path[8:path.index(']')]) + 1}"
    if path.startswith("advice["):
        return f"advice {int(path[7:path.index(']')]) + 1}"
    if path.startswith("updates["):
        moment = datetime.fromisoformat(path[8:path.index("]")])
        return f"the update of {short_moment(moment, zone)}"
    return path


def _quote(words: Sequence[str]) -> str:
    text = " ".join(words[:NOTE_WORDS]) + (" …" if len(words) > NOTE_WORDS else "")
    return f"“{text}”"


def derived_note(path: str, old: str, new: str, zone: tzinfo | None = None) -> str:
    """A short note for readers: the words that changed, or what kind of change it was."""
    name = field_name(path, zone)
    if not new.strip():
        return f"{name} was withdrawn"
    before, after = old.split(), new.split()
    opcodes = [op for op in difflib.SequenceMatcher(a=before, b=after, autojunk=False)
               .get_opcodes() if op[0] != "equal"]
    if len(opcodes) == 1:
        tag, a1, a2, b1, b2 = opcodes[0]
        if tag == "replace" and a2 - a1 <= NOTE_WORDS and b2 - b1 <= NOTE_WORDS:
            return f"{name} said {_quote(before[a1:a2])}, now {_quote(after[b1:b2])}"
        if tag == "delete" and a2 - a1 <= NOTE_WORDS:
            return f"{name} no longer says {_quote(before[a1:a2])}"
        if tag == "insert" and b2 - b1 <= NOTE_WORDS:
            return f"{name} now adds {_quote(after[b1:b2])}"
    return f"{name} was rewritten"


def touches_opening(correction: Correction) -> bool:
    """Whether ``correction`` changed the incident's own text (not one of its updates)."""
    return not correction.path.startswith("updates[")


def of_update(corrections: Iterable[Correction], at: datetime) -> list[Correction]:
    """The corrections of the update posted at ``at``."""
    wanted = update_path(at)
    return [c for c in corrections if c.path == wanted]
