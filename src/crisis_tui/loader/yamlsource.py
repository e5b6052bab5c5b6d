"""Read a story file into YAML nodes, safely.

We compose rather than load: nodes keep their line and column for error
messages, and no Python object is ever constructed from a tag. The C parser
(when PyYAML has it) supplies the events; composing them here is bounded in
depth and in alias expansion, whatever the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import yaml

from crisis_tui.files import FileTooLarge, NotRegularFile, read_regular_file
from crisis_tui.loader.diagnostics import Diagnostic, Severity, StoryError
from crisis_tui.loader.nodes import MAP, SEQ, MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 128 * 1024 * 1024
"""Files above this are refused before parsing: no story needs more."""

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or a StoryError with one line saying why not.

    Only a regular file is read (a FIFO or device is refused without
    waiting on it), and never more than ``max_bytes`` of it.
    """
    name = str(path)
    try:
        data = read_regular_file(path, max_bytes)
    except FileNotFoundError:
        raise _one_line(name, "no such file") from None
    except PermissionError:
        raise _one_line(name, "permission denied") from None
    except NotRegularFile as error:
        raise _one_line(name, f"is {error.what}, not a story file") from None
    except FileTooLarge as error:
        message = (
            f"is larger than the {max_bytes:,}-byte limit for stories"
            if error.size is None
            else f"is {error.size:,} bytes; stories are limited to {max_bytes:,}"
        )
        raise _one_line(name, message) from None
    except OSError as error:
        raise _one_line(name, f"cannot be read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise StoryError([Diagnostic(name, line, 1, Severity.ERROR, "is not UTF-8 text")]) from None
    if not text.strip():
        raise _one_line(name, "is empty")
    return text


class _Mark(Protocol):
    """A parser position, from the C or the Python parser alike."""

    line: int
    column: int


MAX_DEPTH = 100
"""Nesting deeper than this is refused; a story needs five or six levels."""


def compose(text: str, name: str) -> Node:
    """Parse YAML text into one node tree, or a StoryError saying where it went wrong.

    Built from the parser's events with an explicit stack, so nesting depth
    costs no C stack, and every alias is counted as the nodes it expands to,
    so a "billion laughs" file is refused before anything walks it.
    """
    composer = _Composer(text, name)
    try:
        return composer.compose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = _syntax_message(error, composer.last_scalar)
        raise StoryError([Diagnostic(name, line, column, Severity.ERROR, message)]) from None
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else "a byte"
        message = (
            f"the character {character} cannot appear raw in YAML; "
            'write it as an escape inside double quotes, e.g. "\\e" for escape'
        )
        raise StoryError([Diagnostic(name, line, column, Severity.ERROR, message)]) from None
    except UnicodeEncodeError:
        raise _one_line(name, "contains text that is not valid Unicode") from None
    except yaml.YAMLError as error:
        raise _one_line(name, f"invalid YAML: {error}") from None


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


class _Composer:
    """Events in, nodes out, with bounds on depth and on alias expansion."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.parser = _Loader(text)
        self.budget = 2 * len(text) + 1000
        self.anchors: dict[str, tuple[Node, int]] = {}
        """Each anchored node with the number of nodes it expands to."""
        self.open_anchors: set[str] = set()
        self.last_scalar: yaml.ScalarEvent | None = None
        """The latest value read: what to point at if the parser fails just after it."""

    def compose(self) -> Node:
        try:
            root = self._document()
        finally:
            self.parser.dispose()
        if root is None:
            raise _one_line(self.name, "is empty")
        return root

    def _document(self) -> Node | None:
        parser = self.parser
        parser.get_event()  # stream start
        if parser.check_event(yaml.StreamEndEvent):
            return None
        parser.get_event()  # document start
        root = self._node()
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
        return root

    def _node(self) -> Node:
        """Compose one node and everything inside it, iteratively."""
        stack: list[_Open] = []
        parser = self.parser
        while True:
            event = parser.get_event()
            size = 1
            if isinstance(event, yaml.ScalarEvent):
                self.last_scalar = event
                mark = _mark(event)
                tag = None if event.tag in (None, "!") else event.tag
                node: Node = ScalarNode(
                    event.value, tag, event.implicit[0], mark.line + 1, mark.column + 1
                )
                if event.anchor is not None:
                    self.anchors[event.anchor] = (node, 1)
            elif isinstance(event, yaml.AliasEvent):
                node, size = self._alias(event)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    message = f"nesting deeper than {MAX_DEPTH} levels; a story needs a handful"
                    raise StoryError([_at_mark(self.name, event.start_mark, message)])
                stack.append(_Open(event))
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
                continue
            else:  # the end of the innermost collection
                done = stack.pop()
                node, size = done.close(), done.size
                if done.anchor is not None:
                    self.open_anchors.discard(done.anchor)
                    self.anchors[done.anchor] = (node, size)
            if not stack:
                return node
            stack[-1].add(node, size)

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


class _Open:
    """A sequence or mapping whose end event has not come yet."""

    __slots__ = ("anchor", "items", "node", "size")

    def __init__(self, event: yaml.SequenceStartEvent | yaml.MappingStartEvent) -> None:
        mark = _mark(event)
        self.node: SequenceNode | MappingNode
        if isinstance(event, yaml.SequenceStartEvent):
            self.node = SequenceNode(event.tag or SEQ, mark.line + 1, mark.column + 1)
        else:
            self.node = MappingNode(event.tag or MAP, mark.line + 1, mark.column + 1)
        self.anchor: str | None = event.anchor
        self.items: list[Node] = []
        self.size = 1

    def add(self, node: Node, size: int) -> None:
        self.items.append(node)
        self.size += size

    def close(self) -> Node:
        items = self.items
        if isinstance(self.node, SequenceNode):
            self.node.value = items
        else:
            self.node.value = list(zip(items[::2], items[1::2], strict=True))
        return self.node


def _mark(event: yaml.NodeEvent) -> _Mark:
    """Where an event starts; the parser always says, for events it produced."""
    mark = event.start_mark
    assert mark is not None
    return mark


def _at_mark(name: str, mark: _Mark | None, message: str) -> Diagnostic:
    if mark is None:
        return Diagnostic(name, 0, 0, Severity.ERROR, message)
    return Diagnostic(name, mark.line + 1, mark.column + 1, Severity.ERROR, message)


def at(name: str, node: Node, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    """A diagnostic placed at the start of ``node``."""
    return Diagnostic(name, node.line, node.column, severity, message)


def _one_line(name: str, message: str) -> StoryError:
    return StoryError([Diagnostic(name, 0, 0, Severity.ERROR, message)])
