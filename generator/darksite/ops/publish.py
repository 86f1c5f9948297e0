"""``publish`` and ``rollback``: a new release goes live whole, or not at all.

Order of a publish, all under the publish folder's lock:

1. clean what earlier killed publishes left (see :mod:`releases`);
2. refuse a rehearsal configuration; read every incident file once and
   decide, per incident, which bytes to build from (:mod:`selection`):
   each valid, approved file as it is now; an invalid one, or one whose
   approved text changed (unless named in ``allow_unapproved_changes``),
   from the bytes it last went live from, or not at all if it never did.
   One incident's problem never delays another's update;
3. build that set into a new ``releases/<name>/``: the fast path
   (:mod:`fastpath`) when only active incidents changed, else the normal
   MkDocs build; any failure of the fast path falls back to the full build;
4. verify the release (:mod:`verify`): an index page, no draft, no internal,
   nothing of a held-back incident's new text;
5. record its manifest and the bytes of its public incidents
   (:mod:`manifest`), flush it to disk and write the completion marker;
6. switch ``current`` to it atomically; prune old releases.

Any failure in 3-5 deletes the new release and leaves ``current`` alone, so
the live site stays the last good one. See "One incident never blocks
another" and "Fast path" in docs/operations.md.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from darksite import clock
from darksite.api import Report, build_site
from darksite.corrections import folder_for as corrections_folder
from darksite.corrections import read_log
from darksite.diagnostics import Diagnostic
from darksite.errors import DarksiteError, InvalidIncidentsError, PublishError
from darksite.fs_errors import FileSystemError, boundary
from darksite.ops import fastpath
from darksite.ops.approval import ApprovalProblem
from darksite.ops.corrections import Recorded, record_corrections
from darksite.ops.errors import NoReleaseError
from darksite.ops.manifest import (
    SOURCES,
    ReleaseManifest,
    build_date,
    facts_text,
    prune_manifests,
    prune_sources,
    read_incident_files,
    read_manifest,
    site_digest,
    store_sources,
    translation_digests,
    write_manifest,
)
from darksite.ops.releases import MARKER, PublishDir
from darksite.ops.selection import HeldBack, Selection, load_selected, records_of, select
from darksite.ops.spare import stale_spares, start_spare
from darksite.ops.verify import (
    Leak,
    Secrets,
    collect_secrets,
    find_leaks,
    incident_public_texts,
    verify_release,
)
from darksite.settings import REHEARSAL_ENV, rehearsal_requested

DEFAULT_KEEP = 5
log = logging.getLogger("darksite.publish")
LIVE_SITE_UNCHANGED = "the live site was not changed"
"""True of every failure up to the switch of ``current``; after it, only pruning runs,
which never fails a publish (:func:`_prune`)."""


@dataclass(frozen=True)
class Published:
    """What a publish did, for the command's report."""

    release: str
    path: Path
    public: int
    pruned: tuple[str, ...]
    cleaned: tuple[str, ...]
    unapproved: tuple[str, ...]
    overridden: tuple[ApprovalProblem, ...]
    warnings: tuple[Diagnostic, ...]
    way: str = "full build"
    """How it was built: ``full build (why)`` or ``fast path: what changed``."""
    seconds: float = 0.0
    files_written: int | None = None
    """Files the fast path wrote (a full build writes them all: None)."""
    held: tuple[HeldBack, ...] = ()
    """Incidents not published as they are now (see :mod:`darksite.ops.selection`)."""
    broken_drafts: tuple[HeldBack, ...] = ()
    """Drafts with errors: reported, left out, holding nothing back."""
    notes: tuple[str, ...] = ()
    """What the command should say besides (a fast path that failed, an unused allowance)."""
    corrections: tuple[Recorded, ...] = ()
    """Changes to already-public text this publish added to the correction log."""
    delivered: tuple = ()
    """What each mirror did with the release (:class:`darksite.targets.Delivery`)."""

    @property
    def complete(self) -> bool:
        """True when nothing was held back (the command exits 0)."""
        return not self.held


