"""An inverted index as one file, read back in a fraction of the time it takes to build.

Arrays are stored raw, everything else as JSON; nothing is unpickled or
evaluated. The file starts with a seal of all that follows (a digest keyed
with the user's secret, :class:`~crisis_tui.cache_files.Seal`), so a file
not written by this user's crisis-tui is refused unread, and every
array is still checked in full before use, against itself and against the story:
entity ids must name the story's searchable records in tie-break order,
every id in every list be one of them, every frequency count its word's
postings, every ``kind:`` list hold exactly that kind. A damaged, truncated,
foreign or crafted file is refused (the caller rebuilds), so no file can
make a search raise or reach outside the story.

What no check short of a rebuild can know is which words (and ``side:``,
``by:``, ``date:``, ``medium:`` values) each entity holds, and the order
within a list is left unchecked (see ``_check_in_range``): only the seal
stands between a crafted file and hits hidden or misfiled under those
filters, so crafting one takes the user's key, not merely a place to write
in their cache directory. Hits are still scored from the story's own
text, and of the kinds asked for.

Layout: ``MAGIC``, the 16-byte seal, the header's length (8 bytes,
little-endian), the JSON header, then the arrays in the order the header
lists them. Arrays are in the machine's byte order; the key a file is
written under says which.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Sequence
from functools import partial
from operator import add, attrgetter, lt
from pathlib import Path
from typing import Any, Literal

from crisis_tui.cache_files import SEAL_BYTES, Seal
from crisis_tui.files import read_regular_file
from crisis_tui.loader import MAX_BYTES as MAX_STORY_BYTES
from crisis_tui.model import KINDS, Entity, Story
from crisis_tui.search.documents import (
    QUOTE_SHOWN,
    REPORTED_SPEECH,
    SEARCHABLE_KINDS,
    Field,
    reported,
    shown,
)
from crisis_tui.search.index import (
    Channel,
    ChannelPostings,
    EntitiesById,
    InvertedIndex,
    hit_length,
)
from crisis_tui.search.vocabulary import Vocabulary

MAGIC = b"crisis-tui index\n"
MAX_FILE_BYTES = 8 * MAX_STORY_BYTES
"""An index is a fraction of its story's text (0.4× for generated stories): past this, no index."""
_LENGTH_BYTES = 8


_KIND_CODE_OF = {kind: code for code, kind in enumerate(SEARCHABLE_KINDS, start=1)}
_KIND_CODES = {kind.record: _KIND_CODE_OF.get(kind.singular, 0) for kind in KINDS}
"""A byte per record class, so an entity's kind is found by a C-speed table lookup."""


class DamagedIndexFile(Exception):
    """The file is not an index this code wrote for this story."""


def write_index(index: InvertedIndex, story: Story, key: str, path: Path, seal: Seal) -> None:
    """Write ``index`` of ``story`` to ``path`` under ``key``, sealed; raises OSError."""
    arrays: list[array[int] | memoryview] = [
        index.entities.places,
        index.vocabulary.frequencies,
    ]
    channels = []
    for (kind, field), postings in index.postings.items():
        channels.append(
            {
                "kind": kind,
                "field": int(field),
                "words": sorted(postings.slots, key=postings.slots.__getitem__),
            }
        )
        arrays += [postings.starts, postings.entities, postings.positions]
        if postings.lengths is not None:
            arrays.append(postings.lengths)
    facet_names = sorted(index.facets)
    arrays += [index.facets[name] for name in facet_names]
    header = {
        "key": key,
        "story_records": len(story.records),
        "entities": len(index.entities),
        "words": index.vocabulary.words,
        "channels": channels,
        "facets": [[name, len(index.facets[name])] for name in facet_names],
    }
    encoded = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    content: list[bytes | memoryview] = [
        len(encoded).to_bytes(_LENGTH_BYTES, "little"),
        encoded,
        *(memoryview(part) for part in arrays),
    ]
    with path.open("wb") as stream:
        stream.write(MAGIC)
        stream.write(seal.of(content))
        for part in content:
            stream.write(part)


def read_index(path: Path, story: Story, key: str, seal: Seal) -> InvertedIndex:
    """The index stored at ``path`` for ``story`` under ``key``.

    Raises OSError if the file cannot be read (or is not a regular file, or
    is larger than any index) and DamagedIndexFile if it is not what
    ``write_index`` wrote, with ``seal``'s key, for this story and key.
    """
    data = memoryview(read_regular_file(path, MAX_FILE_BYTES))
    start = len(MAGIC) + SEAL_BYTES
    if data[: len(MAGIC)] != MAGIC:
        raise DamagedIndexFile("not an index file")
    if not seal.matches(data[len(MAGIC) : start], [data[start:]]):
        raise DamagedIndexFile("not sealed by this user's key, or damaged")
    header_end = (
        start + _LENGTH_BYTES + int.from_bytes(data[start : start + _LENGTH_BYTES], "little")
    )
    try:
        header = json.loads(bytes(data[start + _LENGTH_BYTES : header_end]))
        if not isinstance(header, dict) or header.get("key") != key:
            raise DamagedIndexFile("written for another story or version")
        return _Reader(header, data[header_end:], story).index()
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        raise DamagedIndexFile(f"malformed: {error}") from None


