"""At publish time: record each change to already-public text in the correction log.

``darksite publish`` calls :func:`record_corrections` once, before it builds:
for every incident that is live now and goes out again changed, the public
texts of the live version (the bytes the live release was built from, kept
by :mod:`darksite.ops.manifest`) are compared with the new ones, and each
difference is appended to ``corrections/<id>.yaml`` with the moment, the
field, the old and the new text and a short note (``--note``, or one derived
from the words that changed: :func:`darksite.corrections.derived_note`). The
build then reads the log like every other input (:func:`darksite.corrections.attach`).

Recording is idempotent: a publish that fails after recording and is run
again finds the same change already at the end of the log and adds nothing,
so a retried publish never shows a correction twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from darksite import corrections, loader
from darksite.model import Correction, Incident
from darksite.ops.atomic import write_atomic
from darksite.ops.manifest import IncidentFile, ReleaseManifest, read_source
from darksite.settings import Settings


@dataclass(frozen=True)
class Recorded:
    """One correction this publish added, for the command's report."""

    incident_id: str
    log: Path
    correction: Correction


def _incident(data: bytes, name: str) -> Incident | None:
    incident, found = loader.load_incident_text(data, file=name)
    if incident is None or any(d.is_error for d in found) or not incident.is_public:
        return None
    return incident


def record_corrections(settings: Settings, published_root: Path,
                       live_manifest: ReleaseManifest | None, new_files: Iterable[IncidentFile],
                       now: datetime, note: str | None = None) -> list[Recorded]:
    """Append to the correction log every change ``new_files`` make to live public text.

    ``live_manifest``: the live release's manifest (None before the first
    publish: nothing is public yet, nothing is a correction). ``new_files``:
    the bytes this publish builds from (held-back incidents keep their live
    bytes, so their unpublished edits are not recorded).
    """
    if live_manifest is None:
        return []
    live = {record.file: record for record in live_manifest.incidents if record.is_public}
    recorded: list[Recorded] = []
    for file in new_files:
        record = live.get(file.name)
        if record is None or record.sha256 == file.sha256:
            continue
        old_data = read_source(published_root, record.sha256)
        if old_data is None:
            continue  # published by an older darksite: nothing to compare with
        old, new = _incident(old_data, file.name), _incident(file.data, file.name)
        if old is None or new is None or old.id != new.id:
            continue
        found = corrections.changes(old, new)
        if not found:
            continue
        recorded.extend(_append(settings, new.id, found, now, note))
    return recorded


def _append(settings: Settings, incident_id: str, found: list[tuple[str, str, str]],
            now: datetime, note: str | None) -> list[Recorded]:
    path = corrections.log_path(settings.incidents_dir, incident_id)
    log = list(corrections.read_log(path))
    added = []
    for field, old, new in found:
        last = next((c for c in reversed(log) if c.path == field), None)
        if last is not None and (last.old, last.new) == (old, new):
            continue  # recorded by an earlier attempt of this same publish
        correction = Correction(at=now, path=field, old=old, new=new,
                                note=note or corrections.derived_note(field, old, new,
                                                                  settings.zone))
        log.append(correction)
        added.append(Recorded(incident_id, path, correction))
    if added:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, corrections.log_text(incident_id, log).encode("utf-8"))
    return added
