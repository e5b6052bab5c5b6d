"""The Timeline pane: events in order, under headings at their real precision.

An event dated "2019" sits under a "2019" heading, one dated "30 Apr 2019"
under that day: the timeline never invents a day the sources did not give.
Each event shows one column per side, so a reader can see at a glance which
camps took part, and where it happened.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from textual.content import Content

from crisis_tui.model import Entity, Event, Side, Story
from crisis_tui.widgets.pane import StoryPane
from crisis_tui.widgets.story_text import (
    MUTED,
    join,
    side_slots,
    sides_involved,
    text,
    time_of_day,
)
from crisis_tui.widgets.virtual_list import ListRow


class TimelinePane(StoryPane):
    """Events grouped under day, month or year headings."""

    holds_type = Event
    title = "1 Timeline"
    noun = "events"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._sides: tuple[Side, ...] = ()

    def build_rows(self, story: Story, only: Collection[Entity] | None) -> Sequence[ListRow]:
        self._sides = story.sides
        rows: list[ListRow] = []
        heading: str | None = None
        for event in story.events:
            if only is not None and event not in only:
                continue
            day = event.when.day_key()
            if day != heading:
                rows.append(ListRow.section(text(day)))
                heading = day
            rows.append(ListRow.item(event, height=2))
        return rows

    def count_in(self, story: Story) -> int:
        return len(story.events)

    def render_item(self, entity: Entity, width: int) -> Sequence[Content]:
        assert isinstance(entity, Event)
        slots = side_slots(sides_involved(entity), self._sides)
        indent = Content(" " * (slots.cell_length + 1))
        when = time_of_day(entity.when) or entity.when_text or ""
        if entity.approximate and not entity.when_text:
            when = f"about {when}" if when else "approximate date"
        place = text(f"at {entity.place.name}", MUTED) if entity.place is not None else Content()
        return [
            Content.assemble(slots, " ", text(entity.title)),
            Content.assemble(indent, join([text(when, MUTED), place])),
        ]
