"""Reading one incident file's bytes into YAML nodes with line marks, safely.

PyYAML alone is not safe enough for files written at 3 a.m.: it silently
keeps the last of two duplicate keys, would construct ``!!python/...`` tags
with the unsafe loaders, expands aliases without limit once constructed, and
reports encoding problems as tracebacks. So we only *compose* (nodes with
marks, no construction) and turn every such pitfall into a located
:class:`~darksite.diagnostics.Diagnostic`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from darksite import characters
from darksite.diagnostics import Diagnostic, Severity
from darksite.lines import YAML_ONLY_BREAKS, LineMap, byte_position, editor_lines

try:  # libyaml's composer is ~13x faster and still gives marks on composed nodes
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 2 * 1024 * 1024
"""An incident file is a few KB; anything above this is a mistake (a pasted log, a binary)."""

MAX_NODES = 50_000
"""Values visited per file, counting each alias expansion: stops alias bombs early."""

MAX_DEPTH = 40
"""Nesting deeper than this is never a real incident file."""

TAG_PREFIX = "tag:yaml.org,2002:"
SAFE_TAGS = frozenset(
    TAG_PREFIX + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)

STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    TAG_PREFIX + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)


@dataclass
class Source:
    """One file being read: its name for diagnostics and the problems found so far."""

    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: LineMap | None = None
    """The file's text once decoded: marks become editor lines (:mod:`darksite.lines`)."""

    def read(self, text: str) -> None:
        self.lines = LineMap(text)

    def position(self, mark: yaml.Mark) -> tuple[int, int]:
        """The 1-based line and column of ``mark`` as an editor shows them.

        YAML's own line numbers are right unless the text holds a character
        only YAML takes for a line break (U+0085, U+2028, U+2029); then the
        character index the mark carries is mapped instead.
        """
        if self.lines is not None and self.lines.differs_from_yaml:
            return self.lines.position(mark.index)
        return mark.line + 1, mark.column + 1

    def mark_at(self, index: int) -> yaml.Mark:
        """A mark for character ``index`` of the text, in editor lines."""
        assert self.lines is not None, "read() the text first"
        line, column = self.lines.position(index)
        return yaml.Mark(self.file, index, line - 1, column - 1, None, None)  # type: ignore[arg-type]  # PyYAML's stub says int; None means 'no snippet'

    def error(self, mark: yaml.Mark | None, code: str, path: str, message: str,
              hint: str | None = None) -> None:
        self.add(Severity.ERROR, mark, code, path, message, hint)

    def warning(self, mark: yaml.Mark | None, code: str, path: str, message: str,
                hint: str | None = None) -> None:
        self.add(Severity.WARNING, mark, code, path, message, hint)

    def add(self, severity: Severity, mark: yaml.Mark | None, code: str, path: str,
            message: str, hint: str | None) -> None:
        line, column = self.position(mark) if mark is not None else (1, 1)
        self.error_at(severity, line, column, code, path, message, hint)

    def error_at(self, severity: Severity, line: int, column: int, code: str, path: str,
                 message: str, hint: str | None) -> None:
        self.diagnostics.append(
            Diagnostic(file=self.file, line=line, column=column, severity=severity,
                       code=code, path=path, message=message, hint=hint)
        )

    @property
    def error_count(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)


def decode(data: bytes, source: Source) -> str | None:
    """The file's text, or ``None`` after reporting why it cannot be read as UTF-8 YAML."""
    if len(data) > MAX_FILE_BYTES:
        source.error_at(Severity.ERROR, 1, 1, "file-too-large", "",
                        f"the file is {len(data):,} bytes; an incident file is at most "
                        f"{MAX_FILE_BYTES:,}", "check that the right file was saved here")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        source.error_at(Severity.ERROR, 1, 1, "byte-order-mark", "",
                        "the file starts with a byte-order mark (BOM)",
                        "save it as UTF-8 without BOM (in most editors: 'UTF-8', not "
                        "'UTF-8 with BOM')")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        source.error_at(Severity.ERROR, 1, 1, "not-utf8", "",
                        "the file is UTF-16, not UTF-8", "save it as UTF-8")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = byte_position(data, error.start)
        path = guess_path(data.decode("utf-8", errors="replace"), line)
        source.error_at(Severity.ERROR, line, column, "not-utf8", path,
                        f"byte 0x{data[error.start]:02x} is not valid UTF-8",
                        "save the file as UTF-8 (it was probably saved as Latin-1 or "
                        "Windows-1252)")
        return None
    source.read(text)
    if "\x00" in text:
        line = source.mark_at(text.index("\x00")).line + 1
        source.error_at(Severity.ERROR, line, 1, "not-utf8", "",
                        "the file contains NUL bytes: it is not a text file",
                        "check that the right file was saved here")
        return None
    if _report_forbidden_characters(text, source):
        return None
    return text


