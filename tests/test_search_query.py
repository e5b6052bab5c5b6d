"""The query syntax, and queries no one meant: nothing a user types can make search fail."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA
from search_helpers import bundled_index

from crisis_tui.model import Story, StoryInfo
from crisis_tui.search import Query, SearchIndex, Term, parse_query
from crisis_tui.search.fold import fold, words
from crisis_tui.search.query import MAX_TERMS
from crisis_tui.search.synonyms import story_words
from crisis_tui.search.vocabulary import allowed_edits


def test_words_are_folded_and_any_may_be_unfinished() -> None:
    assert parse_query("Guaidó usurp").terms == (
        Term("guaido", prefix=True),
        Term("usurp", prefix=True),
    )
    assert parse_query("usurp Guaidó ").terms == (
        Term("usurp", prefix=True),
        Term("guaido", prefix=True),
    )


def test_only_the_word_being_typed_is_unfinished_below_three_letters() -> None:
    assert parse_query("la carl").terms == (Term("la"), Term("carl", prefix=True))
    assert parse_query("carlota la").terms == (
        Term("carlota", prefix=True),
        Term("la", prefix=True),
    )


def test_a_phrase_is_exact_words_in_order() -> None:
    query = parse_query('"nerves of steel" maduro')
    run = (Term("nerves", fuzzy=False), Term("of", fuzzy=False), Term("steel", fuzzy=False))
    assert query.phrases == (run,)
    assert query.terms == (*run, Term("maduro", prefix=True))


def test_an_unclosed_phrase_is_still_being_typed() -> None:
    assert parse_query('"nerves of st').terms[-1] == Term("st", prefix=True, fuzzy=False)


def test_marks_and_filters() -> None:
    query = parse_query(
        "'traitors !venezuela by:maduro kind:quote,event side:pro-maduro medium:tweet date:2019-04 "
    )
    assert query == Query(
        terms=(Term("traitors", fuzzy=False),),
        excluded=("venezuela",),
        speakers=(Term("maduro"),),
        kinds=frozenset({"quote", "event"}),
        sides=("pro-maduro",),
        media=("tweet",),
        dates=("2019-04",),
    )


def test_a_filter_being_typed_means_what_it_means_so_far() -> None:
    assert parse_query("by:mad").speakers == (Term("mad", prefix=True),)
    assert parse_query("kind:q").kinds == frozenset({"quote"})
    assert parse_query("medium:tw").media == ("tw",)
    assert parse_query("date:2019-0").dates == ("2019-0",)
    for typed in ("by:mad", "kind:q", "medium:tw", "date:2019-0", "side:pro"):
        assert parse_query(typed).problems == (), typed


def test_unknown_keys_are_words() -> None:
    assert parse_query("note:x ").terms == (Term("note", prefix=True), Term("x"))


def test_pasting_a_page_keeps_a_bounded_query() -> None:
    assert len(parse_query("word " * 5000).terms) == MAX_TERMS


def test_empty_and_blank_queries_find_nothing() -> None:
    index = bundled_index()
    for query in ("", " ", "\t\n", '""', "!", "'", "!!!", "by:", "kind:"):
        assert index.search(query) == [], repr(query)


def test_a_ten_thousand_character_query_returns() -> None:
    index = bundled_index()
    assert isinstance(index.search("guaido " * 1500), list)
    assert isinstance(index.search("x" * 10_000), list)


def test_regex_metacharacters_are_plain_characters() -> None:
    index = bundled_index()
    for query in (".*", "(", "[a-z]+", "\\", "^$", "a|b", "?", "+", "{2}", "**guaido**"):
        assert isinstance(index.search(query), list), query
    assert index.search("(guaido)")[0].entity.id == index.search("guaido")[0].entity.id


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_a_query(query: str) -> None:
    for hit in bundled_index().search(query, limit=5):
        for text, spans in ((hit.text, hit.spans), (hit.title, hit.title_spans)):
            assert all(0 <= start < end <= len(text) for start, end in spans)


_STORY_WORDS = sorted(bundled_index().inverted.vocabulary.words)


@st.composite
def typed_queries(draw: st.DrawFn) -> str:
    """Words of the story, some with a typo or unfinished, in any case."""
    chosen = draw(st.lists(st.sampled_from(_STORY_WORDS), min_size=1, max_size=3))
    typed = []
    for word in chosen:
        if len(word) > 3 and draw(st.booleans()):
            at = draw(st.integers(0, len(word) - 2))
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        typed.append(draw(st.sampled_from([word, word.upper(), word.capitalize()])))
    return " ".join(typed) + draw(st.sampled_from(["", " "]))


@settings(max_examples=200, deadline=None)
@given(typed_queries())
def test_spans_fall_on_the_words_the_query_matched(query: str) -> None:
    terms = parse_query(query).terms
    for hit in bundled_index().search(query, limit=10):
        for text, spans in ((hit.text, hit.spans), (hit.title, hit.title_spans)):
            for start, end in spans:
                assert 0 <= start < end <= len(text)
                (word,) = words(text[start:end])
                assert any(_stands_for(term, word) for term in terms), (query, word)


def _stands_for(term: Term, word: str) -> bool:
    if word == term.word or (term.prefix and word.startswith(term.word)):
        return True
    if word in story_words(term.word, prefix=term.prefix):
        return True
    return term.fuzzy and OSA.distance(term.word, word) <= allowed_edits(term.word)


@given(st.text(alphabet=string.printable, max_size=60))
def test_parsing_never_fails(query: str) -> None:
    parsed = parse_query(query)
    assert all(term.word == fold(term.word).strip() for term in parsed.terms)


def test_an_empty_story_answers_every_query_with_nothing() -> None:
    index = SearchIndex.build(Story(StoryInfo("empty")))
    for query in ("", "guaido", "'x", '"a b"', "!x y", "by:x", "kind:quote", "date:2019"):
        assert index.search(query) == []
