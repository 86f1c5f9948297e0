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
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml
from mkdocs.exceptions import MkDocsException

from darksite.api import Report, build_site, check_incidents, require_valid
from darksite.diagnostics import Diagnostic
from darksite.errors import DarksiteError, InvalidIncidentsError, PublishError
from darksite.ops.approval import ApprovalProblem, review_active
from darksite.ops.errors import ApprovalChangedError
from darksite.ops.incidents import IncidentFolder, incident_paths, read_trees
from darksite.ops.releases import MARKER, PublishDir
from darksite.ops.verify import collect_secrets, verify_release
from darksite.plugin_config import REHEARSAL_ENV, rehearsal_requested
from darksite.settings import Settings

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


class _BuildErrors(logging.Filter):
    """Holds back the build's own error lines, so that they are reported once, by us.

    MkDocs logs a plugin's error and then raises a bare "Aborted with a
    BuildError!"; the lines kept here become the message instead.
    """

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            self.messages.append(record.getMessage())
            return False
        return True


def _build(config_file: Path, release: Path, settings: Settings) -> Report:
    """The normal MkDocs build into ``release``; every failure as a DarksiteError.

    Incident errors are :class:`InvalidIncidentsError` with every
    diagnostic (if the build could not say why it failed, the incidents are
    checked again then, so a good publish reads the files only once).
    """
    from mkdocs.exceptions import Abort

    held = _BuildErrors()
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(held)
    try:
        return build_site(config_file, site_dir=release)
    except InvalidIncidentsError:
        raise
    except (DarksiteError, Abort, MkDocsException) as error:
        require_valid(check_incidents(settings))
        if isinstance(error, DarksiteError) and not held.messages:
            raise
        reason = "; ".join(held.messages) or str(error)
        raise PublishError(f"the site could not be built: {reason}; "
                           "the live site was not changed") from None
    except Exception as error:  # a template error in the theme, say
        raise PublishError(
            f"the site could not be built ({type(error).__name__}: {error}); "
            "the live site was not changed"
        ) from error
    finally:
        build_log.removeFilter(held)


def _public_sources(project, config_path: Path) -> list[Path]:
    """Where public text lives besides public incidents: pages, theme overrides, config."""
    sources = [project.settings.docs_dir, config_path]
    if project.config.theme.custom_dir:
        sources.append(Path(project.config.theme.custom_dir))
    return sources


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
        trees = read_trees(incident_paths(IncidentFolder.from_settings(project.settings)))
        problems, unapproved = _approval_gate(trees, allow_unapproved_changes)
        config_path = Path(project.config.config_file_path).resolve()
        name = target.new_name()
        release = target.releases / name
        try:
            report = _build(config_path, release, project.settings)
            secrets = collect_secrets(trees, _public_sources(project, config_path))
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
