"""Ranking rules, each on a story made to isolate it, and exactness against brute force."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from search_helpers import best_by_brute_force, bundled_index, ids, story_of_quotes

from crisis_tui.model import Actor
from crisis_tui.search import SearchIndex


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
