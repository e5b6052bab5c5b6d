"""Read a story file into YAML nodes, safely.

We compose rather than load: nodes keep their line and column for error
messages, and no Python object is ever constructed from a tag. The C parser is
used when PyYAML was built with it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from crisis_tui.loader.diagnostics import Diagnostic, Severity, StoryError

MAX_BYTES = 128 * 1024 * 1024
"""Files above this are refused before parsing: no story needs more."""

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or a StoryError with one line saying why not."""
    name = str(path)
    try:
        if path.is_dir():
            raise _one_line(name, "is a directory, not a story file")
        size = path.stat().st_size
        if size > max_bytes:
            raise _one_line(name, f"is {size:,} bytes; stories are limited to {max_bytes:,}")
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise _one_line(name, "no such file") from None
    except PermissionError:
        raise _one_line(name, "permission denied") from None
    except OSError as error:
        raise _one_line(name, f"cannot be read ({error.strerror or error})") from None
    if len(data) > max_bytes:
        raise _one_line(name, f"is larger than the {max_bytes:,}-byte limit for stories")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise StoryError([Diagnostic(name, line, 1, Severity.ERROR, "is not UTF-8 text")]) from None
    if not text.strip():
        raise _one_line(name, "is empty")
    return text


def compose(text: str, name: str) -> yaml.Node:
    """Parse YAML text into one node tree, or a StoryError at the syntax error."""
    try:
        loader = _Loader(text)
        try:
            if not loader.check_node():
                raise _one_line(name, "is empty")
            root: yaml.Node = loader.get_node()
            if loader.check_node():
                extra = loader.get_node()
                raise StoryError(
                    [at(name, extra, "a story file holds one YAML document; found a second")]
                )
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise StoryError(
            [Diagnostic(name, line, column, Severity.ERROR, f"invalid YAML: {message}")]
        ) from None
    except yaml.YAMLError as error:
        raise _one_line(name, f"invalid YAML: {error}") from None
    return root


def at(name: str, node: yaml.Node, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    """A diagnostic placed at the start of ``node``."""
    mark = node.start_mark
    return Diagnostic(name, mark.line + 1, mark.column + 1, severity, message)


def _one_line(name: str, message: str) -> StoryError:
    return StoryError([Diagnostic(name, 0, 0, Severity.ERROR, message)])
