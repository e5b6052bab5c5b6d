"""How much a match is worth, and the exact score of one entity for a query.

A query word's matches are worth its weight (rarer words weigh more) times
how well the vocabulary word matched (exact beats prefix beats a typo) times
where it was found (a name beats a body beats a linked name). The weight is
blended across everything the query word stands for: all its expansions
share the weight of the most common one, so a rare near miss ("tractors" for
"tratiors") cannot outweigh the common word that was meant ("traitors"),
and the match quality alone decides between them.

A query that names an entity in full is worth more than one that mentions
it: when the query's words cover every word of one of the entity's names
(its name, an alias, a title), in any order and each name word by a query
word of its own, the words matched there score as a complete name, above a
name. Someone typing "guaido" or "maduro" means Juan Guaidó or Nicolás
Maduro (the alias "Guaidó", "Maduro"), not the events whose titles begin
with "Guaidó" or the actor "Maduro's supporters", which only mention them.
Match quality still multiplies in: the complete-name factor is set so that a
complete name typed with one typo ("maudro") beats a word merely begun in
another title, and an exact word in a title beats a complete name with a
typo. So per field, exact > prefix > typo holds as before, with the complete
name as the top field. A linked name covered completely (a quote's speaker,
an event's actor or place) comes next: after Maduro himself, what he said
and did comes before what only mentions him.

An entity's score is the sum, over query words, of its best match for each.
Ties go to the earlier first match, then (by entity id order) the shorter
hit, then story order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

from crisis_tui.search.documents import FIELDS, Document, Field
from crisis_tui.search.fold import cached_first_positions, words
from crisis_tui.search.index import MAX_POSITION
from crisis_tui.search.query import Term
from crisis_tui.search.synonyms import MIN_PREFIX, name_words, story_words
from crisis_tui.search.vocabulary import Quality, Vocabulary

QUALITY_FACTOR = {
    Quality.EXACT: 1.0,
    Quality.PREFIX: 0.8,
    Quality.SYNONYM: 0.8,
    Quality.ONE_EDIT: 0.55,
    Quality.TWO_EDITS: 0.4,
}
FIELD_FACTOR = {Field.NAME: 1.0, Field.BODY: 0.7, Field.LINK: 0.45, Field.TAG: 0.35}
COMPLETE_FACTOR = {Field.NAME: 1.5, Field.LINK: 1.2}
"""A name the query covers completely, over a name it only mentions.

