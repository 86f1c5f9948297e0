"""Loading incident files: bytes -> YAML nodes with marks -> the frozen model.

The loader never stops at the first problem and never guesses: every problem
of every file becomes a :class:`~darksite.diagnostics.Diagnostic` with file,
line, column and key path, and a file with any error yields no incident (a
build then fails, listing them all, rather than silently dropping a page).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

import yaml

from darksite import clock, corrections, rules, site_names
from darksite.diagnostics import Diagnostic, Severity, display_path, sorted_diagnostics
from darksite.fs_errors import kind_of
from darksite.halves import in_two_halves
from darksite.i18n.sidecar import is_sidecar
from darksite.incident_cache import CachedIncident, IncidentCache, digest_of
from darksite.model import Incident, Location, Status
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
        and not is_sidecar(path)  # <id>.<lang>.yaml: a translation (darksite.i18n)
        and path.is_file()
    )


def _not_files(incidents_dir: Path, root: Path) -> list[Diagnostic]:
    """A warning for each ``*.yaml`` there that is not a file (a folder, a dangling link).

    :func:`incident_files` skips them, so without this an incident someone
    expects on the site would be missing without a word.
    """
    try:
        entries = sorted(incidents_dir.iterdir()) if incidents_dir.is_dir() else []
    except OSError:
        return []
    return [Diagnostic(
        file=f"{display_path(path.parent, root)}/{path.name}", line=1, column=1,
        severity=Severity.WARNING,
        code="not-a-file", path="",
        message=f"this is {kind_of(path)}, not an incident file, so it is left out",
        hint="move it out of the incidents folder, or make it a regular .yaml file",
    ) for path in entries
        if path.suffix in INCIDENT_SUFFIXES and not path.name.startswith(".")
        and not path.is_file()]


def load_incidents(
    incidents_dir: Path, *, root: Path, docs_dir: Path | None = None, now: datetime | None = None,
    cache_dir: Path | None = None, save_in_background: bool = False,
) -> LoadResult:
    """Every incident file in ``incidents_dir``; files with errors yield diagnostics only.

    With ``cache_dir``, files whose bytes are unchanged since they last loaded
    cleanly are taken from :mod:`darksite.incident_cache`; the rules that
    depend on the moment or on other files are checked again every time;
    ``save_in_background`` lets a command finish before the cache is written.
    """
    moment = now or clock.now()
    cache = IncidentCache.open(cache_dir) if cache_dir is not None else None
    incidents: list[Incident] = []
    diagnostics: list[Diagnostic] = []
    files_by_id: dict[str, list[str]] = defaultdict(list)
    if not incidents_dir.is_dir():
        diagnostics.append(Diagnostic(
            file=display_path(incidents_dir, root), line=1, column=1, severity=Severity.ERROR,
            code="no-incidents-folder", path="",
            message="the incidents folder does not exist",
            hint="create it, or set incidents_dir under the darksite plugin in mkdocs.yml",
        ))
    files = incident_files(incidents_dir)
    diagnostics.extend(_not_files(incidents_dir, root))
    names = _relative_names(files, root)
    contents: dict[str, bytes] = {}
    for path in files:
        try:
            contents[names[path]] = path.read_bytes()
        except OSError as error:
            diagnostics.append(Diagnostic(
                file=names[path], line=1, column=1, severity=Severity.ERROR, code="unreadable",
                path="", message=f"cannot read the file: {error.strerror}",
                hint=f"give the user running darksite read access (ls -l {names[path]}), "
                     "or move the file out of the incidents folder"))
    results = _load_all(contents, cache, docs_dir, moment)
    for name in contents:  # file order
        incident, found = results[name]
        diagnostics.extend(found)
        if incident is not None:
            incidents.append(incident)
            files_by_id[incident.id].append(name)
    if cache is not None:
        cache.keep_only(set(names.values()))
        cache.save(background=save_in_background)
    diagnostics.extend(_duplicate_ids(incidents, files_by_id))
    clashes = id_clashes(incidents, docs_dir, incidents_dir, root)
    diagnostics.extend(clashes)
    clashing = {d.file for d in clashes}
    clean = [i for i in incidents if len(files_by_id[i.id]) == 1 and i.source not in clashing]
    return LoadResult(incidents=corrections.attach(clean, incidents_dir),
                      diagnostics=tuple(sorted_diagnostics(diagnostics)))


Loaded = tuple[Incident | None, list[Diagnostic]]


def load_files(contents: dict[str, bytes], *, docs_dir: Path | None, now: datetime,
               cache_dir: Path | None) -> dict[str, Loaded]:
    """Each of ``contents`` (file name to bytes) loaded, from the parse cache where its bytes
    loaded cleanly before: for the fast path of ``publish``, which needs every resolved
    incident again when one more is resolved, but not a second read of their YAML. The
    cache is only read here (:func:`load_incidents` keeps it up to date)."""
    cache = IncidentCache.open(cache_dir) if cache_dir is not None else None
    return _load_all(contents, cache, docs_dir, now)


def _load_all(contents: dict[str, bytes], cache: IncidentCache | None, docs_dir: Path | None,
              now: datetime) -> dict[str, Loaded]:
    """Every file of ``contents``, in its order: from ``cache`` where its bytes loaded cleanly
    before, else parsed (and then put in ``cache``, which the caller saves or not)."""
    results, pending = _from_cache(contents, cache, docs_dir, now)
    for name, result in zip(pending, _parse_all(pending, contents, docs_dir, now),
                            strict=True):
        results[name] = result
        if cache is not None and result[0] is not None:
            cache.put(name, CachedIncident(digest=digest_of(contents[name]), incident=result[0],
                                           diagnostics=tuple(result[1])))
    return {name: results[name] for name in contents}


def _from_cache(contents: dict[str, bytes], cache: IncidentCache | None,
                docs_dir: Path | None, now: datetime) -> tuple[dict[str, Loaded], list[str]]:
    """Files whose bytes are known to load cleanly, and the names still to parse."""
    found: dict[str, Loaded] = {}
    pending: list[str] = []
    for name, data in contents.items():
        entry = cache.get(name, digest_of(data)) if cache is not None else None
        if entry is not None and _still_valid(entry.incident, docs_dir, now):
            found[name] = (entry.incident, list(entry.diagnostics))
        else:
            pending.append(name)
    return found, pending


PARALLEL_MIN_FILES = 100
"""Below this, a second process costs more than it saves."""


def _parse_all(names: list[str], contents: dict[str, bytes], docs_dir: Path | None,
               now: datetime) -> list[Loaded]:
    """Parse ``names`` in order; on two free cores, the second half in a forked process
    (:mod:`darksite.halves`): a cold load of 1,000 files is about a second and a half of
    pure Python, and ``darksite check`` must finish in 2 s."""
    jobs = [(contents[name], name) for name in names]
    return in_two_halves(lambda part: _parse_batch(part, docs_dir, now), jobs,
                         min_items=PARALLEL_MIN_FILES)


def _parse_batch(jobs: Sequence[tuple[bytes, str]], docs_dir: Path | None,
                 now: datetime) -> list[Loaded]:
    return [load_incident_text(data, file=name, docs_dir=docs_dir, now=now)
            for data, name in jobs]


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
    if text is None or root is None:
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
    incident = replace(incident, source=file, content_digest=digest_of(data),
                       locations=MappingProxyType({"": Location(*source.position(root.start_mark)),
                                                   **reader.locations}))
    rules.check_incident(incident, Path(file).stem, source, now or clock.now())
    if source.error_count:
        return None, source.diagnostics
    return incident, source.diagnostics


def _raw_status(root: yaml.Node) -> Status | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if getattr(key, "value", None) == "status" and isinstance(value, yaml.ScalarNode):
            try:
                return Status(str(value.value))
            except ValueError:
                return None
    return None


def id_clashes(incidents: list[Incident], docs_dir: Path | None, incidents_dir: Path | None,
               root: Path) -> list[Diagnostic]:
    """``page-clash`` for every incident whose id names a file or folder of the docs folder.

    Checked on every load (never cached): the docs folder changes while the
    incident files do not. See :mod:`darksite.site_names`.
    """
    names = site_names.docs_names(docs_dir, skip=incidents_dir)
    found = []
    for incident in incidents:
        taken = names.get(incident.id)
        if taken is None or docs_dir is None:
            continue
        where = incident.location("id")
        shown = display_path(docs_dir / taken, root)
        found.append(Diagnostic(
            file=incident.source, line=where.line, column=where.column, severity=Severity.ERROR,
            code="page-clash", path="id",
            message=f"the id '{incident.id}' is also the name of {shown}: the incident's page "
                    "would replace it or be mistaken for it",
            hint="choose another id, and rename the file to match"))
    return found


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


def _relative_names(files: list[Path], root: Path) -> dict[Path, str]:
    """Each file's name as diagnostics show it; the folders are resolved once, not per file."""
    if not files:
        return {}
    folder = files[0].parent
    prefix = display_path(folder, root)
    prefix = "" if prefix == "." else prefix + "/"
    return {path: prefix + path.name for path in files}

