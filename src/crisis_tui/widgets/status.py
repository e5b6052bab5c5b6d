"""The status line (story title, counts, active filter) and the side legend.

Both show story text, so both are built from Content, never markup strings.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, Static

from crisis_tui.model import Entity, Story
from crisis_tui.widgets.story_text import FILTER, MUTED, TITLE, entity_line, join, side_badge, text

CLEAR_HINT = "esc or f clears"


class StatusLine(Horizontal):
    """One line: the story's title on the left, counts or the active filter on the right."""

    def compose(self) -> ComposeResult:
        yield Label(id="status-title")
        yield Label(id="status-info")
        yield Label(text(CLEAR_HINT, MUTED), id="status-hint")

    def update_status(self, story: Story, filter_entity: Entity | None) -> None:
        """Show the story's title and counts, or the filter and how to clear it.

        While a filter is on it takes the story title's place, and only its
        name is shortened to fit: the hint saying how to clear it always shows.
        """
        self.query_one("#status-title", Label).update(text(story.info.title, TITLE))
        info = self.query_one("#status-info", Label)
        if filter_entity is None:
            info.update(counts(story))
        else:
            info.update(Content.assemble(text(" Filter ", FILTER), " ", entity_line(filter_entity)))
        self.set_class(filter_entity is not None, "-filtered")


def counts(story: Story) -> Content:
    """``24 events · 45 actors · 22 quotes``."""
    return join(
        [
            text(f"{len(story.events)} events", MUTED),
            text(f"{len(story.actors)} actors", MUTED),
            text(f"{len(story.quotes)} quotes", MUTED),
        ]
    )


class SideLegend(Static):
    """Each side's symbol and label, so colour is never the only clue."""

    def show_sides(self, story: Story) -> None:
        self.update(join(map(side_badge, story.sides), "  "))
