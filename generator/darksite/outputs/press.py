"""``/<id>/press-release/``: the press release of each public incident, on the site itself,
with the approved short texts for each public channel.

Why: journalists look for the official release on the organisation's own
crisis page, and the release must be the same approved words as every other
channel. The text is exactly what ``darksite posts ID --channel press_release``
prints (:mod:`darksite.outputs.channels`), laid out as a text-only page like
the lite pages: no script, a few hundred bytes of CSS, printable as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from darksite.channel_names import SOCIAL
from darksite.model import Incident
from darksite.outputs.cards import incident_kind
from darksite.outputs.channels import (
    PRESS_BACKGROUND,
    PRESS_ENDS,
    PRESS_MEDIA_CONTACT,
    PRESS_NOTES,
    ChannelWriter,
    channel_texts,
)
from darksite.outputs.context import OutputContext
from darksite.outputs.lite import common_context, environment
from darksite.outputs.writer import SiteWriter

SHARED_CHANNELS = (*SOCIAL, "sms", "email_subject")
"""The approved short texts a press office hands to partners and regional teams to reuse."""

CHANNEL_LABELS = {"x": "X", "bluesky": "Bluesky", "mastodon": "Mastodon", "linkedin": "LinkedIn",
                  "facebook": "Facebook", "sms": "SMS", "email_subject": "Email subject"}
"""Each shared channel's label; also the msgids of the language pages' labels (the networks'
names are the same in every language, "SMS" and "Email subject" are not)."""


SECTION_HEADINGS = (PRESS_BACKGROUND, PRESS_MEDIA_CONTACT, PRESS_NOTES)
"""Blocks of the release text that open with one of these lines become headed sections."""


def press_path(incident_id: str) -> str:
    return f"{incident_id}/press-release/index.html"


def texts_path(incident_id: str) -> str:
    """The approved channel texts, each once, on a page of their own beside the release."""
    return f"{incident_id}/press-release/channel-texts/index.html"


def release_html(text: str, dateline: str, sections: Sequence[str] = SECTION_HEADINGS,
                 ends: str = PRESS_ENDS) -> Markup:
    """The release text as a page: the headline left to the page's h1, sections headed.

    The words are exactly the ``press_release`` channel text; only the layout
    is the page's: "FOR IMMEDIATE RELEASE" and the dateline in bold, the
    section names as headings, "Ends" on its own. ``sections`` and ``ends``:
    those names in the release's language.
    """
    blocks = [block.strip("\n") for block in text.strip().split("\n\n") if block.strip()]
    out = []
    for index, block in enumerate(blocks):
        first, _, rest = block.partition("\n")
        if index == 1 and first == first.upper():
            continue  # the headline: the page's <h1>
        if index == 0 or first == ends:
            out.append(Markup('<p class="press-{}"><strong>{}</strong></p>').format(
                "ends" if first == ends else "embargo", first))
        elif first in sections:
            out.append(Markup("<h2>{}</h2>\n{}").format(first, paragraphs(rest)))
        elif block.startswith(dateline + " – "):
            out.append(Markup('<p class="press-lead"><strong>{}</strong> – {}</p>').format(
                dateline, Markup("<br>\n").join(
                    escape(line) for line in block[len(dateline) + 3:].splitlines())))
        else:
            out.append(paragraphs(block))
    return Markup("\n").join(out)


def paragraphs(text: str) -> Markup:
    """Plain release text as HTML paragraphs; line breaks inside a paragraph are kept."""
    blocks = [block for block in text.strip().split("\n\n") if block.strip()]
    # Plain string joins of escaped lines: Markup.format and Markup.join re-escape and wrap
    # every piece in Python (a third of the press pages' cost), for the same bytes.
    return Markup("\n".join(
        "<p>" + "<br>\n".join([escape(line) for line in block.splitlines()]) + "</p>"
        for block in blocks
    ))


def press_page(incident: Incident, ctx: OutputContext) -> str:
    """The press release page of ``incident``."""
    release = channel_texts(incident, ctx, channels=("press_release",))["press_release"]
    canonical = ctx.url(f"{incident.id}/press-release/") if ctx.settings.site_url else None
    return environment(ctx).get_template("lite/press.html").render(
        **common_context(ctx, incident.lang or ctx.settings.lang, incident_kind(incident)),
        title=incident.title,
        is_draft=not incident.is_public,
        body=release_html(release, ChannelWriter(incident, ctx).dateline()),
        shared=(),
        root="../../",
        page_url=f"{incident.id}/",
        canonical=canonical,
        description=incident.summary,
        feed_href="../feed.xml",
        feed_title=f"{incident.title}: updates",
        alternates=_language_alternates(incident, ctx),
    )


def _language_alternates(incident: Incident, ctx: OutputContext, page: str = "",
                         up: str = "../../") -> list:
    """The release (or its ``page`` below it, ``up`` from it to the root) in every declared
    language (``hreflang`` must link both ways), or none: every incident with a release here
    has one in each language (:mod:`darksite.outputs.language_press`)."""
    if not ctx.settings.languages:
        return []
    from darksite.outputs.languages import page_alternates

    return page_alternates(f"{incident.id}/press-release/{page}", ctx.settings.lang, ctx, up)


def texts_page(incident: Incident, ctx: OutputContext) -> str:
    """The approved short texts of ``incident``, each channel once."""
    texts = channel_texts(incident, ctx, channels=SHARED_CHANNELS)
    shared = [(CHANNEL_LABELS[name], paragraphs(text)) for name, text in texts.items()]
    canonical = (ctx.url(f"{incident.id}/press-release/channel-texts/") if ctx.settings.site_url
                 else None)
    return environment(ctx).get_template("lite/press-texts.html").render(
        **common_context(ctx, incident.lang or ctx.settings.lang, incident_kind(incident)),
        title=incident.title,
        is_draft=not incident.is_public,
        shared=shared,
        root="../../../",
        page_url=f"{incident.id}/",
        canonical=canonical,
        description=incident.summary,
        feed_href="../../feed.xml",
        feed_title=f"{incident.title}: updates",
        alternates=_language_alternates(incident, ctx, "channel-texts/", "../../../"),
    )


def write_press_releases(writer: SiteWriter, incidents: Sequence[Incident],
                         ctx: OutputContext) -> None:
    for incident in incidents:
        writer.write_text(press_path(incident.id), press_page(incident, ctx))
        writer.write_text(texts_path(incident.id), texts_page(incident, ctx))
