"""Text folding: what a reader considers "the same word", and the way back.

"Guaidó", "GUAIDO" and "guaido" must meet in one word, so text is folded:
compatibility-decomposed (NFKD), case-folded, and stripped of combining marks.
A word is a run of letters and digits of the folded text; everything else
separates words. Folding can change length ("ß" becomes "ss", a decomposed
accent vanishes), so highlighting keeps a map from every folded character
back to the original one it came from.

Invisible format characters (zero-width spaces, joiners, the soft hyphen,
byte-order marks, bidirectional controls, tag characters) fold to nothing:
they do not show, so "gua\u200bido" must be found by "guaido" and a reader
never sees the word broken.

Each character folds on its own, through one lazily filled translation
table, so folding a whole text (the fast path that builds the index) is the
concatenation of folding its characters (the path that keeps offsets for
highlighting): the two always agree.

A story is untrusted, and folding can make text longer (U+FDFA becomes 18
characters, four words), so what one text and one field can cost is bounded
here, where the index, the scorer and the highlighter all take their words:
only the first ``MAX_TEXT_CHARACTERS`` of a text are searched, and a field
keeps its first ``MAX_FIELD_WORDS`` distinct words. All three see the same
words, so a hit is always highlighted where it matched.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, islice

MAX_TEXT_CHARACTERS = 20_000
"""Characters of a text that are searched; the rest is shown but not searched.

Quotes and summaries run to hundreds of characters and a long article to a
few tens of thousands; a text of megabytes is an attack on the index (its
words, and folding's expansion of them) and on highlighting, not a quote.
"""

MAX_FIELD_WORDS = 1_000
"""Distinct words one field of one entity puts in the index, the first met.

Bounds the postings of an entity whose names or texts hold many words, or
that links to actors with many aliases, whatever the story's size.
"""

MAX_FOLDED_CHARACTERS = 2 * MAX_TEXT_CHARACTERS
"""Characters of folded text searched: folding lengthens some characters (U+FDFA,
one character, folds to eighteen and four words), and text made of them must
not cost more than text as long as it looks."""

_TAG_CHARACTERS = range(0xE0000, 0xE0080)
"""Tag characters, invisible; U+E0000 is unassigned, the rest are format characters."""


class _CharacterFolds(dict[int, str]):
    """Code point to folded text, computed on first sight: a ``str.translate`` table.

    Letters and digits fold to themselves, lower-cased and without marks;
    anything else becomes a space, so ``split()`` finds the words.
    """

    def __missing__(self, code: int) -> str:
        if unicodedata.category(chr(code)) == "Cf" or code in _TAG_CHARACTERS:
            self[code] = ""  # invisible: it neither makes a letter nor ends a word
            return ""
        decomposed = unicodedata.normalize(
            "NFKD", unicodedata.normalize("NFKD", chr(code)).casefold()
        )
        folded = "".join(
            char if char.isalnum() else " "
            for char in decomposed
            if not unicodedata.category(char).startswith(("M", "Cf"))
        )
        self[code] = folded
        return folded


_FOLDS = _CharacterFolds()


def fold(text: str) -> str:
    """``text`` folded: lower-case letters and digits without marks, spaces between words."""
    return text.translate(_FOLDS)


def searched(text: str) -> tuple[str, str]:
    """The part of ``text`` that is searched, and its folded text.

    That is its first ``MAX_TEXT_CHARACTERS``, and of those as many as fold to
    ``MAX_FOLDED_CHARACTERS``; the last word may be cut short.
    """
    original = text if len(text) <= MAX_TEXT_CHARACTERS else text[:MAX_TEXT_CHARACTERS]
    folded = original.translate(_FOLDS)
    if len(folded) > MAX_FOLDED_CHARACTERS:
        folded = folded[:MAX_FOLDED_CHARACTERS]
    return original, folded


def words(text: str) -> list[str]:
    """The folded words of the searched part of ``text``, in order."""
    return searched(text)[1].split()


def first_positions(texts: tuple[str, ...]) -> dict[str, int]:
    """Each distinct word of a field's texts, with where it first appears in one of them.

    A field may hold several texts (a name and its aliases); a word's
    position is its rank among the distinct words of the text it appears in
    earliest, so an alias counts from its own start. The index and the
    scorer both take positions from here.
    """
    if len(texts) == 1:
        distinct = dict.fromkeys(words(texts[0]))
        if len(distinct) > MAX_FIELD_WORDS:
            distinct = dict.fromkeys(islice(distinct, MAX_FIELD_WORDS))
        return dict(zip(distinct, range(len(distinct)), strict=True))
    positions: dict[str, int] = {}
    for text in texts:
        for position, word in enumerate(dict.fromkeys(words(text))):
            if word in positions:
                positions[word] = min(positions[word], position)
            elif len(positions) < MAX_FIELD_WORDS:
                positions[word] = position
    return positions


cached_first_positions = lru_cache(maxsize=16_384)(first_positions)
"""``first_positions`` for texts seen again and again: names, and entities rescored."""


@lru_cache(maxsize=16_384)
def distinct_words(text: str) -> tuple[str, ...]:
    """The distinct folded words of ``text``, in order; cached, as names recur."""
    return tuple(dict.fromkeys(words(text)))


@dataclass(frozen=True, slots=True)
class WordSpan:
    """One word of a text: its folded form and where it sits in the original."""

    word: str
    start: int
    end: int


def word_spans(text: str, wanted: set[str] | frozenset[str], limit: int) -> list[WordSpan]:
    """The first ``limit`` words of the searched part of ``text`` that are in ``wanted``,
    in order, each with its half-open span in the text.

    A span covers the original characters the word's letters came from,
    including combining marks and format characters that folding dropped
    from its end. The words are found in the folded text by C-speed
    searches, not walked one by one: a text of thousands of words that
    holds the wanted one once costs about what folding it costs.
    """
    original, folded = searched(text)
    present = wanted.intersection(folded.split()) if wanted else ()
    if not present or limit <= 0:
        return []
    found = sorted(
        (
            match.span()
            for word in present
            for match in islice(_whole(word).finditer(folded), limit)
        ),
    )[:limit]
    back = _way_back(original, folded)
    return [WordSpan(folded[start:end], *back(start, end)) for start, end in found]


@lru_cache(maxsize=4096)
def _whole(word: str) -> re.Pattern[str]:
    """``word`` as a whole word of folded text, where only spaces separate words."""
    return re.compile(f"(?<![^ ]){re.escape(word)}(?![^ ])")


def _way_back(original: str, folded: str) -> Callable[[int, int], tuple[int, int]]:
    """From a span of ``folded`` to the span of ``original`` it was folded from."""
    if original.isascii():
        return lambda start, end: (start, end)  # ASCII folds one character to one
    ends = list(accumulate(map(len, map(_FOLDS.__getitem__, map(ord, original)))))
    """Where each original character's folded text ends."""

    def back(start: int, end: int) -> tuple[int, int]:
        # The character whose folded text holds ``start``; the one holding
        # ``end - 1``, and any after it that folded to nothing (trailing marks).
        return bisect_right(ends, start), max(bisect_left(ends, end) + 1, bisect_right(ends, end))

    return back
