"""Check a composed story against the format and collect every problem.

Checking is separate from building: it works on YAML nodes, so each problem
is reported at its line, and it goes on after a problem so one run lists all
of them. Only a story with no error reaches the builder.

Records are checked as the document hands them over, in file order, and
keep only the positions their diagnostics need, never their nodes: a large
story is never a whole node tree. The diagnostics still come out as if each
part had been checked in the format's order (the story, then each section in
turn), which is what decides the order of two at the same place.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
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
from crisis_tui.loader.nodes import (
    STR,
    TAG_PREFIX,
    Located,
    MappingNode,
    Node,
    Position,
    ScalarNode,
    SequenceNode,
)
from crisis_tui.loader.spec import (
    CITATION_PARA,
    FORMAT,
    SECTIONS,
    STORY_FIELDS,
    TOP_LEVEL_KEYS,
    Field,
    FieldType,
    Section,
)
from crisis_tui.loader.values import COUNTRY_PATTERN, ID_PATTERN
from crisis_tui.loader.yamlsource import Document, StreamedSequence
from crisis_tui.model.dates import PartialDate, parse_partial_date

_TAG = TAG_PREFIX
INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _TAG + name for name in ("int", "float", "bool", "null", "timestamp")
)
_EXPONENT_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+")
_LONGEST_INTEGER = 40
"""Characters of an integer literal worth converting: longer ones exceed every field's bounds."""
_SHORTENED = 24
"""Characters of a value quoted back in a message; the rest is counted, not printed."""
_CYCLE_NAMED = 8
"""Places a cycle's message names; a longer cycle is counted in the middle."""
MERGE = _TAG + "merge"
_STANDARD_TAGS = frozenset(
    {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, _TAG + "seq", _TAG + "map", MERGE}
)
_KEY_TAGS = frozenset({STR, INT, BOOL, NULL})

_ROOT, _TOP, _FORMAT, _STORY = (0,), (1,), (2,), (3,)
"""Stages of the check, in the format's order: the root mapping, its keys, format, story."""
_FIRST_SECTION = 4
"""Section ``i`` is stage ``(_FIRST_SECTION + i, record, 0)``, its ids ``(…, record, 1)``."""
_RESOLVING = (_FIRST_SECTION + len(SECTIONS),)
_REFERRING = {
    key: tuple(
        spec
        for spec in section.fields
        if spec.type in (FieldType.REF, FieldType.REFS, FieldType.CITATIONS)
    )
    for key, section in SECTIONS.items()
}
"""Each section's fields that name other records: all that resolving looks at."""


_Converter = Callable[["Checker", Field, Node], Any]
"""Checks a field's value node and returns its value for the model, or None if it has none."""


class Ref(NamedTuple):
    """An id written in the file, kept with where it was written, to report it there."""

    id: str
    line: int
    column: int


class CitationRef(NamedTuple):
    source: Ref
    para: int | None
    para_line: int
    """Where ``para`` was written (0 when it was not)."""
    para_column: int


