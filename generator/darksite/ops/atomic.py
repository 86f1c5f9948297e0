"""Writing files so that a reader (or a crash) never sees half of one.

Every write goes to a temporary file in the same folder (so the final rename
stays on one file system and is atomic), is flushed to disk with ``fsync``,
then renamed over the target; the folder itself is fsynced so the rename
survives a power cut. A process killed at any moment leaves either the old
file or the new one, plus at worst a hidden ``.NAME.*.tmp`` file that no
loader reads (incident files are ``*.yaml``).

A write the file system refuses (disk full, read-only, permission) leaves
the target as it was and raises :class:`~darksite.fs_errors.FileSystemError`
saying so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from darksite.fs_errors import file_boundary, shown

TEMP_SUFFIX = ".tmp"


def fsync_directory(path: Path) -> None:
    """Make renames and new entries in ``path`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def _default_mode() -> int:
    """The mode a plain ``open(..., "w")`` would give: 0o666 minus the umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _write_temp(path: Path, data: bytes, mode: int) -> Path:
    """``data`` in a fsynced temporary file beside ``path``; the caller renames or removes it."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)  # mkstemp makes 0600 files; keep the file readable as before
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permission bits."""
    with file_boundary(path, doing=f"cannot save {shown(path)}", outcome="nothing was changed"):
        _replace(path, data)


def _replace(path: Path, data: bytes) -> None:
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = _default_mode()
    temp = _write_temp(path, data, mode)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_directory(path.parent)


def create_atomic(path: Path, data: bytes) -> bool:
    """Create ``path`` with ``data`` unless it exists; ``False`` (nothing written) if it does.

    ``os.link`` refuses to overwrite, so two people creating the same incident
    at once cannot clobber each other: exactly one of them wins.
    """
    with file_boundary(path, doing=f"cannot create {shown(path)}",
                       outcome="nothing was written"):
        return _create(path, data)


NO_HARD_LINKS = (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK)
"""What ``link(2)`` says on a file system without hard links (vfat, some network mounts)."""


def _create(path: Path, data: bytes) -> bool:
    temp = _write_temp(path, data, _default_mode())
    try:
        os.link(temp, path)
    except FileExistsError:
        return False
    except OSError as error:
        if error.errno not in NO_HARD_LINKS:
            raise
        return _create_exclusive(path, data)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    fsync_directory(path.parent)
    return True


def _create_exclusive(path: Path, data: bytes) -> bool:
    """Where hard links fail: ``O_EXCL`` still lets exactly one creator win."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _default_mode())
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    fsync_directory(path.parent)
    return True
