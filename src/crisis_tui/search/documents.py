"""What of each entity is searchable, in which field, and what a hit shows.

This is the one place that decides it: the index, the scorer and the
highlighter all read an entity through ``document_of``, so they can never
disagree about which words an entity holds or where.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from functools import lru_cache
from operator import attrgetter, is_

from crisis_tui.model import SEARCHABLE_KINDS as KINDS_SEARCHED
from crisis_tui.model import Actor, Entity, Event, Place, Quote, Source, kind_of
from crisis_tui.search.fold import MAX_TEXT_CHARACTERS

SEARCHABLE_KINDS = tuple(kind.singular for kind in KINDS_SEARCHED)
"""The words for the kinds search shows, as hits and index channels name them."""


class Field(IntEnum):
    """Where in an entity a word was found; the order is the order of importance."""

    NAME = 0
    """The entity's own name, aliases or title."""
    BODY = 1
    """Its own text: a quote's words, a summary, a role."""
    LINK = 2
    """Names of what it links to: a quote's speaker, an event's actors and place."""
    TAG = 3
    """What it is: its kind, a quote's medium and its speaker's role."""

    @property
    def holds_names(self) -> bool:
        """Are its texts whole names, which a query may name completely?

        The index keeps the length of the names in these fields, for the
        ranking's complete-name tiers.
        """
        return self in (Field.NAME, Field.LINK)

    @property
    def is_shared(self) -> bool:
        """Are its texts shared by many entities (a speaker's names, a medium)?

        Worth caching what is computed from them.
        """
        return self in (Field.LINK, Field.TAG)


FIELDS = tuple(Field)


@dataclass(frozen=True, slots=True)
class Document:
    """An entity as search sees it."""

    kind: str
    title: str
    """The line naming the hit: a quote's speaker, anything else's own name."""
    text: str
    """The text shown under the title."""
    fields: tuple[tuple[str, ...], ...]
    """The texts of each Field, indexed by Field; see ``_searched``."""
    facets: tuple[str, ...]
    """Filter values such as ``side:pro-maduro``, ``date:2019-04`` or ``by:nicolas-maduro``.

    ``by:`` names the actors who said or did it: a quote's speaker, an
    event's actors. ``side:`` names their sides, or an actor's own.
    """
    reported: bool = False
    """Its words are reported, not the speaker's own (a paraphrase): of hits that
    score the same, such come after those that are."""


QUOTE_SHOWN = attrgetter("speaker.name", "text")
"""What a hit on a quote shows: its speaker's name and its words. A getter, so the
index file reader measures a million quotes' hits without a Python call each."""


REPORTED_SPEECH = "paraphrase"
"""The kind of quote whose words are reported, not the speaker's own."""


def reported(entity: Entity) -> bool:
    """Are these words reported rather than the speaker's own (a paraphrase)?"""
    return isinstance(entity, Quote) and entity.kind == REPORTED_SPEECH


def shown(entity: Entity) -> tuple[str, str] | None:
    """The title and text a hit on ``entity`` shows, or None for kinds search does not show.

    Cheaper than the whole document: the index file reader checks the
    tie-break order of a million entities with it.
    """
    match entity:
        case Quote():
            return QUOTE_SHOWN(entity)
        case Actor():
            details = (", ".join(entity.aliases), entity.role, entity.summary)
            return entity.name, " · ".join(part for part in details if part)
        case Event():
            return entity.title, entity.summary or ""
        case Place():
            within = entity.within.name if entity.within else None
            parts = (", ".join(entity.aliases), within)
            return entity.name, " · ".join(part for part in parts if part)
        case Source():
            publisher = entity.publisher
            published = entity.published.iso if entity.published else None
            credits = (publisher.name if publisher else None, entity.author, published)
            return entity.name, " · ".join(part for part in credits if part)
    return None


def document_of(entity: Entity) -> Document | None:
    """The searchable view of an entity, or None for kinds search does not show.

    Every document holds its kind's word, so "quote" finds quotes.
    """
    title_and_text = shown(entity)
    if title_and_text is None:
        return None
    title, text = title_and_text
    document = _document_of(entity, kind_of(entity).singular, title, text)
    fields = tuple(map(_searched, document.fields))
    if all(map(is_, fields, document.fields)):
        return document
    return replace(document, fields=fields)


