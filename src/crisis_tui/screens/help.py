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
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label

from crisis_tui.widgets.story_text import LABEL, MUTED, STORY_STYLE_CLASSES, TITLE, text, wrapped

HelpSection = tuple[str, Sequence[BindingType]]
"""A heading and the bindings listed under it."""

HelpTable = tuple[str, Sequence[tuple[str, str]]]
"""A heading and the (what you type, what it does) lines under it."""

KEY_COLUMN = 16
INDENT = 2


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
                tables = [(title, self._by_action(bindings)) for title, bindings in self._sections]
                yield HelpText([*tables, *self._notes])
            yield Label(text("? F1 q enter or esc close", MUTED), id="help-hint")

    def action_close(self) -> None:
        self.dismiss(None)

    def _by_action(self, bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
        """One line per action: all its keys, then what it does."""
        keys: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for binding in Binding.make_bindings(bindings):
            keys.setdefault(binding.action, []).append(self.app.get_key_display(binding))
            descriptions[binding.action] = binding.tooltip or binding.description
        return [(" ".join(keys[action]), descriptions[action]) for action in keys]


class HelpText(Widget):
    """The tables, laid out at the width they get: a wrapped description keeps its column."""

    DEFAULT_CSS = "HelpText { height: auto; }"

    def __init__(self, tables: Sequence[HelpTable]) -> None:
        super().__init__()
        self._tables = tables

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_region.width))

    def _lines(self, width: int) -> list[Content]:
        lines: list[Content] = []
        for title, rows in self._tables:
            lines.append(text(title, TITLE))
            for keys, description in rows:
                key = Content.assemble(" " * INDENT, text(keys.ljust(KEY_COLUMN), LABEL), " ")
                lines.extend(wrapped(key, text(description), width, key.cell_length))
            lines.append(Content())
        return lines[:-1]
