"""The whole story: records in display order, lookup by id, and what links where.

Backlinks are indexed a kind at a time, the first time a kind is asked for,
so "what links here" then costs a dictionary lookup however large the story is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import NamedTuple

from crisis_tui.model.records import (
    Actor,
    Citation,
    Entity,
    Event,
    Link,
    Place,
    Quote,
    Side,
    Source,
    StoryInfo,
)

LINK_LABELS: Mapping[str, tuple[str, str]] = {
    "supports": ("Supports", "Supported by"),
    "opposes": ("Opponents", "Opponents"),
    "ally-of": ("Allies", "Allies"),
    "member-of": ("Member of", "Members"),
    "leads": ("Leads", "Led by"),
    "part-of": ("Part of", "Parts"),
    "recognises": ("Recognises", "Recognised by"),
}
"""For each relation type, the group an actor sees it under, going out and coming in."""

_LINK_GROUPS = tuple(dict.fromkeys(label for pair in LINK_LABELS.values() for label in pair))
"""Every relation group an actor can have, in a fixed order, each once."""


# A named tuple, not a dataclass: a tenth of the cost to define, and it is
# defined before the explorer's first frame.
class RelationGroup(NamedTuple):
    """Entities linked to one entity in the same way, e.g. an actor's Quotes."""

    label: str
    entities: tuple[Entity, ...]


Backlink = tuple[Entity, str, Entity]
"""A target, the group it sees the link under, and the origin pointing at it."""


class _Backlinks:
    """Who points at whom, gathered one kind of link at a time, when first asked for.

    Opening a story shows one entity's links; indexing every kind at once
    (every citation of every record, for one) made a big story wait for
    groups it had not yet asked about. Two threads asking at once may both
    gather a kind; they gather the same.
    """

    def __init__(self, story: Story) -> None:
        self._story = story
        self._groups: dict[str, dict[Entity, list[Entity]]] = {}

    def get(self, target: Entity, label: str) -> tuple[Entity, ...]:
        groups = self._groups.get(label)
        if groups is None:
            groups = self._gather(label)
        return tuple(groups.get(target, ()))

    def _gather(self, label: str) -> dict[Entity, list[Entity]]:
        """Index every link of the kind showing under ``label``, and keep them."""
        labels, backlinks = next(kind for kind in _BACKLINK_KINDS if label in kind[0])
        gathered: dict[str, dict[Entity, list[Entity]]] = {name: {} for name in labels}
        for target, name, origin in backlinks(self._story):
            bucket = gathered[name].setdefault(target, [])
            if not bucket or bucket[-1] is not origin:
                bucket.append(origin)
        self._groups.update(gathered)
        return gathered[label]