@dataclass(slots=True)
class Draft:
    """A record whose fields passed their own checks; references not yet resolved."""

    section: Section
    line: int
    """Where the record starts: its position, as a diagnostic about it gives it."""
    column: int
    index: int
    id_at: Position | None
    """Where its id's value was written, if it has an ``id`` key."""
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
        self.problems: list[tuple[tuple[int, ...], Diagnostic]] = []
        """Each problem with the stage of the check that found it."""
        self.zone: tzinfo = UTC
        self._stage: tuple[int, ...] = _ROOT
        self._ids: dict[str, Draft] = {}
        self._referenced: set[str] = set()
        self._near: dict[str, NearMatches] = {}
        self._hints_left = MAX_SHOWN
        self._dates: dict[str, PartialDate | str] = {}
        """Each date text read so far, with its date or what is wrong with it.

        Stories repeat the same few hundred dates; each is parsed once and
        one object serves every record that names it.
        """

    def check(self, document: Document) -> CheckedStory:
        """Check the whole document; raises StoryError listing every error."""
        checked = self._check_document(document)
        if any(problem.severity is Severity.ERROR for _, problem in self.problems):
            raise StoryError(self._in_order(self.problems))
        return checked

    # -- reporting -----------------------------------------------------

    def error(self, where: Located, message: str) -> None:
        diagnostic = Diagnostic(self.name, where.line, where.column, Severity.ERROR, message)
        self.problems.append((self._stage, diagnostic))

    def warning(self, where: Located, message: str) -> None:
        diagnostic = Diagnostic(self.name, where.line, where.column, Severity.WARNING, message)
        self.problems.append((self._stage, diagnostic))

    @staticmethod
    def _in_order(problems: list[tuple[tuple[int, ...], Diagnostic]]) -> list[Diagnostic]:
        """By place in the file; two at one place in the order the format's order finds them."""
        ordered = sorted(
            range(len(problems)),
            key=lambda i: (problems[i][1].line, problems[i][1].column, problems[i][0], i),
        )
        return [problems[i][1] for i in ordered]

    # -- the document --------------------------------------------------

    def _check_document(self, document: Document) -> CheckedStory:
        root = document.root()
        sections: dict[str, list[Draft]] = {key: [] for key in SECTIONS}
        self._check_tag(root)
        if not isinstance(root, MappingNode):
            self.error(root, "the story file must be a mapping of keys to values")
            return CheckedStory({}, self.zone, sections, [])
        items: dict[str, tuple[Node, Node]] = {}
        story: dict[str, Any] | None = None
        held: dict[str, Node] = {}
        for key_node, value_node in document.entries(SECTIONS):
            self._stage = _ROOT
            key = self._entry_key(key_node, items)
            if key is None:
                continue
            items[key] = (key_node, value_node)
            if key == "story":
                self._stage = _STORY
                story = self._check_story(value_node)
            elif key in SECTIONS and story is None:
                # Dates need the story's zone: a section before the story waits for it.
                if isinstance(value_node, StreamedSequence):
                    value_node.hold()
                held[key] = value_node
            elif key in SECTIONS:
                sections[key] = self._check_section(SECTIONS[key], value_node)
        self._stage = _TOP
        if "format" not in items:
            self.error(root, f"missing 'format: {FORMAT}' at the top of the file")
        for key, (key_node, _value) in items.items():
            if key not in TOP_LEVEL_KEYS:
                self.error(
                    key_node, f"unknown top-level key '{key}'{did_you_mean(key, TOP_LEVEL_KEYS)}"
                )
        if (format_node := items.get("format")) is not None:
            self._stage = _FORMAT
            self._check_format(format_node[1])
        if story is None:
            self._stage = _STORY
            self.error(root, "missing 'story:' with at least a title")
        for key, node in held.items():
            sections[key] = self._check_section(SECTIONS[key], node)
        for number, drafts in enumerate(sections.values(), _FIRST_SECTION):
            for draft in drafts:
                self._stage = (number, draft.index, 1)
                self._register(draft)
        self._stage = _RESOLVING
        self._resolve(sections)
        warnings = [p for p in self.problems if p[1].severity is Severity.WARNING]
        return CheckedStory(story or {}, self.zone, sections, self._in_order(warnings))

    def _check_format(self, node: Node) -> None:
        value = self._text(node, "format")
        if value is not None and value != FORMAT:
            self.error(node, f"unsupported format '{value}': this version reads '{FORMAT}'")

    def _check_story(self, node: Node) -> dict[str, Any]:
        items = self._mapping(node, "story")
        if items is None:
            return {}
        values = self._fields(items, self._table(STORY_FIELDS), node, "story")
        zone_name = values.get("timezone")
        if isinstance(zone_name, str):
            self.zone = ZoneInfo(zone_name)
        return values

    def _check_section(self, section: Section, node: Node) -> list[Draft]:
        """The section's records, each checked as it is read and then let go."""
        number = _FIRST_SECTION + list(SECTIONS).index(section.key)
        self._stage = (number,)
        drafts: list[Draft] = []
        if not isinstance(node, SequenceNode):
            if not _is_null(node):
                self.error(node, f"'{section.key}' must be a list of {section.singular} mappings")
            return drafts
        fields = self._table(section.fields)
        what = f"each {section.singular}"
        for index, item in enumerate(node.items()):
            self._stage = (number, index, 0)
            items = self._mapping(item, what)
            if items is None:
                continue
            id_node = _value_node(item, "id")
            id_at = None if id_node is None else Position(id_node.line, id_node.column)
            draft = Draft(section, item.line, item.column, index, id_at)
            draft.values = self._fields(items, fields, item, section.singular)
            drafts.append(draft)
        return drafts

    def _register(self, draft: Draft) -> None:
        draft_id = draft.id
        if draft_id is None:
            return
        first = self._ids.get(draft_id)
        if first is not None:
            where = draft.id_at or draft
            self.error(where, f"duplicate id '{draft_id}' (first used on line {first.line})")
            return
        self._ids[draft_id] = draft

    # -- fields --------------------------------------------------------

    def _table(self, fields: tuple[Field, ...]) -> dict[str, tuple[Field, _Converter]]:
        """Each field by its key, with what checks and converts its value."""
        return {spec.key: (spec, _CONVERTERS[spec.type]) for spec in fields}

    def _fields(
        self,
        items: dict[str, tuple[Node, Node]],
        fields: dict[str, tuple[Field, _Converter]],
        node: Node,
        what: str,
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, (key_node, value_node) in items.items():
            entry = fields.get(key)
            if entry is None:
                hint = did_you_mean(key, list(fields))
                self.error(key_node, f"unknown key '{key}' in {what}{hint}")
                continue
            if value_node.tag == NULL and isinstance(value_node, ScalarNode):
                continue  # an empty value is as good as none
            spec, convert = entry
            value = convert(self, spec, value_node)
            if value is not None:
                values[spec.key] = value
        for spec, _ in fields.values():
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

    def _choice(self, spec: Field, node: Node) -> str | None:
        value = self._text(node, spec.key)
        if value is None:
            return None
        for choice in spec.choices:
            if choice == value:
                return choice  # the one string every record shares
        choices = ", ".join(spec.choices)
        hint = did_you_mean(value, spec.choices)
        self.error(node, f"'{value}' is not a valid {spec.key} (one of: {choices}){hint}")
        return None

    def _ref(self, spec: Field, node: Node) -> Ref | None:
        value = self._id(node)
        return None if value is None else Ref(value, node.line, node.column)

    def _flag(self, spec: Field, node: Node) -> bool | None:
        flag = self._scalar(node, spec.key)
        if flag is None:
            return None
        if flag.tag == BOOL:
            return flag.value.lower() in ("true", "yes", "on", "y")
        self.error(node, f"'{spec.key}' must be true or false")
        return None

    def _country(self, spec: Field, node: Node) -> str | None:
        value = self._text(node, spec.key)
        if value is not None and not COUNTRY_PATTERN.fullmatch(value):
            self.error(node, f"country '{value}' is not an ISO 3166 alpha-2 code such as \"VE\"")
            return None
        return value

    def _text(self, node: Node, key: str) -> str | None:
        scalar = self._scalar(node, key)
        if scalar is None:
            return None
        if scalar.tag == STR:
            return scalar.value
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

    def _refs(self, spec: Field, node: Node) -> tuple[Ref, ...] | None:
        items = self._sequence(node, spec.key)
        if items is None:
            return None
        refs: dict[str, Ref] = {}
        for item in items:
            value = self._id(item)
            if value in refs:
                self.error(item, f"'{spec.key}' lists '{value}' twice")
            elif value is not None:
                refs[value] = Ref(value, item.line, item.column)
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
        date = self._dates.get(value)
        if date is None:
            try:
                date = parse_partial_date(value, self.zone)
            except ValueError as error:
                date = str(error)
            self._dates[value] = date
        if isinstance(date, str):
            self.error(node, date)
            return None
        return date

    def _number(self, spec: Field, node: Node) -> int | float | None:
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
                source_node = entries["source"][1]
                source = self._id(source_node)
                para, para_line, para_column = None, 0, 0
                if "para" in entries:
                    para_node = entries["para"][1]
                    number = self._number(CITATION_PARA, para_node)
                    if number is None:
                        continue
                    para, para_line, para_column = int(number), para_node.line, para_node.column
                if source is not None:
                    ref = Ref(source, source_node.line, source_node.column)
                    citations.append(CitationRef(ref, para, para_line, para_column))
            else:
                source = self._id(item)
                if source is not None:
                    ref = Ref(source, item.line, item.column)
                    citations.append(CitationRef(ref, None, 0, 0))
        if not citations and not items:
            self.error(node, "'sources' must cite at least one source")
        return tuple(citations)

    # -- node shapes ---------------------------------------------------

    def _check_tag(self, node: Node) -> None:
        """Every node the walk touches is checked for tags that are not plain data."""
        if node.tag not in _STANDARD_TAGS:
            self.error(node, f"tag '{_short_tag(node.tag)}' is not allowed: a story is plain data")

    def _scalar(self, node: Node, key: str) -> ScalarNode | None:
        if isinstance(node, ScalarNode) and node.tag in _STANDARD_TAGS:
            return node  # the usual case, decided without the checks below
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
        for pair in node.value:
            key = self._entry_key(pair[0], items)
            if key is not None:
                items[key] = pair
        return items

    def _entry_key(self, key_node: Node, items: dict[str, tuple[Node, Node]]) -> str | None:
        """The key as text, or None (reported) for one that is not plain text or comes twice."""
        if key_node.tag is STR and type(key_node) is ScalarNode:
            key = key_node.value  # the usual case, decided without the checks below
        else:
            self._check_tag(key_node)
            if key_node.tag == MERGE:
                self.error(key_node, "merge keys ('<<') are not supported: write the fields out")
                return None
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _KEY_TAGS:
                self.error(key_node, "a key must be plain text")
                return None
            key = str(key_node.value)
        if key in items:
            first = items[key][0].line
            self.error(
                key_node,
                f"duplicate key '{key}' (first on line {first}); YAML would silently keep only the last",
            )
            return None
        return key

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
                        draft.id_at or draft,
                        f"{draft.section.singular} '{draft.id}' is never {noun}",
                    )

    def _resolve_draft(self, draft: Draft) -> None:
        for spec in _REFERRING[draft.section.key]:
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
            self.error(end, f"a link cannot go from '{start.id}' to itself")

    def _lookup(self, ref: Ref, spec: Field, draft: Draft) -> None:
        assert spec.target is not None
        target = SECTIONS[spec.target]
        found = self._ids.get(ref.id)
        if found is None:
            self.error(
                ref,
                f"'{spec.key}' names unknown {target.singular} '{ref.id}'"
                f"{self._hint_for_unknown(ref.id, target)}",
            )
        elif found.section is not target:
            self.error(
                ref,
                f"'{spec.key}' must name {_a(target.singular)}, but '{ref.id}' is {_a(found.section.singular)}",
            )
        elif found is draft:
            self.error(ref, f"{draft.section.singular} '{ref.id}' cannot refer to itself")
        else:
            self._referenced.add(ref.id)

    def _cite(self, citation: CitationRef) -> None:
        ref = citation.source
        found = self._ids.get(ref.id)
        if found is None:
            hint = self._hint_for_unknown(ref.id, SECTIONS["sources"])
            self.error(ref, f"citation names unknown source '{ref.id}'{hint}")
            return
        if found.section.key != "sources":
            what = _a(found.section.singular)
            self.error(ref, f"citation names {what}, not a source: '{ref.id}'")
            return
        self._referenced.add(ref.id)
        paragraphs = found.values.get("paragraphs")
        if citation.para is not None and paragraphs is not None and citation.para > paragraphs:
            self.error(
                Position(citation.para_line, citation.para_column),
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
                cycle[0].values["within"],
                f"places are within each other in a cycle: {_cycle_names(cycle)}",
            )

    def _within(self, place: Draft) -> Draft | None:
        """The place ``place`` lies within, if that names a place."""
        within = place.values.get("within")
        found = self._ids.get(within.id) if isinstance(within, Ref) else None
        return found if found is not None and found.section.key == "places" else None


_CONVERTERS: dict[FieldType, _Converter] = {
    FieldType.TEXT: lambda checker, spec, node: checker._text(node, spec.key),
    FieldType.ID: lambda checker, spec, node: checker._id(node),
    FieldType.CHOICE: Checker._choice,
    FieldType.REF: Checker._ref,
    FieldType.REFS: Checker._refs,
    FieldType.DATE: lambda checker, spec, node: checker._date(node, spec.key),
    FieldType.CITATIONS: lambda checker, spec, node: checker._citations(node),
    FieldType.TEXTS: lambda checker, spec, node: checker._texts(node, spec.key),
    FieldType.NUMBER: Checker._number,
    FieldType.COUNT: Checker._number,
    FieldType.FLAG: Checker._flag,
    FieldType.COUNTRY: Checker._country,
    FieldType.TIMEZONE: lambda checker, spec, node: checker._timezone(node),
}
"""How each type of field is checked and converted.

Plain functions taking the checker, not its bound methods: a table of
those, kept on the checker, would make every checker a reference cycle,
and all it checked would wait for the cyclic collector to be freed.
"""


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
