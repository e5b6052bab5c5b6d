"""Hostile YAML: a story file is plain data, however it is dressed up.

Nothing here may run code, construct an object, expand aliases without bound,
recurse without bound or hang; the worst a file can get is a StoryError.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from loader_helpers import (
    CONTROL_CHARACTERS,
    INVALID,
    diagnostics_of,
    errors_of,
    load_text,
    messages,
    minimal_text,
    replace_once,
    time_limit,
)

from crisis_tui.loader import StoryError, load_story_text
from crisis_tui.text import visible

_SUMMARY_AFTER = "  timezone: America/Caracas\n"


def _with_story_summary(value: str) -> str:
    return replace_once(minimal_text(), _SUMMARY_AFTER, f"{_SUMMARY_AFTER}  summary: {value}\n")


# -- tags ----------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/object:os.system",
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
@pytest.mark.parametrize("where", ["checked-field", "unknown-key", "root", "key"])
def test_python_tags_never_run_and_are_refused(tmp_path: Path, tag: str, where: str) -> None:
    marker = tmp_path / "pwned"
    payload = f'{tag} ["touch {marker}"]'
    text = minimal_text()
    if where == "checked-field":
        text = _with_story_summary(payload)
    elif where == "unknown-key":
        text += f"payload: {payload}\n"
    elif where == "root":
        text = f"{payload}\n"
    else:
        text = replace_once(text, _SUMMARY_AFTER, f"{_SUMMARY_AFTER}  ? {payload}\n  : x\n")
    with pytest.raises(StoryError) as raised:
        load_story_text(text, "x.yaml")
    assert not marker.exists()
    if where in ("checked-field", "root"):
        assert f"tag '{tag}' is not allowed: a story is plain data" in str(raised.value)


def test_custom_tag_on_a_record_is_refused() -> None:
    text = replace_once(minimal_text(), "  - id: outlet\n", "  - !actor\n    id: outlet\n")
    assert "tag '!actor' is not allowed: a story is plain data" in messages(errors_of(text))


def test_standard_str_tag_is_the_other_way_to_quote() -> None:
    text = replace_once(minimal_text(), "name: The Outlet", "name: !!str 1984")
    assert load_text(text).story.get("outlet").name == "1984"  # type: ignore[union-attr]


# -- aliases -------------------------------------------------------------


def test_plain_aliases_within_reason_are_fine() -> None:
    text = replace_once(minimal_text(), "    speaker: alice\n", "    speaker: *who\n")
    text = replace_once(text, "    actors: [alice]\n", "    actors: [&who alice]\n")
    quote = load_text(text).story.quotes[0]
    assert quote.speaker.id == "alice"


def _billion_laughs(levels: int = 9) -> str:
    lines = ["lol:", '  - &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        items = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"  - &l{level} [{items}]")
    return "\n".join(lines) + "\n"


_ALIAS_BOUND = "YAML aliases expand this file beyond any real story's size; refusing to expand them"


@pytest.mark.parametrize(
    "use",
    ["  title: *l9\n", "  summary: *l9\n"],
    ids=["title", "summary"],
)
def test_billion_laughs_is_refused_without_expanding(use: str) -> None:
    text = _billion_laughs() + minimal_text().replace("  title: Minimal story\n", use)
    with time_limit(10):
        errors = errors_of(text)
    assert messages(errors) == [_ALIAS_BOUND]


def test_billion_laughs_in_a_list_field_is_refused_without_expanding() -> None:
    text = _billion_laughs() + replace_once(minimal_text(), "actors: [alice]", "actors: *l9")
    with time_limit(10):
        errors = errors_of(text)
    assert messages(errors) == [_ALIAS_BOUND]


def test_quadratic_alias_bomb_hits_the_expansion_bound() -> None:
    citations = ", ".join(["report"] * 2000)
    links = "".join("  - *link\n" for _ in range(2000))
    text = replace_once(
        minimal_text(),
        "links:\n  - from: alice\n    to: outlet\n    type: supports\n    sources: [report]\n",
        "links:\n  - &link {from: alice, to: outlet, type: supports, sources: ["
        + citations
        + "]}\n"
        + links,
    )
    with time_limit(10):
        errors = errors_of(text)
    assert messages(errors) == [_ALIAS_BOUND]


def test_alias_bomb_is_refused_before_any_other_check() -> None:
    text = (
        (INVALID / "alias-bomb.yaml")
        .read_text(encoding="utf-8")
        .replace("kind: person", "kind: persn")
    )
    assert messages(diagnostics_of(text)) == [_ALIAS_BOUND]


@pytest.mark.parametrize(
    ("edit", "phrase"),
    [
        (
            ("  title: Minimal story\n", "  title: &t [*t]\n"),
            "'*t' refers to a node that contains it",
        ),
        (("actors: [alice]", "actors: &a [alice, *a]"), "'*a' refers to a node that contains it"),
        (
            ("  - id: city\n", "  - &place\n    id: city\n    within: *place\n"),
            "'*place' refers to a node that contains it",
        ),
        (
            ("links:\n", "loop: &loop {self: *loop}\nlinks:\n"),
            "'*loop' refers to a node that contains it",
        ),
    ],
    ids=["title", "refs", "mapping", "unknown-key"],
)
def test_recursive_aliases_are_refused(edit: tuple[str, str], phrase: str) -> None:
    text = replace_once(minimal_text(), *edit)
    with time_limit(10):
        errors = errors_of(text)
    assert any(phrase in message for message in messages(errors)), messages(errors)


def test_merge_key_through_an_alias_is_refused() -> None:
    text = replace_once(minimal_text(), "    kind: media\n", "    <<: *defaults\n")
    text = replace_once(text, "    kind: person\n", "    kind: &defaults person\n")
    assert "merge keys ('<<') are not supported: write the fields out" in messages(errors_of(text))


# -- depth ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 10_000 + "1" + "}" * 10_000,
        "format: crisis-story/1\nstory:\n  title: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "- " * 2_000 + "x\n",
    ],
    ids=["lists", "mappings", "in-a-field", "block-lists"],
)
def test_very_deep_nesting_is_an_error_not_a_crash(text: str) -> None:
    with time_limit(20), pytest.raises(StoryError) as raised:
        load_story_text(text, "deep.yaml")
    assert raised.value.diagnostics


def test_nesting_deeper_than_the_c_stack_is_an_error_not_a_segfault(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 1_000_000 + "]" * 1_000_000, encoding="utf-8")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from crisis_tui.loader import StoryError, load_story\n"
        "try:\n"
        "    load_story(Path(sys.argv[1]))\n"
        "except StoryError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"exit status {result.returncode}"
    assert f"{path}:" in result.stdout


# -- control characters --------------------------------------------------


@pytest.mark.parametrize(
    ("escaped", "raw"),
    [
        (r"\e[31mred\e[0m", "\x1b[31mred\x1b[0m"),
        (r"bell\a", "bell\a"),
        (r"back\bspace", "back\bspace"),
        (r"csi\x9b2J", "csi\x9b2J"),
        (r"\u202Eevil", "\u202eevil"),
        (r"carriage\rreturn", "carriage\rreturn"),
    ],
    ids=["ansi", "bell", "backspace", "c1-csi", "bidi-override", "carriage-return"],
)
def test_control_characters_are_data_and_visible_defuses_them(escaped: str, raw: str) -> None:
    text = replace_once(minimal_text(), "text: Hello", f'text: "{escaped}"')
    quote = load_text(text).story.quotes[0]
    assert quote.text == raw
    shown = visible(quote.text)
    assert not CONTROL_CHARACTERS.search(shown)
    assert "\u202e" not in shown
    assert shown.replace("\u241b", "").replace("\ufffd", "") != ""


def test_visible_shows_escape_as_a_picture_and_keeps_the_rest() -> None:
    assert visible("\x1b[31mred\x1b[0m") == "\u241b[31mred\u241b[0m"
    assert visible("line one\nline two\ttab") == "line one\nline two\ttab"
    assert visible("line one\r\nline two\ttab", keep_newlines=False) == "line one line two tab"
    assert visible("del\x7f") == "del\u2421"


@pytest.mark.parametrize(
    ("edit", "phrase"),
    [
        (("links:\n", '"\\e]0;owned\\a": 1\nlinks:\n'), "unknown top-level key"),
        (('when: "2019-04-30T06:15"', 'when: "2019\\e[2J"'), "is not a date"),
        (('when: "2019-04-30T06:15"', 'when: "2019-04\\n-30"'), "is not a date"),
        (("America/Caracas", '"America/\\e[2J"'), "unknown timezone"),
        (("speaker: alice", 'speaker: "ali\\rce"'), "is not a valid id"),
    ],
    ids=["key-osc", "date-esc", "date-newline", "timezone-esc", "id-carriage-return"],
)
def test_diagnostics_never_carry_raw_control_characters(edit: tuple[str, str], phrase: str) -> None:
    diagnostics = errors_of(replace_once(minimal_text(), *edit))
    assert any(phrase in d.message for d in diagnostics), messages(diagnostics)
    for diagnostic in diagnostics:
        assert "\n" not in str(diagnostic), repr(str(diagnostic))
        assert not CONTROL_CHARACTERS.search(str(diagnostic)), repr(str(diagnostic))


@pytest.mark.parametrize("zone", ["America", "America/Argentina", "x" * 300])
def test_timezone_names_that_are_not_zone_files_are_unknown_timezones(zone: str) -> None:
    errors = errors_of(replace_once(minimal_text(), "America/Caracas", zone))
    assert [(e.line, e.column) for e in errors] == [(5, 13)]
    assert errors[0].message.startswith(f"unknown timezone '{zone}'")


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        (".inf", "'lat' must be a finite number, not .inf"),
        ("-.Inf", "'lat' must be a finite number, not -.Inf"),
        (".nan", "'lat' must be a finite number, not .nan"),
        ("1:30", "'lat': YAML reads 1:30 as base-60; write a plain number"),
        ("010", "'lat': YAML reads 010 as octal; write a plain number"),
    ],
)
def test_numbers_yaml_reads_specially_are_refused_with_a_reason(value: str, phrase: str) -> None:
    text = f"format: crisis-story/1\nstory: {{title: t}}\nplaces:\n  - {{id: a, name: A, lat: {value}}}\n"
    assert phrase in messages(errors_of(text))
