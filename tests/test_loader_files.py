"""Files that cannot be a story at all: one line saying why, never a traceback."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from loader_helpers import CONTROL_CHARACTERS, bundled_path, minimal_text, replace_once

from crisis_tui.cli import main
from crisis_tui.loader import Diagnostic, Severity, StoryError, load_story, load_story_text


def _only_diagnostic(path: Path, max_bytes: int | None = None) -> Diagnostic:
    limit = {} if max_bytes is None else {"max_bytes": max_bytes}
    with pytest.raises(StoryError) as raised:
        load_story(path, **limit)
    diagnostics = raised.value.diagnostics
    assert len(diagnostics) == 1, [str(d) for d in diagnostics]
    (diagnostic,) = diagnostics
    assert diagnostic.severity is Severity.ERROR
    assert diagnostic.path == str(path)
    assert "\n" not in str(diagnostic)
    assert "Traceback" not in str(diagnostic)
    return diagnostic


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nosuch.yaml"
    assert str(_only_diagnostic(path)) == f"{path}: error: no such file"


def test_directory(tmp_path: Path) -> None:
    assert str(_only_diagnostic(tmp_path)) == f"{tmp_path}: error: is a directory, not a story file"


def test_path_through_a_file(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(minimal_text(), encoding="utf-8")
    path = tmp_path / "story.yaml" / "inner.yaml"
    assert str(_only_diagnostic(path)).startswith(f"{path}: error: cannot be read")


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\n\t\n", b"# only a comment\n", b"\xef\xbb\xbf"],
    ids=["empty", "whitespace", "comment-only", "bom-only"],
)
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(content)
    assert str(_only_diagnostic(path)) == f"{path}: error: is empty"


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"], ids=["plain", "after-a-bom"])
def test_not_utf8_names_the_line(tmp_path: Path, mark: bytes) -> None:
    path = tmp_path / "latin1.yaml"
    text = "format: crisis-story/1\nstory:\n\xe9"
    path.write_bytes(mark + text.encode("latin-1"))
    assert str(_only_diagnostic(path)) == f"{path}:3:1: error: is not UTF-8 text"


def test_utf16_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes(minimal_text().encode("utf-16"))
    assert _only_diagnostic(path).message == "is not UTF-8 text"


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + minimal_text().encode("utf-8"))
    assert load_story(path).story.info.title == "Minimal story"


def test_over_the_size_bound(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(minimal_text(), encoding="utf-8")
    size = path.stat().st_size
    diagnostic = _only_diagnostic(path, max_bytes=100)
    assert diagnostic.message == f"is {size:,} bytes; stories are limited to 100"


def test_exactly_at_the_size_bound_loads(tmp_path: Path) -> None:
    path = tmp_path / "story.yaml"
    path.write_text(minimal_text(), encoding="utf-8")
    assert load_story(path, max_bytes=path.stat().st_size).story.info.title == "Minimal story"


def test_a_device_is_refused_before_anything_is_read() -> None:
    """/dev/zero reports size 0 but never ends: it is not read at all."""
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero here")
    diagnostic = _only_diagnostic(zero, max_bytes=1000)
    assert diagnostic.message == "is a character device, not a story file"


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(minimal_text(), encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: a mode-000 file is still readable")
        assert str(_only_diagnostic(path)) == f"{path}: error: permission denied"
    finally:
        path.chmod(0o644)


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("format: crisis-story/1\nstory:\n  title: [unclosed\n", encoding="utf-8")
    diagnostic = _only_diagnostic(path)
    assert diagnostic.line == 4
    assert str(diagnostic).startswith(f"{path}:4:1: error: invalid YAML: ")


def _unclose_a_quote(text: str) -> tuple[str, int, int]:
    """``text`` with one closing quote removed (near the middle), and where that text starts."""
    lines = text.split("\n")
    quoted = [n for n, line in enumerate(lines) if re.search(r': "[^"]*"$', line)]
    number = quoted[len(quoted) // 2]
    lines[number] = lines[number][:-1]
    return "\n".join(lines), number + 1, lines[number].index('"') + 1


def test_an_unclosed_quote_is_named_where_it_starts_not_only_where_parsing_failed() -> None:
    text, line, column = _unclose_a_quote(bundled_path().read_text(encoding="utf-8"))
    with pytest.raises(StoryError) as raised:
        load_story_text(text, "story.yaml")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.line > line, "the parser gives up later than the mistake"
    assert str(diagnostic).startswith(f"story.yaml:{diagnostic.line}:{diagnostic.column}: error: ")
    assert (
        f"the quoted text that starts at line {line}, column {column} runs on to line "
        in diagnostic.message
    )
    assert diagnostic.message.endswith("is its closing quote missing?")


@pytest.mark.parametrize(
    ("edit", "where", "message"),
    [
        (
            ("    text: Hello\n", '    text: "Hello\n'),
            (47, 1),
            "while scanning a quoted scalar that starts at line 38, column 11, "
            "found unexpected end of stream; is its closing quote missing?",
        ),
        (
            ("    actors: [alice]\n", "    actors: [alice\n"),
            (33, 16),
            "while parsing a flow sequence that starts at line 32, column 13, "
            "did not find expected ',' or ']'; is its closing ']' missing?",
        ),
    ],
    ids=["quote-to-end-of-file", "bracket"],
)
def test_an_unclosed_construct_names_the_line_it_starts_on(
    edit: tuple[str, str], where: tuple[int, int], message: str
) -> None:
    with pytest.raises(StoryError) as raised:
        load_story_text(replace_once(minimal_text(), *edit), "story.yaml")
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.line, diagnostic.column) == where
    assert diagnostic.message == f"invalid YAML: {message}"


def test_bad_indentation_names_line_and_column() -> None:
    with pytest.raises(StoryError) as raised:
        load_story_text("format: crisis-story/1\nstory:\n  title: T\n   summary: S\n", "x.yaml")
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.line, diagnostic.column) == (4, 11)
    assert diagnostic.message == "invalid YAML: mapping values are not allowed in this context"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("format: crisis-story/1\n---\nformat: crisis-story/1\n", "found a second"),
        ("- format: crisis-story/1\n", "the story file must be a mapping"),
        ("just some words\n", "the story file must be a mapping"),
        ("---\n", "the story file must be a mapping"),
        ("# a comment and nothing else\n", "x.yaml: error: is empty"),
    ],
    ids=["two-documents", "top-level-list", "top-level-text", "empty-document", "comment-only"],
)
def test_documents_that_are_not_one_mapping(text: str, message: str) -> None:
    with pytest.raises(StoryError) as raised:
        load_story_text(text, "x.yaml")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("character", ["\x00", "\x1b"], ids=["nul", "esc"])
def test_raw_control_character_is_one_line_at_its_position(character: str) -> None:
    text = replace_once(minimal_text(), "text: Hello", f"text: Hel{character}lo")
    with pytest.raises(StoryError) as raised:
        load_story_text(text, "x.yaml")
    (diagnostic,) = raised.value.diagnostics
    assert "\n" not in str(diagnostic)
    assert (diagnostic.line, diagnostic.column) == (38, 14)
    assert not CONTROL_CHARACTERS.search(str(diagnostic))


@pytest.mark.parametrize(
    "make",
    ["missing", "directory", "empty", "latin1", "yaml-syntax-error"],
)
def test_cli_prints_one_line_and_exits_1(tmp_path: Path, make: str) -> None:
    path = tmp_path / "story.yaml"
    if make == "directory":
        path.mkdir()
    elif make == "empty":
        path.write_bytes(b"")
    elif make == "latin1":
        path.write_bytes(b"format: \xe9\n")
    elif make == "yaml-syntax-error":
        path.write_text("a: [\n" * 3, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith(f"{path}")
    assert ": error: " in lines[0]
    assert lines[1] == f"{path}: invalid: 1 error"
    assert "Traceback" not in result.output
