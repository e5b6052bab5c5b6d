"""Check a composed story against the format and collect every problem.

Checking is separate from building: it works on YAML nodes, so each problem
is reported at its line, and it goes on after a problem so one run lists all
of them. Only a story with no error reaches the builder.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from crisis_tui.loader.diagnostics import (
    MAX_SHOWN,
    Diagnostic,
    NearMatches,
    Severity,
    StoryError,
    did_you_mean,
)
from crisis_tui.loader.nodes import TAG_PREFIX, MappingNode, Node, ScalarNode, SequenceNode
from crisis_tui.loader.spec import (
    CITATION_PARA,
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

_TAG = TAG_PREFIX
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_EXPONENT_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+")
_LONGEST_INTEGER = 40
"""Characters of an integer literal worth converting: longer ones exceed every field's bounds."""
_SHORTENED = 24
"""Characters of a value quoted back in a message; the rest is counted, not printed."""
_CYCLE_NAMED = 8
"""Places a cycle's message names; a longer cycle is counted in the middle."""
_STANDARD_TAGS = frozenset(
    {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, _TAG + "seq", _TAG + "map", _TAG + "merge"}
)


class Ref(NamedTuple):
    """An id written in the file, kept with its node to report where it was."""

    id: str
    node: Node


class CitationRef(NamedTuple):
    source: Ref
    para: int | None
    para_node: Node | None


@dataclass(slots=True)
class Draft:
    """A record whose fields passed their own checks; references not yet resolved."""

    section: Section
    node: Node
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


