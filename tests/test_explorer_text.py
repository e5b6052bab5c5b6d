"""How story records become text: quote kinds, sides, citations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from crisis_tui.model import Actor, Citation, Quote, Side, Source
from crisis_tui.widgets.story_text import (
    NO_SIDE_SYMBOL,
    SHOWN_CHARACTERS,
    SIDE_SYMBOLS,
    STORY_STYLE_CLASSES,
    citations,
    paragraph,
    plain_quote_citation,
    quote_words,
    side_style,
    side_symbol,
    text,
)

REPORT = Source("report", "article", "Big report", publisher=Actor("outlet", "The Outlet"))
SPEAKER = Actor("maduro", "Nicolás Maduro", side=Side("gov", "Government", "red", index=1))


def _quote(words: str, kind: str, **fields: object) -> Quote:
    return Quote("q", words, SPEAKER, kind=kind, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "words", "shown"),
    [
        ("verbatim", "We will win.", "“We will win.”"),
        ("fragment", "nerves of steel,", "“…nerves of steel,”"),
        ("fragment", "freedom and democracy.", "“…freedom and democracy.”"),
        ("fragment", "definitive end", "“…definitive end…”"),
        ("fragment", "…already elided…", "“…already elided…”"),
        ("fragment", ", cut after a comma", "“, cut after a comma…”"),
        ("paraphrase", "He will win.", "He will win."),
    ],
)
def test_each_kind_of_quote_reads_differently(kind: str, words: str, shown: str) -> None:
    assert quote_words(_quote(words, kind)) == shown


def test_the_copied_citation_names_speaker_medium_date_and_source() -> None:
    quote = _quote("nerves of steel,", "fragment", medium="tweet", sources=(Citation(REPORT, 12),))
    assert plain_quote_citation(quote) == (
        "“…nerves of steel,” — Nicolás Maduro, tweet (The Outlet: Big report, report ¶12)"
    )
    paraphrase = _quote("He is calm.", "paraphrase", medium="other")
    assert plain_quote_citation(paraphrase) == "He is calm. — Nicolás Maduro (paraphrased)"


def test_citations_name_a_source_once_then_its_paragraphs() -> None:
    other = Source("video", "video", "Clip")
    cited = (Citation(REPORT, 3), Citation(REPORT, 6), Citation(other), Citation(REPORT, 9))
    assert citations(cited) == "report ¶3, ¶6, video, report ¶9"


def test_sides_use_their_colour_hint_or_their_position() -> None:
    assert side_style(Side("a", "A", "Red", index=0)) == ".side--red"
    assert side_style(Side("a", "A", "gray", index=0)) == ".side--grey"
    assert side_style(Side("a", "A", "#ff00ff", index=7)) == ".side--2"
    assert side_style(None) == ".side--none"
    assert {style[1:] for style in (".side--red", ".side--2", ".side--none")} <= STORY_STYLE_CLASSES


def test_every_side_has_a_symbol_so_colour_is_never_the_only_clue() -> None:
    symbols = [side_symbol(Side(str(n), str(n), index=n)) for n in range(len(SIDE_SYMBOLS))]
    assert len(set(symbols)) == len(SIDE_SYMBOLS)
    assert NO_SIDE_SYMBOL not in symbols
    assert all(cell_len(symbol) == 1 for symbol in [*symbols, NO_SIDE_SYMBOL])


@given(st.text())
def test_story_text_never_carries_control_characters(value: str) -> None:
    shown = text(value).plain
    assert not any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in shown)
    assert "\x1b" not in shown


def test_a_huge_text_is_drawn_in_part_and_says_how_much_is_left_out() -> None:
    words = "guaido " * 1_000_000  # 7 MB: laying it all out would take minutes
    hidden = f"{len(words) - SHOWN_CHARACTERS:,} more characters"
    for shown in (
        quote_words(_quote(words, "verbatim")),
        text(words).plain,
        paragraph(words).plain,
    ):
        assert len(shown) < SHOWN_CHARACTERS + 100
        assert shown.startswith(("guaido guaido", "“guaido guaido"))
        assert hidden in shown


def test_a_huge_quote_is_copied_whole() -> None:
    words = "guaido " * 100_000
    assert words.strip() in plain_quote_citation(_quote(words, "verbatim"))
