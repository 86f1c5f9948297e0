"""Lite pages: ``/lite/`` and ``/lite/<id>/``, text only, for slow and overloaded networks.

In a crisis people read on a weak mobile signal, on a congested network, or
through a data cap; the full theme's scripts, fonts and stylesheets may never
arrive. A lite page is one HTML file with a few hundred bytes of inline CSS
and no script, small enough to arrive in the first TCP round trip (about
14 KB on the wire; we aim for 6 KB). It shows the same view as the full page
(:func:`darksite.render.incident_view`), so the words are the same HTML.

If a long incident would break the budget, the oldest updates give way first
(the page says how many and links to the full page); the statement, the
contacts and the newest updates always stay.
"""

from __future__ import annotations

import dataclasses
import gzip
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)

from darksite.bytecode_cache import bytecode_cache
from darksite.model import Incident
from darksite.outputs import cards
from darksite.outputs.atom import SITE_FEED_PATH, incident_feed_path
from darksite.outputs.context import OutputContext
from darksite.outputs.writer import SiteWriter
from darksite.render.views import IncidentView, shared_incident_view, site_view

LITE_DIR = "lite"
INDEX_PATH = f"{LITE_DIR}/index.html"
BUDGET_BYTES = 14 * 1024
"""The hard ceiling, gzipped: the first TCP round trip (10 segments of ~1.4 KB)."""

KEPT_UPDATES = 3
"""Updates that always stay, however long they are."""


