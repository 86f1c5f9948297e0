"""File locks that serialise writers: one per incident file, one per publish folder.

The locks are ``flock`` locks (:mod:`filelock`), so the kernel releases them
when a process dies: a killed ``darksite update`` never leaves a stale lock
behind, and there is nothing to clean up by hand.

Incident locks live in ``incidents/.darksite-locks/``, a hidden folder that
ignores itself in git (it holds its own ``.gitignore``) and that no loader
reads (incident files are ``incidents/*.yaml``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from darksite.errors import LockTimeoutError
from darksite.fs_errors import file_boundary, shown

LOCK_DIR_NAME = ".darksite-locks"
LOCK_SUFFIX = ".lock"
EDIT_TIMEOUT = 15.0
"""Seconds to wait for another edit of the same file; an edit holds the lock for milliseconds."""

PUBLISH_TIMEOUT = 300.0
"""Seconds to wait for another publish to the same folder; a large build takes tens of seconds."""


def incident_lock_path(incident_file: Path) -> Path:
    """The lock file that guards ``incident_file``, created with its folder if needed."""
    folder = incident_file.parent / LOCK_DIR_NAME
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            ignore.write_text("# darksite lock files: never commit them\n*\n", encoding="utf-8")
    return folder / f"{incident_file.name}{LOCK_SUFFIX}"


@contextlib.contextmanager
def locked(lock_file: Path, *, what: str, timeout: float) -> Iterator[None]:
    """Hold the lock on ``lock_file``; :class:`LockTimeoutError` after ``timeout`` seconds."""
    lock = FileLock(str(lock_file), timeout=timeout)
    timed_out = False
    with file_boundary(lock_file, doing=f"cannot lock {what} (lock file {shown(lock_file)})",
                       outcome="nothing was changed"):
        try:
            lock.acquire()
        except Timeout:  # a TimeoutError, so an OSError: not a file system fault
            timed_out = True
    if timed_out:
        raise LockTimeoutError(
            f"{what} is being changed by another darksite command (lock {lock_file}); "
            f"waited {timeout:g} s. Try again in a moment. The lock is released as soon as "
            "that command ends, even if it crashed."
        ) from None
    try:
        yield
    finally:
        lock.release()


def incident_locked(incident_file: Path, timeout: float = EDIT_TIMEOUT):
    """Hold the edit lock of one incident file: read-modify-write happens inside it."""
    folder = incident_file.parent / LOCK_DIR_NAME
    with file_boundary(folder, doing=f"cannot lock {shown(incident_file)} for editing",
                       outcome="nothing was changed"):
        lock_file = incident_lock_path(incident_file)
    return locked(lock_file, what=shown(incident_file), timeout=timeout)
