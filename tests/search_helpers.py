"""Shared helpers for the search tests: the bundled story's index and tiny stories."""

from __future__ import annotations

from functools import cache

from crisis_tui.loader import bundled_story_path, load_story
from crisis_tui.model import Actor, Quote, Story, StoryInfo
from crisis_tui.search import Hit, SearchIndex


@cache
def bundled_index() -> SearchIndex:
    return SearchIndex.build(load_story(bundled_story_path()).story)


def story_of_quotes(*texts: str, actors: tuple[Actor, ...] = ()) -> Story:
    """A story of quotes in this order, all by one speaker no query here names."""
    speaker = Actor("speaker", "Zyx Qwv")
    quotes = [Quote(f"q{number}", text, speaker, index=number) for number, text in enumerate(texts)]
    return Story(StoryInfo("test"), actors=[speaker, *actors], quotes=quotes)


def ids(hits: list[Hit]) -> list[str | None]:
    return [hit.entity.id for hit in hits]


def spanned(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in spans]
