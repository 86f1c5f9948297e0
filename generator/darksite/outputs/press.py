"""``/<id>/press-release/``: the press release of each public incident, on the site itself.

Why: journalists look for the official release on the organisation's own
crisis page, and the release must be the same approved words as every other
channel. The text is exactly what ``darksite posts ID --channel press_release``
prints (:mod:`darksite.outputs.channels`), laid out as a text-only page like
the lite pages: no script, a few hundred bytes of CSS, printable as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from darksite.model import Incident
from darksite.outputs.channels import channel_texts
from darksite.outputs.context import OutputContext
from darksite.outputs.lite import common_context, environment
from darksite.outputs.writer import SiteWriter


def press_path(incident_id: str) -> str:
    return f"{incident_id}/press-release/index.html"


def paragraphs(text: str) -> Markup:
    """Plain release text as HTML paragraphs; line breaks inside a paragraph are kept."""
    blocks = [block for block in text.strip().split("\n\n") if block.strip()]
    return Markup("\n").join(
        Markup("<p>{}</p>").format(Markup("<br>\n").join(escape(line)
                                                         for line in block.splitlines()))
        for block in blocks
    )


def press_page(incident: Incident, ctx: OutputContext) -> str:
    """The press release page of ``incident``."""
    release = channel_texts(incident, ctx, channels=("press_release",))["press_release"]
    canonical = ctx.url(f"{incident.id}/press-release/") if ctx.settings.site_url else None
    return environment(ctx).get_template("lite/press.html").render(
        **common_context(ctx, incident.lang or ctx.settings.lang),
        title=incident.title,
        is_draft=not incident.is_public,
        body=paragraphs(release),
        root="../../",
        page_url=f"{incident.id}/",
        canonical=canonical,
        description=incident.summary,
        feed_href="../feed.xml",
        feed_title=f"{incident.title}: updates",
    )


def write_press_releases(writer: SiteWriter, incidents: Sequence[Incident],
                         ctx: OutputContext) -> None:
    for incident in incidents:
        writer.write_text(press_path(incident.id), press_page(incident, ctx))
