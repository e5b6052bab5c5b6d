"""Folding: accents, case and compatibility forms meet; offsets lead back to the original."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisis_tui.search.fold import (
    MAX_FIELD_WORDS,
    MAX_FOLDED_CHARACTERS,
    MAX_TEXT_CHARACTERS,
    WordSpan,
    first_positions,
    fold,
    word_spans,
    words,
)
from crisis_tui.search.synonyms import name_lengths


def all_spans(text: str) -> list[WordSpan]:
    return word_spans(text, set(words(text)), len(fold(text)) + 1)


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
    spans = all_spans(text)
    assert [(span.word, text[span.start : span.end]) for span in spans] == [
        ("rodriguez", "Rodríguez"),
        ("dijo", "dijo"),
        ("strasse", "Straße"),
    ]


def test_a_span_keeps_the_combining_marks_folding_dropped() -> None:
    text = "Guaido\u0301 habla"
    first = all_spans(text)[0]
    assert text[first.start : first.end] == "Guaido\u0301"


def test_positions_count_from_the_start_of_each_alias() -> None:
    assert first_positions(("Nicolás Maduro", "Maduro")) == {"nicolas": 0, "maduro": 0}
    assert first_positions(("the end of the usurpation",)) == {
        "the": 0,
        "end": 1,
        "of": 2,
        "usurpation": 3,
    }


@given(st.text())
def test_folding_a_text_is_folding_its_characters(text: str) -> None:
    assert fold(text) == "".join(fold(char) for char in text)


@given(st.text())
def test_spans_find_the_same_words_as_the_index(text: str) -> None:
    spans = all_spans(text)
    assert [span.word for span in spans] == words(text)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.word in fold(text[span.start : span.end])


def spans_walked(text: str) -> list[WordSpan]:
    """Every word's span found character by character: what the searches must agree with."""
    spans: list[WordSpan] = []
    letters: list[str] = []
    start = end = 0
    for index, char in enumerate(text):
        folded = fold(char)
        if not folded:
            if letters:
                end = index + 1
            continue
        for letter in folded:
            if letter == " ":
                if letters:
                    spans.append(WordSpan("".join(letters), start, end))
                    letters = []
            else:
                if not letters:
                    start = index
                letters.append(letter)
                end = index + 1
    if letters:
        spans.append(WordSpan("".join(letters), start, end))
    return spans


ALPHABET = st.sampled_from("ab ó\u0301\u200b\ufdfaß.\u00ad\U000e0041")


@given(st.text(ALPHABET, max_size=30) | st.text(max_size=30))
def test_spans_found_by_searching_are_the_spans_walked_character_by_character(text: str) -> None:
    assert all_spans(text) == spans_walked(text)


@given(st.text(ALPHABET, max_size=30), st.integers(min_value=0, max_value=5))
def test_only_the_wanted_words_are_spanned_and_only_the_first_few(text: str, limit: int) -> None:
    walked = spans_walked(text)
    wanted = {span.word for span in walked[::2]}
    expected = [span for span in walked if span.word in wanted][:limit]
    assert word_spans(text, wanted, limit) == expected


INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark
    "\u00ad",  # soft hyphen
    "\u202e",  # right-to-left override
    "\u2067",  # right-to-left isolate
    "\u061c",  # Arabic letter mark
    "\U000e0001",  # language tag
    "\U000e0041",  # tag letter A
    "\U000e0000",  # unassigned, among the tags
]


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_invisible_format_characters_do_not_break_a_word(invisible: str) -> None:
    text = f"Juan Gua{invisible}idó{invisible}, ya"
    assert words(text) == ["juan", "guaido", "ya"]
    (span,) = word_spans(text, {"guaido"}, 5)
    assert text[span.start : span.end] == f"Gua{invisible}idó{invisible}"


def test_only_the_start_of_a_huge_text_is_searched() -> None:
    found = words("word " * 100_000 + "needle")
    assert len(found) == MAX_TEXT_CHARACTERS // len("word ")
    assert "needle" not in found
    assert word_spans("word " * 100_000 + "needle", {"needle"}, 5) == []


def test_folding_cannot_make_a_text_longer_than_the_bound() -> None:
    ligatures = "\ufdfa" * MAX_TEXT_CHARACTERS
    assert len(fold("\ufdfa")) == 18
    assert sum(map(len, words(ligatures))) < MAX_FOLDED_CHARACTERS


def test_a_field_keeps_a_bounded_number_of_distinct_words() -> None:
    many = tuple(f"alias{number}" for number in range(3 * MAX_FIELD_WORDS))
    one_text = " ".join(many)
    assert len(first_positions((one_text,))) == MAX_FIELD_WORDS
    assert len(first_positions(many)) == MAX_FIELD_WORDS
    assert name_lengths(many).keys() == first_positions(many).keys()


@given(st.lists(st.text(ALPHABET, max_size=8), max_size=6))
def test_name_lengths_and_positions_cover_the_same_words(texts: list[str]) -> None:
    assert name_lengths(tuple(texts)).keys() == first_positions(tuple(texts)).keys()
