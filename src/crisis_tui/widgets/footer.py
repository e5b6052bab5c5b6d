"""The key footer, rebuilt only when the keys it shows change.

Textual's footer rebuilds all its children whenever any binding may have
changed: every focus change, and every overlay opened or closed above its
screen. An overlay's translucent backdrop shows the footer through it, so
each rebuild repaints the whole terminal, several times per overlay, for
keys that did not change. Over SSH that is tens of kilobytes per keypress.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeysFooter(Footer):
    """A footer that keeps its children while the shown keys stay the same."""

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


def _shown_keys(screen: Screen[object]) -> Shown:
    """Every binding the footer would show: key, action, label, enabled, tooltip."""
    return tuple(
        (binding.key, binding.action, binding.description, enabled, tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )
