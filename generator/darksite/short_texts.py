"""Short texts (X, Bluesky, Mastodon, SMS) composed from what matters, never cut.

A post cut mid-sentence ("Since 06:02 on Tuesday 25 November, about...")
tells a reader nothing and can say the opposite of the truth. So a short text
is put together from whole parts, in the order a reader needs them:

1. the state: the title, or ``Resolved: <title>`` once resolved;
2. whole sentences of the news (the summary while ongoing, the final update
   once resolved), as many as fit, in order;
3. the one thing to do: the first ``advice``; without advice, the first
   action, if it fits (what we do is news, not an instruction); once
   resolved, the advice only if it fits after what ended it;
4. the link, never cut.

1, 4 and the advice of an ongoing incident are essential: when they cannot
fit, the composition says so (:attr:`Composition.complete` is false), the
output falls back to the state and the link, and ``darksite check`` asks for a hand-written override
(``channel-cannot-fit``). Parts are joined at line breaks and spaces, where
every platform's count is additive, so each part is counted once and a
composition costs one count per part, never one per candidate text
(issue 18: shortening must stay cheap).

Shared by the outputs (:mod:`darksite.outputs.channels`) and the checks,
which must agree to the character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from darksite.model import Incident, Status
from darksite.textlength import (
    GSM7_EXTENSION,
    SMS_GSM7_LIMIT,
    SMS_UCS2_LIMIT,
    channel_length,
    channel_limit,
    is_gsm7,
)

COMPOSED_CHANNELS = ("x", "bluesky", "mastodon", "sms")
"""The channels whose generated text is composed here."""

RESOLVED_PREFIX = "Resolved: "

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def plain(text: str) -> str:
    """A plain field as a channel shows it: no literal ``**bold**`` or ``__bold__`` markers."""
    return _EMPHASIS.sub(r"\2", text) if "**" in text or "__" in text else text


def sentences(text: str) -> list[str]:
    """``text`` in whole sentences (a text without an end mark is one sentence)."""
    return [part for part in _SENTENCE_END.split(" ".join(text.split())) if part]


def state_line(incident: Incident, resolved_prefix: str = RESOLVED_PREFIX) -> str:
    """The title, with ``Resolved:`` (or ``resolved_prefix``, in the text's language) in
    front once resolved (never twice)."""
    title = plain(incident.title)
    word = resolved_prefix.strip().rstrip(":").strip().lower()
    if incident.status is Status.RESOLVED and not title.lower().startswith(word):
        return resolved_prefix + title
    return title


def one_thing_to_do(incident: Incident) -> tuple[str | None, bool]:
    """The first advice to readers (essential), else the first action (optional)."""
    if incident.advice:
        return plain(incident.advice[0]), True
    if incident.actions:
        return plain(incident.actions[0].step), False
    return None, False


@dataclass(frozen=True)
class _Part:
    units: int
    """As the channel counts it (GSM-7 units for an SMS part that is GSM-7)."""
    wide: int
    """SMS only: UTF-16 code units, what the part costs once the message is UCS-2."""
    gsm: bool


@lru_cache(maxsize=4096)
def _part(channel: str, text: str) -> _Part:
    """What ``text`` costs on ``channel``. Memoised: a composition measures the same state,
    link and separators several times (twice where the thing to do is optional), for every
    composed channel of every incident ``check`` reads."""
    if channel == "sms":
        gsm = is_gsm7(text)
        wide = len(text.encode("utf-16-le")) // 2
        units = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text) if gsm else wide
        return _Part(units, wide, gsm)
    units = channel_length(channel, text)
    return _Part(units, units, True)


class _Budget:
    """Running totals of a composition, so that adding a part costs one count of that part."""

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.units = 0
        self.wide = 0
        self.gsm = True

    def _limit(self, gsm: bool) -> int:
        if self.channel == "sms":
            return SMS_GSM7_LIMIT if gsm else SMS_UCS2_LIMIT
        return channel_limit(self.channel)

    def fits_with(self, *parts: _Part) -> bool:
        gsm = self.gsm and all(p.gsm for p in parts)
        if gsm:
            return self.units + sum(p.units for p in parts) <= self._limit(True)
        return self.wide + sum(p.wide for p in parts) <= self._limit(False)

    def add(self, *parts: _Part) -> None:
        for part in parts:
            self.units += part.units
            self.wide += part.wide
            self.gsm = self.gsm and part.gsm


@dataclass(frozen=True)
class Composition:
    text: str
    complete: bool
    """Whether the state, the thing to do and the link all fit (else: ask for an override)."""
    needed: int
    """What the essential parts alone count on this channel."""
    limit: int
    news_used: int = 0
    """How many sentences of the news went in."""


def compose(channel: str, state: str, news: Sequence[str], do: str | None, url: str,
            separator: str = "\n\n", *, do_is_essential: bool = True) -> Composition:
    """State, as many whole ``news`` sentences as fit, the thing to do, the link.

    ``do_is_essential=False``: ``do`` goes in only if it fits with the state and
    the link, and gives way before any sentence of the news.
    """
    if do is not None and not do_is_essential:
        # Optional: only where it costs no sentence of the news.
        without = compose(channel, state, news, None, url, separator)
        with_do = compose(channel, state, news, do, url, separator)
        return with_do if with_do.complete and with_do.news_used >= without.news_used \
            else without
    measure = {text: _part(channel, text) for text in {state, url, separator, " ",
                                                          *([do] if do else [])}}
    essentials = [state, *([do] if do else []), url]
    budget = _Budget(channel)
    parts = [measure[text] for text in essentials]
    parts += [measure[separator]] * (len(essentials) - 1)
    needed_units = sum(p.units for p in parts)
    if not budget.fits_with(*parts):
        limit = budget._limit(all(p.gsm for p in parts))
        needed = needed_units if all(p.gsm for p in parts) else sum(p.wide for p in parts)
        for fallback in ([state, url], [url]):
            cost = [measure[text] for text in fallback] + [measure[separator]] * (
                len(fallback) - 1)
            if _Budget(channel).fits_with(*cost):
                return Composition(separator.join(fallback), False, needed, limit)
        return Composition(url, False, needed, limit)
    budget.add(*parts)
    chosen: list[str] = []
    for sentence in news:
        cost = [_part(channel, sentence), measure[" " if chosen else separator]]
        if not budget.fits_with(*cost):
            break
        budget.add(*cost)
        chosen.append(sentence)
    body = [state, *([" ".join(chosen)] if chosen else []), *essentials[1:]]
    limit = budget._limit(budget.gsm)
    return Composition(separator.join(body), True, needed_units, limit, len(chosen))


_SMS_SAFE = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "″": '"',
    "–": "-", "—": "-", "‑": "-", "−": "-",
    "…": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
})
"""Typographic characters a word processor adds, mapped to their GSM-7 look-alikes."""


def sms_safe(text: str) -> str:
    """``text`` with curly quotes, dashes and special spaces made GSM-7 (generated SMS only)."""
    return text.translate(_SMS_SAFE)


def separator_for(channel: str) -> str:
    """SMS parts go one per line (every character counts); posts get a blank line between."""
    return "\n" if channel == "sms" else "\n\n"


def composed(incident: Incident, channel: str, url: str, news: Sequence[str] = (),
             resolved_prefix: str = RESOLVED_PREFIX) -> Composition:
    """The composed text of ``channel`` for ``incident``; ``news``: its whole sentences.

    Without ``news``, the essential parts alone: what ``check`` asks (does it fit at all?).
    ``resolved_prefix``: ``Resolved: `` in the language of the text.
    """
    state, (do, essential) = state_line(incident, resolved_prefix), one_thing_to_do(incident)
    essential = essential and incident.status is not Status.RESOLVED
    if channel == "sms":
        state, do = sms_safe(state), sms_safe(do) if do else None
        news = [sms_safe(sentence) for sentence in news]
    return compose(channel, state, news, do, url, separator_for(channel),
                   do_is_essential=essential)
