"""The JSON Schema of ``crisis-story/1``, derived from the same spec the loader checks.

Editors with the YAML language server use it to complete keys and flag
mistakes while a story is written; the loader stays the authority on what
the schema cannot say (references, cycles, paragraph ranges).
"""

from __future__ import annotations

from typing import Any

from crisis_tui.loader.spec import CITATION_PARA, FORMAT, SECTIONS, STORY_FIELDS, Field, FieldType
from crisis_tui.loader.values import COUNTRY_PATTERN, ID_PATTERN

SCHEMA_ID = "https://crisis-tui.invalid/schema/crisis-story-1.json"

_DATE_PATTERN = (
    r"^[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2}"
    r"([T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?)?)?$"
)


def story_schema() -> dict[str, Any]:
    """A draft 2020-12 JSON Schema for story files."""
    properties: dict[str, Any] = {
        "format": {"const": FORMAT, "description": "Always 'crisis-story/1'."},
        "story": _object(STORY_FIELDS, "What the story is about."),
    }
    for section in SECTIONS.values():
        properties[section.key] = {
            "type": "array",
            "description": section.description,
            "items": _object(section.fields, f"A {section.singular}."),
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "crisis-tui story",
        "type": "object",
        "required": ["format", "story"],
        "additionalProperties": False,
        "properties": properties,
        "$defs": {
            "id": {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"},
            "date": {
                "description": "Partial date: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM].",
                "anyOf": [
                    {"type": "string", "pattern": _DATE_PATTERN},
                    {"type": "integer", "minimum": 1, "maximum": 9999},
                ],
            },
            "citation": {
                "anyOf": [
                    {"$ref": "#/$defs/id"},
                    {
                        "type": "object",
                        "required": ["source"],
                        "additionalProperties": False,
                        "properties": {
                            "source": {"$ref": "#/$defs/id"},
                            "para": _property(CITATION_PARA),
                        },
                    },
                ]
            },
        },
    }


def _object(fields: tuple[Field, ...], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "required": [spec.key for spec in fields if spec.required],
        "properties": {spec.key: _property(spec) for spec in fields},
    }


def _property(spec: Field) -> dict[str, Any]:
    schema: dict[str, Any]
    match spec.type:
        case FieldType.TEXT | FieldType.TIMEZONE:
            schema = {"type": "string"}
        case FieldType.ID | FieldType.REF:
            schema = {"$ref": "#/$defs/id"}
        case FieldType.CHOICE:
            schema = {"enum": list(spec.choices)}
        case FieldType.REFS:
            schema = {"type": "array", "items": {"$ref": "#/$defs/id"}}
        case FieldType.DATE:
            schema = {"$ref": "#/$defs/date"}
        case FieldType.CITATIONS:
            schema = {"type": "array", "items": {"$ref": "#/$defs/citation"}}
            if spec.required:
                schema["minItems"] = 1
        case FieldType.TEXTS:
            schema = {"type": "array", "items": {"type": "string"}}
        case FieldType.NUMBER:
            schema = {"type": "number"}
        case FieldType.COUNT:
            schema = {"type": "integer"}
        case FieldType.FLAG:
            schema = {"type": "boolean"}
        case FieldType.COUNTRY:
            schema = {"type": "string", "pattern": f"^{COUNTRY_PATTERN.pattern}$"}
    if spec.minimum is not None:
        schema["minimum"] = spec.minimum
    if spec.maximum is not None:
        schema["maximum"] = spec.maximum
    schema["description"] = spec.description
    if spec.default is not None:
        schema["default"] = spec.default
    return schema