An own name (1.5) is between 0.8 / 0.55 and 1.0 / 0.55 (quality ratios): so
a complete name with one typo (0.825) beats a word begun in another name
(0.8), and an exact word in another name (1.0) beats a complete name with a
typo. A linked name covered completely (1.2: the quote's speaker, the
event's actor or place) is below the entity's own and above any name that
only mentions it: Maduro, then what Maduro said and did, then "Maduro's
supporters"."""


class Tier(NamedTuple):
    """One score a query word can reach: how it matched, where, and if as a complete name."""

    score: float
    quality: Quality
    field: Field
    complete: bool


@dataclass(frozen=True, slots=True)
class WordMatch:
    """Everything one query word stands for, and what each is worth."""

    term: Term
    qualities: dict[str, Quality]
    """Vocabulary words it matches, with how well."""
    ids: dict[int, Quality]
    """The same, by word id."""
    weight: float
    completes_links: bool
    """May it help name a linked entity completely? Not while it is one or two
    letters being typed: "maduro s" would otherwise lift every quote by anyone
    whose name begins with S."""

    def tiers(self) -> list[Tier]:
        """Every score this word can reach, best first: one tier per quality and field,
        and per quality one more per field of names it may complete."""
        present = set(self.ids.values())
        places = [
            *(
                (field, True)
                for field in COMPLETE_FACTOR
                if field is Field.NAME or self.completes_links
            ),
            *((field, False) for field in FIELDS),
        ]
        tiers = [
            Tier(self.score(quality, field, complete), quality, field, complete)
            for quality in present
            for field, complete in places
        ]
        return sorted(tiers, key=lambda tier: (-tier.score, tier.quality, tier.field))

    def score(self, quality: Quality, field: Field, complete: bool = False) -> float:
        factor = COMPLETE_FACTOR[field] if complete else FIELD_FACTOR[field]
        return self.weight * QUALITY_FACTOR[quality] * factor


def match_word(term: Term, vocabulary: Vocabulary, entity_count: int) -> WordMatch:
    """Expand a query word over the vocabulary and the story words it stands for, and
    weigh it."""
    ids = vocabulary.expand(term.word, prefix=term.prefix, fuzzy=term.fuzzy)
    if term.fuzzy:
        for word in story_words(term.word, prefix=term.prefix):
            word_id = vocabulary.id_of(word)
            if word_id is not None:
                ids.setdefault(word_id, Quality.SYNONYM)
    common = max((vocabulary.frequencies[word_id] for word_id in ids), default=0)
    weight = math.log(1 + (entity_count + 1) / (common + 1))
    qualities = {vocabulary.words[word_id]: quality for word_id, quality in ids.items()}
    completes_links = not term.prefix or len(term.word) >= MIN_PREFIX
    return WordMatch(term, qualities, ids, weight, completes_links)


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
    return QueryScorer(matches, phrases)(entity_id, document)


FieldHits = list[tuple[int, float, int]]
"""(query word index, score, position) of each match found in one field."""


class QueryScorer:
    """Scores entities for one query, as ``score_document`` does.

    What only depends on the query is worked out once: which query words a
    vocabulary word stands for and what it scores in each field. And the
    fields many entities share (a quote's speaker and tags, the same texts
    for every quote by that speaker) are scored once per query, not once
    per entity.
    """

    def __init__(
        self, matches: Sequence[WordMatch], phrases: Sequence[Sequence[WordMatch]]
    ) -> None:
        self.matches = matches
        self.phrases = phrases
        self.words = frozenset(chain.from_iterable(match.qualities for match in matches))
        self.completing = {
            Field.NAME: list(matches),
            Field.LINK: [match for match in matches if match.completes_links],
        }
        self._scores: dict[tuple[str, Field], list[tuple[int, float, float]]] = {}
        """Per word and field: each query word it matches, scoring as a mention and as
        part of a complete name."""
        self._shared: dict[tuple[Field, tuple[str, ...]], FieldHits] = {}

    def __call__(self, entity_id: int, document: Document) -> Scored | None:
        best = [(0.0, MAX_POSITION)] * len(self.matches)
        for field, texts in zip(FIELDS, document.fields, strict=True):
            if not texts:
                continue
            if field.is_shared:
                hits = self._shared.get((field, texts))
                if hits is None:
                    hits = self._shared[field, texts] = self._hits(field, texts)
            else:
                hits = self._hits(field, texts)
            for index, score, position in hits:
                held, at = best[index]
                if score > held or (score == held and position < at):
                    best[index] = (score, position)
        if any(score == 0.0 for score, _ in best):
            return None
        if any(not _has_phrase(document, phrase) for phrase in self.phrases):
            return None
        return Scored(entity_id, sum(score for score, _ in best), min(p for _, p in best))

    def _hits(self, field: Field, texts: tuple[str, ...]) -> FieldHits:
        """Every match of a query word in the field's texts; names are checked for being
        named completely only when a word is found in them."""
        positions = cached_first_positions(texts)
        found = positions.keys() & self.words
        if not found:
            return []
        completing = self.completing.get(field)
        complete = completely_named(texts, completing) if completing else frozenset()
        hits = []
        for word in found:
            position = min(positions[word], MAX_POSITION)
            named = word in complete
            for index, score, named_score in self._scores_of(word, field):
                hits.append((index, named_score if named else score, position))
        return hits

    def _scores_of(self, word: str, field: Field) -> list[tuple[int, float, float]]:
        scores = self._scores.get((word, field))
        if scores is None:
            scores = self._scores[word, field] = [
                (
                    index,
                    match.score(match.qualities[word], field),
                    match.score(
                        match.qualities[word],
                        field,
                        field is Field.NAME or (field is Field.LINK and match.completes_links),
                    ),
                )
                for index, match in enumerate(self.matches)
                if word in match.qualities
            ]
        return scores


def completely_named(texts: Iterable[str], matches: Sequence[WordMatch]) -> frozenset[str]:
    """The words of those names that the query covers completely.

    A name is covered when each of its distinct words (but question words,
    see ``name_words``) can be given a query word of its own that matches it
    (a bipartite matching, found by augmenting paths; names and queries are
    a few words long). So a name has at most as many such words as the
    query, which is what the index's name lengths let the ranking rely on.
    """
    covered: set[str] = set()
    for text in texts:
        names = name_words(text)
        if len(names) <= len(matches) and _assignable(names, matches):
            covered.update(names)
    return frozenset(covered)


def _assignable(names: Sequence[str], matches: Sequence[WordMatch]) -> bool:
    """True when every word of ``names`` gets a distinct query word matching it."""
    holder: dict[int, str] = {}
    """Query word index to the name word it is given to."""

    def give(name: str, tried: set[int]) -> bool:
        for index, match in enumerate(matches):
            if index not in tried and name in match.qualities:
                tried.add(index)
                if index not in holder or give(holder[index], tried):
                    holder[index] = name
                    return True
        return False

    return all(give(name, set()) for name in names)


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
