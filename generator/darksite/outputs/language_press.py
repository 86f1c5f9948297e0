"""``/<lang>/<id>/press-release/``: the press release of each shown incident in each
declared language, and beside it (``channel-texts/``) its approved short texts in that
language.

Why: a newsroom that reports in Welsh or Arabic needs the release in that
language from the organisation itself, not a journalist's own translation
of the English one. The words are exactly what ``darksite posts ID --lang
LANG --channel press_release`` prints: the incident's current translation
(the source text where one is still pending, marked with its language), and
around it darksite's press-release words from the language's catalogue
(:mod:`darksite.outputs.channels`). The page is the language pages' own
text-first page: ``lang`` and ``dir`` on the root, ``hreflang`` alternates,
and a switcher to the release in every language, the source's included.

The channel-texts page does for a regional team or a partner working in
Welsh or Arabic what ``/<id>/press-release/channel-texts/`` does in the
source language: the approved X, Bluesky, Mastodon, LinkedIn, Facebook, SMS
and email-subject texts, each exactly what ``darksite posts ID --lang LANG
--channel NAME`` prints, so that the one approved message is also the one
message in every language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import partial

from markupsafe import Markup, escape

from darksite.i18n import catalogue
from darksite.i18n.languages import direction
from darksite.model import Incident
from darksite.outputs.channels import (
    PRESS_BACKGROUND,
    PRESS_ENDS,
    PRESS_MEDIA_CONTACT,
    PRESS_NOTES,
    ChannelWriter,
)
from darksite.outputs.context import OutputContext
from darksite.outputs.languages import (
    in_source_language,
    localised,
    page_alternates,
    source_language_name,
)
from darksite.outputs.lite import environment
from darksite.outputs.press import CHANNEL_LABELS, SHARED_CHANNELS, paragraphs, release_html
from darksite.outputs.writer import SiteWriter


def press_path(lang: str, incident_id: str) -> str:
    return f"{lang}/{incident_id}/press-release/index.html"


def texts_path(lang: str, incident_id: str) -> str:
    return f"{lang}/{incident_id}/press-release/channel-texts/index.html"


def in_language(ctx: OutputContext, lang: str) -> OutputContext:
    """``ctx`` for texts written in ``lang``: its words, and links to ``/<lang>/<id>/``."""
    settings = ctx.settings
    base = (settings.site_url or "/").rstrip("/") + f"/{lang}/"
    return dataclasses.replace(ctx, settings=dataclasses.replace(settings, site_url=base,
                                                                 lang=lang), memo={})


def press_page(incident: Incident, lang: str, ctx: OutputContext,
               lang_ctx: OutputContext | None = None) -> str:
    """The press release of ``incident`` in ``lang``; ``lang_ctx``: :func:`in_language`'s."""
    shown, untranslated = localised(incident, lang, ctx)
    writer = ChannelWriter(shown, lang_ctx or in_language(ctx, lang))
    sections = tuple(writer._(name) for name in (PRESS_BACKGROUND, PRESS_MEDIA_CONTACT,
                                                 PRESS_NOTES))
    body = release_html(writer.text("press_release"), writer.dateline(), sections=sections,
                        ends=writer._(PRESS_ENDS))
    return _page("i18n/press.html", f"{incident.id}/press-release/", shown, untranslated,
                 lang, ctx, body=body)


def texts_page(incident: Incident, lang: str, ctx: OutputContext,
               lang_ctx: OutputContext | None = None) -> str:
    """The approved short texts of ``incident`` in ``lang``, each channel once, as ``posts
    --lang`` prints them; ``lang_ctx``: :func:`in_language`'s."""
    shown, untranslated = localised(incident, lang, ctx)
    writer = ChannelWriter(shown, lang_ctx or in_language(ctx, lang))
    shared = [(catalogue.gettext(lang, CHANNEL_LABELS[name]), paragraphs(writer.text(name)))
              for name in SHARED_CHANNELS]
    return _page("i18n/press-texts.html", f"{incident.id}/press-release/channel-texts/", shown,
                 untranslated, lang, ctx, shared=shared)


def _page(template: str, page: str, shown: Incident, untranslated: frozenset[str], lang: str,
          ctx: OutputContext, **content: object) -> str:
    """One of the press pages (``i18n/press-base.html``) of ``shown``, the incident in
    ``lang``, at ``<lang>/page``: what both pages show around their own ``content``."""
    title = shown.title
    title_html = (in_source_language(title, ctx.settings.lang) if "title" in untranslated
                  else Markup(escape(title)))
    up = "../" * (page.count("/") + 1)
    return environment(ctx).get_template(template).render(
        source_name=source_language_name(ctx, lang),
        lang=lang, dir=direction(lang), _=partial(catalogue.gettext, lang), title=title,
        title_html=title_html, description=shown.summary, pending=bool(untranslated),
        alternates=page_alternates(page, lang, ctx, up),
        canonical=ctx.url(f"{lang}/{page}") if ctx.settings.site_url else None,
        site_name=ctx.settings.site_name, rehearsal=ctx.settings.rehearsal, **content,
    )


def write_press_releases(writer: SiteWriter, incidents: Sequence[Incident],
                         ctx: OutputContext) -> None:
    for lang in ctx.settings.languages:
        lang_ctx = in_language(ctx, lang)
        for incident in incidents:
            writer.write_text(press_path(lang, incident.id),
                              press_page(incident, lang, ctx, lang_ctx))
            writer.write_text(texts_path(lang, incident.id),
                              texts_page(incident, lang, ctx, lang_ctx))
