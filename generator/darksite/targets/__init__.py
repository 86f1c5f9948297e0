"""Where a finished release goes besides the local publish folder: mirrors.

``publish --to`` names each target; the first local folder is where the
release is built and verified (:mod:`darksite.ops.publish`), every other
target receives that finished folder:

- another local folder (:mod:`.local`);
- ``s3://bucket/prefix``: S3-compatible object storage (:mod:`.s3`);
- ``git:/path/to/repo.git[#branch]``: a branch for Pages-style hosting (:mod:`.git`).

Each target is put, then read back and compared (:meth:`Target.verify`),
on its own: one that is down is reported ``FAILED`` with what to do, and
never stops the others (:func:`deliver`).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from darksite.targets.base import FAILED, Delivery, Target, TargetError

REMOTE_SCHEMES = ("s3://", "git:")


def is_remote(spec: str) -> bool:
    """True for a target that is not a local folder."""
    return spec.startswith(REMOTE_SCHEMES)


def parse_target(spec: str, *, endpoint_url: str | None = None) -> Target:
    """The target ``spec`` names; a ``scheme://`` darksite does not know is refused."""
    if spec.startswith("s3://"):
        from darksite.targets.s3 import S3Target

        return S3Target(spec, endpoint_url=endpoint_url)
    if spec.startswith("git:"):
        from darksite.targets.git import GitTarget

        return GitTarget(spec)
    if "://" in spec:
        raise TargetError(f"--to {spec}: darksite publishes to a folder, to s3://BUCKET/PREFIX "
                          "or to git:PATH#BRANCH, not to this kind of address")
    from darksite.targets.local import LocalTarget

    return LocalTarget(spec)


def deliver_one(target: Target, release: Path, name: str, *, source_root: Path,
                keep: int) -> Delivery:
    """Put then read back one target; every failure becomes a FAILED row, never an exception."""
    try:
        done = target.put(release, name, source_root=source_root, keep=keep)
        checked = target.verify(release, name)
    except TargetError as error:
        return Delivery(target.name, FAILED, message=str(error))
    except Exception as error:  # a target's fault must not stop the others
        return Delivery(target.name, FAILED,
                        message=f"{target.name}: {type(error).__name__}: {error}; run the "
                                "same command again")
    return Delivery(done.target, done.state, release=done.release, uploaded=done.uploaded,
                    skipped=done.skipped, deleted=done.deleted, verified=checked,
                    seconds=done.seconds, notes=done.notes)


def deliver(targets: Sequence[Target], release: Path, name: str, *, source_root: Path,
            keep: int = 5) -> tuple[Delivery, ...]:
    """Every target at once (one slow provider does not delay the others), in the given order."""
    if not targets:
        return ()
    with ThreadPoolExecutor(max_workers=len(targets)) as pool:
        futures = [pool.submit(deliver_one, target, release, name, source_root=source_root,
                               keep=keep) for target in targets]
        return tuple(future.result() for future in futures)


__all__ = ["Delivery", "Target", "TargetError", "deliver", "is_remote", "parse_target"]
