"""The inverted index: for every word, which entities hold it, in which field, where.

Built once per story in one pass. Entities get dense ids in tie-break order
(a speaker's own words before a paraphrase, a shorter hit first, then story
order), so a smaller id always wins a tie.
Postings are kept per channel (entity kind and field), so a kind filter costs
nothing, and are compact enough for a million quotes: 4 bytes of entity id and
1 byte of position per entry, and for names (own or linked) 1 more byte: the
length of the shortest name holding the word, which tells the ranking who a
query might name in full.

Each channel keeps all its words' postings end to end in a few flat arrays,
not objects per word: the cyclic garbage collector walks every object that
can hold references, and the word lists of a million quotes, as objects,
cost the explorer a pause of about 130 ms at each of the collector's next
passes. Flat arrays are a handful of objects at any size.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import compress

from crisis_tui.collector import collector_paused
from crisis_tui.model import Entity, Story
from crisis_tui.search.documents import FIELDS, Document, Field, document_of
from crisis_tui.search.fold import cached_first_positions, first_positions
from crisis_tui.search.synonyms import name_lengths
from crisis_tui.search.vocabulary import Vocabulary

MAX_POSITION = 255
"""Positions are word ranks within a field, and name lengths word counts, capped to fit a byte."""

_MAX_ENTITIES = 2**32

cached_name_lengths = lru_cache(maxsize=16_384)(name_lengths)
"""``name_lengths`` of the names that recur: those a quote or an event links to."""

Channel = tuple[str, Field]
"""An entity kind and a field: the unit postings are kept in."""


@dataclass(frozen=True, slots=True)
class Postings:
    """The entities holding one word in one channel."""

    entities: Sequence[int]
    """Entity ids, ascending."""
    positions: bytes
    """For each entity, where the word first appears (see ``first_positions``);
    bytes, so ``find`` scans it at memory speed."""
    lengths: bytes | None = None
    """In name channels, for each entity, the word count of its shortest name
    (or alias, or title) holding the word (see ``name_lengths``)."""

    def __len__(self) -> int:
        return len(self.entities)

    def in_names_of_at_most(self, words: int) -> Postings | None:
        """The entries whose word is in a name of at most ``words`` words, or None if none.

        Only these entities can have a name that a query of ``words`` words
        covers completely; the ranking streams them in their own, higher tier.
        """
        if self.lengths is None:
            return None
        return self._kept(self.lengths.translate(_at_most_table(words)))

    def among(self, entities: Container[int]) -> Postings | None:
        """The entries of these entities only, or None if none.

        Read in C (a ``map`` of the set's ``__contains__``), so it costs a few
        nanoseconds an entry where reading the entries one by one would cost
        a microsecond.
        """
        return self._kept(bytes(map(entities.__contains__, self.entities)))

    def _kept(self, mask: bytes) -> Postings | None:
        """The entries where ``mask`` is 1, or None if none."""
        if mask.find(0) < 0:
            return self
        if mask.find(1) < 0:
            return None
        return Postings(
            array("I", compress(self.entities, mask)),
            bytes(compress(self.positions, mask)),
            bytes(compress(self.lengths, mask)) if self.lengths is not None else None,
        )


@lru_cache(maxsize=MAX_POSITION + 1)
def _at_most_table(words: int) -> bytes:
    """A ``bytes.translate`` table mapping a name length to 1 if at most ``words``, else 0."""
    return bytes(length <= words for length in range(256))


class ChannelPostings:
    """One channel's postings: every word's, end to end in flat buffers.

    Word ``w``'s entries are ``starts[slots[w]]`` up to ``starts[slots[w] + 1]``
    in ``entities`` (4-byte ids), ``positions`` and (in name channels)
    ``lengths`` (a byte each). They are memoryviews so that an index read
    back from a file uses the file's bytes where they lie, uncopied.
    """

    __slots__ = ("entities", "lengths", "positions", "slots", "starts")

    def __init__(
        self,
        slots: dict[int, int],
        starts: memoryview,
        entities: memoryview,
        positions: memoryview,
        lengths: memoryview | None,
    ) -> None:
        self.slots = slots
        """Word id to its place in ``starts``."""
        self.starts = starts
        self.entities = entities
        self.positions = positions
        self.lengths = lengths

    def get(self, word_id: int) -> Postings | None:
        """The word's postings, or None if no entity of this channel holds it."""
        slot = self.slots.get(word_id)
        if slot is None:
            return None
        start, end = self.starts[slot], self.starts[slot + 1]
        lengths = self.lengths
        return Postings(
            self.entities[start:end],
            self.positions[start:end].tobytes(),
            lengths[start:end].tobytes() if lengths is not None else None,
        )


class EntitiesById:
    """The index's entities by dense id, kept as their places in the story's records.

    Places rather than a list of records: the garbage collector walks a list
    of a million records at each of its passes, and freeing one is a pause
    of its own; an array of places is neither.
    """

    __slots__ = ("_records", "places")

    def __init__(self, records: Sequence[Entity], places: array[int]) -> None:
        self._records = records
        self.places = places
        """For each entity id, the entity's place in ``records``."""

    def __getitem__(self, entity_id: int) -> Entity:
        return self._records[self.places[entity_id]]

    def __len__(self) -> int:
        return len(self.places)

    def __iter__(self) -> Iterator[Entity]:
        return map(self._records.__getitem__, self.places)


class InvertedIndex:
    """Entities by id, the vocabulary, postings per channel and word, and facets."""

    def __init__(
        self,
        entities: EntitiesById,
        vocabulary: Vocabulary,
        postings: dict[Channel, ChannelPostings],
        facets: dict[str, array[int]],
    ) -> None:
        self.entities = entities
        self.vocabulary = vocabulary
        self.postings = postings
        self.facets = facets
        """Entity ids holding each facet value (``kind:quote``, ``side:x``...), ascending."""

    @classmethod
    def build(cls, story: Story) -> InvertedIndex:
        """Index every searchable entity of ``story``."""
        with collector_paused():
            if len(story.records) > _MAX_ENTITIES:
                raise ValueError(f"cannot index {len(story.records):,} entities")
            places, unindexed = _in_tie_break_order(story.records)
            unindexed.reverse()
            channels: dict[Channel, _ChannelBuilder] = {}
            facets: defaultdict[str, array[int]] = defaultdict(partial(array, "I"))
            for entity_id in range(len(places)):
                # Popped, so each document is freed once indexed: freeing them
                # all at the end would hold the interpreter for a long moment.
                document = unindexed.pop()
                for field, texts in zip(FIELDS, document.fields, strict=True):
                    if texts:
                        channel = channels.get((document.kind, field))
                        if channel is None:
                            channel = channels[document.kind, field] = _ChannelBuilder()
                        shared = field.is_shared
                        positions = (
                            cached_first_positions(texts) if shared else first_positions(texts)
                        )
                        lengths = (
                            (cached_name_lengths if shared else name_lengths)(texts)
                            if field.holds_names
                            else None
                        )
                        channel.add(entity_id, positions, lengths)
                for facet in document.facets:
                    facets[facet].append(entity_id)
            vocabulary = _vocabulary(channels.values())
            postings = {key: channel.finish(vocabulary) for key, channel in channels.items()}
            entities = EntitiesById(story.records, places)
            return cls(entities, vocabulary, postings, dict(facets))


class _ChannelBuilder:
    """A channel's postings as they accumulate, word by word, in entity order."""

    def __init__(self) -> None:
        self.entities: defaultdict[str, array[int]] = defaultdict(partial(array, "I"))
        self.positions: defaultdict[str, bytearray] = defaultdict(bytearray)
        self.lengths: defaultdict[str, bytearray] = defaultdict(bytearray)

    def add(
        self,
        entity_id: int,
        positions_by_word: dict[str, int],
        lengths_by_word: dict[str, int] | None,
    ) -> None:
        entities, positions = self.entities, self.positions
        for word, position in positions_by_word.items():
            entities[word].append(entity_id)
            positions[word].append(position if position < MAX_POSITION else MAX_POSITION)
        if lengths_by_word is not None:
            for word, length in lengths_by_word.items():
                self.lengths[word].append(length if length < MAX_POSITION else MAX_POSITION)

    def finish(self, vocabulary: Vocabulary) -> ChannelPostings:
        """The postings laid end to end in word-id order, each word's freed once copied."""
        entities, positions = array("I"), bytearray()
        lengths = bytearray() if self.lengths else None
        starts = array("Q", [0])
        slots = {}
        for slot, (word_id, word) in enumerate(
            sorted((vocabulary.ids[w], w) for w in self.entities)
        ):
            slots[word_id] = slot
            entities.extend(self.entities.pop(word))
            positions += self.positions.pop(word)
            if lengths is not None:
                lengths += self.lengths.pop(word)
            starts.append(len(entities))
        return ChannelPostings(
            slots,
            memoryview(starts),
            memoryview(entities),
            memoryview(positions),
            memoryview(lengths) if lengths is not None else None,
        )


def _in_tie_break_order(records: Sequence[Entity]) -> tuple[array[int], list[Document]]:
    """The places of the searchable records, own words before reported ones, then by
    the length of their hit, then story order; and their documents in the same order.

    Sorted by bucketing on length rather than by ``list.sort``: a sort of a
    million keys runs in C without letting other threads in for a fifth of
    a second, and the explorer builds the index while the reader types.
    """
    by_order: defaultdict[tuple[bool, int], list[tuple[int, Document]]] = defaultdict(list)
    for place, entity in enumerate(records):
        document = document_of(entity)
        if document is not None:
            length = hit_length((document.title, document.text))
            by_order[document.reported, length].append((place, document))
    places = array("I")
    documents: list[Document] = []
    for order in sorted(by_order):
        for place, document in by_order.pop(order):
            places.append(place)
            documents.append(document)
    return places, documents


def hit_length(shown: tuple[str, str]) -> int:
    """The length of what a hit shows (title and text): entity ids go shortest first
    (then story order)."""
    return len(shown[0]) + len(shown[1])


def _vocabulary(channels: Iterable[_ChannelBuilder]) -> Vocabulary:
    frequencies: dict[str, int] = {}
    for channel in channels:
        for word, found in channel.entities.items():
            frequencies[word] = frequencies.get(word, 0) + len(found)
    ordered = sorted(frequencies)
    return Vocabulary(ordered, [frequencies[word] for word in ordered])
