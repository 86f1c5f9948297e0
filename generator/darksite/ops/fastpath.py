"""The fast path of ``publish``: after an update, rebuild only what the change affects.

A full build of 1,000 incidents takes several seconds; a crisis update
changes one file. When the live release's manifest (:mod:`manifest`) shows
that only *active* incidents changed (or a draft became active), the new
release is a hard-linked copy of the live one (:mod:`clone`) in which only
these are made again:

- the page of each changed incident, the home page and the 404 page (the
  only pages that show an active incident's details: :mod:`partial_build`);
- when what every page shows about incidents changed (the banner: an
  activation, a new title or severity), the banner of every other page,
  spliced in without rendering the page (:mod:`darksite.mkdocs.banner`);
- each changed incident's feed and lite page, and the site feed,
  ``status.json`` and ``/lite/``, whose parts about resolved incidents are
  carried over from the live files (:func:`darksite.outputs.rewrite_outputs`),
  and the ``/api/v2/`` files made from that ``status.json``;
- the sitemap's dates, and for an activation its new page and the hosting
  files (``_headers`` lists the site's top-level folders);
- for a resolution (an active incident now resolved): every page of the
  archive, and ``status.json``, ``/lite/`` and each ``/<lang>/`` made whole
  from every shown incident (the other resolved ones from the parse cache,
  :func:`darksite.loader.load_files`); the site feed merges the new resolved
  entries into those carried over.

Every other file is provably the same as a full build would make it: its
inputs (the incident, the site-wide digest, the banner, the build date)
are those of the live release. What "provably" rests on is written down
in docs/operations.md ("Fast path") and checked by
``tests/test_fastpath.py``, which compares fast and full releases byte for
byte. Anything else (an incident added or removed, or taken back to draft;
a resolution that gives a listing one more page; a draft or a resolved incident edited; mkdocs.yml,
site_src/, themes/ or darksite itself changing; an error anywhere) takes
the full build.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from darksite import checks, corrections, loader
from darksite.api import Report
from darksite.diagnostics import has_errors, sorted_diagnostics
from darksite.i18n.sidecar import sidecar_parts
from darksite.mkdocs.partial_build import BannerChange, BannerMismatch, render_pages
from darksite.model import Incident, Status
from darksite.ops.clone import clone_release
from darksite.ops.manifest import (
    IncidentRecord,
    ReleaseManifest,
    build_date,
    config_reason_for_full_build,
    facts_text,
    moment_text,
    read_manifest,
)
from darksite.ops.releases import PublishDir
from darksite.ops.selection import Selection
from darksite.ops.spare import take_spare
from darksite.render.pages import incident_src_uri

log = logging.getLogger("darksite.publish")


class FastPathUnsafe(Exception):
    """Raised while making a fast release that turns out to need a full build; says why."""


@dataclass(frozen=True)
class FastPlan:
    """A change the fast path can publish, and everything it needs to."""

    previous: str
    manifest: ReleaseManifest
    changed: tuple[str, ...]
    """Ids of the active incidents whose file changed (the activated ones too)."""
    report: Report
    """Every active incident, freshly read, in file order, with its diagnostics."""
    records: tuple[IncidentRecord, ...]
    """The new release's incident records."""
    build_date: str
    translations: Mapping[str, str] = field(default_factory=dict)
    """The new release's translation digests (:func:`darksite.ops.manifest.translation_digests`)."""
    facts: str = ""
    """The new release's site facts (:func:`darksite.ops.manifest.facts_text`)."""
    activated: tuple[str, ...] = ()
    """Ids of the drafts that became active (their pages are new)."""
    resolved: tuple[str, ...] = ()
    """Ids of the active incidents resolved by this change (in ``report`` and ``changed``)."""
    listed: tuple[Incident, ...] = ()
    """When ``resolved``: every other resolved incident, for the archive and the listings
    that now show one more resolved incident (from the parse cache, unchanged)."""

    def shown(self) -> tuple[Incident, ...]:
        """Every incident this release shows, in file order (the listings' tie order)."""
        by_source = {incident.source: incident for incident in (*self.report.incidents,
                                                                *self.listed)}
        return tuple(by_source[record.file] for record in self.records
                     if record.file in by_source)

    @property
    def banner_changed(self) -> bool:
        return self.facts != self.manifest.site_facts

    @property
    def description(self) -> str:
        if not self.changed:
            return "no incident changed"
        parts = []
        edited = [name for name in self.changed
                  if name not in self.activated and name not in self.resolved]
        if self.resolved:
            parts.append(f"incident {', '.join(self.resolved)} resolved" if len(
                self.resolved) == 1 else f"incidents {', '.join(self.resolved)} resolved")
        if self.activated:
            parts.append(f"incident {', '.join(self.activated)} activated" if len(
                self.activated) == 1 else f"incidents {', '.join(self.activated)} activated")
        if edited:
            names = ", ".join(edited)
            parts.append(f"incident {names} changed" if len(edited) == 1 else
                         f"incidents {names} changed")
        if self.banner_changed:
            parts.append("banner redrawn on every page")
        return "; ".join(parts)


