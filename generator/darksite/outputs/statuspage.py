"""``/api/v2/*.json``: the public API of an Atlassian Statuspage, as static files.

Why: Atlassian's own status widget, chat integrations and monitoring tools
that "read a Statuspage" never ask for ``/status.json``: they request
``<page>/api/v2/summary.json`` (or ``status.json``, ``incidents.json``...).
Writing those files makes the dark site a drop-in page for every one of
them, with nothing to configure but the page's URL.

Every file here is derived from the ``/status.json`` document
(:func:`darksite.outputs.status.status_document`), so the two can never
disagree, are bounded the same way (the unresolved incidents in full, the
recent history of :data:`~darksite.outputs.status.RESOLVED_SHOWN` resolved
incidents with their newest updates), and the fast path of ``publish``, which
carries the resolved part of ``status.json`` over from the live release, can
write these from the ``status.json`` it has just written
(:func:`files_from_status_text`).

Only Statuspage's own keys are written (darksite's extra fields stay in
``/status.json``), in Statuspage's order; a rehearsal build adds
``"rehearsal": true`` at the top level, as ``/status.json`` does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from darksite.model import Incident
from darksite.outputs.context import OutputContext
from darksite.outputs.status import status_document
from darksite.outputs.writer import SiteWriter

API_DIR = "api/v2"
SUMMARY_PATH = f"{API_DIR}/summary.json"
STATUS_PATH = f"{API_DIR}/status.json"
COMPONENTS_PATH = f"{API_DIR}/components.json"
INCIDENTS_PATH = f"{API_DIR}/incidents.json"
UNRESOLVED_PATH = f"{API_DIR}/incidents/unresolved.json"
MAINTENANCES_PATH = f"{API_DIR}/scheduled-maintenances.json"
PATHS = (SUMMARY_PATH, STATUS_PATH, COMPONENTS_PATH, INCIDENTS_PATH, UNRESOLVED_PATH,
         MAINTENANCES_PATH)

PAGE_KEYS = ("id", "name", "url", "time_zone", "updated_at")
INCIDENT_KEYS = ("id", "name", "status", "created_at", "updated_at", "monitoring_at",
                 "resolved_at", "impact", "shortlink", "started_at", "page_id",
                 "incident_updates", "components")
"""An incident in Statuspage's ``/api/v2`` answers, in its order."""
UPDATE_KEYS = ("id", "status", "body", "incident_id", "created_at", "updated_at",
               "display_at", "affected_components")


def _pick(source: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    return {key: source[key] for key in keys if key in source}


def _incident(incident: Mapping[str, Any]) -> dict[str, Any]:
    picked = _pick(incident, INCIDENT_KEYS)
    picked["incident_updates"] = [
        {**_pick(update, UPDATE_KEYS), "deliver_notifications": True}
        for update in incident.get("incident_updates", ())]
    return picked


def description(status: Mapping[str, Any]) -> str:
    """``status.description``, naming the most prominent active incident.

    Statuspage's widget and chat integrations show only the indicator and
    this description, so the words say which incident is live
    (``Critical incident in progress: Water supply interrupted (+1 more)``),
    not only that one is.
    """
    words = str(status["status"]["description"])
    active = status["incidents"]
    if not active:
        return words
    more = f" (+{len(active) - 1} more)" if len(active) > 1 else ""
    return f"{words}: {active[0]['name']}{more}"


def documents(status: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each ``/api/v2`` file's document, by site path, from a ``/status.json`` document."""
    page = _pick(status["page"], PAGE_KEYS)
    unresolved = [_incident(i) for i in status["incidents"]]
    recent = [_incident(i) for i in status.get("resolved_incidents", ())]
    indicator = {**status["status"], "description": description(status)}
    extra = {"rehearsal": True} if status.get("rehearsal") else {}
    return {
        SUMMARY_PATH: {"page": page, "components": [], "incidents": unresolved,
                       "scheduled_maintenances": [], "status": indicator, **extra},
        STATUS_PATH: {"page": page, "status": indicator, **extra},
        COMPONENTS_PATH: {"page": page, "components": [], **extra},
        INCIDENTS_PATH: {"page": page, "incidents": unresolved + recent, **extra},
        UNRESOLVED_PATH: {"page": page, "incidents": unresolved, **extra},
        MAINTENANCES_PATH: {"page": page, "scheduled_maintenances": [], **extra},
    }


def _text(document: Mapping[str, Any]) -> str:
    # Compact: widgets poll these every minute; /status.json is the readable one.
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def files_from_status(status: Mapping[str, Any]) -> dict[str, str]:
    """Each ``/api/v2`` file's text, by site path, from a ``/status.json`` document."""
    return {path: _text(document) for path, document in documents(status).items()}


def files_from_status_text(text: str) -> dict[str, str]:
    """As :func:`files_from_status`, from the text of a ``/status.json`` file."""
    return files_from_status(json.loads(text))


def api_files(incidents: Sequence[Incident], ctx: OutputContext) -> dict[str, str]:
    """Each ``/api/v2`` file's text for the incidents this build may show."""
    return files_from_status(status_document(incidents, ctx))


def write_api(writer: SiteWriter, incidents: Sequence[Incident], ctx: OutputContext) -> None:
    for path, text in api_files(incidents, ctx).items():
        writer.write_text(path, text)