MAX_CHARACTER_REPORTS = 20
"""A file pasted from a binary would otherwise list thousands."""


def _report_forbidden_characters(text: str, source: Source) -> bool:
    """Report every character of the file that no value may hold; whether there was one."""
    found = False
    for count, match in enumerate(characters.FORBIDDEN_IN_FILE.finditer(text)):
        if count == MAX_CHARACTER_REPORTS:
            break
        found = True
        mark = source.mark_at(match.start())
        source.error(mark, "control-character", guess_path(text, mark.line + 1),
                     f"the text holds {characters.describe(match.group())}; "
                     f"{characters.ALLOWED_RULE}",
                     "delete it: it is invisible, so retype the words around it")
    return found


def compose(text: str, source: Source) -> yaml.Node | None:
    """The single YAML document of ``text`` as a node tree, or ``None`` after reporting why not."""
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        _report_syntax_error(text, error, source)
        return None
    except yaml.YAMLError as error:  # reader errors carry a position, not a mark
        position = getattr(error, "position", 0) or 0
        if _Loader is not yaml.SafeLoader:  # libyaml counts bytes, not characters
            position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
        line = source.mark_at(position).line + 1
        reason = getattr(error, "reason", None) or str(error)
        source.error_at(Severity.ERROR, line, 1, "yaml-syntax", "",
                        f"the file cannot be read as YAML: {reason}",
                        "remove control characters; keep to plain text")
        return None
    except RecursionError:
        source.error_at(Severity.ERROR, 1, 1, "too-deep", "",
                        "the file is nested too deeply to be an incident file", None)
        return None
    documents = [doc for doc in documents if doc is not None]
    if not documents:
        source.error_at(Severity.ERROR, 1, 1, "empty-file", "",
                        "the file is empty (or holds only comments)",
                        "start from a scenario: darksite new ID --from SCENARIO")
        return None
    if len(documents) > 1:
        second = source.position(documents[1].start_mark)[0] - 1
        source.error_at(Severity.ERROR, _separator_line(text, second), 1,
                        "multiple-documents", "",
                        "the file holds more than one YAML document (a '---' line inside it)",
                        "keep one incident per file; remove the second '---'")
        return None
    root = documents[0]
    if not isinstance(root, yaml.MappingNode):
        found = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        source.error(root.start_mark, "not-a-mapping", "",
                     f"the file holds {found}; an incident file is a mapping of keys "
                     "(id:, title:, ...)",
                     "remove the leading '- ' and write 'key: value' lines")
        return None
    return root


def _separator_line(text: str, before: int) -> int:
    """The 1-based line of the ``---`` that starts the document beginning at line ``before``."""
    lines = editor_lines(text)
    for number in range(min(before, len(lines) - 1), -1, -1):
        if lines[number].startswith("---"):
            return number + 1
    return before + 1


def _report_syntax_error(text: str, error: yaml.MarkedYAMLError, source: Source) -> None:
    problem = error.problem or "invalid YAML"
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    line_of = (lambda m: source.position(m)[0])  # noqa: E731 - editor lines, not YAML's
    if error.context_mark is not None and (
        "could not find expected ':'" in problem
        or "while scanning a quoted scalar" in context
        or "while parsing a flow" in context
    ):
        mark = error.context_mark  # where the unfinished thing began: the line to fix
    tab_line = _first_tab_indented_line(text)
    if tab_line is not None and ("\\t" in problem or "tab" in problem or mark is None
                                 or line_of(mark) >= tab_line):
        source.error_at(Severity.ERROR, tab_line, 1, "tab-indent", guess_path(text, tab_line),
                        "a tab is used for indentation; YAML allows only spaces",
                        "replace the tabs at the start of the line with spaces")
        return
    if "while scanning a quoted scalar" in context:
        source.error(mark, "unclosed-quote", guess_path(text, line_of(mark)),
                     "the quote that opens here is never closed", "close the quote")
        return
    unclosed = _unclosed_quote(text, mark)
    if unclosed is not None:
        source.error(unclosed, "unclosed-quote", guess_path(text, line_of(unclosed)),
                     "the quote that opens here is not closed on its line, so YAML read the "
                     f"following lines as part of the text until line {line_of(mark)}",
                     "close the quote at the end of the value")
        return
    message = f"YAML syntax error: {problem}"
    if context and error.context_mark is not None and error.context_mark is not mark:
        message += f" ({context} at line {line_of(error.context_mark)})"
    path = guess_path(text, line_of(mark)) if mark is not None else ""
    source.error(mark, "yaml-syntax", path, message,
                 _line_break_hint(text, source, mark) or _syntax_hint(problem, text, mark))


