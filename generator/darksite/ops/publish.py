"""``publish`` and ``rollback``: a new release goes live whole, or not at all.

Order of a publish, all under the publish folder's lock:

1. clean what earlier killed publishes left (see :mod:`releases`);
2. refuse a rehearsal configuration, any incident error (every diagnostic
   listed), and active incidents whose approved fields changed since
   approval (unless explicitly allowed);
3. build into a new ``releases/<name>/`` with the normal MkDocs build;
4. verify the release (:mod:`verify`): an index page, no draft, no internal;
5. flush it to disk and write the completion marker;
6. switch ``current`` to it atomically; prune old releases.

Any failure in 3-5 deletes the new release and leaves ``current`` alone, so
the live site stays the last good one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from darksite.api import build_site, check_incidents, require_valid
from darksite.diagnostics import Diagnostic
from darksite.errors import DarksiteError, PublishError
from darksite.ops.approval import ApprovalProblem, incident_paths, review_active
from darksite.ops.errors import ApprovalChangedError
from darksite.ops.incidents import IncidentFolder
from darksite.ops.releases import MARKER, PublishDir
from darksite.ops.verify import collect_secrets, verify_release
from darksite.plugin_config import REHEARSAL_ENV, rehearsal_requested

DEFAULT_KEEP = 5


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


def _approval_gate(folder: IncidentFolder, allow_changes: bool) -> \
        tuple[list[ApprovalProblem], list[str]]:
    problems, unapproved = review_active(incident_paths(folder))
    if problems and not allow_changes:
        raise ApprovalChangedError(
            "publish refused: approved text changed since approval:\n  "
            + "\n  ".join(problem.format_text() for problem in problems)
            + "\nHave the change reviewed, then run darksite approve ID --by NAME; or, if it "
            "must go out now, publish with --allow-unapproved-changes. The live site was not "
            "changed."
        )
    return problems, unapproved


def _build(config_file: Path, release: Path):
    try:
        return build_site(config_file, site_dir=release)
    except DarksiteError:
        raise
    except Exception as error:  # a template or plugin error in the build
        raise PublishError(
            f"the site could not be built ({type(error).__name__}: {error}); "
            "the live site was not changed"
        ) from error


def publish(config_file: str | Path | None, to: str | Path, *, keep: int = DEFAULT_KEEP,
            allow_unapproved_changes: bool = False) -> Published:
    """Build, verify and switch ``to/current`` to a new release; see the module docstring."""
    from darksite.project import open_project

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
        project = open_project(config_file)
        if rehearsal_requested(project.plugin_config):
            raise PublishError(
                "mkdocs.yml sets 'rehearsal: true' for the darksite plugin: a rehearsal shows "
                "drafts and must never be published. Remove that option to publish."
            )
        settings = project.settings
        require_valid(check_incidents(settings))  # every error listed, before any release exists
        folder = IncidentFolder.from_settings(settings)
        problems, unapproved = _approval_gate(folder, allow_unapproved_changes)
        config_path = Path(project.config.config_file_path).resolve()
        name = target.new_name()
        release = target.releases / name
        try:
            report = _build(config_path, release)
            public_sources = [settings.docs_dir, config_path]
            theme_dir = project.config.theme.custom_dir
            if theme_dir:
                public_sources.append(Path(theme_dir))
            secrets = collect_secrets(incident_paths(folder), public_sources)
            verify_release(release, secrets, name=name)
            target.mark_complete(name, {
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "public_incidents": len(report.public),
            })
        except BaseException:
            target.discard(name)
            raise
        target.switch_to(name)
        pruned = target.prune(keep)
    return Published(
        release=name, path=release, public=len(report.public), pruned=tuple(pruned),
        cleaned=tuple(cleaned), unapproved=tuple(unapproved),
        overridden=tuple(problems), warnings=tuple(report.diagnostics),
    )


def rollback(to: str | Path) -> tuple[str, str]:
    """Switch ``to/current`` back to the previous complete release: (from, to)."""
    target = PublishDir(Path(to).absolute())
    if not target.releases.is_dir():
        raise PublishError(f"{to} is not a darksite publish folder (no releases/ inside)")
    with target.lock():
        return target.rollback()


__all__ = ["DEFAULT_KEEP", "MARKER", "Published", "publish", "rollback"]
