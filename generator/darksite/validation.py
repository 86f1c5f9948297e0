"""Turning a composed YAML tree into the frozen model, one field spec at a time.

Every rule of the incident format lives here or in :mod:`darksite.rules`;
each broken rule becomes a located diagnostic and reading goes on, so that one
run lists every problem. Values are read from the scalar's source text, never
from YAML's guesses: ``no`` stays a mistake to explain, not ``False``.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import sys
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

import yaml

from darksite.model import SLUG_PATTERN, Kind, Location, Spec, spec_fields
from darksite.yaml_source import BOOL, FLOAT, INT, NULL, STR, TIMESTAMP, Source

MISSING = object()
"""A key that is absent (or null, which means the same for optional keys)."""

# Every pattern below is used with fullmatch: "$" would also accept a trailing newline.
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
YAML_TIMESTAMP_RE = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})(?:[Tt]|[ \t]+)(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
    r"[ \t]*(?P<tz>Z|z|[-+]\d{1,2}(?::?\d{2})?)?", re.ASCII
)
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?(-[A-Za-z0-9]{5,8})*$",
                     re.ASCII)  # anchored for the JSON Schema, which copies the pattern
SLUG_RE = re.compile(SLUG_PATTERN)
EXAMPLE_TIMESTAMP = "2026-11-25T09:30:00+01:00"

YAML_BOOLEAN_WORDS = "yes, no, on, off, true, false"


class Reader:
    """Reads values by their :class:`Spec`, collecting diagnostics and key locations."""

    def __init__(self, source: Source, docs_dir: Path | None = None) -> None:
        self.source = source
        self.docs_dir = docs_dir
        self.locations: dict[str, Location] = {}
        self.nodes: dict[str, yaml.Node] = {}
        self.yaml_lines_exact = source.lines is None or not source.lines.differs_from_yaml
        """Whether YAML's marks already give editor lines (:mod:`darksite.lines`)."""

    # -- records ---------------------------------------------------------------

    def record(self, node: yaml.Node, record_type: type, path: str) -> Any:
        """``record_type`` built from a mapping node; ``None`` when any error was found in it."""
        if not isinstance(node, yaml.MappingNode):
            self._wrong_type(node, path, "a mapping of keys (key: value lines)")
            return None
        errors_before = self.source.error_count
        fields = {key: (item, spec) for key, item, spec in spec_fields(record_type)}
        values: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path, fields)
            if key is None:
                continue
            child = _join(path, key)
            if key in seen:
                self.source.error(
                    key_node.start_mark, "duplicate-key", child,
                    f"key '{key}' appears twice; YAML would silently keep only the last",
                    f"the first is at line {self.source.position(seen[key].start_mark)[0]}: "
                    "keep one",
                )
                continue
            seen[key] = key_node
            self.locations[child] = self._location(key_node)
            self.nodes[child] = value_node
            item, the_spec = fields[key]
            value = self.value(value_node, the_spec, child)
            if value is not MISSING and value is not None:
                values[item.name] = value
        for key, (_, the_spec) in fields.items():
            if the_spec.required and key not in seen:
                self.source.error(
                    node.start_mark, "missing-key", _join(path, key),
                    f"required key '{key}' is missing" + (f" in {path}" if path else ""),
                    f"add '{key}:' ({the_spec.doc.rstrip('.').lower()})",
                )
        if self.source.error_count > errors_before:
            return None
        return record_type(**values)

    def _key(self, key_node: yaml.Node, path: str, fields: dict[str, Any]) -> str | None:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == NULL:
            self.source.error(key_node.start_mark, "invalid-key", path,
                              "a key must be a plain word such as 'title'",
                              "write 'key: value'")
            return None
        key = str(key_node.value)
        if key == "<<":
            self.source.error(key_node.start_mark, "merge-key", path,
                              "YAML merge keys ('<<: *name') are not supported",
                              "write the keys out in full")
            return None
        if key not in fields:
            known = sorted(fields)
            close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(known)
            where = f" in {path}" if path else ""
            self.source.error(key_node.start_mark, "unknown-key", _join(path, key),
                              f"unknown key '{key}'{where}", hint)
            return None
        return key

    # -- values ----------------------------------------------------------------

    def value(self, node: yaml.Node, the_spec: Spec, path: str) -> Any:
        """The converted value, ``MISSING`` for null/absent, ``None`` after an error."""
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL and not node.style:
            if the_spec.required:
                self.source.error(node.start_mark, "missing-value", path,
                                  f"'{path.rsplit('.', 1)[-1]}' has no value",
                                  f"write a value after the colon ({the_spec.doc})")
                return None
            return MISSING
        return _READERS[the_spec.kind](self, node, the_spec, path)

    def _read_plain(self, node: yaml.Node, the_spec: Spec, path: str) -> str | None:
        text = self._text(node, path)
        if text is None:
            return None
        if re.search(r"\n[ \t]*\n", text.strip()):
            self.source.error(node.start_mark, "not-plain", path,
                              "plain text must be a single paragraph (no blank lines)",
                              "join the paragraphs, or move the detail to the statement")
            return None
        text = " ".join(text.split()) if "\n" in text else text.strip()
        if not text:
            return self._empty(node, the_spec, path)
        return self._length(node, the_spec, path, text)

    def _read_markdown(self, node: yaml.Node, the_spec: Spec, path: str) -> str | None:
        text = self._text(node, path)
        if text is None:
            return None
        if not text.strip():
            return self._empty(node, the_spec, path)
        return self._length(node, the_spec, path, text.strip("\n"))

    def _read_text(self, node: yaml.Node, the_spec: Spec, path: str) -> str | None:
        text = self._text(node, path)
        if text is not None and not text.strip():
            return self._empty(node, the_spec, path)
        return text.strip() if text is not None else None

    def _read_slug(self, node: yaml.Node, the_spec: Spec, path: str) -> str | None:
        text = self._text(node, path)
        if text is None:
            return None
        if not SLUG_RE.fullmatch(text):
            suggestion = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
            self.source.error(node.start_mark, "invalid-id", path,
                              f"'{text}' is not a valid id: use lower-case letters, digits "
                              "and single hyphens",
                              f"e.g. '{suggestion}'" if suggestion else None)
            return None
        return self._length(node, the_spec, path, text)

    def _read_lang(self, node: yaml.Node, the_spec: Spec, path: str) -> str | None:
        text = self._text(node, path)
        if text is None:
            return None
        if not LANG_RE.fullmatch(text):
            self.source.error(node.start_mark, "invalid-lang", path,
                              f"'{text}' is not a BCP 47 language tag",
                              "e.g. en, en-GB, de, fr-CA")
            return None
        return text

    def _read_enum(self, node: yaml.Node, the_spec: Spec, path: str) -> StrEnum | None:
        assert the_spec.enum is not None
        allowed = _enum_values(the_spec.enum)
        text = self._scalar_source(node, path, "one of: " + ", ".join(allowed))
        if text is None:
            return None
        if text not in allowed:
            close = difflib.get_close_matches(text.lower(), allowed, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'?" if close else None
            self.source.error(node.start_mark, "invalid-value", path,
                              f"'{text}' is not allowed here; expected one of: "
                              + ", ".join(allowed), hint)
            return None
        return the_spec.enum(text)

    def _read_bool(self, node: yaml.Node, the_spec: Spec, path: str) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == BOOL:
            return str(node.value).lower() in ("true", "yes", "on", "y")
        shown = node.value if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        hint = "remove the quotes" if isinstance(node, yaml.ScalarNode) and node.style else None
        self.source.error(node.start_mark, "wrong-type", path,
                          f"expected true or false, found '{shown}'", hint or "write true or false")
        return None

    def _read_timestamp(self, node: yaml.Node, the_spec: Spec, path: str) -> datetime | None:
        return self._moment(node, path, allow_date=False)

    def _read_date_or_timestamp(self, node: yaml.Node, the_spec: Spec, path: str) -> Any:
        return self._moment(node, path, allow_date=True)

    def _read_path(self, node: yaml.Node, the_spec: Spec, path: str) -> str | None:
        text = self._text(node, path)
        if text is None:
            return None
        return self._docs_path(node, path, text.strip())

    def _read_path_or_url(self, node: yaml.Node, the_spec: Spec, path: str) -> str | None:
        text = self._text(node, path)
        if text is None:
            return None
        text = text.strip()
        if "://" in text:
            if not is_https_url(text):
                self.source.error(node.start_mark, "invalid-url", path,
                                  f"'{text}' is not an https:// URL",
                                  "use https://, or a path under the docs folder")
                return None
            return text
        return self._docs_path(node, path, text)

    def _read_plain_list(self, node: yaml.Node, the_spec: Spec, path: str) -> tuple | None:
        if not isinstance(node, yaml.SequenceNode):
            self._wrong_type(node, path, "a list", "write it as a list: [a, b] or '- a' lines")
            return None
        items = []
        ok = True
        item_spec = dataclasses.replace(the_spec, kind=Kind.PLAIN, required=True)
        for index, item in enumerate(node.value):
            child = _item_path(path, index)
            self.locations[child] = self._location(item)
            value = self.value(item, item_spec, child)
            if value is None:
                ok = False
            else:
                items.append(value)
        return tuple(items) if ok else None

    def _read_record(self, node: yaml.Node, the_spec: Spec, path: str) -> Any:
        assert the_spec.record is not None
        return self.record(node, the_spec.record, path)

    def _read_record_list(self, node: yaml.Node, the_spec: Spec, path: str) -> tuple | None:
        assert the_spec.record is not None
        if not isinstance(node, yaml.SequenceNode):
            self._wrong_type(node, path, "a list of entries",
                             "start each entry with '- ' on its own line")
            return None
        records = []
        ok = True
        for index, item in enumerate(node.value):
            child = _item_path(path, index)
            self.locations[child] = self._location(item)
            self.nodes[child] = item
            value = self.record(item, the_spec.record, child)
            if value is None:
                ok = False
            else:
                records.append(value)
        return tuple(records) if ok else None

    def _read_free_mapping(self, node: yaml.Node, the_spec: Spec, path: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self._wrong_type(node, path, "a mapping of notes (key: value lines)")
            return None
        return MappingProxyType(plain_data(node))

    # -- helpers ---------------------------------------------------------------

    def _location(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        if self.yaml_lines_exact:
            return _shared_location(mark.line + 1, mark.column + 1)
        return _shared_location(*self.source.position(mark))

    def _text(self, node: yaml.Node, path: str) -> str | None:
        """A scalar's text, explaining YAML's booleans, dates and numbers where text belongs."""
        if not isinstance(node, yaml.ScalarNode):
            self._wrong_type(node, path, "text")
            return None
        raw = str(node.value)
        if node.tag == STR:
            return raw
        quoted = f'"{raw}"'
        if node.tag == BOOL:
            self.source.error(
                node.start_mark, "yaml-boolean", path,
                f"'{raw}' is read by YAML as a yes/no value, not as text "
                f"(YAML treats {YAML_BOOLEAN_WORDS} as booleans)",
                f"quote it: {quoted}",
            )
        elif node.tag == TIMESTAMP:
            self.source.error(node.start_mark, "yaml-date", path,
                              f"'{raw}' is read by YAML as a date, but text is expected here",
                              f"quote it: {quoted}")
        elif node.tag in (INT, FLOAT):
            self.source.error(node.start_mark, "yaml-number", path,
                              f"'{raw}' is read by YAML as a number, but text is expected here "
                              "(numbers lose leading zeros and '+')",
                              f"quote it: {quoted}")
        else:
            self._wrong_type(node, path, "text")
        return None

    def _scalar_source(self, node: yaml.Node, path: str, expected: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self._wrong_type(node, path, expected)
            return None
        return str(node.value).strip()

    def _wrong_type(self, node: yaml.Node, path: str, expected: str,
                    hint: str | None = None) -> None:
        if isinstance(node, yaml.MappingNode):
            found = "a mapping (key: value lines)"
        elif isinstance(node, yaml.SequenceNode):
            found = "a list"
        else:
            found = f"'{node.value}'"
        self.source.error(node.start_mark, "wrong-type", path,
                          f"expected {expected}, found {found}", hint)

    def _empty(self, node: yaml.Node, the_spec: Spec, path: str) -> Any:
        if the_spec.required:
            self.source.error(node.start_mark, "missing-value", path,
                              f"'{path.rsplit('.', 1)[-1]}' is empty",
                              f"write the text ({the_spec.doc})")
            return None
        return MISSING

    def _length(self, node: yaml.Node, the_spec: Spec, path: str, text: str) -> str | None:
        limit = the_spec.max_len
        if limit is not None and len(text) > limit:
            self.source.error(node.start_mark, "too-long", path,
                              f"{len(text)} characters; the limit is {limit}",
                              f"shorten it by {len(text) - limit} characters")
            return None
        return text

    def _moment(self, node: yaml.Node, path: str, allow_date: bool) -> Any:
        text = self._scalar_source(node, path, "a timestamp")
        if text is None:
            return None
        expected = ("a date or a timestamp with a UTC offset" if allow_date
                    else "a timestamp with a UTC offset")
        if DATE_RE.fullmatch(text):
            try:
                day = date.fromisoformat(text)
            except ValueError:
                self.source.error(node.start_mark, "invalid-timestamp", path,
                                  f"'{text}' is not a real date", f"expected {expected}")
                return None
            if allow_date:
                return day
            self.source.error(node.start_mark, "date-not-allowed", path,
                              f"'{text}' is a date, but a timestamp with time and UTC offset "
                              "is needed here", f"e.g. {text}T09:30:00+01:00")
            return None
        moment = parse_timestamp(text)
        if moment is None:
            self.source.error(node.start_mark, "invalid-timestamp", path,
                              f"'{text}' is not a valid timestamp; expected {expected}",
                              f"write it like {EXAMPLE_TIMESTAMP} or 2026-11-25T08:30:00Z")
            return None
        if moment.tzinfo is None:
            self.source.error(node.start_mark, "naive-timestamp", path,
                              f"'{text}' has no UTC offset, and darksite never guesses one",
                              f"add the offset, e.g. {text}+01:00 or {text}Z")
            return None
        try:
            moment.astimezone(UTC)
        except OverflowError:
            self.source.error(node.start_mark, "timestamp-out-of-range", path,
                              f"'{text}' is outside the years 1 to 9999 once its UTC offset "
                              "is taken into account",
                              f"check the year; write it like {EXAMPLE_TIMESTAMP}")
            return None
        return moment

    def _docs_path(self, node: yaml.Node, path: str, text: str) -> str | None:
        pure = PurePosixPath(text)
        if not text or pure.is_absolute() or ".." in pure.parts or "\\" in text:
            self.source.error(node.start_mark, "invalid-path", path,
                              f"'{text}' must be a relative path under the docs folder",
                              "e.g. media/statement.vtt, with no leading '/' and no '..'")
            return None
        if path.endswith(".captions") and pure.suffix.lower() != ".vtt":
            self.source.error(node.start_mark, "invalid-captions", path,
                              f"'{text}' is not a WebVTT file",
                              "captions must be a .vtt file")
            return None
        if self.docs_dir is not None and not (self.docs_dir / pure).is_file():
            self.source.error(node.start_mark, "missing-file", path,
                              f"'{text}' does not exist in the docs folder "
                              f"({self.docs_dir.name}/)",
                              f"add the file as {self.docs_dir.name}/{text}, or fix the path")
            return None
        return text


@functools.cache
def _enum_values(enum: type[StrEnum]) -> tuple[str, ...]:
    """An enum's allowed spellings, made once (this runs for every enum value of every file)."""
    return tuple(member.value for member in enum)


def parse_timestamp(text: str) -> datetime | None:
    """ISO 8601 (and YAML's spaced variant) to a datetime; ``None`` when it is not one."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    match = YAML_TIMESTAMP_RE.fullmatch(text)
    if not match:
        return None
    tz = match["tz"] or ""
    if tz and tz not in "Zz":
        sign, digits = tz[0], tz[1:].replace(":", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
        tz = f"{sign}{int(hours):02d}:{minutes}"
    clock = match["time"]
    if len(clock.split(":")[0]) == 1:
        clock = "0" + clock
    day = "-".join(part.zfill(2) for part in match["date"].split("-"))
    try:
        return datetime.fromisoformat(f"{day}T{clock}{'+00:00' if tz in ('Z', 'z') else tz}")
    except ValueError:
        return None


def is_https_url(text: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    # Browsers read "\\" as "/" and drop tabs and newlines: such a URL is not what it shows.
    return (parts.scheme == "https" and bool(parts.hostname)
            and _NOT_IN_URL.search(text) is None)


_NOT_IN_URL = re.compile(r"[\s\\\x00-\x1f\x7f]")


def plain_data(node: yaml.Node) -> Any:
    """Free-form notes as plain Python values (strings as written), within the checked budget."""
    if isinstance(node, yaml.MappingNode):
        return {str(plain_data(k)): plain_data(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [plain_data(item) for item in node.value]
    style = node.style if isinstance(node, yaml.ScalarNode) else None
    return None if node.tag == NULL and not style else str(node.value)


# Every incident has about 130 located keys, and at 1,000 incidents their
# paths and locations were 20 MB of a build's peak (issue 18), almost all
# equal across incidents ("updates[3].text" at line 140, column 5). Key paths
# are interned and locations shared, so each distinct one is held (and
# pickled into the parse cache) once.


def _join(path: str, key: str) -> str:
    return sys.intern(f"{path}.{key}" if path else key)


def _item_path(path: str, index: int) -> str:
    return sys.intern(f"{path}[{index}]")


@functools.lru_cache(maxsize=65536)
def _shared_location(line: int, column: int) -> Location:
    return Location(line, column)




_READERS = {kind: getattr(Reader, "_read_" + kind.value.replace("-", "_")) for kind in Kind}
"""Spec kind -> reader method, resolved once (enum lookups are slow on the hot path)."""
