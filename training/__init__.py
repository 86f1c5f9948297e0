"""``python -m training``: retrain and re-measure darksite's learned wording checks.

The corpus (``corpus/``) is read by :mod:`training.corpus`; :mod:`training.fit`
fits the two logistic-regression models with scikit-learn (the ``train``
extra, never a runtime dependency) and :mod:`training.__main__` writes the
weights the installed checks read (``generator/darksite/checks/data/``) and the
figures ``docs/checks.md`` reports (``training/figures.json``).
"""