class Checker:
    """Walks the node tree once, field by field, guided by the format spec."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Diagnostic] = []
        self.zone: tzinfo = UTC
        self._ids: dict[str, Draft] = {}
        self._referenced: set[str] = set()
        self._near: dict[str, NearMatches] = {}
        self._hints_left = MAX_SHOWN

    def check(self, root: Node) -> CheckedStory:
        """Check the whole document; raises StoryError listing every error."""
        checked = self._check_document(root)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        if errors:
            raise StoryError(sorted(self.problems, key=_position))
        return checked

    # -- reporting -----------------------------------------------------

    def error(self, node: Node, message: str) -> None:
        self.problems.append(at(self.name, node, message))

    def warning(self, node: Node, message: str) -> None:
        self.problems.append(at(self.name, node, message, Severity.WARNING))

    # -- the document --------------------------------------------------

    def _check_document(self, root: Node) -> CheckedStory:
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

    def _check_format(self, node: Node) -> None:
        value = self._text(node, "format")
        if value is not None and value != FORMAT:
            self.error(node, f"unsupported format '{value}': this version reads '{FORMAT}'")

    def _check_story(self, node: Node) -> dict[str, Any]:
        items = self._mapping(node, "story")
        if items is None:
            return {}
        fields = {spec.key: spec for spec in STORY_FIELDS}
        values = self._fields(items, fields, node, "story")
        zone_name = values.get("timezone")
        if isinstance(zone_name, str):
            self.zone = ZoneInfo(zone_name)
        return values

    def _check_section(self, section: Section, node: Node) -> list[Draft]:
        drafts: list[Draft] = []
        if not isinstance(node, SequenceNode):
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
            line = first.node.line
            id_node = _value_node(draft.node, "id") or draft.node
            self.error(id_node, f"duplicate id '{draft_id}' (first used on line {line})")
            return
        self._ids[draft_id] = draft

    # -- fields --------------------------------------------------------

    def _fields(
        self,
        items: dict[str, tuple[Node, Node]],
        fields: dict[str, Field],
        node: Node,
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

    def _convert(self, spec: Field, node: Node, what: str) -> Any:
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
            case FieldType.NUMBER | FieldType.COUNT:
                return self._number(node, spec)
            case FieldType.FLAG:
                flag = self._scalar(node, spec.key)
                if flag is None:
                    return None
                if flag.tag == BOOL:
                    return flag.value.lower() in ("true", "yes", "on", "y")
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

    def _text(self, node: Node, key: str) -> str | None:
        scalar = self._scalar(node, key)
        if scalar is None:
            return None
        if scalar.tag == STR:
            return str(scalar.value)
        self.error(node, f"'{key}' must be text; {_mangled(node)}")
        return None

    def _id(self, node: Node) -> str | None:
        scalar = self._scalar(node, "id")
        if scalar is None:
            return None
        value = str(scalar.value)
        if scalar.tag not in (STR, INT):
            self.error(node, f"an id must be text; {_mangled(node)}")
            return None
        if not ID_PATTERN.fullmatch(value):
            self.error(
                node,
                f"'{value}' is not a valid id: use lowercase letters, digits and '-', starting with a letter or digit",
            )
            return None
        return value

    def _refs(self, node: Node, spec: Field) -> tuple[Ref, ...] | None:
        items = self._sequence(node, spec.key)
        if items is None:
            return None
        refs: dict[str, Ref] = {}
        for item in items:
            value = self._id(item)
            if value in refs:
                self.error(item, f"'{spec.key}' lists '{value}' twice")
            elif value is not None:
                refs[value] = Ref(value, item)
        return tuple(refs.values())

    def _texts(self, node: Node, key: str) -> tuple[str, ...] | None:
        items = self._sequence(node, key)
        if items is None:
            return None
        texts = (self._text(item, key) for item in items)
        return tuple(text for text in texts if text is not None)

    def _date(self, node: Node, key: str) -> PartialDate | None:
        scalar = self._scalar(node, key)
        if scalar is None:
            return None
        value = str(scalar.value)
        if scalar.tag == INT and ":" in value:
            self.error(node, _unquoted_time(value))
            return None
        if scalar.tag not in (STR, INT, TIMESTAMP):
            self.error(node, f"'{key}' must be a date such as 2019-04-30; {_mangled(node)}")
            return None
        try:
            return parse_partial_date(value, self.zone)
        except ValueError as error:
            self.error(node, str(error))
            return None

    def _number(self, node: Node, spec: Field) -> int | float | None:
        """The field's number, if it lies within the field's bounds.

        Bounds are checked here, at load time, so nothing downstream meets a
        number it cannot print, format or compare cheaply.
        """
        number = self._numeral(node, spec.key)
        if number is None:
            return None
        whole = spec.type is FieldType.COUNT
        if (
            (whole and not isinstance(number, int))
            or (spec.minimum is not None and number < spec.minimum)
            or (spec.maximum is not None and number > spec.maximum)
        ):
            kind = "a whole number" if whole else "a number"
            assert isinstance(node, ScalarNode)
            self.error(
                node,
                f"'{spec.key}' must be {kind} from {spec.minimum} to {spec.maximum}, "
                f"not {_shortened(node.value)}",
            )
            return None
        return number

    def _numeral(self, node: Node, key: str) -> int | float | None:
        """What YAML makes of a number, refusing what it reads in surprising ways.

        An integer literal too long to be within any field's bounds is not
        converted (thousands of digits cost quadratic time, and Python
        refuses to print them): it stands for an infinity of its sign.
        """
        scalar = self._scalar(node, key)
        if scalar is None:
            return None
        text = scalar.value.replace("_", "")
        if scalar.tag == INT:
            if len(text) > _LONGEST_INTEGER:
                return -math.inf if text.startswith("-") else math.inf
            try:
                return int(text, 0)
            except ValueError:
                reading = "base-60" if ":" in text else "octal"
                self.error(
                    node, f"'{key}': YAML reads {scalar.value} as {reading}; write a plain number"
                )
                return None
        if scalar.tag == FLOAT or (scalar.plain and _EXPONENT_NUMBER.fullmatch(text)):
            # JSON writes 0.00001 as 1e-05, which YAML 1.1 reads as text: accept it as the number.
            try:
                number = float(text)
            except ValueError:  # .inf, .nan and base-60 floats
                number = math.nan
            if math.isfinite(number):
                return number
            self.error(node, f"'{key}' must be a finite number, not {scalar.value}")
            return None
        self.error(node, f"'{key}' must be a number; {_mangled(node)}")
        return None

    def _timezone(self, node: Node) -> str | None:
        name = self._text(node, "timezone")
        if name is None:
            return None
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            hint = did_you_mean(name, sorted(available_timezones()))
            self.error(
                node, f"unknown timezone '{name}': use an IANA name such as America/Caracas{hint}"
            )
            return None
        return name

    def _citations(self, node: Node) -> tuple[CitationRef, ...] | None:
        items = self._sequence(node, "sources")
        if items is None:
            return None
        citations = []
        for item in items:
            if isinstance(item, MappingNode):
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
                    number = self._number(para_node, CITATION_PARA)
                    if number is None:
                        continue
                    para = int(number)
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

    def _check_tag(self, node: Node) -> None:
        """Every node the walk touches is checked for tags that are not plain data."""
        if node.tag not in _STANDARD_TAGS:
            self.error(node, f"tag '{_short_tag(node.tag)}' is not allowed: a story is plain data")

    def _scalar(self, node: Node, key: str) -> ScalarNode | None:
        self._check_tag(node)
        if isinstance(node, ScalarNode):
            return node
        shape = "a list" if isinstance(node, SequenceNode) else "a mapping"
        self.error(node, f"'{key}' must be a single value, found {shape}")
        return None

    def _sequence(self, node: Node, key: str) -> list[Node] | None:
        self._check_tag(node)
        if isinstance(node, SequenceNode):
            items: list[Node] = node.value
            return items
        self.error(
            node,
            f"'{key}' must be a list, e.g. [{node.value if isinstance(node, ScalarNode) else '…'}]",
        )
        return None

    def _mapping(self, node: Node, what: str) -> dict[str, tuple[Node, Node]] | None:
        self._check_tag(node)
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values")
            return None
        items: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            self._check_tag(key_node)
            if key_node.tag == _TAG + "merge":
                self.error(key_node, "merge keys ('<<') are not supported: write the fields out")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (
                STR,
                INT,
                BOOL,
                NULL,
            ):
                self.error(key_node, "a key must be plain text")
                continue
            key = str(key_node.value)
            if key in items:
                first = items[key][0].line
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
        start, end = draft.values.get("from"), draft.values.get("to")
        if isinstance(start, Ref) and isinstance(end, Ref) and start.id == end.id:
            self.error(end.node, f"a link cannot go from '{start.id}' to itself")

    def _lookup(self, ref: Ref, spec: Field, draft: Draft) -> None:
        assert spec.target is not None
        target = SECTIONS[spec.target]
        found = self._ids.get(ref.id)
        if found is None:
            self.error(
                ref.node,
                f"'{spec.key}' names unknown {target.singular} '{ref.id}'"
                f"{self._hint_for_unknown(ref.id, target)}",
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
        if found is None:
            hint = self._hint_for_unknown(ref.id, SECTIONS["sources"])
            self.error(ref.node, f"citation names unknown source '{ref.id}'{hint}")
            return
        if found.section.key != "sources":
            what = _a(found.section.singular)
            self.error(ref.node, f"citation names {what}, not a source: '{ref.id}'")
            return
        self._referenced.add(ref.id)
        paragraphs = found.values.get("paragraphs")
        if citation.para is not None and paragraphs is not None and citation.para > paragraphs:
            assert citation.para_node is not None
            self.error(
                citation.para_node,
                f"paragraph {citation.para} is outside source '{ref.id}', which has {paragraphs}",
            )

    def _hint_for_unknown(self, word: str, section: Section) -> str:
        """Did-you-mean for an unknown id, among the ids of ``section``.

        The choices are gathered once per section, and only as many unknown
        ids get a suggestion as there are errors a reader is shown: a file
        of thousands of bad references costs thousands of lookups, not
        thousands times the file.
        """
        if self._hints_left == 0:
            return ""
        self._hints_left -= 1
        near = self._near.get(section.key)
        if near is None:
            ids = (draft.id for draft in self._ids.values() if draft.section is section)
            near = self._near[section.key] = NearMatches(ids)
        return near.hint(word)

    def _check_within_cycles(self, places: list[Draft]) -> None:
        """Report each cycle of ``within`` once, at its member that comes first in the file.

        Each place is walked once in all: a walk stops at a place an earlier
        walk settled, so a long chain costs its length, not its square.
        """
        settled: set[int] = set()
        for draft in places:
            path: dict[int, Draft] = {}
            current: Draft | None = draft
            while current is not None and id(current) not in settled and id(current) not in path:
                path[id(current)] = current
                current = self._within(current)
            settled.update(path)
            if current is None or id(current) not in path:
                continue
            walked = list(path.values())
            cycle = walked[walked.index(current) :]
            start = min(range(len(cycle)), key=lambda i: cycle[i].index)
            cycle = cycle[start:] + cycle[:start]
            self.error(
                cycle[0].values["within"].node,
                f"places are within each other in a cycle: {_cycle_names(cycle)}",
            )

    def _within(self, place: Draft) -> Draft | None:
        """The place ``place`` lies within, if that names a place."""
        within = place.values.get("within")
        found = self._ids.get(within.id) if isinstance(within, Ref) else None
        return found if found is not None and found.section.key == "places" else None


def _value_node(mapping: Node, key: str) -> Node | None:
    if isinstance(mapping, MappingNode):
        for key_node, value_node in mapping.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                found: Node = value_node
                return found
    return None


def _has_invalid(items: dict[str, tuple[Node, Node]], key: str) -> bool:
    """A key present with a bad value was already reported; 'missing' would mislead."""
    return key in items and not _is_null(items[key][1])


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL


def _mangled(node: Node) -> str:
    """Explain what YAML made of an unquoted value, and how to keep it as written."""
    value = node.value if isinstance(node, ScalarNode) else ""
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
    if isinstance(node, SequenceNode):
        return "found a list"
    if isinstance(node, MappingNode):
        return "found a mapping"
    return f"found a value tagged '{_short_tag(node.tag)}'"


def _cycle_names(cycle: list[Draft]) -> str:
    """``a → b → c → a``; a long cycle names its first few places and counts the rest."""
    names = [draft.id or "" for draft in cycle]
    if len(names) > _CYCLE_NAMED:
        left_out = len(names) - _CYCLE_NAMED + 1
        names = [*names[: _CYCLE_NAMED - 2], f"… {left_out:,} more …", names[-1]]
    return " → ".join([*names, names[0]])


def _shortened(value: str) -> str:
    """``value`` as a message quotes it: whole if short, else its start and its length."""
    if len(value) <= _SHORTENED:
        return value
    return f"{value[: _SHORTENED - 8]}… ({len(value):,} characters)"


def _unquoted_time(value: str) -> str:
    """Why ``when: 6:15`` is refused: YAML 1.1 reads it as the base-60 number 375."""
    if len(value) > _SHORTENED:
        return f"unquoted, YAML reads {_shortened(value)} as a number; write the date in quotes"
    minutes = sum(int(part) * 60**i for i, part in enumerate(reversed(value.split(":"))))
    return (
        f"unquoted, YAML reads {value} as the number {minutes}; "
        f'write the full date in quotes, e.g. "2019-04-30T{value}"'
    )


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _position(diagnostic: Diagnostic) -> tuple[int, int]:
    return (diagnostic.line, diagnostic.column)
