"""A learned second opinion on apologies and action steps, in plain Python.

The wording rules read for named patterns ("if anyone was offended", "look
into"); on statements they were not written from they miss patterns and
raise false alarms. A small logistic-regression model, trained on a labelled
corpus of real statements (``corpus/``, ``python -m training``), scores each
sentence instead: how likely an apology is a non-apology, how likely a step
is vague. The installed tool only reads the weights: ``data/wording_model.json``
holds, per task, a bias and the weight of each hashed feature, and
:func:`score` adds them up. No numpy, no scikit-learn, a few microseconds a
sentence (the score of each text is cached).

Features are the same at training and at run time because both call
:func:`features`: lower-case word unigrams and bigrams (numbers folded to
``0``, a capitalised word inside a sentence also counted as ``<name>``) and
character 4-grams of each padded lower-case word, each hashed with CRC-32 into
:data:`BUCKETS` buckets. The word features are kept with their text so that
a warning can quote the words that weighed most (:func:`evidence`).
"""

from __future__ import annotations

import json
import math
import re
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from darksite.checks.memos import text_memo, word_memo
from darksite.checks.text import PLACEHOLDER, typographic_to_plain, word_set

BUCKETS = 1 << 15
"""Hash buckets per task; the weights file stores only the non-zero ones."""

TASKS = ("apology", "action")
"""``apology``: probability of a non-apology; ``action``: probability of a vague step."""

WEIGHTS_RESOURCE = "wording_model.json"

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d(?:[\d,.:]*\d)?%?|\{\{x\}\}|[.!?:;]")
_I_FORMS = frozenset({"i", "i'm", "i've", "i'll", "i'd"})
_ENDS_SENTENCE = frozenset(".!?:;")


def _tokens(text: str) -> list[str]:
    """Lower-case word tokens, numbers as ``0``, plus ``<name>`` after a mid-sentence capital."""
    out: list[str] = []
    at_start = True
    for token in _TOKEN.findall(text):
        first = token[0]
        if first in _ENDS_SENTENCE:
            at_start = True
            continue
        if first.isdigit():
            out.append("0")
        else:
            lower = sys.intern(token.lower().replace("’", "'"))  # one copy per word
            out.append(lower)
            if first.isupper() and not at_start and lower not in _I_FORMS:
                out.append("<name>")
        at_start = False
    return out


def normalise(text: str) -> str:
    """The text the features are read from: placeholders folded, typographic quotes plain."""
    return typographic_to_plain(PLACEHOLDER.sub("{{x}}", text)).strip()


