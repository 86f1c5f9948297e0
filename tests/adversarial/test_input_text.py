"""Control characters, invisible characters and out-of-range instants: ``check`` refuses them.

Each is a located error from the loader itself (so ``check``, ``build`` and
``publish`` all see it): file, line, column of the character (of the escape
that wrote it, for a double-quoted value), the key path, and the character
named as U+XXXX. Tab and newline stay allowed, and Windows line ends still
load exactly as before.
"""

from __future__ import annotations

import pytest

from tests.adversarial.input_support import DRAFT, errors, load, messages


def with_title(title_line: str) -> str:
    return DRAFT.replace("title: Water supply interrupted\n", title_line + "\n")


@pytest.mark.parametrize(
    ("escape", "code_point", "column"),
    [
        ("\\e", "U+001B", 15),       # ANSI escape pasted from a terminal
        ("\\x01", "U+0001", 15),
        ("\\f", "U+000C", 15),       # form feed pasted from a PDF
        ("\\0", "U+0000", 15),
        ("\\uFFFE", "U+FFFE", 15),   # noncharacter
        ("\\uffff", "U+FFFF", 15),
        ("\\x7f", "U+007F", 15),     # DEL
        ("\\u009b", "U+009B", 15),   # C1 control sequence introducer
        ("\\N", "U+0085", 15),       # YAML's own escape for NEL
        ("\\v", "U+000B", 15),
        ("\\uFEFF", "U+FEFF", 15),   # a byte-order mark in the middle of the text
        ("\\u202E", "U+202E", 15),   # right-to-left override: reverses what readers see
        ("\\uFDD0", "U+FDD0", 15),       # noncharacter of the Arabic block's gap
    ],
)
def test_an_escaped_control_character_is_a_located_error(escape, code_point, column):
    text = with_title(f'title: "Water {escape}supply"')
    assert errors(text) == [("control-character", 2, column, "title")]
    assert f"holds {code_point} (" in messages(text)[0]
    assert f"(written as '{escape}')" in messages(text)[0]


def test_the_error_points_at_the_escape_on_a_later_line_of_a_quoted_value():
    text = DRAFT.replace("summary: A burst main", 'summary: "A burst\n  main \\x02cut"\n#')
    assert errors(text) == [("control-character", 5, 8, "summary")]


def test_a_control_character_in_a_key_of_internal_notes_is_refused_too():
    text = DRAFT + 'internal:\n  notes: "ok"\n  "bad\\x07key": x\n'
    assert errors(text) == [("control-character", 9, 7, "internal.bad\x07key")]


@pytest.mark.parametrize(
    ("raw", "code_point"),
    [("\x0c", "U+000C"), ("\x1b", "U+001B"), ("\x7f", "U+007F"), ("\x9b", "U+009B"),
     ("\ufeff", "U+FEFF"), ("\u202e", "U+202E"), ("\ufdd0", "U+FDD0")],
)
def test_a_raw_control_character_is_named_with_its_line_column_and_key(raw, code_point):
    text = with_title(f"title: Water{raw} supply")
    assert errors(text) == [("control-character", 2, 13, "title")]
    assert f"holds {code_point} (" in messages(text)[0]


def test_every_raw_control_character_is_listed_each_on_its_own_editor_line():
    # \x0b and \x0c are line breaks for str.splitlines, never for YAML or an editor.
    text = DRAFT.replace("Water", "Water\x0b").replace("|\n  We", "|\n  \x0cWe")
    assert errors(text) == [("control-character", 2, 13, "title"),
                            ("control-character", 6, 3, "statement")]


def test_tab_and_newline_are_allowed_in_values():
    text = DRAFT.replace("  We are repairing the main.\n",
                         "  We are\trepairing\n\n  the main.\n").replace(
        "title: Water supply interrupted", 'title: "Water\\tsupply interrupted"')
    incident, found = load(text)
    assert [d for d in found if d.is_error] == []
    assert incident is not None
    assert incident.statement == "We are\trepairing\n\nthe main."


def test_a_windows_line_end_inside_a_quoted_value_is_kept_as_before():
    incident, found = load(with_title('title: "Water\\r\\nsupply"'))
    assert [d for d in found if d.is_error] == []
    assert incident is not None and incident.title == "Water supply"  # plain: one line


def test_a_file_with_windows_line_ends_loads_as_before():
    incident, found = load(DRAFT.replace("\n", "\r\n"))
    assert incident is not None and incident.statement == "We are repairing the main."
    assert [d for d in found if d.is_error] == []


def test_windows_line_ends_keep_line_numbers_of_later_errors():
    text = DRAFT.replace("summary: A burst", "summary: yes\n#").replace("\n", "\r\n")
    assert errors(text) == [("yaml-boolean", 4, 10, "summary")]


ACTIVE_TIMES = """\
id: x1
title: Water supply interrupted
status: draft
summary: A burst main cut the water supply to homes in Eastfield.
statement: We are repairing the main.
started_at: {started}
"""


@pytest.mark.parametrize(
    "moment",
    ["0001-01-01T00:00:00+01:00",  # UTC: year 0
     "9999-12-31T23:59:59-01:00",  # UTC: year 10000
     "0001-01-01T00:59:59+01:00"],
)
def test_an_instant_outside_years_1_to_9999_is_a_located_error(moment):
    text = ACTIVE_TIMES.format(started=moment)
    assert errors(text) == [("timestamp-out-of-range", 6, 13, "started_at")]
    assert "outside the years 1 to 9999" in messages(text)[0]


def test_the_extreme_instants_inside_the_range_still_load():
    incident, found = load(ACTIVE_TIMES.format(started="0001-01-01T01:00:00+01:00"))
    assert incident is not None and [d for d in found if d.is_error] == []


def test_an_out_of_range_update_time_is_located_at_its_update():
    text = ACTIVE_TIMES.format(started="2026-11-20T08:00:00Z") + (
        "updates:\n  - at: 2026-11-20T09:00:00Z\n    text: First.\n"
        "  - at: 9999-12-31T23:30:00-02:00\n    text: Second.\n")
    assert errors(text) == [("timestamp-out-of-range", 10, 9, "updates[1].at")]


@pytest.mark.parametrize("pasted", ["Repairs \x1b[31mstarted", "Page\x0cbreak", "Bell\x07"])
def test_update_refuses_a_pasted_control_character_and_changes_nothing(tmp_path, capsys, pasted):
    from darksite.cli import main
    from tests.conftest import incident_yaml, make_project

    root = make_project(tmp_path / "p", {"x1.yaml": incident_yaml("x1")})
    before = (root / "incidents" / "x1.yaml").read_bytes()
    code = main(["update", "x1", pasted, "-f", str(root / "mkdocs.yml")])
    err = capsys.readouterr().err
    assert code == 1
    assert "update refused: incidents/x1.yaml would have 1 error(s); nothing was changed" in err
    assert "error[control-character] updates[2].text: the text holds U+00" in err
    assert (root / "incidents" / "x1.yaml").read_bytes() == before