class _Reader:
    """Rebuilds the index from a checked header and the arrays after it.

    Every array is checked in full, with loops that run in C (``map`` over
    memoryviews), so nothing a file says can raise while searching or point
    outside the story; see ``_check_places`` for what ties it to the story.
    """

    def __init__(self, header: dict[str, Any], body: memoryview, story: Story) -> None:
        self._header = header
        self._arrays = _ArrayStream(body)
        self._records = story.records
        self._kinds = b""
        """The kind code of each entity id, once checked."""
        if header["story_records"] != len(self._records):
            raise DamagedIndexFile("written for a story of another size")

    def index(self) -> InvertedIndex:
        entities = self._entities(_count(self._header["entities"]))
        words = self._header["words"]
        if not all(isinstance(word, str) for word in words) or words != sorted(set(words)):
            raise DamagedIndexFile("vocabulary is not sorted distinct words")
        frequencies = self._arrays.take("I", len(words))
        channels = self._header["channels"]
        postings = dict(self._channel(entry, len(entities), len(words)) for entry in channels)
        if len(postings) != len(channels):
            raise DamagedIndexFile("a channel listed twice")
        facets = {
            name: self._facet(_count(count), len(entities))
            for name, count in self._header["facets"]
        }
        if len(facets) != len(self._header["facets"]) or not all(
            isinstance(name, str) for name in facets
        ):
            raise DamagedIndexFile("facets are not distinct names")
        self._arrays.finish()
        _check_frequencies(frequencies, postings)
        _check_kinds(self._kinds, facets)
        return InvertedIndex(entities, Vocabulary(words, frequencies), postings, facets)

    def _facet(self, count: int, entity_count: int) -> array[int]:
        holders = self._arrays.take("I", count)
        _check_in_range(memoryview(holders), entity_count)
        return holders

    def _entities(self, count: int) -> EntitiesById:
        places = self._arrays.take("I", count)
        self._kinds = _check_places(places, self._records)
        return EntitiesById(self._records, places)

    def _channel(
        self, entry: dict[str, Any], entity_count: int, word_count: int
    ) -> tuple[Channel, ChannelPostings]:
        kind, field, word_ids = entry["kind"], Field(entry["field"]), entry["words"]
        if kind not in SEARCHABLE_KINDS:
            raise DamagedIndexFile(f"unknown kind {kind!r}")
        if not all(isinstance(word_id, int) and 0 <= word_id < word_count for word_id in word_ids):
            raise DamagedIndexFile("word out of range")
        slots = dict(zip(word_ids, range(len(word_ids)), strict=True))
        if len(slots) != len(word_ids):
            raise DamagedIndexFile("a word listed twice")
        starts = self._arrays.view("Q", len(word_ids) + 1)
        if starts[0] != 0 or not all(map(lt, starts[:-1], starts[1:])):
            raise DamagedIndexFile("postings out of order")
        entities = self._arrays.view("I", starts[-1])
        _check_in_range(entities, entity_count)
        positions = self._arrays.view("B", starts[-1])
        lengths = self._arrays.view("B", starts[-1]) if field.holds_names else None
        if lengths is not None and 0 in lengths.tobytes():
            raise DamagedIndexFile("a name of no words")
        return (kind, field), ChannelPostings(slots, starts, entities, positions, lengths)


def _check_places(places: array[int], records: Sequence[Entity]) -> bytes:
    """Check that entity ids name exactly the story's searchable records, in tie-break order;
    the kind of each (a byte of ``_KIND_CODES``) by id.

    This is what ties a file to the story: every posting names an entity by
    id, and the id's record is read from the story, never from the file. A
    file whose ids led to other records (shuffled, reversed, all one) would
    turn every posting into a lie about which entity holds a word.
    """
    codes = bytes(map(_KIND_CODES.__getitem__, map(type, records)))
    if len(places) != len(records) - codes.count(0):
        raise DamagedIndexFile("not the story's searchable records")
    if not places:
        return b""
    if max(places) >= len(records):
        raise DamagedIndexFile("entity out of range")
    kinds = bytes(map(codes.__getitem__, places))
    if 0 in kinds:
        raise DamagedIndexFile("an entity search does not show")
    ranks = _tie_break_ranks(records, codes)
    by_id = map(ranks.__getitem__, places)
    order = array("q", map(add, map(len(records).__mul__, by_id), places))
    if not all(map(lt, order[:-1], order[1:])):
        raise DamagedIndexFile("entities out of tie-break order")
    return kinds


