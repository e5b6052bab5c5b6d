"""The model: lookup by id, chronological order, and links that hold both ways."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pytest
from loader_helpers import DATES, MINIMAL, WARNINGS, bundled_path, load_text, minimal_text

from crisis_tui.loader import StoryError, load_story
from crisis_tui.model import (
    Actor,
    Citation,
    Entity,
    Event,
    Link,
    Place,
    Quote,
    Side,
    Source,
    Story,
    StoryInfo,
)
from crisis_tui.model.dates import parse_partial_date
from crisis_tui.model.kinds import kind_of
from crisis_tui.model.story import LINK_LABELS

Reference = tuple[str, Entity, str, Entity]
"""(forward group on the origin, target, backward group on the target, entity seen there)."""


def _references(entity: Entity) -> Iterator[Reference]:
    """Every reference an entity makes, with the groups it must show up in."""

    def cited(citations: tuple[Citation, ...]) -> Iterator[Reference]:
        for citation in citations:
            yield ("Sources", citation.source, "Cited by", entity)

    match entity:
        case Quote():
            yield ("Speaker", entity.speaker, "Quotes", entity)
            if entity.event is not None:
                yield ("Event", entity.event, "Quotes", entity)
            for actor in entity.reported_by:
                yield ("Reported by", actor, "Relayed", entity)
            yield from cited(entity.sources)
        case Event():
            if entity.place is not None:
                yield ("Place", entity.place, "Events", entity)
            for actor in entity.actors:
                yield ("Actors", actor, "Events", entity)
            for actor in entity.reported_by:
                yield ("Reported by", actor, "Reported", entity)
            yield from cited(entity.sources)
        case Place():
            if entity.within is not None:
                yield ("Within", entity.within, "Places within", entity)
            yield from cited(entity.sources)
        case Actor():
            if entity.side is not None:
                yield ("Side", entity.side, "Actors", entity)
            yield from cited(entity.sources)
        case Source():
            if entity.publisher is not None:
                yield ("Publisher", entity.publisher, "Published", entity)
        case Link():
            outgoing, incoming = LINK_LABELS[entity.type]
            yield ("From", entity.from_actor, "", entity)
            yield ("To", entity.to_actor, "", entity)
            # An actor sees the actor at the other end, under the relation's name.
            yield (outgoing, entity.to_actor, incoming, entity.from_actor)
            yield from cited(entity.sources)
        case Side():
            return


def _groups(story: Story, entity: Entity) -> dict[str, tuple[Entity, ...]]:
    groups = story.related(entity)
    labels = [group.label for group in groups]
    assert len(labels) == len(set(labels)), f"repeated group in {labels}"
    return {group.label: group.entities for group in groups}


def _check_backlinks(story: Story) -> int:
    """Assert every reference shows both ways and nothing else shows; return the count."""
    expected_back: dict[Entity, dict[str, list[Entity]]] = defaultdict(lambda: defaultdict(list))
    checked = 0
    for origin in story.entities():
        origin_groups = _groups(story, origin)
        for forward, target, backward, seen in _references(origin):
            checked += 1
            if isinstance(origin, Link) and forward not in ("From", "To", "Sources"):
                # The relation shows on the actors it joins, not on the link record.
                assert target in _groups(story, origin.from_actor).get(forward, ()), (
                    f"{origin.from_actor.id}'s {forward!r} lacks {target.id}"
                )
                assert seen in _groups(story, target).get(backward, ()), (
                    f"{target.id}'s {backward!r} lacks {origin.from_actor.id}"
                )
                expected_back[origin.from_actor][forward].append(target)
                expected_back[target][backward].append(seen)
                continue
            assert target in origin_groups.get(forward, ()), (
                f"{kind_of(origin).singular} {origin.id}: {forward!r} lacks {target.id}"
            )
            if backward:
                assert seen in _groups(story, target).get(backward, ()), (
                    f"{kind_of(target).singular} {target.id}: {backward!r} lacks {origin.id}"
                )
                expected_back[target][backward].append(seen)
    # Nothing shows in a backward group that does not point here.
    backward_labels = {
        "Quotes",
        "Relayed",
        "Events",
        "Reported",
        "Published",
        "Cited by",
        "Places within",
        "Actors",
    }
    backward_labels |= {label for pair in LINK_LABELS.values() for label in pair}
    for entity in story.entities():
        for label, members in _groups(story, entity).items():
            if label in backward_labels and not (isinstance(entity, Event) and label == "Actors"):
                assert set(members) == set(expected_back[entity][label]), (
                    f"{kind_of(entity).singular} {entity.id}: unexpected members in {label!r}"
                )
    return checked


def test_minimal_story_links_hold_both_ways() -> None:
    story = load_story(MINIMAL).story
    assert _check_backlinks(story) >= 12


def test_bundled_story_links_hold_both_ways() -> None:
    story = load_story(bundled_path()).story
    assert _check_backlinks(story) > 200


def test_related_groups_come_in_a_fixed_order_and_never_empty() -> None:
    story = load_story(MINIMAL).story
    alice = story.get("alice")
    outlet = story.get("outlet")
    assert alice is not None
    assert outlet is not None
    assert [g.label for g in story.related(alice)] == ["Side", "Quotes", "Events", "Supports"]
    assert [g.label for g in story.related(outlet)] == ["Reported", "Published", "Supported by"]
    for entity in story.entities():
        assert all(group.entities for group in story.related(entity))


def test_related_groups_list_each_entity_once_in_story_order() -> None:
    text = minimal_text().replace(
        "      - {source: report, para: 2}\n",
        "      - {source: report, para: 2}\n      - {source: report, para: 3}\n",
    )
    story = load_text(text).story
    event = story.events[0]
    report = story.sources[0]
    assert {g.label: g.entities for g in story.related(event)}["Sources"] == (report,)
    cited_by = {g.label: g.entities for g in story.related(report)}["Cited by"]
    assert cited_by == (event, story.quotes[0], story.links[0])


@pytest.mark.parametrize("field", ["actors", "reported_by"])
def test_a_repeated_reference_is_refused_or_listed_once(field: str) -> None:
    old = "actors: [alice]" if field == "actors" else "reported_by: [outlet]"
    new = "actors: [alice, alice]" if field == "actors" else "reported_by: [outlet, outlet]"
    try:
        story = load_text(minimal_text().replace(old, new)).story
    except StoryError as error:
        refused = str(error)
    else:
        refused = ""
    if refused:
        assert "alice" in refused or "outlet" in refused
        return
    for entity in story.entities():
        for group in story.related(entity):
            assert len(group.entities) == len(set(group.entities)), (entity.id, group.label)


def test_get_finds_every_record_with_an_id() -> None:
    story = load_story(MINIMAL).story
    ids = [entity.id for entity in story.entities() if entity.id is not None]
    assert len(ids) == len(set(ids)) == len(story)
    for entity_id in ids:
        found = story.get(entity_id)
        assert found is not None
        assert found.id == entity_id
        assert entity_id in story
    assert story.get("nobody") is None
    assert "nobody" not in story
    assert 42 not in story


def test_get_on_the_bundled_story() -> None:
    story = load_story(bundled_path()).story
    for entity in story.entities():
        if entity.id is not None:
            assert story.get(entity.id) is entity


def test_events_are_chronological_with_ties_in_file_order() -> None:
    story = load_story(DATES).story
    assert [event.id for event in story.events] == [
        "e-year",
        "e-month",
        "e-day-first",
        "e-midnight",
        "e-day-second",
        "e-offset",
        "e-utc",
        "e-seconds",
    ]


def test_quotes_sort_by_own_time_then_event_time_and_undated_last() -> None:
    story = load_story(DATES).story
    assert [quote.id for quote in story.quotes] == [
        "q-own",
        "q-event",
        "q-tie-a",
        "q-tie-b",
        "q-undated",
    ]


def test_bundled_events_are_chronological() -> None:
    story = load_story(bundled_path()).story
    starts = [event.when.start for event in story.events]
    assert starts == sorted(starts)
    for earlier, later in zip(story.events, story.events[1:], strict=False):
        if earlier.when.start == later.when.start:
            assert earlier.index < later.index


def test_entities_come_kind_by_kind() -> None:
    story = load_story(WARNINGS).story
    kinds = [kind_of(entity).singular for entity in story.entities()]
    assert kinds == sorted(
        kinds, key=["side", "source", "actor", "place", "event", "quote", "link"].index
    )


@pytest.mark.parametrize(
    ("entity_id", "kind"),
    [
        ("left", "side"),
        ("report", "source"),
        ("alice", "actor"),
        ("city", "place"),
        ("meeting", "event"),
        ("hello", "quote"),
    ],
)
def test_kind_of(entity_id: str, kind: str) -> None:
    story = load_story(MINIMAL).story
    entity = story.get(entity_id)
    assert entity is not None
    assert kind_of(entity).singular == kind


def test_kind_of_link() -> None:
    story = load_story(MINIMAL).story
    assert kind_of(story.links[0]).singular == "link"


def test_records_compare_by_identity() -> None:
    first = Actor(id="a", name="Same")
    second = Actor(id="a", name="Same")
    assert first != second
    assert first == first
    assert len({first, second}) == 2


def test_citation_labels() -> None:
    article = Source(id="report", kind="article")
    tweet = Source(id="t", kind="tweet")
    assert Citation(article, 13).label == "report ¶13"
    assert Citation(article).label == "report"
    assert Citation(tweet).label == "tweet"
    assert Citation(tweet, 2).label == "tweet ¶2"


def test_a_story_built_by_hand_sorts_and_indexes_without_the_loader() -> None:
    alice = Actor(id="alice", name="Alice")
    later = Event(id="later", title="Later", when=parse_partial_date("2019-05"), actors=(alice,))
    earlier = Event(id="earlier", title="Earlier", when=parse_partial_date("2019-04-30"))
    quote = Quote(id="q", text="Hi", speaker=alice, event=later)
    story = Story(
        StoryInfo(title="By hand"), actors=[alice], events=[later, earlier], quotes=[quote]
    )
    assert [event.id for event in story.events] == ["earlier", "later"]
    groups = {group.label: group.entities for group in story.related(alice)}
    assert groups == {"Quotes": (quote,), "Events": (later,)}
    assert {g.label: g.entities for g in story.related(later)} == {
        "Actors": (alice,),
        "Quotes": (quote,),
    }
