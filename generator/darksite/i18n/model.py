"""The translation sidecar's model: the public texts of an incident, in one other language.

A sidecar mirrors the source file's shape but holds only the words: no ids,
statuses, times, phone numbers or links, which stay in the source file and
cannot drift between languages. Every text is optional, so a translator can
send what is done; what is missing is reported by parity
(:mod:`darksite.i18n.parity`), not refused. Lists mirror the source list
item by item (``actions[2]`` translates the source's ``actions[2]``), which
is why a list of another length is an error naming the item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from darksite.model import Channels, Kind, Location, spec


@dataclass(frozen=True, kw_only=True)
class PersonText:
    name: str | None = spec(Kind.PLAIN, "The name as written in this script (optional).")
    role: str | None = spec(Kind.PLAIN, "Job title, translated.")


@dataclass(frozen=True, kw_only=True)
class ApologyText:
    text: str | None = spec(Kind.MARKDOWN, "The apology, translated.")
    by: PersonText | None = spec(Kind.RECORD, "Who apologises.", record=PersonText)


@dataclass(frozen=True, kw_only=True)
class ActionText:
    step: str | None = spec(Kind.PLAIN, "The step, translated.")
    owner: str | None = spec(Kind.PLAIN, "Who does it, translated.")


@dataclass(frozen=True, kw_only=True)
class UpdateText:
    at: datetime | None = spec(Kind.TIMESTAMP, "The source update's time, to align by (optional).")
    text: str | None = spec(Kind.MARKDOWN, "The update, translated.")


@dataclass(frozen=True, kw_only=True)
class ContactText:
    label: str | None = spec(Kind.PLAIN, "What the route is for, translated.")
    hours: str | None = spec(Kind.PLAIN, "When it is staffed, translated.")
    audience: str | None = spec(Kind.PLAIN, "Who it is for, translated.")


@dataclass(frozen=True, kw_only=True)
class FaqText:
    q: str | None = spec(Kind.PLAIN, "The question, translated.")
    a: str | None = spec(Kind.MARKDOWN, "The answer, translated.")


@dataclass(frozen=True, kw_only=True)
class SpokespersonText:
    name: str | None = spec(Kind.PLAIN, "The name as written in this script (optional).")
    role: str | None = spec(Kind.PLAIN, "Job title, translated.")
    quote: str | None = spec(Kind.MARKDOWN, "The quote, translated.")


@dataclass(frozen=True, kw_only=True)
class Translation:
    """``incidents/<id>.<lang>.yaml``: one language's text of one incident."""

    lang: str = spec(Kind.LANG, "The language of this file; must match the file name.",
                     required=True)
    title: str | None = spec(Kind.PLAIN, "Headline.", max_len=120)
    summary: str | None = spec(Kind.PLAIN, "One-paragraph gist.", max_len=280)
    affected: tuple[str, ...] = spec(Kind.PLAIN_LIST, "Products, regions, groups affected.")
    advice: tuple[str, ...] = spec(Kind.PLAIN_LIST, "What readers should do now.")
    statement: str | None = spec(Kind.MARKDOWN, "The official statement.")
    apology: ApologyText | None = spec(Kind.RECORD, "The apology.", record=ApologyText)
    actions: tuple[ActionText, ...] = spec(Kind.RECORD_LIST, "The steps, item by item.",
                                           record=ActionText)
    updates: tuple[UpdateText, ...] = spec(Kind.RECORD_LIST, "The timeline, item by item.",
                                           record=UpdateText)
    contacts: tuple[ContactText, ...] = spec(Kind.RECORD_LIST, "The routes, item by item.",
                                             record=ContactText)
    faq: tuple[FaqText, ...] = spec(Kind.RECORD_LIST, "Questions and answers.", record=FaqText)
    spokesperson: SpokespersonText | None = spec(Kind.RECORD, "The spokesperson.",
                                                 record=SpokespersonText)
    channels: Channels | None = spec(Kind.RECORD, "Per-channel texts.", record=Channels)
    translated: Mapping[str, Any] = spec(
        Kind.FREE_MAPPING, "Written by darksite: the source digest each text was translated from.")
    internal: Mapping[str, Any] = spec(Kind.FREE_MAPPING, "Translator's notes; never published.")

    source: str = ""
    incident_id: str = ""
    locations: Mapping[str, Location] = field(default_factory=lambda: MappingProxyType({}))

    def location(self, path: str) -> Location:
        probe = path
        while probe:
            if probe in self.locations:
                return self.locations[probe]
            probe = probe[: probe.rindex("[")] if probe.endswith("]") else (
                probe[: probe.rindex(".")] if "." in probe else "")
        return self.locations.get("", Location(line=1, column=1))
