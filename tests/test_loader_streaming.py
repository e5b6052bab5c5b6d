"""Records are checked as the file is read: a large story is never one whole node tree.

Reading a section at a time must not change what the loader says: the
story's time zone still applies to sections written before it, ids still
clash in the format's order, and a YAML mistake anywhere still stops the
load with that mistake alone.
"""

from __future__ import annotations

import gc
import tracemalloc
from datetime import UTC, datetime

from generate_story import generate_story_yaml
from loader_helpers import diagnostics_of, errors_of, load_text, minimal_text, replace_once

from crisis_tui.loader import Severity, StoryError, load_story_text

HEAD = "format: crisis-story/1\n"
STORY = "story: {title: Order, timezone: America/Caracas}\n"
SOURCES = "sources: [{id: report}]\n"
ACTORS = "actors: [{id: alice, name: Alice, sources: [report]}]\n"


def test_a_section_written_before_the_story_reads_its_dates_in_the_story_zone() -> None:
    events = "events: [{id: dawn, title: Dawn, when: '2019-04-30T06:00', sources: [report]}]\n"
    before = load_text(HEAD + events + SOURCES + STORY).story
    after = load_text(HEAD + STORY + SOURCES + events).story
    expected = datetime(2019, 4, 30, 10, 0, tzinfo=UTC)  # Caracas is UTC-4
    assert [event.when.start for event in before.events] == [expected]
    assert [event.when.start for event in after.events] == [expected]


def test_an_id_used_twice_names_the_first_use_in_the_format_order_not_the_file_order() -> None:
    quotes = "quotes: [{id: alice, text: Hi, speaker: alice, sources: [report]}]\n"
    text = HEAD + STORY + SOURCES + quotes + ACTORS
    errors = errors_of(text)
    assert [(d.line, d.message) for d in errors] == [
        (4, "duplicate id 'alice' (first used on line 5)")
    ]


def test_a_yaml_mistake_after_many_bad_records_is_the_only_thing_reported() -> None:
    quotes = "".join(
        f"  - {{id: q{n}, text: Hi, speaker: ghost-{n}, sources: [report]}}\n" for n in range(50)
    )
    text = HEAD + STORY + SOURCES + ACTORS + "quotes:\n" + quotes + "links: [unclosed\n"
    diagnostics = diagnostics_of(text)
    assert len(diagnostics) == 1
    assert diagnostics[0].message.startswith("invalid YAML")
    assert "starts at line 56" in diagnostics[0].message


def test_a_section_written_twice_is_refused_and_its_second_copy_still_read_for_mistakes() -> None:
    text = minimal_text() + "quotes:\n  - [[[[\n"
    diagnostics = diagnostics_of(text)
    assert len(diagnostics) == 1
    assert diagnostics[0].message.startswith("invalid YAML")
    deep = minimal_text() + "quotes:\n  - " + "[" * 200 + "]" * 200 + "\n"
    [too_deep] = diagnostics_of(deep)
    assert too_deep.message.startswith("nesting deeper than 100 levels")


def test_the_same_bad_date_is_reported_at_every_place_it_is_written() -> None:
    text = replace_once(minimal_text(), '"2019-04-30T06:15"', '"2019-02-30"')
    text = text.replace(
        "    sources: [report]\nlinks:", '    when: "2019-02-30"\n    sources: [report]\nlinks:'
    )
    errors = errors_of(text)
    assert [d.line for d in errors] == [30, 41]
    assert errors[0].message == errors[1].message
    assert "is not a date on the calendar" in errors[0].message


def test_records_written_with_the_same_date_share_one_date() -> None:
    story = load_text(generate_story_yaml(200, seed=3)).story
    dated = [quote.when for quote in story.quotes if quote.when is not None]
    assert len({id(date) for date in dated}) == len({date.iso for date in dated})


def test_loading_costs_a_few_times_the_file_not_a_node_tree_of_it() -> None:
    """A whole node tree cost about 19 times the file; records read one at a time, about 7."""
    text = generate_story_yaml(2_000, seed=3)
    tracemalloc.start()
    try:
        load_text(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * len(text.encode())


def test_a_refused_story_leaves_nothing_for_the_cyclic_collector() -> None:
    """What checking built goes as soon as the error does, not at some later collection.

    At a collection it would cost a pause proportional to the file, and until
    then the memory.
    """
    quotes = "".join(
        f"  - {{id: q{n}, text: Hi, speaker: ghost-{n}, sources: [report]}}\n" for n in range(500)
    )
    text = HEAD + STORY + SOURCES + ACTORS + "quotes:\n" + quotes
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        errors = _errors_then_collected(text)
        assert errors == 500
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()


def _errors_then_collected(text: str) -> int:
    """The errors in ``text``, counted without keeping the exception (or making a cycle of it)."""
    try:
        load_story_text(text)
    except StoryError as error:
        return sum(d.severity is Severity.ERROR for d in error.diagnostics)
    raise AssertionError("the story was accepted")
