"""Search a story: build the index once, then ask it as often as keys are pressed.

``SearchIndex.search`` is pure and holds no lock, so a user interface can run
it in a worker thread for each keystroke and simply drop the answers to
queries that have since changed. Query words are expanded against the
vocabulary once and cached, which is what makes typing the next letter of a
query cheap.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from rapidfuzz import process
from rapidfuzz.utils import default_process

from crisis_tui.loader.diagnostics import closest
from crisis_tui.model import Entity, Story
from crisis_tui.search.documents import FIELDS, SEARCHABLE_KINDS, Document, Field, document_of
from crisis_tui.search.fold import words
from crisis_tui.search.highlight import matched_spans
from crisis_tui.search.index import InvertedIndex, Postings
from crisis_tui.search.query import MAX_PROBLEMS, Query, QueryProblem, Term, parse_query
from crisis_tui.search.ranking import (
    POSTINGS_PER_SCORE,
    TierStream,
    best_of,
    score_all,
    should_score_all,
)
from crisis_tui.search.scoring import (
    QueryScorer,
    Scored,
    WordMatch,
    completely_named,
    match_word,
)

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Hit:
    """One result, with what to show and where the query matched it.

    Spans are half-open ``[start, end)`` offsets into ``text`` (``spans``)
    and ``title`` (``title_spans``), on the original characters.
    """

    entity: Entity
    kind: str
    score: float
    title: str
    text: str
    spans: tuple[Span, ...]
    title_spans: tuple[Span, ...]


class SearchIndex:
    """A story's search index; build with ``SearchIndex.build(story)``."""

    def __init__(self, index: InvertedIndex) -> None:
        self._index = index
        self._facet_keys = sorted(index.facets)
        self._match = lru_cache(maxsize=4096)(self._match_uncached)
        self._document = lru_cache(maxsize=16_384)(self._document_uncached)

    @classmethod
    def build(cls, story: Story) -> SearchIndex:
        return cls(InvertedIndex.build(story))

    @property
    def inverted(self) -> InvertedIndex:
        """The underlying postings, for measuring."""
        return self._index

    def search(
        self, query: str | Query, *, limit: int = 20, kinds: Collection[str] | None = None
    ) -> list[Hit]:
        """The best ``limit`` entities for ``query``, best first.

        ``kinds`` (quote, actor, event, place, source) narrows the search, as
        ``kind:`` in the query does. Never raises for any query text.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        if parsed.problems:
            return []
        matches = [self._match(term) for term in parsed.terms]
        speakers = [self._match(term) for term in parsed.speakers]
        ranked = self._rank(parsed, matches, limit, _allowed_kinds(parsed, kinds))
        return [self._hit(scored, [*matches, *speakers]) for scored in ranked]

    def problems(self, query: str | Query) -> tuple[QueryProblem, ...]:
        """What in ``query`` cannot mean anything in this story, with what would.

        Besides the query's own problems: a ``side:`` no side's id begins,
        a ``by:`` no actor's names match.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        problems = [*parsed.problems, *map(self._side_problem, parsed.sides)]
        if parsed.speakers and not self._named_actors(parsed.speakers):
            problems.append(self._unknown_actor(parsed.speakers))
        return tuple(problem for problem in problems if problem is not None)[:MAX_PROBLEMS]

    def _side_problem(self, side: str) -> QueryProblem | None:
        sides = sorted(
            key.removeprefix("side:") for key in self._facet_keys if key.startswith("side:")
        )
        if side and any(known.startswith(side) for known in sides):
            return None
        containing = next((known for known in sides if side and side in known), None)
        suggestion = containing or closest(side, sides)
        return QueryProblem(
            f"side:{side}",
            "no such side" if side else "name a side",
            f"side:{suggestion}" if suggestion else None,
            tuple(sides),
        )

    def _unknown_actor(self, terms: Sequence[Term]) -> QueryProblem:
        typed = " ".join(term.word for term in terms)
        entities = self._index.entities
        names = [entities[actor_id].name for actor_id in self._index.facets.get("kind:actor", ())]
        nearest = process.extract(typed, names, processor=default_process, limit=5)
        suggestion = closest(typed, names)
        return QueryProblem(
            f"by:{typed}",
            "no actor of that name",
            _by(suggestion) if suggestion else None,
            tuple(_by(name) for name, _, _ in nearest),
        )

    def _match_uncached(self, term: Term) -> WordMatch:
        return match_word(term, self._index.vocabulary, len(self._index.entities))

    def _rank(
        self, query: Query, matches: list[WordMatch], limit: int, kinds: frozenset[str]
    ) -> list[Scored]:
        if limit <= 0 or not kinds or any(not match.ids for match in matches):
            return []
        if not matches and not query.has_filters:
            return []
        constraints = [self._postings_of(match, kinds) for match in matches]
        filters = self._filters(query, kinds, bool(matches))
        if filters is None:
            return []
        excluded = [
            found.entities
            for word in query.excluded
            if (word_id := self._index.vocabulary.id_of(word)) is not None
            for found in self._word_postings(word_id, kinds)
        ]
        by_term = dict(zip(query.terms, matches, strict=True))
        phrases = [[by_term[term] for term in phrase] for phrase in query.phrases]
        scorer = QueryScorer(matches, phrases)

        def score(entity_id: int) -> Scored | None:
            document = self._document(entity_id)
            if document.kind not in kinds:
                return None  # only an index file that lies files an entity under another kind
            return scorer(entity_id, document)

        if len(constraints) == 1 and not filters and not excluded and not phrases:
            candidates = None
        else:
            candidates = _intersection(constraints, filters)
            candidates.difference_update(chain.from_iterable(excluded))
            if not matches:
                return [
                    Scored(entity_id, 0.0, 0) for entity_id in heapq.nsmallest(limit, candidates)
                ]
            if should_score_all(candidates, [*constraints, *filters]):
                return score_all(candidates, score, limit)
        return best_of(self._streams(matches, kinds), len(matches), score, limit, candidates)

    def _streams(self, matches: list[WordMatch], kinds: frozenset[str]) -> list[TierStream]:
        """One stream per query word, score tier and kind searched.

        A complete-name tier streams only the entities with a name short
        enough for the query to cover, so its higher score bounds few of
        them. Streams are per kind so that what bounds an entity's score is
        what its kind can reach: a quote, which has no name of its own,
        never waits on a word's best match in names.
        """
        postings = self._index.postings
        streams = []
        for number, match in enumerate(matches):
            for tier in match.tiers():
                for kind in kinds:
                    by_word = postings.get((kind, tier.field))
                    if by_word is None:
                        continue
                    lists = [
                        found
                        for word_id, word_quality in match.ids.items()
                        if word_quality is tier.quality and (found := by_word.get(word_id))
                    ]
                    if tier.complete:
                        lists = [
                            short
                            for found in lists
                            if (short := found.in_names_of_at_most(len(matches))) is not None
                        ]
                    if lists:
                        streams.append(TierStream(number, tier.score, lists, kind))
        return streams

    def _postings_of(self, match: WordMatch, kinds: frozenset[str]) -> list[Sequence[int]]:
        return [
            found.entities for word_id in match.ids for found in self._word_postings(word_id, kinds)
        ]

    def _word_postings(self, word_id: int, kinds: Iterable[str]) -> list[Postings]:
        postings = self._index.postings
        return [
            found
            for kind in kinds
            for field in FIELDS
            if (by_word := postings.get((kind, field))) and (found := by_word.get(word_id))
        ]

    def _filters(
        self, query: Query, kinds: frozenset[str], has_words: bool
    ) -> list[list[array[int]]] | None:
        """One list of entity-id arrays per filter (an entity must be in one of each), or
        None when a filter matches nothing."""
        filters = [self._facets(f"side:{side}") for side in query.sides]
        filters += [self._facets(f"medium:{medium}") for medium in query.media]
        filters += [self._facets(f"date:{date}") for date in query.dates]
        if query.speakers:
            filters.append(self._speakers(query.speakers))
        if not has_words and kinds != frozenset(SEARCHABLE_KINDS):
            filters.append(
                [
                    self._index.facets[f"kind:{kind}"]
                    for kind in kinds
                    if f"kind:{kind}" in self._index.facets
                ]
            )
        return None if any(not arrays for arrays in filters) else filters

    def _facets(self, prefix: str) -> list[array[int]]:
        """Entities holding any facet value that starts with ``prefix`` (``date:2019-04``)."""
        start = bisect_left(self._facet_keys, prefix)
        end = bisect_left(self._facet_keys, prefix + "\U0010ffff", start)
        return [self._index.facets[key] for key in self._facet_keys[start:end]]

    def _speakers(self, terms: Sequence[Term]) -> list[array[int]]:
        """What was said or done by the actors the ``by:`` words name."""
        entities, facets = self._index.entities, self._index.facets
        return [
            facets[key]
            for actor_id in self._named_actors(terms)
            if (key := f"by:{entities[actor_id].id}") in facets
        ]

    def _named_actors(self, terms: Sequence[Term]) -> list[int]:
        """The actors that ``by:`` words name.

        Those the words name completely ("maduro": the alias Maduro) if any,
        else all those whose names hold every word.
        """
        names = self._index.postings.get(("actor", Field.NAME))
        if names is None:
            return []
        matches = [self._match(term) for term in terms]
        actors: set[int] | None = None
        for match in matches:
            named = {
                actor_id
                for word_id in match.ids
                if (found := names.get(word_id))
                for actor_id in found.entities
            }
            actors = named if actors is None else actors & named
        found_actors = sorted(actors or ())
        complete = [
            actor_id
            for actor_id in found_actors
            if completely_named(self._document(actor_id).fields[Field.NAME], matches)
        ]
        return complete or found_actors

    def _document_uncached(self, entity_id: int) -> Document:
        document = document_of(self._index.entities[entity_id])
        assert document is not None
        return document

    def _hit(self, scored: Scored, matches: Sequence[WordMatch]) -> Hit:
        document = self._document(scored.entity_id)
        return Hit(
            entity=self._index.entities[scored.entity_id],
            kind=document.kind,
            score=round(scored.score, 6),
            title=document.title,
            text=document.text,
            spans=matched_spans(document.text, matches),
            title_spans=matched_spans(document.title, matches),
        )


