"""Breach notices by ``category: data-breach`` and the configured ``checks.jurisdictions``."""

from __future__ import annotations

from pathlib import Path

import pytest

from darksite.cli import main
from darksite.loader import load_incident_text
from tests.conftest import incident_yaml, make_project
from tests.test_checks_support import NOW, check, codes, incident_data, to_yaml

COMPLETE = (
    "On 3 November we found that a file could be downloaded from the internet. It held the "
    "names, email addresses and phone numbers of 4,100 customers.\n\n"
    "Someone holding this file could pose as us in phishing emails.\n\n"
    "We do not yet know whether anyone downloaded it.\n"
)
"""A complete notice for both laws, in words the fallback does not read as a breach."""
SPARSE = "A file could be downloaded from the internet. We do not yet know who saw it.\n"
"""Neither law's contents, and no breach words: only the category makes it a breach notice."""

LAWS = {"gdpr": ("breach-notice-gdpr", "GDPR Art. 34", "the likely consequences"),
        "us-ca": ("breach-notice-us-ca", "1798.82", "what information was involved")}


def breach(statement: str, **changes):
    return incident_data(statement=statement, category="data-breach", **changes)


@pytest.mark.parametrize("jurisdiction", sorted(LAWS))
def test_a_data_breach_is_checked_for_each_configured_jurisdiction_only(jurisdiction):
    code, law, element = LAWS[jurisdiction]
    found = check(breach(SPARSE, advice=None), jurisdictions=(jurisdiction,))
    [notice] = [d for d in found if d.code.startswith("breach-notice-")]
    assert notice.code == code
    assert law in notice.message and element in notice.message
    assert notice.file == "incidents/water-outage.yaml" and notice.line > 1


@pytest.mark.parametrize("jurisdiction", sorted(LAWS))
def test_a_complete_data_breach_notice_passes_each_jurisdiction(jurisdiction):
    found = codes(check(breach(COMPLETE), jurisdictions=(jurisdiction,)))
    assert not [c for c in found if c.startswith("breach-notice-")]


def test_the_category_is_what_makes_these_words_a_breach():
    assert not [c for c in codes(check(incident_data(statement=SPARSE, advice=None)))
                if c.startswith("breach-notice-")]


def test_another_category_overrides_breach_words():
    words = "On 3 November we found that customer records could be downloaded.\n"
    assert "breach-notice-gdpr" in codes(check(incident_data(statement=words, advice=None)))
    found = codes(check(incident_data(statement=words, advice=None, category="outage")))
    assert "breach-notice-gdpr" not in found and "breach-notice-us-ca" not in found


def test_no_jurisdiction_configured_runs_no_breach_check():
    found = codes(check(breach(SPARSE, advice=None), jurisdictions=()))
    assert not [c for c in found if c.startswith("breach-notice-")]


def test_an_unknown_category_is_a_located_error_naming_the_allowed_values():
    text = to_yaml(breach(COMPLETE) | {"category": "data-leak"})
    incident, diagnostics = load_incident_text(
        text.encode(), file="incidents/water-outage.yaml", now=NOW)
    assert incident is None
    [error] = [d for d in diagnostics if d.is_error]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("category:"))
    assert (error.code, error.path, error.line) == ("invalid-value", "category", line)
    assert "data-breach" in error.message and "outage" in error.message
    assert "did you mean 'data-breach'?" in (error.hint or "")


def test_an_unknown_jurisdiction_is_an_error_at_its_line_in_mkdocs_yml(tmp_path: Path, capsys):
    root = make_project(tmp_path / "project", {"water-2026.yaml": incident_yaml("water-2026")},
                        plugin_options={"checks": {"jurisdictions": ["gdpr", "us-cal"]}})
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    line = next(n for n, text in enumerate(
        (root / "mkdocs.yml").read_text().splitlines(), start=1) if "us-cal" in text)
    [shown] = [row for row in out.splitlines() if "unknown-jurisdiction" in row]
    assert shown.startswith(f"mkdocs.yml:{line}:")
    assert "'us-cal'" in shown and "gdpr, us-ca" in shown
    assert "Traceback" not in out


def test_the_default_jurisdictions_are_valid(tmp_path: Path, capsys):
    root = make_project(tmp_path / "project", {"water-2026.yaml": incident_yaml("water-2026")})
    main(["check", "-f", str(root / "mkdocs.yml")])
    assert "unknown-jurisdiction" not in capsys.readouterr().out
