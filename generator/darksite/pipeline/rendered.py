"""What the last build left in a site folder, so that the next one renders only what changed.

Why: with nothing changed, a build of 1,000 incidents through the pipeline
still drew all 954 pages with MkDocs and copied 3,870 outputs into the site
(6.2 s wall, most of a bare mkdocs-material build of the same pages), and an
update to one incident did the same. The tree already says what changed
(every file carries the digest of its inputs, :mod:`darksite.pipeline.tree`);
this record says what the site folder was made from, so that a build can
hand the renderer only the pages that differ and copy only the outputs that
differ.

The record is trusted only when nothing else can have touched the folder:

- it was written after a finished build into this very folder, by this
  renderer at these versions, on this build date (MkDocs dates the sitemap);
- every file in the folder is as that build left it: the same paths, sizes
  and modification times, none added or removed (a hand edit, another
  tool's build or a half-copied folder makes the next build render in full);
- the tree holds the same paths (an incident added or removed, a page
  renamed: in full).

It is removed before a build writes anything and written after the build
has finished, so a build that fails or is killed leaves none, and the next
one renders in full. Whether a change can be rendered alone (the banner and
the navigation are on every page) is the renderer's call
(:class:`darksite.pipeline.port.IncrementalRenderer`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from darksite.outputs.site_files import regular_files
from darksite.pipeline.tree import DOCS, OUTPUTS, GeneratedTree

RECORD = "rendered.json"
"""In the pipeline's cache folder: the record of the last finished build."""

VERSION = 1


@dataclass(frozen=True)
class RenderRecord:
    """What one finished build made ``site_dir`` from, and how it left it."""

    site_dir: str
    renderer: str
    """The renderer's name and versions (:attr:`IncrementalRenderer.version`)."""
    build_date: str
    tree: dict[str, str]
    """Every tree path and its fingerprint (:func:`fingerprints`)."""
    site: dict[str, list[int]]
    """Every file of the site folder: its size and modification time (ns)."""


def fingerprints(tree: GeneratedTree, tree_dir: Path) -> dict[str, str]:
    """Each tree path with what decides whether it changed.

    Pages and outputs by the digest of their inputs (the cache already
    trusts it to stand for their bytes); the theme overrides and the site
    settings by their bytes, because the banner template's inputs (the
    active incidents) change with every update while its bytes do not.
    """
    found: dict[str, str] = {}
    for path, file in tree.files.items():
        if path.startswith((f"{DOCS}/", f"{OUTPUTS}/")):
            found[path] = file.digest
        else:
            found[path] = "bytes:" + hashlib.sha256((tree_dir / path).read_bytes()).hexdigest()
    return found


def site_state(site_dir: Path) -> dict[str, list[int]]:
    """Every regular file under ``site_dir``: ``[size, mtime_ns]`` by site path."""
    state: dict[str, list[int]] = {}
    for path, entry in regular_files(site_dir).items():
        stat = entry.stat(follow_symlinks=False)
        state[path] = [stat.st_size, stat.st_mtime_ns]
    return state


def read(folder: Path) -> RenderRecord | None:
    """The record in ``folder``, or None (none, unreadable, or of another version)."""
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        if data.pop("version", None) != VERSION:
            return None
        return RenderRecord(**data)
    except (OSError, ValueError, TypeError):
        return None


def forget(folder: Path) -> None:
    """Remove the record before a build writes anything (see the module docstring)."""
    (folder / RECORD).unlink(missing_ok=True)


def write(folder: Path, record: RenderRecord) -> None:
    """Keep ``record``, written whole or not at all."""
    text = json.dumps({"version": VERSION, **asdict(record)}, sort_keys=True)
    temporary = folder / (RECORD + ".new")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, folder / RECORD)


def changes(record: RenderRecord | None, *, site_dir: Path, renderer: str, build_date: str,
            tree: dict[str, str]) -> list[str] | None:
    """The tree paths whose fingerprint differs from ``record``'s, when the site folder holds
    exactly what that build left there; None when the site must be rendered in full."""
    if record is None or (record.site_dir, record.renderer, record.build_date) != (
            str(site_dir.resolve()), renderer, build_date):
        return None
    if record.tree.keys() != tree.keys():
        return None
    if site_state(site_dir) != record.site:
        return None
    return sorted(path for path, fingerprint in tree.items() if record.tree[path] != fingerprint)
