"""The benchmark story generator makes valid stories, the same through YAML or directly."""

from __future__ import annotations

import pytest
from generate_story import PLANTED_QUOTES, generate_story, generate_story_yaml

from crisis_tui.loader import load_story_text


@pytest.mark.parametrize("quotes", [1, 7, 1500])
def test_generated_yaml_loads_without_a_warning(quotes: int) -> None:
    loaded = load_story_text(generate_story_yaml(quotes, seed=3))
    assert loaded.warnings == ()
    assert len(loaded.story.quotes) == quotes


def test_the_direct_builder_makes_the_same_story() -> None:
    loaded = load_story_text(generate_story_yaml(800, seed=5)).story
    built = generate_story(800, seed=5)
    for section in ("sources", "actors", "places", "events", "quotes"):
        assert [e.id for e in getattr(built, section)] == [e.id for e in getattr(loaded, section)]
    assert [(q.text, q.speaker.id, q.when) for q in built.quotes] == [
        (q.text, q.speaker.id, q.when) for q in loaded.quotes
    ]


def test_the_same_seed_makes_the_same_story_and_another_seed_another() -> None:
    assert generate_story_yaml(300, seed=1) == generate_story_yaml(300, seed=1)
    assert generate_story_yaml(300, seed=1) != generate_story_yaml(300, seed=2)


def test_real_quotes_are_planted_for_the_benchmarks() -> None:
    story = generate_story(2000)
    for planted in PLANTED_QUOTES:
        quote = story.get(planted.id)
        assert quote is not None
        assert getattr(quote, "text", None) == planted.text
