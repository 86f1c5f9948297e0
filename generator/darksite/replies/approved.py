"""The approved public text a reply may quote, cut into passages that each know their anchor.

Only four parts of an incident are the organisation's approved answers to
the public: the FAQ, the statement, the actions and the latest update. Each
FAQ entry, each statement paragraph or list item, each action step and each
paragraph of the latest update is one :class:`Passage`, with the section it
belongs to (``faq[2]``, ``statement#what-we-know``, ``actions``, ``updates``)
and the anchor of that section on the incident page, so that a reply links
to the exact place and not to the top of a long page.

Statement sub-headings get their anchors from the site's own Markdown
renderer (the ``toc`` extension's ids), so the link is the id the page
really carries; FAQ entries are ``#faq-1``, ``#faq-2``, ... (see
``themes/partials/incident/faq.html``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from darksite.checks.text import prose, sentences, typographic_to_plain
from darksite.model import Incident

STATEMENT_ANCHOR = "incident-statement"
ACTIONS_ANCHOR = "incident-actions"
UPDATES_ANCHOR = "incident-updates"
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$")
_HEADING_ID = re.compile(r"<h[1-6][^>]*\bid=\"([^\"]+)\"")
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def faq_anchor(index: int) -> str:
    """The page anchor of FAQ entry ``index`` (0-based in the file, 1-based on the page)."""
    return f"faq-{index + 1}"


@dataclass(frozen=True)
class Passage:
    """One approved unit of text: what it says, where it stands, and what it is found by."""

    section: str
    anchor: str
    sentences: tuple[str, ...]
    search_text: str
    """What matching reads: for an FAQ entry the question (twice) and the answer."""

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def _prose_sentences(markdown: str) -> tuple[str, ...]:
    return tuple(sentences(prose(markdown)))


def _heading_ids(markdown: str, render) -> list[str]:
    """The ids the site's renderer gives the statement's headings, in order."""
    if render is None:
        return []
    return _HEADING_ID.findall(str(render(markdown)))


def _blocks(markdown: str) -> list[tuple[str | None, str]]:
    """(heading text or None, block) for each paragraph and list item, in order."""
    blocks: list[tuple[str | None, str]] = []
    heading: str | None = None
    current: list[str] = []

    def flush() -> None:
        if current and " ".join(current).strip():
            blocks.append((heading, "\n".join(current)))
        current.clear()

    for line in markdown.splitlines():
        match = _HEADING.match(line)
        if match:
            flush()
            heading = match.group(1)
            blocks.append((heading, ""))  # marks where the heading stands
            continue
        if not line.strip():
            flush()
            continue
        if _ITEM.match(line):
            flush()
            line = _ITEM.sub("", line)
        current.append(line)
    flush()
    return blocks


def statement_passages(incident: Incident, render=None) -> list[Passage]:
    """Each statement paragraph and list item, under the anchor of its sub-heading."""
    ids = iter(_heading_ids(incident.statement, render))
    anchor, section = STATEMENT_ANCHOR, "statement"
    passages = []
    for heading, block in _blocks(incident.statement):
        if not block:
            heading_id = next(ids, None)
            if heading_id:
                anchor, section = heading_id, f"statement#{heading_id}"
            continue
        said = _prose_sentences(block)
        if said:
            context = heading or ""
            passages.append(Passage(section, anchor, said, f"{context} {' '.join(said)}"))
    return passages


def incident_passages(incident: Incident, render=None) -> list[Passage]:
    """Every approved passage of ``incident``: FAQ first, then statement, actions, latest update.

    ``render`` is the site's Markdown renderer (``MarkdownRenderer.render``),
    used only to learn the statement's heading ids; without it statement
    passages link to the statement as a whole.
    """
    passages = []
    for index, entry in enumerate(incident.faq):
        answer = _prose_sentences(entry.a)
        question = typographic_to_plain(entry.q)
        passages.append(Passage(f"faq[{index}]", faq_anchor(index), answer,
                                f"{question} {question} {' '.join(answer)}"))
    passages += statement_passages(incident, render)
    for action in incident.actions:
        said = tuple(sentences(typographic_to_plain(action.step)))
        passages.append(Passage("actions", ACTIONS_ANCHOR, said, " ".join(said)))
    latest = incident.latest_update
    if latest is not None:
        for block in _PARAGRAPH_BREAK.split(latest.text):
            said = _prose_sentences(block)
            if said:
                passages.append(Passage("updates", UPDATES_ANCHOR, said, " ".join(said)))
    return passages


def approved_sentences(incident: Incident) -> frozenset[str]:
    """Every sentence a draft may quote, normalised with :func:`normalise` (for the checks)."""
    return frozenset(normalise(s) for p in incident_passages(incident) for s in p.sentences)


def normalise(sentence: str) -> str:
    """How two sentences are compared: straight quotes, single spaces, no trailing space."""
    text = typographic_to_plain(sentence).replace("…", "...")
    return " ".join(text.split())
