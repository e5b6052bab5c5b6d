"""The inverted index: for every word, which entities hold it, in which field, where.

Built once per story in one pass. Entities get dense ids in tie-break order
(shorter hit first, then story order), so a smaller id always wins a tie.
Postings are kept per channel (entity kind and field), so a kind filter costs
nothing, and are compact enough for a million quotes: 4 bytes of entity id and
1 byte of position per entry, and for names 1 more byte: the length of the
shortest name holding the word, which tells the ranking who a query might
name in full.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from crisis_tui.collector import collector_paused
from crisis_tui.model import Entity, Story
from crisis_tui.search.documents import FIELDS, Document, Field, document_of
from crisis_tui.search.fold import cached_first_positions, first_positions, shortest_lengths
from crisis_tui.search.vocabulary import Vocabulary

MAX_POSITION = 255
"""Positions are word ranks within a field, and name lengths word counts, capped to fit a byte."""

_MAX_ENTITIES = 2**32

Channel = tuple[str, Field]
"""An entity kind and a field: the unit postings are kept in."""


@dataclass(frozen=True, slots=True)
class Postings:
    """The entities holding one word in one channel."""

    entities: array[int]
    """Entity ids, ascending."""
    positions: bytearray
    """For each entity, where the word first appears (see ``first_positions``);
    a bytearray, so ``find`` scans it at memory speed."""
    lengths: bytearray | None = None
    """In name channels, for each entity, the word count of its shortest name
    (or alias, or title) holding the word (see ``shortest_lengths``)."""

    def __len__(self) -> int:
        return len(self.entities)

    def in_names_of_at_most(self, words: int) -> Postings | None:
        """The entries whose word is in a name of at most ``words`` words, or None if none.

        Only these entities can have a name that a query of ``words`` words
        covers completely; the ranking streams them in their own, higher tier.
        """
        if self.lengths is None:
            return None
        mask = self.lengths.translate(bytes(length <= words for length in range(256)))
        kept = []
        index = mask.find(1)
        while index >= 0:
            kept.append(index)
            index = mask.find(1, index + 1)
        if not kept:
            return None
        return Postings(
            array("I", [self.entities[index] for index in kept]),
            bytearray(self.positions[index] for index in kept),
            bytearray(self.lengths[index] for index in kept),
        )


class InvertedIndex:
    """Entities by id, the vocabulary, postings per channel and word, and facets."""

    def __init__(
        self,
        entities: list[Entity],
        vocabulary: Vocabulary,
        postings: dict[Channel, dict[int, Postings]],
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
            documents = _in_tie_break_order(story.entities())
            if len(documents) > _MAX_ENTITIES:
                raise ValueError(f"cannot index {len(documents):,} entities")
            channels: dict[Channel, _ChannelBuilder] = {}
            facets: defaultdict[str, array[int]] = defaultdict(partial(array, "I"))
            for entity_id, (_, document) in enumerate(documents):
                for field, texts in zip(FIELDS, document.fields, strict=True):
                    if texts:
                        channel = channels.get((document.kind, field))
                        if channel is None:
                            channel = channels[document.kind, field] = _ChannelBuilder()
                        positions = (
                            cached_first_positions(texts)
                            if field is Field.LINK
                            else first_positions(texts)
                        )
                        lengths = shortest_lengths(texts) if field is Field.NAME else None
                        channel.add(entity_id, positions, lengths)
                for facet in document.facets:
                    facets[facet].append(entity_id)
            vocabulary = _vocabulary(channels.values())
            postings = {key: channel.finish(vocabulary) for key, channel in channels.items()}
            return cls([entity for entity, _ in documents], vocabulary, postings, dict(facets))


class _ChannelBuilder:
    """A channel's postings as they accumulate, in entity order."""

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

    def finish(self, vocabulary: Vocabulary) -> dict[int, Postings]:
        return {
            vocabulary.ids[word]: Postings(found, self.positions[word], self.lengths.get(word))
            for word, found in self.entities.items()
        }


def _in_tie_break_order(entities: Iterable[Entity]) -> list[tuple[Entity, Document]]:
    """Searchable entities sorted by the length of their hit, then story order (stable)."""
    documents = [
        (entity, document) for entity in entities if (document := document_of(entity)) is not None
    ]
    documents.sort(key=lambda pair: len(pair[1].title) + len(pair[1].text))
    return documents


def _vocabulary(channels: Iterable[_ChannelBuilder]) -> Vocabulary:
    frequencies: dict[str, int] = {}
    for channel in channels:
        for word, found in channel.entities.items():
            frequencies[word] = frequencies.get(word, 0) + len(found)
    ordered = sorted(frequencies)
    return Vocabulary(ordered, [frequencies[word] for word in ordered])
