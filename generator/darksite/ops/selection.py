"""Which bytes of each incident file a publish builds from: one incident never blocks another.

The rule (docs/operations.md, "One incident never blocks another"): every
incident that is valid and approved is published as it is now; an incident
that is invalid, or whose approved text changed since approval (and is not
named by ``--allow-unapproved-changes``), is *held back*: it is rebuilt from
the exact bytes it last went live from (kept in ``DIR/published-sources/``,
see :mod:`manifest`), or stays off the site if it was never public. Drafts
never affect a publish: a draft with errors is reported and left out.

This is decided once, before anything is built, and both the fast path and
the full build build from the same :class:`Selection`, so the two can never
disagree about which text goes live. "Last published" is what the live
release's manifest records: a file whose bytes are those of the live
release is trusted as it was published (its checks passed then); only
changed, new or held-back files are loaded here. A full build then loads
every selected file (:func:`load_selected`), and a file trusted here that
no longer builds is held back too, or, if it is the very text that is live,
stops the publish: a crisis page missing from the site is worse than a
publish that did not happen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from darksite import checks, corrections, loader
from darksite.api import Report
from darksite.diagnostics import Diagnostic, Severity, has_errors, sorted_diagnostics
from darksite.errors import InvalidIncidentsError, PublishError
from darksite.i18n.report import hold_reason as translation_hold
from darksite.model import Incident, Status
from darksite.ops.approval import ApprovalProblem, review_active
from darksite.ops.manifest import (
    BROKEN_DRAFT,
    HELD,
    IncidentFile,
    IncidentRecord,
    ReleaseManifest,
    moment_text,
    read_source,
)
from darksite.settings import Settings

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Loaded = tuple[Incident | None, list[Diagnostic]]


@dataclass(frozen=True)
class HeldBack:
    """One incident file a publish did not take as it is now, and why."""

    file: str
    reason: str
    diagnostics: tuple[Diagnostic, ...] = ()
    last_published: bool = False
    """True: its last published version stays live; False: it stays off the site."""

    def format_text(self) -> str:
        outcome = ("its last published version stays live" if self.last_published
                   else "it stays off the site (never published)")
        return f"HELD BACK {self.file}: {self.reason}; {outcome}"


@dataclass(frozen=True)
class Entry:
    """One incident file as this publish takes it."""

    file: IncidentFile
    """Name and path of the file; ``data`` is the bytes to build from (for a file that is
    not built, its bytes as they are now)."""
    built: bool
    record: IncidentRecord | None = None
    """What the new release's manifest says of it, where known before building."""


@dataclass
class Selection:
    """The per-incident source set of one publish (see the module docstring)."""

    entries: list[Entry]
    held: list[HeldBack] = field(default_factory=list)
    broken_drafts: list[HeldBack] = field(default_factory=list)
    overridden: list[ApprovalProblem] = field(default_factory=list)
    unapproved: list[str] = field(default_factory=list)
    withheld: dict[str, bytes] = field(default_factory=dict)
    """Current bytes of held-back files: their new text is not public (leak-check secrets)."""
    loaded: dict[str, Loaded] = field(default_factory=dict)
    """Load results of the built files loaded so far, by file name, for the chosen bytes."""
    not_changed: list[str] = field(default_factory=list)
    """Ids given to --allow-unapproved-changes that had nothing to let through."""

    @property
    def built(self) -> list[IncidentFile]:
        return [entry.file for entry in self.entries if entry.built]

    def trees(self) -> Mapping[str, yaml.Node | None]:
        """Composed trees of the built files' chosen bytes (drafts and public).

        Composed one at a time as they are read (:class:`ComposedTrees`): the
        node trees of a thousand incident files held at once were most of
        ``publish --full``'s peak memory.
        """
        return ComposedTrees({file.name: file.data for file in self.built})

    def withheld_trees(self) -> Mapping[str, yaml.Node | None]:
        return ComposedTrees(self.withheld)