def _tie_break_ranks(records: Sequence[Entity], codes: bytes) -> array[int]:
    """Each record's rank in the tie-break order, before story order: a speaker's own
    words before reported ones, then by ``hit_length`` (0 for those search does not show).

    Quotes, most of a large story and stored together, are measured by C
    calls alone (``QUOTE_SHOWN``); the rest one by one.
    """
    quote = _KIND_CODE_OF["quote"]
    first, last = codes.find(quote), codes.rfind(quote) + 1
    if first < 0 or codes.count(quote, first, last) != last - first:
        first = last = len(records)  # not together: all one by one
    quotes = records[first:last]
    lengths = array("q", map(_hit_length_of, records[:first]))
    lengths.extend(map(sum, map(partial(map, len), map(QUOTE_SHOWN, quotes))))
    lengths.extend(map(_hit_length_of, records[last:]))
    flags = bytes(map(reported, records[:first]))
    flags += bytes(map(REPORTED_SPEECH.__eq__, map(_QUOTE_KIND, quotes)))
    flags += bytes(map(reported, records[last:]))
    beyond = max(lengths, default=0) + 1
    return array("q", map(add, lengths, map(beyond.__mul__, flags)))


_QUOTE_KIND = attrgetter("kind")


def _hit_length_of(record: Entity) -> int:
    found = shown(record)
    return 0 if found is None else hit_length(found)


def _check_in_range(ids: memoryview, entity_count: int) -> None:
    """Check that every id in ``ids`` names an entity.

    Their order within a list is not checked (it would cost five times the
    read): a list out of order can only make the ranking stop early, which
    hides hits as a list that leaves entities out does, and no check short
    of a rebuild can see that.
    """
    if ids and max(ids) >= entity_count:
        raise DamagedIndexFile("entity id out of range")


def _check_frequencies(frequencies: array[int], postings: dict[Channel, ChannelPostings]) -> None:
    """Check that each word's frequency is the number of its postings, as built.

    A word's weight comes from its frequency: a false one would reorder hits.
    """
    counted = array("Q", bytes(8 * len(frequencies)))
    for channel in postings.values():
        starts = channel.starts
        for word_id, slot in channel.slots.items():
            counted[word_id] += starts[slot + 1] - starts[slot]
    if counted.tolist() != frequencies.tolist():
        raise DamagedIndexFile("frequencies do not count the postings")


def _check_kinds(kind_by_id: bytes, facets: dict[str, array[int]]) -> None:
    """Check that each ``kind:`` facet lists exactly the story's entities of that kind.

    A ``kind:`` filter without words trusts them. (Postings are filed by kind
    too; the engine checks the kind of every hit it scores, so a posting
    filed under the wrong kind cannot make a hit of the wrong kind.)
    """
    for kind, code in _KIND_CODE_OF.items():
        holders = facets.get(f"kind:{kind}", array("I"))
        if len(holders) != kind_by_id.count(code) or bytes(
            map(kind_by_id.__getitem__, holders)
        ) != bytes([code]) * len(holders):
            raise DamagedIndexFile(f"kind:{kind} does not list the story's {kind}s")


class _ArrayStream:
    """Consecutive raw arrays, taken one after another from a buffer."""

    def __init__(self, buffer: memoryview) -> None:
        self._buffer = buffer
        self._offset = 0

    def take(self, typecode: str, count: int) -> array[int]:
        """The next array, copied out of the buffer."""
        taken = array(typecode)
        taken.frombytes(self._next(count * taken.itemsize))
        return taken

    def view(self, typecode: Literal["B", "I", "Q"], count: int) -> memoryview:
        """The next array where it lies in the buffer: no copy, no page touched yet."""
        return self._next(count * array(typecode).itemsize).cast(typecode)

    def _next(self, size: int) -> memoryview:
        end = self._offset + size
        if end > len(self._buffer):
            raise DamagedIndexFile("shorter than its header says")
        taken = self._buffer[self._offset : end]
        self._offset = end
        return taken

    def finish(self) -> None:
        if self._offset != len(self._buffer):
            raise DamagedIndexFile("longer than its header says")


def _count(value: object) -> int:
    if not isinstance(value, int) or value < 0:
        raise DamagedIndexFile(f"{value!r} is not a count")
    return value
