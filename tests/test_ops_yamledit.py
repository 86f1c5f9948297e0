"""Text-level YAML edits: the change lands, and nothing else in the file moves by a byte."""

from __future__ import annotations

import difflib

import pytest
import yaml

from darksite.ops.errors import IncidentEditError
from darksite.ops.scalars import double_quoted, inline, literal_block
from darksite.ops.yamledit import TIMESTAMP, Document, Field

TRICKY_TEXTS = [
    "plain words",
    'He said: "we are sorry" #1 priority',
    "it's 'quoted' and \"double\"",
    "  leading spaces matter",
    "trailing spaces   ",
    "line one\nline two\n\n- a Markdown list\n- **bold**",
    "ends with one newline\n",
    "ends with two newlines\n\n",
    "\n\nstarts with blank lines",
    "unicode: café, Zoë, 東京, emoji 🚒, £15",
    "key: value\n# not a comment\n---\n...",
    "tab\tinside and a backslash \\ here",
    "windows\r\nline end",
    "control \x07 bell and \x1b escape",
    "yes",
    "2026-11-25",
    "- starts like a list",
    "{looks: like a mapping}",
    "[1, 2]",
    "@at & *star ! bang % percent",
]


def only_insertions(old: str, new: str) -> list[str]:
    """The inserted lines, asserting that no line of ``old`` was changed or removed."""
    matcher = difflib.SequenceMatcher(None, old.splitlines(True), new.splitlines(True),
                                      autojunk=False)
    inserted = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        assert op == "insert", f"line(s) {i1 + 1}-{i2} of the original were {op}d"
        inserted.extend(new.splitlines(True)[j1:j2])
    return inserted


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_double_quoted_reads_back_as_the_same_string(text: str) -> None:
    assert yaml.safe_load(f"k: {double_quoted(text)}")["k"] == text


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_inline_scalar_reads_back_as_the_same_string(text: str) -> None:
    assert yaml.safe_load(f"k: {inline(text)}")["k"] == text


def test_inline_scalar_is_plain_only_when_unambiguous() -> None:
    assert inline("Dana Reyes") == "Dana Reyes"
    assert inline("yes") == '"yes"'
    assert inline("a: b") == '"a: b"'
    assert inline("x #y") == '"x #y"'


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_literal_block_reads_back_exactly_or_declines(text: str) -> None:
    block = literal_block(text, 6, 4)
    if block is None:
        return
    data = yaml.safe_load(f"items:\n  - at: 1\n    text: {block}\nnext: 1\n")
    assert data["items"][0]["text"] == text
    assert data["next"] == 1


def test_literal_block_declines_what_it_cannot_hold() -> None:
    assert literal_block("a\r\nb", 2, 0) is None
    assert literal_block("two blank lines at the end\n\n", 2, 0) is None
    assert literal_block("   ", 2, 0) is None


COMMENTED = """\
# Header comment: keep me.
id: demo   # trailing comment
title: 'Single-quoted title'
status: active

# Comment above summary.
summary: >-
  Folded summary
  over two lines.
contacts:
  - {label: Hotline, kind: phone, value: "+44 20 7946 0000"}   # flow mapping
updates:
    -   at: 2026-11-20T09:00:00+01:00
        text: "first"
    # a commented-out update stays where it is
next_update: 2026-11-20T18:00:00+01:00  # promise

internal:
  notes: keep
"""


def test_appending_to_a_list_inserts_lines_and_copies_its_layout() -> None:
    doc = Document(COMMENTED, "demo.yaml")
    new = doc.append_item("updates", [
        Field("at", "2026-11-21T09:00:00+01:00", "raw", TIMESTAMP),
        Field("text", "second: with # chars", "text"),
    ]).text
    inserted = only_insertions(COMMENTED, new)
    assert inserted == [
        "    -   at: 2026-11-21T09:00:00+01:00\n",
        "        text: |-\n",
        "          second: with # chars\n",
    ]
    assert new.index("second") < new.index("# a commented-out update")
    assert yaml.safe_load(new)["updates"][-1]["text"] == "second: with # chars"


def test_key_order_of_the_last_item_is_copied() -> None:
    text = "id: x\nupdates:\n  - text: a\n    at: 2026-01-01T00:00:00Z\n"
    new = Document(text, "x.yaml").append_item("updates", [
        Field("at", "2026-01-02T00:00:00Z", "raw", TIMESTAMP), Field("text", "b", "text"),
    ]).text
    assert new.endswith("  - text: |-\n      b\n    at: 2026-01-02T00:00:00Z\n")


@pytest.mark.parametrize("value", ["[]", "", "~", "[]  # none yet"])
def test_an_empty_list_becomes_a_block_list(value: str) -> None:
    text = f"id: x\nupdates: {value}\nnext_update: 2026-01-01T00:00:00Z\n"
    new = Document(text, "x.yaml").append_item("updates", [
        Field("at", "2026-01-02T00:00:00Z", "raw", TIMESTAMP), Field("text", "b", "text"),
    ]).text
    data = yaml.safe_load(new)
    assert data["updates"] == [{"at": data["updates"][0]["at"], "text": "b"}]
    assert ("# none yet" in new) == ("# none yet" in value)
    assert new.endswith("next_update: 2026-01-01T00:00:00Z\n")


