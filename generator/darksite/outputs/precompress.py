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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from darksite.outputs.site_files import regular_files

COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map",
                          ".webmanifest", ".ics", ".md", ".vtt"})
NOT_COMPRESSED = frozenset({"_headers", "nginx-darksite.conf", "sitemap.xml",
                            ".darksite-release.json"})
"""The hosting files (never served), the release marker (written after), and the sitemap,
whose ``.gz`` MkDocs writes itself."""
LEVEL = 6
"""zlib's default: within 1-2% of level 9 on HTML, several times faster on a full build."""


def is_compressible(path: Path) -> bool:
    return _compressible_name(path.name)


def is_precompressed_copy(path: Path) -> bool:
    """Whether ``path`` is named as the ``.gz`` that :func:`precompress` writes beside a
    file (``page.html.gz``), as opposed to a ``.gz`` the site itself serves."""
    return path.suffix == ".gz" and is_compressible(path.with_suffix(""))


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


def precompress(site: Path, linked_from: Path | None = None) -> int:
    """Make every compressible file's ``.gz`` current; delete orphans. Files written.

    ``linked_from``: a complete release that ``site`` was made from by hard
    links (the fast path). A file whose inode and whose ``.gz``'s inode are
    both those of the same pair there is the very pair that release checked
    when it was completed, so it is not read again: at 1,000 incidents that
    skips reading and CRC-checking some 4,800 files, nearly all of them.
    """
    files = regular_files(site)
    before = regular_files(linked_from) if linked_from is not None else {}
    pending: list[str] = []
    for relative in sorted(files):
        if relative.endswith(".gz"):
            source = relative[:-3]
            if (_compressible_name(source) and source not in files
                    and not (site / source).is_file()):
                (site / relative).unlink()
            continue
        if not _compressible_name(relative):
            continue
        compressed = relative + ".gz"
        if (relative in before and compressed in before and compressed in files
                and files[relative].inode() == before[relative].inode()
                and files[compressed].inode() == before[compressed].inode()):
            continue
        pending.append(relative)
    return sum(_map(lambda relative: _refresh(site / relative), pending))


def _refresh(path: Path) -> bool:
    """Write ``path``'s ``.gz`` unless it is current; whether it was written."""
    compressed = path.with_name(path.name + ".gz")
    if _matches(path, compressed):
        return False
    _write(path, compressed)
    return True


WORKERS = 4
"""Threads that compress at once: zlib lets go of the GIL while it compresses, so on two
cores an activation's thousand banner pages are compressed in about half the time."""


def _map(work: Callable[[str], bool], items: list[str]) -> list[bool]:
    """``work`` on each item, on up to :data:`WORKERS` threads when there are many."""
    if len(items) < 2 * WORKERS:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(WORKERS, os.cpu_count() or 1)) as pool:
        return list(pool.map(work, items, chunksize=16))


def _compressible_name(relative: str) -> bool:
    """Whether the file at ``relative`` (text, so that no Path is made per file) gets a
    ``.gz``."""
    name = relative.rpartition("/")[2]
    return os.path.splitext(name)[1] in COMPRESSIBLE and name not in NOT_COMPRESSED
