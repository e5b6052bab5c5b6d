"""An inverted index as one file, read back in a fraction of the time it takes to build.

Arrays are stored raw, everything else as JSON; nothing is unpickled or
evaluated. The file starts with a digest of all that follows, and every
count, and the ends of every list of ids, is checked against the story
before use: a damaged, truncated or foreign file is refused (the caller
rebuilds). The digest is no defence against someone who can write to the
user's cache directory (they could as well change the user's shell start-up
files); the worst a file crafted that way can do is make a search fail.

Layout: ``MAGIC``, the 16-byte digest, the header's length (8 bytes,
little-endian), the JSON header, then the arrays in the order the header
lists them. Arrays are in the machine's byte order; the key a file is
written under says which.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from crisis_tui.files import read_regular_file
from crisis_tui.loader import MAX_BYTES as MAX_STORY_BYTES
from crisis_tui.model import Story
from crisis_tui.search.documents import SEARCHABLE_KINDS, Field
from crisis_tui.search.index import Channel, ChannelPostings, EntitiesById, InvertedIndex
from crisis_tui.search.vocabulary import Vocabulary

MAGIC = b"crisis-tui index\n"
MAX_FILE_BYTES = 8 * MAX_STORY_BYTES
"""An index is a fraction of its story's text (0.4× for generated stories): past this, no index."""
_DIGEST_BYTES = 16
_LENGTH_BYTES = 8


class DamagedIndexFile(Exception):
    """The file is not an index this code wrote for this story."""


def write_index(index: InvertedIndex, story: Story, key: str, path: Path) -> None:
    """Write ``index`` of ``story`` to ``path`` under ``key``; raises OSError."""
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
    digest = hashlib.blake2b(digest_size=_DIGEST_BYTES)
    for part in content:
        digest.update(part)
    with path.open("wb") as stream:
        stream.write(MAGIC)
        stream.write(digest.digest())
        for part in content:
            stream.write(part)


def read_index(path: Path, story: Story, key: str) -> InvertedIndex:
    """The index stored at ``path`` for ``story`` under ``key``.

    Raises OSError if the file cannot be read (or is not a regular file, or
    is larger than any index) and DamagedIndexFile if it is not what
    ``write_index`` wrote for this story and key.
    """
    data = memoryview(read_regular_file(path, MAX_FILE_BYTES))
    start = len(MAGIC) + _DIGEST_BYTES
    if data[: len(MAGIC)] != MAGIC:
        raise DamagedIndexFile("not an index file")
    expected = hashlib.blake2b(data[start:], digest_size=_DIGEST_BYTES).digest()
    if data[len(MAGIC) : start] != expected:
        raise DamagedIndexFile("contents do not match their digest")
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
    """Rebuilds the index from a checked header and the arrays after it."""

    def __init__(self, header: dict[str, Any], body: memoryview, story: Story) -> None:
        self._header = header
        self._arrays = _ArrayStream(body)
        self._records = story.records
        if header["story_records"] != len(self._records):
            raise DamagedIndexFile("written for a story of another size")

    def index(self) -> InvertedIndex:
        entities = self._entities(_count(self._header["entities"]))
        words = self._header["words"]
        if not all(isinstance(word, str) for word in words) or words != sorted(set(words)):
            raise DamagedIndexFile("vocabulary is not sorted distinct words")
        vocabulary = Vocabulary(words, self._arrays.take("I", len(words)))
        postings = dict(
            self._channel(entry, len(entities), len(words)) for entry in self._header["channels"]
        )
        facets = {
            name: self._facet(_count(count), len(entities))
            for name, count in self._header["facets"]
        }
        self._arrays.finish()
        return InvertedIndex(entities, vocabulary, postings, facets)

    def _facet(self, count: int, entity_count: int) -> array[int]:
        holders = self._arrays.take("I", count)
        if holders:
            self._ascending_ids(holders[0], holders[-1], entity_count)
        return holders

    def _entities(self, count: int) -> EntitiesById:
        places = self._arrays.take("I", count)
        if places and max(places) >= len(self._records):
            raise DamagedIndexFile("entity out of range")
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
        if starts[0] != 0 or any(end <= start for start, end in pairwise(starts)):
            raise DamagedIndexFile("postings out of order")
        entities = self._arrays.view("I", starts[-1])
        for start, end in pairwise(starts):
            self._ascending_ids(entities[start], entities[end - 1], entity_count)
        positions = self._arrays.view("B", starts[-1])
        lengths = self._arrays.view("B", starts[-1]) if field.holds_names else None
        return (kind, field), ChannelPostings(slots, starts, entities, positions, lengths)

    @staticmethod
    def _ascending_ids(first: int, last: int, entity_count: int) -> None:
        """Check that a posting list's ends can be entity ids of one: ascending, in range.

        Only the ends are checked: the digest already vouches for the
        middle, and a full scan would cost as much as the build it saves.
        """
        if first > last or last >= entity_count:
            raise DamagedIndexFile("entity id out of range")


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
