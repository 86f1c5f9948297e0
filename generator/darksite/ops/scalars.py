"""Writing one string as YAML source text that reads back as exactly that string.

Three forms, chosen per value:

- plain (``Dana Reyes``) for short, harmless values, only when YAML reads it
  back as the same string (not a number, a boolean, a date or a comment);
- a literal block (``|``) for Markdown text: no escaping at all, so quotes,
  colons, ``#`` and unicode stay readable in the file;
- double quotes with escapes, the fallback that can hold any string at all
  (control characters, Windows line ends, a text ending in blank lines).

Callers still re-read the edited file and compare (see :mod:`yamledit`): the
forms here are chosen to be right, and the check proves it.
"""

from __future__ import annotations

import re

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_SAFE_IN_BLOCK = re.compile(
    "[\x09\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
"""Characters a literal block keeps as they are: YAML's printable set minus every
line break other than ``\\n`` (``\\r``, NEL, LS, PS would be normalised) and the BOM."""

_PLAIN_CANDIDATE = re.compile(r"[^\W_][^\n\t#:,\[\]{}\"'`|>!&*%@\\]*")

_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0",
    "\x07": "\\a", "\x08": "\\b", "\x0b": "\\v", "\x0c": "\\f", "\x1b": "\\e",
    "\x85": "\\N", "\xa0": "\\_", "\u2028": "\\L", "\u2029": "\\P",
}


def _escape_char(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F or code == 0xFEFF or 0xD800 <= code <= 0xDFFF:
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
    if code in (0xFFFE, 0xFFFF):
        return f"\\u{code:04x}"
    return char


def double_quoted(value: str) -> str:
    """``value`` in double quotes, on one line, with every special character escaped."""
    return '"' + "".join(_escape_char(char) for char in value) + '"'


def reads_back(source: str, value: str) -> bool:
    """Whether ``key: source`` is read by YAML as the string ``value``."""
    try:
        data = yaml.load(f"k: {source}\n", Loader=_Loader)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and data.get("k") == value and isinstance(data["k"], str)


def inline(value: str) -> str:
    """``value`` as a one-line scalar: plain when that is unambiguous, else double-quoted."""
    if (
        value == value.strip()
        and _PLAIN_CANDIDATE.fullmatch(value)
        and " #" not in value
        and not value.endswith(("-", "?"))
        and reads_back(value, value)
    ):
        return value
    return double_quoted(value)


def literal_block(value: str, content_indent: int, parent_indent: int) -> str | None:
    """``value`` as a literal block scalar (``|``), or ``None`` when it cannot be one.

    The result starts with the header (``|``, ``|-`` or ``|2-``) and has one line
    per line of ``value``, each indented by ``content_indent`` spaces; it has no
    final newline (the caller ends the line). ``parent_indent`` is the column of
    the key the block belongs to, needed for an explicit indentation indicator
    when the text starts with a space. Texts ending in more than one newline
    would need ``|+``, which swallows the blank lines that follow it in the file,
    so they are left to :func:`double_quoted`.
    """
    if not value.strip() or not _SAFE_IN_BLOCK.fullmatch(value) or value.endswith("\n\n"):
        return None
    chomp = "" if value.endswith("\n") else "-"
    lines = value.removesuffix("\n").split("\n")
    first_index = next(index for index, line in enumerate(lines) if line.strip(" "))
    if any(lines[:first_index]):
        return None  # space-only lines before the text would change the detected indentation
    indicator = ""
    if lines[first_index].startswith(" "):
        step = content_indent - parent_indent
        if not 1 <= step <= 9:
            return None
        indicator = str(step)
    pad = " " * content_indent
    rendered = [pad + line if line else "" for line in lines]
    return f"|{indicator}{chomp}\n" + "\n".join(rendered)
