"""A sitemap index when the site outgrows one sitemap (the protocol's 50,000 URLs).

MkDocs writes ``sitemap.xml`` (and ``sitemap.xml.gz``) with every page. The
sitemap protocol caps one file at 50,000 URLs (and 50 MB); past that, search
engines ignore the rest, and a dark site that has published for years with
lite and press pages can get there. Then this module splits the list into
``sitemap-1.xml``, ``sitemap-2.xml``... of at most :data:`URL_LIMIT` each and
writes ``sitemap_index.xml`` listing them; ``sitemap.xml`` (and its gzipped
copy) becomes the same index, so ``robots.txt`` and anything that already
knows the sitemap's address keep working. Below the limit nothing changes.

MkDocs lists only the pages it rendered: the source language. The pages of
the other declared languages (``/<lang>/`` and ``/<lang>/<id>/``, written by
:mod:`darksite.outputs.languages`) are added here, each right after the page
it translates and dated as that page is, so that a search engine finds the
Welsh page of an incident as soon as the English one (:func:`with_languages`).
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

from darksite.outputs.writer import SiteWriter

URL_LIMIT = 50_000
SITEMAP_PATH = "sitemap.xml"
INDEX_PATH = "sitemap_index.xml"
URL_ELEMENT = re.compile(r"<url>.*?</url>", re.DOTALL)
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
_LOC = re.compile(r"<loc>([^<]*)</loc>")
_LASTMOD = re.compile(r"\s*<lastmod>[^<]*</lastmod>")
LISTING_PREFIXES = ("archive/", "lite/page/")
"""Pages that list incidents: their ``lastmod`` is the newest change of any shown incident."""


def _lastmod(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _site_path(loc: str, base_path: str) -> str:
    path = unquote(urlsplit(loc.replace("&amp;", "&")).path)
    return path[len(base_path):] if path.startswith(base_path) else path.lstrip("/")


def _incident_of(path: str, ids: Mapping[str, datetime],
                 languages: Sequence[str] = ()) -> str | None:
    parts = [part for part in path.split("/") if part]
    if parts and (parts[0] == "lite" or parts[0] in languages) and len(parts) > 1:
        parts = parts[1:]
    return parts[0] if parts and parts[0] in ids else None


def with_languages(text: str, site_url: str | None, incident_ids: Collection[str],
                   languages: Sequence[str]) -> str:
    """``text`` with the home page and each incident page followed by its other languages.

    The copy of a ``<url>`` differs only in its ``<loc>``: ``/<lang>/`` put
    before the path. Pages already listed are not listed twice, so the
    function can run on a sitemap it has already extended (the fast path of
    ``publish`` starts from the live release's).
    """
    if not languages:
        return text
    base_path = urlsplit(site_url).path if site_url else "/"
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    listed = set(_LOC.findall(text))

    def one(match: re.Match[str]) -> str:
        element = match.group(0)
        loc = _LOC.search(element)
        if loc is None:
            return element
        path = _site_path(loc.group(1), base_path)
        translated = path == "" or (path.count("/") == 1 and path.endswith("/")
                                    and path[:-1] in incident_ids)
        if not translated or not loc.group(1).endswith(path):
            return element
        prefix = loc.group(1)[:len(loc.group(1)) - len(path)]
        copies = [element]
        for lang in languages:
            other = f"{prefix}{lang}/{path}"
            if other not in listed:
                copies.append(element.replace(loc.group(0), f"<loc>{other}</loc>", 1))
        return "\n    ".join(copies)

    return URL_ELEMENT.sub(one, text)


def with_lastmods(text: str, site_url: str | None, changed: Mapping[str, datetime],
                  newest: datetime | None, *, keep_others: bool = False,
                  languages: Sequence[str] = ()) -> str:
    """The sitemap ``text`` with each ``lastmod`` saying when its page's content last changed.

    MkDocs dates every URL with the build date, which moves on every rebuild
    and tells a crawler nothing. Here an incident's pages (full, lite, press
    release) carry the incident's last change (:attr:`Incident.last_updated`:
    its updates and corrections), the home page and the listings the newest
    of any shown incident, and other pages none (``lastmod`` is optional, and
    darksite does not know when a hand-written page changed).
    ``keep_others``: leave the URLs of other incidents as they are (the fast
    path passes only the incidents it rebuilt). ``languages``: the declared
    other languages, whose ``/<lang>/<id>/`` pages are dated as ``/<id>/``
    and whose ``/<lang>/`` as the home page.
    """
    base_path = urlsplit(site_url).path if site_url else "/"
    base_path = base_path if base_path.endswith("/") else base_path + "/"

    def one(match: re.Match[str]) -> str:
        element = match.group(0)
        loc = _LOC.search(element)
        if loc is None:
            return element
        path = _site_path(loc.group(1), base_path)
        incident = _incident_of(path, changed, languages)
        if incident is not None:
            moment: datetime | None = changed[incident]
        elif (path in ("", "lite/") or path.startswith(LISTING_PREFIXES)
              or path in {f"{lang}/" for lang in languages}):
            moment = newest
        elif keep_others:
            return element
        else:
            moment = None
        bare = _LASTMOD.sub("", element)
        if moment is None:
            return bare
        return bare.replace("</loc>", f"</loc>\n         <lastmod>{_lastmod(moment)}</lastmod>",
                            1)

    return URL_ELEMENT.sub(one, text)


def _loc_base(site_url: str | None) -> str | None:
    """The ``<loc>`` of the home page (MkDocs' ``site_url`` with its slash), or None."""
    if not site_url:
        return None
    return site_url if site_url.endswith("/") else site_url + "/"


def with_new_incident_page(text: str, site_url: str | None, incident_id: str,
                           before: str | None, after: str | None,
                           languages: Sequence[str] = ()) -> str:
    """``text`` with the page of an incident that has just become public, where MkDocs
    lists it: incident pages are listed in file order, so right before the page of the
    next public incident (``after``) or, with none, right after the page of the one
    before (``before``) and its language versions.

    The element is a copy of its neighbour's with the ``<loc>`` changed and no
    ``lastmod`` (:func:`set_lastmods` dates it, and adds its language
    versions). Raises ValueError when the neighbour is not listed exactly
    once, or there is none: then the caller builds in full.
    """
    base = _loc_base(site_url)
    if base is None:
        return text  # MkDocs lists no page without a site_url
    elements = list(URL_ELEMENT.finditer(text))

    def find(incident: str, prefix: str = "") -> int:
        loc = f"<loc>{escape(base + prefix + incident)}/</loc>"
        found = [number for number, element in enumerate(elements) if loc in element.group(0)]
        if len(found) != 1:
            raise ValueError(f"the sitemap lists the page of {incident} {len(found)} times")
        return found[0]

    if after is not None:
        neighbour = elements[find(after)]
        insert_at = neighbour.start()
    elif before is not None:
        last = find(before)
        for lang in languages:
            last = max(last, find(before, f"{lang}/"))
        neighbour = elements[last]
        insert_at = neighbour.end()
    else:
        raise ValueError("no other incident page is listed to place the new one by")
    element = _LASTMOD.sub("", neighbour.group(0))
    element = _LOC.sub(lambda _: f"<loc>{escape(base + incident_id)}/</loc>", element, count=1)
    if after is not None:
        return text[:insert_at] + element + "\n    " + text[insert_at:]
    return text[:insert_at] + "\n    " + element + text[insert_at:]


def set_lastmods(site_dir: Path, site_url: str | None, changed: Mapping[str, datetime],
                 newest: datetime | None, *, keep_others: bool = False,
                 incident_ids: Collection[str] = (), languages: Sequence[str] = (),
                 new_pages: Mapping[str, tuple[str | None, str | None]] | None = None,
                 ) -> list[str]:
    """:func:`with_languages` then :func:`with_lastmods` on ``site_dir/sitemap.xml`` and its
    gzipped copy; the paths written.

    ``incident_ids``: every incident the site shows (their pages have language versions).
    ``new_pages``: incidents just made public by the fast path, with their neighbours
    (:func:`with_new_incident_page`), placed first.

    The gzipped copy gets mtime 0 (MkDocs stamps it with the build date), so
    that a rebuild gives the same bytes.
    """
    sitemap = site_dir / SITEMAP_PATH
    if not sitemap.is_file():
        return []
    text = sitemap.read_text(encoding="utf-8")
    for incident_id, (before, after) in (new_pages or {}).items():
        text = with_new_incident_page(text, site_url, incident_id, before, after, languages)
    text = with_languages(text, site_url, incident_ids, languages)
    text = with_lastmods(text, site_url, changed, newest, keep_others=keep_others,
                         languages=languages)
    writer = SiteWriter(site_dir)
    writer.write_text(SITEMAP_PATH, text)
    written = [SITEMAP_PATH]
    compressed = site_dir / (SITEMAP_PATH + ".gz")
    if compressed.exists():
        # A new file renamed over the old one: the old may be a hard link into the live release.
        fresh = compressed.with_name("." + compressed.name + ".tmp")
        fresh.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
        os.replace(fresh, compressed)
        written.append(SITEMAP_PATH + ".gz")
    return written


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
