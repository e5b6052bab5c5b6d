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
from typing import NamedTuple

from crisis_tui.search.index import Postings
from crisis_tui.search.scoring import Scored

SCORE_ALL_BELOW = 512
"""Candidate sets this small are always scored in full."""

POSTINGS_PER_SCORE = 200
"""Scoring one entity from its text costs about as much as scanning this many
postings. Intersecting candidates and choosing to score them all both weigh
their costs with it (tuned on the million-quote benchmark)."""

SMALL_TIER = 20_000
"""Tiers up to this many postings are kept as sets, to tell who is in them."""

READ_THROUGH = 200_000
"""Postings read at most to learn which entities a tier shares with a small one."""

PEEL_AT_MOST = 1024
"""Entities a stream may set apart, to stream on their own, to bound the rest of it more
tightly."""

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
    size: int = field(init=False)
    _members: set[int] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.entries = _in_tie_break_order(self.postings)
        self.size = sum(map(len, self.postings))

    @property
    def is_small(self) -> bool:
        """Small enough to be kept as a set (names, mostly), to tell who is in it."""
        return self.size <= SMALL_TIER

    def members(self) -> set[int]:
        """Every entity in the tier, as a set (built on first use; for small tiers)."""
        if self._members is None:
            self._members = set(chain.from_iterable(found.entities for found in self.postings))
        return self._members

    def all_entities(self) -> Iterator[int]:
        return chain.from_iterable(found.entities for found in self.postings)

    def among(self, entities: set[int]) -> list[Postings]:
        """Its postings of these entities only."""
        return [kept for found in self.postings if (kept := found.among(entities))]

    def narrow(self, candidates: set[int]) -> None:
        """Keep only the candidates, and read again from the first of them."""
        self.postings = self.among(candidates)
        self.__post_init__()
        self._members = None


def best_of(
    all_streams: Sequence[TierStream],
    word_count: int,
    score: Scorer,
    limit: int,
    candidates: set[int] | None,
) -> list[Scored]:
    """The ``limit`` best entities among those the streams hold.

    Only entities in ``candidates`` (when given) are scored; ``score``
    returns None for one that does not match after all.

    A stream is narrowed to the candidates when first read. Once the results
    are full, a stream about to be read is first bounded more tightly, once:
    by what each other word can reach in the tiers that share an entity
    with it, the few entities shared with a higher tier set apart in a
    stream of their own (see ``Reach``). The
    quotes of everyone whose alias begins with "mon" need not be read for
    "sanders mon" when none of them holds "sanders"; a stream whose entities
    cannot match some word is dropped.
    """
    streams = list(all_streams)
    tiers = _Tiers(streams, word_count)
    remaining = _remaining_best(streams, word_count)
    opened = [False] * len(streams)
    caps: list[list[float] | None] = [None] * len(streams)
    heap = [(-_bound(stream, remaining, None), 0, -1, n) for n, stream in enumerate(streams)]
    heapq.heapify(heap)
    results: list[Scored] = []
    seen: set[int] = set()
    unscored = len(candidates) if candidates is not None else None

    def consider(entity_id: int, kind: str) -> None:
        nonlocal unscored
        seen.add(entity_id)
        if candidates is not None and entity_id not in candidates:
            return
        if unscored is not None:
            unscored -= 1
        if len(results) < limit or tiers.at_most(entity_id, kind) >= results[-1].score:
            scored = score(entity_id)
            if scored is not None:
                insort(results, scored, key=_key)
                del results[limit:]

    while heap and unscored != 0:
        bound, position, entity_id, number = heap[0]
        full = len(results) >= limit
        if full and (bound, position, entity_id) >= results[-1].key:
            break
        stream = streams[number]
        read = False
        apart = None
        if not opened[number]:
            opened[number] = True
            if candidates is not None and stream.size <= READ_THROUGH:
                stream.narrow(candidates)
            following = next(stream.entries, None)
        elif full and caps[number] is None:
            reach = tiers.reachable_with(stream)
            if reach.few and reach.few_scores is not None:
                apart = TierStream(stream.word, stream.score, stream.among(reach.few), stream.kind)
            cap = caps[number] = reach.scores
            following = (position, entity_id) if cap is not None else None
            bound = -_bound(stream, remaining, cap)
        else:
            read = True
            following = next(stream.entries, None)
        if following is None:
            heapq.heappop(heap)
        else:
            heapq.heapreplace(heap, (bound, *following, number))
        if apart is not None and (head := next(apart.entries, None)) is not None:
            streams.append(apart)
            opened.append(True)
            caps.append(reach.few_scores)
            heapq.heappush(
                heap, (-_bound(apart, remaining, reach.few_scores), *head, len(streams) - 1)
            )
        if read and entity_id not in seen:
            consider(entity_id, stream.kind)
        if following is None:
            live = [streams[entry[3]] for entry in heap]
            if len({stream.word for stream in live}) < word_count:
                break  # a word has no matches left: nothing unseen can match them all
            remaining = _remaining_best(live, word_count)
            heap = [(-_bound(streams[e[3]], remaining, caps[e[3]]), e[1], e[2], e[3]) for e in heap]
            heapq.heapify(heap)
    return results


