"""The view switcher shown when the views take turns: one line of labels, one widget.

Textual's tabs are a scrolling container with a widget per tab and an
underline bar: eight widgets to style and lay out before the first frame,
a sixth of its work, for one line of four labels. This bar draws the
labels itself and tells its screen which one was clicked; the number keys
do the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.reactive import reactive

from crisis_tui.widgets.line_buttons import LineButtons


class ViewTabs(LineButtons[str]):
    """One label per view offered; the active one stands out, and a click chooses a view."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"view-tabs--active", "view-tabs--hover"}

    @dataclass
    class Chosen(Message):
        """The reader clicked a view's label."""

        view: str

    active: reactive[str] = reactive("")
    """The view whose label stands out."""
    views: reactive[tuple[str, ...]] = reactive(tuple)
    """The views offered, in order: not every view needs a tab at every width."""

    def __init__(
        self, labels: Sequence[tuple[str, str]], *, views: Sequence[str], id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._labels = dict(labels)
        self.set_reactive(ViewTabs.views, tuple(views))

    def render(self) -> Text:
        active = self.get_component_rich_style("view-tabs--active")
        hover = self.get_component_rich_style("view-tabs--hover")
        line = self.new_line()
        for view in self.views:
            style = active if view == self.active else hover if view == self.hovered else Style()
            self.add_button(line, view, (f" {self._labels[view]} ", style))
        return line

    def pressed(self, value: str) -> None:
        self.post_message(self.Chosen(value))
