"""The Actors pane: who is involved, grouped by side (or by kind), with their role."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from crisis_tui.model import Actor, Entity, Story
from crisis_tui.widgets.pane import StoryPane
from crisis_tui.widgets.story_text import MUTED, side_badge, side_marker, text, wrapped
from crisis_tui.widgets.virtual_list import ListRow


class ActorsPane(StoryPane):
    """Actors under one heading per side (or per kind), in the story's order."""

    holds_type = Actor
    label = "Actors"
    noun = "actors"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "toggle_grouping",
            "Group",
            tooltip="Group actors by side or by kind",
            id="actors.group",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.group_by_side = True
        self._story: Story | None = None
        self._only: Collection[Entity] | None = None

    def rows_for(self, story: Story, only: Collection[Entity] | None) -> Iterator[ListRow]:
        self._story, self._only = story, only
        actors = [actor for actor in story.actors if only is None or actor in only]
        if self.group_by_side:
            for side in (*story.sides, None):
                members = [actor for actor in actors if actor.side is side]
                if members:
                    yield ListRow.section(side_badge(side), len(members))
                    yield from (ListRow.item(actor) for actor in members)
        else:
            kinds = dict.fromkeys(actor.kind for actor in actors)
            for kind in kinds:
                members = [actor for actor in actors if actor.kind == kind]
                label = text(kind.replace("-", " ").capitalize())
                yield ListRow.section(label, len(members))
                yield from (ListRow.item(actor) for actor in members)

    def count_in(self, story: Story) -> int:
        return len(story.actors)

    def render_item(self, entity: Entity, width: int) -> Sequence[Content]:
        assert isinstance(entity, Actor)
        return [Content.assemble(side_marker(entity.side), " ", _who(entity))]

    def render_whole(self, entity: Entity, width: int) -> Sequence[Content]:
        """The selected actor's name and role, wrapped rather than cut."""
        assert isinstance(entity, Actor)
        return wrapped(Content.assemble(side_marker(entity.side), " "), _who(entity), width, 2)

    def action_toggle_grouping(self) -> None:
        """Switch between grouping by side and by kind, keeping the cursor."""
        self.group_by_side = not self.group_by_side
        if self._story is not None:
            self.show_story(self._story, only=self._only, keep=self.cursor_entity)
        self.app.notify(f"Actors grouped by {'side' if self.group_by_side else 'kind'}")


def _who(actor: Actor) -> Content:
    return Content.assemble(text(actor.name), text(f"  {actor.role}" if actor.role else "", MUTED))
