"""Each incident in each declared language: ``/<lang>/<id>/``, its feed, and the alternates.

A language page is darksite's own text-first page (the lite page's size and
markup, one file with inline CSS and no script), in the reader's language
throughout: ``lang`` and ``dir`` on the root (``rtl`` for Arabic, with a
layout written in logical CSS properties so it mirrors by itself), the
interface labels from the gettext catalogues (:mod:`darksite.i18n.catalogue`),
dates from Babel's CLDR data. Every page lists its alternates (``hreflang``
links in the head) and a language switcher that links the same incident in
every language, the source page at ``/<id>/`` included.

Where a text has no current translation (policy ``pending``), the source
text is shown, marked with its own ``lang`` so that a screen reader switches
voice, and the page says "translation to follow" in the reader's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup, escape

from darksite.i18n import catalogue, formatting
from darksite.i18n.languages import direction, locale_of, native_name
from darksite.i18n.parity import language_parity
from darksite.i18n.sidecar import load_translations
from darksite.i18n.translate import translated
from darksite.model import ActionStatus, Incident, Phase, Severity, Status
from darksite.outputs import atom
from darksite.outputs.context import OutputContext
from darksite.outputs.lite import RESOLVED_END, RESOLVED_START, environment, page_count
from darksite.outputs.writer import SiteWriter
from darksite.render.views import contact_href, site_view

SEVERITY = {Severity.CRITICAL: "Critical", Severity.MAJOR: "Major", Severity.MINOR: "Minor"}
STATUS = {Status.ACTIVE: "Ongoing", Status.RESOLVED: "Resolved", Status.DRAFT: "Draft"}
PHASE = {Phase.INVESTIGATING: "Investigating", Phase.IDENTIFIED: "Cause identified",
         Phase.MONITORING: "Monitoring", Phase.RESOLVED: "Resolved"}
ACTION = {ActionStatus.PLANNED: "Planned", ActionStatus.IN_PROGRESS: "In progress",
          ActionStatus.DONE: "Done"}


def page_path(lang: str, incident_id: str) -> str:
    return f"{lang}/{incident_id}/index.html"


def feed_path(lang: str, incident_id: str) -> str:
    return f"{lang}/{incident_id}/feed.xml"


@dataclass(frozen=True)
class Alternate:
    """One language version of an incident, as the switcher and the head link it."""

    lang: str
    name: str
    href: str
    """Relative to a language page (``../../<id>/`` for the source)."""
    absolute: str | None
    current: bool


def page_alternates(page: str, current: str, ctx: OutputContext, up: str) -> list[Alternate]:
    """One page in the source language (at ``page``) and in every declared one
    (``<lang>/page``); ``up`` leads from the page being written to the site's root."""
    settings = ctx.settings
    found = [Alternate(settings.lang, native_name(settings.lang), up + page,
                       ctx.url(page) if settings.site_url else None, current == settings.lang)]
    for lang in settings.languages:
        found.append(Alternate(lang, native_name(lang), f"{up}{lang}/{page}",
                               ctx.url(f"{lang}/{page}") if settings.site_url else None,
                               current == lang))
    return found


def in_source_language(value: Markup | str, source: str) -> Markup:
    """``value`` marked as still in the source language, so that a screen reader switches
    voice (a text whose translation is pending)."""
    shown = value if isinstance(value, Markup) else escape(value)
    return Markup(f'<span lang="{escape(source)}" dir="{direction(source)}">{shown}</span>')


def source_language_name(ctx: OutputContext, lang: str) -> str:
    """The source language's name in ``lang`` (``Saesneg``), for "translation to follow"."""
    source = ctx.settings.lang
    return locale_of(source).get_display_name(locale_of(lang)) or source


def localised(incident: Incident, lang: str, ctx: OutputContext) -> tuple[Incident, frozenset[str]]:
    """``incident`` in ``lang`` (current translations only) and what is still untranslated."""
    settings = ctx.settings
    key = ("i18n-sidecars", incident.id, id(incident))
    loaded = ctx.memo.get(key)
    if not isinstance(loaded, dict):
        loaded = ctx.memo[key] = load_translations(settings.incidents_dir, incident,
                                                   settings.languages, settings.root)
    parity = language_parity(incident, lang, loaded.get(lang))
    return translated(incident, parity)


