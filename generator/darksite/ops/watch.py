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

import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

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


class ChangeCollector(FileSystemEventHandler):
    """Remembers that something relevant changed, and when, for the debounce loop."""

    def __init__(self, trees: list[WatchedTree], excluded: list[Path]) -> None:
        self.trees = trees
        self.excluded = [path.resolve() for path in excluded]
        self.changed = threading.Event()
        self.last_change = 0.0
        self.lock = threading.Lock()

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
        if event.is_directory or event.event_type not in RELEVANT_EVENTS:
            return
        paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
        if any(self.relevant(path) for path in paths):
            with self.lock:
                self.last_change = time.monotonic()
            self.changed.set()

    def wait_for_quiet(self, debounce: float, stop: threading.Event) -> bool:
        """Block until a change is followed by ``debounce`` quiet seconds; False if stopped."""
        while not stop.is_set():
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


def watched_trees(project) -> tuple[list[WatchedTree], list[Path]]:
    """What to watch for a project, and what to leave out (its site_dir)."""
    settings = project.settings
    config_path = Path(project.config.config_file_path).resolve()
    trees = [
        WatchedTree(settings.incidents_dir.resolve(), recursive=False),
        WatchedTree(settings.docs_dir.resolve(), recursive=True),
        WatchedTree(config_path.parent, recursive=False, only=config_path),
    ]
    custom_dir = project.config.theme.custom_dir
    if custom_dir:
        trees.append(WatchedTree(Path(custom_dir).resolve(), recursive=True))
    return trees, [settings.site_dir]


def watch(config_file: str | Path | None, to: str | Path, *, keep: int = DEFAULT_KEEP,
          allow_unapproved_changes: Collection[str] = (), full: bool = False,
          debounce: float = DEBOUNCE,
          on_published: Callable[[Published], None] = lambda published: None,
          on_refused: Callable[[DarksiteError], None] = lambda error: None,
          on_ready: Callable[[list[Path]], None] = lambda paths: None,
          stop: threading.Event | None = None) -> None:
    """Publish now, then after every relevant change, until ``stop`` is set (or Ctrl+C)."""
    from darksite.project import open_project

    stopping = stop or threading.Event()
    project = open_project(config_file)
    trees, excluded = watched_trees(project)
    collector = ChangeCollector(trees, [*excluded, Path(to)])
    observer = Observer()
    watched: list[Path] = []
    for tree in trees:
        if tree.path.is_dir():
            observer.schedule(collector, str(tree.path), recursive=tree.recursive)
            watched.append(tree.only or tree.path)
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
        while collector.wait_for_quiet(debounce, stopping):
            attempt()
    finally:
        observer.stop()
        observer.join(timeout=5)
