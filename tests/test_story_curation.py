"""The bundled story keeps the curation rules of docs/curation.md that a machine can check.

Fidelity to the report itself (quotes word for word, attribution, medium) needs the report
beside the story and is audited by hand; these tests guard what the story file alone can
show: camps that hold together, actors placed in a camp by their words or a link, summaries
that name only the actors their event lists, citations that cover a record's quotes, and a
timeline that never puts a guessed date ahead of a known one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import combinations, pairwise

from loader_helpers import bundled_path

from crisis_tui.loader import load_story
from crisis_tui.model import Actor, Citation, Event, Link, Precision, Side, Story

BACKING = frozenset({"supports", "ally-of", "recognises"})
"""Link types that put the source actor behind the target."""

REPORT = "insider-report"


@cache
def bundled() -> Story:
    return load_story(bundled_path()).story


def backing_links(story: Story) -> Iterator[Link]:
    return (link for link in story.links if link.type in BACKING)


def opposed_sides(story: Story) -> set[frozenset[Side]]:
    """Pairs of sides whose members the story links with ``opposes``: the camps at odds."""
    return {
        frozenset({link.from_actor.side, link.to_actor.side})
        for link in story.links
        if link.type == "opposes"
        and link.from_actor.side is not None
        and link.to_actor.side is not None
        and link.from_actor.side is not link.to_actor.side
    }


def test_an_actor_never_opposes_someone_on_its_own_side() -> None:
    story = bundled()
    same_side = [
        (link.from_actor.id, link.to_actor.id)
        for link in story.links
        if link.type == "opposes"
        and link.from_actor.side is not None
        and link.from_actor.side is link.to_actor.side
    ]
    assert same_side == []


def test_an_actor_never_backs_someone_on_a_side_opposed_to_its_own() -> None:
    story = bundled()
    opposed = opposed_sides(story)
    crossing = [
        (link.from_actor.id, link.type, link.to_actor.id)
        for link in backing_links(story)
        if link.from_actor.side is not None
        and link.to_actor.side is not None
        and frozenset({link.from_actor.side, link.to_actor.side}) in opposed
    ]
    assert crossing == []


def test_no_side_holds_backers_of_two_opposed_camps() -> None:
    """A side is a camp: one whose members back both Guaidó's and Maduro's camps is not."""
    story = bundled()
    opposed = opposed_sides(story)
    for side in story.sides:
        backed = {side} | {
            link.to_actor.side
            for link in backing_links(story)
            if link.from_actor.side is side and link.to_actor.side is not None
        }
        torn = [
            sorted((first.id, second.id))
            for first, second in combinations(backed, 2)
            if frozenset({first, second}) in opposed
        ]
        assert torn == [], f"side {side.id} backs camps that oppose each other"


def _name_pattern(name: str) -> re.Pattern[str]:
    """A whole-word match for ``name``, its first letter in either case (sentence starts)."""
    first, rest = name[0], re.escape(name[1:])
    head = f"[{first.upper()}{first.lower()}]" if first.isalpha() else re.escape(first)
    return re.compile(rf"(?<!\w){head}{rest}(?!\w)")


@cache
def _actor_names(story: Story) -> tuple[tuple[re.Pattern[str], Actor], ...]:
    """Proper names and aliases of actors, longest first, so "Maduro's supporters" wins over
    "Maduro". A name shared with a place ("Venezuela") is left out: it names the place as often
    as the actor."""
    place_names = {name for place in story.places for name in (place.name, *place.aliases)}
    names = [
        (name, actor)
        for actor in story.actors
        for name in (actor.name, *actor.aliases)
        if name not in place_names and any(character.isupper() for character in name)
    ]
    names.sort(key=lambda pair: len(pair[0]), reverse=True)
    return tuple((_name_pattern(name), actor) for name, actor in names)


def named_actors(story: Story, text: str) -> set[Actor]:
    """The actors ``text`` names, each stretch of text counted for its longest name only."""
    taken = [False] * len(text)
    found: set[Actor] = set()
    for pattern, actor in _actor_names(story):
        for match in pattern.finditer(text):
            if not any(taken[match.start() : match.end()]):
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
                found.add(actor)
    return found


def test_the_name_finder_prefers_the_longest_name() -> None:
    story = bundled()
    found = {actor.id for actor in named_actors(story, "soldiers loyal to Maduro fled")}
    assert found == {"maduro-loyal-soldiers"}
    assert {actor.id for actor in named_actors(story, "Maduro's ally")} == {"nicolas-maduro"}


def test_an_event_names_only_actors_it_lists() -> None:
    """Who an event's title or summary names is who the event says took part (or reported)."""
    story = bundled()
    unlisted = {
        event.id: sorted(actor.id for actor in missing)
        for event in story.events
        if (
            missing := named_actors(story, f"{event.title}\n{event.summary or ''}")
            - set(event.actors)
            - set(event.reported_by)
        )
    }
    assert unlisted == {}


