"""Text helpers the rules share: Markdown to prose, the public fields, the language test.

The rules judge what a reader reads, so they look at prose: Markdown syntax,
link targets and code are removed first, typographic quotes become straight
ones (``we’re`` and ``we're`` must match the same pattern), and headings and
list items become sentences of their own (a heading has no full stop, but a
reader pauses there, and the readability formula must too).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from darksite.checks.memos import text_memo
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
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w_])_{1,3}(?=\S)|(?<=\S)_{1,3}(?![\w_])")
"""_emphasis_ marks, but not the underscores inside snake_case words."""

PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")
"""Any ``{{ ... }}``: drafts carry them; the loader judges their form, the rules skip them."""


_TYPOGRAPHIC = re.compile("[" + "".join(chr(point) for point in _TYPOGRAPHY) + "]")
"""The characters of ``_TYPOGRAPHY``: found by one regex scan, replaced only where they are.

``str.translate`` with a table walks a non-ASCII text character by character
in Python-level lookups (0.6 ms for one incident's prose, 1.9 s per 1,000
incidents under a profiler); a compiled character class scans in C."""


def typographic_to_plain(text: str) -> str:
    """Curly quotes, dashes and non-breaking spaces as their ASCII twins."""
    if text.isascii():
        return text
    return _TYPOGRAPHIC.sub(lambda match: _TYPOGRAPHY[ord(match.group())], text)


_SEPARATORS = b"!\"#$%&()*+,./:;<=>?@[\\]^`{|}~"
_PUNCTUATION_TO_SPACE = bytes.maketrans(_SEPARATORS, b" " * len(_SEPARATORS))
"""Punctuation that separates words; apostrophes and hyphens stay inside them."""
_SPACE_BEFORE_MARK = re.compile(r"\s+([.,;:!?])")


@text_memo(4096)
def prose(markdown: str) -> str:
    """``markdown`` as the sentences a reader reads, on one line, quotes made straight.

    Cached, and each rewrite runs only when its trigger character is present:
    the same text is read by several rules, and 1,000 incidents must be
    checked in well under two seconds.
    """
    text = typographic_to_plain(markdown)
    removed = False
    if "```" in text or "~~~" in text:
        text, removed = _FENCE.sub(" ", text), True
    if "`" in text:
        text, removed = _CODE_SPAN.sub(" ", text), True
    if "](" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub(r"\1", text))
    if "<" in text:
        text, removed = _HTML_TAG.sub(" ", _AUTOLINK.sub(r"\1", text)), True
    if "|" in text:
        text = _TABLE_RULE_LINE.sub("", text).replace("|", " ; ")
    text = _BLOCK_START_LINE.sub("\n\n", text)
    units = [" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text)]
    units = [unit if _ends_sentence(unit) else unit + "." for unit in units if unit]
    joined = " ".join(unit for unit in units if unit)
    if "*" in joined:
        joined = joined.replace("*", "")  # bold and italic marks; a bare * means nothing here
    if "_" in joined:
        joined = _UNDERSCORE_EMPHASIS.sub("", joined)
    if removed:
        joined = _SPACE_BEFORE_MARK.sub(r"\1", " ".join(joined.split()))
    return joined.strip()


def _ends_sentence(unit: str) -> bool:
    return unit.rstrip("'\")]")[-1:] in _SENTENCE_MARKS


_SENTENCE_MARKS = (".", "!", "?", ":", ";")
_TABLE_RULE_LINE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}[-:| \t]*$", re.MULTILINE)
_BLOCK_START_LINE = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d+[.)][ \t]+|>[ \t]?|(?= ; ))", re.MULTILINE
)
"""Headings, list items, quotes and table rows each start a unit of their own."""
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])['\")\]]*\s+(?=[\"'(\[]*[A-Z0-9{])")


def sentences(text: str) -> list[str]:
    """Sentences of prose: split after . ! ? before a capital or digit (good enough for rules)."""
    return [part.strip() for part in _SENTENCE_SPLIT.split(text) if part.strip()]


class Field(NamedTuple):
    """One public text of an incident: its key path, raw value, and whether it is Markdown.

    A named tuple rather than a dataclass: some 60 are made per incident.
    """

    path: str
    text: str
    markdown: bool = False


def message_fields(incident: Incident) -> list[Field]:
    """The texts that carry the organisation's voice: what tone and wording rules read."""
    fields = [Field("title", incident.title), Field("summary", incident.summary),
              Field("statement", incident.statement, True)]
    if incident.apology is not None:
        fields.append(Field("apology.text", incident.apology.text, True))
    fields += [Field(f"actions[{i}].step", a.step) for i, a in enumerate(incident.actions)]
    fields += [Field(f"updates[{i}].text", u.text, True) for i, u in enumerate(incident.updates)]
    for index, entry in enumerate(incident.faq):
        fields.append(Field(f"faq[{index}].q", entry.q))
        fields.append(Field(f"faq[{index}].a", entry.a, True))
    if incident.spokesperson is not None and incident.spokesperson.quote:
        fields.append(Field("spokesperson.quote", incident.spokesperson.quote, True))
    fields += channel_fields(incident)
    return fields


