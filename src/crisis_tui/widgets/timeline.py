"""The Timeline pane: events in order, under headings at their real precision.

An event dated "2019" sits under a "2019" heading, one dated "30 Apr 2019"
under that day: the timeline never invents a day the sources did not give.
Each event shows one column per side, so a reader can see at a glance which
camps took part, and where it happened.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

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
    wrapped,
)
from crisis_tui.widgets.virtual_list import ListRow


class TimelinePane(StoryPane):
    """Events grouped under day, month or year headings."""

    holds_type = Event
    label = "Timeline"
    noun = "events"

    def __init__(self) -> None:
        super().__init__()
        self._sides: tuple[Side, ...] = ()
        self._notes: dict[Event, str] = {}
        """How each row words its time: the sources' words, each said once under a heading."""

    def rows_for(self, story: Story, only: Collection[Entity] | None) -> Iterator[ListRow]:
        self._sides = story.sides
        self._notes = {}
        heading: str | None = None
        said: set[str] = set()
        for event in story.events:
            if only is not None and event not in only:
                continue
            day = event.when.day_key()
            if day != heading:
                yield ListRow.section(text(day))
                heading, said = day, set()
            note = _when(event)
            self._notes[event] = "" if note in said else note
            said.add(note)
            yield ListRow.item(event, height=2)

    def count_in(self, story: Story) -> int:
        return len(story.events)

    def render_item(self, entity: Entity, width: int) -> Sequence[Content]:
        """Two lines: the title, running on into the second line when it needs it,
        then the time of day and the place.

        How the sources word the time ("Tuesday, day implied by the report")
        is said once under each heading, not under every event that shares
        it; the selected row and the detail always say it.
        """
        assert isinstance(entity, Event)
        slots = self._slots(entity)
        room = max(width - slots.cell_length - 1, 1)
        title = text(entity.title).wrap(room)
        details = join([text(self._notes.get(entity, ""), MUTED), _place(entity)])
        # What does not fit the first line runs on, cut with an ellipsis if need be.
        second = join([Content(" ").join(title[1:]), details]) if len(title) > 1 else details
        return [
            Content.assemble(slots, " ", title[0]),
            Content.assemble(" " * (slots.cell_length + 1), second),
        ]

    def render_whole(self, entity: Entity, width: int) -> Sequence[Content]:
        """The selected event whole: its title, and when as the sources word it."""
        assert isinstance(entity, Event)
        slots = self._slots(entity)
        indent = slots.cell_length + 1
        details = join([text(_when(entity), MUTED), _place(entity)])
        return [
            *wrapped(Content.assemble(slots, " "), text(entity.title), width, indent),
            *wrapped(Content(" " * indent), details, width, indent),
        ]

    def _slots(self, event: Event) -> Content:
        return side_slots(sides_involved(event), self._sides)


def _when(event: Event) -> str:
    """The time of day, or the sources' words for it; "about" when the date is a guess."""
    when = time_of_day(event.when) or event.when_text or ""
    if event.approximate and not event.when_text:
        return f"about {when}" if when else "approximate date"
    return when


def _place(event: Event) -> Content:
    return text(f"at {event.place.name}", MUTED) if event.place is not None else Content()