def _searched(texts: tuple[str, ...]) -> tuple[str, ...]:
    """The texts of a field, as many as fit in ``MAX_TEXT_CHARACTERS`` together.

    A field can gather many texts (an event's actors and all their aliases);
    read in full for every entity linking to them, a few long names linked
    from thousands of events would cost thousands of times their size.
    """
    if len(texts) < 2 or sum(map(len, texts)) <= MAX_TEXT_CHARACTERS:
        return texts  # one text alone is cut where it is folded
    kept, room = [], MAX_TEXT_CHARACTERS
    for text in texts:
        if room <= 0:
            break
        kept.append(text[:room])
        room -= len(text)
    return tuple(kept)


def _document_of(entity: Entity, kind: str, title: str, text: str) -> Document:
    match entity:
        case Quote():
            speaker = entity.speaker
            when = entity.when or (entity.event.when if entity.event else None)
            medium = entity.medium if entity.medium != "other" else None
            return Document(
                kind=kind,
                title=title,
                text=text,
                fields=(
                    (),
                    (entity.text,),
                    _names(speaker),
                    _present(kind, medium, speaker.role),
                ),
                facets=_facets(kind, [speaker], when.iso if when else None, entity.medium),
                reported=reported(entity),
            )
        case Actor():
            return Document(
                kind=kind,
                title=title,
                text=text,
                fields=(
                    _names(entity),
                    _present(entity.role, entity.summary),
                    (),
                    _present(kind, _subtype(entity.kind)),
                ),
                facets=_facets(kind, (), sides_of=[entity]),
            )
        case Event():
            linked = [name for actor in entity.actors for name in _names(actor)]
            if entity.place is not None:
                linked += _names(entity.place)
            return Document(
                kind=kind,
                title=title,
                text=text,
                fields=(
                    (entity.title,),
                    _present(entity.summary, entity.when_text, *entity.tags),
                    tuple(linked),
                    (kind,),
                ),
                facets=_facets(kind, entity.actors, entity.when.iso),
            )
        case Place():
            within = entity.within.name if entity.within else None
            return Document(
                kind=kind,
                title=title,
                text=text,
                fields=(
                    _names(entity),
                    (),
                    _present(within),
                    _present(kind, _subtype(entity.kind)),
                ),
                facets=_facets(kind, ()),
            )
        case Source():
            publisher = entity.publisher
            published = entity.published.iso if entity.published else None
            return Document(
                kind=kind,
                title=title,
                text=text,
                fields=(
                    (entity.name,),
                    _present(entity.author),
                    _names(publisher) if publisher else (),
                    _present(kind, _subtype(entity.kind)),
                ),
                facets=_facets(kind, (), published, sides_of=[publisher] if publisher else ()),
            )
    raise TypeError(f"search does not show {type(entity).__name__}")


def _names(entity: Actor | Place) -> tuple[str, ...]:
    return (entity.name, *entity.aliases)


def _present(*texts: str | None) -> tuple[str, ...]:
    return tuple(text for text in texts if text)


def _subtype(kind: str) -> str | None:
    """A record's own kind as words ("armed force"); "other" says nothing."""
    return None if kind == "other" else kind.replace("-", " ")


def _facets(
    kind: str,
    by: Sequence[Actor],
    iso: str | None = None,
    medium: str | None = None,
    *,
    sides_of: Sequence[Actor] = (),
) -> tuple[str, ...]:
    """Facet values: kind, who said or did it and their sides (or ``sides_of``'s), date, medium."""
    facets = [
        f"kind:{kind}",
        *_actor_facets(tuple(by), tuple(sides_of or by)),
        *_date_facets(iso),
    ]
    if medium:
        facets.append(f"medium:{medium}")
    return tuple(facets)


@lru_cache(maxsize=4096)
def _actor_facets(by: tuple[Actor, ...], sides_of: tuple[Actor, ...]) -> tuple[str, ...]:
    """``by:`` and ``side:`` facets; cached since a million quotes have a few hundred speakers."""
    sides = dict.fromkeys(f"side:{actor.side.id}" for actor in sides_of if actor.side)
    return (*(f"by:{actor.id}" for actor in by), *sides)


def _date_facets(iso: str | None) -> tuple[str, ...]:
    """The date to the day at most; ``date:2019-04`` matches it as a prefix."""
    return () if iso is None else (f"date:{iso[:10]}",)
