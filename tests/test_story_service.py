"""The story and its index, held together: one version of each, replaced together."""

from __future__ import annotations

import pytest

from crisis_tui.cli import main
from crisis_tui.loader import bundled_story_path, load_story
from crisis_tui.model import Story
from crisis_tui.search import SearchIndex
from crisis_tui.search.cache import IndexCache
from crisis_tui.story_service import StoryService


def test_the_index_belongs_to_the_story_it_was_built_from() -> None:
    service = StoryService.open()
    assert service.path == bundled_story_path()
    assert service.index is None
    index = service.build_index()
    assert service.index is index
    assert service.build_index() is index, "built once"
    assert index.search("padrino")[0].entity in service.story.actors

    service.replace(load_story(bundled_story_path()))
    assert service.index is None, "a new story drops the old index"
    assert service.build_index() is not index


def test_an_index_built_while_the_story_was_replaced_is_not_kept() -> None:
    newer = load_story(bundled_story_path())
    services: list[StoryService] = []

    class Replacing(IndexCache):
        def index(self, story: Story, digest: str | None) -> SearchIndex:
            services[0].replace(newer)  # a reload lands while this one is being built
            return super().index(story, digest)

    service = StoryService(
        bundled_story_path(), load_story(bundled_story_path()), index_cache=Replacing.off()
    )
    services.append(service)
    assert service.build_index() is not None
    assert service.index is None
    assert service.story is newer.story


def test_a_command_answers_from_a_story_its_caller_holds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    service = StoryService.open()
    service.build_index()
    built = service.index
    with pytest.raises(SystemExit) as exit:
        main.main(["search", "padrino", "--json"], prog_name="crisis-tui", obj=service)
    assert exit.value.code == 0
    assert '"id": "vladimir-padrino"' in capsys.readouterr().out
    assert service.index is built, "the held index answered; nothing was loaded or built"