def _by(name: str) -> str:
    """The ``by:`` filter naming an actor, as one would type it."""
    return f'by:"{name}"' if len(words(name)) > 1 else f"by:{name}"


def _allowed_kinds(query: Query, kinds: Collection[str] | None) -> frozenset[str]:
    allowed = frozenset(SEARCHABLE_KINDS)
    if query.kinds is not None:
        allowed &= query.kinds
    if kinds is not None:
        allowed &= frozenset(kinds)
    return allowed


def _intersection(words: list[list[Sequence[int]]], filters: list[list[array[int]]]) -> set[int]:
    """Entities in (at least one array of) every filter and, as far as it pays, every word.

    Intersecting costs a pass over each constraint's postings. A word whose
    postings dwarf the candidates found so far (the one letter just typed,
    ``s``, standing for fifty common words) is cheaper to check while
    scoring the candidates, which checks every word anyway.
    """
    constraints = [(arrays, True) for arrays in words] + [(arrays, False) for arrays in filters]
    constraints.sort(key=lambda constraint: _volume(constraint[0]))
    found = set(chain.from_iterable(constraints[0][0]))
    for arrays, is_word in constraints[1:]:
        if not found:
            break
        if is_word and _volume(arrays) > POSTINGS_PER_SCORE * len(found):
            continue
        found = found.intersection(chain.from_iterable(arrays))
    return found


def _volume(arrays: Sequence[Sequence[int]]) -> int:
    return sum(map(len, arrays))
