"""Compose a story's text into YAML nodes, safely.

We compose rather than load: nodes keep their line and column for error
messages, and no Python object is ever constructed from a tag. The C parser
(when PyYAML has it) supplies the events; composing them here is bounded in
depth and in alias expansion, whatever the file.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from typing import Protocol

import yaml

from crisis_tui.loader.diagnostics import Diagnostic, Severity, StoryError, file_error
from crisis_tui.loader.nodes import (
    MAP,
    SEQ,
    STR,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    resolve,
)

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


class _Mark(Protocol):
    """A parser position, from the C or the Python parser alike."""

    line: int
    column: int


_PARSER_ERRORS = (yaml.YAMLError, UnicodeEncodeError)
"""What the parser raises on a file it cannot read (a str it cannot encode, for the second)."""

_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_START, _SEQUENCE_START = yaml.MappingStartEvent, yaml.SequenceStartEvent

MAX_DEPTH = 100
"""Nesting deeper than this is refused; a story needs five or six levels."""


class Document:
    """A story file's one YAML document, composed as the checker walks it.

    The root mapping's entries are read one at a time, and a top-level list
    the checker asks to stream (a section of records) hands over one item at
    a time, so a large story never exists as one whole node tree: each
    record's nodes can go as soon as the record is checked.

    Built from the parser's events with an explicit stack, so nesting depth
    costs no C stack, and every alias is counted as the nodes it expands to,
    so a "billion laughs" file is refused before anything walks it. Any
    problem the parser meets is raised as a StoryError saying where it went
    wrong.
    """

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self._text = text
        self.budget = 2 * len(text) + 1000
        self.anchors: dict[str, tuple[Node, int]] = {}
        """Each anchored node with the number of nodes it expands to."""
        self.open_anchors: set[str] = set()
        self.last_scalar: yaml.ScalarEvent | None = None
        """The latest value read: what to point at if the parser fails just after it."""
        try:
            self._parser = _Loader(text)
        except _PARSER_ERRORS as error:
            raise self._story_error(error) from None

    def close(self) -> None:
        """Let go of the parser and what it holds: a UTF-8 copy of the whole text.

        Disposing of a C parser leaves that copy in place; only dropping the
        parser frees it, before the model is built.
        """
        self._parser.dispose()
        del self._parser

    def root(self) -> Node:
        """The document's root node; a mapping's entries are left to :meth:`entries`."""
        try:
            return self._root()
        except _PARSER_ERRORS as error:
            raise self._story_error(error) from None

    def entries(self, streamed: Container[str]) -> Iterator[tuple[Node, Node]]:
        """The root mapping's keys and values, in file order.

        A value under a key in ``streamed`` that is a list with no anchor
        comes as a :class:`StreamedSequence`; whatever of it the caller
        leaves unread is composed (and checked for YAML errors) before the
        next entry.
        """
        try:
            yield from self._entries(streamed)
        except _PARSER_ERRORS as error:
            raise self._story_error(error) from None

    def _root(self) -> Node:
        parser = self._parser
        parser.get_event()  # stream start
        if parser.check_event(yaml.StreamEndEvent):
            raise file_error(self.name, "is empty")
        parser.get_event()  # document start
        if not parser.check_event(yaml.MappingStartEvent):
            root = self._node(0)
            self._end_document()
            return root
        event = parser.get_event()
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        mark = _mark(event)
        return MappingNode(event.tag or MAP, mark.line + 1, mark.column + 1)

    def _entries(self, streamed: Container[str]) -> Iterator[tuple[Node, Node]]:
        parser = self._parser
        while not parser.check_event(yaml.MappingEndEvent):
            key = self._node(1)
            start = parser.peek_event()
            if (
                isinstance(key, ScalarNode)
                and key.value in streamed
                and isinstance(start, yaml.SequenceStartEvent)
                and start.anchor is None
            ):
                parser.get_event()
                mark = _mark(start)
                items = StreamedSequence(self, start.tag or SEQ, mark.line + 1, mark.column + 1)
                yield key, items
                for _ in items.items():
                    pass
            else:
                yield key, self._node(1)
        parser.get_event()
        self._end_document()

    def _stream_items(self) -> Iterator[Node]:
        """The items of a streamed list, up to and including its end event."""
        parser = self._parser
        try:
            while not parser.check_event(yaml.SequenceEndEvent):
                yield self._node(2)
            parser.get_event()
        except _PARSER_ERRORS as error:
            raise self._story_error(error) from None

    def _end_document(self) -> None:
        parser = self._parser
        parser.get_event()  # document end
        if not parser.check_event(yaml.StreamEndEvent):
            extra = parser.get_event()
            raise StoryError(
                [
                    _at_mark(
                        self.name,
                        extra.start_mark,
                        "a story file holds one YAML document; found a second",
                    )
                ]
            )

    def _story_error(self, error: Exception) -> StoryError:
        """The parser's complaint as a diagnostic at the place it names."""
        name = self.name
        if isinstance(error, yaml.MarkedYAMLError):
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            message = _syntax_message(error, self.last_scalar)
            return StoryError([Diagnostic(name, line, column, Severity.ERROR, message)])
        if isinstance(error, yaml.reader.ReaderError):
            before = self._text[: error.position]
            line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
            character = f"U+{error.character:04X}" if isinstance(error.character, int) else "a byte"
            message = (
                f"the character {character} cannot appear raw in YAML; "
                'write it as an escape inside double quotes, e.g. "\\e" for escape'
            )
            return StoryError([Diagnostic(name, line, column, Severity.ERROR, message)])
        if isinstance(error, UnicodeEncodeError):
            return file_error(name, "contains text that is not valid Unicode")
        return file_error(name, f"invalid YAML: {error}")

    def _node(self, depth: int) -> Node:
        """Compose one node and everything inside it, iteratively.

        ``depth`` is how many collections already enclose it.
        """
        stack: list[_Open] = []
        get_event = self._parser.get_event
        while True:
            event = get_event()
            kind = type(event)
            size = 1
            if kind is _SCALAR:
                self.last_scalar = event
                mark = event.start_mark
                value, tag, plain = event.value, event.tag, event.implicit[0]
                if tag is None or tag == "!":
                    tag = resolve(value) if plain else STR
                node: Node = ScalarNode(value, tag, plain, mark.line + 1, mark.column + 1)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (node, 1)
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                if len(stack) + depth >= MAX_DEPTH:
                    message = f"nesting deeper than {MAX_DEPTH} levels; a story needs a handful"
                    raise StoryError([_at_mark(self.name, event.start_mark, message)])
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                stack.append(
                    _Open(MappingNode(event.tag or MAP, line, column), event.anchor)
                    if kind is _MAPPING_START
                    else _Open(SequenceNode(event.tag or SEQ, line, column), event.anchor)
                )
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
                continue
            elif kind is _ALIAS:
                node, size = self._alias(event)
            else:  # the end of the innermost collection
                done = stack.pop()
                node, size = done.close(), done.size
                if done.anchor is not None:
                    self.open_anchors.discard(done.anchor)
                    self.anchors[done.anchor] = (node, size)
            if not stack:
                return node
            top = stack[-1]
            top.items.append(node)
            top.size += size

    def _alias(self, event: yaml.AliasEvent) -> tuple[Node, int]:
        anchor = event.anchor
        if anchor in self.open_anchors:
            message = f"alias '*{anchor}' refers to a node that contains it"
            raise StoryError([_at_mark(self.name, event.start_mark, message)])
        if anchor not in self.anchors:
            message = f"alias '*{anchor}' names no anchor defined before it"
            raise StoryError([_at_mark(self.name, event.start_mark, message)])
        node, size = self.anchors[anchor]
        self.budget -= size
        if self.budget < 0:
            message = (
                "YAML aliases expand this file beyond any real story's size; "
                "refusing to expand them"
            )
            raise StoryError([_at_mark(self.name, event.start_mark, message)])
        return node, size


