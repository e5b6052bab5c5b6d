"""Numbers and dates are bounded when the story loads, not when something later prints them.

A story that passes ``validate`` must export and open: a paragraph number of
thousands of digits or a latitude no float can hold is refused at its line,
and a date is written in ASCII digits and sorts by the instant it names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from loader_helpers import FIXTURES, errors_of, load_text, minimal_text, replace_once

from crisis_tui.cli import main
from crisis_tui.loader.spec import CITATION_PARA, SECTIONS, Field, FieldType
from crisis_tui.model.dates import parse_partial_date
from crisis_tui.schema import story_schema

HOSTILE = FIXTURES / "hostile"

REFUSED: dict[str, tuple[int, int, str]] = {
    "number-para-hex": (40, 38, "'para' must be a whole number from 1 to 100000, not 0xfff"),
    "number-paragraphs-hex": (13, 17, "'paragraphs' must be a whole number from 1 to 100000"),
    "number-para-decimal-5000-digits": (40, 38, "(5,000 characters)"),
    "number-lat-310-digits": (27, 10, "'lat' must be a number from -90 to 90, not 9999"),
    "number-lon-out-of-range": (28, 10, "'lon' must be a number from -180 to 180, not -266.9"),
    "number-lat-arabic-exponent": (27, 10, "'lat' must be a number; found the text"),
    "date-arabic-digits": (30, 11, "'٢٠١٩' is not a date: write its digits as 0-9"),
    "date-time-base-60-5000-digits": (30, 11, "as a number; write the date in quotes"),
}


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="crisis-tui")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stderr


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_validate_refuses_the_number_at_its_line(name: str) -> None:
    path = HOSTILE / f"{name}.yaml"
    line, column, phrase = REFUSED[name]
    status, stderr = _invoke("validate", str(path))
    assert status == 1
    first, summary = stderr.splitlines()
    assert first.startswith(f"{path}:{line}:{column}: error: ")
    assert phrase in first
    assert len(first) < 200, "a huge value is quoted by its start and length, not in full"
    assert summary == f"{path}: invalid: 1 error"


@pytest.mark.parametrize("name", ["number-para-hex", "number-lat-310-digits"])
@pytest.mark.parametrize("format_name", ["json", "markdown"])
def test_export_gives_the_same_located_error_instead_of_crashing(
    name: str, format_name: str
) -> None:
    path = HOSTILE / f"{name}.yaml"
    status, stderr = _invoke("export", "--story", str(path), "--format", format_name)
    assert status == 1
    assert stderr.startswith(f"{path}:{REFUSED[name][0]}:")


def _numeric_fields() -> list[tuple[str, Field]]:
    fields = [("citation", CITATION_PARA)]
    for section in SECTIONS.values():
        fields += [
            (section.key, spec)
            for spec in section.fields
            if spec.type in (FieldType.NUMBER, FieldType.COUNT)
        ]
    return fields


def test_every_number_field_has_bounds_and_the_schema_states_them() -> None:
    schema = story_schema()
    citation = schema["$defs"]["citation"]["anyOf"][1]["properties"]
    for section, spec in _numeric_fields():
        assert spec.minimum is not None, spec.key
        assert spec.maximum is not None, spec.key
        declared = (
            citation[spec.key]
            if section == "citation"
            else schema["properties"][section]["items"]["properties"][spec.key]
        )
        assert (declared["minimum"], declared["maximum"]) == (spec.minimum, spec.maximum)
        assert declared["type"] == ("integer" if spec.type is FieldType.COUNT else "number")


_FIELD_LINES = {
    "para": ("sources: [report]\n", "sources: [{{source: report, para: {}}}]\n"),
    "paragraphs": ("    paragraphs: 10\n", "    paragraphs: {}\n"),
    "lat": ("    kind: city\n", "    kind: city\n    lat: {}\n"),
    "lon": ("    kind: city\n", "    kind: city\n    lon: {}\n"),
}


def _story_with(key: str, value: str) -> str:
    text = minimal_text()
    if key == "para":
        text = replace_once(text, "    paragraphs: 10\n", "")
    if key == "paragraphs":
        text = replace_once(text, "{source: report, para: 2}", "report")
    old, new = _FIELD_LINES[key]
    return text.replace(old, new.format(value), 1)


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [(spec.key, spec.minimum, spec.maximum) for _, spec in _numeric_fields()],
)
def test_the_loader_accepts_exactly_the_declared_range(key: str, low: int, high: int) -> None:
    assert set(_FIELD_LINES) == {spec.key for _, spec in _numeric_fields()}
    for inside in (low, high):
        load_text(_story_with(key, str(inside)))
    for outside in (low - 1, high + 1):
        (error,) = errors_of(_story_with(key, str(outside)))
        assert f"'{key}' must be a " in error.message
        assert f"from {low} to {high}" in error.message


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    st.sampled_from(sorted(_FIELD_LINES)),
    st.integers(min_value=-(10**4000), max_value=10**4000),
    st.sampled_from(["{}", "hex", "{:_}"]),
)
def test_any_integer_literal_loads_or_is_refused_at_its_line(
    key: str, number: int, form: str
) -> None:
    text = _story_with(key, hex(number) if form == "hex" else form.format(number))
    spec = next(spec for _, spec in _numeric_fields() if spec.key == key)
    assert spec.minimum is not None
    assert spec.maximum is not None
    if spec.minimum <= number <= spec.maximum:
        load_text(text)
    else:
        (error,) = errors_of(text)
        assert error.line > 0
        assert len(error.message) < 200


# -- dates -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["٢٠١٩", "2019-٠٤", "２０１９", "2019-04-30T06:15+٠٥:00"])
def test_dates_take_ascii_digits_only(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("0001-01-01T00:00+14:00", "0001-01-01T00:00Z"),
        ("0001-01-01T00:00+14:00", "0001-01-01T00:00+13:59"),
        ("9999-12-31T23:59Z", "9999-12-31T23:59-05:00"),
        ("9999-12-31T23:59-05:00", "9999-12-31T23:59-14:00"),
    ],
)
def test_times_at_the_ends_of_the_calendar_keep_their_offset_when_sorting(
    earlier: str, later: str
) -> None:
    first, second = parse_partial_date(earlier), parse_partial_date(later)
    assert first.start < second.start
    assert hash(first) != hash(second)
    assert (first.iso, second.iso) == (earlier, later)


def test_a_story_sorts_events_at_the_calendar_start_by_their_instant(tmp_path: Path) -> None:
    text = replace_once(
        minimal_text(),
        'when: "2019-04-30T06:15"',
        'when: "0001-01-01T00:00Z"\n'
        "    sources: [report]\n"
        "  - id: earlier\n"
        "    title: Earlier, far to the east\n"
        '    when: "0001-01-01T00:00+14:00"',
    )
    story = load_text(text).story
    assert [event.id for event in story.events] == ["earlier", "meeting"]


def test_a_quote_dated_at_the_calendar_end_still_sorts_before_undated_ones() -> None:
    text = replace_once(
        minimal_text(), "    event: meeting\n", '    when: "9999-12-31T23:59-05:00"\n'
    )
    undated = "  - id: undated\n    text: Undated\n    speaker: alice\n    sources: [report]\n"
    text = replace_once(text, "quotes:\n", "quotes:\n" + undated)
    story = load_text(text).story
    assert [quote.id for quote in story.quotes] == ["hello", "undated"]
