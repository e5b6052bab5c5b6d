"""The help screen: every key, generated from the bindings themselves.

Keys are read from the classes that bind them, so the help can never drift
from what the keys actually do.
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

KEY_COLUMN = 16


class HelpScreen(ModalScreen[None]):
    """Lists the keys by where they work; any of ?, F1, q, enter or escape closes it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(STORY_STYLE_CLASSES)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q,enter", "close", "Close", id="help.close"),
    ]

    def __init__(self, sections: Sequence[HelpSection], extra: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._sections = sections
        self._extra = extra

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(text("Keys", TITLE), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(self._help_text())
            yield Label(text("? F1 q enter or esc close", MUTED), id="help-hint")

    def action_close(self) -> None:
        self.dismiss(None)

    def _help_text(self) -> Content:
        lines: list[Content] = []
        for title, bindings in self._sections:
            lines.append(text(title, TITLE))
            lines.extend(_key_line(keys, action) for keys, action in self._by_action(bindings))
            lines.append(Content())
        lines.append(text("Elsewhere", TITLE))
        lines.extend(_key_line(keys, description) for keys, description in self._extra)
        return Content("\n").join(lines)

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
