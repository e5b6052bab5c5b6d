"""The words people type for what a story calls otherwise, and the words that ask rather than name.

A story says a quote's medium is ``tweet``; a reader types "twitter" or
"tweeted". A story's record is a ``quote``; a reader asks what someone
"said". Each query word also matches the story words this table gives it
(as well as itself), so the reader's words find the story's.

Question words ("what did the … say") name nothing: a query drops them,
unless it is made of nothing else, and a name holding them ("the
opposition") is named in full without them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from crisis_tui.model import SEARCHABLE_KINDS
from crisis_tui.search.fold import MAX_FIELD_WORDS, distinct_words, first_positions

SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "tweet": ("twitter", "tweeted", "tweeting", "tweets"),
    "broadcast": ("tv", "television", "televised", "broadcasted", "aired", "radio"),
    "speech": ("speeches", "address", "addressed"),
    "statement": ("statements", "announced", "announcement"),
    "interview": ("interviews", "interviewed"),
    "quote": (
        *("said", "say", "says", "saying", "told", "posted", "wrote", "quoted", "relayed"),
        *("statement", "comment", "remark", "words"),
    ),
    "event": ("happened", "happen", "happens", "occurred"),
}
"""Story word (a medium, a kind) to the words readers use for it, all folded."""

FILLER_WORDS = frozenset(
    {
        *("a", "an", "the", "me", "every", "all", "any"),
        *("what", "who", "whom", "whose", "which", "when", "where", "why", "how"),
        *("did", "do", "does", "is", "was", "were", "are", "be", "been", "has", "have", "had"),
        *("at", "on", "in", "of", "to", "about", "for", "from", "with", "by"),
    }
)
"""Words of a question that name nothing a story holds."""

MIN_PREFIX = 3
"""Letters a finished query word needs to also stand for the words it begins."""

MIN_SYNONYM_PREFIX = 4
"""Letters an unfinished word needs to stand for the story words of those it begins."""

_STORY_WORDS: dict[str, tuple[str, ...]] = {}
for _story_word, _typed in SYNONYMS.items():
    for _word in _typed:
        _STORY_WORDS[_word] = (*_STORY_WORDS.get(_word, ()), _story_word)
for _kind in SEARCHABLE_KINDS:
    _STORY_WORDS[_kind.plural] = (*_STORY_WORDS.get(_kind.plural, ()), _kind.singular)


def story_words(word: str, *, prefix: bool = False) -> tuple[str, ...]:
    """The story words a folded query word stands for besides itself.

    An unfinished word (``prefix``) stands for those of every table word it
    begins, from its fourth letter on: "telev" already finds broadcasts,
    while "t" does not stand for half the table nor "air" (as in air base)
    for "aired".
    """
    if not prefix or len(word) < MIN_SYNONYM_PREFIX:
        return _STORY_WORDS.get(word, ())
    found = dict.fromkeys(
        story_word
        for typed, meant in _STORY_WORDS.items()
        if typed.startswith(word)
        for story_word in meant
    )
    return tuple(found)


@lru_cache(maxsize=16_384)
def name_words(text: str) -> tuple[str, ...]:
    """The distinct words of a name that a query must cover to name it in full.

    All but question words and a possessive "s": "opposition" names "the
    opposition", "guaido supporters" names "Guaidó's supporters". A name of
    nothing else needs all its words.
    """
    distinct = distinct_words(text)
    return tuple(word for word in distinct if word not in FILLER_WORDS and word != "s") or distinct


def name_lengths(texts: tuple[str, ...]) -> dict[str, int]:
    """Each distinct word of some names, with the ``name_words`` count of the shortest holding it.

    A query of ``n`` words can only name in full a name of at most ``n``
    such words, so the index keeps this for names: it tells the ranking
    which entities a query could name completely without reading them.
    """
    lengths: dict[str, int] = {}
    for text in texts:
        length = len(name_words(text))
        for word in distinct_words(text):
            if lengths.setdefault(word, length) > length:
                lengths[word] = length
    if len(lengths) > MAX_FIELD_WORDS:  # the words the field keeps: those of its positions
        return {word: lengths[word] for word in first_positions(texts)}
    return lengths
