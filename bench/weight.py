"""Page weight and other-origin requests, read from the built files.

A page "weighs" its HTML plus every same-origin resource the HTML makes the
browser fetch (stylesheets, scripts, icons, images, media, preloads) and
every file those stylesheets pull in (``@import``, ``url()``), each gzipped
as a web server sends it (level 6, what nginx's ``gzip_comp_level`` is
usually set to; Debian's default is 1, which only makes files bigger).
Counting every ``url()`` of a stylesheet errs on the heavy side: a browser
fetches a font or image only when a rule uses it.

A resource with its own scheme and host (``https://fonts...``, ``//cdn...``)
is a request to another origin, which the crisis site must never make: it
can fail under load, track readers, or be blocked. Links a reader may
follow (``<a href>``) and the canonical URL are not requests.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

GZIP_LEVEL = 6

LOADING_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload",
                          "modulepreload", "manifest", "prefetch"})
"""``<link rel>`` values that make the browser fetch the ``href``."""

SOURCE_ATTRIBUTES = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "iframe": ("src",), "embed": ("src",), "object": ("data",), "input": ("src",),
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


class ResourceParser(HTMLParser):
    """Collects the URLs an HTML page makes the browser load, and its inline styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "link":
            rels = set(attributes.get("rel", "").lower().split())
            if rels & LOADING_RELS and attributes.get("href"):
                self.urls.append(attributes["href"])
        for name in SOURCE_ATTRIBUTES.get(tag, ()):
            value = attributes.get(name, "")
            if name == "srcset":
                self.urls.extend(part.split()[0] for part in value.split(",") if part.strip())
            elif value:
                self.urls.append(value)
        if attributes.get("style"):
            self.inline_css.append(attributes["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_css.append(data)


def css_urls(css: str) -> list[str]:
    """The URLs a stylesheet may fetch (``url()`` and ``@import``)."""
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]


def is_other_origin(url: str) -> bool:
    """Whether ``url`` names a host: any such request leaves the site's own origin."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data", "blob", "about")


def is_fetched(url: str) -> bool:
    """Whether ``url`` is a network fetch at all (``data:`` and fragments are not)."""
    stripped = url.strip()
    return bool(stripped) and not stripped.startswith(("data:", "#", "blob:", "about:"))


@dataclass
class PageWeight:
    """A page and what it loads, raw and gzipped; ``other_origin`` lists foreign URLs."""

    page: str
    files: dict[str, int] = field(default_factory=dict)
    """Site-relative path -> gzipped bytes (the page itself included)."""
    raw_bytes: int = 0
    missing: list[str] = field(default_factory=list)
    other_origin: list[str] = field(default_factory=list)

    @property
    def gzipped_bytes(self) -> int:
        return sum(self.files.values())

    @property
    def requests(self) -> int:
        return len(self.files)


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def _resolve(base: str, url: str) -> str | None:
    """Site-relative path of ``url`` seen from the site-relative file ``base``."""
    path = unquote(urlsplit(url.strip()).path)
    if not path:
        return None
    joined = path.lstrip("/") if path.startswith("/") else \
        posixpath.join(posixpath.dirname(base), path)
    normal = posixpath.normpath(joined)
    if normal.startswith(".."):
        return None
    return normal


def _file_for(site: Path, relative: str) -> Path | None:
    candidate = site / relative
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def page_weight(site: Path, page: str) -> PageWeight:
    """Everything ``page`` (site-relative, e.g. ``x/index.html``) loads, gzipped."""
    weight = PageWeight(page=page)
    queue: list[tuple[str, str]] = [(page, page)]  # (referrer, site-relative target)
    seen: set[str] = set()
    while queue:
        referrer, target = queue.pop(0)
        if target in seen:
            continue
        seen.add(target)
        path = _file_for(site, target)
        if path is None:
            weight.missing.append(f"{target} (from {referrer})")
            continue
        data = path.read_bytes()
        weight.files[target] = gzipped_size(data)
        weight.raw_bytes += len(data)
        for url in _references(path, data):
            if not is_fetched(url):
                continue
            if is_other_origin(url):
                weight.other_origin.append(url)
                continue
            resolved = _resolve(target, url)
            if resolved is not None:
                queue.append((target, resolved))
    return weight


def _references(path: Path, data: bytes) -> list[str]:
    if path.suffix in (".html", ".htm"):
        parser = ResourceParser()
        parser.feed(data.decode("utf-8", errors="replace"))
        urls = list(parser.urls)
        for css in parser.inline_css:
            urls.extend(css_urls(css))
        return urls
    if path.suffix == ".css":
        return css_urls(data.decode("utf-8", errors="replace"))
    return []


def other_origin_requests(site: Path) -> dict[str, list[str]]:
    """Page -> foreign URLs it would load, over every HTML page and stylesheet of ``site``."""
    found: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".htm", ".css") or not path.is_file():
            continue
        foreign = [u for u in _references(path, path.read_bytes())
                   if is_fetched(u) and is_other_origin(u)]
        if foreign:
            found[path.relative_to(site).as_posix()] = foreign
    return found
