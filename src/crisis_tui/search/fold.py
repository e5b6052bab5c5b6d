"""Text folding: what a reader considers "the same word", and the way back.

"Guaidó", "GUAIDO" and "guaido" must meet in one word, so text is folded:
compatibility-decomposed (NFKD), case-folded, and stripped of combining marks.
A word is a run of letters and digits of the folded text; everything else
separates words. Folding can change length ("ß" becomes "ss", a decomposed
accent vanishes), so highlighting keeps a map from every folded character
back to the original one it came from.

Each character folds on its own, through one lazily filled translation
table, so folding a whole text (the fast path that builds the index) is the
concatenation of folding its characters (the path that keeps offsets for
highlighting): the two always agree.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache


class _CharacterFolds(dict[int, str]):
    """Code point to folded text, computed on first sight: a ``str.translate`` table.

    Letters and digits fold to themselves, lower-cased and without marks;
    anything else becomes a space, so ``split()`` finds the words.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize(
            "NFKD", unicodedata.normalize("NFKD", chr(code)).casefold()
        )
        folded = "".join(
            char if char.isalnum() else " "
            for char in decomposed
            if not unicodedata.category(char).startswith("M")
        )
        self[code] = folded
        return folded


_FOLDS = _CharacterFolds()


def fold(text: str) -> str:
    """``text`` folded: lower-case letters and digits without marks, spaces between words."""
    return text.translate(_FOLDS)


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return text.translate(_FOLDS).split()


def first_positions(texts: tuple[str, ...]) -> dict[str, int]:
    """Each distinct word of a field's texts, with where it first appears in one of them.

    A field may hold several texts (a name and its aliases); a word's
    position is its rank among the distinct words of the text it appears in
    earliest, so an alias counts from its own start. The index and the
    scorer both take positions from here.
    """
    if len(texts) == 1:
        distinct = dict.fromkeys(texts[0].translate(_FOLDS).split())
        return dict(zip(distinct, range(len(distinct)), strict=True))
    positions: dict[str, int] = {}
    for text in texts:
        for position, word in enumerate(dict.fromkeys(words(text))):
            if positions.setdefault(word, position) > position:
                positions[word] = position
    return positions


cached_first_positions = lru_cache(maxsize=16_384)(first_positions)
"""``first_positions`` for texts seen again and again: names, and entities rescored."""


@lru_cache(maxsize=16_384)
def distinct_words(text: str) -> tuple[str, ...]:
    """The distinct folded words of ``text``, in order; cached, as names recur."""
    return tuple(dict.fromkeys(text.translate(_FOLDS).split()))


@dataclass(frozen=True, slots=True)
class WordSpan:
    """One word of a text: its folded form and where it sits in the original."""

    word: str
    start: int
    end: int


def word_spans(text: str) -> list[WordSpan]:
    """Every word of ``text`` with its half-open span in the original text.

    A span covers the original characters the word's letters came from,
    including combining marks that folding dropped from its end.
    """
    spans: list[WordSpan] = []
    letters: list[str] = []
    start = end = 0
    for index, char in enumerate(text):
        folded = _FOLDS[ord(char)]
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
