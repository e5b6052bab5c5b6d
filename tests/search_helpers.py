"""Shared helpers for the search tests: the bundled story's index and tiny stories."""

from __future__ import annotations

from functools import cache

import pytest

from crisis_tui.loader import bundled_story_path, load_story
from crisis_tui.model import Actor, Entity, Quote, Story, StoryInfo
from crisis_tui.search import Hit, SearchIndex, parse_query
from crisis_tui.search.documents import document_of
from crisis_tui.search.scoring import match_word, score_document


@cache
def bundled_index() -> SearchIndex:
    return SearchIndex.build(load_story(bundled_story_path()).story)


def forbid_building(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make building an index fail from now on: what follows must read it from the cache."""

    def refuse(story: Story) -> SearchIndex:
        raise AssertionError("built the index instead of reading it from the cache")

    monkeypatch.setattr(SearchIndex, "build", staticmethod(refuse))


def story_of_quotes(*texts: str, actors: tuple[Actor, ...] = ()) -> Story:
    """A story of quotes in this order, all by one speaker no query here names."""
    speaker = Actor("speaker", "Zyx Qwv")
    quotes = [Quote(f"q{number}", text, speaker, index=number) for number, text in enumerate(texts)]
    return Story(StoryInfo("test"), actors=[speaker, *actors], quotes=quotes)


def ids(hits: list[Hit]) -> list[str | None]:
    return [hit.entity.id for hit in hits]


def spanned(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in spans]


def best_by_brute_force(index: SearchIndex, query: str, limit: int) -> list[Entity]:
    """The ``limit`` best entities for a word query, by scoring every entity exactly.

    What the early-stopping ranking must reproduce, in the same order.
    """
    inverted = index.inverted
    matches = [
        match_word(term, inverted.vocabulary, len(inverted.entities))
        for term in parse_query(query).terms
    ]
    scored = []
    for entity_id, entity in enumerate(inverted.entities):
        document = document_of(entity)
        assert document is not None
        found = score_document(entity_id, document, matches, [])
        if found is not None:
            scored.append(found)
    scored.sort(key=lambda found: found.key)
    return [inverted.entities[found.entity_id] for found in scored[:limit]]
