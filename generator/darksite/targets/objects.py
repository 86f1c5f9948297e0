"""What each file of a release is when it leaves the machine: its headers and its turn.

An object store has no atomic rename of a whole site: objects are replaced
one by one, and a reader may arrive between any two. So the files of a
release go up in *waves*, each one only linking to files of earlier waves
or of the release already live:

0. ``assets``: everything that is not an HTML page and not an index
   (mkdocs-material's hashed CSS and JS, images, the per-incident feeds and
   channel texts): pages link to them, they link to nothing new;
1. ``new pages``: HTML pages that the live release does not have (a new
   incident's page and lite page); nothing live links to them yet;
2. ``changed pages``: pages the live release has, whose bytes changed (the
   banner on every page names the active incidents, whose pages are now up);
3. ``indexes``: what lists incidents and is read first: the home page, the
   lite home page, the 404 page, the site feed, ``status.json``, the
   ``api/`` files, the sitemaps and the search index.

Headers are the ones the nginx snippet and ``_headers`` send
(:mod:`darksite.outputs.hosting`), so a site looks the same from every host.
Objects are stored as they are, uncompressed, with no ``Content-Encoding``:
an object store does not negotiate ``Accept-Encoding``, so a gzipped object
would reach every client gzipped (docs/operations.md, "Object storage").
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from darksite.outputs.hosting import (
    ASSET_CACHE,
    HASHED_ASSET,
    HIDDEN_FILES,
    IMMUTABLE_CACHE,
    SHORT_CACHE,
)
from darksite.outputs.precompress import is_precompressed_copy

ASSETS, NEW_PAGES, CHANGED_PAGES, INDEXES = range(4)
WAVE_NAMES = ("assets", "new pages", "changed pages", "indexes")

INDEX_FILES = frozenset({
    "index.html", "404.html", "feed.xml", "status.json", "sitemap.xml", "sitemap.xml.gz",
    "robots.txt", "lite/index.html", "search/search_index.json",
})
INDEX_FOLDERS = ("api/",)
"""Files under these folders are indexes too (the Statuspage-shaped ``api/v2`` files)."""

LEFT_OUT = frozenset({".darksite-release.json"})
"""darksite's own completion marker: it is about the local release, not part of the site."""

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".gz": "application/gzip",
    ".webmanifest": "application/manifest+json",
    ".ics": "text/calendar; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
}


@dataclass(frozen=True)
class SiteFile:
    """One file of a release, as it is put on a target."""

    key: str
    """Its path in the site, ``/``-separated, no leading ``/`` (``water-2026/index.html``)."""
    path: Path | None
    """Where its bytes are on this machine (None: already on the target, e.g. a rollback)."""
    sha256: str
    size: int
    content_type: str
    cache_control: str

    @property
    def is_page(self) -> bool:
        return self.key.endswith(".html")

    @property
    def is_index(self) -> bool:
        return self.key in INDEX_FILES or self.key.startswith(INDEX_FOLDERS)


def content_type(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    if name == "feed.xml":
        return "application/atom+xml; charset=utf-8"
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix in TYPES:
        return TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def cache_control(key: str) -> str:
    if key.startswith("assets/"):
        return IMMUTABLE_CACHE if HASHED_ASSET.search(key) else ASSET_CACHE
    return SHORT_CACHE


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def site_files(release: Path, *, hosting_files: bool = False) -> list[SiteFile]:
    """Every file of the release folder, sorted by key.

    ``hosting_files``: keep ``_headers`` and ``nginx-darksite.conf`` (a Pages
    host reads ``_headers``); an object store serves every object, so they
    are left out there.
    """
    files: list[SiteFile] = []
    for path in sorted(release.rglob("*")):
        if not path.is_file():
            continue
        key = path.relative_to(release).as_posix()
        if key in LEFT_OUT or (not hosting_files and key in HIDDEN_FILES):
            continue
        if is_precompressed_copy(path):
            continue  # nginx's gzip_static copies: a store or a Pages host compresses itself
        files.append(SiteFile(key=key, path=path, sha256=sha256_of(path),
                              size=path.stat().st_size, content_type=content_type(key),
                              cache_control=cache_control(key)))
    return files


def wave_of(file: SiteFile, live: Mapping[str, str]) -> int:
    """The wave ``file`` goes up in, given the live release's ``key -> sha256``."""
    if file.is_index:
        return INDEXES
    if not file.is_page:
        return ASSETS
    return CHANGED_PAGES if file.key in live else NEW_PAGES


def waves(files: Iterable[SiteFile], live: Mapping[str, str]) -> list[list[SiteFile]]:
    """``files`` in their four waves (see the module docstring), each sorted by key."""
    grouped: list[list[SiteFile]] = [[] for _ in WAVE_NAMES]
    for file in files:
        grouped[wave_of(file, live)].append(file)
    return [sorted(group, key=lambda file: file.key) for group in grouped]