def _build(config_file: Path, release: Path, incidents: Report) -> Report:
    """The normal MkDocs build of ``incidents`` into ``release``; every failure a DarksiteError.

    :func:`darksite.api.build_site` already turns incident errors into
    :class:`InvalidIncidentsError` with every diagnostic, and any other build
    failure into :class:`PublishError`; this only adds what it means here.
    """
    try:
        return build_site(config_file, site_dir=release, incidents=incidents)
    except (InvalidIncidentsError, FileSystemError):
        raise
    except DarksiteError as error:
        raise PublishError(f"{error}; the live site was not changed") from None


def _correction_texts(project) -> list[str]:
    """What the correction logs quote: public when recorded, and ``status.json`` shows it.

    A scenario that the incident was activated from may share those words:
    they are no draft's secret. Read as parsed YAML, not as file text, since
    YAML may fold or escape a long quoted string.
    """
    texts: list[str] = []
    folder = corrections_folder(project.settings.incidents_dir)
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        for correction in read_log(path):
            texts.extend((correction.old, correction.new))
    return texts


def _public_sources(project, config_path: Path) -> list[Path]:
    """Where public text lives besides public incidents: pages, theme overrides, config.
    The correction logs' texts are public too: see :func:`_correction_texts`.
    """
    sources = [project.settings.docs_dir, config_path]
    if project.config.theme.custom_dir:
        sources.append(Path(project.config.theme.custom_dir))
    return sources


def _allowed(allow_unapproved_changes: bool | Collection[str]) -> Collection[str]:
    if isinstance(allow_unapproved_changes, bool):
        if allow_unapproved_changes:
            raise PublishError("--allow-unapproved-changes needs the ids of the incidents "
                               "it lets through, e.g. --allow-unapproved-changes water-2026")
        return ()
    return tuple(allow_unapproved_changes)


@boundary(outcome=LIVE_SITE_UNCHANGED, where="to")
def publish(config_file: str | Path | None, to: str | Path, *, keep: int = DEFAULT_KEEP,
            allow_unapproved_changes: Collection[str] = (), full: bool = False,
            note: str | None = None,
            mirror: Callable[[Path, str, Path], tuple] | None = None) -> Published:
    """Build, verify and switch ``to/current`` to a new release; see the module docstring.

    Every incident that is valid and approved goes out; the others are held
    back (:mod:`darksite.ops.selection`) and listed in :attr:`Published.held`.
    ``allow_unapproved_changes``: ids whose changed approved text may go out.
    Takes the fast path (:mod:`fastpath`) when it is safe and ``full`` is
    not set; a fast path that fails in any way is thrown away and the full
    build runs instead, so the fast path can only ever be faster. ``note``:
    the readers' note for the corrections this publish records.
    ``mirror(release folder, release name, publish folder)``, if given, is called with the
    finished release under the lock and returns what the mirrors did (:mod:`darksite.targets`).
    """
    from darksite.mkdocs.project import open_project

    started = time.monotonic()
    if keep < 1:
        raise PublishError("--keep must be at least 1 (the live release is always kept)")
    allowed = _allowed(allow_unapproved_changes)
    _refuse_rehearsal_environment()
    target = PublishDir(Path(to).absolute())
    target.ensure()
    with target.lock():
        cleaned = target.clean_stale()
        for stale in stale_spares(target.root, target.current_name()):
            _to_trash(target, stale)
        project = open_project(config_file)
        _refuse_rehearsal_config(project)
        # Digests first, before anything reads the files (see darksite.ops.manifest).
        site = site_digest(project.config, project.settings)
        translations = translation_digests(project.settings)
        files = read_incident_files(project.settings)
        live = target.current_name()
        live_manifest = read_manifest(target.root, live)
        now = clock.now()

        def choose(forced: dict[str, list[Diagnostic]]) -> Selection:
            return select(project.settings, files, live_manifest, target.root,
                          live_release=live, allowed=allowed, now=now, force_held=forced)

        published = _publish_selection(config_file, target, project, site, choose, keep=keep,
                                       full=full, cleaned=cleaned, started=started,
                                       note=note, translations=translations)
        if mirror is not None:  # the finished release to the other targets, one publish at a time
            published = dataclasses.replace(
                published, delivered=mirror(published.path, published.release, target.root))
    empty_trash(target.root)
    start_spare(target.root, published.release)
    return published


