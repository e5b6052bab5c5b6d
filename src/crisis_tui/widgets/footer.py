"""The key footer: Textual's, showing only the entries that fit whole.

Textual's footer lets its entries run past the edge, where the command
palette's key (docked right) is drawn over them. On a narrow terminal this
footer keeps entries in their order, hides each one that would not fit
whole, and gives up the palette's key before the keys of the focused view.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Footer

PALETTE_FIRST_FROM = 100
"""From this many columns the palette's key is kept before the other keys."""


class KeyFooter(Footer):
    """A footer whose entries never overlap or run off the edge."""

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


def _width(entry: Widget) -> int:
    """The columns ``entry`` takes as laid out, margins included."""
    margin = entry.styles.margin
    return entry.outer_size.width + margin.left + margin.right
