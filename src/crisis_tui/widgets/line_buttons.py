"""One line of text whose parts can be pointed at and clicked, found by their column.

The footer's keys and the view tabs are each one widget drawing one line,
not a widget per part: a widget per part is a widget to mount, style and lay
out before the first frame. This base class keeps where each part was drawn,
so the part under the mouse can be hovered and clicked.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

ValueT = TypeVar("ValueT")


class LineButtons(Widget, Generic[ValueT], can_focus=False):
    """A line drawn by :meth:`render`, its buttons added with :meth:`add_button` as it is drawn."""

    ALLOW_SELECT = False

    hovered: reactive[ValueT | None] = reactive(None)
    """What the mouse points at; a change repaints the line."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._buttons: list[tuple[int, int, ValueT]] = []

    def new_line(self) -> Text:
        """An empty line to draw on; the buttons of the line drawn before are forgotten."""
        self._buttons = []
        return Text(no_wrap=True, overflow="crop", end="")

    def add_button(self, line: Text, value: ValueT, *pieces: tuple[str, Style]) -> None:
        """Draw ``pieces`` at the end of ``line``: together, one button standing for ``value``."""
        start = line.cell_len
        for piece, style in pieces:
            line.append(piece, style)
        self._buttons.append((start, line.cell_len, value))

    def button_at(self, x: int) -> ValueT | None:
        return next((value for start, end, value in self._buttons if start <= x < end), None)

    def pressed(self, value: ValueT) -> None:
        """Called with the button the reader clicked."""

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = self.button_at(event.x)

    def on_leave(self) -> None:
        self.hovered = None

    def on_click(self, event: events.Click) -> None:
        value = self.button_at(event.x)
        if value is not None:
            self.pressed(value)
