"""Finding the approved passage that answers a comment: BM25 over the incident's own text.

Why BM25 (the ``bm25s`` library) and not a hand-written search or a model:
the passages are a few dozen short texts written by the comms team, and
people ask in the same everyday words ("password", "refund", "compensated"),
which is exactly where BM25's term weighting is strong; ``bm25s`` is
maintained, needs only NumPy, indexes an incident in about a millisecond and
gives the same answer on every run (a model would need weights that cannot
be downloaded here, and a hand-rolled scorer would be one more thing to get
wrong). Words are stemmed with Snowball (``snowballstemmer``, pure Python) so
that "compensated" finds "compensation".

A match counts only above :data:`MIN_SCORE` and when it shares a word that
is not generic (:data:`GENERIC`): a weak match answered with the wrong fact
is worse than "we will add this to the page".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import snowballstemmer

from darksite.checks.text import word_set
from darksite.replies.approved import Passage

MIN_SCORE = 1.0
"""The lowest BM25 score taken as an answer (chosen on the labelled set; see docs/replies.md)."""

GENERIC = word_set("""
northwind compani custom servic file page updat incid inform know happen go get one today
us pleas thank will can would could need make time peopl said say tell work
""")
"""Stems that say nothing about what is asked: a match on these alone is no answer."""

_WORD = re.compile(r"[a-z0-9£$€]+(?:'[a-z]+)?")
STOPWORDS = word_set("""
a about above after again against all am an and any are aren't as at be because been before
being below between both but by can't cannot could couldn't did didn't do does doesn't doing
don't down during each few for from further had hadn't has hasn't have haven't having he he'd
he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in
into is isn't it it's its itself let's me more most mustn't my myself nor of off on once only
or other ought our ours ourselves out over own same shan't she she'd she'll she's should
shouldn't so some such than that that's the their theirs them themselves then there there's
these they they'd they'll they're they've this those through to too under until up very was
wasn't we we'd we'll we're we've were weren't what what's when when's where where's which
while who who's whom why why's with won't would wouldn't you you'd you'll you're you've your
yours yourself yourselves just also still yet even really ok okay hi hello hey guys
whose actual actually exactly anyone
""")


SYNONYMS = {
    "leak": "exposed", "leaked": "exposed", "leaking": "exposed", "stolen": "exposed",
    "breach": "exposed", "breached": "exposed", "hacked": "attack", "hack": "attack",
    "hackers": "attack", "cyberattack": "attack", "refund": "compensated",
    "compensation": "compensated", "reimburse": "compensated", "reimbursed": "compensated",
    "payout": "compensated", "money back": "compensated",
    "claim": "compensated", "broken": "fault", "fixed": "restored", "working": "restored",
    "wifi": "broadband", "internet": "broadband", "landline": "phone", "999": "emergency",
    "injured": "hurt", "died": "hurt", "dead": "hurt", "killed": "hurt", "victims": "hurt",
    "cause": "caused", "why": "caused",
    "boss": "executive", "ceo": "executive", "sacked": "removed", "fired": "removed",
    "suspended": "removed", "kids": "children", "free": "pay", "cost": "pay", "charge": "pay",
    "unit": "model", "serial": "model", "sure": "know", "affected": "affected",
}
"""Everyday words people use for what the approved text says in its own words (query side)."""


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def terms(text: str, expand: bool = False) -> list[str]:
    """``text`` as BM25 terms: lower case, stop words out, Snowball stems.

    ``expand`` adds :data:`SYNONYMS` (for queries: people say "leaked" where
    the page says "exposed").
    """
    words = [w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in STOPWORDS]
    if expand:
        lower = text.lower()
        words += [target for word, target in SYNONYMS.items()
                  if (" " in word and word in lower) or word in words]
    return _stemmer().stemWords(words)


@dataclass(frozen=True)
class Match:
    """The best passage for a comment and how strongly it matched."""

    passage: Passage
    score: float


FAQ_WEIGHT = 1.5
"""How much more an FAQ entry counts than other passages: it was written for the question."""
MIN_COVERAGE = 0.3
"""Share of the question's weight (IDF) that the passage must hold: "Will the dividend be
affected?" shares only "affected" with the page, and the page does not answer it."""


class PassageIndex:
    """A BM25 index over one incident's approved passages."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        self._terms = [set(terms(p.search_text)) for p in self.passages]
        count = len(self.passages)
        self._idf: dict[str, float] = {}
        for words in self._terms:
            for word in words:
                self._idf[word] = self._idf.get(word, 0) + 1
        self._idf = {w: math.log((count - df + 0.5) / (df + 0.5) + 1)
                     for w, df in self._idf.items()}
        self._unknown_idf = math.log((count + 0.5) / 0.5 + 1)
        self._retriever: bm25s.BM25 | None = None
        if self.passages:
            self._retriever = bm25s.BM25()
            self._retriever.index([terms(p.search_text) or ["_"] for p in self.passages],
                                  show_progress=False)

    def ranked(self, text: str, limit: int = 3) -> list[Match]:
        """The best passages for ``text``, strongest first (scores above zero only)."""
        query = terms(text, expand=True)
        if self._retriever is None or not query:
            return []
        scores = [float(score) * (FAQ_WEIGHT if p.section.startswith("faq[") else 1.0)
                  for score, p in zip(self._retriever.get_scores(query), self.passages,
                                      strict=True)]
        order = sorted(range(len(scores)), key=lambda i: (-float(scores[i]), i))[:limit]
        return [Match(self.passages[i], float(scores[i])) for i in order if scores[i] > 0]

    def coverage(self, query: set[str], index: int) -> float:
        """The IDF-weighted share of ``query``'s content terms that passage ``index`` holds."""
        content = query - GENERIC
        weight = {w: self._idf.get(w, self._unknown_idf) for w in content}
        total = sum(weight.values())
        held = sum(v for w, v in weight.items() if w in self._terms[index])
        return held / total if total else 0.0

    def best(self, text: str, sections: tuple[str, ...] | None = None,
             min_coverage: float | None = None) -> Match | None:
        """The passage that answers ``text``, or ``None`` when nothing approved does.

        ``sections`` limits the answer to passages whose section starts with
        one of them (complaints look in ``actions`` first). ``min_coverage``
        overrides :data:`MIN_COVERAGE` (a pointer to the page may match more loosely
        than an answer, because it quotes nothing).
        """
        needed = MIN_COVERAGE if min_coverage is None else min_coverage
        query = set(terms(text, expand=True))
        for match in self.ranked(text, limit=len(self.passages)):
            if sections and not match.passage.section.startswith(sections):
                continue
            if match.score < MIN_SCORE:
                return None
            index = self.passages.index(match.passage)
            if (query & self._terms[index]) - GENERIC and self.coverage(
                    query, index) >= needed:
                return match
        return None
