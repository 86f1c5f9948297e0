"""``publish --to`` with several targets: which one builds, the others' table, the exit code.

The first local folder among the ``--to`` values is where the release is
built, verified and switched (``publish --to DIR`` as always); when every
``--to`` is remote, the release is built in ``.darksite-publish/`` beside
``mkdocs.yml`` (which also keeps the releases ``rollback`` and holding back
need). Every other target gets the finished release (:mod:`darksite.targets`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from darksite.targets import Delivery, Target, deliver, is_remote, parse_target

STAGING = ".darksite-publish"
EXIT_PARTIAL = 75
"""Some target did not take the release (EX_TEMPFAIL: run the same command again)."""


def split_targets(specs: Sequence[str], config_file: str | None,
                  endpoint_url: str | None) -> tuple[str, list[Target]]:
    """(the local publish folder, every other target); unknown kinds are refused first."""
    from darksite.mkdocs.project import find_config_file

    targets = [parse_target(spec, endpoint_url=endpoint_url) for spec in specs]
    local = [spec for spec in specs if not is_remote(spec)]
    primary = (local[0] if local
               else str(find_config_file(config_file).resolve().parent / STAGING))
    def same(spec: str) -> str:  # one folder named two ways is one target (and one lock)
        return spec if is_remote(spec) else str(Path(spec).resolve())

    seen = {same(primary)}
    mirrors: list[Target] = []
    for spec, target in zip(specs, targets, strict=True):
        if same(spec) in seen:
            continue
        seen.add(same(spec))
        mirrors.append(target)
    return primary, mirrors


def mirroring(mirrors: Sequence[Target], *, keep: int
              ) -> Callable[[Path, str, Path], tuple[Delivery, ...]] | None:
    """What ``publish`` calls with its finished release (None: no mirror)."""
    if not mirrors:
        return None

    def mirror(release: Path, name: str, root: Path) -> tuple[Delivery, ...]:
        return deliver(mirrors, release, name, source_root=root, keep=keep)

    return mirror


def print_deliveries(primary: str, release: str, deliveries: Sequence[Delivery]) -> int:
    """The table of targets, on stdout; the exit code: 0, or :data:`EXIT_PARTIAL`."""
    rows = [("target", "state", "release", "uploaded", "unchanged", "deleted", "verified"),
            (primary, "live", release, "-", "-", "-", "built here")]
    for done in deliveries:
        rows.append((done.target, done.state, done.release or "?",
                     str(done.uploaded), str(done.skipped), str(done.deleted),
                     f"{done.verified} file(s)" if done.ok else "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
              .rstrip())
    failed = [done for done in deliveries if not done.ok]
    for done in failed:
        print(f"darksite: {done.message}", file=sys.stderr)
    if failed:
        print(f"darksite: published to {len(deliveries) + 1 - len(failed)} of "
              f"{len(deliveries) + 1} target(s); {len(failed)} FAILED (listed above). The "
              "others serve the new release; run the same command again when the failed "
              "target is back (what it already has is not uploaded again).",
              file=sys.stderr, flush=True)
        return EXIT_PARTIAL
    return 0


def rollback_remote(spec: str, endpoint_url: str | None, yes: bool):
    """``rollback --to s3://...`` (a git branch is rolled back with git itself)."""
    from darksite.targets.base import TargetError

    if spec.startswith("s3://"):
        from darksite.targets.s3 import rollback

        return rollback(spec, endpoint_url=endpoint_url, yes=yes)
    raise TargetError(f"rollback --to {spec}: roll a git branch back with git (git "
                      "update-ref refs/heads/BRANCH BRANCH~1), or publish again")


__all__ = ["EXIT_PARTIAL", "STAGING", "mirroring", "print_deliveries", "rollback_remote",
           "split_targets"]
