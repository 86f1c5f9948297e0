"""``publish`` and ``rollback``: a new release goes live whole, or not at all.

Order of a publish, all under the publish folder's lock:

1. clean what earlier killed publishes left (see :mod:`releases`);
2. read every incident file once (composed, nothing constructed): the
   snapshot that the approval gate and the leak check both use; refuse a
   rehearsal configuration and active incidents whose approved fields
   changed since approval (unless explicitly allowed);
3. build into a new ``releases/<name>/`` with the normal MkDocs build (an
   incident error fails it: every diagnostic is listed);
4. verify the release (:mod:`verify`): an index page, no draft, no internal;
5. flush it to disk and write the completion marker;
6. switch ``current`` to it atomically; prune old releases.

Any failure in 3-5 deletes the new release and leaves ``current`` alone, so
the live site stays the last good one.

When only active incidents changed, step 3 is the fast path
(:mod:`fastpath`): the new release is the live one with only the affected
files made again, and step 4 checks what it made. Each release records what
it was built from in ``DIR/manifests/`` (:mod:`manifest`); see "Fast path"
in docs/operations.md.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from darksite import clock
from darksite.api import Report, build_site
from darksite.diagnostics import Diagnostic
from darksite.errors import DarksiteError, InvalidIncidentsError, PublishError
from darksite.fs_errors import FileSystemError, boundary
from darksite.ops import fastpath
from darksite.ops.approval import ApprovalProblem, review_active
from darksite.ops.errors import ApprovalChangedError
from darksite.ops.incidents import IncidentFolder, incident_paths, read_trees
from darksite.ops.manifest import (
    IncidentFile,
    ReleaseManifest,
    build_date,
    facts_digest,
    prune_manifests,
    read_incident_files,
    records,
    site_digest,
    write_manifest,
)
from darksite.ops.releases import MARKER, PublishDir
from darksite.ops.spare import stale_spares, start_spare
from darksite.ops.verify import Leak, Secrets, collect_secrets, find_leaks, verify_release
from darksite.plugin_config import REHEARSAL_ENV, rehearsal_requested

DEFAULT_KEEP = 5
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


def _approval_gate(trees: Mapping[str, yaml.Node | None], allow_changes: bool) -> \
        tuple[list[ApprovalProblem], list[str]]:
    problems, unapproved = review_active(trees)
    if problems and not allow_changes:
        raise ApprovalChangedError(
            "publish refused: approved text changed since approval:\n  "
            + "\n  ".join(problem.format_text() for problem in problems)
            + "\nHave the change reviewed, then run darksite approve ID --by NAME; or, if it "
            "must go out now, publish with --allow-unapproved-changes. The live site was not "
            "changed."
        )
    return problems, unapproved


def _build(config_file: Path, release: Path) -> Report:
    """The normal MkDocs build into ``release``; every failure as a DarksiteError.

    :func:`darksite.api.build_site` already turns incident errors into
    :class:`InvalidIncidentsError` with every diagnostic, and any other build
    failure into :class:`PublishError`; this only adds what it means here.
    """
    try:
        return build_site(config_file, site_dir=release)
    except (InvalidIncidentsError, FileSystemError):
        raise
    except DarksiteError as error:
        raise PublishError(f"{error}; the live site was not changed") from None


def _public_sources(project, config_path: Path) -> list[Path]:
    """Where public text lives besides public incidents: pages, theme overrides, config."""
    sources = [project.settings.docs_dir, config_path]
    if project.config.theme.custom_dir:
        sources.append(Path(project.config.theme.custom_dir))
    return sources


@boundary(outcome=LIVE_SITE_UNCHANGED, where="to")
def publish(config_file: str | Path | None, to: str | Path, *, keep: int = DEFAULT_KEEP,
            allow_unapproved_changes: bool = False, full: bool = False) -> Published:
    """Build, verify and switch ``to/current`` to a new release; see the module docstring.

    Takes the fast path (:mod:`fastpath`) when it is safe and ``full`` is
    not set; a fast release that fails its checks is thrown away and the
    full build runs instead, so the fast path can only ever be faster.
    """
    from darksite.project import open_project

    started = time.monotonic()
    if keep < 1:
        raise PublishError("--keep must be at least 1 (the live release is always kept)")
    if os.environ.get(REHEARSAL_ENV, "") == "1":
        raise PublishError(
            f"{REHEARSAL_ENV}=1 is set in this shell: that builds a rehearsal with drafts, "
            f"which must never be published. Run 'unset {REHEARSAL_ENV}' and publish again."
        )
    target = PublishDir(Path(to).absolute())
    target.ensure()
    with target.lock():
        cleaned = target.clean_stale()
        for stale in stale_spares(target.root, target.current_name()):
            _to_trash(target, stale)
        project = open_project(config_file)
        if rehearsal_requested(project.plugin_config):
            raise PublishError(
                "mkdocs.yml sets 'rehearsal: true' for the darksite plugin: a rehearsal shows "
                "drafts and must never be published. Remove that option to publish."
            )
        # Digests first, before anything reads the files (see darksite.ops.manifest).
        site = site_digest(project.config, project.settings)
        files = read_incident_files(project.settings)
        config_path = Path(project.config.config_file_path).resolve()
        way = "full build (--full)" if full else None
        if not full:
            chosen = fastpath.plan(project, target, files, site, clock.now())
            if isinstance(chosen, fastpath.FastPlan):
                try:
                    published = _publish_fast(project, target, chosen, files, config_path,
                                              keep, allow_unapproved_changes, cleaned, started)
                except fastpath.FastPathUnsafe as error:
                    way = f"full build ({error})"
                    project = open_project(config_file)  # the fast path changed its config
                else:
                    empty_trash(target.root)
                    start_spare(target.root, published.release)
                    return published
            else:
                way = f"full build ({chosen})"
        trees = read_trees(incident_paths(IncidentFolder.from_settings(project.settings)))
        problems, unapproved = _approval_gate(trees, allow_unapproved_changes)
        name = target.new_name()
        release = target.releases / name
        today = build_date()
        try:
            report = _build(config_path, release)
            secrets = collect_secrets(trees, _public_sources(project, config_path))
            verify_release(release, secrets, name=name)
            write_manifest(target.root, ReleaseManifest(
                release=name, site=site, build_date=today,
                site_facts=facts_digest(report.incidents, project.settings),
                incidents=records(files, report.incidents)))
            target.mark_complete(name, {
                "built_at": clock.now().isoformat(timespec="seconds"),
                "public_incidents": len(report.public),
            })
        except BaseException:
            target.discard(name)
            raise
        target.switch_to(name)
        pruned = _prune(target, keep)
    empty_trash(target.root)
    start_spare(target.root, name)
    return Published(
        release=name, path=release, public=len(report.public), pruned=tuple(pruned),
        cleaned=tuple(cleaned), unapproved=tuple(unapproved),
        overridden=tuple(problems), warnings=tuple(report.diagnostics),
        way=way or "full build", seconds=time.monotonic() - started,
    )


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


def _publish_fast(project, target: PublishDir, plan: fastpath.FastPlan,
                  files: list[IncidentFile], config_path: Path, keep: int,
                  allow_unapproved_changes: bool, cleaned: list[str],
                  started: float) -> Published:
    """The fast path's release: same gate, checks, marker and switch as a full publish.

    The leak check reads only the files this release wrote (every other
    file is the live release's, checked when it was published), against the
    secrets of every draft and of the active incidents; the other public
    incidents are not read, so text a draft shares with one of them counts
    as a leak here, and the full build then decides.
    """
    by_name = {file.name: file.path for file in files}
    drafts_and_active = {record.file: by_name[record.file] for record in plan.records
                         if record.status != "resolved"}
    trees = read_trees(drafts_and_active)
    problems, unapproved = _approval_gate(trees, allow_unapproved_changes)
    name = target.new_name()
    release = target.releases / name
    try:
        made = fastpath.build(project, plan, target, release)
        secrets = collect_secrets(trees, _public_sources(project, config_path))
        leaks = _leaks_in(made, secrets)
        if leaks or not (release / "index.html").is_file():
            raise fastpath.FastPathUnsafe(
                f"the fast release did not pass its checks ({leaks[0].format_text()})" if leaks
                else "the fast release has no index.html")
        write_manifest(target.root, ReleaseManifest(
            release=name, site=plan.manifest.site, build_date=plan.build_date,
            site_facts=plan.manifest.site_facts, incidents=plan.records))
        target.mark_complete(name, {
            "built_at": clock.now().isoformat(timespec="seconds"),
            "public_incidents": sum(1 for record in plan.records if record.is_public),
            "fast_path_from": plan.previous,
        })
    except BaseException:
        target.discard(name)
        raise
    target.switch_to(name)
    pruned = _prune(target, keep)
    return Published(
        release=name, path=release,
        public=sum(1 for record in plan.records if record.is_public), pruned=tuple(pruned),
        cleaned=tuple(cleaned), unapproved=tuple(unapproved), overridden=tuple(problems),
        warnings=plan.report.diagnostics, way=f"fast path: {plan.description}",
        seconds=time.monotonic() - started, files_written=len(made),
    )


def _leaks_in(made: Mapping[str, bytes], secrets: Secrets) -> list[Leak]:
    """:func:`find_leaks` over what a fast build made, laid out as the site is."""
    with tempfile.TemporaryDirectory(prefix="darksite-check-") as scratch:
        for path, data in made.items():
            target = Path(scratch) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return find_leaks(Path(scratch), secrets)


@boundary(outcome=LIVE_SITE_UNCHANGED, where="to")
def rollback(to: str | Path) -> tuple[str, str]:
    """Switch ``to/current`` back to the previous complete release: (from, to)."""
    target = PublishDir(Path(to).absolute())
    if not target.releases.is_dir():
        raise PublishError(f"{to} is not a darksite publish folder (no releases/ inside)")
    with target.lock():
        return target.rollback()


__all__ = ["DEFAULT_KEEP", "MARKER", "Published", "publish", "rollback"]
