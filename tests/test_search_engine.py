"""The search engine on the bundled story: what a reader types finds what they meant."""

from __future__ import annotations

from search_helpers import bundled_index, ids, spanned

from crisis_tui.model import Quote
from crisis_tui.search.fold import words


def test_an_unaccented_query_finds_the_accented_name() -> None:
    hits = bundled_index().search("guaido", limit=50)
    assert "juan-guaido" in ids(hits)
    for hit in hits[:10]:
        assert "Guaidó" in spanned(hit.title, hit.title_spans) + spanned(hit.text, hit.spans)


def test_a_typo_still_finds_maduro() -> None:
    hits = bundled_index().search("Maudro", limit=50)
    assert "nicolas-maduro" in ids(hits)
    for hit in hits[:10]:
        assert "Maduro" in spanned(hit.title, hit.title_spans) + spanned(hit.text, hit.spans)


def test_a_transposed_typo_finds_the_quotes_about_traitors() -> None:
    hits = bundled_index().search("tratiors", kinds=("quote",))
    assert ids(hits) == ["q-government-traitors", "q-rodriguez-traitors"]
    assert all(spanned(hit.text, hit.spans) == ["traitors"] for hit in hits)


def test_a_transposition_in_a_name_counts_as_one_typo() -> None:
    assert "juan-guaido" in ids(bundled_index().search("Guiado", limit=50))


def test_an_unfinished_last_word_matches_as_a_prefix() -> None:
    hits = bundled_index().search("usurp")
    assert ids(hits)[0] == "q-guaido-usurpation"
    assert spanned(hits[0].text, hits[0].spans) == ["usurpation"]


def test_every_word_may_be_unfinished_in_any_order() -> None:
    index = bundled_index()
    assert ids(index.search("usurp guaido")) == ids(index.search("guaido usurp"))
    assert ids(index.search("usurp guaido"))[0] == "q-guaido-usurpation"
    assert ids(index.search("usurp "))[0] == "q-guaido-usurpation"


def test_guaido_usurp_ranks_the_twitter_quote_first_with_both_words_highlighted() -> None:
    hits = bundled_index().search("guaido usurp")
    first = hits[0]
    assert first.entity.id == "q-guaido-usurpation"
    assert isinstance(first.entity, Quote)
    assert first.entity.medium == "tweet"
    assert first.title == "Juan Guaidó"
    assert first.title_spans == ((5, 11),)
    assert first.text[36:46] == "usurpation"
    assert first.spans == ((36, 46),)


def test_a_quote_is_found_by_its_speakers_name() -> None:
    hits = bundled_index().search("maduro steel")
    assert ids(hits) == ["q-maduro-nerves-of-steel"]
    assert spanned(hits[0].title, hits[0].title_spans) == ["Maduro"]
    assert spanned(hits[0].text, hits[0].spans) == ["steel"]


def test_a_linked_name_ranks_below_a_direct_match() -> None:
    found = ids(bundled_index().search("maduro", limit=100))
    assert found.index("nicolas-maduro") < found.index("q-maduro-nerves-of-steel")


def test_a_phrase_needs_its_words_together_and_in_order() -> None:
    index = bundled_index()
    phrase = ids(index.search('"small group of traitors"', kinds=("quote",)))
    assert phrase == ["q-government-traitors", "q-rodriguez-traitors"]
    assert index.search('"traitors of group small"', kinds=("quote",)) == []
    hit = index.search('"nerves of steel"')[0]
    assert spanned(hit.text, hit.spans) == ["nerves", "of", "steel"]


def test_an_exact_word_tolerates_no_typo() -> None:
    index = bundled_index()
    assert index.search("'tratiors ") == []
    assert ids(index.search("'traitors ", kinds=("quote",))) == [
        "q-government-traitors",
        "q-rodriguez-traitors",
    ]


def test_an_excluded_word_leaves_entities_out() -> None:
    found = ids(bundled_index().search("traitors !rodriguez", kinds=("quote",)))
    assert found == ["q-government-traitors"]


def test_by_finds_what_a_speaker_said_even_misspelt() -> None:
    index = bundled_index()
    for query in ("by:rodriguez", "by:Rodríguez", "by:rodirguez", 'by:"jorge rodriguez"'):
        found = ids(index.search(query, kinds=("quote",)))
        assert found == ["q-rodriguez-traitors"], query
    assert ids(index.search("by:maduro steel")) == ["q-maduro-nerves-of-steel"]


def test_kind_keeps_one_kind() -> None:
    hits = bundled_index().search("kind:actor guaido", limit=50)
    assert hits
    assert {hit.kind for hit in hits} == {"actor"}
    events = bundled_index().search("kind:ev guaido", limit=50)
    assert events
    assert {hit.kind for hit in events} == {"event"}


def test_side_keeps_one_side() -> None:
    hits = bundled_index().search("side:pro-maduro traitors", limit=50)
    assert "q-government-traitors" in ids(hits)
    assert "pro-guaido-soldiers" not in ids(hits)


def test_medium_keeps_quotes_said_that_way() -> None:
    assert ids(bundled_index().search("medium:tweet traitors")) == ["q-rodriguez-traitors"]


def test_date_keeps_what_happened_then() -> None:
    hits = bundled_index().search("date:2019-01", limit=50)
    assert "q-guaido-emergency-powers" in ids(hits)
    assert "q-guaido-usurpation" not in ids(hits)


def test_filters_alone_list_entities() -> None:
    hits = bundled_index().search("by:padrino kind:quote")
    assert ids(hits) == ["q-padrino-constitution"]


def test_filters_that_match_nothing_find_nothing() -> None:
    index = bundled_index()
    assert index.search("side:nobody traitors") == []
    assert index.search("kind:nothing traitors") == []
    assert index.search("by:zzzzzz traitors") == []


def test_hit_spans_fall_on_words_the_query_stands_for() -> None:
    for query in ("guaido usurp", "Maudro", "tratiors", '"nerves of steel"', "venez"):
        for hit in bundled_index().search(query, limit=50):
            for text, spans in ((hit.text, hit.spans), (hit.title, hit.title_spans)):
                for start, end in spans:
                    assert 0 <= start < end <= len(text)
                    assert len(words(text[start:end])) == 1
