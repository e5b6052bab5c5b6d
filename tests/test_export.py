"""Exports: JSON that loads again unchanged, CSV with the format's keys, a Markdown brief."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loader_helpers import (
    CONTROL_CHARACTERS,
    DATES,
    MINIMAL,
    WARNINGS,
    bundled_path,
    load_text,
    minimal_text,
    replace_once,
)

from crisis_tui.export import EXPORT_FORMATS, export_story
from crisis_tui.loader import load_story, load_story_text
from crisis_tui.loader.spec import FORMAT, SECTIONS
from crisis_tui.model import Story

_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]<>#|!~])")


def _json_round_trip(story: Story) -> tuple[str, str]:
    first = export_story(story, "json")
    again = load_story_text(first, "export.json").story
    return first, export_story(again, "json")


def test_export_formats_are_json_csv_markdown() -> None:
    assert set(EXPORT_FORMATS) == {"json", "csv", "markdown"}


# -- JSON ----------------------------------------------------------------


@pytest.mark.parametrize("path", [MINIMAL, DATES, WARNINGS], ids=lambda p: p.stem)
def test_json_round_trips(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    first, second = _json_round_trip(load_story(path).story)
    assert first == second


def test_bundled_story_round_trips_through_json() -> None:
    story = load_story(bundled_path()).story
    first, second = _json_round_trip(story)
    assert first == second
    reloaded = load_story_text(first, "export.json")
    assert reloaded.warnings == ()
    assert [e.id for e in reloaded.story.entities()] == [e.id for e in story.entities()]


def test_json_is_the_story_format_with_ids_for_references() -> None:
    data = json.loads(export_story(load_story(MINIMAL).story, "json"))
    assert data["format"] == FORMAT
    assert data["story"] == {"title": "Minimal story", "timezone": "America/Caracas"}
    assert list(data) == ["format", "story", *SECTIONS]
    assert data["quotes"] == [
        {
            "id": "hello",
            "text": "Hello",
            "speaker": "alice",
            "kind": "verbatim",
            "event": "meeting",
            "sources": ["report"],
        }
    ]
    assert data["events"][0]["sources"] == [{"source": "report", "para": 2}]
    assert data["events"][0]["when"] == "2019-04-30T06:15"
    assert data["links"] == [
        {"from": "alice", "to": "outlet", "type": "supports", "sources": ["report"]}
    ]


def test_json_keeps_partial_dates_and_events_in_timeline_order() -> None:
    data = json.loads(export_story(load_story(DATES).story, "json"))
    assert [(e["id"], e["when"]) for e in data["events"]][:3] == [
        ("e-year", "2019"),
        ("e-month", "2019-04"),
        ("e-day-first", "2019-04-30"),
    ]


def test_json_of_chosen_sections_only() -> None:
    data = json.loads(export_story(load_story(MINIMAL).story, "json", ("quotes",)))
    assert list(data) == ["format", "story", "quotes"]


def test_json_escapes_control_characters_and_loses_nothing() -> None:
    raw = "\x1b[31mred\x1b[0m \x07 \x9b2J\x85\u2028"
    text = replace_once(minimal_text(), "text: Hello", f"text: {json.dumps(raw)}")
    story = load_text(text).story
    exported = export_story(story, "json")
    assert not CONTROL_CHARACTERS.search(exported.replace("\n", ""))
    assert "\\u001b[31m" in exported
    assert "\\u009b" in exported
    reloaded = load_story_text(exported, "export.json").story
    assert reloaded.quotes[0].text == raw


@pytest.mark.parametrize(
    "words",
    ["a\ufffeb", "a\uffffb", "a \u2028b", "a \u2029b"],
    ids=["U+FFFE", "U+FFFF", "space-U+2028", "space-U+2029"],
)
def test_json_round_trips_characters_yaml_reads_specially(words: str) -> None:
    text = replace_once(minimal_text(), "text: Hello", f"text: {json.dumps(words)}")
    story = load_text(text).story
    assert story.quotes[0].text == words
    first, second = _json_round_trip(story)
    assert first == second
    assert load_story_text(first, "export.json").story.quotes[0].text == words


@pytest.mark.parametrize("value", ["0.00001", "-0.000001", "1.5e+1"])
def test_json_round_trips_coordinates_of_any_size(value: str) -> None:
    text = replace_once(minimal_text(), "    kind: city\n", f"    kind: city\n    lat: {value}\n")
    story = load_text(text).story
    assert story.places[0].lat == float(value)
    first, second = _json_round_trip(story)
    assert first == second
    assert load_story_text(first, "export.json").story.places[0].lat == float(value)


@settings(
    max_examples=150,
    deadline=2000,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.text(min_size=1, max_size=40))
def test_any_quote_text_round_trips_through_json(words: str) -> None:
    quoted = yaml.safe_dump(words, default_style='"', width=10_000).strip()
    quoted = quoted.removesuffix("...").strip()
    text = replace_once(minimal_text(), "text: Hello", f"text: {quoted}")
    story = load_text(text).story
    assert story.quotes[0].text == words
    first, second = _json_round_trip(story)
    assert first == second
    assert load_story_text(first, "export.json").story.quotes[0].text == words


# -- CSV -----------------------------------------------------------------


def _csv_rows(story: Story, section: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(export_story(story, "csv", (section,)))))


@pytest.mark.parametrize("section", list(SECTIONS))
def test_csv_header_is_the_format_keys_and_one_row_per_record(section: str) -> None:
    story = load_story(MINIMAL).story
    rows = _csv_rows(story, section)
    assert rows[0] == [spec.key for spec in SECTIONS[section].fields]
    assert len(rows) - 1 == len(getattr(story, section))


@pytest.mark.parametrize("section", list(SECTIONS))
def test_bundled_csv_has_one_row_per_record(section: str) -> None:
    story = load_story(bundled_path()).story
    rows = _csv_rows(story, section)
    assert rows[0] == [spec.key for spec in SECTIONS[section].fields]
    assert len(rows) - 1 == len(getattr(story, section))
    assert all(len(row) == len(rows[0]) for row in rows)


def test_csv_cells_flatten_lists_citations_and_references() -> None:
    story = load_story(MINIMAL).story
    header, row = _csv_rows(story, "events")
    cells = dict(zip(header, row, strict=True))
    assert cells["id"] == "meeting"
    assert cells["when"] == "2019-04-30T06:15"
    assert cells["place"] == "city"
    assert cells["actors"] == "alice"
    assert cells["sources"] == "report:2"
    assert cells["until"] == ""
    assert cells["approximate"] == ""


def test_csv_needs_exactly_one_section() -> None:
    with pytest.raises(ValueError, match="unpack"):
        export_story(load_story(MINIMAL).story, "csv", ("quotes", "events"))


def test_csv_makes_control_characters_visible() -> None:
    text = replace_once(minimal_text(), "text: Hello", 'text: "\\e[2Jgone"')
    exported = export_story(load_text(text).story, "csv", ("quotes",))
    assert "\x1b" not in exported
    assert "\u241b[2Jgone" in exported


# -- Markdown ------------------------------------------------------------


def _unescape(markdown: str) -> str:
    return _MARKDOWN_ESCAPE.sub(r"\1", markdown)


def test_markdown_brief_attributes_every_bundled_quote() -> None:
    story = load_story(bundled_path()).story
    brief = _unescape(export_story(story, "markdown"))
    assert brief.startswith(f"# {story.info.title}\n")
    flattened = " ".join(brief.split())
    for quote in story.quotes:
        assert " ".join(quote.text.split()) in flattened, quote.id
        assert quote.speaker.name in brief, quote.id


def test_markdown_brief_has_a_heading_per_section() -> None:
    brief = export_story(load_story(MINIMAL).story, "markdown")
    for heading in ("Sides", "Timeline", "Quotes", "Actors", "Relations", "Places", "Sources"):
        assert f"\n## {heading}\n" in brief
    assert "### 30 Apr 2019" in brief
    assert "“Hello”" in brief
    assert "**Alice**" in brief


def test_markdown_of_chosen_sections_only() -> None:
    brief = export_story(load_story(MINIMAL).story, "markdown", ("quotes",))
    assert "## Quotes" in brief
    assert "## Timeline" not in brief
    assert "## Actors" not in brief


def test_markdown_marks_fragments_and_never_quotes_paraphrase() -> None:
    text = replace_once(
        minimal_text(), "    speaker: alice\n", "    speaker: alice\n    kind: paraphrase\n"
    )
    brief = export_story(load_text(text).story, "markdown", ("quotes",))
    assert "*(paraphrase)* Hello" in brief
    assert "“Hello”" not in brief
    text = replace_once(
        minimal_text(), "    speaker: alice\n", "    speaker: alice\n    kind: fragment\n"
    )
    assert "“…Hello…”" in export_story(load_text(text).story, "markdown", ("quotes",))


def test_markdown_story_text_is_inert() -> None:
    hostile = "[click](http://evil.invalid) <script>x</script> *bold* \x1b[31m\nsecond line"
    text = replace_once(minimal_text(), "text: Hello", f"text: {json.dumps(hostile)}")
    brief = export_story(load_text(text).story, "markdown")
    assert "\x1b" not in brief
    assert "[click](http" not in brief
    assert "<script>" not in brief
    assert "\\*bold\\*" in brief
    assert _unescape(brief).count("[click](http://evil.invalid) <script>x</script>") == 2
