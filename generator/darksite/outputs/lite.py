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


def lite_path(incident_id: str) -> str:
    return f"{LITE_DIR}/{incident_id}/index.html"


def environment(ctx: OutputContext) -> Environment:
    """The text-only templates for this project (lite pages, press releases)."""
    return _environment(_cache_dir(ctx))


def common_context(ctx: OutputContext, lang: str) -> dict[str, object]:
    return {
        "lang": lang,
        "rehearsal": ctx.settings.rehearsal,
        "site_name": ctx.settings.site_name,
        "organisation": ctx.settings.organisation.name,
    }


def render_incident_page(view: IncidentView, ctx: OutputContext, omitted_updates: int = 0) -> str:
    """One lite incident page for ``view`` as given (no budget applied)."""
    canonical = ctx.incident_url(view.id) if ctx.settings.site_url else None
    return _environment(_cache_dir(ctx)).get_template("lite/incident.html").render(
        **common_context(ctx, view.lang),
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
    view = shared_incident_view(incident, ctx.renderer, ctx.settings)
    page = render_incident_page(view, ctx)
    kept = len(view.updates)
    while gzipped_size(page) > BUDGET_BYTES and kept > KEPT_UPDATES:
        kept = max(KEPT_UPDATES, kept - max(1, kept // 4))
        trimmed = dataclasses.replace(view, updates=view.updates[:kept])
        page = render_incident_page(trimmed, ctx, omitted_updates=len(view.updates) - kept)
    if gzipped_size(page) > BUDGET_BYTES and view.faq:
        trimmed = dataclasses.replace(view, updates=view.updates[:kept], faq=())
        page = render_incident_page(trimmed, ctx, omitted_updates=len(view.updates) - kept)
    return page


def index_page(incidents: Sequence[Incident], ctx: OutputContext) -> str:
    """``/lite/``: the active incidents with their summaries, then the resolved ones."""
    return _environment(_cache_dir(ctx)).get_template("lite/index.html").render(
        **common_context(ctx, ctx.settings.lang),
        site=site_view(incidents, ctx.settings),
        root="../",
        # The full site is the page to index: the same incidents, with everything.
        canonical=ctx.url() if ctx.settings.site_url else None,
        description=(f"Current and resolved incidents from {ctx.settings.organisation.name}, "
                     "text only, for slow connections."),
        feed_href="../" + SITE_FEED_PATH,
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
    """``/lite/index.html`` and one ``/lite/<id>/index.html`` per shown incident."""
    writer.write_text(INDEX_PATH, index_page(incidents, ctx))
    for incident in incidents:
        writer.write_text(lite_path(incident.id), incident_page(incident, ctx))
