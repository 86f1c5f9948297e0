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

import heapq
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from urllib.parse import urlsplit

from darksite import __version__
from darksite.corrections import of_update, touches_opening
from darksite.model import Correction, Incident, Update
from darksite.outputs.context import OutputContext
from darksite.outputs.markup import html_to_text, iso, utc_stamp
from darksite.outputs.writer import SiteWriter
from darksite.render.times import moment_text, on_site_clock
from darksite.render.views import PHASE_LABELS

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
ATOM_TYPE = "application/atom+xml"
SITE_FEED_PATH = "feed.xml"

SITE_FEED_RESOLVED_ENTRIES = 250
"""The site feed keeps every entry of every active incident, and this many others."""

FALLBACK_AUTHORITY = "darksite.invalid"
"""The ``tag:`` authority when ``site_url`` is unset: valid, but unique only to this site."""

NO_TIME = datetime(2000, 1, 1, tzinfo=UTC)
"""The stamp of what has no time of its own (an empty feed; a draft with no start, in a
rehearsal): fixed, so that a rebuild never moves a stamp (RFC 4287 ``updated`` marks changes)."""

@dataclass(frozen=True)
class Entry:
    """One feed entry, apart from its XML, so that the site and incident feeds share it."""

    id: str
    title: str
    published: datetime
    updated: datetime
    link: str
    summary_source: str
    """The summary as plain text, or as HTML when ``summary_is_html`` (see :attr:`summary`)."""
    content_html: str
    lang: str
    category: str | None
    ongoing: bool
    """Whether its incident is active (or a draft shown in a rehearsal): never bounded away."""
    summary_is_html: bool = False

    @property
    def summary(self) -> str:
        """The plain-text summary, made from the HTML only when an entry is written: the site
        feed makes every incident's entries to choose the newest few hundred, and reading
        the text out of each update's HTML was most of that (0.8 s at 1,000 incidents)."""
        return html_to_text(self.summary_source) if self.summary_is_html else \
            self.summary_source


def incident_feed_path(incident_id: str) -> str:
    return f"{incident_id}/feed.xml"


def tag_uri(ctx: OutputContext, day: date, specific: str) -> str:
    """An RFC 4151 ``tag:`` URI: stable, unique, and not a URL anyone must keep serving."""
    host = urlsplit(ctx.settings.site_url).hostname if ctx.settings.site_url else None
    return f"tag:{host or FALLBACK_AUTHORITY},{day.isoformat()}:{specific}"


def began(incident: Incident, ctx: OutputContext) -> datetime:
    """When the incident began; a draft (rehearsal only) may have no start yet: then
    :data:`NO_TIME`, never the build's clock, so that its ids and stamps stay put."""
    if incident.started_at is not None:
        return incident.started_at
    return incident.updates[0].at if incident.updates else NO_TIME


def _rehearsal(ctx: OutputContext) -> str:
    """A rehearsal's ids have their own segment: a reader never takes one for a public id."""
    return "rehearsal/" if ctx.settings.rehearsal else ""


def correction_text(correction: Correction, ctx: OutputContext) -> str:
    """``Corrected 24 November 2026, 14:10 GMT: the summary said ...`` on the site's clock."""
    moment = moment_text(on_site_clock(correction.at, ctx.settings.zone))
    return f"Corrected {moment}: {correction.note}"


def _corrections_html(found: Sequence[Correction], ctx: OutputContext) -> str:
    return "".join(f'\n<p class="darksite-correction">'
                   f"{escape(correction_text(c, ctx), quote=False)}</p>" for c in reversed(found))


def _changed_at(moment: datetime, found: Sequence[Correction]) -> datetime:
    """The entry's ``updated``: its own time, or its latest correction's."""
    return max([moment, *(c.at for c in found)])


def _draft_mark(incident: Incident) -> str:
    return "" if incident.is_public else "[DRAFT] "


def _ongoing(incident: Incident) -> bool:
    return incident.is_active or not incident.is_public


