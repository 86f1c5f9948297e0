"""Channel rules: every channel override fits its channel and points to the page.

A post cut off by the platform, or an SMS that silently becomes three
messages (or fails), looks careless in a crisis, so an override over its
limit is an error: it would not be published as written. Counting follows
the platforms (:mod:`darksite.textlength`, shared with the outputs).

Every short text should send people to the one page that stays current;
a post without the link strands them with a stale snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from darksite.checks.registry import CheckContext, Finding, rule
from darksite.checks.text import bare_url
from darksite.diagnostics import Severity
from darksite.model import Incident
from darksite.settings import Settings
from darksite.textlength import GSM7_BASIC, GSM7_EXTENSION, channel_length, channel_limit, has_limit

LINKED_CHANNELS = ("x", "bluesky", "mastodon", "linkedin", "facebook", "sms", "press_release")
"""Channels whose text must carry the incident page link (a subject line need not)."""


def _not_gsm7(text: str) -> list[str]:
    seen: list[str] = []
    for ch in text:
        if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION and ch not in seen:
            seen.append(ch)
    return seen


@rule("channel-too-long", theme="channels",
      summary="A channel override longer than its channel allows (an error).")
def channel_too_long(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """An override over the platform's limit would be cut or refused."""
    for name, text in context.texts(incident).channels.items():
        if not has_limit(name):
            continue
        length, limit = channel_length(name, text), channel_limit(name, text)
        if length <= limit:
            continue
        message = f"{length} characters, over the {name} limit of {limit}"
        hint = f"shorten it by {length - limit} characters"
        if name == "sms" and limit < 160:
            odd = "".join(_not_gsm7(text)[:5])
            message += f" (UCS-2: {odd!r} is not in the GSM-7 alphabet, so one SMS holds 70)"
            hint += ", or replace those characters (’ with ', “ ” with \") to get 160"
        elif name in ("x", "mastodon"):
            hint += "; every link counts as 23 characters"
        yield Finding(f"channels.{name}", message, hint, severity=Severity.ERROR)


def links_to_incident(text: str, incident_id: str, settings: Settings) -> bool:
    """Whether ``text`` holds the incident page URL (absolute when ``site_url`` is set)."""
    if settings.site_url:
        wanted = re.escape(bare_url(settings.incident_url(incident_id)))
        return re.search(rf"(?:https?://)?{wanted}/?(?![\w/-])", text, re.IGNORECASE) is not None
    return re.search(rf"https?://\S+/{re.escape(incident_id)}/?(?![\w/-])", text) is not None


@rule("channel-without-link", theme="channels",
      summary="A channel override that does not link to the incident page.")
def channel_without_link(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Short texts must send people to the page that stays current."""
    url = context.settings.incident_url(incident.id)
    for name, text in context.texts(incident).channels.items():
        if name in LINKED_CHANNELS and not links_to_incident(text, incident.id, context.settings):
            hint = f"add the link {url}" if context.settings.site_url else (
                "add the full link to the incident page (set site_url in mkdocs.yml so that "
                "darksite knows it)")
            yield Finding(f"channels.{name}",
                          "this text does not link to the incident page", hint)
