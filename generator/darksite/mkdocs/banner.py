"""Every page's banner drawn again, without rendering the page: how an activation goes live
in a second.

The banner (the active incidents, on every page) is the only part of most
pages that an activation, a severity change or a new title changes. A
1,000-incident site has about a thousand such pages, and rendering them all
through the theme is the whole cost of a full build. Here the fast path of
``publish`` replaces only the banner's region of each page it did not
render, with the region the theme would draw there.

What keeps this exactly a full build's output:

- the region is mkdocs-material's ``<div data-md-component="announce">``
  element, found by its shape; a page where it is not found exactly once,
  or where it is not byte for byte the banner drawn from the live release's
  facts (:func:`darksite.render.views.site_wide_facts`, kept in its
  manifest), is not touched and the caller builds in full: a page whose
  template draws its own banner can never be given ours;
- the banner itself is darksite's own partial
  (``partials/darksite-announce.html``), rendered by the theme's Jinja
  environment with MkDocs' ``url`` filter for the page's URL; the wrapper
  around it (``<aside class="md-banner">...``) is taken from the home page
  that MkDocs has just rendered in this same build, and every page that
  MkDocs rendered in this build is checked against what this module would
  draw for it;
- ``tests/test_fastpath.py`` compares the result with a full build, byte
  for byte.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from darksite.mkdocs.partial_build import BannerMismatch, detach
from darksite.outputs.site_files import regular_files

PARTIAL = "partials/darksite-announce.html"
OPEN = b'<div data-md-component="announce">'
REGION = re.compile(
    rb'<div data-md-component="announce">(?:\s*<aside class="md-banner">.*?</aside>)?\s*</div>',
    re.DOTALL)
"""The whole element; the banner's own text is escaped, so it never holds ``</aside>``."""
NOT_SPLICED = frozenset({"404.html"})
"""Rendered by the fast path every time (its links are absolute, not relative to a URL)."""


@dataclass(frozen=True)
class _Page:
    """What MkDocs' ``url`` filter reads of a page: its URL."""

    url: str


def facts_view(facts: Mapping[str, Any]) -> SimpleNamespace:
    """The parts of :class:`darksite.render.views.SiteView` that the banner partial reads,
    made from :func:`~darksite.render.views.site_wide_facts` (as a manifest keeps them)."""
    return SimpleNamespace(
        rehearsal=bool(facts["rehearsal"]),
        active=[None] * int(facts["active_count"]),
        banner_incidents=[SimpleNamespace(id=card_id, url=url, title=Markup(title))
                          for card_id, url, title in facts["banner"]],
        banner_more=int(facts["banner_more"]),
        home_url=str(facts["home_url"]),
    )


def page_url(site_path: str, use_directory_urls: bool) -> str:
    """The URL MkDocs gives the page written at ``site_path`` (``a/b/index.html`` -> ``a/b/``)."""
    if use_directory_urls and (site_path == "index.html" or site_path.endswith("/index.html")):
        return site_path[: -len("index.html")]
    return site_path


class BannerDrawer:
    """Draws the banner region of any page as the theme would, for any site view.

    The wrapper mkdocs-material puts around a banner, and the element it leaves
    when there is none, are learnt from home pages MkDocs rendered (the live
    release's and this build's), so that nothing of mkdocs-material's markup
    is copied here.
    """

    def __init__(self, env: Environment) -> None:
        self._template = env.get_template(PARTIAL)
        self._empty: bytes | None = None
        self._wrapper: tuple[bytes, bytes] | None = None
        self._drawn: dict[tuple[int, object, str], str] = {}
        self._targets: dict[int, frozenset[str | None]] = {}

    def inner(self, view: object, url: str) -> str:
        """The partial's output on the page at ``url`` (what fills ``{% block announce %}``).

        Drawn once per *kind* of URL: a link's relative form depends only on the
        page's depth, unless the page shares its first folder with the link's
        target (``x/`` linking to ``x/`` is ``./``), so such pages are drawn one
        by one; the others once per depth and view.
        """
        first = url.split("/", 1)[0] if "/" in url else None
        targets = self._targets.get(id(view))
        if targets is None:
            targets = self._targets[id(view)] = _targets(view)
        key = (id(view), url if first in targets else None, str(url.count("/")))
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._template.render(darksite=view, page=_Page(url), base_url="")
            self._drawn[key] = drawn
        return drawn

    def learn(self, view: object, home_html: bytes, home_url: str) -> None:
        """Learn the element's shape from a home page MkDocs rendered for ``view``."""
        region = _region(home_html, "index.html")
        inner = self.inner(view, home_url)
        if not inner.strip():
            if b"<aside" in region:
                raise BannerMismatch("the home page shows a banner where none is due")
            self._empty = region
            return
        parts = region.split(inner.encode("utf-8"))
        if len(parts) != 2:
            raise BannerMismatch("the home page's banner is not darksite's banner partial")
        self._wrapper = (parts[0], parts[1])

    def region(self, view: object, url: str) -> bytes:
        """The whole ``announce`` element of the page at ``url``, for ``view``."""
        inner = self.inner(view, url)
        if not inner.strip():
            if self._empty is None:
                raise BannerMismatch("no page rendered so far shows the site without a banner")
            return self._empty
        if self._wrapper is None:
            raise BannerMismatch("no page rendered so far shows the site with a banner")
        before, after = self._wrapper
        return before + inner.encode("utf-8") + after