def incident_page(incident: Incident, lang: str, ctx: OutputContext) -> str:
    """The page of ``incident`` in ``lang``."""
    shown, untranslated = localised(incident, lang, ctx)
    source_lang = ctx.settings.lang
    zone = ctx.settings.zone
    _ = partial(catalogue.gettext, lang)

    def words(path: str, value: Markup | str | None) -> Markup:
        """A text, marked with the source language when it is not translated yet."""
        if not value:
            return Markup("")
        if path in untranslated:
            return in_source_language(value, source_lang)
        return Markup(value if isinstance(value, Markup) else escape(value))

    def md(path: str, value: str | None) -> Markup:
        if not value:
            return Markup("")
        html = ctx.renderer.render(value)
        if path in untranslated:
            return Markup(f'<div lang="{escape(source_lang)}" '
                          f'dir="{direction(source_lang)}">{html}</div>')
        return Markup(html)

    def when(moment) -> Markup:
        return formatting.time_element(moment, lang, zone)

    source_name = source_language_name(ctx, lang)
    updates = list(enumerate(shown.updates))[::-1]
    return environment(ctx).get_template("i18n/incident.html").render(
        lang=lang, dir=direction(lang), _=_, words=words, md=md, when=when,
        incident=shown, updates=updates, source=incident,
        contacts=[(index, contact, contact_href(contact))
                  for index, contact in enumerate(shown.contacts)],
        severity=_(SEVERITY[shown.severity]), status=_(STATUS[shown.status]),
        phase=_(PHASE[shown.phase]) if shown.phase else None,
        phases={p: _(label) for p, label in PHASE.items()},
        action_labels={s: _(label) for s, label in ACTION.items()},
        pending_note=(_("Translation to follow: some parts of this page are shown in "
                        "%(language)s until their translation is ready.", language=source_name)
                      if untranslated else None),
        alternates=page_alternates(f"{incident.id}/", lang, ctx, "../../"),
        canonical=ctx.url(f"{lang}/{incident.id}/") if ctx.settings.site_url else None,
        site_name=ctx.settings.site_name, organisation=ctx.settings.organisation.name,
        rehearsal=ctx.settings.rehearsal,
    )


def status_translations(incident: Incident, ctx: OutputContext) -> dict[str, object]:
    """``status.json``'s ``translations`` for one incident: an added key, nothing else moves.

    Per declared language: its page, title, summary and the updates that have a
    current translation (by the same ``id`` as in ``incident_updates``), and
    whether every text is translated. A reader that knows nothing of it sees the
    same document as before; a widget that does picks its language from here.
    """
    if not ctx.settings.languages:
        return {}
    from darksite.outputs.markup import html_to_text, utc_stamp

    found: dict[str, object] = {}
    for lang in ctx.settings.languages:
        shown, untranslated = localised(incident, lang, ctx)
        updates = []
        for index, update in enumerate(shown.updates):
            if f"updates[{index}].text" not in untranslated:
                html = ctx.html(update.text)
                updates.append({"id": f"{incident.id}-{utc_stamp(update.at)}",
                                "body": html_to_text(html), "body_html": html})
        found[lang] = {
            "url": ctx.url(f"{lang}/{incident.id}/"),
            "press_release_url": ctx.url(f"{lang}/{incident.id}/press-release/"),
            "dir": direction(lang),
            "label": catalogue.gettext(lang, "Incident"),
            "complete": not untranslated,
            "name": None if "title" in untranslated else shown.title,
            "summary": None if "summary" in untranslated else shown.summary,
            "incident_updates": list(reversed(updates)),
        }
    return {"translations": found}


def incident_feed(incident: Incident, lang: str, ctx: OutputContext) -> str:
    """The incident's Atom feed with its texts in ``lang`` (the source where not yet translated)."""
    shown, _ = localised(incident, lang, ctx)
    return atom.incident_feed(shown, ctx)


INDEX_PAGE_SIZE = 100
"""Resolved incidents per page of ``/<lang>/``: as ``/lite/``, a few KB at any number."""


def index_page_count(resolved: int) -> int:
    """Pages of each ``/<lang>/`` listing for ``resolved`` incidents (at least one)."""
    return page_count(resolved, INDEX_PAGE_SIZE)


def index_path(lang: str, number: int = 1) -> str:
    """``<lang>/index.html`` for page 1 (its URL never changes), ``<lang>/page/N/`` after."""
    return f"{lang}/index.html" if number == 1 else f"{lang}/page/{number}/index.html"


