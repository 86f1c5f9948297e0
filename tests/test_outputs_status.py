"""``status.json``: Statuspage's summary shape, the active incidents, offsets, never a draft."""

from __future__ import annotations

import dataclasses
import json
import re

from darksite.model import Severity, Status
from darksite.outputs import write_outputs
from darksite.outputs.status import SCHEMA_VERSION, status_document
from tests.conftest import incident_yaml
from tests.test_outputs_channels import load_incident, make_context, make_settings, repo_incident

OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")


def active(incident_id: str = "water-2026", severity: str = "major"):
    return load_incident(incident_yaml(incident_id, severity=severity))


def timestamps(value: object):
    """Every value of a key ending in ``_at`` anywhere in ``value``."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("_at") and isinstance(item, str):
                yield item
            yield from timestamps(item)
    elif isinstance(value, list):
        for item in value:
            yield from timestamps(item)


def test_names_the_active_incident_with_its_updates_newest_first():
    incident = active()
    document = status_document([incident], make_context())
    [shown] = document["incidents"]
    assert shown["id"] == "water-2026"
    assert shown["name"] == incident.title
    assert shown["status"] == "identified"
    assert shown["impact"] == "major"
    assert shown["shortlink"] == "https://status.example.com/water-2026/"
    assert [u["body"] for u in shown["incident_updates"]] == [
        "MARK-UPDATE-NEW The burst is under Mill Road.", "MARK-UPDATE-OLD We are on site."]
    assert shown["summary"] == incident.summary


def test_keeps_statuspage_summary_keys_and_its_own_version():
    document = status_document([active()], make_context())
    for key in ("page", "status", "components", "incidents", "scheduled_maintenances"):
        assert key in document
    assert document["components"] == [] and document["scheduled_maintenances"] == []
    assert set(document["page"]) >= {"id", "name", "url", "updated_at", "time_zone"}
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["darksite_version"]
    update = document["incidents"][0]["incident_updates"][0]
    assert set(update) >= {"id", "status", "body", "created_at", "updated_at", "display_at",
                           "incident_id", "affected_components"}


def test_indicator_is_the_most_severe_active_incident():
    document = status_document(
        [active("a-2026", "minor"), active("b-2026", "critical"), active("c-2026", "major")],
        make_context())
    assert document["status"] == {"indicator": "critical",
                                  "description": "Critical incident in progress"}
    assert document["incidents"][0]["id"] == "b-2026"


def test_no_active_incident_gives_indicator_none_and_lists_the_resolved_apart():
    resolved = repo_incident("2026-10-broadband-outage")
    document = status_document([resolved], make_context())
    assert document["status"]["indicator"] == "none"
    assert document["incidents"] == []
    [done] = document["resolved_incidents"]
    assert done["status"] == "resolved" and done["resolved_at"] == "2026-10-14T09:00:00+01:00"
    assert done["monitoring_at"] == "2026-10-13T15:55:00+01:00"


def test_every_timestamp_carries_an_offset():
    incident = repo_incident("2026-11-customer-data-exposure")
    found = list(timestamps(status_document([incident], make_context())))
    assert len(found) > 10
    assert all(OFFSET.match(value) for value in found), found


def test_a_draft_never_appears_in_a_public_build_even_when_passed(tmp_path):
    draft = dataclasses.replace(active("draft-2026"), status=Status.DRAFT)
    settings = make_settings(tmp_path)
    write_outputs(tmp_path / "site", [active(), draft], settings)
    text = (tmp_path / "site" / "status.json").read_text(encoding="utf-8")
    document = json.loads(text)
    assert [i["id"] for i in document["incidents"]] == ["water-2026"]
    assert "draft-2026" not in text and "rehearsal" not in document


def test_a_rehearsal_shows_drafts_as_active_and_says_so(tmp_path):
    draft = dataclasses.replace(active("draft-2026"), status=Status.DRAFT,
                                severity=Severity.CRITICAL)
    document = status_document([draft], make_context(rehearsal=True))
    assert document["rehearsal"] is True
    assert document["incidents"][0]["lifecycle"] == "draft"
    assert document["status"]["indicator"] == "critical"


def test_an_active_incident_without_updates_is_investigating():
    incident = dataclasses.replace(active(), updates=())
    [shown] = status_document([incident], make_context())["incidents"]
    assert shown["status"] == "investigating"
    assert shown["incident_updates"] == []
    assert shown["updated_at"] == "2026-11-20T08:00:00+01:00"
