"""``/status.json``: the incidents as a machine-readable status, shaped like Statuspage's.

Statuspage's public ``/api/v2/summary.json`` is what existing status widgets,
chat bots and monitoring scripts already read, so darksite speaks the same
shape (``page``, ``status.indicator``, ``incidents[].incident_updates``,
``components``, ``scheduled_maintenances``) and adds its own fields beside
them, never instead of them. ``schema_version`` changes only when a field is
removed or changes meaning; new fields may appear at any time.

As in Statuspage, ``incidents`` holds only unresolved incidents, in full;
the darksite field ``resolved_incidents`` holds a bounded recent history (the
:data:`RESOLVED_SHOWN` most recently resolved, each with at most
:data:`UPDATES_SHOWN` updates), and ``resolved_history`` says how many there
are in all and where the rest are (the archive, the lite index, each
incident's feed and page). Widgets poll this file every minute: it must stay
small at any number of incidents (at most about 1 MB; docs/outputs.md).
Drafts never appear in a public build.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from darksite import __version__
from darksite.corrections import of_update
from darksite.model import Correction, Incident, Phase, Status, Update, prominence_order
from darksite.outputs.atom import NO_TIME, SITE_FEED_PATH, correction_text, incident_feed_path
from darksite.outputs.context import OutputContext
from darksite.outputs.languages import status_translations
from darksite.outputs.markup import html_to_text, iso, utc_stamp
from darksite.outputs.writer import SiteWriter

STATUS_PATH = "status.json"
SCHEMA_VERSION = 1
RESOLVED_SHOWN = 25
"""Resolved incidents in ``resolved_incidents``: the most recently resolved."""
UPDATES_SHOWN = 5
"""Newest updates of each resolved incident in ``status.json``; all of them are in its feed."""

INDICATOR_DESCRIPTIONS = {
    "none": "No active incidents",
    "minor": "Minor incident in progress",
    "major": "Major incident in progress",
    "critical": "Critical incident in progress",
}
"""The overall ``status.description`` for each ``status.indicator``."""


def _iso(moment: datetime | None) -> str | None:
    return iso(moment) if moment is not None else None


def indicator(active: Sequence[Incident]) -> str:
    """The most severe active incident's severity, or ``none``: Statuspage's indicator values."""
    if not active:
        return "none"
    return min((i.severity for i in active), key=lambda s: s.rank).value


def incident_status(incident: Incident) -> str:
    """Statuspage's incident status: the latest phase; resolved incidents say ``resolved``."""
    if incident.status is Status.RESOLVED:
        return Phase.RESOLVED.value
    phase = incident.phase
    if phase is None or phase is Phase.RESOLVED:
        # An active incident is never "resolved" to a widget, whatever its last phase says.
        return Phase.INVESTIGATING.value if phase is None else Phase.MONITORING.value
    return phase.value


def _update_statuses(incident: Incident) -> list[str]:
    """Each update's status, carrying the last named phase forward as Statuspage does."""
    current = Phase.INVESTIGATING.value
    statuses = []
    for update in incident.updates:
        if update.phase is not None:
            current = update.phase.value
        statuses.append(current)
    return statuses


def update_json(
    incident: Incident, update: Update, status: str, ctx: OutputContext
) -> dict[str, Any]:
    html = ctx.html(update.text)
    found = of_update(incident.corrections, update.at)
    return {
        "id": f"{incident.id}-{utc_stamp(update.at)}",
        "incident_id": incident.id,
        "status": status,
        "body": html_to_text(html),
        "body_html": html,
        "created_at": iso(update.at),
        "updated_at": iso(max([update.at, *(c.at for c in found)])),
        "display_at": iso(update.at),
        "affected_components": [],
    }


def incident_json(incident: Incident, ctx: OutputContext,
                  newest_updates: int | None = None) -> dict[str, Any]:
    """One incident in Statuspage's shape, plus darksite's own fields.

    ``newest_updates`` keeps only that many of the newest updates (for the
    bounded history of resolved incidents); ``updates_total`` gives the count.
    """
    statuses = _update_statuses(incident)
    pairs = list(zip(incident.updates, statuses, strict=True))
    updates = [
        update_json(incident, update, status, ctx)
        for update, status in (pairs[-newest_updates:] if newest_updates else pairs)
    ]
    monitoring = next(
        (u.at for u, s in zip(incident.updates, statuses, strict=True) if s == "monitoring"),
        None,
    )
    url = ctx.incident_url(incident.id)
    settings = ctx.settings
    return {
        "id": incident.id,
        "name": incident.title,
        "status": incident_status(incident),
        "impact": incident.severity.value,
        "created_at": _iso(incident.started_at),
        "started_at": _iso(incident.started_at),
        "updated_at": _iso(incident.last_updated),
        "monitoring_at": _iso(monitoring),
        "resolved_at": _iso(incident.resolved_at),
        "shortlink": url,
        "page_id": page_id(ctx),
        "incident_updates": list(reversed(updates)),
        "updates_total": len(pairs),
        "components": [],
        # darksite's fields (see docs/outputs.md)
        "url": url,
        "summary": incident.summary,
        "severity": incident.severity.value,
        "lifecycle": incident.status.value,
        "lang": incident.lang or settings.lang,
        "affected": list(incident.affected),
        "next_update_at": _iso(incident.next_update),
        "feed_url": ctx.url(incident_feed_path(incident.id)),
        "lite_url": ctx.url(f"lite/{incident.id}/"),
        "press_release_url": ctx.url(f"{incident.id}/press-release/"),
        "draft": incident.status is Status.DRAFT,
        "corrections": [correction_json(c, ctx) for c in reversed(incident.corrections)],
        "resolution": resolution_json(incident),
        "review": review_json(incident, ctx),
        **status_translations(incident, ctx),  # "translations", only with languages declared
    }


