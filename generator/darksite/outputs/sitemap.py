"""A sitemap index when the site outgrows one sitemap (the protocol's 50,000 URLs).

MkDocs writes ``sitemap.xml`` (and ``sitemap.xml.gz``) with every page. The
sitemap protocol caps one file at 50,000 URLs (and 50 MB); past that, search
engines ignore the rest, and a dark site that has published for years with
lite and press pages can get there. Then this module splits the list into
``sitemap-1.xml``, ``sitemap-2.xml``... of at most :data:`URL_LIMIT` each and
writes ``sitemap_index.xml`` listing them; ``sitemap.xml`` (and its gzipped
copy) becomes the same index, so ``robots.txt`` and anything that already
knows the sitemap's address keep working. Below the limit nothing changes.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from darksite.outputs.writer import SiteWriter

URL_LIMIT = 50_000
SITEMAP_PATH = "sitemap.xml"
INDEX_PATH = "sitemap_index.xml"
URL_ELEMENT = re.compile(r"<url>.*?</url>", re.DOTALL)
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def chunks(items: Sequence[str], limit: int = URL_LIMIT) -> list[Sequence[str]]:
    """``items`` in consecutive runs of at most ``limit``."""
    if limit < 1:
        raise ValueError("a sitemap holds at least one URL")
    return [items[start:start + limit] for start in range(0, len(items), limit)]


def part_path(number: int) -> str:
    return f"sitemap-{number}.xml"


def urlset(url_elements: Sequence[str]) -> str:
    body = "\n    ".join(url_elements)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">\n'
            f"    {body}\n</urlset>\n")


def sitemap_index(locations: Sequence[str]) -> str:
    entries = "\n".join(f"    <sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in locations)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NAMESPACE}">\n'
            f"{entries}\n</sitemapindex>\n")


def split_sitemap(site_dir: Path, base_url: str, limit: int = URL_LIMIT) -> list[str]:
    """Split ``site_dir/sitemap.xml`` if it lists more than ``limit`` URLs; the paths written.

    ``base_url`` is the site's URL ending in ``/`` (or ``""``: relative locations).
    """
    sitemap = site_dir / SITEMAP_PATH
    if not sitemap.is_file():
        return []
    urls = URL_ELEMENT.findall(sitemap.read_text(encoding="utf-8"))
    if len(urls) <= limit:
        return []
    writer = SiteWriter(site_dir)
    parts = chunks(urls, limit)
    written = []
    for number, part in enumerate(parts, start=1):
        writer.write_text(part_path(number), urlset(part))
        written.append(part_path(number))
    index = sitemap_index([base_url + part_path(n) for n in range(1, len(parts) + 1)])
    writer.write_text(INDEX_PATH, index)
    sitemap.write_text(index, encoding="utf-8")
    compressed = site_dir / (SITEMAP_PATH + ".gz")
    if compressed.exists():
        compressed.write_bytes(gzip.compress(index.encode("utf-8"), mtime=0))
    return [*written, INDEX_PATH, SITEMAP_PATH]
