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
from darksite.model import Incident, Status
from darksite.settings import Settings
from darksite.short_texts import COMPOSED_CHANNELS, composed
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


@rule("channel-cannot-fit", theme="channels",
      summary="A short channel whose state, one thing to do and link cannot fit its limit.")
def channel_cannot_fit(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A generated short text is composed, never cut: when even its essentials (the state,
    the one thing to do, the link) do not fit, a person must write it (issue 12)."""
    overridden = set(context.texts(incident).channels)
    url = context.settings.incident_url(incident.id)
    for name in COMPOSED_CHANNELS:
        if name in overridden:
            continue
        result = composed(incident, name, url)
        if result.complete:
            continue
        path = "advice[0]" if incident.advice else "title"
        yield Finding(
            path,
            f"the {name} text cannot hold the state, the one thing to do and the link: "
            f"{result.needed} characters, over the {name} limit of {result.limit}, so only "
            f"{'the link' if result.text == url else 'the title and the link'} would go out",
            f"write the {name} text by hand under channels.{name} (it is used word for "
            "word), or shorten the title or the first advice")


ONGOING_WORDS = re.compile(
    r"\b(ongoing|investigating|still|currently|continu\w*|not yet|until further notice|"
    r"working to|working on|we are (?:looking|fixing|repairing|restoring))\b", re.IGNORECASE)
RESOLVED_WORDS = re.compile(
    r"\b(resolved|restored|fixed|back|over|ended|ends|lifted|reopened|closed)\b", re.IGNORECASE)


@rule("channel-override-stale", theme="channels",
      summary="An override of a resolved incident that still reads as ongoing.")
def channel_override_stale(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """An override does not change when the facts do: after ``resolve`` one that says
    "ongoing" (or never says it is over) goes out telling people the crisis goes on."""
    if incident.status is not Status.RESOLVED:
        return
    for name, text in context.texts(incident).channels.items():
        if name == "press_release":
            continue
        ongoing = ONGOING_WORDS.search(text)
        if ongoing is None and RESOLVED_WORDS.search(text):
            continue
        why = (f"it says {ongoing.group(0)!r}" if ongoing else
               "it never says that it is over")
        yield Finding(
            f"channels.{name}",
            f"this {name} text was written while the incident was ongoing: {why}, but the "
            "incident is resolved",
            f"rewrite channels.{name} to say it is resolved and what readers still need to "
            "do, or delete it to use the generated text (which says Resolved:)")
