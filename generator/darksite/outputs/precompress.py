"""Precompressed copies (``page.html.gz``) beside the text files of a release, for
nginx's ``gzip_static``.

Why: under a crisis spike the CPU, not the network, is what a small server
runs out of first, and ``gzip on`` compresses every response again, for every
reader. With ``gzip_static on`` (in the shipped ``nginx-darksite.conf``)
nginx sends the ready ``.gz`` file to a client that accepts gzip, with
``sendfile`` and no compression at all; ``bench/load.py`` measures the
difference (docs/performance.md, "Load").

A ``.gz`` that no longer matches its file would be served instead of the
current text, so :func:`precompress` is run on every release before it is
marked complete (:meth:`darksite.ops.releases.PublishDir.mark_complete`),
whatever built it: a ``.gz`` whose CRC-32 and size (the gzip trailer) are
not those of its file is written again (the fast path rewrites a few files
of a hard-linked copy of the live release: their old ``.gz`` links are
replaced, never written through), and a ``.gz`` whose file is gone is
deleted. The output is deterministic (no time or name in the gzip header),
so a release compresses to the same bytes however it was built.
"""

from __future__ import annotations

import gzip
import os
import struct
import zlib
from pathlib import Path

COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map",
                          ".webmanifest", ".ics", ".md", ".vtt"})
NOT_COMPRESSED = frozenset({"_headers", "nginx-darksite.conf", "sitemap.xml",
                            ".darksite-release.json"})
"""The hosting files (never served), the release marker (written after), and the sitemap,
whose ``.gz`` MkDocs writes itself."""
LEVEL = 6
"""zlib's default: within 1-2% of level 9 on HTML, several times faster on a full build."""


def is_compressible(path: Path) -> bool:
    return path.suffix in COMPRESSIBLE and path.name not in NOT_COMPRESSED


def _matches(source: Path, compressed: Path) -> bool:
    """True if ``compressed`` is gzip of ``source``'s bytes (by the gzip trailer)."""
    try:
        with compressed.open("rb") as stream:
            stream.seek(-8, os.SEEK_END)
            crc, size = struct.unpack("<II", stream.read(8))
        data = source.read_bytes()
    except OSError:
        return False
    return size == len(data) & 0xFFFFFFFF and crc == zlib.crc32(data)


def _write(source: Path, compressed: Path) -> None:
    data = gzip.compress(source.read_bytes(), compresslevel=LEVEL, mtime=0)
    temp = compressed.with_name(f".{compressed.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, compressed)  # a new inode: a hard-linked old .gz is never written through


def precompress(site: Path) -> int:
    """Make every compressible file's ``.gz`` current; delete orphans. Files written."""
    written = 0
    for path in sorted(site.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if path.suffix == ".gz":
            source = path.with_suffix("")
            if is_compressible(source) and not source.is_file():
                path.unlink()
            continue
        if not is_compressible(path):
            continue
        compressed = path.with_name(path.name + ".gz")
        if not _matches(path, compressed):
            _write(path, compressed)
            written += 1
    return written
