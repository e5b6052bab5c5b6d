"""A query that names an entity in full finds that entity first.

Someone typing a person's or a place's name, here or in the explorer's
go-to palette, means that entity, not the events and groups whose titles
only mention it.
"""

from __future__ import annotations

import pytest
from search_helpers import best_by_brute_force, bundled_index, ids, story_of_quotes

from crisis_tui.model import Actor
from crisis_tui.search import SearchIndex
from crisis_tui.search.synonyms import name_lengths, name_words


@pytest.mark.parametrize(
    ("query", "entity"),
    [
        ("guaido", "juan-guaido"),
        ("Guaidó ", "juan-guaido"),
        ("juan guaido", "juan-guaido"),
        ("guaido juan", "juan-guaido"),
        ("maduro", "nicolas-maduro"),
        ("maudro", "nicolas-maduro"),
        ("padrino", "vladimir-padrino"),
        ("lopez", "leopoldo-lopez"),
        ("la carlota", "la-carlota"),
        ("la carl", "la-carlota"),
        ("caracas", "caracas"),
        ("reuters", "reuters"),
    ],
)
def test_a_name_or_alias_typed_in_full_comes_first(query: str, entity: str) -> None:
    assert ids(bundled_index().search(query))[0] == entity


def test_words_of_a_name_still_find_what_mentions_it_next() -> None:
    found = ids(bundled_index().search("guaido", limit=50))
    assert found[0] == "juan-guaido"
    assert "guaido-calls-new-elections" in found[1:]
    assert found.index("guaido-supporters") > found.index("guaido-calls-new-elections")


def test_a_quote_matching_every_word_still_wins_over_a_name_that_cannot() -> None:
    assert ids(bundled_index().search("guaido usurp"))[0] == "q-guaido-usurpation"
    assert ids(bundled_index().search("maduro steel"))[0] == "q-maduro-nerves-of-steel"


def test_traitors_misspelt_finds_the_alias_then_the_quotes() -> None:
    """The alias "a small group of traitors" only mentions the word: a name still beats a body."""
    found = ids(bundled_index().search("tratiors"))
    assert found[:3] == ["pro-guaido-soldiers", "q-government-traitors", "q-rodriguez-traitors"]


@pytest.mark.parametrize(
    "query",
    [
        *("guaido", "maduro", "maudro", "lopez", "la carlota", "la carl", "venez", "juan guaido"),
        *("m", "maduro s", "guaido u", "padrino co", "what happened at la carlota", "by maduro"),
    ],
)
def test_name_queries_rank_exactly_as_brute_force(query: str) -> None:
    index = bundled_index()
    hits = index.search(query, limit=12)
    assert [hit.entity for hit in hits] == best_by_brute_force(index, query, 12)


def test_a_complete_alias_beats_a_shorter_name_that_mentions_the_word() -> None:
    mills = Actor("mills", "Steel Mills")
    ann = Actor("ann", "Ann Steel", aliases=("Steel",))
    index = SearchIndex.build(story_of_quotes("steel", actors=(mills, ann)))
    assert ids(index.search("steel ")) == ["ann", "mills", "q0"]


def test_each_word_of_the_name_needs_a_query_word_of_its_own() -> None:
    both = Actor("both", "Steel Steelworks")
    mills = Actor("mills", "Steel Mills")
    index = SearchIndex.build(story_of_quotes(actors=(both, mills)))
    hits = index.search("steel")
    assert hits[0].score == hits[1].score
    assert ids(index.search("steelworks steel"))[0] == "both"


def test_a_complete_name_with_a_typo_beats_a_word_begun_in_another_name() -> None:
    steel = Actor("steel", "Steel")
    stellar = Actor("stellar", "Stellar Mills")
    index = SearchIndex.build(story_of_quotes(actors=(stellar, steel)))
    assert ids(index.search("stel")) == ["steel", "stellar"]


def test_an_exact_word_in_a_name_beats_a_complete_name_with_a_typo() -> None:
    steel = Actor("steel", "Steel")
    works = Actor("works", "Stel Works")
    index = SearchIndex.build(story_of_quotes(actors=(steel, works)))
    assert ids(index.search("stel ")) == ["works", "steel"]


def test_an_exact_complete_name_beats_one_with_a_typo() -> None:
    index = SearchIndex.build(story_of_quotes(actors=(Actor("a", "Steal"), Actor("b", "Steel"))))
    assert ids(index.search("steel ")) == ["b", "a"]


def test_a_word_counts_the_words_a_query_must_cover_in_the_shortest_name_holding_it() -> None:
    names = ("Nicolás Maduro", "Maduro", "the Maduro the", "Maduro's supporters")
    assert name_lengths(names) == {"nicolas": 2, "maduro": 1, "the": 1, "s": 2, "supporters": 2}
    assert name_words("The Who") == ("the", "who"), "a name of question words needs them all"


@pytest.mark.parametrize(
    ("query", "entity"),
    [
        ("opposition", "venezuelan-opposition"),
        ("guaido supporters", "guaido-supporters"),
        ("maduro supporters", "maduro-supporters"),
        ("armed forces", "venezuelan-armed-forces"),
        ("presidential palace", "presidential-palace"),
    ],
)
def test_a_name_is_named_in_full_without_its_article_or_possessive(query: str, entity: str) -> None:
    assert ids(bundled_index().search(query))[0] == entity