class StreamedSequence(SequenceNode):
    """A top-level list whose items are composed only as the checker reaches them."""

    __slots__ = ("_stream",)

    def __init__(self, document: Document, tag: str, line: int, column: int) -> None:
        super().__init__(tag, line, column)
        self._stream: Iterator[Node] | None = document._stream_items()

    def items(self) -> Iterator[Node]:
        """The items not yet read, composed on the way, unless :meth:`hold` kept them all."""
        return iter(self.value) if self._stream is None else self._stream

    def hold(self) -> None:
        """Compose every item now and keep them, for a check that must wait."""
        self.value = list(self.items())
        self._stream = None


_UNCLOSED = {
    "quoted scalar": "is its closing quote missing?",
    "flow sequence": "is its closing ']' missing?",
    "flow mapping": "is its closing '}' missing?",
}
"""Constructs whose end the parser may look for far past where the author forgot it."""


def _syntax_message(error: yaml.MarkedYAMLError, last_scalar: yaml.ScalarEvent | None) -> str:
    """What the parser says, and where the construct that went wrong began.

    The parser reports where it gave up, which for an unclosed quote or
    bracket can be many lines past the mistake. So the message also names
    the line where the construct it was reading started, and, when the last
    value read was quoted text running over several lines, that text: an
    unclosed quote swallows the lines after it up to the next quote, and the
    parser only stumbles after that.
    """
    context, problem = error.context, error.problem
    start, end = error.context_mark, error.problem_mark
    message = "invalid YAML: " + " ".join(part for part in (context, problem) if part)
    if context and start is not None and end is not None and start.line != end.line:
        hint = next((f"; {hint}" for what, hint in _UNCLOSED.items() if what in context), "")
        message = (
            f"invalid YAML: {context} that starts at line {start.line + 1}, "
            f"column {start.column + 1}, {problem}{hint}"
        )
    if last_scalar is not None and last_scalar.style in ('"', "'") and "quoted" not in message:
        first, last = last_scalar.start_mark, last_scalar.end_mark
        if first is not None and last is not None and last.line > first.line:
            message += (
                f"; the quoted text that starts at line {first.line + 1}, column "
                f"{first.column + 1} runs on to line {last.line + 1}: is its closing quote missing?"
            )
    return message


class _Open:
    """A sequence or mapping whose end event has not come yet."""

    __slots__ = ("anchor", "items", "node", "size")

    def __init__(self, node: SequenceNode | MappingNode, anchor: str | None) -> None:
        self.node = node
        self.anchor = anchor
        self.items: list[Node] = []
        self.size = 1

    def close(self) -> Node:
        items, node = self.items, self.node
        if isinstance(node, SequenceNode):
            node.value = items
        else:
            node.value = list(zip(items[::2], items[1::2], strict=True))
        return node


def _mark(event: yaml.NodeEvent) -> _Mark:
    """Where an event starts; the parser always says, for events it produced."""
    mark = event.start_mark
    assert mark is not None
    return mark


def _at_mark(name: str, mark: _Mark | None, message: str) -> Diagnostic:
    if mark is None:
        return Diagnostic(name, 0, 0, Severity.ERROR, message)
    return Diagnostic(name, mark.line + 1, mark.column + 1, Severity.ERROR, message)
