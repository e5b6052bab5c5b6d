"""Finding the best few entities without scoring every candidate.

Every (query word, score tier, entity kind) is a stream of entities in
tie-break order (position of the first match, then entity id), read straight
from the postings. The streams are merged best first by an upper bound of
the score an entity found there can reach: the tier's score plus the best
the other words can still add to an entity of that kind. Each entity popped is scored exactly from its text; the
search stops as soon as no stream can produce anything that beats the
results held. This is the threshold algorithm (Fagin et al.), with the
tie-break folded into the merge order so that ties are resolved exactly too.

When the candidates are already known to be few, they are simply all scored.
"""

from __future__ import annotations

import heapq
from bisect import insort
from collections.abc import Callable, Iterator, Sequence, Sized
from dataclasses import dataclass, field
from itertools import chain

from crisis_tui.search.index import Postings
from crisis_tui.search.scoring import Scored

SCORE_ALL_BELOW = 512
"""Candidate sets this small are always scored in full."""

POSTINGS_PER_SCORE = 200
"""Scoring one entity from its text costs about as much as scanning this many
postings. Intersecting candidates and choosing to score them all both weigh
their costs with it (tuned on the million-quote benchmark)."""

Scorer = Callable[[int], Scored | None]


@dataclass(slots=True)
class TierStream:
    """One query word's matches in one score tier."""

    word: int
    """Index of the query word."""
    score: float
    postings: list[Postings]
    kind: str
    """The kind of every entity in it."""
    entries: Iterator[tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.entries = _in_tie_break_order(self.postings)


def best_of(
    streams: Sequence[TierStream],
    word_count: int,
    score: Scorer,
    limit: int,
    candidates: set[int] | None,
) -> list[Scored]:
    """The ``limit`` best entities among those the streams hold.

    Only entities in ``candidates`` (when given) are scored; ``score``
    returns None for one that does not match after all.
    """
    remaining = _remaining_best(streams, word_count)
    bounds = _EntityBounds(streams, word_count)
    heap: list[tuple[float, int, int, int]] = []
    for number, stream in enumerate(streams):
        head = next(stream.entries, None)
        if head is not None:
            heap.append((-_bound(stream, remaining), *head, number))
    heapq.heapify(heap)
    results: list[Scored] = []
    seen: set[int] = set()
    unscored = len(candidates) if candidates is not None else None
    while heap and unscored != 0:
        bound, position, entity_id, number = heap[0]
        if len(results) >= limit and (bound, position, entity_id) >= results[-1].key:
            break
        following = next(streams[number].entries, None)
        if following is None:
            heapq.heappop(heap)
        else:
            heapq.heapreplace(heap, (bound, *following, number))
        if entity_id not in seen and (candidates is None or entity_id in candidates):
            if unscored is not None:
                unscored -= 1
            full = len(results) >= limit
            kind = streams[number].kind
            if not full or bounds.at_most(entity_id, kind) >= results[-1].score:
                scored = score(entity_id)
                if scored is not None:
                    insort(results, scored, key=_key)
                    del results[limit:]
        seen.add(entity_id)
        if following is None:
            live = [streams[entry[3]] for entry in heap]
            if len({stream.word for stream in live}) < word_count:
                break  # a word has no matches left: nothing unseen can match them all
            remaining = _remaining_best(live, word_count)
            heap = [(-_bound(streams[e[3]], remaining), e[1], e[2], e[3]) for e in heap]
            heapq.heapify(heap)
    return results


def should_score_all(candidates: set[int], constraints: Sequence[Sequence[Sized]]) -> bool:
    """Whether scoring every candidate beats streaming the postings they were drawn from.

    Few candidates scattered in long postings (``padrino constitucion l``)
    would make the streams wade through the postings for nothing.
    """
    volume = sum(len(postings) for constraint in constraints for postings in constraint)
    return len(candidates) < max(SCORE_ALL_BELOW, volume // POSTINGS_PER_SCORE)


class _EntityBounds:
    """A cheap upper bound on one entity's score, to skip scoring hopeless ones.

    Tiers with few postings (names, mostly) are turned into sets, on first
    use; an entity in none of a word's small tiers can score at most that
    word's best large tier. Once the results are full, an entity whose bound
    is below the worst result cannot enter them, now or later.
    """

    SMALL_TIER = 20_000
    """Tiers up to this many postings are kept as sets."""

    def __init__(self, streams: Sequence[TierStream], word_count: int) -> None:
        self.streams = streams
        self.word_count = word_count
        self.small: list[list[tuple[float, set[int]]]] | None = None
        self.large_best: dict[str, list[float]] = {}
        """Per kind, each word's best large tier."""

    def at_most(self, entity_id: int, kind: str) -> float:
        if self.small is None:
            self.small = self._small_tiers()
        total = 0.0
        large = self.large_best.get(kind) or [0.0] * self.word_count
        for small, large_best in zip(self.small, large, strict=True):
            best = large_best
            for tier_score, members in small:
                if tier_score > best and entity_id in members:
                    best = tier_score
            total += best
        return total

    def _small_tiers(self) -> list[list[tuple[float, set[int]]]]:
        small: list[list[tuple[float, set[int]]]] = [[] for _ in range(self.word_count)]
        for stream in self.streams:
            if sum(map(len, stream.postings)) <= self.SMALL_TIER:
                members = set(chain.from_iterable(found.entities for found in stream.postings))
                small[stream.word].append((stream.score, members))
            else:
                best = self.large_best.setdefault(stream.kind, [0.0] * self.word_count)
                best[stream.word] = max(best[stream.word], stream.score)
        return small


def score_all(candidates: set[int], score: Scorer, limit: int) -> list[Scored]:
    """The ``limit`` best of a small candidate set, each scored."""
    scored = [found for entity_id in candidates if (found := score(entity_id)) is not None]
    return heapq.nsmallest(limit, scored, key=_key)


def _key(scored: Scored) -> tuple[float, int, int]:
    return scored.key


def _remaining_best(streams: Sequence[TierStream], word_count: int) -> dict[str, list[float]]:
    """Per kind, the best score each word can still reach in the streams."""
    best: dict[str, list[float]] = {}
    for stream in streams:
        of_kind = best.setdefault(stream.kind, [0.0] * word_count)
        of_kind[stream.word] = max(of_kind[stream.word], stream.score)
    return best


def _bound(stream: TierStream, remaining: dict[str, list[float]]) -> float:
    """The most an entity first found in this stream can score."""
    of_kind = remaining[stream.kind]
    return stream.score + sum(of_kind) - of_kind[stream.word]


def _in_tie_break_order(postings: list[Postings]) -> Iterator[tuple[int, int]]:
    """(position, entity id) pairs of all the lists, sorted, found position by position.

    Each list is in entity order with a byte of position per entry, so the
    entries at one position are found by ``bytearray.find`` (a memory scan)
    and merged across lists; positions are small, and the search usually
    stops within the first few.
    """
    tops = [max(found.positions) for found in postings]
    for position in range(max(tops) + 1):
        at_position = [
            _entities_at(found, position)
            for found, top in zip(postings, tops, strict=True)
            if top >= position
        ]
        for entity_id in heapq.merge(*at_position):
            yield position, entity_id


def _entities_at(postings: Postings, position: int) -> Iterator[int]:
    positions, entities = postings.positions, postings.entities
    index = positions.find(position)
    while index >= 0:
        yield entities[index]
        index = positions.find(position, index + 1)