@cache
def _environment(cache_dir: Path | None = None) -> Environment:
    """The lite templates; compiled once per project (``.darksite-cache/jinja/``) when it has
    a cache folder, since compiling them costs more than rendering a page."""
    cache = bytecode_cache(cache_dir) if cache_dir is not None else None
    return Environment(
        bytecode_cache=cache,
        loader=PackageLoader("darksite.outputs", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def _cache_dir(ctx: OutputContext) -> Path | None:
    root = ctx.settings.root
    return ctx.settings.cache_dir / "jinja" if root.is_dir() else None


def gzipped_size(text: str) -> int:
    """Bytes on the wire with gzip at nginx's usual level."""
    return len(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0))


def _wire_size(page: str) -> int:
    """``gzipped_size``, skipped when the page is under budget uncompressed (gzip never grows
    a page of text by more than a few bytes, so it cannot be over): one gzip at most per page
    variant, none for most pages."""
    raw = len(page.encode("utf-8"))
    return raw if raw <= BUDGET_BYTES - 64 else gzipped_size(page)


def lite_path(incident_id: str) -> str:
    return f"{LITE_DIR}/{incident_id}/index.html"


def environment(ctx: OutputContext) -> Environment:
    """The text-only templates for this project (lite pages, press releases)."""
    return _environment(_cache_dir(ctx))


def common_context(ctx: OutputContext, lang: str, card: str = "none") -> dict[str, object]:
    """What every text-only page shows; ``card`` is its sharing card (:mod:`cards`)."""
    return {
        "lang": lang,
        "og_image": cards.image_url(ctx, card),
        "rehearsal": ctx.settings.rehearsal,
        "site_name": ctx.settings.site_name,
        "organisation": ctx.settings.organisation.name,
    }


def render_incident_page(view: IncidentView, ctx: OutputContext, omitted_updates: int = 0) -> str:
    """One lite incident page for ``view`` as given (no budget applied)."""
    canonical = ctx.incident_url(view.id) if ctx.settings.site_url else None
    return _environment(_cache_dir(ctx)).get_template("lite/incident.html").render(
        **common_context(ctx, view.lang, cards.incident_kind(view.model)),
        view=view,
        root="../../",
        canonical=canonical,
        description=view.summary,
        feed_href="../../" + incident_feed_path(view.id),
        feed_title=f"{view.model.title}: updates",
        omitted_updates=omitted_updates,
    )


def incident_page(incident: Incident, ctx: OutputContext) -> str:
    """The lite page of ``incident``, within :data:`BUDGET_BYTES` gzipped where it can be."""
    view = shared_incident_view(incident, ctx.renderer, ctx.settings, last_use=True)
    page = render_incident_page(view, ctx)
    kept = len(view.updates)
    size = _wire_size(page)
    while size > BUDGET_BYTES and kept > KEPT_UPDATES:
        kept = max(KEPT_UPDATES, kept - max(1, kept // 4))
        trimmed = dataclasses.replace(view, updates=view.updates[:kept])
        page = render_incident_page(trimmed, ctx, omitted_updates=len(view.updates) - kept)
        size = _wire_size(page)
    if size > BUDGET_BYTES and view.faq:
        trimmed = dataclasses.replace(view, updates=view.updates[:kept], faq=())
        page = render_incident_page(trimmed, ctx, omitted_updates=len(view.updates) - kept)
    return page


PAGE_SIZE = 100
"""Resolved incidents per page of ``/lite/``: the index stays a few KB at any number."""


def index_page_path(number: int) -> str:
    """``lite/index.html`` for page 1 (its URL never changes), ``lite/page/N/index.html`` after."""
    return INDEX_PATH if number == 1 else f"{LITE_DIR}/page/{number}/index.html"


def page_count(resolved: int, page_size: int | None = None) -> int:
    """Pages of the lite index for ``resolved`` incidents (at least one)."""
    return max(1, -(-resolved // (page_size or PAGE_SIZE)))


def index_page(incidents: Sequence[Incident], ctx: OutputContext) -> str:
    """``/lite/``: the active incidents with their summaries, then the newest resolved ones."""
    return _index_pages(incidents, ctx, only_first=True)[0][1]


def index_pages(incidents: Sequence[Incident], ctx: OutputContext) -> list[tuple[str, str]]:
    """Every page of the lite index as (site path, text): page 1, then older resolved ones."""
    return _index_pages(incidents, ctx)


def _index_pages(incidents: Sequence[Incident], ctx: OutputContext,
                 only_first: bool = False) -> list[tuple[str, str]]:
    site = site_view(incidents, ctx.settings)
    count = page_count(len(site.resolved))
    pages = []
    for number in range(1, 2 if only_first else count + 1):
        up = "../" if number == 1 else "../../../"
        link_base = "" if number == 1 else "../../"
        pages.append((index_page_path(number), _index_page(
            ctx, site, number, count, up, link_base)))
    return pages


def _href(from_number: int, to_number: int) -> str:
    """Relative link between two pages of the lite index."""
    back = "" if from_number == 1 else "../../"
    return back + ("" if to_number == 1 else f"page/{to_number}/") or "./"


def _index_page(ctx: OutputContext, site, number: int, count: int, root: str,
                link_base: str) -> str:
    start = (number - 1) * PAGE_SIZE
    return _environment(_cache_dir(ctx)).get_template("lite/index.html").render(
        **common_context(ctx, ctx.settings.lang,
                         cards.incident_kind(site.active[0].model) if site.active else "none"),
        site=site,
        resolved=site.resolved[start:start + PAGE_SIZE],
        page_number=number,
        page_count=count,
        link_base=link_base,
        prev_href=_href(number, number - 1) if number > 1 else None,
        next_href=_href(number, number + 1) if number < count else None,
        root=root,
        # The full site is the page to index: the same incidents, with everything.
        canonical=ctx.url() if ctx.settings.site_url else None,
        description=(f"Current and resolved incidents from {ctx.settings.organisation.name}, "
                     "text only, for slow connections."),
        feed_href=root + SITE_FEED_PATH,
        feed_title=f"{ctx.settings.site_name}: updates",
    )


RESOLVED_START = "<!-- resolved -->"
RESOLVED_END = "<!-- /resolved -->"


def with_resolved_from(text: str, published: str) -> str:
    """``/lite/`` as ``text`` (made without resolved incidents), with the resolved list of
    ``published`` (the live ``/lite/index.html``): the fast path of ``publish``, when no
    resolved incident changed. The template marks the list with two comments."""
    start = published.index(RESOLVED_START)
    end = published.index(RESOLVED_END, start)
    empty = RESOLVED_START + RESOLVED_END
    if text.count(empty) != 1:
        raise ValueError("/lite/ was not written without resolved incidents")
    return text.replace(empty, published[start:end + len(RESOLVED_END)], 1)


def write_lite_pages(
    writer: SiteWriter, incidents: Sequence[Incident], ctx: OutputContext
) -> None:
    """Every page of ``/lite/`` and one ``/lite/<id>/index.html`` per shown incident."""
    for path, text in index_pages(incidents, ctx):
        writer.write_text(path, text)
    for incident in incidents:
        writer.write_text(lite_path(incident.id), incident_page(incident, ctx))