def _line_break_hint(text: str, source: Source, mark: yaml.Mark | None) -> str | None:
    """Name the invisible separator that made YAML break a line no editor shows broken."""
    if mark is None or source.lines is None or not source.lines.differs_from_yaml:
        return None
    line = source.position(mark)[0]
    for number in (line, line - 1):
        found = YAML_ONLY_BREAKS.search(source.lines.line_text(number))
        if found:
            return (f"line {number} holds an invisible line separator "
                    f"(U+{ord(found.group()):04X}) that YAML reads as a line break: delete it")
    return None


def _unclosed_quote(text: str, error_mark: yaml.Mark | None) -> yaml.Mark | None:
    """Where a quoted value swallowed the lines after it: the real mistake behind the error."""
    if error_mark is None:
        return None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.line >= error_mark.line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
                    and token.end_mark.line > token.start_mark.line
                    and _SWALLOWED_KEY.search(text[token.start_mark.index:token.end_mark.index])):
                return token.start_mark
    except yaml.YAMLError:
        return None
    return None


_SWALLOWED_KEY = re.compile(r"\n[ ]*(- )?[a-z_]+:( |$)", re.MULTILINE)


_KEY_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<dash>-[ ]+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ ]*:")


def guess_path(text: str, line: int) -> str:
    """The key path of a line in a file YAML could not parse, from indentation alone.

    Best effort: a syntax error has no node tree, but people still need to know
    which key is concerned (``actions[2].owner``), not only the line.
    """
    lines = [row.expandtabs(2) for row in editor_lines(text)]  # a tab usually stands for a level
    if not 1 <= line <= len(lines):
        return ""
    parts: list[str] = []
    limit: int | None = None
    for number in range(line - 1, -1, -1):
        match = _KEY_LINE.match(lines[number])
        if not match:
            continue
        indent = len(match["indent"])
        key_column = indent + len(match["dash"] or "")
        if limit is None:  # the line itself (or the key its text belongs to)
            if match["dash"]:
                parts += [match["key"], f"[{_item_index(lines, number, indent)}]"]
                limit = indent
            else:
                parts.append(match["key"])
                limit = key_column
        elif match["dash"] and indent < limit:
            parts.append(f"[{_item_index(lines, number, indent)}]")
            limit = indent
        elif not match["dash"] and key_column < limit:
            parts.append(match["key"])
            limit = key_column
        if limit == 0:
            break
    path = ""
    for part in reversed(parts):
        if part.startswith("[") or not path:
            path += part
        else:
            path += "." + part
    return _fold_items(path)


def _item_index(lines: list[str], number: int, indent: int) -> int:
    """How many list items at ``indent`` come before line ``number`` in the same list."""
    index = 0
    for previous in range(number - 1, -1, -1):
        stripped = lines[previous].lstrip(" ")
        current = len(lines[previous]) - len(stripped)
        if not stripped or stripped.startswith("#"):
            continue
        if current < indent or (current == indent and not stripped.startswith("-")):
            break
        if current == indent and stripped.startswith("- "):
            index += 1
    return index


def _fold_items(path: str) -> str:
    """``actions[1]step`` style joins become ``actions[1].step``; ``step[1]`` keeps the parent."""
    return re.sub(r"\](?=[A-Za-z_])", "].", path)


def _syntax_hint(problem: str, text: str, mark: yaml.Mark | None) -> str:
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. title: \"Update: outage\""
    if "could not find expected ':'" in problem:
        return "each line is 'key: value': add the colon, or indent the line under its key"
    if "found undefined alias" in problem:
        return "an '*' starts an alias in YAML: quote the text"
    if "cannot start any token" in problem and mark is not None:
        character = text[mark.index:mark.index + 1]
        return f"quote the value: '{character}' cannot start a plain YAML value"
    if "while parsing a flow" in problem or "expected ',' or" in problem:
        return "a '[' or '{' opened on this line is not closed"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check the indentation: items of one list or mapping must line up"
    return "check the line and the one above it: indentation, quotes and colons"


