"""Ranking rules, each on a story made to isolate it, and exactness against brute force."""

from __future__ import annotations

from contextlib import ExitStack
from functools import cache
from unittest.mock import patch

import pytest
from generate_story import generate_story
from hypothesis import given, settings
from hypothesis import strategies as st
from search_helpers import best_by_brute_force, bundled_index, ids, story_of_quotes

from crisis_tui.model import Actor, Entity
from crisis_tui.search import SearchIndex, ranking


def test_exact_beats_prefix_beats_typo() -> None:
    index = SearchIndex.build(story_of_quotes("a steal", "a steelworks", "a steel"))
    assert ids(index.search("steel")) == ["q2", "q1", "q0"]


def test_a_name_beats_a_body() -> None:
    steel = Actor("steel", "Steel")
    index = SearchIndex.build(story_of_quotes("steel", actors=(steel,)))
    assert ids(index.search("steel ")) == ["steel", "q0"]


def test_ties_go_to_the_earlier_match_then_the_shorter_text_then_story_order() -> None:
    index = SearchIndex.build(
        story_of_quotes(
            "then came steel",
            "steel works here",
            "steel works",
            "steel mills",
            "more and more steel",
        )
    )
    assert ids(index.search("steel ")) == ["q2", "q3", "q1", "q0", "q4"]


def test_a_rare_near_miss_does_not_outrank_the_common_real_word() -> None:
    texts = [f"traitors number {n}" for n in range(30)] + ["traitor alone"]
    hits = SearchIndex.build(story_of_quotes(*texts)).search("traitors ", limit=40)
    assert ids(hits)[-1] == "q30"
    assert len({hit.score for hit in hits[:-1]}) == 1
    assert hits[-1].score < hits[0].score


def test_rarer_words_weigh_more() -> None:
    texts = ["common rare", *(f"common filler {n}" for n in range(20)), "common", "rare"]
    hits = SearchIndex.build(story_of_quotes(*texts)).search("rare common ")
    assert ids(hits) == ["q0"]
    alone = SearchIndex.build(story_of_quotes(*texts))
    assert alone.search("rare ")[0].score > alone.search("common ")[0].score


def test_every_word_must_match() -> None:
    index = SearchIndex.build(story_of_quotes("nerves of steel", "steel", "nerves"))
    assert ids(index.search("nerves steel ")) == ["q0"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(sorted(bundled_index().inverted.vocabulary.words)), min_size=1, max_size=3
    ),
    st.integers(min_value=0, max_value=3),
    st.booleans(),
    st.integers(min_value=1, max_value=15),
)
def test_results_are_exactly_the_best_by_brute_force(
    chosen: list[str], cut: int, typing: bool, limit: int
) -> None:
    """The early-stopping ranking returns what scoring every entity would, in order."""
    query = " ".join(chosen)
    query = query[: max(1, len(query) - cut)] + ("" if typing else " ")
    index = bundled_index()
    hits = index.search(query, limit=limit)
    assert [hit.entity for hit in hits] == best_by_brute_force(index, query, limit)


@cache
def generated_index() -> SearchIndex:
    """A generated story big enough for large tiers, many speakers sharing an alias, and
    ties at the cut-off."""
    return SearchIndex.build(generate_story(3000))


@cache
def brute_force_on_generated(query: str) -> list[Entity]:
    return best_by_brute_force(generated_index(), query, 10)


STREAMING = {
    "as chosen": {},
    "streamed": {"SCORE_ALL_BELOW": 0},
    "streamed, tiny tiers": {"SCORE_ALL_BELOW": 0, "SMALL_TIER": 40, "READ_THROUGH": 400},
}
"""Ranking settings to try: as the engine picks, always streaming the postings (so the
streams are narrowed to the candidates and bounded by the tiers they share), and with
most tiers too large to be sets or to read through."""


@pytest.mark.parametrize("settings_name", sorted(STREAMING))
@pytest.mark.parametrize(
    "query",
    [
        *("padrino c", "lopez s", "sanders mon", "rodirguez t", "guaido u", "cabello p"),
        *("maudro n", "nerves of s", "guaido usurp", "padrino constitucion l", "pompeo f"),
    ],
)
def test_a_name_then_a_word_begun_ranks_exactly_as_brute_force(
    query: str, settings_name: str
) -> None:
    """Thousands of quotes by speakers sharing an alias tie at the cut-off, so a bound one
    bit too low or a stream pruned too soon would show."""
    with ExitStack() as stack:
        for name, value in STREAMING[settings_name].items():
            stack.enter_context(patch.object(ranking, name, value))
        hits = generated_index().search(query, limit=10)
    assert [hit.entity for hit in hits] == brute_force_on_generated(query)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_streamed_results_on_a_generated_story_are_exactly_the_best(data: st.DataObject) -> None:
    """Any few words of the story, the last one begun, streamed with small tiers."""
    words = sorted(generated_index().inverted.vocabulary.words)
    chosen = data.draw(st.lists(st.sampled_from(words), min_size=2, max_size=3))
    begun = data.draw(st.integers(min_value=1, max_value=len(chosen[-1])))
    query = " ".join([*chosen[:-1], chosen[-1][:begun]])
    with ExitStack() as stack:
        for name, value in STREAMING["streamed, tiny tiers"].items():
            stack.enter_context(patch.object(ranking, name, value))
        hits = generated_index().search(query, limit=10)
    assert [hit.entity for hit in hits] == best_by_brute_force(generated_index(), query, 10)
