"""``watch``: publish on every saved change; keep the last good site live on a bad one.

A watchdog observer follows ``incidents/``, the docs folder (``site_src/``),
the theme overrides (``themes/``) and ``mkdocs.yml``. Bursts of events (an
editor saving writes, renames and touches several files) are merged: the
publish starts once nothing has changed for :data:`DEBOUNCE` seconds. Each
publish is the full :func:`~darksite.ops.publish.publish`, so an incident
made invalid is held back with its diagnostics (its last published version
stays live) while every other incident keeps being published.

Ignored: directories' own events, reads (``opened``, ``closed_no_write``),
hidden files and folders (darksite's lock folder and temporary files, emacs'
``.#`` locks), editor swap and backup files (``.swp``, ``~``, vim's ``4913``
probe, ``#autosave#``), and anything inside the publish folder or the
configured ``site_dir``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from darksite.errors import DarksiteError, PublishError
from darksite.ops.publish import DEFAULT_KEEP, Published, publish

DEBOUNCE = 0.3
RELEVANT_EVENTS = frozenset({"created", "modified", "moved", "deleted", "closed"})
IGNORED_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".lock", ".part", ".bak", "~")
IGNORED_NAMES = frozenset({"4913"})


def is_ignored_name(name: str) -> bool:
    """Whether a file name is an editor's or darksite's own scratch file."""
    return (
        name.startswith(".")
        or name.endswith(IGNORED_SUFFIXES)
        or name in IGNORED_NAMES
        or (name.startswith("#") and name.endswith("#"))
    )


@dataclass(frozen=True)
class WatchedTree:
    """One folder to watch, and whether only one of its files matters."""

    path: Path
    recursive: bool
    only: Path | None = None
    named: Path | None = None
    """The folder as configured (it may be a symlink); ``path`` is where it resolved."""

    @property
    def name(self) -> Path:
        return self.named or self.path


class ChangeCollector(FileSystemEventHandler):
    """Remembers that something relevant changed, and when, for the debounce loop."""

    def __init__(self, trees: list[WatchedTree], excluded: list[Path]) -> None:
        self.trees = trees
        self.excluded = [path.resolve() for path in excluded]
        self.changed = threading.Event()
        self.last_change = 0.0
        self.lock = threading.Lock()
        self.lost: set[Path] = set()
        """Watched folders whose own watch ended (deleted or moved away): re-armed by name.

        A folder deleted and made again at once may get the same inode back,
        so :meth:`TreeWatches.rearm`'s identity check alone can miss it; the
        kernel's last event for the old watch cannot.
        """

    def relevant(self, raw: str) -> bool:
        if not raw:
            return False
        path = Path(raw)
        resolved = path.resolve()
        if any(resolved == ex or ex in resolved.parents for ex in self.excluded):
            return False
        for tree in self.trees:
            if tree.only is not None:
                if resolved == tree.only:
                    return True
                continue
            try:
                relative = resolved.relative_to(tree.path)
            except ValueError:
                continue
            if not any(is_ignored_name(part) for part in relative.parts):
                return True
        return False

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory and event.event_type in ("deleted", "moved"):
            gone = Path(str(event.src_path))
            if any(gone == tree.path for tree in self.trees):
                with self.lock:
                    self.lost.add(gone)
                self.note_change()
            return
        if event.is_directory or event.event_type not in RELEVANT_EVENTS:
            return
        paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
        if any(self.relevant(path) for path in paths):
            with self.lock:
                self.last_change = time.monotonic()
            self.changed.set()

    def take_lost(self) -> set[Path]:
        with self.lock:
            lost, self.lost = self.lost, set()
        return lost

    def note_change(self) -> None:
        with self.lock:
            self.last_change = time.monotonic()
        self.changed.set()

    def wait_for_quiet(self, debounce: float, stop: threading.Event,
                       poll: Callable[[], bool] = lambda: False) -> bool:
        """Block until a change is followed by ``debounce`` quiet seconds; False if stopped.

        ``poll`` runs while waiting (every 0.2 s); True from it counts as a change.
        """
        while not stop.is_set():
            if poll():
                self.note_change()
            if not self.changed.wait(timeout=0.2):
                continue
            while not stop.is_set():
                with self.lock:
                    quiet_for = time.monotonic() - self.last_change
                if quiet_for >= debounce:
                    self.changed.clear()
                    return True
                time.sleep(debounce - quiet_for)
        return False


def folder_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the folder now at ``path``; None if there is no folder there."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino) if stat.S_ISDIR(found.st_mode) else None


class TreeWatches:
    """The observer's watch on each tree, re-armed whenever its folder is replaced.

    Why: an inotify watch follows a folder's inode, not its name. After
    ``rm -rf incidents && mkdir incidents``, a ``git checkout`` that swaps
    the folder, or ``mv incidents old && mv new incidents``, the old watch
    sees nothing more (or sees ``old``), and ``watch`` would silently stop
    publishing. So :meth:`rearm` (called every 0.2 s while waiting) compares
    each folder's (device, inode) with the one it armed; when it differs,
    the old watch is dropped, a new one armed on whatever now has the name
    (a folder that appears later is armed too), and that counts as a change:
    the new folder's files may differ from what was published.
    """

    def __init__(self, observer: BaseObserver, collector: ChangeCollector) -> None:
        self.observer = observer
        self.collector = collector
        self.trees = collector.trees  # the same list: re-armed trees are what relevant() sees
        self.identities: list[tuple[int, int] | None] = [None] * len(self.trees)
        self.watches: list[ObservedWatch | None] = [None] * len(self.trees)

    def arm(self) -> list[Path]:
        """Watch every tree whose folder exists; the paths watched.

        A folder that cannot be watched at start (the kernel's inotify limits)
        is a :class:`WatchLimitError`: watching nothing would be silent.
        """
        for index in range(len(self.trees)):
            try:
                self._arm(index, strict=True)
            except OSError as error:
                raise WatchLimitError(watch_failure(self.trees[index].name, error)) from None
        return [tree.only or tree.path for tree, watch in zip(self.trees, self.watches,
                                                                  strict=True) if watch]

    def rearm(self) -> bool:
        """Re-arm each tree whose folder was replaced, removed or created; True if any was."""
        changed = False
        lost = self.collector.take_lost()
        for index, tree in enumerate(self.trees):
            if tree.path in lost or folder_identity(tree.name) != self.identities[index]:
                self._disarm(index)
                self._arm(index)
                changed = True
        return changed

    def _arm(self, index: int, strict: bool = False) -> None:
        tree = self.trees[index]
        identity = folder_identity(tree.name)
        if identity is None:
            self.identities[index] = None
            return
        path = tree.name.resolve()
        self.trees[index] = WatchedTree(path, recursive=tree.recursive, only=tree.only,
                                        named=tree.name)
        try:
            self.watches[index] = self.observer.schedule(self.collector, str(path),
                                                         recursive=tree.recursive)
        except OSError:  # out of inotify watches, say: try again on the next poll
            self.identities[index] = None
            if strict:
                raise
            return
        self.identities[index] = identity

    def _disarm(self, index: int) -> None:
        watch, self.watches[index] = self.watches[index], None
        if watch is not None:
            with contextlib.suppress(KeyError, OSError):
                self.observer.unschedule(watch)


class WatchLimitError(DarksiteError):
    """Raised when a folder cannot be watched at all (the kernel's inotify limits)."""


def watch_failure(path: Path, error: OSError) -> str:
    """Why ``path`` cannot be watched and what to do; inotify's ENOSPC is not a full disk."""
    from darksite.fs_errors import explain, shown

    if error.errno == errno.ENOSPC:
        return (f"cannot watch {shown(path)}: the system's limit of inotify watches is reached "
                "(this is not a full disk): raise it, e.g. sudo sysctl "
                "fs.inotify.max_user_watches=524288, then run the same command again")
    if error.errno == errno.EMFILE:
        return (f"cannot watch {shown(path)}: the system's limit of inotify instances is "
                "reached: raise it, e.g. sudo sysctl fs.inotify.max_user_instances=1024, or "
                "stop other watchers, then run the same command again")
    return str(explain(error, path, doing=f"cannot watch {shown(path)}"))


def watched_trees(project) -> tuple[list[WatchedTree], list[Path]]:
    """What to watch for a project, and what to leave out (its site_dir)."""
    settings = project.settings
    config_path = Path(project.config.config_file_path).resolve()
    trees = [
        WatchedTree(settings.incidents_dir.resolve(), recursive=False,
                    named=settings.incidents_dir.absolute()),
        WatchedTree(settings.docs_dir.resolve(), recursive=True,
                    named=settings.docs_dir.absolute()),
        WatchedTree(config_path.parent, recursive=False, only=config_path),
    ]
    custom_dir = project.config.theme.custom_dir
    if custom_dir:
        trees.append(WatchedTree(Path(custom_dir).resolve(), recursive=True,
                                 named=Path(custom_dir).absolute()))
    return trees, [settings.site_dir]


def watch(config_file: str | Path | None, to: str | Path, *, keep: int = DEFAULT_KEEP,
          allow_unapproved_changes: Collection[str] = (), full: bool = False,
          debounce: float = DEBOUNCE,
          on_published: Callable[[Published], None] = lambda published: None,
          on_refused: Callable[[DarksiteError], None] = lambda error: None,
          on_ready: Callable[[list[Path]], None] = lambda paths: None,
          stop: threading.Event | None = None) -> None:
    """Publish now, then after every relevant change, until ``stop`` is set (or Ctrl+C)."""
    from darksite.mkdocs.project import open_project

    stopping = stop or threading.Event()
    project = open_project(config_file)
    trees, excluded = watched_trees(project)
    collector = ChangeCollector(trees, [*excluded, Path(to)])
    observer = Observer()
    watches = TreeWatches(observer, collector)
    watched = watches.arm()
    observer.start()

    def attempt() -> None:
        try:
            on_published(publish(config_file, to, keep=keep,
                                 allow_unapproved_changes=allow_unapproved_changes,
                                 full=full))
        except DarksiteError as error:
            on_refused(error)
        except Exception as error:  # a bug must not stop the watch: the live site stays
            on_refused(PublishError(f"unexpected {type(error).__name__}: {error}"))

    try:
        attempt()
        on_ready(watched)
        while collector.wait_for_quiet(debounce, stopping, poll=watches.rearm):
            attempt()
    finally:
        observer.stop()
        observer.join(timeout=5)