def _first_tab_indented_line(text: str) -> int | None:
    for number, line in enumerate(editor_lines(text), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return number
    return None


@dataclass
class TreeIndex:
    """What one pass over a composed tree learns: where each node hangs (for key paths)
    and the scalars that hold ``{{`` (for the placeholder rule)."""

    parents: dict[int, tuple[yaml.Node, str | int] | None]
    braces: list[yaml.ScalarNode]

    def path_of(self, node: yaml.Node) -> str:
        """The key path (``actions[1].step``) where ``node`` first appears."""
        labels: list[str | int] = []
        link = self.parents.get(id(node))
        while link is not None:
            parent, label = link
            labels.append(label)
            link = self.parents.get(id(parent))
        path = ""
        for label in reversed(labels):
            if isinstance(label, int):
                path += f"[{label}]"
            else:
                path = f"{path}.{label}" if path else label
        return path


def _children(node: yaml.Node) -> list[tuple[yaml.Node, str | int]]:
    if isinstance(node, yaml.MappingNode):
        pairs: list[tuple[yaml.Node, str | int]] = []
        for key, value in node.value:
            label = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            pairs += [(key, label), (value, label)]
        return pairs
    if isinstance(node, yaml.SequenceNode):
        return list(zip(node.value, range(len(node.value)), strict=True))
    return []


def index_tree(root: yaml.Node, source: Source) -> TreeIndex | None:
    """Index the tree and reject unsafe tags, alias bombs and absurd nesting, in one pass.

    Nothing is ever constructed from a tag here, so ``!!python/object/apply``
    cannot run. Aliases are not expanded while indexing; only when the file
    uses them is the size they *would* expand to computed, once per distinct
    node, so a billion-laughs file is refused in microseconds, before any
    reader expands it. Returns ``None`` when the tree is not safe to read.
    """
    index = TreeIndex(parents={id(root): None}, braces=[])
    safe = True
    aliased = False
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            source.error(node.start_mark, "too-deep", index.path_of(node),
                         f"values are nested more than {MAX_DEPTH} levels deep",
                         "an incident file needs at most four levels")
            return None
        if node.tag not in SAFE_TAGS:
            shown = node.tag.replace(TAG_PREFIX, "!!")
            source.error(node.start_mark, "unsafe-tag", index.path_of(node),
                         f"the YAML tag '{shown}' is not allowed; it was not executed",
                         "remove the '!' tag: incident files hold only text, numbers, "
                         "lists and mappings")
            safe = False
            continue
        if isinstance(node, yaml.ScalarNode):
            if "{{" in node.value:
                index.braces.append(node)
            # Only an escape can put one into a value: decode() refused raw ones already.
            forbidden = characters.FORBIDDEN.search(node.value) if node.style == '"' else None
            if forbidden is not None:
                _report_escaped_character(node, forbidden.group(), index.path_of(node), source)
            continue
        for child, label in _children(node):
            if id(child) in index.parents:
                aliased = True
                continue
            index.parents[id(child)] = (node, label)
            stack.append((child, depth + 1))
    if aliased and not _aliases_are_bounded(root, source):
        return None
    return index if safe else None


_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SHORT_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n",
                  "v": "\x0b", "f": "\x0c", "r": "\r", "e": "\x1b", "N": "\x85"}


def _report_escaped_character(node: yaml.ScalarNode, character: str, path: str,
                              source: Source) -> None:
    """A forbidden character YAML made from an escape (``"\\e"``): located at the escape."""
    mark = node.start_mark
    spelled = ""
    if source.lines is not None and node.style == '"':
        raw = source.lines.text[node.start_mark.index:node.end_mark.index]
        for escape in _ESCAPE.finditer(raw):
            code = escape.group(1)
            made = (chr(int(code[1:], 16)) if len(code) > 1 and code[0] in "xuU"
                    else _SHORT_ESCAPES.get(code))
            if made == character:
                mark = source.mark_at(node.start_mark.index + escape.start())
                spelled = f" (written as '{escape.group()}')"
                break
    source.error(mark, "control-character", path,
                 f"the text holds {characters.describe(character)}{spelled}; "
                 f"{characters.ALLOWED_RULE}",
                 "remove the escape from the quoted text" if spelled
                 else "delete the character")


def _aliases_are_bounded(root: yaml.Node, source: Source) -> bool:
    """Whether the tree, with every alias expanded, stays within :data:`MAX_NODES` and
    has no cycle (YAML allows ``&a [*a]``; no reader could ever finish it)."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        if finished:
            visiting.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child, _ in _children(node))
            continue
        if id(node) in sizes:
            continue
        if id(node) in visiting:
            source.error(node.start_mark, "recursive-alias", "",
                         "an alias (*name) refers to the value that contains it",
                         "write the values out instead of using anchors (&) and aliases (*)")
            return False
        visiting.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child, _ in _children(node) if id(child) not in sizes)
    if sizes[id(root)] > MAX_NODES:
        source.error(root.start_mark, "too-many-values", "",
                     f"the file expands to more than {MAX_NODES:,} values; this happens "
                     "when YAML aliases (*name) refer to each other",
                     "write the values out instead of using anchors (&) and aliases (*)")
        return False
    return True


def scalar_text(node: yaml.Node) -> str | None:
    """The source text of a scalar node exactly as written (no YAML type coercion)."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return None


def is_quoted(node: yaml.ScalarNode) -> bool:
    return node.style in ("'", '"')