def resolution_json(incident: Incident) -> dict[str, Any] | None:
    """How a resolved incident ended and what readers still need to do; null until resolved.

    A widget that shows "Resolved" can then say what the page says first.
    """
    resolution = incident.resolution
    if resolution is None or incident.status is not Status.RESOLVED:
        return None
    return {"ended": resolution.ended, "still_to_do": list(resolution.still_to_do)}


def review_json(incident: Incident, ctx: OutputContext) -> dict[str, Any] | None:
    """The post-incident review as the page shows it (Markdown fields as written); or null."""
    review = incident.review
    if review is None:
        return None
    url = review.url
    if url and "://" not in url:  # a page under the docs folder, as the page links it
        url = ctx.url(posixpath.normpath(url.replace("\\", "/")).lstrip("/"))
    return {
        "published_at": review.published_at.isoformat(),
        "url": url,
        "what_happened": review.what_happened,
        "root_cause": review.root_cause,
        "changes": [{"change": item.change, "at": item.at.isoformat()}
                    for item in review.changes],
    }


def correction_json(correction: Correction, ctx: OutputContext) -> dict[str, Any]:
    """One entry of the correction log, newest first in ``corrections``."""
    return {
        "at": iso(correction.at),
        "field": correction.path,
        "note": correction.note,
        "text": correction_text(correction, ctx),
        "old": correction.old,
        "new": correction.new,
    }


def page_id(ctx: OutputContext) -> str:
    """The page's id: its URL when known (stable across renames of the site), else its name."""
    return ctx.settings.site_url or ctx.settings.site_name


def status_document(incidents: Sequence[Incident], ctx: OutputContext,
                    updated_moments: Sequence[datetime] | None = None) -> dict[str, Any]:
    """The whole ``status.json`` as a dict; ``incidents`` are those this build may show.

    ``updated_moments`` is for the fast path of ``publish``, which hands in
    only the active incidents: the last-updated times of every shown
    incident, in file order, for ``page.updated_at``.
    """
    settings = ctx.settings
    shown = [i for i in incidents if i.is_public or settings.rehearsal]
    # In a rehearsal a draft stands in for the incident it rehearses: shown as active.
    active = sorted((i for i in shown if i.status is not Status.RESOLVED), key=prominence_order)
    resolved = sorted(
        (i for i in shown if i.status is Status.RESOLVED),
        key=lambda i: (i.resolved_at or i.last_updated or ctx.now).timestamp(),
        reverse=True,
    )
    level = indicator(active)
    moments = list(updated_moments) if updated_moments is not None else [
        i.last_updated for i in shown if i.last_updated is not None]
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "darksite_version": __version__,
        "page": {
            "id": page_id(ctx),
            "name": settings.site_name,
            "url": ctx.url(),
            "time_zone": "Etc/UTC",
            "updated_at": iso(max(moments) if moments else NO_TIME),
        },
        "status": {"indicator": level, "description": INDICATOR_DESCRIPTIONS[level]},
        "components": [],
        "incidents": [incident_json(i, ctx) for i in active],
        "scheduled_maintenances": [],
        "resolved_incidents": [incident_json(i, ctx, UPDATES_SHOWN)
                               for i in resolved[:RESOLVED_SHOWN]],
        "resolved_history": resolved_history(resolved, ctx),
        "organisation": {"name": settings.organisation.name},
        "feed_url": ctx.url(SITE_FEED_PATH),
    }
    if settings.rehearsal:
        document["rehearsal"] = True
    return document


def resolved_history(resolved: Sequence[Incident], ctx: OutputContext) -> dict[str, Any]:
    """How many are resolved, how many ``resolved_incidents`` shows, where the rest are."""
    return {
        "total": len(resolved),
        "shown": min(len(resolved), RESOLVED_SHOWN),
        "updates_shown_per_incident": UPDATES_SHOWN,
        "archive_url": ctx.url("archive/"),
        "lite_url": ctx.url("lite/"),
    }


def status_json(incidents: Sequence[Incident], ctx: OutputContext,
                updated_moments: Sequence[datetime] | None = None) -> str:
    """``status.json`` text: stable key order, UTF-8, one trailing newline."""
    document = status_document(incidents, ctx, updated_moments)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


RESOLVED_KEY = '\n  "resolved_incidents": '
HISTORY_KEY = '\n  "resolved_history": '


def _resolved_span(text: str) -> tuple[int, int]:
    """Where ``resolved_incidents`` and ``resolved_history`` are in a ``status.json`` text."""
    start = text.index(RESOLVED_KEY)
    history = text.index(HISTORY_KEY, start)
    return start, text.index('\n  "', history + 1)


def with_resolved_from(text: str, published: str) -> str:
    """``text``, written without resolved incidents, with those of a published ``status.json``.

    For the fast path of ``publish``, when no resolved incident changed: the
    resolved list and its ``resolved_history`` come from ``published``.
    Exact because both are ``json.dumps(indent=2)`` of the same shape: a
    top-level key is the only line indented by exactly two spaces, and JSON
    strings hold no raw line breaks.
    """
    empty = RESOLVED_KEY + "[],"
    if text.count(empty) != 1:
        raise ValueError("status.json was not written without resolved incidents")
    start, end = _resolved_span(text)
    old_start, old_end = _resolved_span(published)
    return text[:start] + published[old_start:old_end] + text[end:]


def write_status(writer: SiteWriter, incidents: Sequence[Incident], ctx: OutputContext) -> None:
    writer.write_text(STATUS_PATH, status_json(incidents, ctx))

