"""Shared builders for the checks tests (this module holds no tests).

Incidents are written as YAML and read by the real loader, so that every
check test sees what ``darksite check`` sees, locations included. ``BASE`` is
a clean, realistic active incident: the baseline test pins that it draws no
diagnostic at all, so any diagnostic in another test comes from the one
thing that test changed.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from darksite.checks import run_checks
from darksite.diagnostics import Diagnostic
from darksite.loader import load_incident_text
from darksite.model import Incident
from darksite.settings import CheckSettings, Settings

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
"""The checks' clock in these tests: two hours after BASE's last update."""

SITE_URL = "https://status.example.com/"
PAGE = "https://status.example.com/water-outage/"

BASE: dict[str, Any] = {
    "id": "water-outage",
    "title": "Water supply cut to 2,300 homes in Eastfield after a main burst",
    "status": "active",
    "severity": "critical",
    "started_at": "2026-11-20T07:40:00+00:00",
    "summary": (
        "A burst main cut the water supply to 2,300 homes in Eastfield. Bottled water is "
        "at the community centre on Mill Road. We expect water back by 18:00."
    ),
    "affected": ["Homes in Eastfield"],
    "advice": ["Collect bottled water at the community centre on Mill Road."],
    "statement": (
        "A water main burst under Mill Road at 07:40 on Friday 20 November.\n\n"
        "### What we know\n\n"
        "- 2,300 homes have no water.\n"
        "- The main is ours. It was due for replacement next year.\n\n"
        "### What we do not know yet\n\n"
        "- Why the main burst. We will say here when we know.\n"
    ),
    "apology": {
        "text": "We are sorry. Our main failed and left 2,300 homes without water.\n",
        "by": {"name": "Sam Carter", "role": "Director of Water Services"},
    },
    "actions": [
        {"step": "We opened a bottled water station at the community centre.",
         "owner": "Field Operations", "status": "done", "done_at": "2026-11-20T08:30:00+00:00"},
        {"step": "We are repairing the burst main under Mill Road.",
         "owner": "Network Repairs", "status": "in-progress", "due": "2026-11-27T18:00:00+00:00"},
    ],
    "updates": [
        {"at": "2026-11-20T08:00:00+00:00", "phase": "investigating",
         "text": "Engineers are on site on Mill Road."},
        {"at": "2026-11-20T08:50:00+00:00", "phase": "identified",
         "text": "The burst is under Mill Road; repairs started at 08:45."},
    ],
    "next_update": "2026-11-20T12:00:00+00:00",
    "contacts": [
        {"label": "Water helpline", "kind": "phone", "value": "+44 161 496 0200",
         "hours": "24/7", "audience": "customers"},
        {"label": "Email us", "kind": "email", "value": "water@example.com"},
        {"label": "Report a leak", "kind": "web", "value": "https://example.com/leaks"},
    ],
    "channels": {
        "x": f"No water in Eastfield: 2,300 homes. Bottled water at the community centre. {PAGE}",
        "sms": f"Eastfield Water: no water until about 18:00. Bottled water at the community "
               f"centre. Updates: {PAGE}",
    },
}


def incident_data(**changes: Any) -> dict[str, Any]:
    """``BASE`` with top-level keys replaced (a value of None removes the key)."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def with_apology(text: str, **changes: Any) -> dict[str, Any]:
    return incident_data(apology={"text": text, "by": BASE["apology"]["by"]}, **changes)


def with_step(step: str, **changes: Any) -> dict[str, Any]:
    action = {"step": step, "owner": "Network Repairs", "status": "planned", "due": "2026-11-27"}
    return incident_data(actions=[action], **changes)


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def load(data: dict[str, Any] | str) -> Incident:
    """The incident as the real loader reads it; the file must have no error."""
    text = data if isinstance(data, str) else to_yaml(data)
    incident_id = yaml.safe_load(text)["id"]
    incident, diagnostics = load_incident_text(
        text.encode("utf-8"), file=f"incidents/{incident_id}.yaml", now=NOW)
    assert incident is not None, [d.format_text() for d in diagnostics]
    return incident


def settings(**checks: Any) -> Settings:
    """Site settings as the plugin gives them; keyword arguments tune CheckSettings."""
    if "disabled" in checks:
        checks["disabled"] = frozenset(checks["disabled"])
    lang = checks.pop("lang", "en")
    root = Path("/nonexistent/project")
    return Settings(root=root, incidents_dir=root / "incidents", docs_dir=root / "site_src",
                    site_dir=root / "site", site_url=checks.pop("site_url", SITE_URL), lang=lang,
                    checks=CheckSettings(**checks))


def check(data: dict[str, Any] | str | Incident, now: datetime = NOW,
          **settings_options: Any) -> list[Diagnostic]:
    """Every checks diagnostic for one incident."""
    incident = data if isinstance(data, Incident) else load(data)
    return run_checks([incident], settings(**settings_options), now)


def codes(diagnostics: list[Diagnostic], prefix: str = "") -> list[str]:
    """The codes of the diagnostics whose key path starts with ``prefix``."""
    return [d.code for d in diagnostics if d.path.startswith(prefix)]
