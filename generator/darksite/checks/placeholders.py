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
from darksite.model import Incident

MARKER = re.compile(
    r"\b(?:TODO|TBD|TBC|FIXME)\b"
    r"|\blorem\s+ipsum\b"
    r"|[\[<]\s*(?:insert|add|enter|confirm|fill\s+in|name|date|time|number)\b[^\]>\n]*[\]>]"
    r"(?!\()"
    r"|(?-i:\[(?=[A-Z0-9 _/-]*[A-Z]{4})[A-Z][A-Z0-9 _/-]{3,}\](?![(\[]))"
    r"|(?-i:\b[X#]{1,3}(?:,[X#]{3})+\b|\bX{2,}\b)"
    r"|\?{3,}",
    re.IGNORECASE,
)
_EXACT_ANCHORS = ("TODO", "TBD", "TBC", "FIXME", "XX", "X,X", "#,#", "???")
_LOWER_ANCHORS = (
    "lorem", "[ ", "< ", "[insert",
    "<insert", "[add", "<add", "[enter", "<enter", "[confirm", "<confirm", "[fill", "<fill",
    "[name", "<name", "[date", "<date", "[time", "<time", "[number", "<number",
)
"""Substrings one of which every marker contains (as written, or in lower case), except the
capital brackets, which have their own quick pattern."""
_CAPITAL_BRACKET = re.compile(r"\[[A-Z][A-Z0-9 _/-]{3,}\]")


def might_hold_marker(text: str, lower: str) -> bool:
    """A fast test before the full pattern: most incidents have no marker at all."""
    return (any(a in text for a in _EXACT_ANCHORS) or any(a in lower for a in _LOWER_ANCHORS)
            or bool(_CAPITAL_BRACKET.search(text)))


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
    if not might_hold_marker(texts.public_blob, texts.public_lower):
        return
    for field in texts.public:
        found = find_marker(field.text)
        if found:
            yield Finding(field.path, f'leftover marker "{found}": this text is not finished',
                          "replace it with the real wording or value, or remove it")