@text_memo(8192)
def parts(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The tokens of ``text`` (with ``<name>`` marks) and its words (without)."""
    tokens = tuple(_tokens(normalise(text)))
    return tokens, tuple(t for t in tokens if t != NAME)


NAME = "<name>"


@word_memo(65536)
def bucket(name: str) -> int:
    """The hash bucket of one feature name (CRC-32: the same in every process)."""
    return zlib.crc32(name.encode()) % BUCKETS


@word_memo(65536)
def char_buckets(word: str) -> tuple[int, ...]:
    """Buckets of the character 4-grams of `` word `` (a short word is one gram)."""
    padded = f" {word} "
    grams = [padded[i:i + 4] for i in range(len(padded) - 3)] or [padded]
    return tuple(bucket(f"c:{gram}") for gram in grams)


_CUES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "action": (
        # a date, time or deadline: "from Tuesday", "this week", "by 5pm", "within 48 hours"
        ("q:when", re.compile(
            r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february"
            r"|march|april|june|july|august|september|october|november|december|today|tonight"
            r"|tomorrow|overnight|midnight|noon|this (?:morning|afternoon|evening|week|weekend"
            r"|month)|next (?:week|month)|from (?:now|this)|within \w+ (?:minutes?|hours?|days?"
            r"|weeks?)|every (?:hour|day|morning|evening|week)|until|[ap]\.?m\b)")),
        ("q:number", re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten"
                                r"|twenty|forty|fifty|hundred|thousand)\b")),
        ("q:all", re.compile(r"\b(?:all|every|each|any)\b")),
        # a head count is effort, not a deliverable: "our 300-strong team", "1,000 colleagues"
        ("q:headcount", re.compile(
            r"(?:\d[\d,]*|hundreds|thousands|dozens)(?:-strong)? (?:\w+ )?(?:colleagues|engineers"
            r"|staff|people|experts|officers|specialists|team|crews|technicians|agents)\b"
            r"|-strong\b|every available|all (?:available|our) (?:resources|staff|teams)")),
        # a named partner is company, not a deliverable: "working with the NCSC"
        ("q:partner", re.compile(
            r"\b(?:engag\w+|cooperat\w+|co-operat\w+|liais\w+|in (?:close )?contact with"
            r"|work(?:ing)? (?:closely |together )?with|partner\w* with|mobilis\w+|support(?:ing)?"
            r" (?:customers|you|the)|help(?:ing)? (?:you|customers)|informed|notified"
            r"|assist\w*)\b")),
        # an act already done: "we closed", "have been contacted", "were isolated"
        ("q:done", re.compile(r"\b(?:have|has|had|were|was|we) (?:been |now |already |all "
                              r"|also )?(?!continued|committed|dedicated|focused|pledged"
                              r"|remained|worked)[a-z]+(?:ed|en|ut|et|ld|ent|ught)\b")),
        # an offer a reader can take up: "if your bin was missed, leave it out and we will ..."
        ("q:offer", re.compile(r"\bif (?:you|your|a|an|the)\b|\b(?:you can|you will|please"
                               r"|call|email|visit|apply|book|refund\w*|credit\w*)\b")),
        # effort, intent and open-ended goals: what a vague step is made of
        ("q:effort", re.compile(
            r"\b(?:continu\w+|work(?:ing)? (?:to|hard|around|through|tirelessly)"
            r"|committed|commitment|doing (?:everything|all)|every effort|ensur\w+|strive|aim"
            r"|seek\w*|explor\w+|consider\w*|assess\w*|look(?:ing)? (?:into|at)|review\w*"
            r"|investigat\w+|monitor\w*|prioriti\w+|focus\w*|remain\w*|lessons|appropriate"
            r"|robust|necessary|as (?:quickly|soon) as possible|underway|under way|update you"
            r"|keep (?:you|customers|the public) (?:informed|updated)|improv\w+|enhanc\w+"
            r"|strengthen\w*|further|measures|steps|resources|round the clock|around the clock"
            r"|harder|no effort|spared|priority|determin\w+|assur\w+|studying|move on)\b")),
    ),
}
"""Hand-named cues per task, counted like words (``q:when`` once per match).

Words and character grams learn from a corpus of a few hundred steps; what
makes a step checkable (a time, a count, an act already done, an offer a
reader can take up) is spread over many words each too rare to learn. The
cues give the model those general notions; it still learns their weight.
"""


def cue_names(task: str, text: str) -> tuple[str, ...]:
    """The cues of ``task`` found in ``text`` (repeated cues repeat)."""
    cues = _CUES.get(task)
    if not cues:
        return ()
    lower = normalise(text).lower()
    return tuple(name for name, pattern in cues for _ in pattern.finditer(lower))


def features(text: str, task: str = "") -> tuple[tuple[int, str], ...]:
    """``(bucket, name)`` of every feature of ``text`` (repeated features repeat).

    ``name`` is the readable feature for word features (``"w:look into"``) and
    ``""`` for character 4-grams, which are never quoted back to a user.
    Training builds its matrix from this; :meth:`TaskModel.margin` sums the
    same weights through per-word caches, because words repeat across texts.
    """
    tokens, words = parts(text)
    names = [f"w:{t}" for t in tokens] + [f"w:{a} {b}" for a, b in pairwise(words)]
    result = [(bucket(name), name) for name in names]
    result += [(b, "") for word in words for b in char_buckets(word)]
    result += [(bucket(name), name) for name in cue_names(task, text)]
    return tuple(result)


@dataclass(frozen=True)
class TaskModel:
    """One task's weights: the bias, the sparse weights and the decision thresholds."""

    bias: float
    weights: dict[int, float]
    thresholds: dict[str, float]
    task: str = ""
    _tokens: dict[str, tuple[float, int]] = field(default_factory=dict, compare=False,
                                                  repr=False)
    _pairs: dict[tuple[str, str], float] = field(default_factory=dict, compare=False,
                                                 repr=False)

    def _token(self, token: str) -> tuple[float, int]:
        """A token's unigram weight plus its character 4-grams' weights, and their count."""
        get = self.weights.get
        weight = get(bucket(f"w:{token}"), 0.0)
        if token == NAME:
            return weight, 1
        grams = char_buckets(token)
        return weight + sum(get(b, 0.0) for b in grams), 1 + len(grams)

    def margin(self, text: str) -> float:
        """Bias plus the weights of :func:`features`, scaled by 1/sqrt(count) as in training.

        Summed through per-token and per-pair caches: the same sum, but a text
        of words already seen costs a few dictionary look-ups a word.
        """
        tokens, words = parts(text)
        cache, pairs, total, count = self._tokens, self._pairs, 0.0, 0
        for token in tokens:
            entry = cache.get(token)
            if entry is None:
                entry = cache[token] = self._token(token)
            total += entry[0]
            count += entry[1]
        for pair in pairwise(words):
            weight = pairs.get(pair)
            if weight is None:
                weight = pairs[pair] = self.weights.get(bucket(f"w:{pair[0]} {pair[1]}"), 0.0)
            total += weight
        count += max(0, len(words) - 1)
        cues = cue_names(self.task, text)
        total += sum(self.weights.get(bucket(name), 0.0) for name in cues)
        count += len(cues)
        return self.bias + total / math.sqrt(count) if count else self.bias


@lru_cache(maxsize=1)
def load() -> dict[str, TaskModel]:
    """The shipped weights (read once per process)."""
    raw = json.loads(resources.files("darksite.checks.data").joinpath(WEIGHTS_RESOURCE)
                     .read_text(encoding="utf-8"))
    return {task: from_json(raw["tasks"][task], task) for task in TASKS}


def from_json(data: dict, task: str = "") -> TaskModel:
    """A :class:`TaskModel` from its JSON form (see ``python -m training``).

    Buckets and weights are two parallel lists: parsed about twice as fast as
    an object keyed by bucket, and every ``darksite check`` pays it once.
    """
    return TaskModel(
        bias=float(data["bias"]),
        weights=dict(zip(data["buckets"], data["weights"], strict=True)),
        thresholds={k: float(v) for k, v in data["thresholds"].items()},
        task=task,
    )


@text_memo(8192)
def score(task: str, text: str) -> float:
    """Probability (0 to 1) that ``text`` is a non-apology (``apology``) or vague (``action``)."""
    margin = load()[task].margin(text)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, margin))))


