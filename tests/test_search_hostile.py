"""Search on stories made to hurt it: invisible characters, huge quotes, huge words.

Whatever a story holds, searching it costs what a line of results costs, the
index stays within a small multiple of the story's size, and what is found
is highlighted where it was found. The large stories are generated here
(``benchmarks/hostile_search.py``), not kept as files.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from hostile_search import REPEATED_WORD, distinct_words, ligatures, one_quote_story
from search_helpers import ids, spanned, story_of_quotes

from crisis_tui.loader import load_story, load_story_text
from crisis_tui.model import Actor, Event, Story, StoryInfo
from crisis_tui.model.dates import parse_partial_date
from crisis_tui.search import SearchIndex, parse_query
from crisis_tui.search.documents import Field, document_of
from crisis_tui.search.fold import MAX_FIELD_WORDS, MAX_TEXT_CHARACTERS
from crisis_tui.search.highlight import MAX_SPANS
from crisis_tui.search.query import MAX_QUERY_CHARACTERS

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"


def test_words_broken_by_invisible_characters_are_found_and_highlighted_whole() -> None:
    story = load_story(FIXTURES / "search-invisible-characters.yaml").story
    index = SearchIndex.build(story)
    hits = index.search("guaido", kinds=("quote",), limit=10)
    assert set(ids(hits)) == {quote.id for quote in story.quotes}
    for hit in hits:
        (matched,) = spanned(hit.text, hit.spans)  # from its first letter, through the last
        assert matched[0].isalpha()
        assert "".join(char for char in matched if char.isalpha()).casefold() == "guaido"
        assert not hit.text[hit.spans[0][1] :].startswith(("d", "o"))
        assert hit.title_spans == ((5, 12),)  # "Gua\u200bidó", the whole of it


def test_a_query_with_an_invisible_character_finds_the_plain_word() -> None:
    index = SearchIndex.build(story_of_quotes("guaido spoke"))
    assert ids(index.search("gua\u200bido")) == ["q0"]
    assert ids(index.search("\ufeffguai\u00addo")) == ["q0"]


def test_a_quote_of_a_hundred_thousand_matches_gives_a_bounded_number_of_spans() -> None:
    index = SearchIndex.build(story_of_quotes(REPEATED_WORD))
    (hit,) = index.search("guaido")
    assert len(hit.spans) == MAX_SPANS
    assert hit.spans[:2] == ((0, 6), (7, 13))


def test_only_the_searched_start_of_a_huge_quote_is_found_and_highlighted() -> None:
    text = "filler " * (MAX_TEXT_CHARACTERS // 7) + "needle"
    index = SearchIndex.build(story_of_quotes(text, "a needle early"))
    assert ids(index.search("needle")) == ["q1"]
    assert index.search("filler")[0].spans[0] == (0, 6)


def _peak_build_bytes(text: str) -> tuple[SearchIndex, int]:
    story = load_story_text(one_quote_story(text)).story
    tracemalloc.start()
    try:
        index = SearchIndex.build(story)
        return index, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_index_of_a_quote_that_folding_expands_stays_small() -> None:
    text = ligatures(1_000_000)  # 3 MB of UTF-8, 18 MB once folded
    index, peak = _peak_build_bytes(text)
    assert peak <= 10 * len(text.encode())
    assert ids(index.search("\ufdfa")) == ["the-quote"]


def test_the_index_of_a_quote_of_many_distinct_words_keeps_a_bounded_number() -> None:
    text = distinct_words(300_000)
    index, peak = _peak_build_bytes(text)
    assert len(index.inverted.vocabulary) <= MAX_FIELD_WORDS + 10  # and the speaker's name
    assert peak <= 10 * len(text.encode())
    assert ids(index.search("aaaaaa", kinds=("quote",))) == ["the-quote"]


@pytest.mark.parametrize("pasted", ["a" * 2_000_000, "word " * 400_000, "\ufdfa" * 500_000])
def test_a_pasted_book_of_a_query_is_read_only_to_its_bound(pasted: str) -> None:
    query = parse_query(pasted)
    assert sum(len(term.word) for term in query.terms) <= 18 * MAX_QUERY_CHARACTERS
    SearchIndex.build(story_of_quotes("word")).search(pasted)


def test_an_event_linking_many_long_names_reads_a_bounded_part_of_them() -> None:
    actors = [Actor(f"a{number}", f"name{number} " + "x" * 5_000) for number in range(50)]
    when = parse_partial_date("2019-04-30")
    event = Event("e", "Gathering", when, actors=tuple(actors))
    document = document_of(event)
    assert document is not None
    assert sum(map(len, document.fields[Field.LINK])) <= MAX_TEXT_CHARACTERS
    index = SearchIndex.build(Story(StoryInfo("test"), actors=actors, events=[event]))
    assert ids(index.search("'name0 gathering", kinds=("event",))) == ["e"]
    assert ids(index.search("'name40 gathering", kinds=("event",))) == []  # not read
