"""One mapping from :class:`OSError` to a located, one-line message that says what to do.

Why: a full disk, a read-only mount, a permission, a file where a folder
should be are not bugs; the person at the keyboard can fix each of them, and
at 3 a.m. they need the path and the next step, not a Python traceback. Every
file boundary of darksite (atomic writes, locks, the publish folder, the
build's own writes) turns what the operating system said into a
:class:`FileSystemError` through :func:`explain` (or the :func:`file_boundary`
context manager), and the CLI maps any OSError that still escapes the same
way, so there is exactly one wording for each fault.

A message reads ``WHAT PATH: PROBLEM: ADVICE; OUTCOME``, for example::

    cannot save incidents/x.yaml: the disk holding incidents is full: free
    space, then run the same command again; nothing was changed

``OUTCOME`` is said only by the code that knows it (an atomic write knows
the file is untouched; ``publish`` knows the live site is).
"""

from __future__ import annotations

import contextlib
import errno
import inspect
import os
import resource
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import TypeVar

from darksite.errors import DarksiteError

AGAIN = "then run the same command again"

T = TypeVar("T")


class FileSystemError(DarksiteError):
    """The file system refused something (full, read-only, permission, wrong kind of file).

    ``path`` is the file or folder concerned, ``errno`` the operating
    system's code; the message is complete and fits on one line.
    """

    def __init__(self, *, doing: str, problem: str, path: str | None, code: int | None,
                 outcome: str | None = None) -> None:
        self.doing = doing
        self.problem = problem
        self.path = path
        self.errno = code
        self.outcome = outcome
        super().__init__(self._text())

    def _text(self) -> str:
        head = f"{self.doing}: " if self.doing else ""
        tail = f"; {self.outcome}" if self.outcome else ""
        return f"{head}{self.problem}{tail}"

    def with_outcome(self, outcome: str | None) -> FileSystemError:
        """The same fault, told with what the caller knows about what was (not) changed."""
        if not outcome or outcome == self.outcome:
            return self
        return FileSystemError(doing=self.doing, problem=self.problem, path=self.path,
                               code=self.errno, outcome=outcome)


def shown(path: str | os.PathLike[str] | None) -> str:
    """``path`` as a person recognises it: relative to the current folder when inside it."""
    if path is None:
        return ""
    text = os.fsdecode(path)
    with contextlib.suppress(OSError, ValueError):
        absolute = Path(os.path.abspath(text))
        relative = absolute.relative_to(Path.cwd())
        return str(relative) if str(relative) != "." else str(absolute)
    return text


def kind_of(path: Path) -> str:
    """What is at ``path``, in words: ``a regular file``, ``a symbolic link to X, which ...``."""
    try:
        if path.is_symlink():
            target = os.readlink(path)
            return (f"a symbolic link to {target}" if path.exists()
                    else f"a symbolic link to {target}, which does not exist")
        if path.is_dir():
            return "a folder"
        if path.is_file():
            return "a regular file"
        if path.exists():
            return "a special file"
    except OSError:
        return "something darksite cannot inspect"
    return "nothing"


def _first_non_folder(path: Path, *, itself: bool = False) -> Path | None:
    """The first folder on the way to ``path`` that is a file or a dangling link.

    That is why ENOTDIR (or ENOENT, for a dangling link) was raised;
    ``itself``: ``path`` may be the culprit too.
    """
    for part in [*reversed(path.parents), path][1:]:
        if part == path and not itself:
            return None
        try:
            if part.is_symlink() and not part.exists():
                return part
            if part.exists() and not part.is_dir():
                return part
        except OSError:
            return None
    return None


def _folder_of(path: Path) -> Path:
    """The folder whose file system a write to ``path`` uses."""
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            return path
    return path.parent


def _open_files_limit() -> str:
    with contextlib.suppress(OSError, ValueError):
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        return f" (the limit is {soft})"
    return ""


