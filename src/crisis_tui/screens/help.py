"""The help screen: every key, generated from the bindings themselves, then notes.

Keys are read from the classes that bind them, so the help can never drift
from what the keys actually do. Notes cover what no binding describes: the
search syntax, the palette, the mouse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from crisis_tui.widgets.story_text import LABEL, MUTED, STORY_STYLE_CLASSES, TITLE, text

HelpSection = tuple[str, Sequence[BindingType]]
"""A heading and the bindings listed under it."""

HelpTable = tuple[str, Sequence[tuple[str, str]]]
"""A heading and the (what you type, what it does) lines under it."""

KEY_COLUMN = 16


class HelpScreen(ModalScreen[None]):
    """Lists the keys by where they work; any of ?, F1, q, enter or escape closes it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(STORY_STYLE_CLASSES)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q,enter", "close", "Close", id="help.close"),
    ]

    def __init__(self, sections: Sequence[HelpSection], notes: Sequence[HelpTable]) -> None:
        super().__init__()
        self._sections = sections
        self._notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(text("Keys", TITLE), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(self._help_text())
            yield Label(text("? F1 q enter or esc close", MUTED), id="help-hint")

    def action_close(self) -> None:
        self.dismiss(None)

    def _help_text(self) -> Content:
        tables = [(title, self._by_action(bindings)) for title, bindings in self._sections]
        lines: list[Content] = []
        for title, rows in [*tables, *self._notes]:
            lines.append(text(title, TITLE))
            lines.extend(_key_line(keys, description) for keys, description in rows)
            lines.append(Content())
        return Content("\n").join(lines[:-1])

    def _by_action(self, bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
        """One line per action: all its keys, then what it does."""
        keys: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for binding in Binding.make_bindings(bindings):
            keys.setdefault(binding.action, []).append(self.app.get_key_display(binding))
            descriptions[binding.action] = binding.tooltip or binding.description
        return [(" ".join(keys[action]), descriptions[action]) for action in keys]


def _key_line(keys: str, description: str) -> Content:
    return Content.assemble("  ", text(keys.ljust(KEY_COLUMN), LABEL), text(description))
