"""Text-level edits of an incident file that keep everything else byte for byte.

Why not load, change and dump? A YAML round trip loses every comment, the
key order people chose, their quoting and line folding: in a file that carries
a writer's checklist in comments, that is unacceptable. So every edit here
works on the *text*: it finds the node to change through the positions
(marks) that YAML's composer gives every node, and splices new text in at
exactly that place. Nothing outside the spliced range changes.

Every edit is then *proved*: the new text is composed again and its node
tree is compared with the tree the edit was meant to produce (old tree plus
the change). When a first, nicer form does not read back right (a value with
``: `` in a plain scalar, say), the next form is tried, ending with a double-
quoted scalar that can hold anything; an edit that cannot be proved raises
:class:`IncidentEditError` and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import yaml

from darksite.model import Incident, spec_fields
from darksite.ops.errors import IncidentEditError, UnreadableYamlError
from darksite.ops.scalars import double_quoted, inline, literal_block

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

TAG = "tag:yaml.org,2002:"
STR = TAG + "str"
TIMESTAMP = TAG + "timestamp"

KEY_ORDER: tuple[str, ...] = tuple(key for key, _, _ in spec_fields(Incident))
"""Top-level keys in the order of the format spec: where a missing key is inserted."""

MAX_SHAPE_NODES = 100_000

Shape = tuple
"""A node tree as comparable tuples: ("s", tag, value), ("q", items), ("m", pairs)."""


def scalar_shape(value: str, tag: str = STR) -> Shape:
    return ("s", tag, value)


def shape(node: yaml.Node, swaps: Mapping[int, Shape] | None = None) -> Shape:
    """``node`` as plain tuples, so that two trees compare with ``==``.

    ``swaps`` maps ``id(node)`` to the shape that node should have instead:
    how an edit states the tree it means to produce.
    """
    budget = [MAX_SHAPE_NODES]
    swapped = swaps or {}

    def walk(item: yaml.Node) -> Shape:
        if id(item) in swapped:
            return swapped[id(item)]
        budget[0] -= 1
        if budget[0] < 0:
            raise IncidentEditError("the file has too many values (or aliases) to edit safely")
        if isinstance(item, yaml.ScalarNode):
            return ("s", item.tag, item.value)
        if isinstance(item, yaml.SequenceNode):
            return ("q", tuple(walk(child) for child in item.value))
        return ("m", tuple((walk(key), walk(value)) for key, value in item.value))

    return walk(node)


def _compose(text: str) -> yaml.Node | None:
    documents = [doc for doc in yaml.compose_all(text, Loader=_Loader) if doc is not None]
    return documents[0] if len(documents) == 1 else None


@dataclass(frozen=True)
class Field:
    """One key of a mapping to write: its value and how it may be written.

    ``kind`` is ``"text"`` (Markdown: a literal block, else double quotes),
    ``"inline"`` (a short string: plain if unambiguous, else double quotes) or
    ``"raw"`` (``value`` is already YAML source, read back with ``tag``, e.g. a
    timestamp).
    """

    name: str
    value: str
    kind: str = "inline"
    tag: str = STR

    def expected(self) -> tuple[Shape, Shape]:
        return (scalar_shape(self.name), scalar_shape(self.value, self.tag))

    def block_forms(self, key_column: int) -> list[str]:
        """The ways to write this value after ``name:`` in block context, nicest first."""
        if self.kind == "raw":
            return [self.value]
        if self.kind == "text":
            forms = []
            block = literal_block(self.value, key_column + 2, key_column)
            if block is not None:
                forms.append(block)
            forms.append(double_quoted(self.value))
            return forms
        return [inline(self.value), double_quoted(self.value)]

    def flow_form(self) -> str:
        return self.value if self.kind == "raw" else double_quoted(self.value)


class Document:
    """One incident file's text and its composed node tree, with node positions."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        try:
            documents = [d for d in yaml.compose_all(text, Loader=_Loader) if d is not None]
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            # Editor lines, not YAML's (which also break at U+2028): darksite.lines
            where = (f"{file}:{self.line_of(mark.index)}:"
                     f"{self.column_of(mark.index) + 1}") if mark else file
            raise UnreadableYamlError(
                f"{where}: the file is not valid YAML ({error.problem or error}); "
                "nothing was changed. Run 'darksite check' to see every problem."
            ) from None
        except yaml.YAMLError as error:
            raise UnreadableYamlError(
                f"{file}: the file cannot be read as YAML ({error}); nothing was changed"
            ) from None
        if len(documents) != 1 or not isinstance(documents[0], yaml.MappingNode):
            raise UnreadableYamlError(
                f"{file}: an incident file is one mapping of keys (id:, title:, ...); "
                "nothing was changed. Run 'darksite check' to see the problem."
            )
        root = documents[0]
        if root.flow_style:
            raise UnreadableYamlError(
                f"{file}: the file is written as one {{...}} flow mapping; darksite edits only "
                "block mappings (one 'key: value' per line). Nothing was changed."
            )
        self.root: yaml.MappingNode = root

    # -- positions -------------------------------------------------------------------------

    def content_end(self, node: yaml.Node) -> int:
        """Index just after the last character that belongs to ``node``.

        Composed block collections and block scalars end where the *next* token
        starts, after any blank lines and comments; those belong to what
        follows, so they are left out here.
        """
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">"):
                start = node.start_mark.index
                header = self.text[start:self.line_end(start)]
                if "+" in header.split("#")[0]:  # 'keep': its trailing blank lines are content
                    return max(start, self.line_start(node.end_mark.index) - 1)
                return start + len(self.text[start:node.end_mark.index].rstrip())
            return node.end_mark.index
        if isinstance(node, yaml.CollectionNode) and node.flow_style:
            return node.end_mark.index
        if isinstance(node, yaml.SequenceNode):
            children: Iterable[yaml.Node] = node.value
        else:
            children = (part for pair in node.value for part in pair)
        return max((self.content_end(child) for child in children), default=node.end_mark.index)

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        """Index just after the newline that ends the line holding ``index``."""
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def column_of(self, index: int) -> int:
        return index - self.line_start(index)

    def line_of(self, index: int) -> int:
        """1-based line number of ``index``."""
        return self.text.count("\n", 0, index) + 1

    def entry(self, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        for key_node, value_node in self.root.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node, value_node
        return None

    def after_colon(self, key_node: yaml.Node) -> int:
        """Index just after the ``:`` that follows ``key_node``."""
        colon = self.text.find(":", key_node.end_mark.index)
        if colon < 0:  # pragma: no cover - a composed mapping key is always followed by ':'
            raise IncidentEditError(f"{self.file}: cannot find the ':' after a key")
        return colon + 1

    def dash_column(self, item: yaml.Node) -> int | None:
        """Column of the ``-`` that opens a block sequence item, if there is one."""
        index = item.start_mark.index - 1
        while index >= 0 and self.text[index] == " ":
            index -= 1
        if index >= 0 and self.text[index] == "-":
            return self.column_of(index)
        return None

    def sequence_layout(self) -> tuple[int, int]:
        """(dash column, item column) of top-level block lists, as this file writes them."""
        for _, value in self.root.value:
            if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
                item = value.value[0]
                dash = self.dash_column(item)
                if dash is not None and item.start_mark.column > dash:
                    return dash, item.start_mark.column
        return 2, 4

    def mapping_indent(self) -> int:
        """How far this file indents the keys of a nested mapping (default 2)."""
        for _, value in self.root.value:
            if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
                column = value.value[0][0].start_mark.column
                if column > 0:
                    return column
        return 2

    # -- proving edits ---------------------------------------------------------------------

    def root_pairs(self) -> list[tuple[Shape, Shape]]:
        return list(shape(self.root)[1])

    def proved(self, candidates: Iterable[str], expected: Shape | Callable[[], Shape],
               what: str) -> Document:
        """The first candidate text whose tree equals ``expected``, as a new document."""
        wanted = expected() if callable(expected) else expected
        for text in candidates:
            try:
                root = _compose(text)
            except yaml.YAMLError:
                continue
            if root is not None and isinstance(root, yaml.MappingNode) and shape(root) == wanted:
                return Document(text, self.file)
        raise IncidentEditError(
            f"{self.file}: could not {what} without changing something else in the file; "
            "nothing was changed. Please make this change by hand."
        )

    def splice(self, start: int, end: int, new: str) -> str:
        return self.text[:start] + new + self.text[end:]

    # -- edits -----------------------------------------------------------------------------

    def insertion_point(self, key: str) -> tuple[int, int]:
        """(pair index, text index) where a missing top-level ``key`` goes.

        After the key that comes before it in the format's order and stands
        last in the file; comments and blank lines that follow that key's
        value stay with the key below them, as people write them.
        """
        rank = {name: index for index, name in enumerate(KEY_ORDER)}
        target = rank.get(key, len(KEY_ORDER))
        before = [
            index for index, (key_node, _) in enumerate(self.root.value)
            if rank.get(str(key_node.value), len(KEY_ORDER)) < target
        ]
        if before:
            last = max(before)
            key_node, value_node = self.root.value[last]
            end = max(self.content_end(key_node), self.content_end(value_node))
            return last + 1, self.line_end(end)
        return 0, self.line_start(self.root.value[0][0].start_mark.index)

    def _insert_text(self, at: int, block: str) -> str:
        prefix = "" if at == 0 or self.text[at - 1] == "\n" else "\n"
        return self.splice(at, at, prefix + block)

    def set_scalar(self, field: Field) -> Document:
        """Give top-level ``field.name`` a new scalar value, in place or inserted."""
        found = self.entry(field.name)
        pairs = self.root_pairs()
        if found is None:
            index, at = self.insertion_point(field.name)
            pairs.insert(index, field.expected())
            forms = (self._insert_text(at, f"{field.name}: {form}\n")
                     for form in field.block_forms(0))
            return self.proved(forms, ("m", tuple(pairs)), f"add {field.name}")
        key_node, value_node = found
        index = next(i for i, (k, _) in enumerate(self.root.value) if k is key_node)
        pairs[index] = field.expected()
        if (isinstance(value_node, yaml.ScalarNode)
                and value_node.start_mark.index < value_node.end_mark.index):
            start, end = value_node.start_mark.index, self.content_end(value_node)
            forms = (self.splice(start, end, form) for form in field.block_forms(0))
        else:  # empty value, or a list/mapping being replaced by a scalar
            start, end = self.after_colon(key_node), self.content_end(value_node)
            forms = (self.splice(start, max(start, end), " " + form)
                     for form in field.block_forms(0))
        return self.proved(forms, ("m", tuple(pairs)), f"set {field.name}")

    def remove(self, key: str) -> Document:
        """Remove top-level ``key`` and its value (comment lines above it stay)."""
        found = self.entry(key)
        if found is None:
            return self
        key_node, value_node = found
        start = self.line_start(key_node.start_mark.index)
        end = self.line_end(max(self.content_end(key_node), self.content_end(value_node)))
        pairs = [pair for pair, (k, _) in zip(self.root_pairs(), self.root.value, strict=True)
                 if k is not key_node]
        return self.proved([self.splice(start, end, "")], ("m", tuple(pairs)), f"remove {key}")

    def set_mapping(self, key: str, fields: Sequence[Field]) -> Document:
        """Give top-level ``key`` a block mapping of ``fields`` (replacing any old value)."""
        indent = self.mapping_indent()
        pad = " " * indent
        expected_value = ("m", tuple(field.expected() for field in fields))
        found = self.entry(key)
        pairs = self.root_pairs()

        def texts(start: int, end: int, prefix: str = "") -> Iterable[str]:
            for choice in range(2):
                lines = [f"{key}:"]
                for field in fields:
                    forms = field.block_forms(indent)
                    lines.append(f"{pad}{field.name}: {forms[min(choice, len(forms) - 1)]}")
                yield self.splice(start, end, prefix + "\n".join(lines) + "\n")

        if found is None:
            index, at = self.insertion_point(key)
            pairs.insert(index, (scalar_shape(key), expected_value))
            prefix = "" if at == 0 or self.text[at - 1] == "\n" else "\n"
            return self.proved(texts(at, at, prefix), ("m", tuple(pairs)), f"add {key}")
        key_node, value_node = found
        index = next(i for i, (k, _) in enumerate(self.root.value) if k is key_node)
        pairs[index] = (scalar_shape(key), expected_value)
        start = self.line_start(key_node.start_mark.index)
        end = self.line_end(max(self.content_end(key_node), self.content_end(value_node)))
        return self.proved(texts(start, end), ("m", tuple(pairs)), f"replace {key}")

    def append_item(self, key: str, fields: Sequence[Field]) -> Document:
        """Append a mapping of ``fields`` to the top-level list ``key`` (created if absent).

        The new item copies the layout of the list's existing items (dash
        column, key column, key order) so that it looks as if the same person
        wrote it.
        """
        found = self.entry(key)
        pairs = self.root_pairs()
        new_item = ("m", tuple(field.expected() for field in fields))
        if found is None:
            dash, column = self.sequence_layout()
            index, at = self.insertion_point(key)
            pairs.insert(index, (scalar_shape(key), ("q", (new_item,))))
            forms = (self._insert_text(at, f"{key}:\n{item}\n")
                     for item in self._block_items(fields, dash, column))
            return self.proved(forms, ("m", tuple(pairs)), f"add {key}")
        key_node, value_node = found
        index = next(i for i, (k, _) in enumerate(self.root.value) if k is key_node)
        if isinstance(value_node, yaml.SequenceNode):
            items = shape(value_node)[1] + (new_item,)
            pairs[index] = (pairs[index][0], ("q", items))
            expected = ("m", tuple(pairs))
            if value_node.flow_style and value_node.value:
                at = self.content_end(value_node.value[-1])
                flow = ", ".join(f"{field.name}: {field.flow_form()}" for field in fields)
                return self.proved([self.splice(at, at, f", {{{flow}}}")], expected,
                                   f"add to {key}")
            if not value_node.flow_style:
                last = value_node.value[-1]
                last_dash = self.dash_column(last)
                if last_dash is None:
                    raise IncidentEditError(f"{self.file}: cannot find where the list '{key}' "
                                            "continues; nothing was changed")
                column = last.start_mark.column
                order = self._key_order(last, fields)
                ordered = ("m", tuple(field.expected() for field in order))
                pairs[index] = (pairs[index][0], ("q", (*items[:-1], ordered)))
                expected = ("m", tuple(pairs))
                at = self.line_end(self.content_end(value_node))
                forms = (self._insert_text(at, item + "\n")
                         for item in self._block_items(order, last_dash, column))
                return self.proved(forms, expected, f"add to {key}")
        elif not (isinstance(value_node, yaml.ScalarNode) and value_node.tag == TAG + "null"):
            raise IncidentEditError(
                f"{self.file}:{self.line_of(value_node.start_mark.index)}: '{key}' must be a "
                "list; nothing was changed"
            )
        # An empty list ('[]') or no value at all: write a block list below the key.
        pairs[index] = (pairs[index][0], ("q", (new_item,)))
        dash, column = self.sequence_layout()
        dash += key_node.start_mark.column
        column += key_node.start_mark.column
        start, end = self.after_colon(key_node), value_node.end_mark.index
        if value_node.start_mark.index == end:  # 'key:' with nothing after it
            end = start
        line_end = self.line_end(end)
        remainder = self.text[end:line_end]  # a trailing comment stays on the key's line
        key_line = self.text[:start] + (remainder if remainder.strip() else "\n")
        forms = (key_line + item + "\n" + self.text[line_end:]
                 for item in self._block_items(fields, dash, column))
        return self.proved(forms, ("m", tuple(pairs)), f"add to {key}")

    def _key_order(self, item: yaml.Node, fields: Sequence[Field]) -> list[Field]:
        """``fields`` in the key order of an existing item; unknown ones keep their place."""
        if not isinstance(item, yaml.MappingNode):
            return list(fields)
        seen = [str(k.value) for k, _ in item.value]
        known = [f for f in fields if f.name in seen]
        known.sort(key=lambda f: seen.index(f.name))
        result = list(fields)
        slots = [i for i, f in enumerate(result) if f.name in seen]
        for slot, field in zip(slots, known, strict=True):
            result[slot] = field
        return result

    @staticmethod
    def _block_items(fields: Sequence[Field], dash: int, column: int) -> Iterable[str]:
        """A block-list item holding ``fields``, in each way its values may be written."""
        forms_by_field = [field.block_forms(column) for field in fields]
        widest = max(len(forms) for forms in forms_by_field)
        for choice in range(widest):
            lines = []
            for number, (field, forms) in enumerate(zip(fields, forms_by_field, strict=True)):
                lead = " " * dash + "-" + " " * (column - dash - 1) if number == 0 else " " * column
                lines.append(f"{lead}{field.name}: {forms[min(choice, len(forms) - 1)]}")
            yield "\n".join(lines)
