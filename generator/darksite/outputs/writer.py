"""One place that writes output files into the built site.

Like Pelican's writer, it refuses to write one output path twice: two outputs
claiming ``/feed.xml`` is a bug that must fail loudly, not a race that the last
writer silently wins (a set, so the check stays constant-time at 10,000
incidents). Each folder is created once per writer.

``atomic=True`` (the default) writes each file to a temporary name and
renames it, so a reader (nginx serving a site rebuilt in place) never sees
half a ``status.json``, and a file hard-linked with the live release (the
fast path's copy) is replaced, never written through. A full build writes
into a folder MkDocs has just emptied, or a fresh release that goes live
whole by one rename: there ``atomic=False`` writes in place and saves a
``mkstemp``, a ``chmod`` and a ``rename`` per file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputCollisionError(RuntimeError):
    """Raised when two outputs try to write the same path: a bug in darksite, not user input."""


class SiteWriter:
    """Writes text files under ``site_dir`` by site-relative path (``lite/x/index.html``)."""

    def __init__(self, site_dir: Path, *, atomic: bool = True) -> None:
        self.site_dir = site_dir
        self.atomic = atomic
        self.written: set[str] = set()
        self._folders: set[Path] = set()

    def write_text(self, relative_path: str, text: str) -> Path:
        """Write ``text`` as UTF-8 at ``relative_path``; return the absolute path."""
        if relative_path in self.written:
            raise OutputCollisionError(f"two darksite outputs both write {relative_path}")
        target = self.site_dir / relative_path
        folder = target.parent
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        if self.atomic:
            _replace(target, text)
        else:
            with open(target, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        self.written.add(relative_path)
        return target


def _replace(target: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
