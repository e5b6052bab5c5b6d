"""A story as plain data with the YAML format's keys and ids for references.

JSON export writes this as it is and CSV flattens it, so both always agree
with the format spec the loader checks against.
"""

from __future__ import annotations

from typing import Any

from crisis_tui.loader.spec import FORMAT, SECTIONS, STORY_FIELDS, Field, FieldType, Section
from crisis_tui.model import Citation, Entity, PartialDate, Story

_ATTRIBUTES = {"from": "from_actor", "to": "to_actor"}
"""Format keys whose record attribute is named differently (``from`` is a keyword)."""


def with_references(sections: tuple[str, ...]) -> tuple[str, ...]:
    """``sections`` and every section their records may name, in the format's order.

    Actors name sides and cite sources, sources name a publisher (an actor):
    a story file holding only some sections loads again only with these.
    """
    wanted = set(sections)
    pending = list(sections)
    while pending:
        for spec in SECTIONS[pending.pop()].fields:
            target = "sources" if spec.type is FieldType.CITATIONS else spec.target
            if target in SECTIONS and target not in wanted:
                wanted.add(target)
                pending.append(target)
    return tuple(key for key in SECTIONS if key in wanted)


def normalise_story(story: Story, sections: tuple[str, ...] = tuple(SECTIONS)) -> dict[str, Any]:
    """The whole story (or the chosen sections) as JSON-ready data."""
    data: dict[str, Any] = {"format": FORMAT}
    info = {spec.key: getattr(story.info, spec.key) for spec in STORY_FIELDS}
    data["story"] = {key: value for key, value in info.items() if value is not None}
    for key in sections:
        data[key] = [normalise_record(SECTIONS[key], record) for record in records(story, key)]
    return data


def records(story: Story, section: str) -> tuple[Entity, ...]:
    """The story's records of one section, in the order the reader sees them."""
    found: tuple[Entity, ...] = getattr(story, section)
    return found


def normalise_record(section: Section, record: Entity) -> dict[str, Any]:
    """One record as a mapping of format keys, leaving out what was not given."""
    data: dict[str, Any] = {}
    for spec in section.fields:
        value = getattr(record, _ATTRIBUTES.get(spec.key, spec.key))
        if value is None or value == () or value is False:
            continue
        data[spec.key] = _normalise_value(spec, value)
    return data


def _normalise_value(spec: Field, value: Any) -> Any:
    match spec.type:
        case FieldType.REF:
            return value.id
        case FieldType.REFS:
            return [entity.id for entity in value]
        case FieldType.DATE:
            assert isinstance(value, PartialDate)
            return value.iso
        case FieldType.CITATIONS:
            return [_normalise_citation(citation) for citation in value]
        case FieldType.TEXTS:
            return list(value)
    return value


def _normalise_citation(citation: Citation) -> str | dict[str, Any]:
    if citation.para is None:
        return citation.source.id
    return {"source": citation.source.id, "para": citation.para}
