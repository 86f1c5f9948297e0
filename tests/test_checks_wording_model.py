"""The learned wording checks: the corpus, its split, the shipped weights and their figures.

``python -m training`` writes the weights and ``training/figures.json``; these
tests read both back with the plain-Python scorer that ships, so a figure in
``docs/checks.md`` cannot drift from what ``darksite check`` does. They need
neither scikit-learn nor numpy (the ``train`` extra).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from training import corpus

from darksite.checks import actions, apology, wording_model
from darksite.cli import main
from tests.conftest import make_project
from tests.test_checks_support import check, codes, incident_data, with_apology, with_step

REPO = Path(__file__).resolve().parent.parent
FIGURES = json.loads((REPO / "training" / "figures.json").read_text(encoding="utf-8"))
SPLIT = corpus.splits()
TASKS = ("apology", "action")


def test_corpus_is_large_and_every_real_item_has_a_source():
    orgs = corpus.organisations()
    for task in TASKS:
        items = corpus.items(task)
        assert len(items) >= 600, task
        assert {i.label for i in items} == {corpus.BAD_LABELS[task], corpus.GOOD_LABELS[task]}
    sourced = [o for o in orgs.values() if o.kind != "legacy"]
    assert len(sourced) >= 150
    for org in sourced:
        if org.kind == "real":
            assert org.source.startswith(("http://", "https://")), org.id
        else:
            assert org.kind == "constructed" and "(constructed)" in org.name, org.id
    assert len({o.name.lower() for o in orgs.values()}) == len(orgs), "one organisation, two ids"


def test_no_organisation_is_in_two_splits():
    for task in TASKS:
        seen: dict[str, set[str]] = defaultdict(set)
        for item in corpus.items(task):
            seen[item.org].add(SPLIT[item.org])
        assert all(len(splits) == 1 for splits in seen.values()), task
    by_split: dict[str, set[str]] = defaultdict(set)
    for org, split in SPLIT.items():
        by_split[split].add(org)
    assert not (by_split["train"] & by_split["dev"] or by_split["train"] & by_split["test"]
                or by_split["dev"] & by_split["test"])


def test_legacy_sentences_only_train_and_test_holds_both_labels():
    orgs = corpus.organisations()
    assert all(SPLIT[o.id] == "train" for o in orgs.values() if o.kind == "legacy")
    for task in TASKS:
        test = [i for i in corpus.items(task) if SPLIT[i.org] == "test"]
        assert any(i.bad for i in test) and any(not i.bad for i in test)
        assert any(i.origin == "real" for i in test)


def _rates(items, flagged) -> dict[str, int]:
    bad = [i for i in items if i.bad]
    good = [i for i in items if not i.bad]
    return {"bad": len(bad), "caught": sum(map(flagged, bad)),
            "good": len(good), "flagged": sum(map(flagged, good))}


def _shipped_flag(name: str, task: str):
    """The checker ``name`` with the shipped weights, as the figures define it."""
    thresholds = wording_model.load()[task].thresholds
    alone = FIGURES[task]["model_alone_threshold"]

    def flag(item) -> bool:
        p = wording_model.score(task, item.text)
        if name == "model":
            return p >= alone
        if task == "apology":
            issues = apology.analyse(item.text)
            if name == "rules":
                return bool(issues)
            return apology.combine(issues, p, veto=thresholds["veto"]) == "rules"
        reason = actions.vagueness(item.text)
        if name == "rules":
            return reason is not None
        return actions.combine(reason, p, when_rules_vague=thresholds["when_rules_vague"],
                               when_rules_concrete=thresholds["when_rules_concrete"])
    return flag


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("where", ["test", "test_real"])
@pytest.mark.parametrize("name", ["rules", "model", "combined"])
def test_shipped_weights_reproduce_the_reported_figures(task, where, name):
    items = [i for i in corpus.items(task) if SPLIT[i.org] == "test"
             and (where == "test" or i.origin == "real")]
    reported = FIGURES[task][where][name]
    got = _rates(items, _shipped_flag(name, task))
    assert got == {k: reported[k] for k in got}


def test_thresholds_in_the_weights_are_the_reported_ones():
    for task in TASKS:
        assert wording_model.load()[task].thresholds == FIGURES[task]["thresholds"]


def test_runtime_sum_equals_the_training_features():
    """The scorer's cached per-word sums must equal the sum over :func:`features`."""
    model = wording_model.load()["action"]
    for text in ("We will continue to work with the National Cyber Security Centre.",
                 "Our 300-strong team is working harder than ever. Then Kroll, on 2,300.",
                 "", "{{ owner }} will call every household by {{ date }}."):
        feats = wording_model.features(text, "action")
        expected = (model.bias + sum(model.weights.get(b, 0.0) for b, _ in feats)
                    / math.sqrt(len(feats))) if feats else model.bias
        assert model.margin(text) == pytest.approx(expected, abs=1e-9)


def test_sample_incidents_draw_no_wording_warning(tmp_path, monkeypatch, capsys):
    files = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "incidents").glob("*.yaml")}
    root = make_project(tmp_path / "project", files)
    monkeypatch.chdir(root)
    main(["check", "--format", "json"])
    diagnostics = json.loads(capsys.readouterr().out)["diagnostics"]
    wording = [d for d in diagnostics if d["path"].startswith(("apology", "actions"))
               and d["severity"] == "warning"]
    assert len(files) >= 5 and wording == []


@pytest.mark.parametrize("text", [
    "This never should have happened, and I am deeply sorry that it did.",
    "Calling this an inconvenience would be wrong: 4,000 homes had no safe water for three "
    "days, and we are sorry.",
    "We are sorry. This was not a minor glitch: we deleted 300 customers' accounts.",
])
def test_sincere_apologies_the_issue_names_draw_no_warning(text):
    found = [c for c in codes(check(with_apology(text))) if c != "missing-apology"]
    assert not [c for c in found if c in apology.MESSAGES], found


@pytest.mark.parametrize(("step", "subject"), [
    ("We will continue to work with the National Cyber Security Centre.", "We"),
    ("Our 300-strong team is working harder than ever.", "Our 300-strong team"),
    ("Work is already underway.", "We"),
])
def test_vague_steps_with_names_or_numbers_are_caught_and_explained(step, subject):
    [diagnostic] = [d for d in check(with_step(step)) if d.code == "vague-action"]
    assert "learned check" in diagnostic.message and '"' in diagnostic.message
    assert f'"{subject} will <do what, to what> by <date>."' in diagnostic.hint


def test_a_concrete_step_stays_quiet():
    step = "We replaced the pump at Mill Road, and water is back in all 2,300 homes."
    assert codes(check(incident_data(actions=[{"step": step, "owner": "Repairs",
                                               "due": "2026-11-21"}]))) == []


def test_conditional_apology_is_never_vetoed():
    text = "We never intended to cause offence and we are sorry if we did."
    assert "conditional-apology" in codes(check(with_apology(text)))


def test_scorer_imports_no_numerical_library_and_weights_stay_small():
    weights = REPO / "generator" / "darksite" / "checks" / "data" / "wording_model.json"
    assert weights.stat().st_size < 300 * 1024
    probe = ("import sys; from darksite.checks import wording_model as w; "
             "w.score('action', 'We are looking into it.'); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('numpy', 'scipy', 'sklearn')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"
