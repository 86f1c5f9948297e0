"""YAML features and encodings an attacker (or a bad paste) would try: each a located error.

Nothing in an incident file is ever constructed from a tag, so no tag runs
code; aliases are measured before anything expands them; encodings other than
UTF-8 without BOM are named.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adversarial.input_support import DRAFT, errors, load, messages

BOMB = DRAFT + "internal:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  {name}: &{name} [{', '.join([f'*{prev}'] * 10)}]\n"
    for prev, name in zip("abcd", "bcde", strict=True))

CASES = {
    "merge key at the top": ("base: &b {title: X}\n" + DRAFT + "<<: *b\n",
                             [("unknown-key", 1, 1, "base"), ("merge-key", 8, 1, "")]),
    "merge key in a mapping": (DRAFT + "apology:\n  <<: {text: Sorry}\n  text: Sorry.\n",
                               [("merge-key", 8, 3, "apology"),
                                ("missing-key", 8, 3, "apology.by")]),
    "billion laughs": (BOMB, [("too-many-values", 1, 1, "")]),
    "recursive alias": (DRAFT + "internal:\n  loop: &l [*l]\n", [("recursive-alias", 8, 9, "")]),
    "python object tag": (DRAFT + 'internal:\n  x: !!python/object/apply:os.system ["touch '
                          'PWNED"]\n', [("unsafe-tag", 8, 6, "internal.x")]),
    "binary tag": (DRAFT.replace("title: Water supply interrupted", "title: !!binary aGk="),
                   [("unsafe-tag", 2, 8, "title")]),
    "include tag": (DRAFT + "faq: !include other.yaml\n", [("unsafe-tag", 7, 6, "faq")]),
    "set tag": (DRAFT + "affected: !!set {a, b}\n", [("unsafe-tag", 7, 11, "affected")]),
    "two documents": (DRAFT + "---\n" + DRAFT, [("multiple-documents", 7, 1, "")]),
    "empty file": ("", [("empty-file", 1, 1, "")]),
    "only comments": ("# id: x1\n", [("empty-file", 1, 1, "")]),
    "a list, not a mapping": ("- id: x1\n", [("not-a-mapping", 1, 1, "")]),
    "null key": (DRAFT + "~: x\n", [("invalid-key", 7, 1, "")]),
    "complex key": (DRAFT + "? [a, b]\n: c\n", [("invalid-key", 7, 3, "")]),
    "YAML 1.1 boolean": (DRAFT.replace("title: Water supply interrupted", "title: no"),
                         [("yaml-boolean", 2, 8, "title")]),
    "hex number id": (DRAFT.replace("id: x1", "id: 0x1"), [("yaml-number", 1, 5, "id")]),
    "title over its limit": (DRAFT.replace("Water supply interrupted", "W" * 121),
                             [("too-long", 2, 8, "title")]),
    "tab indentation": (DRAFT.replace("  We are", "\tWe are"), [("tab-indent", 6, 1, "statement")]),
    "unclosed quote": (DRAFT.replace("title: Water supply interrupted", 'title: "Water supply'),
                       [("unclosed-quote", 2, 8, "title")]),
    "duplicate key": (DRAFT + "title: Other\n", [("duplicate-key", 7, 1, "title")]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_yaml_trick_is_a_located_error(case):
    text, expected = CASES[case]
    assert errors(text) == expected


def test_no_tag_is_ever_executed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert errors(CASES["python object tag"][0])
    assert not Path(tmp_path / "PWNED").exists()


def test_nesting_deeper_than_forty_levels_is_refused_at_the_deep_value():
    text = DRAFT + "internal:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(45))
    found = errors(text + "  " * 46 + "v: 1\n")
    assert [(code, line) for code, line, _, _ in found] == [("too-deep", 48)]


def test_an_alias_to_an_anchor_in_internal_notes_reads_as_its_text():
    text = "internal:\n  t: &t Water supply off\n" + DRAFT.replace(
        "title: Water supply interrupted", "title: *t")
    incident, found = load(text)
    assert incident is not None and incident.title == "Water supply off"
    assert [d for d in found if d.is_error] == []


@pytest.mark.parametrize(
    ("data", "expected", "says"),
    [(b"\xef\xbb\xbf" + DRAFT.encode(), [("byte-order-mark", 1, 1, "")], "byte-order mark"),
     (DRAFT.encode("utf-16"), [("not-utf8", 1, 1, "")], "UTF-16"),
     (DRAFT.encode().replace(b"Water", b"W\xe4ter"), [("not-utf8", 2, 9, "title")],
      "byte 0xe4 is not valid UTF-8"),
     (DRAFT.encode().replace(b"Water", b"W\x00ter"), [("not-utf8", 2, 1, "")], "NUL bytes"),
     (b"x" * (2 * 1024 * 1024 + 1), [("file-too-large", 1, 1, "")], "2,097,153 bytes")],
)
def test_an_encoding_trick_is_named(data, expected, says):
    assert errors(data) == expected
    assert says in messages(data)[0]


def test_a_very_long_line_in_a_statement_loads_whole():
    line = "All homes are affected. " * 40_000  # about 960 KB on one line
    incident, found = load(DRAFT.replace("  We are repairing the main.", "  " + line.strip()))
    assert [d for d in found if d.is_error] == []
    assert incident is not None and len(incident.statement) == len(line.strip())
