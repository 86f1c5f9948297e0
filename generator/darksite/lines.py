"""Line numbers as an editor shows them: only ``\\n``, ``\\r\\n`` and ``\\r`` end a line.

YAML 1.1 (PyYAML and libyaml) also ends a line at U+0085, U+2028 and U+2029,
and Python's ``str.splitlines`` at those and at ``\\v``, ``\\f`` and
U+001C-U+001E. No editor does: after one pasted U+2028 every later line
number would be one too high. Every line and column darksite reports goes
through :class:`LineMap`, built from the character index YAML's marks carry.
"""

from __future__ import annotations

import bisect
import re

EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
"""The line breaks of YAML 1.2 and of every editor."""

YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Characters YAML 1.1 counts as line breaks and editors do not."""


def editor_lines(text: str) -> list[str]:
    """``text`` cut into lines as an editor shows them (no line-end characters)."""
    return EDITOR_BREAK.split(text)


class LineMap:
    """Character index -> 1-based (line, column) in editor lines, for one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self.differs_from_yaml = "\u2028" in text or "\u2029" in text or "\x85" in text
        """Whether YAML's own line numbers would be wrong for this text."""

    @property
    def starts(self) -> list[int]:
        """Where each line begins; found only once a position is asked for (rarely)."""
        if self._starts is None:
            self._starts = [0] + [match.end() for match in EDITOR_BREAK.finditer(self.text)]
        return self._starts

    def position(self, index: int) -> tuple[int, int]:
        """The 1-based line and column of the character at ``index``."""
        index = max(0, min(index, len(self.text)))
        line = bisect.bisect_right(self.starts, index) - 1
        return line + 1, index - self.starts[line] + 1

    def line_of(self, index: int) -> int:
        return self.position(index)[0]

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line``, without its line end."""
        if not 1 <= line <= len(self.starts):
            return ""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in bytes) of ``offset`` in undecodable ``data``."""
    before = data[:offset]
    line_start = 0
    line = 1
    for match in re.finditer(rb"\r\n|\r|\n", before):
        line += 1
        line_start = match.end()
    return line, offset - line_start + 1