def test_a_missing_list_is_created_after_the_key_before_it_in_format_order() -> None:
    text = "id: x\nactions:\n  - step: a\n\n# contacts below\ncontacts:\n  - label: b\n"
    new = Document(text, "x.yaml").append_item("updates", [
        Field("at", "2026-01-02T00:00:00Z", "raw", TIMESTAMP), Field("text", "b", "text"),
    ]).text
    assert only_insertions(text, new)[0] == "updates:\n"
    assert new.index("updates:") < new.index("# contacts below")


def test_a_flow_list_gets_a_flow_item() -> None:
    text = "id: x\nupdates: [{at: 2026-01-01T00:00:00Z, text: a}]  # keep\n"
    new = Document(text, "x.yaml").append_item("updates", [
        Field("at", "2026-01-02T00:00:00Z", "raw", TIMESTAMP),
        Field("text", 'quote " and: colon', "text"),
    ]).text
    assert new.endswith("]  # keep\n")
    assert yaml.safe_load(new)["updates"][1]["text"] == 'quote " and: colon'


def test_setting_a_scalar_replaces_only_its_value() -> None:
    doc = Document(COMMENTED, "demo.yaml")
    new = doc.set_scalar(Field("next_update", "2026-11-21T11:00:00+01:00", "raw", TIMESTAMP))
    assert new.text == COMMENTED.replace("2026-11-20T18:00:00+01:00",
                                         "2026-11-21T11:00:00+01:00")


def test_setting_a_missing_scalar_inserts_it_in_format_order() -> None:
    doc = Document(COMMENTED, "demo.yaml")
    new = doc.set_scalar(Field("started_at", "2026-11-20T08:00:00+01:00", "raw", TIMESTAMP))
    assert only_insertions(COMMENTED, new.text) == ["started_at: 2026-11-20T08:00:00+01:00\n"]
    assert new.text.index("started_at") < new.text.index("# Comment above summary.")


def test_removing_a_key_keeps_the_comments_around_it() -> None:
    new = Document(COMMENTED, "demo.yaml").remove("next_update").text
    assert new == COMMENTED.replace("next_update: 2026-11-20T18:00:00+01:00  # promise\n", "")


def test_set_mapping_replaces_an_existing_one_in_place() -> None:
    text = "id: x\napproval: {by: Old}\ninternal:\n  notes: n\n"
    new = Document(text, "x.yaml").set_mapping("approval", [
        Field("by", "Dana: Reyes"), Field("at", "2026-01-02T00:00:00Z", "raw", TIMESTAMP),
    ]).text
    assert new == ('id: x\napproval:\n  by: "Dana: Reyes"\n  at: 2026-01-02T00:00:00Z\n'
                   "internal:\n  notes: n\n")


def test_a_file_without_final_newline_is_extended_cleanly() -> None:
    new = Document("id: x\nstatus: draft", "x.yaml").set_mapping(
        "approval", [Field("by", "A")]).text
    assert new == "id: x\nstatus: draft\napproval:\n  by: A\n"


def test_broken_yaml_is_refused_with_its_line() -> None:
    with pytest.raises(IncidentEditError, match=r"x\.yaml:\d+:\d+: the file is not valid YAML"):
        Document("id: x\ntitle: ok\nstatus: [unclosed\n", "x.yaml")


def test_a_file_that_is_a_list_is_refused() -> None:
    with pytest.raises(IncidentEditError, match="one mapping"):
        Document("- a\n- b\n", "x.yaml")


def test_a_list_key_holding_a_scalar_is_refused() -> None:
    with pytest.raises(IncidentEditError, match="must be a list"):
        Document("id: x\nupdates: oops\n", "x.yaml").append_item(
            "updates", [Field("text", "t", "text")])


def test_an_indentless_list_gets_an_indentless_item() -> None:
    text = "id: x\nupdates:\n- at: 2026-01-01T00:00:00Z\n  text: a\nz: 1\n"
    new = Document(text, "x.yaml").append_item("updates", [
        Field("at", "2026-01-02T00:00:00Z", "raw", TIMESTAMP), Field("text", "b", "text"),
    ]).text
    assert only_insertions(text, new) == ["- at: 2026-01-02T00:00:00Z\n", "  text: |-\n",
                                          "    b\n"]


def test_a_keep_chomped_last_text_keeps_its_trailing_blank_lines() -> None:
    text = "id: x\nupdates:\n  - at: 2026-01-01T00:00:00Z\n    text: |+\n      a\n\n\nz: 1\n"
    new = Document(text, "x.yaml").append_item("updates", [
        Field("at", "2026-01-02T00:00:00Z", "raw", TIMESTAMP), Field("text", "b", "text"),
    ]).text
    data = yaml.safe_load(new)
    assert data["updates"][0]["text"] == "a\n\n\n"
    assert data["updates"][1]["text"] == "b"
    only_insertions(text, new)
