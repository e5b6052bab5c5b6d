"""The YAML node tree the checker walks: values with their line and column.

PyYAML's own composer resolves tags in Python objects it keeps for the whole
file and recurses once per nesting level in C, which is slow on large
stories and crashes on hostile ones. The composer that builds these nodes
(``yamlsource``) never recurses, and hands a story's records to the checker
one at a time, so only one record's nodes need exist at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple, Protocol

from yaml.resolver import Resolver

TAG_PREFIX = "tag:yaml.org,2002:"
STR = TAG_PREFIX + "str"
SEQ = TAG_PREFIX + "seq"
MAP = TAG_PREFIX + "map"

_IMPLICIT = Resolver.yaml_implicit_resolvers
_RESOLVED: dict[str, str] = {}
"""Tags of plain scalars already resolved: a story repeats its keys and choices endlessly."""
_RESOLVED_MAX = 4096
"""Distinct values remembered; a file of endless distinct values gains nothing from more."""
_RESOLVED_LENGTH = 64
"""Longest value remembered: keys, ids and choices are short; prose is rarely repeated."""


class Located(Protocol):
    """Anything a diagnostic can be placed at: a node, a position, a reference."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class Position(NamedTuple):
    """Where a value starts in the file, counting from 1: all a diagnostic needs of it."""

    line: int
    column: int


class Node:
    """A value in the file; ``line`` and ``column`` count from 1."""

    __slots__ = ("column", "line", "tag")

    def __init__(self, tag: str, line: int, column: int) -> None:
        self.tag = tag
        self.line = line
        self.column = column


class ScalarNode(Node):
    """A scalar with the tag YAML 1.1 gives it: what an unquoted ``NO`` or ``6:15`` really is."""

    __slots__ = ("plain", "value")

    def __init__(self, value: str, tag: str, plain: bool, line: int, column: int) -> None:
        self.tag = tag
        self.line = line
        self.column = column
        self.value = value
        self.plain = plain


class SequenceNode(Node):
    __slots__ = ("value",)

    def __init__(self, tag: str, line: int, column: int) -> None:
        self.tag = tag
        self.line = line
        self.column = column
        self.value: list[Node] = []

    def items(self) -> Iterator[Node]:
        """The items in order; a streamed sequence composes each as it is asked for."""
        return iter(self.value)


class MappingNode(Node):
    __slots__ = ("value",)

    def __init__(self, tag: str, line: int, column: int) -> None:
        self.tag = tag
        self.line = line
        self.column = column
        self.value: list[tuple[Node, Node]] = []


def resolve(value: str) -> str:
    """YAML 1.1's implicit typing of a plain scalar, exactly as PyYAML does it."""
    tag = _RESOLVED.get(value)
    if tag is not None:
        return tag
    tag = STR
    for candidate, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            tag = str(candidate)
            break
    if len(value) <= _RESOLVED_LENGTH and len(_RESOLVED) < _RESOLVED_MAX:
        _RESOLVED[value] = tag
    return tag
