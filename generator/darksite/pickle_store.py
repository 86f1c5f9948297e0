"""darksite's own cache files: one pickled ``(stamp, entries)`` pair, written atomically.

Why one module: the incident cache, the check-findings cache and the Markdown
cache all keep a dict between runs under ``.darksite-cache/``. Each file is
darksite's own (never taken from anyone else), so unpickling it is safe; a
file of another darksite version or format is ignored, never trusted; and a
failure to read or write only costs the next run some time, never an error.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

_UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
               AttributeError, ImportError, IndexError)


def load(path: Path, stamp: object) -> dict[Any, Any] | None:
    """The entries of ``path`` if it was written with ``stamp``; None otherwise."""
    try:
        with open(path, "rb") as stream:
            found, entries = pickle.load(stream)
    except _UNREADABLE:
        return None
    if found == stamp and isinstance(entries, dict):
        return entries
    return None


def save(path: Path, stamp: object, entries: dict[Any, Any]) -> bool:
    """Write ``(stamp, entries)`` to ``path`` through a temporary file; whether it worked."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-",
                                        suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((stamp, entries), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except (OSError, pickle.PicklingError):
        Path(temp).unlink(missing_ok=True)
        return False
    return True
