"""Monitoring: the questions that keep coming back and that no FAQ entry answers.

Questions are grouped when they share most of their content words (stemmed,
as BM25 sees them), ranked by how many people asked, and offered as
suggested FAQ entries with up to three example wordings. A group whose
answer is found elsewhere on the page (statement, actions, update) is
suggested with that approved text; a group nothing answers gets an
``{{ approved_answer }}`` placeholder, which darksite refuses to publish,
so a suggestion pasted into a live file unfinished can never go out.
``--suggest-faq`` writes the block to its own file for approval, never to
the incident file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from darksite.replies.matching import GENERIC, terms

MIN_COUNT = 2
"""A question asked once is a reply, not yet an FAQ entry."""
SIMILARITY = 0.34
"""Share of content words two questions must have in common to be one group (Jaccard)."""
EXAMPLES = 3


@dataclass
class QuestionGroup:
    """People asking the same thing, and what (if anything) on the page answers it."""

    words: set[str]
    examples: list[str] = field(default_factory=list)
    comment_ids: list[str] = field(default_factory=list)
    answer_section: str | None = None
    answer_text: str | None = None

    @property
    def count(self) -> int:
        return len(self.comment_ids)


def _similar(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= SIMILARITY


def recurring_questions(asked: list[tuple[str, str, str | None, str | None]],
                        min_count: int = MIN_COUNT) -> list[QuestionGroup]:
    """Groups of (comment id, text, answering section, answer text) that no FAQ entry answers.

    Ranked by count (ties: first asked first), only groups of ``min_count`` or more.
    """
    groups: list[QuestionGroup] = []
    for comment_id, text, section, answer in asked:
        if section is not None and section.startswith("faq["):
            continue
        words = set(terms(text)) - GENERIC
        home = next((g for g in groups if _similar(g.words, words)), None)
        if home is None:
            home = QuestionGroup(words=set(words), answer_section=section, answer_text=answer)
            groups.append(home)
        else:
            home.words |= words
        home.comment_ids.append(comment_id)
        if len(home.examples) < EXAMPLES and text not in home.examples:
            home.examples.append(text)
        if home.answer_section is None and section is not None:
            home.answer_section, home.answer_text = section, answer
    ranked = [g for g in groups if g.count >= min_count]
    ranked.sort(key=lambda g: -g.count)
    return ranked


def faq_block(groups: list[QuestionGroup], incident_id: str, moment: str) -> str:
    """The suggested entries as a YAML ``faq:`` block with comments, ready for review."""
    lines = [
        f"# Suggested FAQ entries for {incident_id}, from darksite replies at {moment}.",
        "# DRAFT FOR APPROVAL: nothing here is public. Reword each question the way",
        "# people asked it, have the answer approved, then copy the entries into the",
        "# incident's faq: list. {{ approved_answer }} must be replaced first: darksite",
        "# refuses to publish a file that still holds it.",
        "faq:",
    ]
    for group in groups:
        lines.append(f"  # asked {group.count} times; for example:")
        lines += [f"  #   {_one_line(example)}" for example in group.examples]
        if group.answer_section:
            lines.append(f"  # the page answers it now in {group.answer_section}")
        lines.append(f"  - q: {_yaml_plain(group.examples[0])}")
        lines.append("    a: |")
        answer = group.answer_text or "{{ approved_answer }}"
        lines += [f"      {line}" for line in _wrap(answer)]
    if not groups:
        lines.append("  []  # no question came back often enough to suggest an entry")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _yaml_plain(text: str) -> str:
    import json

    return json.dumps(_one_line(text), ensure_ascii=False)


def _wrap(text: str, width: int = 72) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines
