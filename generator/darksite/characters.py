"""Which characters an incident file may hold: text, tab and newline, nothing invisible.

YAML escapes (``"\\e"``, ``"\\x01"``, ``"\\f"``, ``"\\0"``, ``"\\uFFFE"``) can put
characters into a value that XML 1.0 forbids (an Atom feed with one is
ill-formed and feed readers drop it), that terminals and SMS gateways
interpret, or that show nothing at all. None has a use in a crisis message,
so every one is an error, located at the key that holds it:

- C0 control characters except tab, newline and carriage return (a text
  pasted from Windows keeps its ``\r\n``, as it always did);
- DEL and the C1 controls (U+007F-U+009F);
- lone surrogates, the byte-order mark inside the text (U+FEFF), and the
  Unicode noncharacters of the Basic Multilingual Plane (U+FDD0-U+FDEF,
  U+FFFE, U+FFFF; those of the other planes are legal XML and cost a slow
  search in every file, so they are left to the feeds' own filter);
- the bidi overrides U+202D and U+202E, which make a reader see the letters
  that follow in reverse order (a text other than the one approved).
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufdd0-\ufdef\ufffe\uffff\u202d\u202e]"
)
"""Every character an incident value must not hold (Basic Multilingual Plane only: a class
with characters beyond it makes every search some twenty times slower)."""

FORBIDDEN_IN_FILE = re.compile(FORBIDDEN.pattern.replace("\x7f-\x9f", "\x7f-\x84\x86-\x9f"))
"""The same in the raw file, where U+0085 is a line break (YAML reads it so)."""

_NAMES = {
    0x00: "null", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab",
    0x0C: "form feed, a page break often pasted from a PDF", 0x0D: "carriage return",
    0x1B: "escape", 0x7F: "delete", 0x85: "next line", 0xFEFF: "byte-order mark",
    0x202D: "left-to-right override", 0x202E: "right-to-left override",
}


def describe(character: str) -> str:
    """``U+000C (form feed, ...)``: the code point and what it is, for a message."""
    point = ord(character)
    if point in _NAMES:
        name = _NAMES[point]
    elif 0xD800 <= point <= 0xDFFF:
        name = "a lone surrogate"
    elif point < 0x20 or 0x80 <= point <= 0x9F:
        name = "a control character"
    else:
        name = "a Unicode noncharacter"
    return f"U+{point:04X} ({name})"


def first_forbidden(text: str) -> re.Match[str] | None:
    return FORBIDDEN.search(text)


ALLOWED_RULE = "only printable text, tab and line ends are allowed"
