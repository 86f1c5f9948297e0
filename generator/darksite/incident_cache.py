"""A cache of parsed, valid incidents keyed by each file's exact bytes.

Why: at 1,000 incidents, parsing and validating YAML costs more than a second
on every build, although a crisis update changes one file. Only clean results
are cached (a file with any error is read afresh every time, so its
diagnostics are always current), the key is the file's SHA-256 together with
its name and the loader's version, and anything wrong with the cache file
(missing, corrupt, from another version) simply means a cold load. The cache
never decides what is published: it only saves re-reading identical bytes.
"""

from __future__ import annotations

import copyreg
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from darksite import __version__, pickle_store
from darksite.diagnostics import Diagnostic
from darksite.model import Incident

CACHE_FORMAT = 3
"""Bump when the model or the loader's rules change in a way old entries would hide."""

CACHE_FILE = "incidents.pickle"


def read_only(mapping: dict) -> MappingProxyType:
    """Rebuilds the model's read-only mappings when unpickling."""
    return MappingProxyType(mapping)


def _reduce_mapping_proxy(proxy: MappingProxyType) -> tuple:
    return read_only, (dict(proxy),)


copyreg.pickle(MappingProxyType, _reduce_mapping_proxy)  # the model's read-only mappings


@dataclass(frozen=True)
class CachedIncident:
    """One clean load result: the incident and its (warning-only) loader diagnostics."""

    digest: str
    incident: Incident
    diagnostics: tuple[Diagnostic, ...]


@dataclass
class IncidentCache:
    """Entries by file name; ``dirty`` once anything was added or dropped."""

    folder: Path
    entries: dict[str, CachedIncident] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def open(cls, folder: Path) -> IncidentCache:
        """The cache in ``folder``; empty when there is none or it cannot be trusted."""
        cache = cls(folder=folder)
        entries = pickle_store.load(folder / CACHE_FILE, (CACHE_FORMAT, __version__))
        if entries is not None:
            cache.entries = entries
        return cache

    def get(self, name: str, digest: str) -> CachedIncident | None:
        entry = self.entries.get(name)
        return entry if entry is not None and entry.digest == digest else None

    def put(self, name: str, entry: CachedIncident) -> None:
        self.entries[name] = entry
        self.dirty = True

    def keep_only(self, names: set[str]) -> None:
        """Forget files that no longer exist, so the cache does not grow forever."""
        stale = set(self.entries) - names
        for name in stale:
            del self.entries[name]
        self.dirty = self.dirty or bool(stale)

    def save(self, background: bool = False) -> None:
        """Write atomically; a cache that cannot be written is only a slower next build.

        ``background``: write it from a detached process (double fork, so no
        zombie is left) where forking is safe, so that the command does not
        wait for it; readers see the old cache or the new one, never a part.
        """
        if not self.dirty:
            return
        if background and can_fork():
            first = os.fork()
            if first:
                os.waitpid(first, 0)  # the intermediate child exits at once
                self.dirty = False
                return
            try:
                if os.fork() == 0:
                    self.save()
            finally:
                os._exit(0)
        if pickle_store.save(self.folder / CACHE_FILE, (CACHE_FORMAT, __version__),
                             self.entries):
            self.dirty = False


def can_fork() -> bool:
    """Whether forking is safe here: POSIX, and no other thread that could hold a lock."""
    import threading

    return hasattr(os, "fork") and threading.active_count() == 1


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
