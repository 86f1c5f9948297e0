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
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DOCS = "docs"
OVERRIDES = "overrides"
OUTPUTS = "outputs"
SITE_CONFIG = "site.json"


@dataclass(frozen=True)
class GeneratedFile:
    """One generated file: its bytes and the digest of what it was made from."""

    data: bytes
    digest: str


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


def write_tree(tree: GeneratedTree, tree_dir: Path) -> list[str]:
    """Make ``tree_dir`` hold exactly ``tree``; return the paths whose bytes changed.

    Unchanged files are left alone (same bytes, same mtime), so that an
    engine's own cache sees only what changed; files no longer generated are
    removed. Each write is a rename of a complete temporary file.
    """
    tree_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for path, file in tree.files.items():
        target = tree_dir / path
        try:
            if target.read_bytes() == file.data:
                continue
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(file.data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
        changed.append(path)
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
    return changed


def engine_config(tree_dir: Path) -> dict[str, Any]:
    """``site.json`` of a written tree, with its docs and overrides folders made absolute."""
    config: dict[str, Any] = json.loads((tree_dir / SITE_CONFIG).read_text(encoding="utf-8"))
    config["docs_dir"] = str(tree_dir / DOCS)
    theme = dict(config.get("theme") or {"name": "material"})
    theme["custom_dir"] = str(tree_dir / OVERRIDES)
    config["theme"] = theme
    return config
