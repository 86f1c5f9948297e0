"""How long a text is on each channel, counted the way the channel counts it.

The checks (``channel-too-long``) and the outputs (which trim generated posts
to fit) must agree to the character: if the check says a post fits and the
platform then rejects or cuts it, the message goes out broken in the middle of
a crisis. So both import the counting from here, and nowhere else counts.

Why ``len()`` is not enough:

* **X** wraps every link in a ``t.co`` link of 23 characters, whatever the
  link's real length, and weighs characters: most Latin, Greek, Cyrillic and
  general punctuation count 1, everything else (CJK, emoji) counts 2
  (twitter-text "weighted length", configuration v3).
* **Mastodon** counts every ``http(s)`` link as 23 characters and a remote
  mention ``@user@domain`` by its ``@user`` part only.
* **SMS** is sent in GSM 03.38 7-bit encoding when every character is in its
  alphabet: 160 septets per single segment, where the extension-table
  characters (``€ [ ] { } | ^ ~ \\`` and form feed) take an escape plus the
  character, so 2 units. One character outside the alphabet (a curly quote,
  an emoji, "ł") switches the whole message to UCS-2: 70 UTF-16 code units.
* **Bluesky** counts grapheme clusters (a flag, a family emoji, ``e`` with a
  combining accent are one each): counted with ``regex``'s ``\\X``, the
  Unicode extended grapheme cluster rule.
* Every other channel counts Unicode code points (``len``).

The X count implements twitter-text's configuration v3 here (it is a few
ranges and a link rule); ``tests/test_checks_textlength.py`` holds it to the
``twitter-text-parser`` package, which is 25 times slower per count.
"""

from __future__ import annotations

import re

import regex

from darksite.model import CHANNEL_LIMITS

URL_LENGTH = 23
"""What X and Mastodon charge for any link, however long (their link shorteners)."""

SMS_GSM7_LIMIT = 160
"""Septets in one SMS segment when the text is GSM-7."""

SMS_UCS2_LIMIT = 70
"""UTF-16 code units in one SMS segment once any character needs UCS-2."""

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
"""The GSM 03.38 default alphabet: one septet each (the escape code itself excluded)."""

GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
"""The GSM 03.38 extension table: an escape septet plus one, so two units each."""

_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\"'.,;:!?)\]}]", re.IGNORECASE)
"""An http(s) link as the platforms detect it: trailing sentence punctuation is not part of it."""

_REMOTE_MENTION = re.compile(r"(?<![\w@])(@\w+)@[\w-]+(?:\.[\w-]+)+")
"""A Mastodon remote mention ``@user@example.social``: only ``@user`` is counted."""

_X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
"""Code point ranges X weighs as 1 (twitter-text v3); everything else weighs 2."""


def is_gsm7(text: str) -> bool:
    """Whether ``text`` can go as a GSM-7 SMS (basic set or extension table only).

    Comms staff paste from word processors; a single typographic apostrophe
    (’) makes the message UCS-2 and cuts one segment from 160 to 70, so the
    check reports which encoding applied.
    """
    return _NOT_GSM7.search(text) is None


_NOT_GSM7 = re.compile("[^" + re.escape("".join(sorted(GSM7_BASIC | GSM7_EXTENSION))) + "]")
_GSM7_ESCAPED = re.compile("[" + re.escape("".join(sorted(GSM7_EXTENSION))) + "]")
"""One regex scan each instead of a set lookup per character: shortening counts often."""


def _sms_length(text: str) -> int:
    if is_gsm7(text):
        return len(text) + len(_GSM7_ESCAPED.findall(text))
    return len(text.encode("utf-16-le")) // 2


_X_HEAVY = re.compile("[^" + "".join(f"{chr(low)}-{chr(high)}"
                                     for low, high in _X_LIGHT_RANGES) + "]")
"""A character X weighs as 2: outside every light range (one regex scan, not a loop)."""


def _x_weight(text: str) -> int:
    """Each character 1, plus 1 for each heavy one (the shortening counts often: keep it C)."""
    return len(text) + len(_X_HEAVY.findall(text))


_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]")
_X_CLUSTER = regex.compile(r"\X")


def _x_weights(text: str) -> int:
    """Weighted length of link-free text: an emoji sequence (a family, a flag) weighs 2 in
    all, as twitter-text parses emoji; every other character by its range."""
    if text.isascii():
        return len(text)
    if not _EMOJI.search(text):
        return _x_weight(text)
    return sum(2 if _EMOJI.search(cluster) else _x_weight(cluster)
               for cluster in _X_CLUSTER.findall(text))


def _x_length(text: str) -> int:
    length = 0
    position = 0
    for match in _URL.finditer(text):
        length += _x_weights(text[position : match.start()]) + URL_LENGTH
        position = match.end()
    return length + _x_weights(text[position:])


def _mastodon_length(text: str) -> int:
    text = _REMOTE_MENTION.sub(r"\1", text)
    urls = _URL.findall(text)
    return len(text) - sum(len(url) for url in urls) + URL_LENGTH * len(urls)


_GRAPHEME = regex.compile(r"\X")


def graphemes(text: str) -> int:
    """Extended grapheme clusters in ``text`` (what a reader sees as one character)."""
    return len(text) if text.isascii() else len(_GRAPHEME.findall(text))


def channel_length(channel: str, text: str) -> int:
    """The length of ``text`` as ``channel`` counts it (see the module docstring)."""
    if channel == "bluesky":
        return graphemes(text)
    if channel == "x":
        return _x_length(text)
    if channel == "mastodon":
        return _mastodon_length(text)
    if channel == "sms":
        return _sms_length(text)
    return len(text)


def has_limit(channel: str) -> bool:
    """Whether ``channel`` has a length limit (``press_release`` has none)."""
    return channel in CHANNEL_LIMITS


def channel_limit(channel: str, text: str = "") -> int:
    """The most ``channel_length(channel, text)`` may be.

    Takes the text because SMS has two limits: 160 for GSM-7, 70 once any
    character needs UCS-2. Raises :class:`KeyError` for a channel without a
    limit; ask :func:`has_limit` first.
    """
    if channel == "sms":
        return SMS_GSM7_LIMIT if is_gsm7(text) else SMS_UCS2_LIMIT
    return CHANNEL_LIMITS[channel]


def fits(channel: str, text: str) -> bool:
    """Whether ``text`` is within ``channel``'s limit (always true without a limit)."""
    return not has_limit(channel) or channel_length(channel, text) <= channel_limit(channel, text)