def threshold(task: str, name: str) -> float:
    """A decision threshold shipped with the weights (chosen by ``python -m training``)."""
    return load()[task].thresholds[name]


_PLAIN_WORDS = word_set("""
a an the our its their your my his her this that these those of to in on at for with by from and
or but as into about we us i you they them he she it is are was were be been being am will would
shall should can could may might must have has had do does did not all any some so if it's we're
we've we'll i'm i've 0
""")
"""Words never quoted alone as evidence: they carry weight only in company ("work with")."""


def _quotable(phrase: str) -> bool:
    return not all(word in _PLAIN_WORDS for word in phrase.split())


def evidence(task: str, text: str, *, limit: int = 3) -> list[str]:
    """The word features of ``text`` that push hardest towards "bad", strongest first.

    Quoted in warnings so that a flag from the model is as explainable as one
    from a rule: "the words that weigh most: "continue to work with", ...".
    """
    model = load()[task]
    seen: dict[str, float] = {}
    for index, name in features(text):
        if name and name != "w:<name>" and name not in seen:
            seen[name] = model.weights.get(index, 0.0)
    ranked = sorted((w, n) for n, w in seen.items() if w > 0)
    chosen: list[str] = []
    for _weight, name in reversed(ranked):
        phrase = name[2:]
        if not _quotable(phrase) or any(phrase in c or c in phrase for c in chosen):
            continue
        chosen.append(phrase)
        if len(chosen) == limit:
            break
    return chosen
