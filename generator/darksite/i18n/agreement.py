"""Numbers and times must agree across languages: 2,240 in English is 2,240 in Welsh.

A translator retyping figures at 3 a.m. is the likeliest way for a crisis
page to tell two audiences two different things. Each text's numbers are
read in any script's digits (Arabic-Indic ``٢٬٢٤٠`` is 2240), with grouping
separators dropped and times kept whole (``09:52``), and the two sets
compared; any figure on one side only is an error.
"""

from __future__ import annotations

import re
import unicodedata

_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c\u00a0\u202f'’]\d+)*(?::\d\d)?")


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)


def _normalise(token: str) -> str:
    token = _ascii_digits(token)
    if ":" in token:
        hours, minutes = token.split(":", 1)
        return f"{int(hours)}:{minutes}" if hours.isdigit() else token
    parts = re.split(r"[.,\u066b\u066c\u00a0\u202f'’]", token)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        return str(int("".join(parts)))  # 48,213 / 48.213 / 48 213: grouping
    if len(parts) == 2:
        return f"{int(parts[0])}.{parts[1]}"  # 2.5 / 2,5 / ٢٫٥: a decimal
    return ".".join(str(int(p)) for p in parts)


def numbers(text: str) -> set[str]:
    """The figures of ``text``, normalised (see the module docstring)."""
    return {_normalise(match) for match in _NUMBER.findall(text)}


def disagreement(source: str, translated: str) -> tuple[set[str], set[str]]:
    """Figures only in the source, and figures only in the translation."""
    mine, theirs = numbers(source), numbers(translated)
    return mine - theirs, theirs - mine
