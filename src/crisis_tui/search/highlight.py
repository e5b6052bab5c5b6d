"""Where in a displayed text the query matched, in the text's own characters."""

from __future__ import annotations

from collections.abc import Sequence

from crisis_tui.search.fold import word_spans
from crisis_tui.search.scoring import WordMatch


def matched_spans(text: str, matches: Sequence[WordMatch]) -> tuple[tuple[int, int], ...]:
    """Half-open spans of the words of ``text`` that any of ``matches`` stands for."""
    return tuple(
        (span.start, span.end)
        for span in word_spans(text)
        if any(span.word in match.qualities for match in matches)
    )
