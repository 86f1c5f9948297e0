"""Languages: sidecar files validated like incidents, parity and staleness, strict and pending."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from darksite import loader
from darksite.cli import main
from darksite.i18n.agreement import disagreement
from darksite.i18n.report import sms_segments, translation_diagnostics
from darksite.i18n.sidecar import load_translations
from darksite.mkdocs.project import open_project
from tests.conftest import incident_yaml, make_project

LANGS = {"languages": {"default": "en-GB", "others": ["cy", "ar"]}}

CY = textwrap.dedent("""\
    lang: cy
    title: "Cyflenwad dŵr wedi'i dorri yn Eastfield"
    summary: >-
      Torrodd prif bibell gan dorri'r cyflenwad dŵr i 2,300 o gartrefi yn
      Eastfield. Mae dŵr potel ar gael yn y ganolfan gymunedol.
    actions:
      - step: Agoron ni orsaf ddŵr potel.
      - step: Rydyn ni'n trwsio'r brif bibell.
    updates:
      - text: Rydyn ni ar y safle.
    """)


def _project(tmp_path: Path, sidecars: dict[str, str], **options) -> Path:
    files = {"water-outage.yaml": incident_yaml("water-outage"), **sidecars}
    return make_project(tmp_path, files, plugin_options={**LANGS, **options})


def _diagnostics(root: Path):
    settings = open_project(root / "mkdocs.yml").settings
    loaded = loader.load_incidents(settings.incidents_dir, root=root)
    return loaded, translation_diagnostics(loaded.incidents, settings,
                                           loaded.incidents[0].updates[-1].at)


def test_loader_never_takes_a_sidecar_for_an_incident(tmp_path: Path) -> None:
    root = _project(tmp_path, {"water-outage.cy.yaml": CY})
    loaded, _ = _diagnostics(root)
    assert [i.id for i in loaded.incidents] == ["water-outage"]
    assert not [d for d in loaded.diagnostics if d.is_error]


def test_a_shorter_list_is_an_error_naming_the_missing_item(tmp_path: Path) -> None:
    root = _project(tmp_path, {"water-outage.cy.yaml": CY})
    _, found = _diagnostics(root)
    lengths = [d for d in found if d.code == "translation-list-short"]
    assert len(lengths) == 1
    shown = lengths[0].format_text()
    assert shown.startswith("incidents/water-outage.cy.yaml:9:1: error[translation-list-short]")
    assert "updates[1] (the update of 2026-11-21T09:30:00+01:00)" in shown


def test_unknown_key_in_a_sidecar_is_located_with_a_suggestion(tmp_path: Path) -> None:
    root = _project(tmp_path, {"water-outage.cy.yaml": CY + "sumary: x\n"})
    _, found = _diagnostics(root)
    unknown = [d for d in found if d.code == "unknown-key"]
    assert unknown and unknown[0].file == "incidents/water-outage.cy.yaml"
    assert unknown[0].line == 11 and "did you mean 'summary'" in unknown[0].format_text()


def test_a_number_that_differs_from_the_source_is_an_error(tmp_path: Path) -> None:
    wrong = CY.replace("2,300", "3,300")
    root = _project(tmp_path, {"water-outage.cy.yaml": wrong})
    _, found = _diagnostics(root)
    numbers = [d for d in found if d.code == "translation-numbers"]
    assert len(numbers) == 1 and numbers[0].is_error and numbers[0].path == "summary"
    assert "this says 3300 where the source says 2300" in numbers[0].message
    assert disagreement("1,240 homes", "2,240 o gartrefi") == ({"1240"}, {"2240"})
    assert disagreement("48,213 at 09:52", "٤٨٬٢١٣ الساعة ٠٩:٥٢") == (set(), set())


def test_parity_reports_missing_languages_and_how_long_pending(tmp_path: Path) -> None:
    root = _project(tmp_path, {"water-outage.cy.yaml": CY})
    _, found = _diagnostics(root)
    pending = {d.message.split(":")[0]: d for d in found if d.code == "translation-pending"}
    assert set(pending) == {"cy", "ar"}
    assert pending["ar"].file == "incidents/water-outage.yaml"
    assert "pending for" in pending["cy"].message
    assert "'translation to follow' note" in pending["cy"].message


def test_sms_in_arabic_costs_ucs2_segments() -> None:
    assert sms_segments("Water is back on in Eastfield.") == ("GSM-7", 1)
    assert sms_segments("عاد الماء إلى إيستفيلد.") == ("UCS-2", 1)
    assert sms_segments("ع" * 71) == ("UCS-2", 2)


def test_done_confirms_and_a_source_change_makes_it_stale(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    full = CY.replace("  - text: Rydyn ni ar y safle.\n",
                      "  - text: Rydyn ni ar y safle.\n"
                      "  - text: Mae'r byrstio o dan Mill Road.\n")
    root = _project(tmp_path, {"water-outage.cy.yaml": full},
                    languages={"others": ["cy"]})
    config = str(root / "mkdocs.yml")
    assert main(["translations", "water-outage", "-f", config]) == 1
    assert "not confirmed against" not in capsys.readouterr().out
    assert main(["translations", "water-outage", "-f", config, "--done", "cy"]) == 0
    out = capsys.readouterr().out
    assert "confirmed 6 cy text(s)" in out and "missing      statement" in out
    sidecar = root / "incidents/water-outage.cy.yaml"
    assert "translated:" in sidecar.read_text() and CY.splitlines()[1] in sidecar.read_text()
    source = root / "incidents/water-outage.yaml"
    source.write_text(source.read_text().replace("MARK-TITLE water", "MARK-TITLE Water"))
    main(["translations", "water-outage", "-f", config])
    assert "stale        title" in capsys.readouterr().out


def test_update_takes_several_languages_at_once(tmp_path: Path,
                                                capsys: pytest.CaptureFixture) -> None:
    root = _project(tmp_path, {})
    config = str(root / "mkdocs.yml")
    assert main(["update", "water-outage", "-f", config, "Water is back on.",
                 "--translation", "cy", "Mae'r dŵr yn ôl.",
                 "--translation", "ar", "عادت المياه."]) == 0
    settings = open_project(config).settings
    incident = loader.load_incidents(settings.incidents_dir, root=root).incidents[0]
    loaded = load_translations(settings.incidents_dir, incident, ["cy", "ar"], root)
    arabic = loaded["ar"].translation
    assert arabic is not None and len(arabic.updates) == 3
    assert arabic.updates[2].text.strip() == "عادت المياه."
    assert arabic.updates[0].text is None  # earlier ones padded, shown as missing
    assert "updates[2].text" in arabic.translated
    assert main(["update", "water-outage", "-f", config, "More.",
                 "--translation", "fr", "Encore."]) == 1
    assert "fr: not a declared language" in capsys.readouterr().err
    assert "More." not in (root / "incidents/water-outage.yaml").read_text()


def test_strict_holds_only_the_incomplete_incident_and_pending_does_not(tmp_path: Path) -> None:
    from darksite.i18n.report import hold_reason

    root = _project(tmp_path / "strict", {"water-outage.cy.yaml": CY},
                    languages={"others": ["cy"]}, translation_policy="strict")
    settings = open_project(root / "mkdocs.yml").settings
    incident = loader.load_incidents(settings.incidents_dir, root=root).incidents[0]
    reason = hold_reason(incident, settings)
    assert reason is not None and reason.startswith("translation_policy strict")
    assert "cy: " in reason and "darksite translations water-outage" in reason
    pending = _project(tmp_path / "pending", {"water-outage.cy.yaml": CY},
                       languages={"others": ["cy"]})
    settings = open_project(pending / "mkdocs.yml").settings
    assert hold_reason(incident, settings) is None
