"""The key footer: rebuilt only when its keys change, showing only the entries that fit whole.

Textual's footer rebuilds all its children whenever any binding may have
changed: every focus change, and every overlay opened or closed above its
screen. An overlay's translucent backdrop shows the footer through it, so
each rebuild repaints the whole terminal, several times per overlay, for
keys that did not change. Over SSH that is tens of kilobytes per keypress.

Textual's footer also lets its entries run past the edge, where the command
palette's key (docked right) is drawn over them. On a narrow terminal this
footer keeps entries in their order, hides each one that would not fit
whole, and gives up the palette's key before the keys of the focused view.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]

PALETTE_FIRST_FROM = 100
"""From this many columns the palette's key is kept before the other keys."""


class KeysFooter(Footer):
    """A footer that keeps its children while the shown keys stay the same, none overlapping."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen and self.is_attached:
            shown = _shown_keys(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)

    def _fit(self) -> None:
        """Hide what does not fit whole, from the end; the palette's key by width."""
        entries = list(self.children)
        palette = [entry for entry in entries if entry.has_class("-command-palette")]
        keys = [entry for entry in entries if entry not in palette]
        room = self.size.width
        if palette and room >= PALETTE_FIRST_FROM:
            room -= _width(palette[0])
            palette = []
        for entry in keys:
            fits = _width(entry) <= room
            entry.display = fits
            room = room - _width(entry) if fits else -1
        for entry in palette:
            entry.display = _width(entry) <= room


def _shown_keys(screen: Screen[object]) -> Shown:
    """Every binding the footer would show: key, action, label, enabled, tooltip."""
    return tuple(
        (binding.key, binding.action, binding.description, enabled, tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


def _width(entry: Widget) -> int:
    """The columns ``entry`` takes as laid out, margins included."""
    margin = entry.styles.margin
    return entry.outer_size.width + margin.left + margin.right
