"""One fixture per loader rule: each names the line, the column and the fix.

Every file in tests/fixtures/invalid/ is the minimal valid story with one
mistake (its first line says which). The table below is what an author must
see for it: ``FILE:LINE:COL: error: message`` at the offending node, with a
did-you-mean where a near miss is obvious.
"""

from __future__ import annotations

import re

import pytest
from loader_helpers import INVALID, MINIMAL

from crisis_tui.loader import Severity, StoryError, load_story

Expected = tuple[int, int, str]
"""(line, column, a phrase the message must contain)."""

RULES: dict[str, list[Expected]] = {
    # The document and its top level
    "missing-format": [(2, 1, "missing 'format: crisis-story/1' at the top of the file")],
    "unsupported-format": [
        (2, 9, "unsupported format 'crisis-story/2': this version reads 'crisis-story/1'")
    ],
    "unknown-top-level-key": [(42, 1, "unknown top-level key 'link'; did you mean 'links'?")],
    "missing-story": [(2, 1, "missing 'story:' with at least a title")],
    "story-not-mapping": [(3, 8, "story must be a mapping of keys to values")],
    "top-level-list": [(2, 1, "the story file must be a mapping of keys to values")],
    "invalid-yaml": [(33, 16, "invalid YAML: while parsing a flow sequence")],
    "two-documents": [(47, 1, "a story file holds one YAML document; found a second")],
    # Keys and shapes
    "missing-required-field": [(15, 5, "actor 'alice' is missing required 'name'")],
    "unknown-key": [(20, 5, "unknown key 'rol' in actor; did you mean 'role'?")],
    "duplicate-key": [
        (30, 5, "duplicate key 'title' (first on line 29); YAML would silently keep only the last")
    ],
    "key-not-text": [(6, 5, "a key must be plain text")],
    "merge-key": [(22, 5, "merge keys ('<<') are not supported")],
    "section-not-list": [(7, 3, "'sides' must be a list of side mappings")],
    "record-not-mapping": [(37, 5, "each quote must be a mapping of keys to values")],
    "refs-not-list": [(32, 13, "'actors' must be a list, e.g. [alice]")],
    "text-given-a-list": [(29, 12, "'title' must be a single value, found a list")],
    # Types and values
    "text-unquoted-number": [
        (21, 11, "'name' must be text; unquoted, YAML reads 1984 as a number: write \"1984\"")
    ],
    "country-unquoted-no": [(19, 14, 'unquoted, YAML reads NO as false: write "NO" in quotes')],
    "country-not-iso": [(19, 14, "country 'VEN' is not an ISO 3166 alpha-2 code")],
    "unknown-enum-value": [
        (17, 11, "'persn' is not a valid kind (one of: person, organisation,"),
        (17, 11, "did you mean 'person'?"),
    ],
    "unknown-link-type": [
        (45, 11, "'suports' is not a valid type"),
        (45, 11, "did you mean 'supports'?"),
    ],
    "flag-not-boolean": [(31, 18, "'approximate' must be true or false")],
    "count-not-positive": [(13, 17, "'paragraphs' must be a whole number from 1 to 100000")],
    "number-not-number": [(27, 10, "'lat' must be a number; found the text 'north'")],
    # Ids and references
    "invalid-id": [(43, 9, "'Support_1' is not a valid id: use lowercase letters, digits and '-'")],
    "id-unquoted-date": [(43, 9, "an id must be text; unquoted, YAML reads 2019-04-30 as a date")],
    "duplicate-id": [(27, 9, "duplicate id 'alice' (first used on line 15)")],
    "unknown-reference": [(39, 14, "'speaker' names unknown actor 'alise'; did you mean 'alice'?")],
    "wrong-kind-reference": [(39, 14, "'speaker' must name an actor, but 'city' is a place")],
    "within-cycle": [(27, 13, "places are within each other in a cycle: city → district → city")],
    "within-itself": [
        (27, 13, "place 'city' cannot refer to itself"),
        (27, 13, "cycle: city → city"),
    ],
    # Citations
    "citation-unknown-source": [
        (41, 15, "citation names unknown source 'reprot'; did you mean 'report'?")
    ],
    "citation-not-a-source": [(41, 15, "citation names an actor, not a source: 'alice'")],
    "citation-unknown-key": [(35, 26, "unknown key 'paragraph' in citation; did you mean 'para'?")],
    "citation-without-source": [(35, 9, "a citation needs 'source: ID'")],
    "para-out-of-range": [(35, 32, "paragraph 11 is outside source 'report', which has 10")],
    "para-zero": [(35, 32, "'para' must be a whole number from 1 to 100000, not 0")],
    "event-not-cited": [(28, 5, "event 'meeting' is missing required 'sources'")],
    "quote-no-sources": [(41, 14, "'sources' must cite at least one source")],
    # Dates and zones
    "date-not-on-calendar": [(30, 11, "'2019-02-30' is not a date on the calendar")],
    "date-bad-format": [(30, 11, "'30/04/2019' is not a date: write YYYY, YYYY-MM, YYYY-MM-DD")],
    "time-unquoted": [
        (30, 11, "unquoted, YAML reads 6:15 as the number 375; write the full date in quotes")
    ],
    "time-without-date": [(30, 11, "'06:15' is a time without a date: write both")],
    "month-out-of-range": [(30, 11, "'2019-13' has month 13: months run from 1 to 12")],
    "bad-utc-offset": [(30, 11, "'+25:00' is not a UTC offset")],
    "until-before-when": [(31, 12, "'until' 2019-04-29 is before 'when' 2019-04-30T06:15")],
    "until-before-since": [(47, 12, "'until' 2018 is before 'since' 2019")],
    "unknown-timezone": [
        (5, 13, "unknown timezone 'America/Caracs': use an IANA name"),
        (5, 13, "did you mean 'America/Caracas'?"),
    ],
    "timezone-is-a-region": [(5, 13, "unknown timezone 'America'")],
    # Hostile YAML
    "python-tag": [
        (6, 12, "tag '!!python/object/apply:os.system' is not allowed: a story is plain data"),
        (6, 12, "'summary' must be a single value"),
    ],
    "custom-tag": [
        (4, 10, "tag '!secret' is not allowed: a story is plain data"),
        (4, 10, "'title' must be text; found a value tagged '!secret'"),
    ],
    "alias-bomb": [(90, 5, "YAML aliases expand this file beyond any real story's size")],
}


