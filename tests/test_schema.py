"""The committed JSON Schema is generated from the model and must be current."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from darksite.i18n.schema import schema_text as translation_schema_text
from darksite.i18n.schema import translation_schema
from darksite.i18n.sidecar import is_sidecar
from darksite.schema import incident_schema, schema_text

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "schema" / "incident.schema.json"


class _TextTimestampLoader(yaml.SafeLoader):
    """Editors see timestamps as strings; so must the schema test."""


_TextTimestampLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_committed_schema_is_current():
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "schema/incident.schema.json is stale: run darksite schema > schema/incident.schema.json"
    )


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(incident_schema())


@pytest.mark.parametrize("path", sorted((ROOT / "incidents").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_incidents_validate_against_the_schema(path):
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextTimestampLoader)
    schema = translation_schema() if is_sidecar(path) else incident_schema()  # darksite.i18n
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors == [], [e.message for e in errors]


def test_committed_translation_schema_is_current():
    committed = ROOT / "schema" / "translation.schema.json"
    assert committed.read_text(encoding="utf-8") == translation_schema_text(), (
        "run python -m darksite.i18n.schema > schema/translation.schema.json")


def test_schema_rejects_a_typo_like_the_loader():
    validator = jsonschema.Draft202012Validator(incident_schema())
    data = {"id": "x", "title": "t", "status": "draft", "summary": "s", "statement": "s",
            "apologie": {}}
    assert any("apologie" in e.message for e in validator.iter_errors(data))


def test_schema_text_is_stable_json():
    assert json.loads(schema_text()) == incident_schema()