def _paragraphs(citations: tuple[Citation, ...]) -> set[int]:
    """The report paragraphs cited; a photograph or video credited alone cites none."""
    return {
        citation.para
        for citation in citations
        if citation.para is not None and citation.source.id == REPORT
    }


def test_an_event_cites_every_paragraph_its_quotes_come_from() -> None:
    story = bundled()
    uncited = {
        quote.id: sorted(_paragraphs(quote.sources) - _paragraphs(quote.event.sources))
        for quote in story.quotes
        if quote.event is not None
        and not _paragraphs(quote.sources) <= _paragraphs(quote.event.sources)
    }
    assert uncited == {}


def test_every_record_cites_a_paragraph_of_the_report() -> None:
    story = bundled()
    records: list[tuple[str, tuple[Citation, ...]]] = [
        *((actor.id, actor.sources) for actor in story.actors),
        *((place.id, place.sources) for place in story.places),
        *((event.id, event.sources) for event in story.events),
        *((quote.id, quote.sources) for quote in story.quotes),
        *(
            (f"{link.from_actor.id} {link.type} {link.to_actor.id}", link.sources)
            for link in story.links
        ),
    ]
    assert [name for name, sources in records if not _paragraphs(sources)] == []


def test_a_guessed_date_never_sorts_ahead_of_a_known_one_at_the_same_instant() -> None:
    """Undated background sorts at its window's first instant; a dated event there comes first."""
    story = bundled()
    misordered = [
        (earlier.id, later.id)
        for earlier, later in pairwise(story.events)
        if earlier.when.start == later.when.start and earlier.approximate and not later.approximate
    ]
    assert misordered == []


def _coarse(event: Event) -> bool:
    return event.when.precision in (Precision.YEAR, Precision.MONTH)


def test_an_approximate_year_or_month_says_how_long_its_window_runs() -> None:
    """ "2019" alone would read as New Year's Day; an ``until`` bounds the guess instead."""
    story = bundled()
    unbounded = [
        event.id
        for event in story.events
        if event.approximate and _coarse(event) and event.until is None
    ]
    assert unbounded == []


QUOTED = re.compile(r"[\"“]([^\"”]+)[\"”]")
"""Words a summary or title puts in quotation marks."""


def _quoted_phrases(story: Story) -> Iterator[tuple[str, str, set[int]]]:
    """(record id, quoted phrase, paragraphs the record cites) for every quoted phrase."""
    for actor in story.actors:
        for phrase in QUOTED.findall(actor.summary or ""):
            yield actor.id, phrase, _paragraphs(actor.sources)
    for event in story.events:
        for phrase in QUOTED.findall(f"{event.title}\n{event.summary or ''}"):
            yield event.id, phrase, _paragraphs(event.sources)


def test_words_in_quotation_marks_are_a_quote_the_record_cites() -> None:
    """Summaries are our own words; words they quote are the report's, from a cited paragraph."""
    story = bundled()
    printed = [quote for quote in story.quotes if quote.kind != "paraphrase"]
    uncited = [
        (record, phrase)
        for record, phrase, cited in _quoted_phrases(story)
        if not any(phrase in quote.text and _paragraphs(quote.sources) & cited for quote in printed)
    ]
    assert uncited == []


PRESS_SIDE = "media"
"""The one side that is not a camp: its members report, they back no one."""


def test_an_actor_in_a_camp_is_placed_there_by_its_own_words_or_a_relation() -> None:
    """A side rests on something the story records: the actor's words, or a link tying it
    to the crisis. An office alone places no one: the report only says the President was
    briefed, so he stays without a side."""
    story = bundled()
    placed = {quote.speaker for quote in story.quotes} | {
        actor for link in story.links for actor in (link.from_actor, link.to_actor)
    }
    unplaced = [
        actor.id
        for actor in story.actors
        if actor.side is not None and actor.side.id != PRESS_SIDE and actor not in placed
    ]
    assert unplaced == []
