"""``robots.txt``: public builds invite crawlers (and name the sitemap); rehearsals refuse all.

A rehearsal site holds drafts and must never be indexed, even if someone
deploys it by mistake; a public dark site must be findable the moment it is
live, because a search for the organisation's name is where people start.
A ``robots.txt`` of the site's own in ``docs/`` is respected in a public build.
"""

from __future__ import annotations

from darksite.outputs.context import OutputContext
from darksite.outputs.writer import SiteWriter

ROBOTS_PATH = "robots.txt"


def robots_txt(ctx: OutputContext) -> str:
    if ctx.settings.rehearsal:
        return "# Rehearsal build: not public, not to be indexed.\nUser-agent: *\nDisallow: /\n"
    text = "User-agent: *\nAllow: /\n"
    if ctx.settings.site_url:
        text += f"\nSitemap: {ctx.url('sitemap.xml')}\n"
    return text


def write_robots(writer: SiteWriter, ctx: OutputContext) -> None:
    own = ctx.settings.docs_dir / ROBOTS_PATH
    if own.is_file() and not ctx.settings.rehearsal:
        return
    writer.write_text(ROBOTS_PATH, robots_txt(ctx))