def opening_entry(incident: Incident, ctx: OutputContext) -> Entry:
    """The entry that announces the incident: its summary and statement."""
    start = began(incident, ctx)
    found = [c for c in incident.corrections if touches_opening(c)]
    content = (f"<p>{escape(incident.summary, quote=False)}</p>\n{ctx.html(incident.statement)}"
               + _corrections_html(found, ctx))
    return Entry(
        id=tag_uri(ctx, start.astimezone(UTC).date(),
                   f"{incident.id}/{_rehearsal(ctx)}statement"),
        title=_draft_mark(incident) + incident.title,
        published=start,
        updated=_changed_at(start, found),
        link=ctx.incident_url(incident.id),
        summary_source=incident.summary,
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
    found = of_update(incident.corrections, update.at)
    return Entry(
        id=tag_uri(ctx, update.at.astimezone(UTC).date(),
                   f"{incident.id}/{_rehearsal(ctx)}update/{stamp}"),
        title=f"{_draft_mark(incident)}{label}: {incident.title}",
        published=update.at,
        updated=_changed_at(update.at, found),
        link=ctx.incident_url(incident.id),
        summary_source=html,
        summary_is_html=True,
        content_html=html + _corrections_html(found, ctx),
        lang=incident.lang or ctx.settings.lang,
        category=str(update.phase) if update.phase else None,
        ongoing=_ongoing(incident),
    )


def incident_entries(incident: Incident, ctx: OutputContext) -> list[Entry]:
    """Every entry of one incident, newest first: its updates, then its opening entry.

    Made once per build: the incident's feed and the site feed both use them.
    """
    key = ("atom-entries", id(incident))
    hit = ctx.memo.get(key)
    if isinstance(hit, tuple) and hit[0] is incident:
        return hit[1]  # type: ignore[no-any-return]
    entries = [update_entry(incident, update, ctx) for update in incident.updates]
    entries.append(opening_entry(incident, ctx))
    from darksite.outputs.review_feed import review_entry

    entries.extend(entry for entry in [review_entry(incident, ctx)] if entry is not None)
    ordered = sorted(entries, key=lambda e: e.updated, reverse=True)
    ctx.memo[key] = (incident, ordered)
    return ordered


def site_entries(entries: Sequence[Entry]) -> list[Entry]:
    """The site feed's entries, newest first: all of ongoing incidents, the newest others."""
    others = sorted((e for e in entries if not e.ongoing), key=lambda e: e.updated, reverse=True)
    chosen = [e for e in entries if e.ongoing] + others[:SITE_FEED_RESOLVED_ENTRIES]
    return sorted(chosen, key=lambda e: e.updated, reverse=True)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 forbids (every other one, astral planes included, is legal): one would
make the whole feed ill-formed."""


def xml_safe(text: str) -> str:
    """``text`` without XML-illegal characters (``check`` refuses them; this is the second net)."""
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {name: xml_safe(value) for name, value in attrs.items()})
    if text is not None:
        element.text = xml_safe(text)
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


def entry_block(entry: Entry, feed_lang: str, ctx: OutputContext) -> str:
    """One ``<entry>`` as a feed carries it: indented one level, one line per element.

    A feed is these blocks put together (:func:`feed_text`), so that an
    entry is serialised once per build for both feeds, and so that the fast
    path of ``publish`` can carry the entries of unchanged incidents over
    from the published feed (:func:`published_entries`). The elements have
    no prefix: inside ``<feed xmlns="...Atom">`` they are Atom elements.
    """
    key = ("atom-block", id(entry), feed_lang)
    hit = ctx.memo.get(key)
    if isinstance(hit, tuple) and hit[0] is entry:
        return hit[1]  # type: ignore[no-any-return]
    element = ET.Element("entry")
    if entry.lang != feed_lang:
        element.set(XML_LANG, entry.lang)
    _sub(element, "id", entry.id)
    _sub(element, "title", entry.title)
    _sub(element, "published", iso(entry.published))
    _sub(element, "updated", iso(entry.updated))
    _sub(element, "link", rel="alternate", type="text/html", href=entry.link)
    if entry.category:
        _sub(element, "category", term=entry.category)
    _sub(element, "summary", entry.summary)
    _sub(element, "content", entry.content_html, type="html")
    ET.indent(element, level=1)
    block = "  " + ET.tostring(element, "unicode") + "\n"
    ctx.memo[key] = (entry, block)
    return block


def feed_text(head: FeedHead, blocks: Sequence[str], updated: datetime,
              ctx: OutputContext) -> str:
    """The Atom document: the feed-level elements, then ``blocks`` in order."""
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: head.lang})
    _sub(feed, "id", head.id)
    _sub(feed, "title", head.title)
    if head.subtitle:
        _sub(feed, "subtitle", head.subtitle)
    _sub(feed, "updated", iso(updated))
    _sub(feed, "link", rel="self", type=ATOM_TYPE, href=head.self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=head.alternate_url)
    author = _sub(feed, "author")
    _sub(author, "name", ctx.settings.organisation.name)
    _sub(feed, "generator", "darksite", version=__version__)
    ET.indent(feed)
    text = ET.tostring(feed, "unicode")
    closing = "</feed>"
    return XML_DECLARATION + text[: -len(closing)] + "".join(blocks) + closing + "\n"


def feed_xml(head: FeedHead, entries: Sequence[Entry], ctx: OutputContext) -> str:
    """The Atom document for ``entries`` (already in order)."""
    updated = max((e.updated for e in entries), default=NO_TIME)
    return feed_text(head, [entry_block(e, head.lang, ctx) for e in entries], updated, ctx)


def incident_feed(incident: Incident, ctx: OutputContext) -> str:
    """The Atom feed of one incident: every update, and the opening entry."""
    head = FeedHead(
        id=tag_uri(ctx, began(incident, ctx).astimezone(UTC).date(),
                   f"{incident.id}/{_rehearsal(ctx)}feed"),
        title=_draft_mark(incident) + incident.title,
        subtitle=incident.summary,
        self_url=ctx.url(incident_feed_path(incident.id)),
        alternate_url=ctx.incident_url(incident.id),
        lang=incident.lang or ctx.settings.lang,
    )
    return feed_xml(head, incident_entries(incident, ctx), ctx)


def _site_head(ctx: OutputContext) -> FeedHead:
    settings = ctx.settings
    return FeedHead(
        id=tag_uri(ctx, date(2000, 1, 1),
                   "darksite/rehearsal-feed" if settings.rehearsal else "darksite/feed"),
        title=("REHEARSAL - NOT PUBLIC: " if settings.rehearsal else "") + settings.site_name,
        subtitle=f"Statements and updates from {settings.organisation.name}",
        self_url=ctx.url(SITE_FEED_PATH),
        alternate_url=ctx.url(),
        lang=settings.lang,
    )


@dataclass(frozen=True)
class PublishedEntry:
    """An entry read back from a published site feed: its text, its incident and its time."""

    block: str
    incident_id: str
    updated: datetime


_ENTRY_BLOCK = re.compile(r"^  <entry[ >].*?^  </entry>\n", re.MULTILINE | re.DOTALL)
_ENTRY_ID = re.compile(r"^    <id>[^<]*?,\d{4}-\d{2}-\d{2}:([^/<]+)/[^<]*</id>$", re.MULTILINE)
_ENTRY_UPDATED = re.compile(r"^    <updated>([^<]+)</updated>$", re.MULTILINE)


def published_entries(feed: str) -> list[PublishedEntry]:
    """The entries of a site feed this module wrote, in order.

    Exact because the feed is written by :func:`feed_text`: every entry
    starts and ends on a line indented by two spaces, its own elements by
    four, and text inside is escaped, so no ``<`` of an entry's content can
    start a line.
    """
    entries = []
    for match in _ENTRY_BLOCK.finditer(feed):
        block = match.group(0)
        incident = _ENTRY_ID.search(block)
        updated = _ENTRY_UPDATED.search(block)
        if incident is None or updated is None:
            raise ValueError(f"not an entry darksite wrote: {block[:80]!r}")
        moment = datetime.fromisoformat(updated.group(1))
        entries.append(PublishedEntry(block, incident.group(1), moment))
    return entries


def site_feed(incidents: Sequence[Incident], ctx: OutputContext,
              kept: Sequence[PublishedEntry] | None = None,
              order: Mapping[str, int] | None = None) -> str:
    """The site-wide Atom feed: every update of every shown incident (resolved ones bounded).

    ``kept`` is for the fast path of ``publish``: the entries of the resolved
    incidents, read back from the published feed (none of which changed);
    ``incidents`` are then the others. Those of ``incidents`` just resolved
    join the kept ones, which are the newest of the rest, in a full build's
    order: newest first, then by ``order`` (each incident's place in file order).
    """
    head = _site_head(ctx)
    every = [entry for incident in incidents for entry in incident_entries(incident, ctx)]
    if kept is None:
        chosen = [(e.updated, entry_block(e, head.lang, ctx)) for e in site_entries(every)]
    else:
        ongoing = [(e.updated, entry_block(e, head.lang, ctx)) for e in every if e.ongoing]
        others = [(entry.updated, entry.block) for entry in kept]
        if any(not e.ongoing for e in every):
            others = _with_resolved(incidents, kept, order or {}, head.lang, ctx)
        # As site_entries: the ongoing first, then the others (already newest first), and a
        # stable sort, so that entries at the same moment keep the order of a full build.
        chosen = sorted(ongoing + others, key=lambda pair: pair[0], reverse=True)
    updated = max((moment for moment, _ in chosen), default=NO_TIME)
    return feed_text(head, [block for _, block in chosen], updated, ctx)


def _with_resolved(incidents: Sequence[Incident], kept: Sequence[PublishedEntry],
                   order: Mapping[str, int], lang: str,
                   ctx: OutputContext) -> list[tuple[datetime, str]]:
    """The newest :data:`SITE_FEED_RESOLVED_ENTRIES` of ``kept`` and of the entries of
    ``incidents`` that are not ongoing, ordered as :func:`site_entries` orders them (its
    stable sort keeps, at one moment, the file order of incidents, then each one's own)."""
    ranked: list[tuple[float, int, int, datetime, str]] = [
        (-entry.updated.timestamp(), order[entry.incident_id], at, entry.updated, entry.block)
        for at, entry in enumerate(kept)]
    for incident in incidents:
        for at, entry in enumerate(incident_entries(incident, ctx)):
            if not entry.ongoing:
                ranked.append((-entry.updated.timestamp(), order[incident.id], at,
                               entry.updated, entry_block(entry, lang, ctx)))
    ranked.sort(key=lambda item: item[:3])
    return [(moment, block) for _, _, _, moment, block in ranked[:SITE_FEED_RESOLVED_ENTRIES]]


def write_feeds(writer: SiteWriter, incidents: Sequence[Incident], ctx: OutputContext) -> None:
    """The site feed and one feed per incident; ``incidents`` are those this build shows.

    Streamed: each incident's feed is written as soon as its entries are made,
    and only the entries the site feed can still carry are kept (every ongoing
    one and the newest :data:`SITE_FEED_RESOLVED_ENTRIES` others), so memory
    stays flat in N instead of holding every entry of every incident. The
    site feed is byte for byte :func:`site_feed`'s (same choice, same order).
    """
    head = _site_head(ctx)
    ongoing: list[tuple[datetime, int, str]] = []
    newest: list[tuple[datetime, int, str]] = []
    """A min-heap on (time, -position): the newest others, the earliest-listed at a tie."""
    position = 0
    for incident in incidents:
        entries = incident_entries(incident, ctx)
        writer.write_text(incident_feed_path(incident.id), incident_feed(incident, ctx))
        for entry in entries:
            position += 1
            block = entry_block(entry, head.lang, ctx)
            if entry.ongoing:
                ongoing.append((entry.updated, position, block))
            else:
                item = (entry.updated, -position, block)
                if len(newest) < SITE_FEED_RESOLVED_ENTRIES:
                    heapq.heappush(newest, item)
                elif item[:2] > newest[0][:2]:
                    heapq.heapreplace(newest, item)
        _forget(ctx, incident, entries)
    # site_entries' order: newest first; at the same moment the ongoing entries, then the
    # others, each in the order they were listed.
    chosen = sorted([(moment, 0, at, block) for moment, at, block in ongoing]
                    + [(moment, 1, -at, block) for moment, at, block in newest],
                    key=lambda item: (item[1], item[2]))
    chosen.sort(key=lambda item: item[0], reverse=True)  # stable: ties keep the order above
    updated = max((item[0] for item in chosen), default=ctx.now)
    writer.write_text(SITE_FEED_PATH, feed_text(head, [item[3] for item in chosen], updated,
                                                ctx))


def _forget(ctx: OutputContext, incident: Incident, entries: Sequence[Entry]) -> None:
    """Drop an incident's entries and their blocks from the build's memo once written."""
    ctx.memo.pop(("atom-entries", id(incident)), None)
    for entry in entries:
        for lang in {ctx.settings.lang, incident.lang or ctx.settings.lang}:
            ctx.memo.pop(("atom-block", id(entry), lang), None)
