"""Readability: public texts (summary, statement, updates, FAQ) people under stress can read.

People read crisis pages on a phone, worried, often not in their first
language. Plain-language guidance for public information aims at a reading
age of 9 to 12 years of schooling; ``checks.max_grade`` (default 12) sets the
ceiling and the warning gives the figure so that a writer sees progress.

The score is the Flesch-Kincaid grade level::

    0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

implemented here instead of taking a dependency: it is a dozen lines, and it
must be fast (1,000 incidents in well under two seconds). Syllables are
counted with the common English heuristic: strip a silent final "e", "es" or
"ed" (but not "le", a vowel before it, or "ted"/"ded"), drop a leading "y", then count
groups of one or two vowels (a, e, i, o, u, y); every word has at least one.
It is within about one syllable of a dictionary on most words, and the grade
is an average, so the errors wash out; headings and list items count as
sentences, as a reader pauses there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from darksite.checks.memos import forget_with_word_memos, text_memo, word_memo
from darksite.checks.registry import CheckContext, Finding, rule
from darksite.checks.text import prose
from darksite.model import Incident

MIN_WORDS = 15
"""Below this the grade of a text says little; such a text is short enough to read."""

_SILENT_ENDING = re.compile(r"(?:[^laeiouy]es|[^laeiouytd]ed|[^laeiouy]e)$")
_VOWEL_GROUP = re.compile(r"[aeiouy]{1,2}")


@word_memo(65536)
def syllables(word: str) -> int:
    """Estimated syllables in one English word (see the module docstring); cached per word."""
    word = word.lower().strip("'-")
    if not word.isalpha() and not word.replace("'", "").replace("-", "").isalpha():
        return 1
    if len(word) <= 3:
        return 1
    stem = _SILENT_ENDING.sub(lambda m: m.group(0)[0], word)
    stem = stem[1:] if stem.startswith("y") else stem
    return max(1, len(_VOWEL_GROUP.findall(stem)))


@dataclass(frozen=True)
class Grade:
    """The Flesch-Kincaid grade of a text and what it was computed from."""

    grade: float
    words: int
    sentences: int


_PUNCTUATION = "\"'()[]*_,;:.!?-"
_SENTENCE_END = re.compile(r"[.!?]+['\")\]]*(?:\s|$)")


def _words(plain: str) -> list[str]:
    return [word for word in (token.strip(_PUNCTUATION) for token in plain.split()) if word]


@text_memo(4096)
def grade(text: str) -> Grade:
    """Flesch-Kincaid grade of ``text`` (Markdown allowed).

    Words are the whitespace-separated tokens that hold more than
    punctuation (a link counts as one word of one syllable); sentences end
    at . ! or ? (headings and list items already end so, see
    :func:`darksite.checks.text.prose`).
    """
    plain = prose(text)
    words = syllable_count = 0
    known = _TOKEN_SYLLABLES
    for token in plain.split():
        count = known.get(token)
        if count is None:
            count = _token_syllables(token)
        if count:
            words += 1
            syllable_count += count
    if not words:
        return Grade(0.0, 0, 0)
    sentences = max(1, len(_SENTENCE_END.findall(plain)))
    score = 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59
    return Grade(round(score, 1), words, sentences)


_TOKEN_SYLLABLES: dict[str, int] = {}
"""Syllables per whitespace-separated token as written, 0 for punctuation alone.

One dictionary look-up per token instead of a strip and a memoised call:
tokens recur across every text, and :func:`grade` reads some 1.5 million
at 1,000 incidents. Bounded by :data:`_TOKEN_MEMO_SIZE`, emptied with the
word memos at the end of a run."""
_TOKEN_MEMO_SIZE = 65536


def _token_syllables(token: str) -> int:
    word = token.strip(_PUNCTUATION)
    count = syllables(word) if word else 0
    if len(_TOKEN_SYLLABLES) >= _TOKEN_MEMO_SIZE:
        _TOKEN_SYLLABLES.clear()
    _TOKEN_SYLLABLES[token] = count
    return count

forget_with_word_memos(_TOKEN_SYLLABLES.clear)


def longest_sentence(text: str) -> int:
    """Words in the longest sentence of ``text``: the first thing to shorten."""
    pieces = _SENTENCE_END.split(prose(text))
    return max((len(_words(piece)) for piece in pieces), default=0)


HARDEST_SHOWN = 3
"""At most this many sentences are quoted per field: enough to start on, not a second text."""


def hardest_sentences(text: str, ceiling: float) -> list[tuple[str, float]]:
    """The sentences that push the grade up, hardest first, each with its own grade.

    Those above ``ceiling`` (at most :data:`HARDEST_SHOWN`); when none is
    above it on its own (many middling sentences), the hardest one. Empty
    for a text of one sentence: the whole text is then the place to start.
    Quoted in the hint so that the writer knows where to start, not only how
    long the longest sentence is.
    """
    pieces = [p.strip() for p in _SENTENCE_END.split(prose(text)) if _words(p)]
    if len(pieces) < 2:
        return []
    scored = sorted(((grade(piece).grade, piece) for piece in pieces), key=lambda s: -s[0])
    above = [entry for entry in scored if entry[0] > ceiling][:HARDEST_SHOWN] or scored[:1]
    return [(_quoted(piece), score) for score, piece in above]


def _quoted(sentence: str) -> str:
    return sentence if len(sentence) <= 90 else sentence[:87] + "..."


def hardest_sentence(text: str) -> tuple[str, float] | None:
    """The one sentence that pushes the grade up most, and its own grade (None for one)."""
    found = hardest_sentences(text, float("inf"))
    return found[0] if found else None


def _graded_fields(incident: Incident) -> Iterator[tuple[str, str]]:
    """Every prose field a member of the public reads, each graded on its own.

    Per field, because a plain summary does not make a dense apology or
    update readable, and a warning must point at the field to rewrite. Every
    update, not only the newest: the timeline stays on the page and is read
    by whoever arrives late. Every FAQ answer: the questions are the ones
    people really ask, often the least confident readers. Grades are cached
    per text, and the findings cache keeps an unchanged incident's, so a long
    timeline costs once.
    """
    yield "summary", incident.summary
    yield "statement", incident.statement
    if incident.apology is not None:
        yield "apology.text", incident.apology.text
    for index, update in enumerate(incident.updates):
        yield f"updates[{index}].text", update.text
    for index, entry in enumerate(incident.faq):
        yield f"faq[{index}].a", entry.a


@rule("hard-to-read", theme="readability", english_only=True,
      summary="A public text (summary, statement, apology, update, FAQ answer) above the "
              "site's reading grade (checks.max_grade).")
def hard_to_read(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Long sentences and long words shut out the people who most need the facts."""
    ceiling = context.settings.checks.max_grade
    for path, text in _graded_fields(incident):
        result = grade(text)
        if result.words >= MIN_WORDS and result.grade > ceiling:
            hardest = hardest_sentences(text, ceiling)
            start = ("; start with " + ", then ".join(
                f'"{sentence}" (grade {score:.1f})' for sentence, score in hardest)
                if hardest else "")
            yield Finding(
                path,
                f"reads at grade {result.grade:.1f} (Flesch-Kincaid); the site's limit is "
                f"{ceiling:g}",
                f"use shorter sentences and everyday words; the longest sentence has "
                f"{longest_sentence(text)} words (aim for under 20){start}",
            )
