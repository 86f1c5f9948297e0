"""Line numbers match what an editor shows, whatever invisible separator was pasted.

YAML 1.1 counts U+0085, U+2028 and U+2029 as line breaks, Python's
``splitlines`` also ``\\v``, ``\\f`` and U+001C-U+001E; no editor does. Each
case puts such a character early in the file and asserts the exact line,
column and key path of a later error.
"""

from __future__ import annotations

import pytest

from tests.adversarial.input_support import DRAFT, errors, messages

LATER_ERROR = DRAFT.replace("summary: A burst main cut the water supply to homes in Eastfield.",
                            "summary: yes")
"""A yaml-boolean error at line 4, column 10 (``summary``)."""


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_separator_in_a_quoted_value_does_not_shift_later_errors(separator):
    text = LATER_ERROR.replace("title: Water supply interrupted",
                               f'title: "Water{separator}supply interrupted"')
    assert errors(text) == [("yaml-boolean", 4, 10, "summary")]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_separator_in_a_comment_ends_it_for_yaml_and_the_error_says_so(separator):
    # YAML ends the comment at the separator, so "see below" runs into "id:" on line 2.
    text = "# pasted from chat:" + separator + "see below\n" + LATER_ERROR
    assert errors(text) == [("yaml-syntax", 2, 3, "id")]
    assert (f"line 1 holds an invisible line separator (U+{ord(separator):04X}) that YAML "
            "reads as a line break: delete it") in messages(text)[0]


def test_several_separators_on_several_lines_do_not_add_up():
    text = ('top: "a\u2028b\u2029c\x85d"\n' + LATER_ERROR.replace(
        "title: Water supply interrupted", 'title: "W\u2028a\u2028t\u2028er"'))
    assert errors(text) == [("unknown-key", 1, 1, "top"), ("yaml-boolean", 5, 10, "summary")]


def test_a_separator_in_a_plain_value_splits_it_where_the_editor_shows_it():
    # YAML reads "supply: off" as a new key; the error is where that text stands on line 2.
    text = DRAFT.replace("title: Water supply interrupted", "title: Water\u2028supply: off")
    assert errors(text) == [("unknown-key", 2, 14, "supply")]


def test_the_column_after_a_separator_on_the_same_line_counts_from_the_line_start():
    text = DRAFT.replace("title: Water supply interrupted", 'title: "Wa\u2028ter", extra: 1')
    assert errors(text)[0][:3] == ("yaml-syntax", 2, 16)


def test_a_syntax_error_after_a_separator_is_on_its_editor_line():
    text = DRAFT.replace("title: Water supply interrupted", 'title: "Water\u2029supply"').replace(
        "summary: A burst main cut the water supply to homes in Eastfield.", "summary: [open")
    found = errors(text)
    assert [(code, line, path) for code, line, _, path in found] == [("yaml-syntax", 4, "summary")]


def test_a_duplicate_key_hint_names_the_editor_line_of_the_first():
    text = 'top: "x\u2028y"\n' + DRAFT + "title: Again\n"
    assert errors(text) == [("unknown-key", 1, 1, "top"), ("duplicate-key", 8, 1, "title")]
    assert "the first is at line 3" in messages(text)[1]


def test_an_undecodable_byte_after_an_old_mac_line_end_is_on_its_line():
    data = DRAFT.encode().replace(b"\n", b"\r").replace(b"Water", b"W\xe9ter")
    assert errors(data) == [("not-utf8", 2, 9, "title")]
