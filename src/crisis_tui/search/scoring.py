"""How much a match is worth, and the exact score of one entity for a query.

A query word's matches are worth its weight (rarer words weigh more) times
how well the vocabulary word matched (exact beats prefix beats a typo) times
where it was found (a name beats a body beats a linked name). The weight is
blended across everything the query word stands for: all its expansions
share the weight of the most common one, so a rare near miss ("tractors" for
"tratiors") cannot outweigh the common word that was meant ("traitors"),
and the match quality alone decides between them.

An entity's score is the sum, over query words, of its best match for each.
Ties go to the earlier first match, then (by entity id order) the shorter
hit, then story order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from crisis_tui.search.documents import FIELDS, Document, Field
from crisis_tui.search.fold import cached_first_positions, words
from crisis_tui.search.index import MAX_POSITION
from crisis_tui.search.query import Term
from crisis_tui.search.vocabulary import Quality, Vocabulary

QUALITY_FACTOR = {
    Quality.EXACT: 1.0,
    Quality.PREFIX: 0.8,
    Quality.ONE_EDIT: 0.55,
    Quality.TWO_EDITS: 0.4,
}
FIELD_FACTOR = {Field.NAME: 1.0, Field.BODY: 0.7, Field.LINK: 0.45}


@dataclass(frozen=True, slots=True)
class WordMatch:
    """Everything one query word stands for, and what each is worth."""

    term: Term
    qualities: dict[str, Quality]
    """Vocabulary words it matches, with how well."""
    ids: dict[int, Quality]
    """The same, by word id."""
    weight: float

    def tiers(self) -> list[tuple[float, Quality, Field]]:
        """Every (score, quality, field) this word can score, best first."""
        present = set(self.ids.values())
        return sorted(
            (
                (self.score(quality, field), quality, field)
                for quality in present
                for field in FIELDS
            ),
            key=lambda tier: (-tier[0], tier[1], tier[2]),
        )

    def score(self, quality: Quality, field: Field) -> float:
        return self.weight * QUALITY_FACTOR[quality] * FIELD_FACTOR[field]


def match_word(term: Term, vocabulary: Vocabulary, entity_count: int) -> WordMatch:
    """Expand a query word over the vocabulary and weigh it."""
    ids = vocabulary.expand(term.word, prefix=term.prefix, fuzzy=term.fuzzy)
    common = max((vocabulary.frequencies[word_id] for word_id in ids), default=0)
    weight = math.log(1 + (entity_count + 1) / (common + 1))
    qualities = {vocabulary.words[word_id]: quality for word_id, quality in ids.items()}
    return WordMatch(term, qualities, ids, weight)


@dataclass(frozen=True, slots=True)
class Scored:
    """An entity's exact score and its tie-breaking first-match position."""

    entity_id: int
    score: float
    position: int

    @property
    def key(self) -> tuple[float, int, int]:
        """Sort key: best first."""
        return (-self.score, self.position, self.entity_id)


def score_document(
    entity_id: int,
    document: Document,
    matches: Sequence[WordMatch],
    phrases: Sequence[Sequence[WordMatch]],
) -> Scored | None:
    """The entity's score if every word matches and every phrase appears, else None."""
    best = [(0.0, MAX_POSITION)] * len(matches)
    for field, texts in zip(FIELDS, document.fields, strict=True):
        if not texts:
            continue
        positions = cached_first_positions(texts)
        for index, match in enumerate(matches):
            for word in positions.keys() & match.qualities.keys():
                score = match.score(match.qualities[word], field)
                position = min(positions[word], MAX_POSITION)
                if score > best[index][0] or (
                    score == best[index][0] and position < best[index][1]
                ):
                    best[index] = (score, position)
    if any(score == 0.0 for score, _ in best):
        return None
    if any(not _has_phrase(document, phrase) for phrase in phrases):
        return None
    return Scored(entity_id, sum(score for score, _ in best), min(p for _, p in best))


def _has_phrase(document: Document, phrase: Sequence[WordMatch]) -> bool:
    """True when one text of the document holds the phrase's words adjacent, in order."""
    length = len(phrase)
    for texts in document.fields:
        for text in texts:
            found = words(text)
            for start in range(len(found) - length + 1):
                if all(
                    found[start + offset] in match.qualities for offset, match in enumerate(phrase)
                ):
                    return True
    return False