def should_score_all(candidates: set[int], constraints: Sequence[Sequence[Sized]]) -> bool:
    """Whether scoring every candidate beats streaming the postings they were drawn from.

    Few candidates scattered in long postings (``padrino constitucion l``)
    would make the streams wade through the postings for nothing.
    """
    volume = sum(len(postings) for constraint in constraints for postings in constraint)
    return len(candidates) < max(SCORE_ALL_BELOW, volume // POSTINGS_PER_SCORE)


class _Tiers:
    """Every query word's tiers per kind, best first, to bound an entity or a stream cheaply.

    Small tiers (names, mostly) tell who is in them, as sets built on first
    use; a large one is assumed to hold anyone. Once the results are full, an
    entity whose bound is below the worst result cannot enter them, now or
    later.
    """

    def __init__(self, streams: Sequence[TierStream], word_count: int) -> None:
        self.by_kind: dict[str, list[list[TierStream]]] = {}
        """Per kind, per query word, its streams best first."""
        for stream in streams:
            words = self.by_kind.setdefault(stream.kind, [[] for _ in range(word_count)])
            words[stream.word].append(stream)
        for words in self.by_kind.values():
            for of_word in words:
                of_word.sort(key=lambda stream: -stream.score)

    def at_most(self, entity_id: int, kind: str) -> float:
        """The most the entity can score: each word's best tier that may hold it."""
        total = 0.0
        for of_word in self.by_kind[kind]:
            for tier in of_word:
                if not tier.is_small or entity_id in tier.members():
                    total += tier.score
                    break
        return total

    def reachable_with(self, stream: TierStream) -> Reach:
        """What each other word can score on the entities of ``stream``, but for a few."""
        loose: list[float] | None = []
        tight: list[float] | None = []
        few: set[int] = set()
        for word, of_word in enumerate(self.by_kind[stream.kind]):
            if word == stream.word:
                for scores in (loose, tight):
                    if scores is not None:
                        scores.append(stream.score)
                continue
            first = best = None
            for tier in of_word:
                shared = _shared(stream, tier)
                if shared is None or (shared and first is None):
                    first = tier.score if first is None else first
                if shared is None or len(few | shared) > PEEL_AT_MOST:
                    best = tier.score
                    break
                few |= shared
            if first is None:
                return Reach(None, set(), None)  # this word matches none of them
            if loose is not None:
                loose.append(first)
            if tight is not None and best is not None:
                tight.append(best)
            else:
                tight = None
        return Reach(tight, few, loose)


class Reach(NamedTuple):
    """What each query word can score on the entities of a stream.

    An other word's small tier that shares only a few entities with the
    stream gives them up rather than its score to the whole stream: the
    handful of events by a López titled with an S-word are streamed on
    their own, and all other events by a López no longer wait on the
    S-word's best score.
    """

    scores: list[float] | None
    """Per word, the most it scores on the stream's entities but ``few``; None when
    none of those matches every word."""
    few: set[int]
    """The entities set apart."""
    few_scores: list[float] | None
    """Per word, the most it scores on any of the stream's entities; None when none
    matches every word."""


def _shared(one: TierStream, other: TierStream) -> set[int] | None:
    """The entities two tiers hold in common, or None where that is not worth finding.

    Found when one is small and the other short enough to read through (in
    C: a set's ``intersection`` with the other's arrays).
    """
    small, large = (one, other) if one.size <= other.size else (other, one)
    if not small.is_small or large.size > READ_THROUGH:
        return None
    return small.members().intersection(large.all_entities())


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


def _bound(
    stream: TierStream, remaining: dict[str, list[float]], reachable: list[float] | None
) -> float:
    """The most an entity first found in this stream can score: the stream's score, and
    each other word's best still to come (and, once known, reachable with the stream).

    Summed word by word, in the order an entity's score is, so that a bound
    an entity reaches equals its score to the last bit and ties are kept.
    """
    of_kind = remaining[stream.kind]
    if reachable is not None:
        of_kind = list(map(min, of_kind, reachable))
    return sum(stream.score if word == stream.word else best for word, best in enumerate(of_kind))


def _in_tie_break_order(postings: list[Postings]) -> Iterator[tuple[int, int]]:
    """(position, entity id) pairs of all the lists, sorted, found position by position.

    Each list is in entity order with a byte of position per entry, so the
    entries at one position are found by ``bytearray.find`` (a memory scan)
    and merged across lists; positions are small, and the search usually
    stops within the first few.
    """
    tops = [max(found.positions) for found in postings]
    for position in range(max(tops, default=-1) + 1):
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
