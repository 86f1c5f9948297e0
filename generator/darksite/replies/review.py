"""Checking every draft before anyone posts it: tone (calm, not defensive) and length.

The tone rules are :mod:`darksite.checks.tone`'s own (defensive wording,
shouting, exclamation marks), so a reply is held to the standard of the
statement it comes from; a reply also never argues (:data:`ARGUMENT`).
Lengths are counted by :mod:`darksite.textlength`, the same counting the
channel texts use, so a draft that passes here fits when it is pasted.
"""

from __future__ import annotations

import re

from darksite.channel_names import CHANNELS
from darksite.checks.tone import _SCAM_CONTEXT, DEFENSIVE, shouting
from darksite.textlength import channel_length, channel_limit, has_limit

ARGUMENT = re.compile(
    r"\b(?:you are wrong|you're wrong|that is (?:not true|false|untrue|wrong)|that's (?:not true"
    r"|false|wrong)|actually,|how dare|with respect,|calm down|as we (?:already )?said"
    r"|if you had read|do your research|stop spreading|nonsense)\b"
)
"""What a reply to a person must never say: it argues instead of informing."""

STRICTEST = "x"
"""Channels darksite does not know are held to the strictest short limit, X's."""


def limit_channel(channel: str) -> str:
    """The channel whose length rule applies to a reply posted on ``channel``."""
    return channel if channel in CHANNELS else STRICTEST


def fits(channel: str, text: str) -> bool:
    rule = limit_channel(channel)
    return not has_limit(rule) or channel_length(rule, text) <= channel_limit(rule, text)


def length_note(channel: str, text: str) -> str:
    """``212/280 x`` or ``no limit`` for the table."""
    rule = limit_channel(channel)
    if not has_limit(rule):
        return "no limit"
    return f"{channel_length(rule, text)}/{channel_limit(rule, text)} {rule}"


def tone_problems(text: str) -> list[str]:
    """Why ``text`` is not calm and non-defensive; empty when it is."""
    problems = []
    lower = text.lower()
    match = DEFENSIVE.search(lower)
    if match and not _SCAM_CONTEXT.search(lower):
        problems.append(f'defensive wording: "{match.group(0)}"')
    loud = shouting(text)
    if loud:
        problems.append(f'"{loud}" is in capitals')
    if re.search(r"!(?![\[=])", re.sub(r"https?://\S+", "", text)):
        problems.append("exclamation mark")
    argued = ARGUMENT.search(lower)
    if argued:
        problems.append(f'argues: "{argued.group(0)}"')
    return problems


def review(channel: str, text: str) -> list[str]:
    """Every problem of a draft for ``channel``: tone, then length."""
    problems = tone_problems(text)
    if not fits(channel, text):
        problems.append(f"too long for {limit_channel(channel)}: {length_note(channel, text)}")
    return problems
