"""Valid stories load into linked records, with warnings for loose ends only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from loader_helpers import (
    BUNDLED,
    BUNDLED_PARAGRAPHS,
    DATES,
    MINIMAL,
    WARNINGS,
    bundled_path,
    load_text,
    minimal_text,
    replace_once,
)

from crisis_tui.loader import Severity, bundled_story_path, load_story, load_story_text
from crisis_tui.model import Actor, Event, Place, Precision, Quote, Side, Source


def test_minimal_story_builds_linked_records() -> None:
    loaded = load_story(MINIMAL)
    story = loaded.story
    assert loaded.warnings == ()
    assert story.info.title == "Minimal story"
    assert story.info.timezone == "America/Caracas"
    alice, outlet = story.actors
    assert isinstance(alice, Actor)
    assert alice.name == "Alice"
    assert alice.country == "VE"
    assert isinstance(alice.side, Side)
    assert alice.side.label == "Left"
    (source,) = story.sources
    assert isinstance(source, Source)
    assert source.publisher is outlet
    assert source.paragraphs == 10
    (event,) = story.events
    assert isinstance(event, Event)
    assert isinstance(event.place, Place)
    assert event.place.name == "City"
    assert event.actors == (alice,)
    assert event.reported_by == (outlet,)
    assert [(c.source, c.para, c.label) for c in event.sources] == [(source, 2, "report ¶2")]
    assert event.when.iso == "2019-04-30T06:15"
    assert event.when.start == datetime(2019, 4, 30, 10, 15, tzinfo=UTC)
    (quote,) = story.quotes
    assert isinstance(quote, Quote)
    assert quote.speaker is alice
    assert quote.event is event
    assert quote.kind == "verbatim"
    (link,) = story.links
    assert (link.from_actor, link.type, link.to_actor) == (alice, "supports", outlet)
    assert link.name == "Alice supports The Outlet"


def test_defaults_fill_what_the_file_leaves_out() -> None:
    text = (
        "format: crisis-story/1\nstory: {title: Defaults}\nsources: [{id: s}]\n"
        "actors: [{id: a, name: A}]\nquotes: [{id: q, text: Words, speaker: a, sources: [s]}]\n"
    )
    story = load_text(text).story
    assert story.info.timezone == "UTC"
    assert story.actors[0].kind == "person"
    assert story.sources[0].kind == "other"
    assert story.sources[0].name == "s"
    assert story.quotes[0].kind == "verbatim"
    assert story.quotes[0].when is None


def test_load_story_text_names_its_diagnostics() -> None:
    loaded = load_story_text(WARNINGS.read_text(encoding="utf-8"), "pasted")
    assert all(str(w).startswith("pasted:") for w in loaded.warnings)


def test_warnings_for_loose_ends_do_not_stop_loading() -> None:
    loaded = load_story(WARNINGS)
    assert [(w.line, w.column, w.severity, w.message) for w in loaded.warnings] == [
        (8, 9, Severity.WARNING, "side 'unused-side' is never referred to"),
        (12, 9, Severity.WARNING, "source 'never-cited' is never cited"),
        (17, 9, Severity.WARNING, "actor 'bystander' is never referred to"),
        (20, 9, Severity.WARNING, "place 'nowhere' is never referred to"),
    ]
    assert (
        str(loaded.warnings[2])
        == f"{WARNINGS}:17:9: warning: actor 'bystander' is never referred to"
    )
    assert loaded.story.get("bystander") is not None


def test_unquoted_yaml_dates_and_years_are_accepted_at_their_precision() -> None:
    story = load_story(DATES).story
    by_id = {event.id: event for event in story.events}
    assert by_id["e-day-first"].when.precision is Precision.DAY
    assert by_id["e-day-first"].when.display() == "30 Apr 2019"
    assert by_id["e-year"].when.precision is Precision.YEAR
    assert by_id["e-year"].when.display() == "2019"
    assert by_id["e-month"].when.display() == "Apr 2019"
    assert by_id["e-utc"].when.iso == "2019-04-30T05:00:00Z"
    assert by_id["e-offset"].when.iso == "2019-04-30T06:15+02:00"
    assert by_id["e-seconds"].until is not None
    assert by_id["e-seconds"].until.display() == "May 2019"


def test_times_without_offset_use_the_story_timezone() -> None:
    caracas = load_story(MINIMAL).story.events[0].when.start
    utc_text = replace_once(minimal_text(), "  timezone: America/Caracas\n", "")
    utc = load_text(utc_text).story.events[0].when.start
    assert caracas == datetime(2019, 4, 30, 10, 15, tzinfo=UTC)
    assert utc == datetime(2019, 4, 30, 6, 15, tzinfo=UTC)


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = replace_once(minimal_text(), "speaker: alice", "speaker: nobody")
    text = replace_once(text, "kind: person", "kind: human")
    text = replace_once(text, 'when: "2019-04-30T06:15"', 'when: "2019-02-29"')
    from loader_helpers import errors_of

    assert [e.line for e in errors_of(text)] == [17, 30, 39]


# -- the bundled story ---------------------------------------------------


def test_the_installed_package_carries_the_repository_story() -> None:
    assert bundled_story_path().read_bytes() == bundled_path().read_bytes()


def test_bundled_story_has_no_error_and_no_warning() -> None:
    loaded = load_story(bundled_path())
    assert [str(w) for w in loaded.warnings] == []
    story = loaded.story
    assert story.events
    assert story.quotes
    assert story.info.timezone == "America/Caracas"


def test_bundled_story_loads_the_same_from_text() -> None:
    path = bundled_path()
    from_file = load_story(path).story
    from_text = load_story_text(path.read_text(encoding="utf-8"), str(path)).story
    assert [e.id for e in from_file.entities()] == [e.id for e in from_text.entities()]


def test_every_bundled_event_and_quote_cites_a_paragraph_of_the_report() -> None:
    story = load_story(bundled_path()).story
    records: list[Event | Quote] = [*story.events, *story.quotes]
    for record in records:
        paragraphs = [c.para for c in record.sources if c.para is not None]
        assert paragraphs, f"{record.id} cites no paragraph"
        assert all(1 <= p <= BUNDLED_PARAGRAPHS for p in paragraphs), record.id


def test_every_bundled_citation_falls_inside_its_source() -> None:
    story = load_story(bundled_path()).story
    for entity in story.entities():
        for citation in getattr(entity, "sources", ()):
            if citation.para is not None:
                assert citation.source.paragraphs is not None
                assert 1 <= citation.para <= citation.source.paragraphs


def test_bundled_quote_kinds_and_speakers() -> None:
    story = load_story(bundled_path()).story
    for quote in story.quotes:
        assert quote.kind in ("verbatim", "fragment", "paraphrase")
        assert quote.text.strip() == quote.text
        assert quote.speaker in story.actors


@pytest.mark.skipif(not BUNDLED.is_file(), reason="bundled story not written yet")
def test_bundled_story_events_are_on_or_around_30_april_2019() -> None:
    story = load_story(BUNDLED).story
    assert any(event.when.day_key() == "30 Apr 2019" for event in story.events)
