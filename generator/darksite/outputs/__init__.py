"""Channel outputs: one approved message, every channel.

Everything here derives from the same frozen incidents the pages use, so an
edit to a summary reaches the site feed, the incident feed, ``status.json``,
the lite pages and every channel text in the same build.

:func:`write_outputs` is called by the MkDocs plugin in ``on_post_build``.
Whatever it is handed, it writes only public incidents in a public build:
drafts (and the internal memo, and ``internal`` notes, which no output reads)
never reach a public file. A rehearsal build, which is never public, shows
drafts too so that the team can see a prepared scenario as it would go out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from darksite.model import Incident
from darksite.outputs import atom, embed, hosting, lite, robots, status
from darksite.outputs.context import OutputContext
from darksite.outputs.writer import SiteWriter
from darksite.render.markdown import MarkdownRenderer
from darksite.settings import Settings


def shown_incidents(incidents: Sequence[Incident], settings: Settings) -> list[Incident]:
    """The incidents this build may show: public ones; drafts too only in a rehearsal."""
    return [i for i in incidents if i.is_public or settings.rehearsal]


def write_outputs(
    site_dir: Path,
    incidents: Sequence[Incident],
    settings: Settings,
    *,
    renderer: MarkdownRenderer | None = None,
    now: datetime | None = None,
) -> None:
    """Write feeds, ``status.json``, lite pages, the banner, ``robots.txt`` and hosting files.

    ``renderer`` should be the site's own (with its ``markdown_extensions``) so
    that feeds and lite pages show the pages' HTML; without it a renderer with
    MkDocs' default extensions is used. ``now`` only stands in for the time of
    a draft that has none yet (rehearsal).
    """
    ctx = OutputContext.for_settings(settings, renderer, now)
    shown = shown_incidents(incidents, settings)
    writer = SiteWriter(Path(site_dir))
    atom.write_feeds(writer, shown, ctx)
    status.write_status(writer, shown, ctx)
    lite.write_lite_pages(writer, shown, ctx)
    embed.write_embed(writer, ctx)
    robots.write_robots(writer, ctx)
    hosting.write_hosting(writer, Path(site_dir))  # last: it lists the finished site
