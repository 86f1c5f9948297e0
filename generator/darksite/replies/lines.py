"""The templated lines of a reply and their slots, with defaults per language.

A draft reply may hold only approved public text and these lines. The
incident's ``replies:`` block overrides any of them; the defaults below are
the approved set shipped with darksite. Each line has a fixed set of slots,
so that a typo such as ``{nmae}`` is a located format error, not a reply
that prints braces to the public.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

SLOTS: Mapping[str, frozenset[str]] = MappingProxyType({
    "greeting": frozenset({"name"}),
    "acknowledgement": frozenset({"concern"}),
    "private_route": frozenset({"route"}),
    "link": frozenset({"url"}),
    "unanswered": frozenset({"url"}),
    "pointer": frozenset({"url"}),
})
"""Each line's allowed slots; the keys are the keys of the ``replies:`` block."""

REQUIRED_SLOTS: Mapping[str, frozenset[str]] = MappingProxyType({
    "private_route": frozenset({"route"}),
    "link": frozenset({"url"}),
    "unanswered": frozenset({"url"}),
    "pointer": frozenset({"url"}),
})
"""Slots a line must hold: a private-route line without the route routes nobody."""

SLOT_RE = re.compile(r"\{([^{}]*)\}")

DEFAULTS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "en": MappingProxyType({
        "greeting": "Hello {name},",
        "acknowledgement": "Thank you for telling us that {concern}.",
        "private_route": (
            "We would like to help you with this personally, away from public view: {route}."
        ),
        "link": "The details are on our page: {url}",
        "unanswered": (
            "We do not have an answer to that on our page yet, and we will add one there: {url}"
        ),
        "pointer": "The facts as we know them are on our page: {url}",
    }),
    "de": MappingProxyType({
        "greeting": "Hallo {name},",
        "acknowledgement": "Danke, dass Sie uns das geschildert haben: {concern}.",
        "private_route": (
            "Wir möchten Ihnen persönlich helfen, nicht öffentlich: {route}."
        ),
        "link": "Die Einzelheiten stehen auf unserer Seite: {url}",
        "unanswered": (
            "Dazu steht noch keine Antwort auf unserer Seite; wir ergänzen sie dort: {url}"
        ),
        "pointer": "Was wir wissen, steht auf unserer Seite: {url}",
    }),
    "fr": MappingProxyType({
        "greeting": "Bonjour {name},",
        "acknowledgement": "Merci de nous avoir expliqué ce qui vous est arrivé : {concern}.",
        "private_route": (
            "Nous voulons vous aider personnellement, hors de la vue du public : {route}."
        ),
        "link": "Les détails sont sur notre page : {url}",
        "unanswered": (
            "Notre page ne répond pas encore à cette question ; nous l'y ajouterons : {url}"
        ),
        "pointer": "Les faits, tels que nous les connaissons, sont sur notre page : {url}",
    }),
})
"""The shipped approved lines, by primary language subtag; English is the fallback."""


def slot_problems(key: str, text: str) -> list[str]:
    """What is wrong with the slots of line ``key``: unknown ones, and missing required ones."""
    found = set(SLOT_RE.findall(text))
    problems = [f"unknown slot {{{name}}}" for name in sorted(found - SLOTS[key])]
    problems += [f"the line must hold {{{name}}}" for name in
                 sorted(REQUIRED_SLOTS.get(key, frozenset()) - found)]
    return problems


@dataclass(frozen=True)
class ReplyLines:
    """The approved lines one incident's replies use: its ``replies:`` block over the defaults."""

    greeting: str
    acknowledgement: str
    private_route: str
    link: str
    unanswered: str
    pointer: str

    @classmethod
    def for_incident(cls, replies: object | None, lang: str | None) -> ReplyLines:
        """The incident's own lines where it has them, else the defaults for ``lang``."""
        primary = (lang or "en").split("-")[0].lower()
        defaults = DEFAULTS.get(primary, DEFAULTS["en"])
        values = {key: (getattr(replies, key, None) or defaults[key]) for key in SLOTS}
        return cls(**values)

    def fill(self, key: str, **values: str) -> str:
        """Line ``key`` with its slots filled; an empty ``name`` takes its space and comma too."""
        text = getattr(self, key)
        if "name" in SLOTS[key] and not values.get("name"):
            text = re.sub(r"\s*\{name\}", "", text)
        for slot, value in values.items():
            text = text.replace("{" + slot + "}", value)
        return text