def problem_text(error: OSError, path: Path | None, other: Path | None = None) -> str:
    """What went wrong and what to do about it, for one OSError about ``path``."""
    code = error.errno
    where = shown(path) if path is not None else "a file"
    folder = shown(_folder_of(path)) if path is not None else "the target folder"
    if code == errno.ENOSPC:
        return f"the disk holding {folder} is full: free space, {AGAIN}"
    if code == errno.EDQUOT:
        return (f"your disk quota for {folder} is used up: free space or ask for a larger "
                f"quota, {AGAIN}")
    if code == errno.EROFS:
        return (f"{folder} is on a read-only file system: remount it read-write (or use a "
                f"writable folder), {AGAIN}")
    if code == errno.EACCES:
        return (f"permission denied for {where}: give the user running darksite access "
                f"(see ls -ld {where}), {AGAIN}")
    if code == errno.EPERM:
        return (f"{where} may not be changed (operation not permitted): check its owner and "
                f"attributes (ls -ld {where}; lsattr: an immutable file needs chattr -i), "
                f"{AGAIN}")
    if code == errno.ENOTDIR and path is not None:
        culprit = _first_non_folder(path)
        if culprit is not None:
            return (f"{shown(culprit)} is {kind_of(culprit)}, where a folder is needed: move "
                    f"it away (or choose another path), {AGAIN}")
        return f"{where} is not a folder: choose a folder, {AGAIN}"
    if code == errno.EISDIR:
        return (f"{where} is a folder, where a file is needed: move it away (or name a "
                f"file), {AGAIN}")
    if code == errno.EEXIST and path is not None:
        return (f"{where} is {kind_of(path)}, not what darksite expected there: move it "
                f"away, {AGAIN}")
    if code == errno.ENOENT and path is not None:
        culprit = _first_non_folder(path, itself=True)
        if culprit is not None and culprit.is_symlink():
            return (f"{shown(culprit)} is {kind_of(culprit)}: fix or remove the link, "
                    f"{AGAIN}")
        return f"{where} does not exist: check the path, {AGAIN}"
    if code == errno.ELOOP:
        return (f"{where} is {kind_of(path) if path is not None else 'a symbolic link'}; "
                f"darksite needs a real file or folder there (or a link that resolves): "
                f"remove or fix the link, {AGAIN}")
    if code in (errno.EMFILE, errno.ENFILE):
        return (f"too many files are open{_open_files_limit()}: raise the limit (ulimit -n "
                f"4096) or close other programs, {AGAIN}")
    if code == errno.ENAMETOOLONG:
        return (f"the name {where} is too long for the file system: use a shorter id or "
                f"folder, {AGAIN}")
    if code == errno.EXDEV:
        pair = f"{where} and {shown(other)}" if other is not None else where
        return (f"{pair} are on different file systems: keep the publish folder on one file "
                f"system, {AGAIN}")
    if code == errno.ENOTEMPTY:
        return f"{where} is a folder that is not empty: move it away, {AGAIN}"
    if code in (errno.EBUSY, errno.ETXTBSY):
        return f"{where} is busy (in use by another program): wait for it, {AGAIN}"
    if code == errno.EIO:
        return (f"input/output error on {where}: the disk may be failing (see dmesg); copy "
                f"the project to a healthy disk, {AGAIN}")
    if code == errno.ESTALE:
        return (f"{where} is on a network file system that lost track of it: remount it, "
                f"{AGAIN}")
    reason = error.strerror or str(error) or type(error).__name__
    name = errno.errorcode.get(code, "") if code is not None else ""
    return f"{where}: {reason}{f' ({name})' if name else ''}"


WRITE_FAULTS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
"""Faults of the place written to: of a copy (``src -> dest``), the destination is meant."""


def explain(error: OSError, path: str | os.PathLike[str] | None = None, *, doing: str = "",
            outcome: str | None = None,
            fallback: str | os.PathLike[str] | None = None) -> FileSystemError:
    """The :class:`FileSystemError` for ``error``.

    ``path`` is the file concerned; without it, the error's own file name
    (the destination of a copy, for a full disk), else ``fallback``.
    ``doing`` names the action (``cannot save incidents/x.yaml``); without
    it, the message starts with the problem.
    """
    named = error.filename2 if error.filename2 is not None and error.errno in WRITE_FAULTS \
        else error.filename
    chosen = path if path is not None else named if named is not None else fallback
    target = Path(os.fsdecode(chosen)) if chosen is not None else None
    other = Path(os.fsdecode(error.filename2)) if error.filename2 is not None else None
    return FileSystemError(doing=doing, problem=problem_text(error, target, other),
                           path=shown(target) if target is not None else None,
                           code=error.errno, outcome=outcome)


@contextlib.contextmanager
def file_boundary(path: str | os.PathLike[str] | None = None, *, doing: str = "",
                  outcome: str | None = None) -> Iterator[None]:
    """Inside this block, an OSError becomes a :class:`FileSystemError` (with ``outcome``).

    A :class:`FileSystemError` raised further in passes through, told with
    this boundary's ``outcome`` when it has one: the outer code knows better
    what was left unchanged.
    """
    try:
        yield
    except FileSystemError as error:
        raise error.with_outcome(outcome) from error.__cause__
    except OSError as error:
        raise explain(error, path, doing=doing, outcome=outcome) from error


def boundary(*, outcome: str,
             where: str | None = None) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """:func:`file_boundary` around a whole function (``publish``, ``rollback``).

    ``where`` names the function's argument that is the folder it works in:
    the place named for a fault whose error carries no file name (a write
    to a file that is already open).
    """

    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        signature = inspect.signature(function)

        @wraps(function)
        def wrapped(*args, **kwargs) -> T:
            try:
                return function(*args, **kwargs)
            except FileSystemError as error:
                told = error.with_outcome(outcome)
                folder = _argument(signature, where, args, kwargs)
                if folder is not None and isinstance(error.__cause__, OSError):
                    told = on_its_disk(error.__cause__, told, Path(folder))
                raise told from error.__cause__
            except OSError as error:
                folder = _argument(signature, where, args, kwargs)
                told = explain(error, outcome=outcome, fallback=folder)
                if folder is not None:
                    told = on_its_disk(error, told, Path(folder))
                raise told from error

        return wrapped

    return decorate


def _argument(signature: inspect.Signature, name: str | None, args: tuple,
              kwargs: dict) -> str | os.PathLike[str] | None:
    if name is None:
        return None
    with contextlib.suppress(TypeError):
        return signature.bind(*args, **kwargs).arguments.get(name)
    return None


def on_its_disk(error: OSError, told: FileSystemError, folder: Path) -> FileSystemError:
    """A full or read-only disk told by the folder the user named, not a file deep inside.

    ``the disk holding out is full`` says what to free; a path inside a new
    release that was just thrown away would name a folder that is gone.
    """
    if error.errno not in WRITE_FAULTS or told.path is None:
        return told
    inside = Path(os.path.abspath(told.path))
    if not _is_within(inside, Path(os.path.abspath(folder))):
        return told
    again = explain(error, folder, doing=told.doing, outcome=told.outcome)
    return again


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
