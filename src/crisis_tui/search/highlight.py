"""Where in a displayed text the query matched, in the text's own characters."""

from __future__ import annotations

from collections.abc import Sequence

from crisis_tui.search.fold import word_spans
from crisis_tui.search.scoring import WordMatch

MAX_SPANS = 64
"""Matched spans given per text: more than a line or a detail can show.

A quote that repeats one word a hundred thousand times would otherwise cost
a hundred thousand spans to find, send and style, for the few on screen.
"""


def matched_spans(text: str, matches: Sequence[WordMatch]) -> tuple[tuple[int, int], ...]:
    """Half-open spans of the first ``MAX_SPANS`` words of ``text`` that any of ``matches``
    stands for."""
    wanted = {word for match in matches for word in match.qualities}
    return tuple((span.start, span.end) for span in word_spans(text, wanted, MAX_SPANS))


def window(
    text: str, spans: Sequence[tuple[int, int]], start: int, end: int
) -> tuple[str, list[tuple[int, int]]]:
    """``text[start:end]``, with the parts of ``spans`` that fall in it moved to its offsets.

    What shows a long text cuts it first and styles only what is left.
    """
    start, end = max(start, 0), min(end, len(text))
    moved = [
        (max(span_start, start) - start, min(span_end, end) - start)
        for span_start, span_end in spans
        if span_start < end and span_end > start
    ]
    return text[start:end], moved
