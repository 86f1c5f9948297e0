"""The breach-notice laws ``checks.jurisdictions`` may name, and the error for any other name.

Why configured: a site owes a breach notice under the laws of the people it
serves, not under every law darksite knows. ``mkdocs.yml`` lists them
(``checks: {jurisdictions: [gdpr, us-ca]}``); a ``category: data-breach``
incident is checked against each. A misspelt name would silently check
nothing, so it is an error located at its line in ``mkdocs.yml``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from darksite.diagnostics import Diagnostic, Severity
from darksite.settings import Settings

JURISDICTIONS: dict[str, str] = {
    "gdpr": "GDPR Art. 34",
    "us-ca": "California Civil Code 1798.82",
}
"""Name in ``mkdocs.yml`` -> the law as warnings name it (rule ``breach-notice-<name>``)."""

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
KEY = "jurisdictions"


def _located(settings: Settings, name: str) -> tuple[str, int, int]:
    """The config file, and the line and column of ``name`` after ``jurisdictions`` in it."""
    for config in CONFIG_NAMES:
        try:
            lines = (settings.root / config).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        start = next((n for n, line in enumerate(lines) if KEY in line), None)
        if start is None:
            return config, 1, 1
        for number in range(start, min(len(lines), start + 20)):  # a flow or block list
            after = lines[number].find(KEY) + len(KEY) if number == start else 0
            column = lines[number].find(name, after)
            if column >= 0:
                return config, number + 1, column + 1
        return config, start + 1, lines[start].find(KEY) + 1
    return CONFIG_NAMES[0], 1, 1


def unknown_jurisdictions(settings: Settings) -> Iterable[Diagnostic]:
    """An error per name in ``checks.jurisdictions`` that is no law darksite knows."""
    allowed = ", ".join(JURISDICTIONS)
    for name in settings.checks.jurisdictions:
        if name in JURISDICTIONS:
            continue
        file, line, column = _located(settings, name)
        close = difflib.get_close_matches(name.lower(), list(JURISDICTIONS), n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'? " if close else ""
        yield Diagnostic(
            file=file, line=line, column=column, severity=Severity.ERROR,
            code="unknown-jurisdiction", path=f"plugins.darksite.checks.{KEY}",
            message=f"'{name}' is not a jurisdiction darksite checks; expected one of: {allowed}",
            hint=f"{hint}write one of {allowed} under checks: jurisdictions:, or remove it",
        )