def _cases() -> list[str]:
    return sorted(RULES)


def test_every_invalid_fixture_has_its_expectation() -> None:
    on_disk = {path.stem for path in INVALID.glob("*.yaml")} - {"ten-mistakes"}
    assert on_disk == set(RULES)


def test_the_minimal_story_the_fixtures_derive_from_is_valid() -> None:
    loaded = load_story(MINIMAL)
    assert loaded.warnings == ()


@pytest.mark.parametrize("name", _cases())
def test_invalid_fixture_reports_its_mistake_at_the_offending_node(name: str) -> None:
    path = INVALID / f"{name}.yaml"
    with pytest.raises(StoryError) as raised:
        load_story(path)
    diagnostics = raised.value.diagnostics
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    expected = RULES[name]
    # One mistake, one place: nothing else in the file may be reported as an error.
    assert {(d.line, d.column) for d in errors} == {(line, col) for line, col, _ in expected}
    text = "\n".join(str(d) for d in errors)
    for line, column, phrase in expected:
        assert f"{path}:{line}:{column}: error: " in text
        assert any(phrase in d.message for d in errors if (d.line, d.column) == (line, column)), (
            f"no error at {line}:{column} says {phrase!r}; got:\n{text}"
        )


@pytest.mark.parametrize("name", _cases())
def test_each_diagnostic_is_one_compiler_style_line(name: str) -> None:
    path = INVALID / f"{name}.yaml"
    with pytest.raises(StoryError) as raised:
        load_story(path)
    pattern = re.compile(rf"{re.escape(str(path))}:\d+:\d+: (error|warning): \S.*")
    for diagnostic in raised.value.diagnostics:
        assert pattern.fullmatch(str(diagnostic)), str(diagnostic)
        assert diagnostic.path == str(path)
        assert diagnostic.line >= 1
        assert diagnostic.column >= 1
    assert str(raised.value) == "\n".join(str(d) for d in raised.value.diagnostics)


def test_diagnostics_are_sorted_by_position() -> None:
    path = INVALID / "ten-mistakes.yaml"
    with pytest.raises(StoryError) as raised:
        load_story(path)
    positions = [(d.line, d.column) for d in raised.value.diagnostics]
    assert positions == sorted(positions)


def test_fixture_files_are_small() -> None:
    """Each fixture isolates one rule, so it stays a copy of the minimal story."""
    for path in INVALID.glob("*.yaml"):
        assert path.stat().st_size < 8 * 1024, path.name