def _index_alternates(lang: str, number: int, ctx: OutputContext) -> list[Alternate]:
    """The same listing in every language: ``/`` for the source (its archive after page 1)."""
    settings = ctx.settings
    up = "../" * (1 if number == 1 else 3)
    source = "" if number == 1 else "archive/"
    found = [Alternate(settings.lang, native_name(settings.lang), up + source or "./",
                       ctx.url(source) if settings.site_url else None, False)]
    for other in settings.languages:
        listing = f"{other}/" if number == 1 else f"{other}/page/{number}/"
        found.append(Alternate(other, native_name(other), up + listing,
                               ctx.url(listing) if settings.site_url else None, other == lang))
    return found


def index_pages(incidents: Sequence[Incident], lang: str, ctx: OutputContext) -> dict[str, str]:
    """``/<lang>/``: the active incidents, then the resolved ones, newest first, in pages.

    The home page of a reader of ``lang``: every title, summary, label and date
    in that language, the source text (marked) where a translation is pending.
    """
    _ = partial(catalogue.gettext, lang)
    zone = ctx.settings.zone

    def when(moment) -> Markup | None:
        return formatting.time_element(moment, lang, zone) if moment else None

    def card(incident: Incident) -> dict[str, object]:
        shown, untranslated = localised(incident, lang, ctx)

        def words(path: str, value: str) -> Markup:
            if path in untranslated:
                return in_source_language(value, ctx.settings.lang)
            return Markup(escape(value))

        return {"id": incident.id, "title": words("title", shown.title),
                "summary": words("summary", shown.summary),
                "severity": _(SEVERITY[shown.severity]), "updated": when(shown.last_updated),
                "next_update": when(shown.next_update) if shown.is_active else None,
                "resolved": when(shown.resolved_at), "pending": bool(untranslated)}

    site = site_view(incidents, ctx.settings)  # the English home's order, not a second rule
    active = [card.model for card in site.active]
    resolved = [card.model for card in site.resolved]
    pages = index_page_count(len(resolved))
    template = environment(ctx).get_template("i18n/index.html")
    made = {}
    for number in range(1, pages + 1):
        chunk = resolved[(number - 1) * INDEX_PAGE_SIZE:number * INDEX_PAGE_SIZE]
        heading = (_("Current incidents") if len(active) > 1 else _("Current incident")) \
            if active and number == 1 else _("Resolved incidents")
        prefix = "" if number == 1 else "../../"
        listing = f"{lang}/" if number == 1 else f"{lang}/page/{number}/"
        made[index_path(lang, number)] = template.render(
            lang=lang, dir=direction(lang), _=_, heading=heading, number=number, pages=pages,
            active=[card(i) for i in active] if number == 1 else [],
            resolved=[card(i) for i in chunk], prefix=prefix,
            home="../" if number == 1 else "../../../",
            newer="../../" if number == 2 else f"../{number - 1}/", older=(
                f"page/{number + 1}/" if number == 1 else f"../{number + 1}/"),
            alternates=_index_alternates(lang, number, ctx),
            canonical=ctx.url(listing) if ctx.settings.site_url else None,
            site_name=ctx.settings.site_name, organisation=ctx.settings.organisation.name,
            rehearsal=ctx.settings.rehearsal)
    return made


def with_resolved_from(text: str, published: str) -> str:
    """``/<lang>/`` as ``text`` (made from the active incidents alone), with the resolved
    part of ``published`` (the live page): the fast path of ``publish``, when no resolved
    incident changed. The template marks that part with two comments; raises ValueError
    if either page lacks them (the fast path then gives way to a full build)."""
    def span(page: str) -> tuple[int, int]:
        start = page.index(RESOLVED_START)
        return start, page.index(RESOLVED_END, start) + len(RESOLVED_END)

    start, end = span(text)
    kept_start, kept_end = span(published)
    return text[:start] + published[kept_start:kept_end] + text[end:]


def write_language_pages(writer: SiteWriter, incidents: Sequence[Incident],
                         ctx: OutputContext) -> None:
    """Every shown incident's page and feed in every declared language, and its home pages."""
    for incident in incidents:
        for lang in ctx.settings.languages:
            writer.write_text(page_path(lang, incident.id), incident_page(incident, lang, ctx))
            writer.write_text(feed_path(lang, incident.id), incident_feed(incident, lang, ctx))
    for lang in ctx.settings.languages:
        for path, text in index_pages(incidents, lang, ctx).items():
            writer.write_text(path, text)