def _refuse_rehearsal_environment() -> None:
    if os.environ.get(REHEARSAL_ENV, "") == "1":
        raise PublishError(
            f"{REHEARSAL_ENV}=1 is set in this shell: that builds a rehearsal with drafts, "
            f"which must never be published. Run 'unset {REHEARSAL_ENV}' and publish again."
        )


def _refuse_rehearsal_config(project) -> None:
    if rehearsal_requested(project.plugin_config):
        raise PublishError(
            "mkdocs.yml sets 'rehearsal: true' for the darksite plugin: a rehearsal shows "
            "drafts and must never be published. Remove that option to publish."
        )


def _publish_selection(config_file, target: PublishDir, project, site: str,
                       choose: Callable[[dict[str, list[Diagnostic]]], Selection], *,
                       keep: int, full: bool, cleaned: list[str], started: float,
                       translations: Mapping[str, str], reselect: bool = True,
                       note: str | None = None) -> Published:
    """Build what ``choose`` selects, fast if safe, else in full; verify; switch; prune.

    Called under the publish lock. ``choose(forced)`` gives the selection,
    with the files in ``forced`` held back (files the build itself refused,
    such as a page clash: each is held back and the build runs again,
    unless ``reselect`` is False).
    """
    from darksite.mkdocs.project import open_project

    config_path = Path(project.config.config_file_path).resolve()
    selection = choose({})
    # The correction log is an input of the build: recorded before anything is built.
    recorded = tuple(record_corrections(
        project.settings, target.root, read_manifest(target.root, target.current_name()),
        selection.built, clock.now(), note))
    notes = [f"--allow-unapproved-changes {name}: no incident with that id has changed "
             "approved text; nothing was let through for it" for name in selection.not_changed]
    way = "full build (--full)" if full else None
    if not full:
        try:
            chosen = fastpath.plan(project, target, selection, site, clock.now(),
                                   translations)
            if isinstance(chosen, fastpath.FastPlan):
                name, made = _make_fast_release(project, target, chosen, selection,
                                                config_path)
                target.switch_to(name)
                return Published(
                    release=name, path=target.releases / name,
                    public=sum(1 for record in chosen.records if record.is_public),
                    pruned=tuple(_prune_quietly(target, keep)), cleaned=tuple(cleaned),
                    unapproved=tuple(selection.unapproved),
                    overridden=tuple(selection.overridden),
                    warnings=chosen.report.diagnostics,
                    way=f"fast path: {chosen.description}",
                    seconds=time.monotonic() - started, files_written=made,
                    held=tuple(selection.held), broken_drafts=tuple(selection.broken_drafts),
                    notes=tuple(notes), corrections=recorded)
            way = f"full build ({chosen})"
        except fastpath.FastPathUnsafe as error:
            way = f"full build ({error})"
            project = open_project(config_file)  # the fast path changed its config
        except Exception as error:  # any failure of the fast path: the full build decides
            reason = f"{type(error).__name__}: {error}"
            log.info("fast path failed (%s): full build instead", reason)
            notes.append(f"fast path failed ({reason}): full build instead")
            way = "full build (the fast path failed)"
            project = open_project(config_file)
    forced: dict[str, list[Diagnostic]] = {}
    while True:
        name = target.new_name()
        release = target.releases / name
        today = build_date()
        try:
            report = load_selected(selection, project.settings, clock.now())
            report = _build(config_path, release, report)
            secrets = collect_secrets(selection.trees(),
                                      _public_sources(project, config_path),
                                      public_texts=_correction_texts(project),
                                      withheld=selection.withheld_trees())
            verify_release(release, secrets, name=name)
            _record(target, name, selection, ReleaseManifest(
                release=name, site=site, build_date=today,
                site_facts=facts_text(report.incidents, project.settings),
                incidents=records_of(selection, report.incidents), translations=translations))
            target.mark_complete(name, {
                "built_at": clock.now().isoformat(timespec="seconds"),
                "public_incidents": len(report.public),
            })
        except InvalidIncidentsError as refused:
            _discard_quietly(target, name)
            named: dict[str, list[Diagnostic]] = {
                d.file: [] for d in refused.diagnostics if d.is_error}
            for diagnostic in refused.diagnostics:
                if diagnostic.file in named:
                    named[diagnostic.file].append(diagnostic)
            built = {file.name for file in selection.built}
            new = {file: found for file, found in named.items()
                   if file in built and file not in forced}
            if not reselect or not new or any(file not in built for file in named):
                raise
            forced.update(new)
            selection = choose(forced)
            continue
        except BaseException:
            _discard_quietly(target, name)
            raise
        break
    target.switch_to(name)
    return Published(
        release=name, path=release, public=len(report.public),
        pruned=tuple(_prune_quietly(target, keep)), cleaned=tuple(cleaned),
        unapproved=tuple(selection.unapproved), overridden=tuple(selection.overridden),
        warnings=tuple(report.diagnostics), way=way or "full build",
        seconds=time.monotonic() - started, held=tuple(selection.held),
        broken_drafts=tuple(selection.broken_drafts), notes=tuple(notes),
        corrections=recorded,
    )


