"""Incident Markdown for the outputs: HTML for feeds and lite pages, plain text for posts.

The HTML is the full pages' HTML: it comes from the one renderer in
:mod:`darksite.render` (same extensions, same raw-HTML and link-safety rules),
so a feed reader or a lite page never shows something the site would not.
This module adds only what channels without markup need (SMS, email, a press
release pasted into a newswire form): the same HTML turned into plain text,
and the machine timestamps that feeds and JSON carry.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin

from darksite.render.markdown import MarkdownRenderer
from darksite.settings import Settings

DEFAULT_EXTENSIONS: Sequence[str] = ("toc", "tables", "fenced_code")
"""What MkDocs itself always enables: used when no site config hands in its own list."""


def default_renderer(settings: Settings) -> MarkdownRenderer:
    """A renderer for callers without the site's ``markdown_extensions`` (tests, scripts)."""
    return MarkdownRenderer(DEFAULT_EXTENSIONS, allow_html=settings.allow_html)


def markdown_text(renderer: MarkdownRenderer, text: str | None, base: str | None = None) -> str:
    """Incident Markdown as plain text: paragraphs, ``-`` bullets (indented when nested),
    table rows as ``cell | cell``, links as ``text (URL)``; a relative link is made
    absolute against ``base`` (the page the text is on), since a text message has no page."""
    return html_to_text(str(renderer.render(text)), base)


_BLOCKS = frozenset({"p", "div", "ul", "ol", "table", "blockquote", "pre", "dl",
                     "h1", "h2", "h3", "h4", "h5", "h6", "hr"})


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment with paragraph breaks and list bullets."""

    def __init__(self, base: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.first_cell = False
        self.parts: list[str] = []
        self.lists: list[list[int]] = []  # one [counter] per open list; -1 for bullets
        self.links: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        if tag == "ul":
            self.lists.append([-1])
        elif tag == "ol":
            self.lists.append([0])
        elif tag == "li":
            marker = "- "
            if self.lists and self.lists[-1][0] >= 0:
                self.lists[-1][0] += 1
                marker = f"{self.lists[-1][0]}. "
            self.parts.append("\n" + "  " * max(len(self.lists) - 1, 0) + marker)
        elif tag in ("br", "tr", "dt", "dd"):
            self.parts.append("\n")
            self.first_cell = tag == "tr"
        elif tag in ("td", "th"):
            if not self.first_cell:
                self.parts.append(" | ")
            self.first_cell = False
        elif tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            shown = "".join(self.parts[start:]).strip()
            if href and self.base and not href.startswith("#") and ":" not in href.split(
                    "/")[0]:
                href = urljoin(self.base, href)
            if href and not href.startswith("#") and href not in (
                shown, f"mailto:{shown}", f"tel:{shown}"
            ):
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.parts.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        lines = []
        for line in "".join(self.parts).split("\n"):
            indent = len(line) - len(line.lstrip(" "))
            stripped = line.strip()
            is_item = stripped.startswith("- ") or re.match(r"\d+\. ", stripped)
            lines.append((" " * indent if is_item else "") + stripped)
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
        text = re.sub(r"[ \t]+\| ", " | ", text)  # table cells: one space either side
        # List items follow their lead-in line directly, as people type them.
        text = re.sub(r"\n\n(?=\s*(?:- |\d+\. ))", "\n", text)
        return text.strip()


@functools.lru_cache(maxsize=2048)
def html_to_text(fragment: str, base: str | None = None) -> str:
    """The plain text of an HTML fragment, for channels that cannot show markup.

    Memoised, but only for the texts of the last few incidents: the outputs
    read one incident's fields several times in a row (its feed and the site
    feed, the channel texts made from one statement), not the whole site
    again. The memo once held every field of the build (250,000 entries):
    at 1,000 realistic incidents that was 8 MB of a build's peak memory,
    half of it a copy of HTML the render memo already holds (issue 18), for
    the same hits.
    """
    extractor = _TextExtractor(base)
    extractor.feed(fragment)
    extractor.close()
    return extractor.text()


def iso(moment: datetime) -> str:
    """RFC 3339 with the file's own offset (``Z`` for UTC), as feeds and JSON carry it.

    A fraction of a second is kept when the file has one (two updates posted
    in the same second): the time is then exactly the file's, and entries
    sort the same way when read back from a published feed.
    """
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def utc_stamp(moment: datetime) -> str:
    """A compact, sortable UTC stamp for ids: ``20261013T054000Z``.

    Two updates posted in the same second differ in their fraction, which is
    then kept (``20261013T054000.412345Z``) so that their ids differ too.
    """
    utc = moment.astimezone(UTC)
    fraction = f".{utc.microsecond:06d}" if utc.microsecond else ""
    return utc.strftime("%Y%m%dT%H%M%S") + fraction + "Z"
