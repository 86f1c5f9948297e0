"""The JSON Schema of a translation sidecar, from the same specs the loader reads.

Committed as ``schema/translation.schema.json`` so that a translator's editor
(the YAML language server) completes keys and flags mistakes as they type,
like the incident schema does for the source file:
``python -m darksite.i18n.schema > schema/translation.schema.json``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from darksite.i18n.model import Translation
from darksite.schema import _record_schema

SCHEMA_ID = "https://darksite.example/schema/translation.schema.json"


def translation_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "darksite translation file: incidents/<id>.<lang>.yaml",
        "description": "The public texts of one incident in one other language, item by item.",
        **_record_schema(Translation),
    }


def schema_text() -> str:
    return json.dumps(translation_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(schema_text())
