"""Fitting and judging the wording models (needs the ``train`` extra: scikit-learn, scipy).

The features come from :func:`darksite.checks.wording_model.features`, the
same function the installed checks call, so a model scored here scores the
same in ``darksite check``. The decisions come from the checks' own
``combine`` functions, so the figures measure what ships.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from darksite.checks import actions, apology, wording_model
from training.corpus import Item

WEIGHT_DIGITS = 3
"""Weights are rounded to this many decimals in the shipped file (and scored so here)."""
SMALLEST_WEIGHT = 0.002
"""Weights below this are dropped: they change no decision and would double the file."""


def matrix(texts: Sequence[str], task: str = "") -> csr_matrix:
    """Hashed, length-normalised feature counts, exactly as :meth:`TaskModel.margin` sums them."""
    rows, cols, values = [], [], []
    for row, text in enumerate(texts):
        feats = wording_model.features(text, task)
        if not feats:
            continue
        scale = 1.0 / math.sqrt(len(feats))
        for bucket, _name in feats:
            rows.append(row)
            cols.append(bucket)
            values.append(scale)
    return csr_matrix((values, (rows, cols)), shape=(len(texts), wording_model.BUCKETS))


def fit(train: Sequence[Item], c: float) -> wording_model.TaskModel:
    """A logistic regression on ``train`` (bad = 1), as a plain-Python :class:`TaskModel`.

    Classes are balanced by weight, so that the threshold means the same on
    splits with other proportions; weights are rounded as they will ship.
    """
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, solver="liblinear")
    task = train[0].task if train else ""
    model.fit(matrix([i.text for i in train], task), np.array([int(i.bad) for i in train]))
    coef = model.coef_[0]
    weights = {int(b): round(float(coef[b]), WEIGHT_DIGITS) for b in np.flatnonzero(coef)}
    return wording_model.TaskModel(
        bias=round(float(model.intercept_[0]), WEIGHT_DIGITS),
        weights={b: w for b, w in weights.items() if abs(w) >= SMALLEST_WEIGHT},
        thresholds={},
        task=task,
    )


def probability(model: wording_model.TaskModel, text: str) -> float:
    margin = model.margin(text)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, margin))))


@dataclass(frozen=True)
class Rates:
    """How a checker did on a set of items: bad ones caught, good ones flagged."""

    bad: int
    caught: int
    good: int
    flagged: int

    @property
    def recall(self) -> float:
        return self.caught / self.bad if self.bad else 0.0

    @property
    def false_alarms(self) -> float:
        return self.flagged / self.good if self.good else 0.0

    def as_json(self) -> dict[str, float | int]:
        return {"bad": self.bad, "caught": self.caught, "recall": round(self.recall, 4),
                "good": self.good, "flagged": self.flagged,
                "false_alarms": round(self.false_alarms, 4)}


def rates(items: Sequence[Item], flagged: Callable[[Item], bool]) -> Rates:
    bad = [i for i in items if i.bad]
    good = [i for i in items if not i.bad]
    return Rates(len(bad), sum(map(flagged, bad)), len(good), sum(map(flagged, good)))


def rules_flag(item: Item) -> bool:
    """The rules alone, as they were before the model (the baseline)."""
    if item.task == "apology":
        return bool(apology.analyse(item.text))
    return actions.vagueness(item.text) is not None


def combined_flag(model: wording_model.TaskModel, thresholds: dict[str, float]
                  ) -> Callable[[Item], bool]:
    """Rules and model together, through the checks' own ``combine``."""
    return combined_from(lambda item: probability(model, item.text), thresholds)


def combined_from(prob: Callable[[Item], float], thresholds: dict[str, float]
                  ) -> Callable[[Item], bool]:
    """:func:`combined_flag` with the model's probabilities given (from cross-validation)."""
    def flag(item: Item) -> bool:
        p = prob(item)
        if item.task == "apology":
            return apology.combine(apology.analyse(item.text), p,
                                   veto=thresholds["veto"]) == "rules"
        return actions.combine(actions.vagueness(item.text), p,
                               when_rules_vague=thresholds["when_rules_vague"],
                               when_rules_concrete=thresholds["when_rules_concrete"])
    return flag


def model_flag(model: wording_model.TaskModel, threshold: float) -> Callable[[Item], bool]:
    """The model alone at ``threshold`` (for comparison; not what ships for apologies)."""
    return lambda item: probability(model, item.text) >= threshold


def objective(r: Rates, task: str = "apology") -> float:
    """What thresholds are chosen for on the tuning folds: catch most, and weigh false alarms.

    A comms lead who sees one false alarm in four stops reading the warnings,
    so a false alarm costs more than a miss. For apologies every false alarm
    costs double. For actions that rule kept false alarms near 1% and let one
    vague step in six pass: there false alarms are free up to
    :data:`ACTION_FALSE_ALARM_BUDGET` (half the issue's 10% ceiling, the other
    half left for the sampling error of a held-out set of a few dozen) and
    cost double beyond it.
    """
    if task == "action":
        return r.recall - 2.0 * max(0.0, r.false_alarms - ACTION_FALSE_ALARM_BUDGET)
    return r.recall - 2.0 * r.false_alarms


ACTION_FALSE_ALARM_BUDGET = 0.05


GRID = [round(0.05 * k, 2) for k in range(1, 20)]


def choose_thresholds(task: str, prob: Callable[[Item], float], items: Sequence[Item]
                      ) -> dict[str, float]:
    """The thresholds that score best on ``items`` (ties: the more cautious, fewer flags)."""
    if task == "action":
        pairs = [{"when_rules_vague": v, "when_rules_concrete": c}
                 for v in GRID for c in [*GRID, 1.01] if c >= v]
        return max(pairs, key=lambda th: (objective(rates(items, combined_from(prob, th)), task),
                                          th["when_rules_concrete"], th["when_rules_vague"]))
    return {"veto": max([0.0, *GRID], key=lambda v: (
        objective(rates(items, combined_from(prob, {"veto": v}))), -v))}