class ComposedTrees(Mapping[str, "yaml.Node | None"]):
    """File name -> composed YAML tree, composed on each lookup and never kept."""

    def __init__(self, data: Mapping[str, bytes]) -> None:
        self._data = data

    def __getitem__(self, name: str) -> yaml.Node | None:
        return _compose(self._data[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def _compose(data: bytes) -> yaml.Node | None:
    try:
        return yaml.compose(data.decode("utf-8"), Loader=_Loader)
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None


def _load(file: IncidentFile, settings: Settings, now: datetime) -> Loaded:
    incident, found = loader.load_incident_text(file.data, file=file.name,
                                                docs_dir=settings.docs_dir, now=now)
    if incident is None:
        return None, list(found)
    return incident, [*found, *checks.run_checks([incident], settings, now)]


def _raw_status(data: bytes) -> str | None:
    root = _compose(data)
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if getattr(key, "value", None) == "status" and isinstance(value, yaml.ScalarNode):
            return str(value.value)
    return None


def _error_count(diagnostics: list[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.is_error)


def select(settings: Settings, files: list[IncidentFile], live: ReleaseManifest | None,
           root: Path, *, live_release: str | None, allowed: Collection[str],
           now: datetime, force_held: Mapping[str, list[Diagnostic]] | None = None) -> Selection:
    """Decide, per incident file, which bytes this publish builds from.

    ``live`` is the manifest of the live release (None before the first
    publish); ``root`` the publish folder (its source store); ``allowed`` the
    ids (or file stems) whose changed approved text may go out;
    ``force_held`` files the build refused (with the build's diagnostics).

    A missing incidents folder stops the publish: read as "no incidents", it
    would take every live crisis page off the site (a mistyped
    ``incidents_dir``, or a checkout caught half-way).
    """
    if not settings.incidents_dir.is_dir():
        raise PublishError(
            f"the incidents folder does not exist ({settings.relative(settings.incidents_dir)}/): "
            "create it, or set incidents_dir under the darksite plugin in mkdocs.yml; "
            "the live site was not changed")
    records = {record.file: record for record in live.incidents} if live else {}
    unknown = live_release is not None and live is None
    forced = dict(force_held or {})
    selection = Selection(entries=[])
    allowed_ids = set(allowed)
    used_allowances: set[str] = set()
    for file in files:
        record = records.get(file.name)
        trusted = (record is not None and record.sha256 == file.sha256 and record.is_built
                   and file.name not in forced)
        if trusted:
            selection.entries.append(Entry(file, built=True, record=record))
            continue
        incident, found = _load(file, settings, now)
        if file.name in forced:
            incident, found = None, [*found, *forced[file.name]]
        if incident is None or has_errors(found):
            _invalid(selection, file, record, found, root, unknown, settings, now)
            continue
        if incident.status is Status.ACTIVE:
            problems, unapproved = review_active({file.name: _compose(file.data)})
            if problems:
                names = {incident.id, Path(file.name).stem}
                if names & allowed_ids:
                    used_allowances.update(names & allowed_ids)
                    selection.overridden.extend(problems)
                else:
                    _hold(selection, file, record, root, unknown, settings, now,
                          reason="approved text changed since approval: "
                                 + "; ".join(p.format_text() for p in problems),
                          diagnostics=())
                    continue
            selection.unapproved.extend(unapproved)
        untranslated = translation_hold(incident, settings)  # strict parity (darksite.i18n)
        if untranslated is not None:
            _hold(selection, file, record, root, unknown, settings, now, reason=untranslated,
                  diagnostics=())
            continue
        selection.entries.append(Entry(file, built=True))
        selection.loaded[file.name] = (incident, found)
    selection.not_changed = sorted(allowed_ids - used_allowances)
    _hold_duplicate_ids(selection, records, root, unknown, settings, now)
    return selection


def _invalid(selection: Selection, file: IncidentFile, record: IncidentRecord | None,
             found: list[Diagnostic], root: Path, unknown: bool,
             settings: Settings, now: datetime) -> None:
    """A file with errors: a draft is left out; anything else is held back."""
    was_public = record is not None and record.is_public
    status = _raw_status(file.data)
    is_draft = not was_public and (
        status == Status.DRAFT or (status is None and record is not None
                                   and record.status in (Status.DRAFT, BROKEN_DRAFT)))
    errors = _error_count(found)
    reason = f"{errors} error(s)" if errors else "it cannot be read"
    if is_draft:
        selection.broken_drafts.append(HeldBack(
            file.name, f"draft with {reason}; drafts are never published, nothing else waits",
            tuple(sorted_diagnostics(found))))
        selection.withheld[file.name] = file.data
        selection.entries.append(Entry(file, built=False, record=IncidentRecord(
            file=file.name, sha256=file.sha256, status=BROKEN_DRAFT)))
        return
    _hold(selection, file, record, root, unknown, settings, now, reason=reason,
          diagnostics=tuple(sorted_diagnostics(found)))


def _hold(selection: Selection, file: IncidentFile, record: IncidentRecord | None,
          root: Path, unknown: bool, settings: Settings, now: datetime, *,
          reason: str, diagnostics: tuple[Diagnostic, ...]) -> None:
    """Build ``file`` from its last published bytes, or leave it off if it was never public."""
    selection.withheld[file.name] = file.data
    if record is None and unknown:
        raise InvalidIncidentsError(
            f"{file.name} is held back ({reason}), and the live release has no manifest, so "
            "darksite cannot tell whether it is on the live site: nothing was published, so "
            "that no live page disappears. Fix the file (or approve it) and publish again",
            diagnostics)
    if record is None or not record.is_public:
        selection.held.append(HeldBack(file.name, reason, diagnostics, last_published=False))
        selection.entries.append(Entry(file, built=False, record=IncidentRecord(
            file=file.name, sha256=file.sha256, status=HELD)))
        return
    data = read_source(root, record.sha256)
    if data is None:
        raise InvalidIncidentsError(
            f"{file.name} is held back ({reason}), but the text it last went live from "
            f"is not in {root / 'published-sources'} (published by an older darksite, or "
            "deleted): nothing was published, so that its page stays live. Fix the file "
            "(or approve it, or name it in --allow-unapproved-changes) and publish again",
            diagnostics)
    last = IncidentFile(file.name, file.path, data)
    incident, found = _load(last, settings, now)
    if incident is None or has_errors(found):
        raise InvalidIncidentsError(
            f"{file.name} is held back ({reason}), and the text it last went live from no "
            "longer builds either (listed above): nothing was published, so that its page "
            "stays live. Fix the file and publish again", [*diagnostics, *found])
    selection.held.append(HeldBack(file.name, reason, diagnostics, last_published=True))
    selection.entries.append(Entry(last, built=True))
    selection.loaded[file.name] = (incident, found)


def _hold_duplicate_ids(selection: Selection, records: Mapping[str, IncidentRecord],
                        root: Path, unknown: bool, settings: Settings,
                        now: datetime) -> None:
    """Two built files with one id: the one live with that id keeps it, the others are held."""
    ids = {index: _entry_id(selection, entry) for index, entry in enumerate(selection.entries)
           if entry.built}
    by_id: dict[str, list[int]] = defaultdict(list)
    for index, incident_id in ids.items():
        if incident_id is not None:
            by_id[incident_id].append(index)
    losers: dict[int, list[str]] = {}
    for incident_id, indexes in by_id.items():
        if len(indexes) < 2:
            continue
        owners = [i for i in indexes
                  if (rec := records.get(selection.entries[i].file.name)) is not None
                  and rec.is_public and rec.id == incident_id]
        keep = owners[0] if owners else None
        for index in indexes:
            if index != keep:
                losers[index] = [selection.entries[i].file.name for i in indexes if i != index]
    for index in sorted(losers, reverse=True):
        entry = selection.entries.pop(index)
        name = entry.file.name
        selection.loaded.pop(name, None)
        current = IncidentFile(name, entry.file.path,
                               selection.withheld.pop(name, entry.file.data))
        selection.held = [held for held in selection.held if held.file != name]
        diagnostic = Diagnostic(
            file=name, line=1, column=1, severity=Severity.ERROR, code="duplicate-id",
            path="id", message=f"its id is also used by {', '.join(losers[index])}",
            hint="each incident needs its own id; keep one of the files")
        tail = Selection(entries=[])
        _hold(tail, current, records.get(name), root, unknown, settings, now,
              reason="duplicate id", diagnostics=(diagnostic,))
        selection.held.extend(tail.held)
        selection.withheld.update(tail.withheld)
        selection.loaded.update(tail.loaded)
        selection.entries[index:index] = tail.entries


def _entry_id(selection: Selection, entry: Entry) -> str | None:
    loaded = selection.loaded.get(entry.file.name)
    if loaded is not None and loaded[0] is not None:
        return loaded[0].id
    return entry.record.id if entry.record is not None else None


def load_selected(selection: Selection, settings: Settings, now: datetime) -> Report:
    """Every built file of ``selection`` loaded and checked: the report a full build shows.

    A trusted file (unchanged since the live release) that no longer loads
    cleanly is held back if it is a draft (left out) and otherwise stops the
    publish: it *is* the text that is live, so there is nothing older to
    keep live instead.
    """
    from darksite.incident_cache import CachedIncident, IncidentCache, digest_of

    cache = IncidentCache.open(settings.cache_dir)
    pending = {file.name: file.data for file in selection.built
               if file.name not in selection.loaded}
    results, names = loader._from_cache(pending, cache, settings.docs_dir, now)
    parsed = loader._parse_all(names, pending, settings.docs_dir, now)
    for name, result in zip(names, parsed, strict=True):
        results[name] = result
        if result[0] is not None:
            cache.put(name, CachedIncident(digest=digest_of(pending[name]), incident=result[0],
                                           diagnostics=tuple(result[1])))
    cache.save(background=True)
    fresh = [incident for name, (incident, _) in results.items() if incident is not None]
    found_by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for name, (_, found) in results.items():
        found_by_file[name].extend(found)
    for diagnostic in checks.run_checks(fresh, settings, now):
        found_by_file[diagnostic.file].append(diagnostic)
    stopping: list[Diagnostic] = []
    for index, entry in enumerate(list(selection.entries)):
        name = entry.file.name
        if name not in results:
            continue
        incident, _ = results[name]
        found = found_by_file[name]
        if incident is not None and not has_errors(found):
            selection.loaded[name] = (incident, found)
            continue
        if entry.record is not None and entry.record.status == Status.DRAFT:
            selection.broken_drafts.append(HeldBack(
                name, "draft with errors; drafts are never published, nothing else waits",
                tuple(sorted_diagnostics(found))))
            selection.withheld[name] = entry.file.data
            selection.entries[index] = Entry(entry.file, built=False, record=IncidentRecord(
                file=name, sha256=entry.file.sha256, status=BROKEN_DRAFT))
            continue
        stopping.extend(d for d in found if d.is_error)
    if stopping:
        raise InvalidIncidentsError(
            f"{_error_count(stopping)} error(s) in the live text of incidents that did not "
            "change: there is no older version to keep live instead, so nothing was "
            "published and the live site was not changed", sorted_diagnostics(stopping))
    incidents: list[Incident] = []
    diagnostics: list[Diagnostic] = []
    for file in selection.built:
        incident, found = selection.loaded[file.name]
        assert incident is not None
        incidents.append(incident)
        diagnostics.extend(found)
    return Report(incidents=corrections.attach(incidents, settings.incidents_dir),
                  diagnostics=tuple(sorted_diagnostics(diagnostics)))


def records_of(selection: Selection, report_incidents: Collection[Incident]) -> tuple[
        IncidentRecord, ...]:
    """The new release's incident records: built files as built, the others as decided."""
    by_source = {incident.source: incident for incident in report_incidents}
    result = []
    for entry in selection.entries:
        if not entry.built:
            assert entry.record is not None
            result.append(entry.record)
            continue
        incident = by_source.get(entry.file.name)
        result.append(IncidentRecord(
            file=entry.file.name, sha256=entry.file.sha256,
            id=incident.id if incident else None,
            status=str(incident.status) if incident else None,
            last_updated=moment_text(incident.last_updated) if incident else None))
    return tuple(result)
