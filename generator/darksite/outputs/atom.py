"""Atom feeds (RFC 4287): ``/feed.xml`` for the site, ``/<id>/feed.xml`` per incident.

Feeds reach people who will not revisit the page: journalists' readers,
partner dashboards, chat integrations. Each update is its own entry with an
id that never changes once published (a ``tag:`` URI from the site's host,
the update's date and its UTC time), so a reader shows a new update as new and
an edited one as edited, never twice. Every incident also has an opening entry
carrying its summary and statement, so subscribers hear of an incident before
its first timeline update.

The XML is built with ElementTree, never by string formatting, so no title or
text can break the document.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from urllib.parse import urlsplit

from darksite import __version__
from darksite.model import Incident, Update
from darksite.outputs.context import OutputContext
from darksite.outputs.markup import html_to_text, iso, utc_stamp
from darksite.outputs.writer import SiteWriter
from darksite.render.views import PHASE_LABELS

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
ATOM_TYPE = "application/atom+xml"
SITE_FEED_PATH = "feed.xml"

SITE_FEED_RESOLVED_ENTRIES = 250
"""The site feed keeps every entry of every active incident, and this many others."""

FALLBACK_AUTHORITY = "darksite.invalid"
"""The ``tag:`` authority when ``site_url`` is unset: valid, but unique only to this site."""

ET.register_namespace("", ATOM_NS)


@dataclass(frozen=True)
class Entry:
    """One feed entry, apart from its XML, so that the site and incident feeds share it."""

    id: str
    title: str
    published: datetime
    updated: datetime
    link: str
    summary: str
    content_html: str
    lang: str
    category: str | None
    ongoing: bool
    """Whether its incident is active (or a draft shown in a rehearsal): never bounded away."""


def incident_feed_path(incident_id: str) -> str:
    return f"{incident_id}/feed.xml"


def tag_uri(ctx: OutputContext, day: date, specific: str) -> str:
    """An RFC 4151 ``tag:`` URI: stable, unique, and not a URL anyone must keep serving."""
    host = urlsplit(ctx.settings.site_url).hostname if ctx.settings.site_url else None
    return f"tag:{host or FALLBACK_AUTHORITY},{day.isoformat()}:{specific}"


def began(incident: Incident, ctx: OutputContext) -> datetime:
    """When the incident began; a draft (rehearsal only) may have no start yet."""
    if incident.started_at is not None:
        return incident.started_at
    return incident.updates[0].at if incident.updates else ctx.now


def _draft_mark(incident: Incident) -> str:
    return "" if incident.is_public else "[DRAFT] "


def _ongoing(incident: Incident) -> bool:
    return incident.is_active or not incident.is_public


def opening_entry(incident: Incident, ctx: OutputContext) -> Entry:
    """The entry that announces the incident: its summary and statement."""
    start = began(incident, ctx)
    content = f"<p>{escape(incident.summary, quote=False)}</p>\n{ctx.html(incident.statement)}"
    return Entry(
        id=tag_uri(ctx, start.astimezone(UTC).date(), f"{incident.id}/statement"),
        title=_draft_mark(incident) + incident.title,
        published=start,
        updated=start,
        link=ctx.incident_url(incident.id),
        summary=incident.summary,
        content_html=content,
        lang=incident.lang or ctx.settings.lang,
        category=None,
        ongoing=_ongoing(incident),
    )


def update_entry(incident: Incident, update: Update, ctx: OutputContext) -> Entry:
    """The entry of one timeline update; its id comes from the update's own time."""
    label = PHASE_LABELS[update.phase] if update.phase else "Update"
    html = ctx.html(update.text)
    stamp = utc_stamp(update.at)
    return Entry(
        id=tag_uri(ctx, update.at.astimezone(UTC).date(), f"{incident.id}/update/{stamp}"),
        title=f"{_draft_mark(incident)}{label}: {incident.title}",
        published=update.at,
        updated=update.at,
        link=ctx.incident_url(incident.id),
        summary=html_to_text(html),
        content_html=html,
        lang=incident.lang or ctx.settings.lang,
        category=str(update.phase) if update.phase else None,
        ongoing=_ongoing(incident),
    )