def plan(project, target: PublishDir, selection: Selection, site: str,
         now: datetime, translations: Mapping[str, str]) -> FastPlan | str:
    """A :class:`FastPlan` for ``selection`` (what this publish builds from,
    :mod:`darksite.ops.selection`), or the reason this publish needs a full build.

    ``translations``: the digests of the translation files as this publish
    found them. A changed translation of an active incident counts as a
    change of that incident (its pages in every language are rebuilt);
    of any other incident, or a translation file added or removed, it
    needs a full build.
    """
    reason = config_reason_for_full_build(project.config)
    if reason:
        return reason
    previous = target.current_name()
    if previous is None:
        return "nothing is published yet"
    if not target.is_complete(previous):
        return f"the live release folder releases/{previous} is missing or incomplete"
    manifest = read_manifest(target.root, previous)
    if manifest is None:
        return f"the live release {previous} has no manifest of this darksite version"
    if manifest.site != site:
        return "mkdocs.yml, site_src/, themes/ or darksite itself changed"
    entries = selection.entries
    known = {record.file: record for record in manifest.incidents}
    if [entry.file.name for entry in entries if entry.file.name in known] != list(known):
        return "an incident file was removed or renamed"
    if manifest.translations is None:
        return f"the live release {previous} has no record of its translation files"
    if set(manifest.translations) != set(translations):
        return "a translation file was added or removed"
    retranslated = set()
    for name, digest in translations.items():
        if manifest.translations[name] != digest:
            parts = sidecar_parts(name)
            if parts is None:
                return f"the translation file {name} changed"
            retranslated.add(parts[0])
    settings = project.settings
    changed: list[str] = []
    activated: list[str] = []
    resolving: list[Incident] = []
    still_resolved: dict[str, bytes] = {}
    new_ids: set[str] = set()
    active: list[Incident] = []
    diagnostics = []
    records: list[IncidentRecord] = []
    for entry in entries:
        file = entry.file
        new_file = file.name not in known
        if new_file and not entry.built:
            return f"{file.name} was added and is held back"
        # A new file is taken as a draft nobody saw: only its activation can be fast
        # (`darksite activate ID --from SCENARIO`); a new draft takes the full build.
        record = known.get(file.name) or IncidentRecord(file=file.name, sha256="",
                                                        status=str(Status.DRAFT))
        if record.id in retranslated and record.status != Status.ACTIVE:
            return f"the translation of {record.id} changed and it is {record.status or 'held'}"
        if not entry.built:
            if entry.record is None or (entry.record.sha256, entry.record.status) != (
                    record.sha256, record.status):
                return f"{file.name} is held back and changed"
            if entry.record.id in retranslated:
                return f"the translation of {entry.record.id} changed and it is held back"
            records.append(entry.record)
            continue
        is_changed = file.sha256 != record.sha256 or record.id in retranslated
        if record.status is None or not record.is_built:
            return f"the live release was not built from {file.name}"
        activating = is_changed and record.status == Status.DRAFT and not settings.rehearsal
        if is_changed and record.status != Status.ACTIVE and not activating:
            return f"{file.name} changed and is {record.status or 'not valid'}, not active"
        if record.status != Status.ACTIVE and not activating:
            if record.status == Status.RESOLVED:
                still_resolved[file.name] = file.data
            records.append(record)
            continue
        incident, found = loader.load_incident_text(file.data, file=file.name,
                                                    docs_dir=settings.docs_dir, now=now)
        if incident is None:
            return f"{file.name} changed and does not load (a draft's errors are the full " \
                "build's to report)" if activating else f"{file.name} has errors"
        if activating and incident.status is not Status.ACTIVE:
            return f"{file.name} {'was added' if new_file else 'changed'} and is " \
                f"{incident.status}, not active"
        if new_file:
            clash = _new_id_problem(incident, manifest, new_ids, settings)
            if clash:
                return clash
            new_ids.add(incident.id)
        elif incident.id != record.id or incident.status is not Status.ACTIVE:
            if not (incident.id == record.id and incident.status is Status.RESOLVED
                    and is_changed and not settings.rehearsal):
                return f"{file.name}: its id or status changed"
            resolving.append(incident)  # a resolution: its page, and every listing of it
        if incident.status is Status.ACTIVE:
            active.append(incident)
        diagnostics.extend(found)
        if is_changed:
            changed.append(incident.id)
            retranslated.discard(incident.id)
        if activating:
            activated.append(incident.id)
        records.append(IncidentRecord(file=file.name, sha256=file.sha256, id=incident.id,
                                      status=str(incident.status),
                                      last_updated=moment_text(incident.last_updated)))
    if retranslated:
        return (f"the translation of {', '.join(sorted(retranslated))} changed, and no "
                "active incident has that id")
    active = list(corrections.attach(active, settings.incidents_dir))
    resolving = list(corrections.attach(resolving, settings.incidents_dir))
    diagnostics.extend(checks.run_checks([*active, *resolving], settings, now))
    if has_errors(diagnostics):
        return "an active incident has errors"
    facts = facts_text(active, settings)
    if facts != manifest.site_facts and not _readable_facts(manifest.site_facts):
        return "what every page shows about incidents changed (the banner)"
    listed: tuple[Incident, ...] = ()
    if resolving:
        found_listed = _resolved_listed(still_resolved, len(resolving), settings, now)
        if isinstance(found_listed, str):
            return found_listed
        listed = found_listed
    fresh = {incident.source: incident for incident in (*active, *resolving)}
    return FastPlan(previous=previous, manifest=manifest, changed=tuple(changed),
                    report=Report(incidents=tuple(fresh[record.file] for record in records
                                                  if record.file in fresh),
                                  diagnostics=tuple(sorted_diagnostics(diagnostics))),
                    records=tuple(records), build_date=build_date(),
                    translations=dict(translations), facts=facts,
                    activated=tuple(activated),
                    resolved=tuple(incident.id for incident in resolving), listed=listed)


