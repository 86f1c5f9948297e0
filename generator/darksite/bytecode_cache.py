"""Jinja's compiled-template cache, made harmless: it may speed a build up, never fail it.

Compiling mkdocs-material's templates costs about half a second per build,
so darksite keeps Jinja's bytecode in ``.darksite-cache/jinja/``. That folder
is only a cache: on a full disk, a read-only checkout or a folder owned by
someone else, reading or writing it must not stop a build (or a publish in
a crisis); the template is then simply compiled again.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket


class SafeBytecodeCache(FileSystemBytecodeCache):
    """:class:`FileSystemBytecodeCache` that treats every file system fault as a cache miss."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


def bytecode_cache(folder: Path) -> SafeBytecodeCache | None:
    """A cache in ``folder`` (created if needed), or None when the folder cannot be made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return SafeBytecodeCache(str(folder))
