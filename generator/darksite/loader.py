"""Loading incident files: bytes -> YAML nodes with marks -> the frozen model.

The loader never stops at the first problem and never guesses: every problem
of every file becomes a :class:`~darksite.diagnostics.Diagnostic` with file,
line, column and key path, and a file with any error yields no incident (a
build then fails, listing them all, rather than silently dropping a page).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import yaml

from darksite import rules
from darksite.diagnostics import Diagnostic, Severity, sorted_diagnostics
from darksite.incident_cache import CachedIncident, IncidentCache, digest_of
from darksite.model import Incident, Status
from darksite.validation import Reader
from darksite.yaml_source import Source, compose, decode, index_tree

INCIDENT_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadResult:
    """The incidents that loaded cleanly and every diagnostic, in file order."""

    incidents: tuple[Incident, ...]
    diagnostics: tuple[Diagnostic, ...]


def incident_files(incidents_dir: Path) -> list[Path]:
    """The incident files of a folder, sorted; hidden, lock and backup files are skipped."""
    if not incidents_dir.is_dir():
        return []
    return sorted(
        path for path in incidents_dir.iterdir()
        if path.suffix in INCIDENT_SUFFIXES and not path.name.startswith(".")
        and path.is_file()
    )


def load_incidents(
    incidents_dir: Path, *, root: Path, docs_dir: Path | None = None, now: datetime | None = None,
    cache_dir: Path | None = None,
) -> LoadResult:
    """Every incident file in ``incidents_dir``; files with errors yield diagnostics only.

    With ``cache_dir``, files whose bytes are unchanged since they last loaded
    cleanly are taken from :mod:`darksite.incident_cache`; the rules that
    depend on the moment or on other files are checked again every time.
    """
    moment = now or datetime.now(UTC)
    cache = IncidentCache.open(cache_dir) if cache_dir is not None else None
    incidents: list[Incident] = []
    diagnostics: list[Diagnostic] = []
    files_by_id: dict[str, list[str]] = defaultdict(list)
    if not incidents_dir.is_dir():
        diagnostics.append(Diagnostic(
            file=_relative(incidents_dir, root), line=1, column=1, severity=Severity.ERROR,
            code="no-incidents-folder", path="",
            message="the incidents folder does not exist",
            hint="create it, or set incidents_dir under the darksite plugin in mkdocs.yml",
        ))
    for path in incident_files(incidents_dir):
        name = _relative(path, root)
        try:
            data = path.read_bytes()
        except OSError as error:
            diagnostics.append(Diagnostic(
                file=name, line=1, column=1, severity=Severity.ERROR, code="unreadable",
                path="", message=f"cannot read the file: {error.strerror}", hint=None))
            continue
        incident, found = _load_one(data, name, docs_dir, moment, cache)
        diagnostics.extend(found)
        if incident is not None:
            incidents.append(incident)
            files_by_id[incident.id].append(name)
    if cache is not None:
        cache.keep_only({_relative(p, root) for p in incident_files(incidents_dir)})
        cache.save()
    diagnostics.extend(_duplicate_ids(incidents, files_by_id))
    clean = [i for i in incidents if len(files_by_id[i.id]) == 1]
    return LoadResult(incidents=tuple(clean), diagnostics=tuple(sorted_diagnostics(diagnostics)))


def _load_one(data: bytes, name: str, docs_dir: Path | None, now: datetime,
              cache: IncidentCache | None) -> tuple[Incident | None, list[Diagnostic]]:
    """One file, from the cache when its bytes are known to load cleanly."""
    if cache is None:
        return load_incident_text(data, file=name, docs_dir=docs_dir, now=now)
    digest = digest_of(data)
    entry = cache.get(name, digest)
    if entry is not None and _still_valid(entry.incident, docs_dir, now):
        return entry.incident, list(entry.diagnostics)
    incident, found = load_incident_text(data, file=name, docs_dir=docs_dir, now=now)
    if incident is not None:
        cache.put(name, CachedIncident(digest=digest, incident=incident,
                                       diagnostics=tuple(found)))
    return incident, found


def _still_valid(incident: Incident, docs_dir: Path | None, now: datetime) -> bool:
    """The rules whose answer can change while the file's bytes do not."""
    if any(update.at > now for update in incident.updates):
        return False  # the clock went back: let the loader say so
    if docs_dir is None:
        return True
    return all((docs_dir / path).is_file() for path in rules.docs_paths(incident))


def load_incident_text(
    data: bytes, *, file: str, docs_dir: Path | None = None, now: datetime | None = None
) -> tuple[Incident | None, list[Diagnostic]]:
    """One incident from raw bytes; ``file`` is the name diagnostics use (and gives the stem)."""
    source = Source(file=file)
    text = decode(data, source)
    root = compose(text, source) if text is not None else None
    if root is None:
        return None, source.diagnostics
    index = index_tree(root, source)
    if index is None:
        return None, source.diagnostics
    reader = Reader(source, docs_dir)
    incident = reader.record(root, Incident, "")
    status = _raw_status(root)
    rules.check_placeholders(index, status in (Status.ACTIVE, Status.RESOLVED), source, text)
    if incident is None:
        return None, source.diagnostics
    incident = replace(incident, source=file,
                       locations=MappingProxyType({"": _root_location(root),
                                                   **reader.locations}))
    rules.check_incident(incident, Path(file).stem, source, now or datetime.now(UTC))
    if source.error_count:
        return None, source.diagnostics
    return incident, source.diagnostics


def _raw_status(root: yaml.MappingNode) -> Status | None:
    for key, value in root.value:
        if getattr(key, "value", None) == "status" and isinstance(value, yaml.ScalarNode):
            try:
                return Status(str(value.value))
            except ValueError:
                return None
    return None


def _root_location(root: yaml.Node):
    from darksite.model import Location

    return Location(line=root.start_mark.line + 1, column=root.start_mark.column + 1)


def _duplicate_ids(incidents: list[Incident], files_by_id: dict[str, list[str]]):
    for incident in incidents:
        files = files_by_id[incident.id]
        if len(files) > 1 and incident.source != files[0]:
            where = incident.location("id")
            yield Diagnostic(
                file=incident.source, line=where.line, column=where.column,
                severity=Severity.ERROR, code="duplicate-id", path="id",
                message=f"id '{incident.id}' is also used by {files[0]}",
                hint="each incident needs its own id; keep one of the files",
            )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
