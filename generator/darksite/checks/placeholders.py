"""Leftover markers: the working notes that must never reach the public.

``{{ placeholders }}`` are the loader's business (an error in any public
file, and their form is checked in drafts), so nothing here repeats them.
These rules catch what the loader cannot know is unfinished: TODO, TBD, TBC,
FIXME, XXX, lorem ipsum, "[insert date]", "[NAME]" and "XX,XXX" figures.
Published, each reads as "this organisation is not in control".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from darksite.checks.registry import CheckContext, Finding, rule
from darksite.checks.text import IncidentText
from darksite.model import Incident

MARKER = re.compile(
    r"\b(?:TODO|TBD|TBC|FIXME)\b"
    r"|\blorem\s+ipsum\b"
    r"|[\[<]\s*(?:insert|add|enter|confirm|fill\s+in|name|date|time|number)\b[^\]>\n]*[\]>]"
    r"(?!\()"
    r"|(?-i:\[(?=[A-Z0-9 _/-]*[A-Z]{4})[A-Z][A-Z0-9 _/-]{3,}\](?![(\[]))"
    r"|(?-i:(?<![\w#])[X#]{1,3}(?:,[X#]{3})+(?![\w#])|\bX{2,}\b)"
    r"|\?{3,}",
    re.IGNORECASE,
)
_MARKER_SUBSTRINGS = ("TODO", "TBD", "TBC", "FIXME", "XX", "#,#", "???")
_BRACKET_HINT = re.compile(r"[\[<]\s*(?:insert|add|enter|confirm|fill|name|date|time|number)")
_CAPITAL_BRACKET = re.compile(r"\[[A-Z][A-Z0-9 _/-]{3,}\]")


def might_hold_marker(texts: IncidentText) -> bool:
    """A fast test before the full pattern, which most incidents (no marker at all) skip.

    Every marker the pattern finds has one of: a marker word, "lorem", an
    "XX"/"#,#"/"???" run, a bracket before a fill-in word, or a bracket of
    capitals; each is tested on the whole incident at once.
    """
    blob = texts.public_blob
    return (any(mark in blob for mark in _MARKER_SUBSTRINGS) or "lorem" in texts.public_lower
            or (("[" in blob or "<" in blob)
                and bool(_BRACKET_HINT.search(texts.public_lower)
                         or _CAPITAL_BRACKET.search(blob))))


def find_marker(text: str) -> str | None:
    """The first leftover marker in ``text``; all-caps markers must be in capitals."""
    for match in MARKER.finditer(text):
        found = match.group(0)
        word = found.strip("[]<>() ").split()[0] if found.strip("[]<>() ") else found
        if word.lower() in {"todo", "tbd", "tbc", "fixme"} and not word.isupper():
            continue
        return found
    return None


@rule("leftover-marker", theme="placeholders",
      summary="TODO, TBD, XXX, lorem ipsum, [insert ...] left in a text.")
def leftover_marker(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Any public text that still carries a working note or a dummy value."""
    texts = context.texts(incident)
    if not might_hold_marker(texts):
        return
    for field in texts.public:
        found = find_marker(field.text)
        if found:
            yield Finding(field.path, f'leftover marker "{found}": this text is not finished',
                          "replace it with the real wording or value, or remove it")
