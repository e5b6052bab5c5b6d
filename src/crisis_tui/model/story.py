"""The whole story: records in display order, lookup by id, and what links where.

Backlinks are indexed once, when the story is built, so "what links here"
costs a dictionary lookup however large the story is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

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


@dataclass(frozen=True, slots=True)
class RelationGroup:
    """Entities linked to one entity in the same way, e.g. an actor's Quotes."""

    label: str
    entities: tuple[Entity, ...]


class _Backlinks:
    """Who points at whom, gathered in one pass over the story."""

    def __init__(self) -> None:
        self._groups: defaultdict[Entity, defaultdict[str, list[Entity]]] = defaultdict(
            lambda: defaultdict(list)
        )

    def add(self, target: Entity, label: str, origin: Entity) -> None:
        bucket = self._groups[target][label]
        if not bucket or bucket[-1] is not origin:
            bucket.append(origin)

    def get(self, target: Entity, label: str) -> tuple[Entity, ...]:
        groups = self._groups.get(target)
        if groups is None:
            return ()
        return tuple(groups.get(label, ()))


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
        self._backlinks = _index_backlinks(self)

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


def _index_backlinks(story: Story) -> _Backlinks:
    back = _Backlinks()
    for source in story.sources:
        if source.publisher is not None:
            back.add(source.publisher, "Published", source)
    for actor in story.actors:
        if actor.side is not None:
            back.add(actor.side, "Actors", actor)
        _index_citations(back, actor, actor.sources)
    for place in story.places:
        if place.within is not None:
            back.add(place.within, "Places within", place)
        _index_citations(back, place, place.sources)
    for event in story.events:
        if event.place is not None:
            back.add(event.place, "Events", event)
        for actor in event.actors:
            back.add(actor, "Events", event)
        for actor in event.reported_by:
            back.add(actor, "Reported", event)
        _index_citations(back, event, event.sources)
    for quote in story.quotes:
        back.add(quote.speaker, "Quotes", quote)
        if quote.event is not None:
            back.add(quote.event, "Quotes", quote)
        for actor in quote.reported_by:
            back.add(actor, "Relayed", quote)
        _index_citations(back, quote, quote.sources)
    for link in story.links:
        outgoing, incoming = LINK_LABELS[link.type]
        back.add(link.from_actor, outgoing, link.to_actor)
        back.add(link.to_actor, incoming, link.from_actor)
        _index_citations(back, link, link.sources)
    return back


def _index_citations(back: _Backlinks, entity: Entity, citations: tuple[Citation, ...]) -> None:
    for citation in citations:
        back.add(citation.source, "Cited by", entity)
