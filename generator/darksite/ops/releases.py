"""The publish folder: immutable releases and one ``current`` symlink that moves atomically.

Layout of ``DIR`` (point the web server at ``DIR/current``)::

    DIR/
      current -> releases/20261125T093012345678Z-3fa9c1   (symlink, relative)
      releases/
        20261125T081500123456Z-0b7e2d/   a complete release (has the marker)
        20261125T093012345678Z-3fa9c1/   ...
      .publish.lock                      serialises publish, rollback and prune

A release that ``rollback`` left gets a :data:`ROLLED_BACK` note, so that a
later rollback never returns to it.

A release is *complete* once :data:`MARKER` exists inside it; the marker is
written last, after the build and the checks, and after everything is
flushed to disk. ``current`` is only ever switched by creating a temporary
symlink and renaming it over ``current`` (``rename(2)`` is atomic), so a
reader sees either the old release or the new one, and a process killed at
any moment leaves ``current`` on a complete release. Anything a killed
publish leaves behind (a release without marker, a temporary link, a
half-deleted release) is hidden or incomplete, never live, and is removed by
the next publish.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from darksite import clock
from darksite.errors import PublishError
from darksite.fs_errors import kind_of, shown
from darksite.ops.atomic import fsync_directory, write_atomic
from darksite.ops.errors import NoReleaseError
from darksite.ops.locking import PUBLISH_TIMEOUT, locked
from darksite.outputs.precompress import precompress

RELEASES = "releases"
CURRENT = "current"
MARKER = ".darksite-release.json"
ROLLED_BACK = ".darksite-rolled-back"
LOCK_FILE = ".publish.lock"
TEMP_LINK_PREFIX = ".current.tmp-"
TRASH_PREFIX = ".trash-"
STAMP = "%Y%m%dT%H%M%S%fZ"


def _token() -> str:
    return secrets.token_hex(3)


@dataclass(frozen=True)
class PublishDir:
    """One publish folder (``DIR`` of ``publish --to DIR``)."""

    root: Path

    @property
    def releases(self) -> Path:
        return self.root / RELEASES

    @property
    def current(self) -> Path:
        return self.root / CURRENT

    def ensure(self) -> None:
        self.refuse_foreign_current()
        self.releases.mkdir(parents=True, exist_ok=True)

    def refuse_foreign_current(self) -> None:
        """Refuse to touch a ``current`` that is not darksite's symlink (a file, a folder)."""
        if self.current.exists() and not self.current.is_symlink():
            raise PublishError(
                f"{shown(self.current)} is {kind_of(self.current)}, not the symlink darksite "
                "manages: move it away (or publish to a new folder) so that it can be switched "
                "atomically; the live site was not changed"
            )

    def lock(self):
        return locked(self.root / LOCK_FILE, what=f"the publish folder {shown(self.root)}",
                      timeout=PUBLISH_TIMEOUT)

    # -- releases --------------------------------------------------------------------------

    def new_name(self) -> str:
        """Sortable by time (UTC, microseconds), unique by a random tail.

        Names order releases, so a new one must sort after every existing
        one even if the clock stepped back: then it takes the newest time
        plus a microsecond.
        """
        moment = clock.now()
        names = sorted(entry.name for entry in self.releases.iterdir()
                       if not entry.name.startswith(".")) if self.releases.is_dir() else []
        if names:
            try:
                newest = datetime.strptime(names[-1].split("-")[0], STAMP).replace(tzinfo=UTC)
            except ValueError:
                newest = None
            if newest is not None and moment <= newest:
                moment = newest + timedelta(microseconds=1)
        return f"{moment.strftime(STAMP)}-{_token()}"

    def is_complete(self, name: str) -> bool:
        release = self.releases / name
        return (release / MARKER).is_file() and (release / "index.html").is_file()

    def complete_releases(self) -> list[str]:
        """Names of complete releases, oldest first."""
        if not self.releases.is_dir():
            return []
        return sorted(entry.name for entry in self.releases.iterdir()
                      if not entry.name.startswith(".") and entry.is_dir()
                      and self.is_complete(entry.name))

    def current_name(self) -> str | None:
        """The release ``current`` points at, or ``None`` before the first publish."""
        try:
            target = os.readlink(self.current)
        except (FileNotFoundError, OSError):
            return None
        return Path(target).name

    def previous(self, name: str | None) -> str | None:
        """The rollback target: the newest complete release older than ``name``.

        Releases that were rolled back from are skipped: they went live once
        and were found wrong, so rolling back never returns to one of them.
        """
        if name is None:
            return None
        older = [release for release in self.complete_releases()
                 if release < name and not (self.releases / release / ROLLED_BACK).exists()]
        return older[-1] if older else None

    def mark_complete(self, name: str, info: dict[str, object],
                      linked_from: str | None = None) -> None:
        """Flush the release to disk, then write its marker: from now on it may go live.

        ``linked_from``: the complete release this one is a hard-linked copy of
        (the fast path), whose unchanged ``.gz`` pairs need no second check.
        """
        release = self.releases / name
        # gzip_static must never find a .gz older than its file
        precompress(release, self.releases / linked_from if linked_from else None)
        os.sync()  # every built file on disk before the marker says the release is whole
        data = json.dumps({"release": name, **info}, indent=2, sort_keys=True) + "\n"
        write_atomic(release / MARKER, data.encode("utf-8"))
        fsync_directory(self.releases)

    def switch_to(self, name: str) -> None:
        """Point ``current`` at release ``name`` in one atomic rename."""
        temp = self.root / f"{TEMP_LINK_PREFIX}{_token()}"
        os.symlink(f"{RELEASES}/{name}", temp)
        try:
            os.replace(temp, self.current)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
        fsync_directory(self.root)

    def discard(self, name: str) -> None:
        """Remove a release: first renamed out of sight (atomic), then deleted."""
        release = self.releases / name
        if not release.exists():
            return
        trash = self.releases / f"{TRASH_PREFIX}{name}-{_token()}"
        os.rename(release, trash)
        shutil.rmtree(trash, ignore_errors=True)

    def clean_stale(self) -> list[str]:
        """Remove what killed publishes left: partial releases, trash, temporary links.

        Call only under the publish lock: then no other publish is writing.
        """
        removed: list[str] = []
        for entry in sorted(self.root.glob(f"{TEMP_LINK_PREFIX}*")):
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry.name)
        if not self.releases.is_dir():
            return removed
        live = self.current_name()
        for entry in sorted(self.releases.iterdir()):
            if entry.name.startswith(TRASH_PREFIX):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry.name)
            elif (entry.is_dir() and not entry.name.startswith(".")
                  and entry.name != live and not self.is_complete(entry.name)):
                self.discard(entry.name)
                removed.append(entry.name)
        return removed

    def prune(self, keep: int) -> list[str]:
        """Delete complete releases beyond the newest ``keep``; never current or its previous."""
        complete = self.complete_releases()
        live = self.current_name()
        protected = set(complete[-keep:]) | {live, self.previous(live)}
        pruned = [name for name in complete if name not in protected]
        for name in pruned:
            self.discard(name)
        return pruned

    def rollback_target(self) -> tuple[str, str]:
        """(the live release, the one ``rollback`` would switch to), or NoReleaseError."""
        self.refuse_foreign_current()
        live = self.current_name()
        if live is None:
            raise NoReleaseError(f"nothing is published in {self.root} yet: nothing to roll back")
        target = self.previous(live)
        if target is None:
            raise NoReleaseError(
                f"{live} is the oldest complete release in {self.releases}: there is no earlier "
                "release to roll back to"
            )
        return live, target

    def rollback(self) -> tuple[str, str]:
        """Switch ``current`` to the previous complete release: (from, to)."""
        live, target = self.rollback_target()
        with contextlib.suppress(OSError):
            (self.releases / live / ROLLED_BACK).write_text(
                f"rolled back to {target} at {clock.now().isoformat()}\n",
                encoding="utf-8")
        self.switch_to(target)
        return live, target