def _resolved_listed(files: Mapping[str, bytes], resolving: int, settings,
                     now: datetime) -> tuple[Incident, ...] | str:
    """The incidents that were already resolved, loaded again (from the parse cache: their
    bytes are the live release's), for the archive and the listings; or the reason a
    resolution needs the full build: one of them does not load as it did, or a listing
    gains a page (a new URL: the sitemap and ``_headers`` change)."""
    from darksite.outputs import languages, lite
    from darksite.render.pages import archive_page_count

    loaded = loader.load_files(dict(files), docs_dir=settings.docs_dir, now=now,
                               cache_dir=settings.cache_dir)
    incidents = []
    for name, (incident, _found) in loaded.items():
        if incident is None or incident.status is not Status.RESOLVED:
            return f"{name} is resolved in the live release and no longer loads as it did"
        incidents.append(incident)
    before, after = len(incidents), len(incidents) + resolving
    if archive_page_count(before) != archive_page_count(after):
        return "the archive gains a page"
    if lite.page_count(before) != lite.page_count(after):
        return "the text-only index gains a page"
    if settings.languages and languages.index_page_count(before) != \
            languages.index_page_count(after):
        return "the language home pages gain a page"
    return corrections.attach(incidents, settings.incidents_dir)


def _new_id_problem(incident: Incident, manifest: ReleaseManifest, new_ids: set[str],
                    settings) -> str | None:
    """Why a new file's incident cannot be published without a full build: its id is
    another file's, or names a page of the docs folder (the full build then reports it)."""
    others = {record.id for record in manifest.incidents if record.id} | new_ids
    if incident.id in others:
        return f"{incident.source}: its id {incident.id} is another incident's"
    if loader.id_clashes([incident], settings.docs_dir, settings.incidents_dir, settings.root):
        return f"{incident.source}: its id {incident.id} names a page of the docs folder"
    return None


