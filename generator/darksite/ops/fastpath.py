"""The fast path of ``publish``: after an update, rebuild only what the change affects.

A full build of 1,000 incidents takes several seconds; a crisis update
changes one file. When the live release's manifest (:mod:`manifest`) shows
that only *active* incidents changed, and nothing that every page shows,
the new release is a hard-linked copy of the live one (:mod:`clone`) in
which only these are made again:

- the page of each changed incident, the home page and the 404 page (the
  only pages that show an active incident's details: :mod:`partial_build`);
- each changed incident's feed and lite page, and the site feed,
  ``status.json`` and ``/lite/``, whose parts about resolved incidents are
  carried over from the live files (:func:`darksite.outputs.rewrite_outputs`),
  and the ``/api/v2/`` files made from that ``status.json``;
- the sitemap, if the build date changed.

Every other file is provably the same as a full build would make it: its
inputs (the incident, the site-wide digest, what every page shows about
incidents, the build date) are those of the live release. What "provably"
rests on is written down in docs/operations.md ("Fast path") and checked by
``tests/test_fastpath.py``, which compares fast and full releases byte for
byte. Anything else (an incident added, removed, activated or resolved; a
draft or a resolved incident edited; the banner changing; mkdocs.yml,
site_src/, themes/ or darksite itself changing; an error anywhere) takes the
full build.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from darksite import checks, corrections, loader
from darksite.api import Report
from darksite.diagnostics import has_errors, sorted_diagnostics
from darksite.i18n.sidecar import sidecar_parts
from darksite.mkdocs.partial_build import render_pages
from darksite.model import Incident, Status
from darksite.ops.clone import clone_release
from darksite.ops.manifest import (
    IncidentRecord,
    ReleaseManifest,
    build_date,
    config_reason_for_full_build,
    facts_digest,
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
    """Ids of the active incidents whose file changed."""
    report: Report
    """Every active incident, freshly read, in file order, with its diagnostics."""
    records: tuple[IncidentRecord, ...]
    """The new release's incident records."""
    build_date: str
    translations: Mapping[str, str] = field(default_factory=dict)
    """The new release's translation digests (:func:`darksite.ops.manifest.translation_digests`)."""

    @property
    def description(self) -> str:
        if not self.changed:
            return "no incident changed"
        names = ", ".join(self.changed)
        return f"incident {names} changed" if len(self.changed) == 1 else \
            f"incidents {names} changed"


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
    if [record.file for record in manifest.incidents] != [entry.file.name for entry in entries]:
        return "an incident file was added or removed"
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
    active: list[Incident] = []
    diagnostics = []
    records: list[IncidentRecord] = []
    for entry, record in zip(entries, manifest.incidents, strict=True):
        file = entry.file
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
        if is_changed and record.status != Status.ACTIVE:
            return f"{file.name} changed and is {record.status or 'not valid'}, not active"
        if record.status != Status.ACTIVE:
            records.append(record)
            continue
        incident, found = loader.load_incident_text(file.data, file=file.name,
                                                    docs_dir=settings.docs_dir, now=now)
        if incident is None:
            return f"{file.name} has errors"
        if incident.id != record.id or incident.status is not Status.ACTIVE:
            return f"{file.name}: its id or status changed"
        active.append(incident)
        diagnostics.extend(found)
        if is_changed:
            changed.append(incident.id)
            retranslated.discard(incident.id)
        records.append(IncidentRecord(file=file.name, sha256=file.sha256, id=incident.id,
                                      status=str(incident.status),
                                      last_updated=moment_text(incident.last_updated)))
    if retranslated:
        return (f"the translation of {', '.join(sorted(retranslated))} changed, and no "
                "active incident has that id")
    active = list(corrections.attach(active, settings.incidents_dir))
    diagnostics.extend(checks.run_checks(active, settings, now))
    if has_errors(diagnostics):
        return "an active incident has errors"
    if facts_digest(active, settings) != manifest.site_facts:
        return "what every page shows about incidents changed (the banner)"
    return FastPlan(previous=previous, manifest=manifest, changed=tuple(changed),
                    report=Report(incidents=tuple(active),
                                  diagnostics=tuple(sorted_diagnostics(diagnostics))),
                    records=tuple(records), build_date=build_date(),
                    translations=dict(translations))


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


def build(project, plan: FastPlan, target: PublishDir, release: Path) -> dict[str, bytes]:
    """Make ``release`` from the live release and ``plan``.

    Returns what this build made, by site path, for the leak check: whole
    files, except where text was carried over from the live release (see
    :func:`darksite.outputs.rewrite_outputs`). Raises :class:`FastPathUnsafe`
    when the live files are not as this darksite writes them (then the
    caller builds in full).
    """
    from darksite.outputs import rewrite_outputs

    live = target.releases / plan.previous
    if not take_spare(target.root, plan.previous, release):
        clone_release(live, release)
    uris = [incident_src_uri(incident_id) for incident_id in plan.changed]
    pages, renderer = render_pages(project.config, release, plan.report, uris)
    made = {path: (release / path).read_bytes() for path in pages}
    try:
        outputs = rewrite_outputs(
            release, live, plan.report.incidents, plan.changed, project.settings,
            renderer=renderer, updated_moments=updated_moments(plan))
        # The sitemap's dates are the incidents' own (rewrite_outputs), never the build date.
        sitemap: list[str] = []
    except (ValueError, OSError) as error:
        raise FastPathUnsafe(f"the live release's files are not as expected ({error})") \
            from error
    made.update((path, text.encode("utf-8")) for path, text in outputs.items())
    made.update((path, (release / path).read_bytes()) for path in sitemap)
    return made
