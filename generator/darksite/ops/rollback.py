"""``rollback``: go back a release, or one incident, and never surprise a reader.

A rollback of the whole site compares the manifests (:mod:`manifest`) of the
live release and of the one it would go back to, and lists what changes for
readers: incidents that would disappear, lose updates, change status or come
back. Taking an *active* incident off the live site is refused unless the
operator says ``--yes`` (two rollbacks in a row once silently took a crisis
page down); so is a rollback whose effect cannot be told (a release without
a manifest).

``rollback --to DIR ID`` restores one incident's previous public text: the
bytes it went live from in the newest earlier release where its text was
different (kept in ``DIR/published-sources/``), with every other incident
exactly as live now, through the normal publish path (a new release,
verified, switched atomically). The incident file itself is not touched:
nothing a user wrote is ever lost, and the next ``publish`` puts the file's
text live again unless it is changed first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from darksite.errors import PublishError
from darksite.ops.manifest import IncidentFile, IncidentRecord, ReleaseManifest, read_manifest
from darksite.ops.releases import ROLLED_BACK, PublishDir


@dataclass(frozen=True)
class ReaderChange:
    """What one incident looks like to a reader after the rollback, compared with now."""

    incident: str
    what: str
    removes_active: bool = False

    def format_text(self) -> str:
        return f"{self.incident}: {self.what}"


@dataclass(frozen=True)
class RolledBack:
    """What ``rollback`` did (or, refused, would do)."""

    before: str
    after: str
    changes: tuple[ReaderChange, ...]


class RollbackRefusedError(PublishError):
    """A rollback that would take an active incident off the site, without ``--yes``."""

    def __init__(self, message: str, changes: tuple[ReaderChange, ...]) -> None:
        super().__init__(message)
        self.changes = changes


def _public(manifest: ReleaseManifest) -> dict[str, IncidentRecord]:
    return {record.id or Path(record.file).stem: record for record in manifest.incidents
            if record.is_public}


def reader_changes(live: ReleaseManifest, target: ReleaseManifest) -> tuple[ReaderChange, ...]:
    """Every difference a reader would see going from ``live`` to ``target``."""
    now, then = _public(live), _public(target)
    changes: list[ReaderChange] = []
    for incident, record in now.items():
        old = then.get(incident)
        if old is None:
            changes.append(ReaderChange(
                incident, f"DISAPPEARS from the site (it is {record.status} now)",
                removes_active=record.status == "active"))
            continue
        if old.status != record.status:
            changes.append(ReaderChange(incident, f"goes from {record.status} back to "
                                                  f"{old.status}"))
        if old.sha256 == record.sha256:
            continue
        if (old.last_updated or "") < (record.last_updated or ""):
            changes.append(ReaderChange(
                incident, f"loses its updates after {old.last_updated} (latest now: "
                          f"{record.last_updated})"))
        else:
            changes.append(ReaderChange(incident, "goes back to its earlier text"))
    for incident, old in then.items():
        if incident not in now:
            changes.append(ReaderChange(incident, f"comes back ({old.status})"))
    return tuple(changes)


def rollback(to: str | Path, *, yes: bool = False) -> RolledBack:
    """Switch ``to/current`` back to the previous complete release, if no reader is surprised."""
    target = PublishDir(Path(to).absolute())
    if not target.releases.is_dir():
        raise PublishError(f"{to} is not a darksite publish folder (no releases/ inside)")
    with target.lock():
        live, previous = target.rollback_target()
        now, then = read_manifest(target.root, live), read_manifest(target.root, previous)
        if now is None or then is None:
            if not yes:
                missing = live if now is None else previous
                raise RollbackRefusedError(
                    f"rollback refused: release {missing} has no manifest, so darksite cannot "
                    "tell which incidents would disappear from the site. Look at both "
                    f"releases under {target.releases}, then run rollback again with --yes "
                    "to go back anyway. Nothing was changed.", ())
            changes: tuple[ReaderChange, ...] = ()
        else:
            changes = reader_changes(now, then)
        removed = [change for change in changes if change.removes_active]
        if removed and not yes:
            raise RollbackRefusedError(
                f"rollback refused: going back to {previous} would take "
                f"{len(removed)} ACTIVE incident(s) off the live site "
                f"({', '.join(change.incident for change in removed)}). To restore one "
                "incident's earlier text instead: darksite rollback --to DIR ID. To go back "
                "anyway: add --yes. Nothing was changed.", changes)
        before, after = target.rollback()
    return RolledBack(before=before, after=after, changes=changes)


@dataclass(frozen=True)
class Restored:
    """The earlier text ``rollback --to DIR ID`` found for an incident."""

    file: IncidentFile
    record: IncidentRecord
    release: str


def earlier_text(target: PublishDir, live: ReleaseManifest, incident: str) -> Restored:
    """The newest earlier public text of ``incident`` that differs from the live one."""
    from darksite.ops.manifest import read_source

    current = next((record for record in live.incidents
                    if incident in (record.id, Path(record.file).stem)), None)
    older = [name for name in target.complete_releases()
             if name < live.release and not (target.releases / name / ROLLED_BACK).exists()]
    for name in reversed(older):
        manifest = read_manifest(target.root, name)
        if manifest is None:
            continue
        for record in manifest.incidents:
            if not record.is_public or incident not in (record.id, Path(record.file).stem):
                continue
            if current is not None and current.sha256 == record.sha256:
                continue
            data = read_source(target.root, record.sha256)
            if data is None:
                continue
            return Restored(IncidentFile(record.file, Path(record.file), data), record, name)
    raise PublishError(
        f"no earlier public text of '{incident}' is kept in {target.root}: releases older "
        "than the live one either show it as it is now or do not have it (or were published "
        "by an older darksite). Nothing was changed.")
