"""JSON Schema for incident files, generated from the model so that it cannot drift.

Editors (through the ``yaml-language-server`` modeline at the top of each
incident file) use it for completion and early red squiggles; darksite itself
validates with :mod:`darksite.loader`, which also checks what JSON Schema
cannot express (time order, placeholders, the file name).
Regenerate the committed copy with ``darksite schema > schema/incident.schema.json``.
"""

from __future__ import annotations

import json
from typing import Any

from darksite.model import SLUG_PATTERN, Incident, Kind, Spec, spec_fields
from darksite.validation import LANG_RE

SCHEMA_ID = "https://darksite.invalid/schema/incident.schema.json"
TIMESTAMP_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)$"
)
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def incident_schema() -> dict[str, Any]:
    """The whole schema as a dict (draft 2020-12)."""
    schema = _record_schema(Incident)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "darksite incident file (format version 1)",
        "description": "One crisis incident: statement, apology, actions, updates, contacts.",
        **schema,
    }


def schema_text() -> str:
    """The schema as committed: stable key order, two-space indent, final newline."""
    return json.dumps(incident_schema(), indent=2, ensure_ascii=False) + "\n"


def _record_schema(record_type: type) -> dict[str, Any]:
    properties = {}
    required = []
    for key, _, the_spec in spec_fields(record_type):
        properties[key] = _value_schema(the_spec)
        if the_spec.required:
            required.append(key)
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    if required:
        schema["required"] = required
    return schema


def _value_schema(the_spec: Spec) -> dict[str, Any]:
    description = the_spec.doc
    if the_spec.required_when:
        description += f" Required when {the_spec.required_when}."
    schema = _kind_schema(the_spec)
    schema["description"] = description
    if the_spec.max_len is not None:
        schema["maxLength"] = the_spec.max_len
    if the_spec.default is not None and not isinstance(the_spec.default, bool | int):
        schema["default"] = str(the_spec.default)
    elif isinstance(the_spec.default, bool):
        schema["default"] = the_spec.default
    return schema


def _kind_schema(the_spec: Spec) -> dict[str, Any]:
    kind = the_spec.kind
    if kind in (Kind.PLAIN, Kind.MARKDOWN, Kind.TEXT, Kind.PATH, Kind.PATH_OR_URL):
        return {"type": "string", "minLength": 1}
    if kind is Kind.SLUG:
        return {"type": "string", "pattern": SLUG_PATTERN}
    if kind is Kind.LANG:
        return {"type": "string", "pattern": LANG_RE.pattern}
    if kind is Kind.TIMESTAMP:
        return {"type": "string", "pattern": TIMESTAMP_PATTERN}
    if kind is Kind.DATE_OR_TIMESTAMP:
        return {"type": "string", "anyOf": [{"pattern": DATE_PATTERN},
                                            {"pattern": TIMESTAMP_PATTERN}]}
    if kind is Kind.ENUM:
        assert the_spec.enum is not None
        return {"type": "string", "enum": [member.value for member in the_spec.enum]}
    if kind is Kind.BOOL:
        return {"type": "boolean"}
    if kind is Kind.PLAIN_LIST:
        return {"type": "array", "items": {"type": "string", "minLength": 1}}
    if kind is Kind.RECORD:
        assert the_spec.record is not None
        return _record_schema(the_spec.record)
    if kind is Kind.RECORD_LIST:
        assert the_spec.record is not None
        return {"type": "array", "items": _record_schema(the_spec.record)}
    if kind is Kind.FREE_MAPPING:
        return {"type": "object"}
    raise ValueError(f"no JSON Schema for kind {kind}")  # pragma: no cover - a new Kind