def _targets(view: object) -> frozenset[str | None]:
    """The first folder of every link the banner of ``view`` has."""
    urls = [str(getattr(view, "home_url", ""))] + [
        str(card.url) for card in getattr(view, "banner_incidents", ())]
    return frozenset(url.split("/", 1)[0] for url in urls)


def _region(html: bytes, site_path: str) -> bytes:
    match = _only_region(html, site_path)
    return html[match.start():match.end()]


def _only_region(html: bytes, site_path: str) -> re.Match[bytes]:
    if html.count(OPEN) != 1:
        raise BannerMismatch(f"{site_path} does not have exactly one banner")
    match = REGION.search(html)
    if match is None:
        raise BannerMismatch(f"{site_path}: its banner is not mkdocs-material's")
    return match


def splice_banners(site_dir: Path, env: Environment, *, live_home: bytes,
                   old_facts: Mapping[str, Any], new_facts: Mapping[str, Any],
                   new_view: object, rendered: Sequence[str],
                   use_directory_urls: bool, skip: Collection[str] = ()) -> dict[str, bytes]:
    """Give every page of ``site_dir`` that MkDocs did not just render (``rendered``) the
    banner of ``new_view``, leaving ``skip`` unread: the pages darksite's outputs write and
    the docs folder's own ``.html`` files, which MkDocs copies as they are (neither is ever
    given a banner); returns, by site path, the new banner region of each page written.

    ``live_home``: the live release's home page; ``old_facts``, ``new_facts``: the site
    facts of the live release and of this one. Raises
    :class:`BannerMismatch` when any page is not as expected; the pages written by then
    are new files (each is unlinked first), so the live release, which shares the others
    through hard links, is untouched.
    """
    drawer = BannerDrawer(env)
    old_view, fresh_view = facts_view(old_facts), facts_view(new_facts)
    for url in ("", "x/", "x/y/"):
        if drawer.inner(fresh_view, url) != drawer.inner(new_view, url):
            raise BannerMismatch("the banner drawn from the site facts is not the site's")
    home_url = page_url("index.html", use_directory_urls)
    drawer.learn(old_view, live_home, home_url)
    drawer.learn(new_view, (site_dir / "index.html").read_bytes(), home_url)
    for path in rendered:  # MkDocs drew these in this build: this module must agree
        if path in NOT_SPLICED or not path.endswith(".html"):
            continue
        html = (site_dir / path).read_bytes()
        if _region(html, path) != drawer.region(new_view, page_url(path, use_directory_urls)):
            raise BannerMismatch(f"{path}: MkDocs drew another banner than this module")
    done = set(rendered) | set(skip) | NOT_SPLICED
    written: dict[str, bytes] = {}
    for path in regular_files(site_dir):
        if path in done or not path.endswith(".html"):
            continue
        file = site_dir / path
        html = file.read_bytes()
        if OPEN not in html:
            continue  # not a themed page (lite, press and language pages): no banner
        match = _only_region(html, path)
        url = page_url(path, use_directory_urls)
        if html[match.start():match.end()] != drawer.region(old_view, url):
            raise BannerMismatch(f"{path}: its banner is not the live release's")
        fresh = drawer.region(new_view, url)
        if fresh == html[match.start():match.end()]:
            continue
        detach(file)
        file.write_bytes(html[:match.start()] + fresh + html[match.end():])
        written[path] = fresh
    return written
