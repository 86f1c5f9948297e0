"""Text helpers the rules share: Markdown to prose, the public fields, the language test.

The rules judge what a reader reads, so they look at prose: Markdown syntax,
link targets and code are removed first, typographic quotes become straight
ones (``we’re`` and ``we're`` must match the same pattern), and headings and
list items become sentences of their own (a heading has no full stop, but a
reader pauses there, and the readability formula must too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from darksite.model import Incident
from darksite.settings import Settings

_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    "\u2013": "-", "\u2014": "-", "\u2212": "-",
})

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])")
_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*|\|)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_END_PUNCTUATION = re.compile(r"[.!?:;]['\")\]]*$")

PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")
"""Any ``{{ ... }}``: drafts carry them; the loader judges their form, the rules skip them."""


def typographic_to_plain(text: str) -> str:
    """Curly quotes, dashes and non-breaking spaces as their ASCII twins."""
    return text.translate(_TYPOGRAPHY)


@lru_cache(maxsize=4096)
def prose(markdown: str) -> str:
    """``markdown`` as the sentences a reader reads, on one line, quotes made straight.

    Cached: the same text is read by several rules (and 1,000 incidents must
    be checked in well under two seconds).
    """
    text = typographic_to_plain(markdown)
    text = _FENCE.sub(" ", text)
    text = _CODE_SPAN.sub(" ", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    units: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        for line in block.splitlines():
            if not line.strip() or _TABLE_RULE.match(line):
                continue
            starts_unit = bool(_BLOCK_START.match(line))
            line = _BLOCK_START.sub("", line).replace("|", " ; ").strip()
            if starts_unit or not units or _ends_sentence(units[-1]):
                units.append(line)
            else:
                units[-1] = f"{units[-1]} {line}"
            if starts_unit:
                units[-1] = _close(units[-1])
        if units:
            units[-1] = _close(units[-1])
    joined = " ".join(unit for unit in units if unit)
    return _EMPHASIS.sub("", joined).strip()


def _ends_sentence(unit: str) -> bool:
    return bool(_END_PUNCTUATION.search(unit))


def _close(unit: str) -> str:
    """End a heading, list item or paragraph with a full stop if it has none."""
    unit = unit.rstrip()
    return unit if not unit or _ends_sentence(unit) else unit + "."


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])['\")\]]*\s+(?=[\"'(\[]*[A-Z0-9{])")


def sentences(text: str) -> list[str]:
    """Sentences of prose: split after . ! ? before a capital or digit (good enough for rules)."""
    return [part.strip() for part in _SENTENCE_SPLIT.split(text) if part.strip()]


@dataclass(frozen=True)
class Field:
    """One public text of an incident: its key path, raw value, and whether it is Markdown."""

    path: str
    text: str
    markdown: bool = False


def public_fields(incident: Incident) -> Iterator[Field]:
    """Every text a reader may see, with its key path (never ``internal`` or ``approval``)."""
    yield Field("title", incident.title)
    yield Field("summary", incident.summary)
    for index, item in enumerate(incident.affected):
        yield Field(f"affected[{index}]", item)
    yield Field("statement", incident.statement, markdown=True)
    yield from message_fields(incident, include_header=False)
    for index, contact in enumerate(incident.contacts):
        yield Field(f"contacts[{index}].label", contact.label)
        if contact.hours:
            yield Field(f"contacts[{index}].hours", contact.hours)
    if incident.spokesperson is not None:
        yield Field("spokesperson.name", incident.spokesperson.name)
        yield Field("spokesperson.role", incident.spokesperson.role)
    if incident.apology is not None:
        yield Field("apology.by.name", incident.apology.by.name)
        yield Field("apology.by.role", incident.apology.by.role)
    for index, action in enumerate(incident.actions):
        if action.owner:
            yield Field(f"actions[{index}].owner", action.owner)


def message_fields(incident: Incident, *, include_header: bool = True) -> Iterator[Field]:
    """The texts that carry the organisation's voice: what tone and wording rules read."""
    if include_header:
        yield Field("title", incident.title)
        yield Field("summary", incident.summary)
        yield Field("statement", incident.statement, markdown=True)
    if incident.apology is not None:
        yield Field("apology.text", incident.apology.text, markdown=True)
    for index, action in enumerate(incident.actions):
        yield Field(f"actions[{index}].step", action.step)
    for index, update in enumerate(incident.updates):
        yield Field(f"updates[{index}].text", update.text, markdown=True)
    for index, entry in enumerate(incident.faq):
        yield Field(f"faq[{index}].q", entry.q)
        yield Field(f"faq[{index}].a", entry.a, markdown=True)
    if incident.spokesperson is not None and incident.spokesperson.quote:
        yield Field("spokesperson.quote", incident.spokesperson.quote, markdown=True)
    yield from channel_fields(incident)


def channel_fields(incident: Incident) -> Iterator[Field]:
    """The per-channel overrides, as ``channels.<name>`` (the press release is Markdown)."""
    if incident.channels is None:
        return
    for name, value in incident.channels.overrides().items():
        yield Field(f"channels.{name}", value, markdown=name == "press_release")


def field_prose(field: Field) -> str:
    """The reader's text of ``field``: Markdown stripped, or plain text with straight quotes."""
    return prose(field.text) if field.markdown else typographic_to_plain(field.text).strip()


def is_english(incident: Incident, settings: Settings) -> bool:
    """Whether the incident's language (its ``lang``, else the site's) is English."""
    lang = (incident.lang or settings.lang or "en").lower()
    return lang == "en" or lang.startswith("en-")


def bare_url(url: str) -> str:
    """``https://Example.com/a/`` -> ``example.com/a``: how two links are compared."""
    url = re.sub(r"^https?://", "", url.strip(), flags=re.IGNORECASE).rstrip("/")
    host, _, rest = url.partition("/")
    return host.lower() + (f"/{rest}" if rest else "")


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated block: word lists stay readable."""
    return frozenset(words.split())
