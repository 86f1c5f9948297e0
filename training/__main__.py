"""``python -m training``: fit both wording models, choose thresholds, measure, write files.

One command retrains and re-measures everything ``docs/checks.md`` reports:

1. split the corpus by organisation (:mod:`training.corpus`);
2. for each task pick the regularisation ``C`` and the decision thresholds by
   cross-validation grouped by organisation over the train and dev splits
   (the test split is not looked at);
3. fit on the train and dev splits together and write the weights the checks ship
   (``generator/darksite/checks/data/wording_model.json``);
4. measure recall and false alarms of the rules alone, the model alone and
   rules and model combined on the test split (all items, and real ones
   only) and by five-fold cross-validation grouped by organisation, and write
   them to ``training/figures.json`` (``tests/test_checks_wording_model.py``
   checks that the shipped weights reproduce the test-split figures).

Exit 0 on success, 1 when scikit-learn is missing (install the ``train`` extra).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WEIGHTS = REPO / "generator" / "darksite" / "checks" / "data" / "wording_model.json"
FIGURES = REPO / "training" / "figures.json"
C_GRID = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
FOLDS = 5


def main() -> int:
    try:
        from training import fit
    except ImportError as error:
        print(f"python -m training needs the train extra (pip install -e '.[train]'): {error}",
              file=sys.stderr)
        return 1
    from training import corpus

    split = corpus.splits()
    tasks_json: dict[str, dict] = {}
    figures: dict[str, dict] = {"splits": _split_counts(corpus, split)}
    for task in ("apology", "action"):
        items = corpus.items(task)
        train = [i for i in items if split[i.org] == "train"]
        dev = [i for i in items if split[i.org] == "dev"]
        test = [i for i in items if split[i.org] == "test"]
        c, thresholds, selection = _select(fit, task, train + dev)
        model = fit.fit(train + dev, c)
        ordered = sorted(model.weights.items())
        tasks_json[task] = {"bias": model.bias, "c": c, "thresholds": thresholds,
                            "buckets": [b for b, _ in ordered],
                            "weights": [w for _, w in ordered]}
        alone_at = 0.5
        checkers = {
            "rules": fit.rules_flag,
            "model": fit.model_flag(model, alone_at),
            "combined": fit.combined_flag(model, thresholds),
        }
        real_test = [i for i in test if i.origin == "real"]
        figures[task] = {
            "c": c, "thresholds": thresholds, "model_alone_threshold": alone_at,
            "selection_cv_train_dev": selection,
            "test": {name: fit.rates(test, f).as_json() for name, f in checkers.items()},
            "test_real": {name: fit.rates(real_test, f).as_json() for name, f in checkers.items()},
            "grouped_cv": _grouped_cv(fit, task, items, split, c, thresholds, alone_at),
        }
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    WEIGHTS.write_text(json.dumps({"format": 1, "buckets": _buckets(), "tasks": tasks_json},
                                  separators=(",", ":")) + "\n", encoding="utf-8")
    FIGURES.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(_table(figures))
    print(f"wrote {WEIGHTS.relative_to(REPO)} ({WEIGHTS.stat().st_size // 1024} KB) and "
          f"{FIGURES.relative_to(REPO)}")
    return 0


def _select(fit, task, items) -> tuple[float, dict[str, float], dict]:
    """``C`` and thresholds by grouped cross-validation over the train and dev organisations.

    The dev split alone (31 organisations) proved too small to choose on; the
    test split is never looked at.
    """
    best = None
    for c in C_GRID:
        probs = _cv_probabilities(fit, items, c)
        scored = [i for i in items if id(i) in probs]
        prob = probs.__getitem__
        thresholds = fit.choose_thresholds(task, lambda item, p=prob: p(id(item)), scored)
        pooled = fit.rates(scored, fit.combined_from(lambda item, p=prob: p(id(item)),
                                                     thresholds))
        score = fit.objective(pooled, task)
        if best is None or score > best[0] + 1e-9:
            best = (score, c, thresholds, pooled.as_json())
    return best[1], best[2], best[3]


def _cv_probabilities(fit, items, c) -> dict[int, float]:
    """Out-of-fold probability for every non-legacy item (legacy items always train)."""
    fold_of = _folds(items)
    probs: dict[int, float] = {}
    for fold in range(FOLDS):
        held = [i for i in items if i.origin != "legacy" and fold_of[i.org] == fold]
        model = fit.fit([i for i in items if i.origin == "legacy" or fold_of[i.org] != fold], c)
        probs.update((id(i), fit.probability(model, i.text)) for i in held)
    return probs


def _folds(items) -> dict[str, int]:
    orgs = sorted({i.org for i in items if i.origin != "legacy"}, key=lambda o: (hash_of(o), o))
    return {org: n % FOLDS for n, org in enumerate(orgs)}


def _buckets() -> int:
    from darksite.checks import wording_model

    return wording_model.BUCKETS


def _grouped_cv(fit, task, items, split, c, thresholds, alone_at) -> dict:
    """Pooled rates over folds of organisations; legacy items always train, never score."""
    from training.fit import Rates

    fold_of = _folds(items)
    totals = {name: [0, 0, 0, 0] for name in ("rules", "model", "combined")}
    for fold in range(FOLDS):
        held = [i for i in items if i.origin != "legacy" and fold_of[i.org] == fold]
        rest = [i for i in items if i.origin == "legacy" or fold_of[i.org] != fold]
        model = fit.fit(rest, c)
        for name, flag in (("rules", fit.rules_flag), ("model", fit.model_flag(model, alone_at)),
                           ("combined", fit.combined_flag(model, thresholds))):
            r = fit.rates(held, flag)
            for k, v in enumerate((r.bad, r.caught, r.good, r.flagged)):
                totals[name][k] += v
    return {name: Rates(*v).as_json() for name, v in totals.items()}


def hash_of(org: str) -> int:
    import zlib

    return zlib.crc32(f"fold:{org}".encode())


def _split_counts(corpus, split) -> dict:
    counts: dict = {}
    orgs = corpus.organisations()
    for task in ("apology", "action"):
        for item in corpus.items(task):
            key = f"{task}/{split[item.org]}/{item.origin}/{item.label}"
            counts[key] = counts.get(key, 0) + 1
    for org in orgs.values():
        key = f"organisations/{split[org.id]}/{org.kind}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def _pct(r: dict, key: str, total: str, part: str) -> str:
    return f"{100 * r[key]:.0f}% ({r[part]} of {r[total]})"


def _table(figures: dict) -> str:
    lines = ["| check | measured on | checker | caught | false alarms |", "|---|---|---|---|---|"]
    for task, bad in (("apology", "non-apologies"), ("action", "vague actions")):
        for where, label in (("test", "test split"), ("test_real", "test split, real only"),
                             ("grouped_cv", f"{FOLDS}-fold grouped CV")):
            for name in ("rules", "model", "combined"):
                r = figures[task][where][name]
                lines.append(f"| {bad} | {label} | {name} | {_pct(r, 'recall', 'bad', 'caught')}"
                             f" | {_pct(r, 'false_alarms', 'good', 'flagged')} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
