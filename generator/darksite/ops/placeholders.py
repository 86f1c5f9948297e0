"""Filling a scenario's ``{{ name }}`` placeholders with values, safely escaped.

A value typed at 3 a.m. may hold anything: ``Acme: "the" #1 supplier``, a
quote, a second line. Pasted as-is into a YAML file it could end a quoted
string early, start a comment, or turn a plain scalar into a mapping. So each
scalar that holds placeholders is rewritten in its own style where the value
fits it (escaped for double quotes, quotes doubled for single quotes, lines
re-indented in a literal block), and otherwise as a whole in a style that can
hold it. Every replacement is proved by re-reading the file
(:meth:`Document.proved`): the scalar must read back as the filled text and
every other value must be unchanged.

Placeholders are only looked for in values (as the loader does); comments
are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import yaml

from darksite.model import PLACEHOLDER_PATTERN
from darksite.ops.errors import PlaceholderUse, UnknownPlaceholderError
from darksite.ops.scalars import double_quoted, inline, literal_block
from darksite.ops.yamledit import STR, Document, Shape, scalar_shape, shape

_WHOLE_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
"""An unquoted ``{{ name }}`` that YAML reads as a nested flow mapping, not as text."""


def _walk(node: yaml.Node, key_column: int = 0) -> Iterator[tuple[yaml.Node, int]]:
    """Every node with the column of the key that owns it (for block indentation)."""
    yield node, key_column
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, key_column)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _walk(key, key_column)
            yield from _walk(value, key.start_mark.column)


def _flow_placeholder(doc: Document, node: yaml.Node) -> str | None:
    """The name in an unquoted ``{{ name }}`` value, which YAML reads as a flow mapping."""
    if not (isinstance(node, yaml.MappingNode) and node.flow_style):
        return None
    match = _WHOLE_PLACEHOLDER.fullmatch(doc.text[node.start_mark.index:node.end_mark.index])
    return match.group(1) if match else None


def _targets(doc: Document) -> Iterator[tuple[yaml.Node, int]]:
    skip: set[int] = set()
    for node, key_column in _walk(doc.root):
        if id(node) in skip:
            continue
        if _flow_placeholder(doc, node) is not None:
            skip.update(id(child) for pair in node.value for child in pair)
            yield node, key_column
        elif isinstance(node, yaml.ScalarNode) and PLACEHOLDER_PATTERN.search(str(node.value)):
            yield node, key_column


def placeholder_uses(doc: Document) -> list[PlaceholderUse]:
    """Every placeholder left in the file's values, with line and column."""
    uses = []
    for node, _ in _targets(doc):
        start, end = node.start_mark.index, doc.content_end(node)
        found = list(PLACEHOLDER_PATTERN.finditer(doc.text, start, end))
        if not found:  # split across a line fold: report the scalar's start
            for match in PLACEHOLDER_PATTERN.finditer(str(node.value)):
                uses.append(PlaceholderUse(match.group(1), doc.file, doc.line_of(start),
                                           doc.column_of(start) + 1))
            continue
        for match in found:
            index = match.start()
            uses.append(PlaceholderUse(match.group(1), doc.file, doc.line_of(index),
                                       doc.column_of(index) + 1))
    return uses


def placeholder_names(doc: Document) -> set[str]:
    return {use.name for use in placeholder_uses(doc)}


def _block_indent(doc: Document, node: yaml.ScalarNode) -> int:
    """Content column of a block scalar: the indentation of its first non-empty line."""
    body = doc.text[doc.line_end(node.start_mark.index):doc.content_end(node)]
    for line in body.split("\n"):
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return node.start_mark.column + 2


def _escape_for(style: str | None, value: str, indent: int) -> str:
    if style == '"':
        return double_quoted(value)[1:-1]
    if style == "'":
        return value.replace("'", "''")
    if style == "|":
        return "\n".join(
            line if number == 0 or not line else " " * indent + line
            for number, line in enumerate(value.split("\n"))
        )
    return value


def _filled(text: str, values: Mapping[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return PLACEHOLDER_PATTERN.sub(substitute, text)


def _forms(doc: Document, node: yaml.Node, key_column: int, values: Mapping[str, str],
           new_value: str) -> list[tuple[int, int, str]]:
    """(start, end, text) replacements for one node, nicest first."""
    start = node.start_mark.index
    end = doc.content_end(node)
    if not isinstance(node, yaml.ScalarNode):  # unquoted {{ name }}
        return [(start, end, inline(new_value)), (start, end, double_quoted(new_value))]
    forms: list[tuple[int, int, str]] = []
    style = node.style
    source = doc.text[start:end]
    wanted = [m for m in PLACEHOLDER_PATTERN.finditer(str(node.value)) if m.group(1) in values]
    written = [m for m in PLACEHOLDER_PATTERN.finditer(source) if m.group(1) in values]
    indent = _block_indent(doc, node) if style in ("|", ">") else 0
    if len(wanted) == len(written):
        escaped = {name: _escape_for(style, value, indent) for name, value in values.items()}
        forms.append((start, end, _filled(source, escaped)))
    if style in ("|", ">"):
        block = literal_block(new_value, indent, key_column)
        if block is not None:
            forms.append((start, end, block))
    forms.append((start, end, double_quoted(new_value)))
    return forms


def fill_placeholders(doc: Document, values: Mapping[str, str]) -> Document:
    """``doc`` with each ``{{ name }}`` in ``values`` replaced; others are left as they are."""
    present = placeholder_names(doc)
    unknown = sorted(set(values) - present)
    if unknown:
        listed = ", ".join(sorted(present)) or "none"
        raise UnknownPlaceholderError(
            f"{doc.file} has no placeholder {', '.join('{{ ' + n + ' }}' for n in unknown)} "
            f"(check the spelling); its placeholders are: {listed}"
        )
    swaps: dict[int, Shape] = {}
    text = doc.text
    targets = sorted(_targets(doc), key=lambda pair: pair[0].start_mark.index, reverse=True)
    for node, key_column in targets:
        name = _flow_placeholder(doc, node)
        if name is not None:
            if name not in values:
                continue
            new_value = values[name]
        else:
            new_value = _filled(str(node.value), values)
            if new_value == node.value:
                continue
        swaps[id(node)] = scalar_shape(new_value, STR)
        expected = shape(doc.root, swaps)
        forms = _forms(doc, node, key_column, values, new_value)
        candidates = (text[:start] + form + text[end:] for start, end, form in forms)
        text = Document(text, doc.file).proved(
            candidates, expected,
            f"fill the placeholders at line {doc.line_of(node.start_mark.index)}"
        ).text
    return Document(text, doc.file)
