"""Folding: accents, case and compatibility forms meet; offsets lead back to the original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crisis_tui.search.fold import first_positions, fold, shortest_lengths, word_spans, words


def test_accents_case_and_ligatures_fold_away() -> None:
    assert words("Guaidó GUAIDO guaido") == ["guaido"] * 3
    assert words("Nicolás Straße ﬁne İstanbul") == ["nicolas", "strasse", "fine", "istanbul"]


def test_decomposed_accents_fold_like_composed_ones() -> None:
    assert words("Guaido\u0301") == words("Guaidó") == ["guaido"]


def test_punctuation_separates_words() -> None:
    assert words("Maduro's “nerves of steel,” pro-Guaidó_x") == [
        "maduro",
        "s",
        "nerves",
        "of",
        "steel",
        "pro",
        "guaido",
        "x",
    ]


def test_spans_point_at_the_original_characters() -> None:
    text = "¡Rodríguez dijo: Straße!"
    spans = list(word_spans(text))
    assert [(span.word, text[span.start : span.end]) for span in spans] == [
        ("rodriguez", "Rodríguez"),
        ("dijo", "dijo"),
        ("strasse", "Straße"),
    ]


def test_a_span_keeps_the_combining_marks_folding_dropped() -> None:
    text = "Guaido\u0301 habla"
    first = next(word_spans(text))
    assert text[first.start : first.end] == "Guaido\u0301"


def test_positions_count_from_the_start_of_each_alias() -> None:
    assert first_positions(("Nicolás Maduro", "Maduro")) == {"nicolas": 0, "maduro": 0}
    assert first_positions(("the end of the usurpation",)) == {
        "the": 0,
        "end": 1,
        "of": 2,
        "usurpation": 3,
    }


def test_a_word_counts_the_words_of_the_shortest_name_holding_it() -> None:
    names = ("Nicolás Maduro", "Maduro", "the Maduro the")
    assert shortest_lengths(names) == {"nicolas": 2, "maduro": 1, "the": 2}


@given(st.text())
def test_folding_a_text_is_folding_its_characters(text: str) -> None:
    assert fold(text) == "".join(fold(char) for char in text)


@given(st.text())
def test_spans_find_the_same_words_as_the_index(text: str) -> None:
    spans = list(word_spans(text))
    assert [span.word for span in spans] == words(text)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.word in fold(text[span.start : span.end])
