"""The search overlay: an input and a live list of matching entities.

What counts as a match is one function, :data:`SearchFunction`. Until the
story-wide search engine lands, :func:`substring_search` filters the focused
pane's entities by substring, ignoring case and accents; swapping in the
engine means passing another function to the app, nothing else.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from crisis_tui.model import Actor, Entity, Event, Link, Place, Quote, Side, Source
from crisis_tui.widgets.story_text import MUTED, STORY_STYLE_CLASSES, text
from crisis_tui.widgets.virtual_list import ListRow, VirtualList

SearchFunction = Callable[[str, Sequence[Entity]], Sequence[Entity]]
"""Given the query and the entities in scope, the matches in display order."""

_HAYSTACK_CACHE = 262_144
"""Normalised texts kept between keystrokes; covers a 100,000-quote story."""


def substring_search(query: str, candidates: Sequence[Entity]) -> Sequence[Entity]:
    """Entities whose text contains the query, ignoring case and accents.

    Every word of the query must appear, in any order, so "maduro nerves"
    finds the quote "nerves of steel" by Nicolás Maduro.
    """
    words = normalise(query).split()
    if not words:
        return candidates
    return [entity for entity in candidates if all(word in _haystack(entity) for word in words)]


def normalise(value: str) -> str:
    """Fold case and strip accents, so "guaido" finds "Guaidó"."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=_HAYSTACK_CACHE)
def _haystack(entity: Entity) -> str:
    return normalise(" ".join(_searchable(entity)))


def _searchable(entity: Entity) -> Iterable[str]:
    match entity:
        case Actor():
            return [entity.name, *entity.aliases, entity.role or "", entity.kind]
        case Quote():
            return [entity.text, entity.speaker.name, entity.medium or ""]
        case Event():
            place = entity.place.name if entity.place is not None else ""
            return [entity.title, entity.summary or "", entity.when_text or "", place]
        case Place():
            return [entity.name, *entity.aliases]
        case Side() | Source() | Link():
            return [entity.name]


class SearchScreen(ModalScreen[Entity | None]):
    """Type to narrow the list; enter opens the highlighted match."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(STORY_STYLE_CLASSES)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+g", "close", "Close", tooltip="Close the search", id="search.close"),
        Binding(
            "down",
            "move('cursor_down')",
            "Next match",
            show=False,
            tooltip="Next match",
            id="search.down",
        ),
        Binding(
            "up",
            "move('cursor_up')",
            "Previous match",
            show=False,
            tooltip="Previous match",
            id="search.up",
        ),
        Binding(
            "pagedown",
            "move('page_down')",
            "Page down",
            show=False,
            tooltip="Matches one page down",
            id="search.page-down",
        ),
        Binding(
            "pageup",
            "move('page_up')",
            "Page up",
            show=False,
            tooltip="Matches one page up",
            id="search.page-up",
        ),
    ]

    def __init__(self, candidates: Sequence[Entity], scope: str, search: SearchFunction) -> None:
        super().__init__()
        self._candidates = candidates
        self._scope = scope
        self._search = search

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Label(Content(f"Search {self._scope}"), id="search-title")
            yield Input(placeholder="words to find (case and accents ignored)", id="search-input")
            yield Label(id="search-count")
            yield VirtualList(empty_message="No matches", id="search-results")
            yield Label(
                text("enter open · ↑↓ choose · esc or ctrl+g close", MUTED), id="search-hint"
            )

    def on_mount(self) -> None:
        self._show_matches("")
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_matches(event.value)

    def on_input_submitted(self) -> None:
        self.dismiss(self.query_one(VirtualList).cursor_entity)

    def on_virtual_list_entity_chosen(self, message: VirtualList.EntityChosen) -> None:
        self.dismiss(message.entity)

    def action_move(self, action: str) -> None:
        """Move through the matches while typing continues in the input."""
        results = self.query_one(VirtualList)
        moves = {
            "cursor_down": results.action_cursor_down,
            "cursor_up": results.action_cursor_up,
            "page_down": results.action_page_down,
            "page_up": results.action_page_up,
        }
        moves[action]()

    def action_close(self) -> None:
        self.dismiss(None)

    def _show_matches(self, query: str) -> None:
        matches = self._search(query, self._candidates)
        self.query_one(VirtualList).set_rows([ListRow.item(entity) for entity in matches])
        noun = "match" if len(matches) == 1 else "matches"
        self.query_one("#search-count", Label).update(
            text(f"{len(matches)} {noun} of {len(self._candidates)}", MUTED)
        )