def _record(target: PublishDir, name: str, selection: Selection,
            manifest: ReleaseManifest) -> None:
    """The manifest of a release and the bytes of its public incidents (for holding back)."""
    public = {record.file for record in manifest.incidents if record.is_public}
    store_sources(target.root, [file for file in selection.built if file.name in public])
    write_manifest(target.root, manifest)


def _discard_quietly(target: PublishDir, name: str) -> None:
    """Remove a failed release; if even that fails, the next publish cleans it."""
    with contextlib.suppress(OSError):
        target.discard(name)


def _prune_quietly(target: PublishDir, keep: int) -> list[str]:
    """Prune after the switch: the new release is live, so a failure here is only untidy."""
    try:
        return _prune(target, keep)
    except OSError as error:
        log.info("old releases could not be pruned (%s): the next publish tries again",
                    error)
        return []


def _prune(target: PublishDir, keep: int) -> list[str]:
    """Old releases beyond ``keep`` (as :meth:`PublishDir.prune` chooses them), out of sight.

    Deleting a release of 1,000 incidents (5,000 files and folders) takes
    longer than a fast publish, so each one is only renamed into
    ``DIR/.trash/`` here (atomic: it is gone from ``releases/`` at once) and
    deleted by a background ``rm`` (:func:`empty_trash`) once the publish
    lock is released. Manifests of releases that are gone are deleted too.

    It runs after ``current`` was switched, so it never fails the publish:
    what the file system refuses here is left for the next publish to prune.
    """
    try:
        return _prune_releases(target, keep)
    except OSError:
        return []


def _prune_releases(target: PublishDir, keep: int) -> list[str]:
    complete = target.complete_releases()
    live = target.current_name()
    protected = set(complete[-keep:]) | {live, target.previous(live)}
    pruned = [name for name in complete if name not in protected]
    for name in pruned:
        _to_trash(target, target.releases / name)
    prune_manifests(target.root, target.complete_releases())
    prune_sources(target.root, target.complete_releases())
    return pruned


TRASH = ".trash"


def _to_trash(target: PublishDir, path: Path) -> None:
    """Rename ``path`` into ``DIR/.trash/`` (atomic), for :func:`empty_trash` to delete."""
    trash = target.root / TRASH
    trash.mkdir(exist_ok=True)
    try:
        os.rename(path, trash / f"{path.name.lstrip('.')}-{secrets.token_hex(3)}")
    except FileNotFoundError:
        return


