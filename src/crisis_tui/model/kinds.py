"""The kinds of record a story holds, in one table every layer reads.

A kind has several names: the record type, the word for one (``quote``),
the word for many (``quotes``, also the story format's section key), the
label a reader sees and whether search shows it. The format spec, the
search index and query syntax, the command line's ``--kind`` options, the
exports and the explorer all take them from here, so a reader can type the
same word everywhere and adding a kind is one more row.
"""

from __future__ import annotations

from typing import NamedTuple

from crisis_tui.model.records import Actor, Entity, Event, Link, Place, Quote, Side, Source


# A named tuple, not a dataclass: a tenth of the cost to define, and it is
# defined before the explorer's first frame.
class Kind(NamedTuple):
    """One kind of record and every name it goes by."""

    record: type
    """The record type, e.g. ``Quote``."""
    singular: str
    """The word for one, e.g. ``quote``: search results and ``kind:`` filters use it."""
    plural: str
    """The word for many, e.g. ``quotes``: the story format's section key."""
    label: str
    """How a reader sees the kind named, e.g. ``Quote``."""
    searchable: bool
    """Whether search finds records of this kind."""

    @property
    def names(self) -> tuple[str, str]:
        """The words that name this kind: one and many."""
        return (self.singular, self.plural)


KINDS: tuple[Kind, ...] = (
    Kind(Side, "side", "sides", "Side", searchable=False),
    Kind(Source, "source", "sources", "Source", searchable=True),
    Kind(Actor, "actor", "actors", "Actor", searchable=True),
    Kind(Place, "place", "places", "Place", searchable=True),
    Kind(Event, "event", "events", "Event", searchable=True),
    Kind(Quote, "quote", "quotes", "Quote", searchable=True),
    Kind(Link, "link", "links", "Link", searchable=False),
)
"""Every kind, in the order a story file and the story's records list them."""

SEARCHABLE_KINDS: tuple[Kind, ...] = tuple(kind for kind in KINDS if kind.searchable)

_BY_TYPE = {kind.record: kind for kind in KINDS}
_BY_NAME = {name: kind for kind in KINDS for name in kind.names}


def kind_of(entity: Entity) -> Kind:
    """The kind of a record."""
    return _BY_TYPE[type(entity)]


def kind_of_type(record: type) -> Kind:
    """The kind of a record type, e.g. ``Quote``."""
    return _BY_TYPE[record]


def kind_named(word: str) -> Kind | None:
    """The kind a word names, one or many, in any case (``Quote``, ``quotes``), or None."""
    return _BY_NAME.get(word.strip().lower())


def kind_words(kinds: tuple[Kind, ...] = KINDS) -> tuple[str, ...]:
    """Every word naming one of ``kinds``: each singular, then its plural."""
    return tuple(name for kind in kinds for name in kind.names)
