"""What the three story panes share: a titled virtual list of one kind of entity.

A pane lists the story's events, actors or quotes, all of them or only those
a filter lets through. The screen decides the filter; the pane only builds
its rows and says which entities it holds.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import ClassVar

from crisis_tui.model import Entity, Story
from crisis_tui.widgets.virtual_list import ListRow, VirtualList


class StoryPane(VirtualList):
    """A list of one kind of entity; subclasses supply rows and item drawing."""

    holds_type: ClassVar[type]
    """The record type listed here, e.g. ``Quote``."""

    label: ClassVar[str]
    """The pane's name on screen ("Quotes"); lowercased, its id."""

    noun: ClassVar[str]
    """Plural noun for counts, e.g. "quotes"."""

    def __init__(self) -> None:
        super().__init__(empty_message=f"No {self.noun} here", id=self.label.lower())
        self.add_class("story-pane")

    def holds(self, entity: Entity) -> bool:
        """Does this pane list entities of ``entity``'s kind?"""
        return isinstance(entity, self.holds_type)

    def show_story(
        self, story: Story, *, only: Collection[Entity] | None = None, keep: Entity | None = None
    ) -> None:
        """List the story's entities, or only those in ``only``; keep the cursor if possible."""
        rows = self.build_rows(story, only)
        self.set_rows(rows, keep=keep)
        shown = sum(1 for row in rows if row.entity is not None)
        total = self.count_in(story)
        self.border_subtitle = f"{shown} of {total}" if only is not None else f"{total}"
        self.empty_message = (
            f"No {self.noun} linked to the filter" if only is not None else f"No {self.noun}"
        )

    def build_rows(self, story: Story, only: Collection[Entity] | None) -> Sequence[ListRow]:
        raise NotImplementedError

    def count_in(self, story: Story) -> int:
        raise NotImplementedError