def _readable_facts(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def updated_moments(plan: FastPlan) -> list[datetime]:
    """Every public incident's last-updated time, in file order (``status.json``'s page time)."""
    fresh = {incident.source: incident.last_updated for incident in plan.report.incidents}
    moments: list[datetime] = []
    for record in plan.records:
        if not record.is_public:
            continue
        moment = fresh[record.file] if record.file in fresh else (
            datetime.fromisoformat(record.last_updated) if record.last_updated else None)
        if moment is not None:
            moments.append(moment)
    return moments


@dataclass(frozen=True)
class FastBuild:
    """What :func:`build` made."""

    made: dict[str, bytes]
    """By site path, the new text to check for leaks: whole files, except where text was
    carried over from the live release (:func:`darksite.outputs.rewrite_outputs`) and, of
    pages given a new banner, one page per distinct new banner region."""
    files_written: int


def build(project, plan: FastPlan, target: PublishDir, release: Path) -> FastBuild:
    """Make ``release`` from the live release and ``plan``.

    Raises :class:`FastPathUnsafe` when the live files are not as this
    darksite writes them (then the caller builds in full).
    """
    from darksite.outputs import incident_html_paths, rewrite_outputs

    live = target.releases / plan.previous
    if not take_spare(target.root, plan.previous, release):
        clone_release(live, release)
    uris = [incident_src_uri(incident_id) for incident_id in plan.changed]
    report = plan.report
    everyone = plan.shown() if plan.resolved else None
    if everyone is not None:  # the archive lists one more: every page of it, from all of them
        from darksite.render.pages import archive_page_count, archive_src_uri

        report = Report(incidents=everyone, diagnostics=plan.report.diagnostics)
        uris += [archive_src_uri(number)
                 for number in range(1, archive_page_count(len(plan.listed) +
                                                           len(plan.resolved)) + 1)]
    banner = BannerChange(
        old_facts=json.loads(plan.manifest.site_facts), new_facts=json.loads(plan.facts),
        live_home=(live / "index.html").read_bytes(),
        not_themed=incident_html_paths(
            (record.id for record in plan.records if record.is_public and record.id),
            project.settings.languages)) if plan.banner_changed else None
    try:
        pages = render_pages(project.config, release, report, uris, banner)
    except BannerMismatch as error:
        raise FastPathUnsafe(f"a page's banner cannot be redrawn ({error})") from error
    made = {path: (release / path).read_bytes() for path in pages.written}
    # A page given a new banner is the live page but for that region: only the region is new,
    # and it differs between pages only by its links' depth, so each distinct one is checked.
    distinct: dict[bytes, str] = {}
    for path, region in pages.banners.items():
        distinct.setdefault(region, path)
    made.update((path, region) for region, path in distinct.items())
    try:
        outputs = rewrite_outputs(
            release, live, plan.report.incidents, plan.changed, project.settings,
            renderer=pages.renderer, updated_moments=updated_moments(plan),
            new_pages=new_page_neighbours(plan),
            everyone=everyone)
    except (ValueError, OSError) as error:
        raise FastPathUnsafe(f"the live release's files are not as expected ({error})") \
            from error
    made.update((path, text.encode("utf-8")) for path, text in outputs.items())
    return FastBuild(made=made, files_written=len(set(made) | set(pages.banners)))


def new_page_neighbours(plan: FastPlan) -> dict[str, tuple[str | None, str | None]]:
    """For each activated incident, in file order: the public incidents just before and after
    it in file order (``None`` at either end), which place its page in the sitemap as a full
    build does. They are placed in that order, so an earlier activated incident may be the
    one before; a later one is never the one after (it is not placed yet).
    """
    order = [record.id for record in plan.records if record.is_public and record.id]
    neighbours: dict[str, tuple[str | None, str | None]] = {}
    for incident_id in plan.activated:
        at = order.index(incident_id)
        before = order[at - 1] if at > 0 else None
        after = next((i for i in order[at + 1:] if i not in plan.activated), None)
        neighbours[incident_id] = (before, after)
    return neighbours
