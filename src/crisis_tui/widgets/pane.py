"""What the three story panes share: a titled virtual list of one kind of entity.

A pane lists the story's events, actors or quotes, all of them or only those
a filter lets through. The screen decides the filter; the pane only builds
its rows and says which entities it holds.

A pane builds its rows when it is first on screen or first asked for them,
not when it is told what to list. Only one pane shows at 80 columns, and a
big story's Quotes pane alone is a hundred thousand rows: building every
pane at start-up made the reader wait for lists they might never open.
Until then the pane answers from what it was told (the entity to keep under
the cursor, the line to scroll back to) exactly as the built list would.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.strip import Strip

from crisis_tui.model import Entity, Story
from crisis_tui.widgets.virtual_list import ListRow, VirtualList


@dataclass(slots=True)
class _Listing:
    """What a pane was told to list and has not built yet."""

    story: Story
    only: Collection[Entity] | None
    keep: Entity | None
    """The entity to put the cursor on, known to be listed; None for the first item."""
    scroll: int | None = None
    """The line to scroll back to once built, if one was asked for."""


class StoryPane(VirtualList):
    """A list of one kind of entity; subclasses supply rows and item drawing."""

    holds_type: ClassVar[type]
    """The record type listed here, e.g. ``Quote``."""

    label: ClassVar[str]
    """The pane's name on screen ("Quotes"); lowercased, its id."""

    noun: ClassVar[str]
    """Plural noun for counts, e.g. "quotes"."""

    def __init__(self) -> None:
        # Both before the styles are first applied, which may start a build.
        self._listing: _Listing | None = None
        self._displayed = True
        """Whether the stylesheet displayed the pane when last applied; as it does at first."""
        super().__init__(
            empty_message=f"No {self.noun} here", id=self.label.lower(), classes="story-pane"
        )

    def holds(self, entity: Entity) -> bool:
        """Does this pane list entities of ``entity``'s kind?"""
        return isinstance(entity, self.holds_type)

    def show_story(
        self, story: Story, *, only: Collection[Entity] | None = None, keep: Entity | None = None
    ) -> None:
        """List the story's entities, or only those in ``only``; keep the cursor if possible.

        The rows are built now if the pane is on screen, else when first needed.
        """
        listed = keep is not None and self._lists(keep, only)
        self._listing = _Listing(story, only, keep if listed else None)
        total = self.count_in(story)
        if only is None:
            self.border_subtitle = f"{total}"
            self.empty_message = f"No {self.noun}"
        else:
            shown = sum(1 for entity in only if self.holds(entity))
            self.border_subtitle = f"{shown} of {total}"
            self.empty_message = f"No {self.noun} linked to the filter"
        if self.display and self.is_on_screen:
            self._build()

    def rows_for(self, story: Story, only: Collection[Entity] | None) -> Iterator[ListRow]:
        """The rows listing ``story``, top to bottom; lazily, so the first can be had alone."""
        raise NotImplementedError

    def count_in(self, story: Story) -> int:
        raise NotImplementedError

    # ------------------------------------------- answers before the rows are built

    @property
    def cursor(self) -> int | None:
        self._build()
        return super().cursor

    @property
    def cursor_entity(self) -> Entity | None:
        listing = self._listing
        if listing is None:
            return super().cursor_entity
        if listing.keep is not None:
            return listing.keep
        rows = self.rows_for(listing.story, listing.only)
        return next((row.entity for row in rows if row.entity is not None), None)

    def select(self, entity: Entity) -> bool:
        listing = self._listing
        if listing is None:
            return super().select(entity)
        if not self._lists(entity, listing.only):
            return False
        listing.keep = entity
        return True

    def action_first(self) -> None:
        listing = self._listing
        if listing is None:
            super().action_first()
        else:
            listing.keep, listing.scroll = None, 0

    def scroll_back_to(self, line: int) -> None:
        listing = self._listing
        if listing is None:
            super().scroll_back_to(line)
        else:
            listing.scroll = line

    def set_marks(self, marked: Collection[Entity]) -> None:
        if self._listing is None:
            super().set_marks(marked)
        else:
            self._marked = marked  # drawn once built

    @property
    def rows(self) -> Sequence[ListRow]:
        self._build()
        return super().rows

    def entities(self) -> Iterator[Entity]:
        self._build()
        return super().entities()

    def index_of(self, entity: Entity) -> int | None:
        self._build()
        return super().index_of(entity)

    def select_row(self, index: int) -> bool:
        self._build()
        return super().select_row(index)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key for this list: its rows are needed now."""
        self._build()
        return super().check_action(action, parameters)

    def render_line(self, y: int) -> Strip:
        """A line of the rows, built now if need be; a pane being hidden draws blank."""
        if self._listing is not None and not self.display:
            return Strip.blank(self.scrollable_content_region.width)
        self._build()
        return super().render_line(y)

    def on_resize(self) -> None:
        if self.display:
            self._build()

    def on_focus(self) -> None:
        self._build()

    def on_click(self, event: events.Click) -> None:
        self._build()

    # ------------------------------------------------------------------ building

    def notify_style_update(self) -> None:
        """Shown again by the stylesheet (a pane picked, a narrow screen widened):
        build now, before the layout that will draw it.

        Only a change counts: before the screen first applies its breakpoints
        every pane is displayed, and most are about to be hidden.
        """
        super().notify_style_update()
        was_displayed, self._displayed = self._displayed, self.display
        if self._displayed and not was_displayed:
            self._build()

    def _lists(self, entity: Entity, only: Collection[Entity] | None) -> bool:
        return self.holds(entity) and (only is None or entity in only)

    def _build(self) -> None:
        """Build the rows of what the pane was last told to list, once."""
        listing = self._listing
        if listing is None:
            return
        self._listing = None
        rows = list(self.rows_for(listing.story, listing.only))
        with self.prevent(VirtualList.EntityHighlighted):  # the cursor was placed, not moved
            self.set_rows(rows, keep=listing.keep)
            if listing.scroll is not None:
                super().scroll_back_to(listing.scroll)
