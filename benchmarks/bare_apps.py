"""The anchors the start-up and wire benchmarks compare crisis-tui with: bare Textual apps.

    python benchmarks/bare_apps.py static       # one Static, the cheapest first frame
    python benchmarks/bare_apps.py option-list  # an OptionList of 1,000 rows, j and k move

Both are as plain as Textual allows: default theme, no stylesheet of their own.
"""

from __future__ import annotations

import sys
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, Static

READY = "bare app ready"
"""Text on the first frame of both apps: what the start-up benchmark waits for."""


class StaticApp(App[None]):
    """One Static: what every Textual app pays before it shows anything."""

    def compose(self) -> ComposeResult:
        yield Static(READY)


class OptionListApp(App[None]):
    """A focused OptionList filling the screen: the list a reader scrolls, with vi keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield OptionList(READY, *(f"Row {n}: a line of text to scroll past" for n in range(1000)))

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()


APPS: dict[str, type[App[None]]] = {"static": StaticApp, "option-list": OptionListApp}

if __name__ == "__main__":
    APPS[sys.argv[1] if len(sys.argv) > 1 else "static"]().run()
