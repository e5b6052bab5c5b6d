"""The index's words, and the ones a query word could have meant.

A query word is matched against the vocabulary, never against documents:
the vocabulary of even a million quotes is tens of thousands of words, so
finding prefixes (a bisect on the sorted words) and near misses (an edit
distance over words of about the same length) stays fast at any story size.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from enum import IntEnum

from rapidfuzz import process
from rapidfuzz.distance import OSA

MAX_EXPANSIONS = 50
"""How many vocabulary words one query word may stand for (Lucene's default)."""


class Quality(IntEnum):
    """How a vocabulary word matched a query word; lower is better."""

    EXACT = 0
    PREFIX = 1
    SYNONYM = 2
    """A story word the query word stands for (see ``synonyms``)."""
    ONE_EDIT = 3
    TWO_EDITS = 4


def allowed_edits(word: str) -> int:
    """Typos tolerated in a word of this length, as Elasticsearch's ``fuzziness: AUTO``."""
    if len(word) <= 2:
        return 0
    return 1 if len(word) <= 5 else 2


class Vocabulary:
    """Every distinct folded word, sorted; a word's id is its place in that order."""

    def __init__(self, words: Sequence[str], frequencies: Sequence[int]) -> None:
        """``words`` sorted and distinct, ``frequencies[i]`` the entity count of ``words[i]``."""
        self.words = list(words)
        self.frequencies = array("I", frequencies)
        self.ids = {word: index for index, word in enumerate(self.words)}
        """Word to id."""
        self._by_length: dict[int, list[str]] = {}
        for word in self.words:
            self._by_length.setdefault(len(word), []).append(word)

    def __len__(self) -> int:
        return len(self.words)

    def id_of(self, word: str) -> int | None:
        return self.ids.get(word)

    def expand(self, word: str, *, prefix: bool, fuzzy: bool) -> dict[int, Quality]:
        """Word ids ``word`` may stand for, each with how well it matches.

        Exact first, then words it begins (when it is still being typed), then
        words within its allowed edits, where swapping two adjacent letters
        counts as one edit (optimal string alignment). Each kind is bounded
        by MAX_EXPANSIONS, keeping the most frequent words.
        """
        found: dict[int, Quality] = {}
        exact = self.ids.get(word)
        if exact is not None:
            found[exact] = Quality.EXACT
        if prefix:
            for word_id in self._completions(word):
                found.setdefault(word_id, Quality.PREFIX)
        edits = allowed_edits(word) if fuzzy else 0
        if edits:
            for word_id, distance in self._near_misses(word, edits):
                found.setdefault(word_id, Quality.ONE_EDIT if distance == 1 else Quality.TWO_EDITS)
        return found

    def _completions(self, prefix: str) -> list[int]:
        start = bisect_left(self.words, prefix)
        end = bisect_left(self.words, prefix + "\U0010ffff", start)
        if end - start <= MAX_EXPANSIONS:
            return list(range(start, end))
        return heapq.nlargest(MAX_EXPANSIONS, range(start, end), key=self.frequencies.__getitem__)

    def _near_misses(self, word: str, edits: int) -> list[tuple[int, int]]:
        candidates = [
            candidate
            for length in range(len(word) - edits, len(word) + edits + 1)
            for candidate in self._by_length.get(length, ())
        ]
        matches = process.extract(
            word, candidates, scorer=OSA.distance, score_cutoff=edits, limit=None
        )
        ranked = sorted(
            ((self.ids[match], int(distance)) for match, distance, _ in matches if distance),
            key=lambda found: (found[1], -self.frequencies[found[0]]),
        )
        return ranked[:MAX_EXPANSIONS]