def public_fields(incident: Incident, message: list[Field] | None = None) -> list[Field]:
    """Every text a reader may see, with its key path (never ``internal`` or ``approval``)."""
    fields = list(message if message is not None else message_fields(incident))
    fields += [Field(f"affected[{i}]", item) for i, item in enumerate(incident.affected)]
    for index, contact in enumerate(incident.contacts):
        fields.append(Field(f"contacts[{index}].label", contact.label))
        if contact.hours:
            fields.append(Field(f"contacts[{index}].hours", contact.hours))
    for path, person in (("spokesperson", incident.spokesperson),
                         ("apology.by", incident.apology.by if incident.apology else None)):
        if person is not None:
            fields.append(Field(f"{path}.name", person.name))
            fields.append(Field(f"{path}.role", person.role))
    fields += [Field(f"actions[{i}].owner", a.owner)
               for i, a in enumerate(incident.actions) if a.owner]
    return fields


def channel_texts(incident: Incident) -> dict[str, str]:
    """The channel overrides by channel name (what ``Channels.overrides`` gives, without a deep
    copy: this runs for every incident)."""
    channels = incident.channels
    if channels is None:
        return {}
    values = ((f.name, getattr(channels, f.name)) for f in dataclasses.fields(channels))
    return {name: value for name, value in values if value is not None}


def channel_fields(incident: Incident) -> list[Field]:
    """The per-channel overrides, as ``channels.<name>`` (the press release is Markdown)."""
    return [Field(f"channels.{name}", value, name == "press_release")
            for name, value in channel_texts(incident).items()]


@dataclass(frozen=True)
class IncidentText:
    """An incident's texts, gathered once per check run and shared by every rule.

    The ``*_blob`` strings join every text of a group with blank lines, so a
    rule can ask one cheap question of the whole incident ("is there any
    '!' at all?") and look field by field only when the answer is yes. Most
    incidents have no problem, so this keeps 1,000 incidents well under a
    second.
    """

    public: tuple[Field, ...]
    message: tuple[Field, ...]
    short: tuple[Field, ...]
    channels: dict[str, str]
    public_blob: str
    message_blob: str
    short_blob: str

    @cached_property
    def public_lower(self) -> str:
        return self.public_blob.lower()

    @cached_property
    def message_lower(self) -> str:
        return self.message_blob.lower()

    @cached_property
    def words(self) -> frozenset[bytes]:
        """Every word of the public texts in lower case, UTF-8 encoded, punctuation split off:
        one set lookup replaces a scan of the whole text.

        Bytes, because ``bytes.translate`` with a 256-entry table is many times
        faster than ``str.translate``; rules compare with byte strings
        (``b"monday" in texts.words``, :func:`byte_words`).
        """
        return frozenset(self.public_lower.encode().translate(_PUNCTUATION_TO_SPACE).split())

    def field_at(self, offset: int) -> Field | None:
        """The public field whose text holds ``offset`` of ``public_blob`` (or its lower case)."""
        index = bisect.bisect_right(self._public_starts, offset) - 1
        return self.public[index] if index >= 0 else None

    @cached_property
    def _public_starts(self) -> list[int]:
        starts, position = [], 0
        for field in self.public:
            starts.append(position)
            position += len(field.text) + 2
        return starts

    @classmethod
    def of(cls, incident: Incident) -> IncidentText:
        message = message_fields(incident)
        public = public_fields(incident, message)
        channels = channel_texts(incident)
        short = (message[0], message[1], *(f for f in message if f.path.startswith("channels.")))
        message_blob = _blob(message)
        return cls(
            public=tuple(public), message=tuple(message), short=short, channels=channels,
            public_blob=_blob(public), message_blob=message_blob, short_blob=_blob(short),
        )


def _blob(fields: Sequence[Field]) -> str:
    return typographic_to_plain("\n\n".join([field.text for field in fields]))


def field_prose(field: Field) -> str:
    """The reader's text of ``field``: Markdown stripped, or plain text with straight quotes."""
    return prose(field.text) if field.markdown else typographic_to_plain(field.text).strip()


def is_english(incident: Incident, settings: Settings) -> bool:
    """Whether the incident's language (its ``lang``, else the site's) is English."""
    lang = (incident.lang or settings.lang or "en").lower()
    return lang == "en" or lang.startswith("en-")


@dataclass(frozen=True)
class Gated:
    """A pattern and the substrings that any match of it must contain.

    ``in`` on a string runs in C and is far faster than a regular expression
    with many alternatives, so the substrings are tested first and the
    pattern only runs on the few texts that could match. Keep ``anchors``
    complete: a match without one of them would be missed (the tests run
    every corpus sentence both ways to catch a gap).
    """

    pattern: re.Pattern[str]
    anchors: tuple[str, ...]

    def possible(self, text: str) -> bool:
        """Whether ``text`` holds an anchor, so that the pattern could match."""
        return any(anchor in text for anchor in self.anchors)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.possible(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.possible(text) else iter(())


def bare_url(url: str) -> str:
    """``https://Example.com/a/`` -> ``example.com/a``: how two links are compared."""
    url = re.sub(r"^https?://", "", url.strip(), flags=re.IGNORECASE).rstrip("/")
    host, _, rest = url.partition("/")
    return host.lower() + (f"/{rest}" if rest else "")


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated block: word lists stay readable."""
    return frozenset(words.split())


def byte_words(words: str) -> frozenset[bytes]:
    """:func:`word_set` as UTF-8 bytes, to test against :attr:`IncidentText.words`."""
    return frozenset(word.encode() for word in words.split())
