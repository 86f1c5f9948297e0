"""The generated source tree: what darksite hands to a renderer, as bytes by path.

Layout (paths are POSIX, relative to the tree's folder):

- ``docs/``: Markdown pages with front matter; incident pages, the home
  page and the archive carry their content as pre-rendered HTML (so that an
  engine without darksite's plugin draws the same page), evergreen pages
  from ``site_src/`` as written, and their media;
- ``overrides/``: the theme overrides (``main.html`` with the banner,
  ``404.html``, the stylesheet and the palette script);
- ``outputs/``: the non-HTML outputs and the lite and press pages, copied
  into the site after rendering, untouched by the engine;
- ``site.json``: the engine-neutral site settings (name, URL, theme,
  Markdown extensions) that each adapter turns into its own config file.

Every file carries a digest of its *inputs* (not of its bytes): the cache
(:mod:`darksite.pipeline.cache`) looks an output up by that digest before
making it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DOCS = "docs"
OVERRIDES = "overrides"
OUTPUTS = "outputs"
SITE_CONFIG = "site.json"


RECORD = ".darksite-tree.json"
"""The digest of every file of a written tree, by path (see :func:`write_tree`)."""


class GeneratedFile:
    """One generated file: its bytes and the digest of what it was made from.

    A file taken from the cache is not read unless someone asks for its
    bytes (``stored``: the cache's copy): a warm build of a thousand
    incidents then reads none of the files it does not rewrite.
    """

    __slots__ = ("_data", "digest", "stored")

    def __init__(self, data: bytes | None, digest: str, stored: Path | None = None) -> None:
        if data is None and stored is None:
            raise ValueError("a generated file needs its bytes or the path of a stored copy")
        self._data = data
        self.digest = digest
        self.stored = stored

    @property
    def data(self) -> bytes:
        if self._data is None:
            assert self.stored is not None
            self._data = self.stored.read_bytes()
        return self._data

    def __repr__(self) -> str:
        return f"GeneratedFile(digest={self.digest[:12]}..., stored={self.stored})"


@dataclass(frozen=True)
class GeneratedTree:
    """The whole generated tree, in path order."""

    files: Mapping[str, GeneratedFile]

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def data(self, path: str) -> bytes:
        return self.files[path].data

    def digests(self) -> dict[str, str]:
        return {path: file.digest for path, file in self.files.items()}

    def under(self, folder: str) -> dict[str, bytes]:
        """The files under ``folder/``, by path relative to it."""
        prefix = folder.rstrip("/") + "/"
        return {path[len(prefix):]: file.data for path, file in self.files.items()
                if path.startswith(prefix)}


def _read_record(tree_dir: Path) -> dict[str, str]:
    try:
        record = json.loads((tree_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def place(source: Path, target: Path, *, link: bool) -> None:
    """``target`` becomes a new file with ``source``'s bytes: a hard link, else a copy.

    Never written through: an existing ``target`` is unlinked first, so a file
    that shares its inode (a cache object, a file of an earlier release) keeps
    its bytes. The copy is the fallback where links are refused (another file
    system, a file system without them, a link-count limit).
    """
    target.unlink(missing_ok=True)
    if link:
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    shutil.copyfile(source, target)


def write_tree(tree: GeneratedTree, tree_dir: Path) -> list[str]:
    """Make ``tree_dir`` hold exactly ``tree``; return the paths whose digest changed.

    Why a record of digests (``RECORD``): a file whose digest is the one the
    record holds has the same bytes already, so it is neither read nor written
    (same bytes, same mtime, for an engine's own cache). The record is removed
    before the first write and written after the last, so a build killed half
    way leaves no record and the next one compares nothing it cannot trust.
    A file from the cache is hard-linked from it, never written through; the
    tree is private to its build (one build at a time holds its lock), so no
    temporary file and rename is needed. Files no longer generated are removed.
    """
    tree_dir.mkdir(parents=True, exist_ok=True)
    record = _read_record(tree_dir)
    (tree_dir / RECORD).unlink(missing_ok=True)
    changed = []
    made_folders: set[Path] = set()
    for path, file in tree.files.items():
        target = tree_dir / path
        if record.get(path) == file.digest and target.is_file():
            continue
        folder = target.parent
        if folder not in made_folders:
            folder.mkdir(parents=True, exist_ok=True)
            made_folders.add(folder)
        if file.stored is not None:
            place(file.stored, target, link=True)
        else:
            target.unlink(missing_ok=True)
            target.write_bytes(file.data)
        changed.append(path)
    if set(record) - set(tree.files) or not record:
        _remove_stale(tree, tree_dir)
    written = tree_dir / (RECORD + ".new")
    written.write_text(json.dumps(tree.digests(), sort_keys=True), encoding="utf-8")
    os.replace(written, tree_dir / RECORD)
    return changed


def _remove_stale(tree: GeneratedTree, tree_dir: Path) -> None:
    """Remove what the tree no longer holds (and folders left empty)."""
    for folder in (DOCS, OVERRIDES, OUTPUTS):
        root = tree_dir / folder
        if not root.is_dir():
            continue
        for existing in sorted(root.rglob("*"), reverse=True):
            relative = existing.relative_to(tree_dir).as_posix()
            if existing.is_file() and relative not in tree.files:
                existing.unlink()
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()


def engine_config(tree_dir: Path) -> dict[str, Any]:
    """``site.json`` of a written tree, with its docs and overrides folders made absolute."""
    config: dict[str, Any] = json.loads((tree_dir / SITE_CONFIG).read_text(encoding="utf-8"))
    config["docs_dir"] = str(tree_dir / DOCS)
    theme = dict(config.get("theme") or {"name": "material"})
    theme["custom_dir"] = str(tree_dir / OVERRIDES)
    config["theme"] = theme
    return config
