"""Check a composed story against the format and collect every problem.

Checking is separate from building: it works on YAML nodes, so each problem
is reported at its line, and it goes on after a problem so one run lists all
of them. Only a story with no error reaches the builder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml

from crisis_tui.loader.diagnostics import Diagnostic, Severity, StoryError, did_you_mean
from crisis_tui.loader.spec import (
    COUNTRY_PATTERN,
    FORMAT,
    ID_PATTERN,
    SECTIONS,
    STORY_FIELDS,
    TOP_LEVEL_KEYS,
    Field,
    FieldType,
    Section,
)
from crisis_tui.loader.yamlsource import at
from crisis_tui.model.dates import PartialDate, parse_partial_date

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_STANDARD_TAGS = frozenset(
    {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, _TAG + "seq", _TAG + "map", _TAG + "merge"}
)


class Ref(NamedTuple):
    """An id written in the file, kept with its node to report where it was."""

    id: str
    node: yaml.Node


class CitationRef(NamedTuple):
    source: Ref
    para: int | None
    para_node: yaml.Node | None


@dataclass(slots=True)
class Draft:
    """A record whose fields passed their own checks; references not yet resolved."""

    section: Section
    node: yaml.Node
    index: int
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str | None:
        ref = self.values.get("id")
        return ref if isinstance(ref, str) else None


@dataclass(slots=True)
class CheckedStory:
    """Everything the builder needs: story fields, drafts per section, the zone."""

    story: dict[str, Any]
    zone: tzinfo
    sections: dict[str, list[Draft]]
    warnings: list[Diagnostic]


class _AliasBomb(Exception):
    """Raised when aliases expand a small file into too many nodes."""


class Checker:
    """Walks the node tree once, field by field, guided by the format spec."""

    def __init__(self, name: str, text_length: int) -> None:
        self.name = name
        self.problems: list[Diagnostic] = []
        self.zone: tzinfo = UTC
        self._budget = 2 * text_length + 1000
        self._ids: dict[str, Draft] = {}
        self._referenced: set[str] = set()

    def check(self, root: yaml.Node) -> CheckedStory:
        """Check the whole document; raises StoryError listing every error."""
        try:
            checked = self._check_document(root)
        except _AliasBomb as bomb:
            raise StoryError([*self.problems, *bomb.args]) from None
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        if errors:
            raise StoryError(sorted(self.problems, key=_position))
        return checked

    # -- reporting -----------------------------------------------------

    def error(self, node: yaml.Node, message: str) -> None:
        self.problems.append(at(self.name, node, message))

    def warning(self, node: yaml.Node, message: str) -> None:
        self.problems.append(at(self.name, node, message, Severity.WARNING))

    # -- the document --------------------------------------------------

    def _check_document(self, root: yaml.Node) -> CheckedStory:
        items = self._mapping(root, "the story file")
        sections: dict[str, list[Draft]] = {key: [] for key in SECTIONS}
        if items is None:
            return CheckedStory({}, self.zone, sections, [])
        story: dict[str, Any] = {}
        if "format" not in items:
            self.error(root, f"missing 'format: {FORMAT}' at the top of the file")
        for key, (key_node, _value) in items.items():
            if key not in TOP_LEVEL_KEYS:
                self.error(
                    key_node, f"unknown top-level key '{key}'{did_you_mean(key, TOP_LEVEL_KEYS)}"
                )
        if (format_node := items.get("format")) is not None:
            self._check_format(format_node[1])
        if (story_node := items.get("story")) is not None:
            story = self._check_story(story_node[1])
        else:
            self.error(root, "missing 'story:' with at least a title")
        for key in SECTIONS:
            if (entry := items.get(key)) is not None:
                sections[key] = self._check_section(SECTIONS[key], entry[1])
        self._resolve(sections)
        warnings = [p for p in self.problems if p.severity is Severity.WARNING]
        return CheckedStory(story, self.zone, sections, sorted(warnings, key=_position))

    def _check_format(self, node: yaml.Node) -> None:
        value = self._text(node, "format")
        if value is not None and value != FORMAT:
            self.error(node, f"unsupported format '{value}': this version reads '{FORMAT}'")

    def _check_story(self, node: yaml.Node) -> dict[str, Any]:
        items = self._mapping(node, "story")
        if items is None:
            return {}
        fields = {spec.key: spec for spec in STORY_FIELDS}
        values = self._fields(items, fields, node, "story")
        zone_name = values.get("timezone")
        if isinstance(zone_name, str):
            self.zone = ZoneInfo(zone_name)
        return values

    def _check_section(self, section: Section, node: yaml.Node) -> list[Draft]:
        drafts: list[Draft] = []
        if not isinstance(node, yaml.SequenceNode):
            if not _is_null(node):
                self.error(node, f"'{section.key}' must be a list of {section.singular} mappings")
            return drafts
        fields = {spec.key: spec for spec in section.fields}
        for index, item in enumerate(node.value):
            items = self._mapping(item, f"each {section.singular}")
            if items is None:
                continue
            draft = Draft(section, item, index)
            draft.values = self._fields(items, fields, item, section.singular)
            self._register(draft)
            drafts.append(draft)
        return drafts

    def _register(self, draft: Draft) -> None:
        draft_id = draft.id
        if draft_id is None:
            return
        first = self._ids.get(draft_id)
        if first is not None:
            line = first.node.start_mark.line + 1
            id_node = _value_node(draft.node, "id") or draft.node
            self.error(id_node, f"duplicate id '{draft_id}' (first used on line {line})")
            return
        self._ids[draft_id] = draft

    # -- fields --------------------------------------------------------

    def _fields(
        self,
        items: dict[str, tuple[yaml.Node, yaml.Node]],
        fields: dict[str, Field],
        node: yaml.Node,
        what: str,
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, (key_node, value_node) in items.items():
            spec = fields.get(key)
            if spec is None:
                hint = did_you_mean(key, list(fields))
                self.error(key_node, f"unknown key '{key}' in {what}{hint}")
                continue
            if _is_null(value_node):
                continue
            value = self._convert(spec, value_node, what)
            if value is not None:
                values[key] = value
        for spec in fields.values():
            if spec.required and spec.key not in values and not _has_invalid(items, spec.key):
                label = f"{what} '{values['id']}'" if isinstance(values.get("id"), str) else what
                self.error(node, f"{label} is missing required '{spec.key}'")
        if "when" in values and "until" in values:
            when, until = values["when"], values["until"]
            if until.start < when.start:
                self.error(items["until"][1], f"'until' {until} is before 'when' {when}")
        if (
            "since" in values
            and "until" in values
            and values["until"].start < values["since"].start
        ):
            self.error(
                items["until"][1], f"'until' {values['until']} is before 'since' {values['since']}"
            )
        return values

    def _convert(self, spec: Field, node: yaml.Node, what: str) -> Any:
        match spec.type:
            case FieldType.TEXT:
                return self._text(node, spec.key)
            case FieldType.ID:
                return self._id(node)
            case FieldType.CHOICE:
                value = self._text(node, spec.key)
                if value is not None and value not in spec.choices:
                    choices = ", ".join(spec.choices)
                    hint = did_you_mean(value, spec.choices)
                    self.error(
                        node, f"'{value}' is not a valid {spec.key} (one of: {choices}){hint}"
                    )
                    return None
                return value
            case FieldType.REF:
                value = self._id(node)
                return None if value is None else Ref(value, node)
            case FieldType.REFS:
                return self._refs(node, spec)
            case FieldType.DATE:
                return self._date(node, spec.key)
            case FieldType.CITATIONS:
                return self._citations(node)
            case FieldType.TEXTS:
                return self._texts(node, spec.key)
            case FieldType.NUMBER:
                return self._number(node, spec.key)
            case FieldType.COUNT:
                count = self._number(node, spec.key)
                if count is not None and (not isinstance(count, int) or count < 1):
                    self.error(node, f"'{spec.key}' must be a whole number of at least 1")
                    return None
                return count
            case FieldType.FLAG:
                if self._scalar(node, spec.key) is not None and node.tag == BOOL:
                    return node.value.lower() in ("true", "yes", "on", "y")
                self.error(node, f"'{spec.key}' must be true or false")
                return None
            case FieldType.COUNTRY:
                value = self._text(node, spec.key)
                if value is not None and not COUNTRY_PATTERN.fullmatch(value):
                    self.error(
                        node, f"country '{value}' is not an ISO 3166 alpha-2 code such as \"VE\""
                    )
                    return None
                return value
            case FieldType.TIMEZONE:
                return self._timezone(node)
        raise AssertionError(f"unhandled field type {spec.type}")  # pragma: no cover

    def _text(self, node: yaml.Node, key: str) -> str | None:
        if self._scalar(node, key) is None:
            return None
        if node.tag == STR:
            return str(node.value)
        self.error(node, f"'{key}' must be text; {_mangled(node)}")
        return None

    def _id(self, node: yaml.Node) -> str | None:
        if self._scalar(node, "id") is None:
            return None
        value = str(node.value)
        if node.tag not in (STR, INT):
            self.error(node, f"an id must be text; {_mangled(node)}")
            return None
        if not ID_PATTERN.fullmatch(value):
            self.error(
                node,
                f"'{value}' is not a valid id: use lowercase letters, digits and '-', starting with a letter or digit",
            )
            return None
        return value

    def _refs(self, node: yaml.Node, spec: Field) -> tuple[Ref, ...] | None:
        items = self._sequence(node, spec.key)
        if items is None:
            return None
        refs = []
        for item in items:
            value = self._id(item)
            if value is not None:
                refs.append(Ref(value, item))
        return tuple(refs)

    def _texts(self, node: yaml.Node, key: str) -> tuple[str, ...] | None:
        items = self._sequence(node, key)
        if items is None:
            return None
        texts = (self._text(item, key) for item in items)
        return tuple(text for text in texts if text is not None)

    def _date(self, node: yaml.Node, key: str) -> PartialDate | None:
        if self._scalar(node, key) is None:
            return None
        value = str(node.value)
        if node.tag == INT and ":" in value:
            minutes = sum(int(part) * 60**i for i, part in enumerate(reversed(value.split(":"))))
            self.error(
                node,
                f"unquoted, YAML reads {value} as the number {minutes}; "
                f'write the full date in quotes, e.g. "2019-04-30T{value}"',
            )
            return None
        if node.tag not in (STR, INT, TIMESTAMP):
            self.error(node, f"'{key}' must be a date such as 2019-04-30; {_mangled(node)}")
            return None
        try:
            return parse_partial_date(value, self.zone)
        except ValueError as error:
            self.error(node, str(error))
            return None

    def _number(self, node: yaml.Node, key: str) -> int | float | None:
        if self._scalar(node, key) is None:
            return None
        try:
            if node.tag == INT:
                return int(str(node.value).replace("_", ""), 0)
            if node.tag == FLOAT:
                return float(str(node.value).replace("_", ""))
        except ValueError:
            pass
        self.error(node, f"'{key}' must be a number; {_mangled(node)}")
        return None

    def _timezone(self, node: yaml.Node) -> str | None:
        name = self._text(node, "timezone")
        if name is None:
            return None
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            hint = did_you_mean(name, sorted(available_timezones()))
            self.error(
                node, f"unknown timezone '{name}': use an IANA name such as America/Caracas{hint}"
            )
            return None
        return name

    def _citations(self, node: yaml.Node) -> tuple[CitationRef, ...] | None:
        items = self._sequence(node, "sources")
        if items is None:
            return None
        citations = []
        for item in items:
            if isinstance(item, yaml.MappingNode):
                entries = self._mapping(item, "a citation")
                if entries is None:
                    continue
                for key, (key_node, _) in entries.items():
                    if key not in ("source", "para"):
                        self.error(
                            key_node,
                            f"unknown key '{key}' in citation{did_you_mean(key, ['source', 'para'])}",
                        )
                if "source" not in entries:
                    self.error(item, "a citation needs 'source: ID'")
                    continue
                source = self._id(entries["source"][1])
                para, para_node = None, None
                if "para" in entries:
                    para_node = entries["para"][1]
                    number = self._number(para_node, "para")
                    if number is not None and (not isinstance(number, int) or number < 1):
                        self.error(para_node, "'para' must be a paragraph number, 1 or more")
                        continue
                    para = number if isinstance(number, int) else None
                if source is not None:
                    citations.append(
                        CitationRef(Ref(source, entries["source"][1]), para, para_node)
                    )
            else:
                source = self._id(item)
                if source is not None:
                    citations.append(CitationRef(Ref(source, item), None, None))
        if not citations and not items:
            self.error(node, "'sources' must cite at least one source")
        return tuple(citations)

    # -- node shapes ---------------------------------------------------

    def _spend(self, node: yaml.Node) -> None:
        self._budget -= 1
        if self._budget < 0:
            raise _AliasBomb(
                at(
                    self.name,
                    node,
                    "YAML aliases expand this file beyond any real story's size; refusing to expand them",
                )
            )
        if node.tag not in _STANDARD_TAGS:
            self.error(node, f"tag '{_short_tag(node.tag)}' is not allowed: a story is plain data")

    def _scalar(self, node: yaml.Node, key: str) -> yaml.Node | None:
        self._spend(node)
        if isinstance(node, yaml.ScalarNode):
            return node
        shape = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        self.error(node, f"'{key}' must be a single value, found {shape}")
        return None

    def _sequence(self, node: yaml.Node, key: str) -> list[yaml.Node] | None:
        self._spend(node)
        if isinstance(node, yaml.SequenceNode):
            items: list[yaml.Node] = node.value
            return items
        self.error(
            node,
            f"'{key}' must be a list, e.g. [{node.value if isinstance(node, yaml.ScalarNode) else '…'}]",
        )
        return None

    def _mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        self._spend(node)
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            return None
        items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            self._spend(key_node)
            if key_node.tag == _TAG + "merge":
                self.error(key_node, "merge keys ('<<') are not supported: write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (
                STR,
                INT,
                BOOL,
                NULL,
            ):
                self.error(key_node, "a key must be plain text")
                continue
            key = str(key_node.value)
            if key in items:
                first = items[key][0].start_mark.line + 1
                self.error(
                    key_node,
                    f"duplicate key '{key}' (first on line {first}); YAML would silently keep only the last",
                )
                continue
            items[key] = (key_node, value_node)
        return items

    # -- references ----------------------------------------------------

    def _resolve(self, sections: dict[str, list[Draft]]) -> None:
        for drafts in sections.values():
            for draft in drafts:
                self._resolve_draft(draft)
        self._check_within_cycles(sections["places"])
        for key in ("sides", "sources", "actors", "places"):
            for draft in sections[key]:
                registered = draft.id is not None and self._ids.get(draft.id) is draft
                if registered and draft.id not in self._referenced:
                    noun = "cited" if key == "sources" else "referred to"
                    self.warning(
                        _value_node(draft.node, "id") or draft.node,
                        f"{draft.section.singular} '{draft.id}' is never {noun}",
                    )

    def _resolve_draft(self, draft: Draft) -> None:
        for spec in draft.section.fields:
            value = draft.values.get(spec.key)
            if value is None:
                continue
            if spec.type is FieldType.REF:
                self._lookup(value, spec, draft)
            elif spec.type is FieldType.REFS:
                for ref in value:
                    self._lookup(ref, spec, draft)
            elif spec.type is FieldType.CITATIONS:
                for citation in value:
                    self._cite(citation)

    def _lookup(self, ref: Ref, spec: Field, draft: Draft) -> None:
        assert spec.target is not None
        target = SECTIONS[spec.target]
        found = self._ids.get(ref.id)
        if found is None:
            known = [d.id for d in self._ids.values() if d.section is target]
            self.error(
                ref.node,
                f"'{spec.key}' names unknown {target.singular} '{ref.id}'{did_you_mean(ref.id, known)}",
            )
        elif found.section is not target:
            self.error(
                ref.node,
                f"'{spec.key}' must name {_a(target.singular)}, but '{ref.id}' is {_a(found.section.singular)}",
            )
        elif found is draft:
            self.error(ref.node, f"{draft.section.singular} '{ref.id}' cannot refer to itself")
        else:
            self._referenced.add(ref.id)

    def _cite(self, citation: CitationRef) -> None:
        ref = citation.source
        found = self._ids.get(ref.id)
        if found is None or found.section.key != "sources":
            known = [d.id for d in self._ids.values() if d.section.key == "sources"]
            what = (
                "unknown source"
                if found is None
                else f"{_a(found.section.singular)}, not a source:"
            )
            self.error(
                ref.node,
                f"citation names {what} '{ref.id}'{did_you_mean(ref.id, known) if found is None else ''}",
            )
            return
        self._referenced.add(ref.id)
        paragraphs = found.values.get("paragraphs")
        if citation.para is not None and paragraphs is not None and citation.para > paragraphs:
            assert citation.para_node is not None
            self.error(
                citation.para_node,
                f"paragraph {citation.para} is outside source '{ref.id}', which has {paragraphs}",
            )

    def _check_within_cycles(self, places: list[Draft]) -> None:
        reported: set[str] = set()
        for draft in places:
            path: list[str] = []
            current: Draft | None = draft
            while current is not None and current.id not in path:
                path.append(current.id or "")
                within = current.values.get("within")
                current = self._ids.get(within.id) if isinstance(within, Ref) else None
                if current is not None and current.section.key != "places":
                    current = None
            if current is not None and current.id == draft.id and draft.id not in reported:
                reported.update(path)
                cycle = " → ".join([*path, path[0]])
                self.error(
                    draft.values["within"].node, f"places are within each other in a cycle: {cycle}"
                )


def _value_node(mapping: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(mapping, yaml.MappingNode):
        for key_node, value_node in mapping.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                found: yaml.Node = value_node
                return found
    return None


def _has_invalid(items: dict[str, tuple[yaml.Node, yaml.Node]], key: str) -> bool:
    """A key present with a bad value was already reported; 'missing' would mislead."""
    return key in items and not _is_null(items[key][1])


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL


def _mangled(node: yaml.Node) -> str:
    """Explain what YAML made of an unquoted value, and how to keep it as written."""
    value = node.value if isinstance(node, yaml.ScalarNode) else ""
    match node.tag:
        case tag if tag == BOOL:
            meaning = "true" if str(value).lower() in ("y", "yes", "on", "true") else "false"
            return f'unquoted, YAML reads {value} as {meaning}: write "{value}" in quotes'
        case tag if tag == NULL:
            return "the value is empty"
        case tag if tag in (INT, FLOAT):
            return f'unquoted, YAML reads {value} as a number: write "{value}" in quotes'
        case tag if tag == TIMESTAMP:
            return f'unquoted, YAML reads {value} as a date: write "{value}" in quotes'
        case tag if tag == STR:
            return f"found the text '{value}'"
    if isinstance(node, yaml.SequenceNode):
        return "found a list"
    if isinstance(node, yaml.MappingNode):
        return "found a mapping"
    return f"found a value tagged '{_short_tag(node.tag)}'"


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _position(diagnostic: Diagnostic) -> tuple[int, int]:
    return (diagnostic.line, diagnostic.column)
