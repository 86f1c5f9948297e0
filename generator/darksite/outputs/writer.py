"""One place that writes output files into the built site.

Like Pelican's writer, it refuses to write one output path twice: two outputs
claiming ``/feed.xml`` is a bug that must fail loudly, not a race that the last
writer silently wins. Each file is written to a temporary name and renamed, so
a reader (nginx serving the site while it is rebuilt in place) never sees half
a ``status.json``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputCollisionError(RuntimeError):
    """Raised when two outputs try to write the same path: a bug in darksite, not user input."""


class SiteWriter:
    """Writes text files under ``site_dir`` by site-relative path (``lite/x/index.html``)."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.written: list[str] = []

    def write_text(self, relative_path: str, text: str) -> Path:
        """Write ``text`` as UTF-8 at ``relative_path``; return the absolute path."""
        if relative_path in self.written:
            raise OutputCollisionError(f"two darksite outputs both write {relative_path}")
        target = self.site_dir / relative_path
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.written.append(relative_path)
        return target
