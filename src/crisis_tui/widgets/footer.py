"""The key footer: one line of text, one widget, showing only the keys that fit whole.

Textual's footer is a container holding a widget per key (thirteen widgets
on the main screen), and it rebuilds them whenever any binding may have
changed: every focus change, and every overlay opened or closed above its
screen.
Each rebuild mounts, styles and lays out those widgets again, which was a
quarter of the work of the explorer's first frame. This footer is one line
drawn from the screen's bindings: new keys repaint that line, and a click is
matched to a key by its column.

Textual's footer also lets its entries run past the edge, where the command
palette's key (docked right) is drawn over them. Here entries keep their
order, each one that would not fit whole is left out, and on a narrow
terminal the palette's key is given up before the keys of the focused view.
"""

from __future__ import annotations

from itertools import groupby
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from crisis_tui.widgets.line_buttons import LineButtons

PALETTE_FIRST_FROM = 100
"""From this many columns the palette's key is kept before the other keys."""

_DIM = Style(dim=True)
"""A key that does not apply now, as Textual's own footer shows one."""

PALETTE_EDGE = "▏"
"""Drawn between the keys and the palette's key, which sits at the right end."""


# The values below are named tuples, not frozen dataclasses: on Python 3.11 a
# dataclass compiles its methods when its module is imported, a third of a
# millisecond each, and this module is imported before the first frame.


class FooterKey(NamedTuple):
    """A key as the footer offers it: what is drawn, and what a click presses."""

    key: str
    shown: str
    enabled: bool
    tooltip: str


class FooterEntry(NamedTuple):
    """Keys drawn together, then what they do: one key, or a group ("1234 Panes")."""

    keys: tuple[FooterKey, ...]
    description: str

    @property
    def label(self) -> str:
        """The entry as the reader sees it."""
        keys = "".join(key.shown for key in self.keys)
        return f"{keys} {self.description}" if self.description else keys

    @property
    def width(self) -> int:
        return cell_len(self.label)


class FooterKeys(NamedTuple):
    """Everything the footer offers for one screen and focus, in order."""

    entries: tuple[FooterEntry, ...] = ()
    palette: FooterEntry | None = None


class KeysFooter(LineButtons[FooterKey]):
    """The keys that apply where the focus is, on one line; each one can be clicked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keys-footer--key",
        "keys-footer--description",
        "keys-footer--hover",
        "keys-footer--edge",
    }

    offered: reactive[FooterKeys] = reactive(FooterKeys, layout=False)
    """The keys the screen's bindings offer now; a new value repaints the line."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.offered = footer_keys(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.offered = footer_keys(screen)

    @property
    def shown(self) -> tuple[FooterEntry, ...]:
        """The entries drawn at the current width, left to right, the palette's key last."""
        return _fitted(self.offered, self.size.width)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keys-footer--key")
        description_style = self.get_component_rich_style("keys-footer--description")
        hover = Style(bgcolor=self.get_component_rich_style("keys-footer--hover").bgcolor)
        line = self.new_line()

        def styled(key: FooterKey, style: Style) -> Style:
            style = style if key.enabled else style + _DIM
            return style + hover if key == self.hovered else style

        def draw(entry: FooterEntry) -> None:
            if len(entry.keys) == 1:  # a lone key's description is part of its button
                key = entry.keys[0]
                pieces = [(key.shown, styled(key, key_style))]
                if entry.description:
                    pieces.append((f" {entry.description}", styled(key, description_style)))
                self.add_button(line, key, *pieces)
                return
            for key in entry.keys:
                self.add_button(line, key, (key.shown, styled(key, key_style)))
            line.append(f" {entry.description}", description_style)

        shown = self.shown
        palette = shown[-1] if shown and shown[-1] is self.offered.palette else None
        for entry in shown:
            if entry is not palette:
                draw(entry)
                line.append(" ")
        if palette is not None:
            width = self.size.width
            line.pad_right(width - line.cell_len - palette.width - cell_len(PALETTE_EDGE))
            line.append(PALETTE_EDGE, self.get_component_rich_style("keys-footer--edge"))
            draw(palette)
        line.stylize_before(self.rich_style)  # the footer's colours under every piece
        return line

    def watch_offered(self) -> None:
        """New keys: the one under the mouse is found again when the mouse next moves."""
        self.hovered = None

    def watch_hovered(self, key: FooterKey | None) -> None:
        self.tooltip = (key.tooltip or None) if key else None

    def pressed(self, value: FooterKey) -> None:
        if value.enabled:
            self.app.simulate_key(value.key)
        else:
            self.app.bell()


def footer_keys(screen: Screen[object]) -> FooterKeys:
    """What ``screen``'s bindings offer now, grouped as Textual's own footer groups them.

    Bindings for the same action show once; consecutive bindings of one
    ``Binding.Group`` show as one entry ("1234 Panes").
    """
    app = screen.app
    active = screen.active_bindings
    firsts: dict[str, tuple[Binding, FooterKey]] = {}
    for _, binding, enabled, tooltip in active.values():
        if binding.show and binding.action not in firsts:
            firsts[binding.action] = (binding, _footer_key(screen, binding, enabled, tooltip))
    entries: list[FooterEntry] = []
    for group, grouped in groupby(firsts.values(), lambda first: first[0].group):
        members = list(grouped)
        if group is not None and len(members) > 1:
            entries.append(FooterEntry(tuple(key for _, key in members), group.description))
        else:
            entries.extend(FooterEntry((key,), binding.description) for binding, key in members)
    palette: FooterEntry | None = None
    if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
        _, binding, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
        palette = FooterEntry(
            (_footer_key(screen, binding, enabled, tooltip),), binding.description
        )
    return FooterKeys(tuple(entries), palette)


def _footer_key(screen: Screen[object], binding: Binding, enabled: bool, tooltip: str) -> FooterKey:
    shown = screen.app.get_key_display(binding)
    return FooterKey(binding.key, shown, enabled, tooltip or binding.description)


def _fitted(offered: FooterKeys, width: int) -> tuple[FooterEntry, ...]:
    """The entries that fit whole in ``width`` columns, in order; the palette's key last.

    Each entry takes its width and one column after it; once one does not
    fit, none after it is shown, so the keys never skip about. The palette's
    key, with its edge, comes first from ``PALETTE_FIRST_FROM`` columns, else
    only if there is room once every other key is shown.
    """
    palette = offered.palette
    palette_width = palette.width + cell_len(PALETTE_EDGE) if palette else 0
    room = width
    palette_first = palette is not None and width >= PALETTE_FIRST_FROM
    if palette_first:
        room -= palette_width
    shown: list[FooterEntry] = []
    for entry in offered.entries:
        if entry.width + 1 > room:
            break
        shown.append(entry)
        room -= entry.width + 1
    every_key_shown = len(shown) == len(offered.entries)
    if palette is not None and (palette_first or (every_key_shown and palette_width <= room)):
        shown.append(palette)
    return tuple(shown)