def empty_trash(root: Path) -> None:
    """Delete ``root/.trash/*`` in a background process, so that publish need not wait.

    ``rm`` runs in its own session with no standard streams (so it holds no
    pipe of ours open), and if it is killed, the next publish starts
    another. Where ``rm`` cannot be started, the trash is emptied here.
    """
    trash = root / TRASH
    try:
        entries = [str(entry) for entry in trash.iterdir()]
    except OSError:
        return
    if not entries:
        return
    try:
        subprocess.Popen(["rm", "-rf", "--", *entries], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         close_fds=True, start_new_session=True)
    except OSError:
        for entry in entries:
            shutil.rmtree(entry, ignore_errors=True)


def _make_fast_release(project, target: PublishDir, plan: fastpath.FastPlan,
                       selection: Selection, config_path: Path) -> tuple[str, int]:
    """The fast path's release, complete but not live yet: (name, files written).

    The leak check reads only the files this release wrote (every other
    file is the live release's, checked when it was published), against the
    secrets of every draft, of the active incidents and of what was held
    back; the other public incidents are not read, so text a draft shares
    with one of them counts as a leak here, and the full build then decides.
    Any failure discards the release (the caller then builds in full).
    """
    # A resolution redraws the archive and the listings: every card there but the new one is
    # the live release's card, checked when it went live, so only the incident just resolved
    # joins the secrets (reading every resolved file's tree cost 2.7 s at 1,000 incidents).
    trees = {entry.file.name: entry.file.data for entry, record
             in zip(selection.entries, plan.records, strict=True)
             if entry.built and (record.status != "resolved" or record.id in plan.resolved)}
    composed = {name: _compose(data) for name, data in trees.items()}
    name = target.new_name()
    release = target.releases / name
    try:
        fast = fastpath.build(project, plan, target, release)
        made = fast.made
        listed = [text for incident in plan.listed for text in incident_public_texts(incident)]
        secrets = collect_secrets(composed, _public_sources(project, config_path),
                                  public_texts=[*_correction_texts(project), *listed],
                                  withheld=selection.withheld_trees())
        leaks = _leaks_in(made, secrets)
        if leaks and plan.resolved:
            # The listings a resolution redraws quote every resolved incident, and a draft may
            # share words with one of them: ask the full build's secrets, which know every
            # public text, before giving up the fast path (a real leak is found either way).
            every = {entry.file.name: composed[entry.file.name] if entry.file.name in composed
                     else _compose(entry.file.data)  # each file composed once (in file order)
                     for entry in selection.entries if entry.built}
            leaks = _leaks_in(made, collect_secrets(
                every, _public_sources(project, config_path),
                public_texts=_correction_texts(project), withheld=selection.withheld_trees()))
        if leaks or not (release / "index.html").is_file():
            raise fastpath.FastPathUnsafe(
                f"the fast release did not pass its checks ({leaks[0].format_text()})" if leaks
                else "the fast release has no index.html")
        _record(target, name, selection, ReleaseManifest(
            release=name, site=plan.manifest.site, build_date=plan.build_date,
            site_facts=plan.facts, incidents=plan.records,
            translations=plan.translations))
        target.mark_complete(name, {
            "built_at": clock.now().isoformat(timespec="seconds"),
            "public_incidents": sum(1 for record in plan.records if record.is_public),
            "fast_path_from": plan.previous,
        }, linked_from=plan.previous)
    except BaseException:
        _discard_quietly(target, name)
        raise
    return name, fast.files_written


def _compose(data: bytes):
    from darksite.ops.selection import _compose as compose

    return compose(data)


def _leaks_in(made: Mapping[str, bytes], secrets: Secrets) -> list[Leak]:
    """:func:`find_leaks` over what a fast build made, laid out as the site is."""
    with tempfile.TemporaryDirectory(prefix="darksite-check-") as scratch:
        for path, data in made.items():
            target = Path(scratch) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return find_leaks(Path(scratch), secrets)


