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

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from darksite.model import Incident
from darksite.outputs import (
    atom,
    cards,
    embed,
    language_press,
    languages,
    lite,
    press,
    robots,
    sitemap,
    status,
    statuspage,
)
from darksite.outputs import hosting as hosting_files
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
    hosting: bool = True,
) -> None:
    """Write feeds, ``status.json``, lite pages, press releases, the banner, ``robots.txt``
    and hosting files.

    ``hosting=False`` leaves out the hosting files, which list the finished
    site: the caller then writes them with :func:`write_hosting_files` once
    every other file is there.

    ``renderer`` should be the site's own (with its ``markdown_extensions``) so
    that feeds and lite pages show the pages' HTML; without it a renderer with
    MkDocs' default extensions is used. ``now`` only stands in for the time of
    a draft that has none yet (rehearsal).
    """
    ctx = OutputContext.for_settings(settings, renderer, now)
    shown = shown_incidents(incidents, settings)
    # A full build writes into a folder MkDocs has just emptied (or a fresh release):
    # no temporary file and rename per output (see SiteWriter).
    writer = SiteWriter(Path(site_dir), atomic=False)
    atom.write_feeds(writer, shown, ctx)
    status.write_status(writer, shown, ctx)
    statuspage.write_api(writer, shown, ctx)
    lite.write_lite_pages(writer, shown, ctx)
    press.write_press_releases(writer, shown, ctx)
    languages.write_language_pages(writer, shown, ctx)  # /<lang>/<id>/ (darksite.i18n)
    language_press.write_press_releases(writer, shown, ctx)  # /<lang>/<id>/press-release/
    embed.write_embed(writer, ctx)
    robots.write_robots(writer, ctx)
    cards.write_cards(Path(site_dir), ctx,
                      settings.cache_dir / "cards" if settings.root.is_dir() else None)
    if hosting:
        write_hosting_files(site_dir, settings.site_url, shown, settings.languages)


def incident_html_paths(incident_ids: Iterable[str], langs: Sequence[str]) -> set[str]:
    """The HTML files the outputs write for these incidents (lite pages, press releases,
    channel texts, language pages) and the lite and language indexes.

    A full build writes them after MkDocs' pages, so none of them is ever a
    themed page: the banner splice of the fast path skips them unread.
    """
    paths = {lite.INDEX_PATH} | {languages.index_path(lang) for lang in langs}
    for incident_id in incident_ids:
        paths.update((lite.lite_path(incident_id), press.press_path(incident_id),
                      press.texts_path(incident_id)))
        for lang in langs:
            paths.update((languages.page_path(lang, incident_id),
                          language_press.press_path(lang, incident_id),
                          language_press.texts_path(lang, incident_id)))
    return paths


def sitemap_moments(incidents: Sequence[Incident]) -> tuple[dict[str, datetime], datetime | None]:
    """Each incident's last change by id, and the newest of them (the sitemap's ``lastmod``)."""
    changed = {i.id: i.last_updated for i in incidents if i.last_updated is not None}
    return changed, max(changed.values(), default=None)


def write_hosting_files(site_dir: Path, site_url: str | None = None,
                        incidents: Sequence[Incident] = (),
                        languages: Sequence[str] = ()) -> None:
    """The sitemap's dates and index if needed, then ``_headers`` and the nginx snippet: last,
    since they list the finished site (MkDocs has written its sitemap by then).

    ``incidents``: those the site shows, whose last changes date the sitemap's
    URLs (:func:`darksite.outputs.sitemap.with_lastmods`), never the build date.
    ``languages``: the declared other languages, whose pages join the sitemap.
    """
    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    changed, newest = sitemap_moments(incidents)
    sitemap.set_lastmods(Path(site_dir), site_url, changed, newest,
                         incident_ids={incident.id for incident in incidents},
                         languages=languages)
    sitemap.split_sitemap(Path(site_dir), base)
    hosting_files.write_hosting(SiteWriter(Path(site_dir)), Path(site_dir))


def _rewrite_listings(write: Callable[[str, str], None], shown: Sequence[Incident],
                      ctx: OutputContext, updated_moments: Sequence[datetime]) -> None:
    """``status.json`` and its ``/api/v2/`` files, every page of ``/lite/`` and of each
    ``/<lang>/``, made from every shown incident, as a full build makes them."""
    text = status.status_json(shown, ctx, updated_moments)
    write(status.STATUS_PATH, text)
    for path, api_text in statuspage.files_from_status_text(text).items():
        write(path, api_text)
    for path, page in lite.index_pages(shown, ctx):
        write(path, page)
    for lang in ctx.settings.languages:
        for path, page in languages.index_pages(shown, lang, ctx).items():
            write(path, page)