class Story:
    """A loaded story; build it through the loader, which validates first."""

    def __init__(
        self,
        info: StoryInfo,
        *,
        sides: Iterable[Side] = (),
        sources: Iterable[Source] = (),
        actors: Iterable[Actor] = (),
        places: Iterable[Place] = (),
        events: Iterable[Event] = (),
        quotes: Iterable[Quote] = (),
        links: Iterable[Link] = (),
    ) -> None:
        self.info = info
        self.sides = tuple(sides)
        self.sources = tuple(sources)
        self.actors = tuple(actors)
        self.places = tuple(places)
        self.events = tuple(sorted(events, key=lambda event: event.when.start))
        self.quotes = tuple(sorted(quotes, key=_quote_time))
        self.links = tuple(links)
        self.records: tuple[Entity, ...] = (
            *self.sides,
            *self.sources,
            *self.actors,
            *self.places,
            *self.events,
            *self.quotes,
            *self.links,
        )
        """Every record, kind by kind, in display order. A record's place here
        is a handle that costs no reference: the search index keeps a million
        of them as one array rather than a list of records."""
        self._by_id: dict[str, Entity] = {}
        for entity in self.records:
            entity_id = entity.id
            if entity_id is not None:
                self._by_id[entity_id] = entity
        self._backlinks = _Backlinks(self)

    def entities(self) -> Iterator[Entity]:
        """Every record, kind by kind, in display order."""
        return iter(self.records)

    def changes_from(self, older: Story) -> tuple[int, int]:
        """How many records this story adds to ``older``, and how many it drops.

        Records are matched by id; a link without one, by its two actors and
        its type. A record kept under its id but edited is neither.
        """
        new, old = _record_keys(self), _record_keys(older)
        return sum((new - old).values()), sum((old - new).values())

    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id, or None."""
        return self._by_id.get(entity_id)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def related(self, entity: Entity) -> tuple[RelationGroup, ...]:
        """What this entity links to and what links to it, grouped by relation.

        Groups come in a fixed order per kind and empty groups are left out,
        so a reader can show them with their counts as they are.
        """
        back = self._backlinks
        groups: list[tuple[str, Iterable[Entity]]]
        match entity:
            case Actor():
                groups = [
                    ("Side", _present(entity.side)),
                    ("Quotes", back.get(entity, "Quotes")),
                    ("Relayed", back.get(entity, "Relayed")),
                    ("Events", back.get(entity, "Events")),
                    ("Reported", back.get(entity, "Reported")),
                    ("Published", back.get(entity, "Published")),
                ]
                groups += [(label, back.get(entity, label)) for label in _LINK_GROUPS]
                groups.append(("Sources", _cited(entity.sources)))
            case Quote():
                groups = [
                    ("Speaker", (entity.speaker,)),
                    ("Event", _present(entity.event)),
                    ("Reported by", entity.reported_by),
                    ("Sources", _cited(entity.sources)),
                ]
            case Event():
                groups = [
                    ("Place", _present(entity.place)),
                    ("Actors", entity.actors),
                    ("Quotes", back.get(entity, "Quotes")),
                    ("Reported by", entity.reported_by),
                    ("Sources", _cited(entity.sources)),
                ]
            case Place():
                groups = [
                    ("Within", _present(entity.within)),
                    ("Places within", back.get(entity, "Places within")),
                    ("Events", back.get(entity, "Events")),
                    ("Sources", _cited(entity.sources)),
                ]
            case Side():
                groups = [("Actors", back.get(entity, "Actors"))]
            case Source():
                groups = [
                    ("Publisher", _present(entity.publisher)),
                    ("Cited by", back.get(entity, "Cited by")),
                ]
            case Link():
                groups = [
                    ("From", (entity.from_actor,)),
                    ("To", (entity.to_actor,)),
                    ("Sources", _cited(entity.sources)),
                ]
        return tuple(
            RelationGroup(label, members) for label, found in groups if (members := tuple(found))
        )


def _record_keys(story: Story) -> Counter[object]:
    return Counter(
        record.id
        if record.id is not None or not isinstance(record, Link)
        else (record.from_actor.id, record.type, record.to_actor.id)
        for record in story.records
    )


def _present(entity: Entity | None) -> tuple[Entity, ...]:
    return () if entity is None else (entity,)


def _cited(citations: tuple[Citation, ...]) -> tuple[Entity, ...]:
    return tuple(dict.fromkeys(citation.source for citation in citations))


def _quote_time(quote: Quote) -> tuple[bool, datetime]:
    """Quotes sort by their own time, else their event's; undated ones go last."""
    if quote.when is not None:
        return (False, quote.when.start)
    if quote.event is not None:
        return (False, quote.event.when.start)
    return (True, _UNDATED)


_UNDATED = datetime.min.replace(tzinfo=UTC)
"""Any time will do: the flag before it already puts undated quotes last."""


def _published(story: Story) -> Iterator[Backlink]:
    for source in story.sources:
        if source.publisher is not None:
            yield source.publisher, "Published", source


def _members(story: Story) -> Iterator[Backlink]:
    for actor in story.actors:
        if actor.side is not None:
            yield actor.side, "Actors", actor


def _places_within(story: Story) -> Iterator[Backlink]:
    for place in story.places:
        if place.within is not None:
            yield place.within, "Places within", place


def _events(story: Story) -> Iterator[Backlink]:
    for event in story.events:
        if event.place is not None:
            yield event.place, "Events", event
        for actor in event.actors:
            yield actor, "Events", event


def _reported(story: Story) -> Iterator[Backlink]:
    for event in story.events:
        for actor in event.reported_by:
            yield actor, "Reported", event


def _quotes(story: Story) -> Iterator[Backlink]:
    for quote in story.quotes:
        yield quote.speaker, "Quotes", quote
        if quote.event is not None:
            yield quote.event, "Quotes", quote


def _relayed(story: Story) -> Iterator[Backlink]:
    for quote in story.quotes:
        for actor in quote.reported_by:
            yield actor, "Relayed", quote


def _relations(story: Story) -> Iterator[Backlink]:
    for link in story.links:
        outgoing, incoming = LINK_LABELS[link.type]
        yield link.from_actor, outgoing, link.to_actor
        yield link.to_actor, incoming, link.from_actor


def _cited_by(story: Story) -> Iterator[Backlink]:
    cited: Iterable[Actor | Place | Event | Quote | Link] = (
        *story.actors,
        *story.places,
        *story.events,
        *story.quotes,
        *story.links,
    )
    for entity in cited:
        for citation in entity.sources:
            yield citation.source, "Cited by", entity


_BACKLINK_KINDS: tuple[tuple[frozenset[str], Callable[[Story], Iterator[Backlink]]], ...] = (
    (frozenset({"Published"}), _published),
    (frozenset({"Actors"}), _members),
    (frozenset({"Places within"}), _places_within),
    (frozenset({"Events"}), _events),
    (frozenset({"Reported"}), _reported),
    (frozenset({"Quotes"}), _quotes),
    (frozenset({"Relayed"}), _relayed),
    (frozenset(_LINK_GROUPS), _relations),
    (frozenset({"Cited by"}), _cited_by),
)
"""Each kind of backlink: the groups it shows under, and how to find them all."""