def incident_entries(incident: Incident, ctx: OutputContext) -> list[Entry]:
    """Every entry of one incident, newest first: its updates, then its opening entry."""
    entries = [update_entry(incident, update, ctx) for update in incident.updates]
    entries.append(opening_entry(incident, ctx))
    return sorted(entries, key=lambda e: e.updated, reverse=True)


def site_entries(entries: Sequence[Entry]) -> list[Entry]:
    """The site feed's entries, newest first: all of ongoing incidents, the newest others."""
    others = sorted((e for e in entries if not e.ongoing), key=lambda e: e.updated, reverse=True)
    chosen = [e for e in entries if e.ongoing] + others[:SITE_FEED_RESOLVED_ENTRIES]
    return sorted(chosen, key=lambda e: e.updated, reverse=True)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


@dataclass(frozen=True)
class FeedHead:
    """The feed-level elements."""

    id: str
    title: str
    subtitle: str | None
    self_url: str
    alternate_url: str
    lang: str


def feed_xml(head: FeedHead, entries: Sequence[Entry], ctx: OutputContext) -> str:
    """The Atom document for ``entries`` (already in order)."""
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {f"{{{XML_NS}}}lang": head.lang})
    _sub(feed, "id", head.id)
    _sub(feed, "title", head.title)
    if head.subtitle:
        _sub(feed, "subtitle", head.subtitle)
    _sub(feed, "updated", iso(max((e.updated for e in entries), default=ctx.now)))
    _sub(feed, "link", rel="self", type=ATOM_TYPE, href=head.self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=head.alternate_url)
    author = _sub(feed, "author")
    _sub(author, "name", ctx.settings.organisation.name)
    _sub(feed, "generator", "darksite", version=__version__)
    for entry in entries:
        element = _sub(feed, "entry")
        if entry.lang != head.lang:
            element.set(f"{{{XML_NS}}}lang", entry.lang)
        _sub(element, "id", entry.id)
        _sub(element, "title", entry.title)
        _sub(element, "published", iso(entry.published))
        _sub(element, "updated", iso(entry.updated))
        _sub(element, "link", rel="alternate", type="text/html", href=entry.link)
        if entry.category:
            _sub(element, "category", term=entry.category)
        _sub(element, "summary", entry.summary)
        _sub(element, "content", entry.content_html, type="html")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def incident_feed(incident: Incident, ctx: OutputContext) -> str:
    """The Atom feed of one incident: every update, and the opening entry."""
    head = FeedHead(
        id=tag_uri(ctx, began(incident, ctx).astimezone(UTC).date(), f"{incident.id}/feed"),
        title=_draft_mark(incident) + incident.title,
        subtitle=incident.summary,
        self_url=ctx.url(incident_feed_path(incident.id)),
        alternate_url=ctx.incident_url(incident.id),
        lang=incident.lang or ctx.settings.lang,
    )
    return feed_xml(head, incident_entries(incident, ctx), ctx)


def site_feed(incidents: Sequence[Incident], ctx: OutputContext) -> str:
    """The site-wide Atom feed: every update of every shown incident (resolved ones bounded)."""
    settings = ctx.settings
    head = FeedHead(
        id=tag_uri(ctx, date(2000, 1, 1), "darksite/feed"),
        title=("REHEARSAL - NOT PUBLIC: " if settings.rehearsal else "") + settings.site_name,
        subtitle=f"Statements and updates from {settings.organisation.name}",
        self_url=ctx.url(SITE_FEED_PATH),
        alternate_url=ctx.url(),
        lang=settings.lang,
    )
    every = [entry for incident in incidents for entry in incident_entries(incident, ctx)]
    return feed_xml(head, site_entries(every), ctx)


def write_feeds(writer: SiteWriter, incidents: Sequence[Incident], ctx: OutputContext) -> None:
    """The site feed and one feed per incident; ``incidents`` are those this build shows."""
    writer.write_text(SITE_FEED_PATH, site_feed(incidents, ctx))
    for incident in incidents:
        writer.write_text(incident_feed_path(incident.id), incident_feed(incident, ctx))