@boundary(outcome=LIVE_SITE_UNCHANGED, where="to")
def rollback(to: str | Path, *, yes: bool = False):
    """Switch ``to/current`` back to the previous release; see :mod:`darksite.ops.rollback`."""
    from darksite.ops.rollback import rollback as roll_back

    return roll_back(to, yes=yes)


@boundary(outcome=LIVE_SITE_UNCHANGED, where="to")
def rollback_incident(config_file: str | Path | None, to: str | Path, incident: str, *,
                      keep: int = DEFAULT_KEEP):
    """Publish the live site with ``incident``'s earlier public text: (Published, Restored).

    Every other incident is rebuilt from the bytes it is live with now (not
    from its file), through the normal publish path.
    """
    from darksite.mkdocs.project import open_project
    from darksite.ops.rollback import earlier_text

    started = time.monotonic()
    _refuse_rehearsal_environment()
    target = PublishDir(Path(to).absolute())
    if not target.releases.is_dir():
        raise PublishError(f"{to} is not a darksite publish folder (no releases/ inside)")
    with target.lock():
        cleaned = target.clean_stale()
        for stale in stale_spares(target.root, target.current_name()):
            _to_trash(target, stale)
        project = open_project(config_file)
        _refuse_rehearsal_config(project)
        site = site_digest(project.config, project.settings)
        translations = translation_digests(project.settings)
        live = target.current_name()
        if live is None:
            raise NoReleaseError(f"nothing is published in {target.root} yet: nothing to roll "
                                 "back")
        manifest = read_manifest(target.root, live)
        if manifest is None:
            raise PublishError(f"the live release {live} has no manifest, so its incidents "
                               "cannot be rebuilt as they are: roll back the whole site "
                               "instead (darksite rollback --to DIR). Nothing was changed.")
        restored = earlier_text(target, manifest, incident)
        selection = _live_selection(target, manifest, restored, project.settings)
        published = _publish_selection(config_file, target, project, site,
                                       lambda forced: selection, keep=keep, full=False,
                                       cleaned=cleaned, started=started, reselect=False,
                                       translations=translations)
    empty_trash(target.root)
    start_spare(target.root, published.release)
    return published, restored


def _live_selection(target: PublishDir, manifest: ReleaseManifest, restored,
                    settings) -> Selection:
    """The live release's incidents as they are live, with ``restored`` in its place."""
    from darksite.ops.manifest import IncidentFile, read_source
    from darksite.ops.selection import Entry, _load

    wanted = restored.record.file
    records = list(manifest.incidents)
    if wanted not in [record.file for record in records]:
        records = sorted([*records, restored.record], key=lambda record: record.file)
    entries = []
    for record in records:
        path = settings.root / record.file
        if record.file == wanted:
            file = IncidentFile(record.file, path, restored.file.data)
            incident, found = _load(file, settings, clock.now())
            if incident is None or any(d.is_error for d in found):
                raise InvalidIncidentsError(
                    f"the earlier text of {wanted} (from release {restored.release}) does not "
                    "build any more (listed above): nothing was changed", found)
            entries.append(Entry(file, built=True))
            continue
        if not record.is_public:
            entries.append(Entry(IncidentFile(record.file, path, b""), built=False,
                                 record=record))
            continue
        data = read_source(target.root, record.sha256)
        if data is None:
            raise PublishError(
                f"the live text of {record.file} is not kept in {target.root / SOURCES} "
                "(published by an older darksite), so the other incidents cannot be rebuilt "
                "exactly as they are live: publish once, then roll back this incident. "
                "Nothing was changed.")
        entries.append(Entry(IncidentFile(record.file, path, data), built=True, record=record))
    selection = Selection(entries=entries)
    selection.loaded[wanted] = (incident, found)
    chosen = {entry.file.name: entry.file.data for entry in entries if entry.built}
    selection.withheld = {file.name: file.data for file in read_incident_files(settings)
                          if chosen.get(file.name) != file.data}
    return selection


__all__ = ["DEFAULT_KEEP", "MARKER", "Published", "publish", "rollback", "rollback_incident"]
