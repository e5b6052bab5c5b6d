"""The YAML node tree the checker walks: values with their line and column.

PyYAML's own composer resolves a tag for every scalar up front and recurses
once per nesting level in C, which is slow on large stories and crashes on
hostile ones. These nodes resolve a scalar's tag only when asked, and the
composer that builds them (``yamlsource``) never recurses.
"""

from __future__ import annotations

from yaml.resolver import Resolver

TAG_PREFIX = "tag:yaml.org,2002:"
STR = TAG_PREFIX + "str"
SEQ = TAG_PREFIX + "seq"
MAP = TAG_PREFIX + "map"

_IMPLICIT = Resolver.yaml_implicit_resolvers


class Node:
    """A value in the file; ``line`` and ``column`` count from 1."""

    __slots__ = ("_tag", "column", "line")

    def __init__(self, tag: str | None, line: int, column: int) -> None:
        self._tag = tag
        self.line = line
        self.column = column

    @property
    def tag(self) -> str:
        return self._tag or STR


class ScalarNode(Node):
    __slots__ = ("plain", "value")

    def __init__(self, value: str, tag: str | None, plain: bool, line: int, column: int) -> None:
        super().__init__(tag, line, column)
        self.value = value
        self.plain = plain

    @property
    def tag(self) -> str:
        """The tag YAML 1.1 gives this scalar: what an unquoted ``NO`` or ``6:15`` really is."""
        if self._tag is None:
            self._tag = _resolve(self.value) if self.plain else STR
        return self._tag


class SequenceNode(Node):
    __slots__ = ("value",)

    def __init__(self, tag: str, line: int, column: int) -> None:
        super().__init__(tag, line, column)
        self.value: list[Node] = []


class MappingNode(Node):
    __slots__ = ("value",)

    def __init__(self, tag: str, line: int, column: int) -> None:
        super().__init__(tag, line, column)
        self.value: list[tuple[Node, Node]] = []


def _resolve(value: str) -> str:
    """YAML 1.1's implicit typing of a plain scalar, exactly as PyYAML does it."""
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return str(tag)
    return STR
