"""The errors screen: why a reload failed, one ``FILE:LINE:COL: error: …`` line each.

The previous story stays on screen underneath; closing this returns to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from crisis_tui.widgets.story_text import MUTED, STORY_STYLE_CLASSES, TITLE, text


class ErrorsScreen(ModalScreen[None]):
    """A list of problems with a heading; enter, q or escape closes it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(STORY_STYLE_CLASSES)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close", id="errors.close"),
    ]

    def __init__(self, heading: str, problems: Sequence[str]) -> None:
        super().__init__()
        self._heading = heading
        self._problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="errors-box"):
            yield Label(text(self._heading, TITLE), id="errors-title")
            with VerticalScroll(id="errors-body"):
                yield Static(
                    Content("\n").join(text(problem) for problem in self._problems),
                    id="errors-list",
                )
            yield Label(text("enter, q or esc close", MUTED), id="errors-hint")

    def action_close(self) -> None:
        self.dismiss(None)
