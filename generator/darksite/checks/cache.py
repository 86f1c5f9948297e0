"""The findings of the message checks, kept across runs for incidents that did not change.

Why: the checks of 1,000 realistic incidents cost seconds (readability,
consistency and tone read every word), on every ``check``, ``build`` and
``publish``, although a crisis update changes one file. An incident's
findings depend on the incident, the settings and darksite's own code (the
rules, their word lists), and, for the rules that look at the clock
(``update-overdue``, ``action-overdue``...), on the moment. So:

- the key is a digest of the incident as loaded (its ``repr`` is its every
  field), the settings and the code of darksite's package;
- a rule that read ``context.now`` while checking the incident is stored as
  *timed* and runs again every time; every other rule's findings are reused;
- the file (``.darksite-cache/checks.pickle``) keeps only the incidents of
  the last run, so it never outgrows the project, and anything wrong with it
  only means checking again.

Findings, not diagnostics, are kept: lines and columns are located afresh
from the incident, and suppressions are applied afresh, each run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from darksite import pickle_store
from darksite.checks.registry import Finding
from darksite.model import Incident
from darksite.settings import Settings

CACHE_FILE = "checks.pickle"
CACHE_FORMAT = 2

TIMED = None
"""Stored for a rule that read the clock: its findings are made again every run."""

Stored = Mapping[str, tuple[Finding, ...] | None]
"""Findings by rule code for one incident (``TIMED`` for a rule that read the clock)."""


@lru_cache(maxsize=1)
def code_digest() -> str:
    """darksite's own package (rules, word lists, the model): a new darksite checks afresh."""
    import darksite

    digest = hashlib.sha256(str(CACHE_FORMAT).encode())
    package = Path(darksite.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc", ".pyo"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"unreadable")
    return digest.hexdigest()


class CheckCache:
    """Stored findings by incident digest; only what this run asked for is written back."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self._base = hashlib.sha256(
            (code_digest() + "\0" + repr(settings)).encode("utf-8")).digest()
        self._old: dict[str, dict[str, tuple[Finding, ...] | None]] = {}
        self._new: dict[str, dict[str, tuple[Finding, ...] | None]] = {}
        self.hits = 0
        self._old = pickle_store.load(folder / CACHE_FILE, CACHE_FORMAT) or {}

    def key(self, incident: Incident) -> str:
        """The incident's file (its name, the digest of its bytes) and its corrections.

        The loader makes the same incident, locations included, from the same
        bytes, and darksite's code is in the base; so the file's digest stands
        for the incident at a fraction of the cost of its ``repr`` (0.4 s at
        1,000 incidents, most of a warm check). An incident not read from a
        file (``content_digest`` empty) is keyed by its ``repr``, as before.
        """
        digest = hashlib.blake2b(self._base, digest_size=20)
        if incident.content_digest:
            digest.update(f"{incident.source}\0{incident.content_digest}\0".encode())
            digest.update(repr(incident.corrections).encode("utf-8"))
        else:
            digest.update(repr(incident).encode("utf-8"))
        return digest.hexdigest()

    def get(self, key: str) -> Stored | None:
        found = self._old.get(key)
        if found is not None:
            self.hits += 1
        return found

    def put(self, key: str, findings: dict[str, tuple[Finding, ...] | None]) -> None:
        self._new[key] = findings

    def save(self) -> None:
        """Write atomically, when anything changed; a failure only costs the next run time."""
        if self._new == self._old:
            return
        pickle_store.save(self.folder / CACHE_FILE, CACHE_FORMAT, self._new)