def rewrite_outputs(
    site_dir: Path,
    published: Path,
    active: Sequence[Incident],
    changed_ids: Sequence[str],
    settings: Settings,
    *,
    renderer: MarkdownRenderer,
    updated_moments: Sequence[datetime],
    new_pages: Mapping[str, tuple[str | None, str | None]] | None = None,
    everyone: Sequence[Incident] | None = None,
) -> dict[str, str]:
    """The fast path of ``publish``: rewrite only the outputs a change to active incidents affects.

    ``site_dir`` is a copy of the live release ``published``; ``active`` are
    every active incident (file order), ``changed_ids`` those whose file
    changed; no resolved incident changed, so their part of the site feed,
    ``status.json`` and ``/lite/`` is carried over from ``published`` as it
    is. ``updated_moments``: every shown incident's last-updated time, in
    file order (for ``status.json``). ``new_pages``: the changed incidents that
    have just become public (activated drafts), each with the public incidents
    before and after it in file order, which place it in the sitemap
    (:func:`darksite.outputs.sitemap.with_new_incident_page`); their new
    top-level folders also change ``_headers``. ``everyone``: when some of
    ``active`` were just resolved, every incident the release shows (file
    order): the listings of resolved incidents (``status.json``, ``/lite/``,
    each ``/<lang>/``) are then made again from them, and the site feed merges
    the new resolved entries into the kept ones.

    Returns, for each site path written, the text this build made for it:
    the whole file, or for the three files that carry text over, the file
    without that text (which was checked when it was first published).
    """
    ctx = OutputContext.for_settings(settings, renderer)
    shown = shown_incidents(active, settings)
    writer = SiteWriter(Path(site_dir))
    made: dict[str, str] = {}

    def write(path: str, text: str, new_text: str | None = None) -> None:
        writer.write_text(path, text)
        made[path] = text if new_text is None else new_text

    def live(path: str) -> str:
        return (published / path).read_text(encoding="utf-8")

    by_id = {incident.id: incident for incident in shown}
    for incident_id in changed_ids:
        incident = by_id[incident_id]
        write(atom.incident_feed_path(incident_id), atom.incident_feed(incident, ctx))
        write(lite.lite_path(incident_id), lite.incident_page(incident, ctx))
        write(press.press_path(incident_id), press.press_page(incident, ctx))
        for lang in settings.languages:  # darksite.i18n
            write(languages.page_path(lang, incident_id),
                  languages.incident_page(incident, lang, ctx))
            write(languages.feed_path(lang, incident_id),
                  languages.incident_feed(incident, lang, ctx))
            write(language_press.press_path(lang, incident_id),
                  language_press.press_page(incident, lang, ctx))
            write(language_press.texts_path(lang, incident_id),
                  language_press.texts_page(incident, lang, ctx))
        write(press.texts_path(incident_id), press.texts_page(incident, ctx))
    kept = [entry for entry in atom.published_entries(live(atom.SITE_FEED_PATH))
            if entry.incident_id not in by_id]
    order = {incident.id: at for at, incident in enumerate(everyone or ())}
    write(atom.SITE_FEED_PATH, atom.site_feed(shown, ctx, kept=kept, order=order),
          atom.site_feed(shown, ctx, kept=(), order=order))
    if everyone is not None:  # a resolution: every listing of resolved incidents moves
        _rewrite_listings(write, shown_incidents(everyone, settings), ctx, updated_moments)
    else:
        fresh = status.status_json(shown, ctx, updated_moments)
        carried = status.with_resolved_from(fresh, live(status.STATUS_PATH))
        write(status.STATUS_PATH, carried, fresh)
        fresh_api = statuspage.files_from_status_text(fresh)
        for path, text in statuspage.files_from_status_text(carried).items():
            write(path, text, fresh_api[path])
        fresh = lite.index_page(shown, ctx)
        write(lite.INDEX_PATH, lite.with_resolved_from(fresh, live(lite.INDEX_PATH)), fresh)
        for lang in settings.languages:  # /<lang>/: the active cards are new, the rest live
            path = languages.index_path(lang)
            fresh = languages.index_pages(shown, lang, ctx)[path]
            write(path, languages.with_resolved_from(fresh, live(path)), fresh)
    changed, _ = sitemap_moments([by_id[incident_id] for incident_id in changed_ids])
    newest = max(updated_moments, default=None)
    if sitemap.set_lastmods(Path(site_dir), settings.site_url, changed, newest,
                            keep_others=True, incident_ids=by_id.keys(),
                            languages=settings.languages, new_pages=new_pages):
        made[sitemap.SITEMAP_PATH] = (Path(site_dir) / sitemap.SITEMAP_PATH).read_text(
            encoding="utf-8")
    if new_pages:
        hosting_files.write_hosting(writer, Path(site_dir))
        for path in (hosting_files.HEADERS_PATH, hosting_files.NGINX_PATH):
            made[path] = (Path(site_dir) / path).read_text(encoding="utf-8")
    return made
