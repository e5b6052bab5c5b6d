"""The one list widget behind every pane: draws only the rows on screen.

A story may hold 100,000 quotes. Building a widget (or an Option) per row
would make moving the cursor cost more than the terminal's refresh, so this
list keeps lightweight :class:`ListRow` records and renders lines on demand
through Textual's Line API (``render_line``). Row positions are prefix sums
found by bisection, rendered lines are cached, and a cursor move repaints two
rows. Panes subclass it and supply only their rows and how an item looks.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from crisis_tui.model import Entity
from crisis_tui.widgets.story_text import MUTED, entity_line, text

_STRIP_CACHE_SIZE = 1024
_ROW_CACHE_SIZE = 256
_MARK = "▍"


@dataclass
class EntityMessage(Message):
    """Something happened to an entity in a list; ``control`` is the list it happened in.

    The one base of the lists' messages, so a handler can read any of them
    the same way and ``@on(..., "#selector")`` can pick the list.
    """

    source: VirtualList
    entity: Entity | None

    @property
    def control(self) -> VirtualList:
        return self.source


@dataclass(frozen=True, slots=True, eq=False)
class ListRow:
    """A row: an entity the cursor can land on, or a label the cursor skips.

    Labels are headings (drawn with a rule) or plain text lines (a card's
    fields in the detail panel). ``height`` is fixed when the row is made so
    that positions never depend on the terminal width; only the row under the
    cursor of the focused list may grow, to show its item whole (see
    :meth:`VirtualList.render_whole` and :meth:`VirtualList._regrow`).
    """

    entity: Entity | None = None
    label: Content | None = None
    height: int = 1
    heading: bool = False
    count: int | None = None
    """A heading's count, drawn after its label and never cut off."""

    @classmethod
    def item(cls, entity: Entity, height: int = 1) -> ListRow:
        return cls(entity=entity, height=height)

    @classmethod
    def section(cls, label: Content, count: int | None = None) -> ListRow:
        return cls(label=label, heading=True, count=count)

    @classmethod
    def line(cls, label: Content) -> ListRow:
        return cls(label=label)


class VirtualList(ScrollView, can_focus=True):
    """A scrolling list of rows with a cursor, headings, marks and dimming."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--item",
        "virtual-list--cursor",
        "virtual-list--cursor-text",
        "virtual-list--heading",
        "virtual-list--rule",
        "virtual-list--text",
        "virtual-list--mark",
        "virtual-list--dimmed",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, tooltip="Previous item", id="list.up"),
        Binding("down,j", "cursor_down", "Down", show=False, tooltip="Next item", id="list.down"),
        Binding("home,g", "first", "First", show=False, tooltip="First item", id="list.first"),
        Binding("end,G", "last", "Last", show=False, tooltip="Last item", id="list.last"),
        Binding(
            "pageup", "page_up", "Page up", show=False, tooltip="One page up", id="list.page-up"
        ),
        Binding(
            "pagedown",
            "page_down",
            "Page down",
            show=False,
            tooltip="One page down",
            id="list.page-down",
        ),
        Binding(
            "enter",
            "choose",
            "Open",
            tooltip="Open the selected item in the detail",
            id="list.open",
        ),
    ]

    @dataclass
    class EntityHighlighted(EntityMessage):
        """The cursor moved to an entity (or the list became empty)."""

    @dataclass
    class EntityChosen(EntityMessage):
        """The reader pressed enter (or clicked) on the entity under the cursor."""

        entity: Entity

    def __init__(
        self,
        *,
        empty_message: str = "Nothing to show",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.empty_message = empty_message
        self._rows: Sequence[ListRow] = ()
        self._offsets: list[int] = [0]
        self._cursor: int | None = None
        self._grown = 0
        """Lines the cursor's row has beyond its height, to show its item whole."""
        self._reserve = 0
        """Lines any cursor row grows by among the rows on screen (see :meth:`_regrow`)."""
        self._reserved_for: tuple[int, int, int, int] | None = None
        """The rows and width ``_reserve`` was found for: generation, width, top, height."""
        self._clicked: tuple[int, int] | None = None
        """The screen line of the last click that selected a row, and that row."""
        self._marked: Collection[Entity] = frozenset()
        self._row_of_entity: dict[Entity, int] | None = None
        self._generation = 0
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(_STRIP_CACHE_SIZE)
        self._row_lines: LRUCache[tuple[int, int, int], Sequence[Content]] = LRUCache(
            _ROW_CACHE_SIZE
        )
        self._styles_by_name: dict[str, Style] = {}

    # ----------------------------------------------------------------- content

    @property
    def rows(self) -> Sequence[ListRow]:
        return self._rows

    @property
    def cursor(self) -> int | None:
        """Index of the row under the cursor, or None when there is no item."""
        return self._cursor

    @property
    def cursor_entity(self) -> Entity | None:
        return None if self._cursor is None else self._rows[self._cursor].entity

    def entities(self) -> Iterator[Entity]:
        """The entities in the list, top to bottom."""
        return (row.entity for row in self._rows if row.entity is not None)

    def set_rows(self, rows: Sequence[ListRow], *, keep: Entity | None = None) -> None:
        """Replace every row; the cursor stays on ``keep`` if it is still listed."""
        self._rows = rows
        self._offsets = list(accumulate((row.height for row in rows), initial=0))
        self._row_of_entity = None
        self._generation += 1
        self._strips.clear()
        self._row_lines.clear()
        self._cursor, self._grown = None, 0
        self._set_virtual_height(self._offsets[-1])
        kept = self.index_of(keep) if keep is not None else None
        self._move_cursor(kept if kept is not None else self._step(0, 1), post_always=True)
        self.refresh()

    def render_item(self, entity: Entity, width: int) -> Sequence[Content]:
        """The lines drawing one item; panes override this to show their columns."""
        return [entity_line(entity)]

    def render_whole(self, entity: Entity, width: int) -> Sequence[Content] | None:
        """The selected item's lines, wrapped to show all of it; None to keep its height.

        A pane whose rows cut their text overrides this, so the row under the
        cursor grows to show every word while the others stay one fixed height.
        """
        return None

    @property
    def scroll_position(self) -> int:
        """The first line shown, for putting the list back where it was.

        A hidden list shows no line: it reveals its cursor when shown again.
        """
        return round(self.scroll_y) if self.scrollable_content_region.height > 0 else 0

    def scroll_back_to(self, line: int) -> None:
        """Show ``line`` at the top again, as far as the list still reaches.

        A list is put back before it is focused again, and only the focused
        list grows its cursor row: until then it may be too short to reach
        ``line``, so the scroll is tried again once it has been laid out.
        """
        self.scroll_to(y=line, animate=False, immediate=True, force=True)
        if round(self.scroll_y) != line:
            self.call_after_refresh(
                self.scroll_to, y=line, animate=False, immediate=True, force=True
            )

    def index_of(self, entity: Entity) -> int | None:
        """The row holding ``entity``, found through an index built on first use."""
        if self._row_of_entity is None:
            self._row_of_entity = {}
            for index, row in enumerate(self._rows):
                if row.entity is not None:
                    self._row_of_entity.setdefault(row.entity, index)
        return self._row_of_entity.get(entity)

    def select(self, entity: Entity) -> bool:
        """Put the cursor on ``entity``; False if it is not in the list."""
        index = self.index_of(entity)
        if index is None:
            return False
        self._move_cursor(index)
        return True

    def select_row(self, index: int) -> bool:
        """Put the cursor on row ``index`` if that row is an item."""
        if 0 <= index < len(self._rows) and self._rows[index].entity is not None:
            self._move_cursor(index)
            return True
        return False

    def set_marks(self, marked: Collection[Entity]) -> None:
        """Mark these entities and dim the rest; an empty collection clears both.

        When rows stay dimmed either way, only the visible rows whose mark
        changed are repainted, so moving through a long list stays cheap.
        """
        previous, self._marked = self._marked, marked
        if bool(previous) != bool(marked):
            self.refresh()
        else:
            for row in self._visible_rows():
                entity = self._rows[row].entity
                if entity is not None and (entity in previous) != (entity in marked):
                    self._refresh_row(row)
        self._bring_marks_into_view()

    def _bring_marks_into_view(self) -> None:
        """If no marked row is on screen, scroll the first one into view, cursor untouched.

        Marks say "these are linked to what you selected"; hidden marks say nothing.
        """
        marked = self._marked
        if not marked or not self.display:
            return
        if any(self._rows[row].entity in marked for row in self._visible_rows()):
            return
        rows = [index for entity in marked if (index := self.index_of(entity)) is not None]
        if rows:
            top = self._top(min(rows))
            height = self.scrollable_content_region.height
            self.scroll_to(y=max(0, top - height // 3), animate=False, immediate=True)

    def is_marked(self, entity: Entity) -> bool:
        return entity in self._marked

    def _visible_rows(self) -> range:
        top = round(self.scroll_y)
        bottom = top + self.scrollable_content_region.height
        first = max(0, self._row_at(top))
        last = min(len(self._rows), self._row_at(bottom) + 1)
        return range(first, last)

    # ------------------------------------------------------------ row geometry

    def _top(self, row: int) -> int:
        """The first line of ``row``, counting the cursor row's growth above it."""
        cursor = self._cursor
        grown = self._grown if cursor is not None and row > cursor else 0
        return self._offsets[row] + grown

    def _height(self, row: int) -> int:
        return self._rows[row].height + (self._grown if row == self._cursor else 0)

    def _row_at(self, line: int) -> int:
        """The row drawn on ``line`` (``len(rows)`` past the end)."""
        cursor = self._cursor
        if cursor is not None and self._grown:
            top = self._offsets[cursor]
            if top <= line < top + self._height(cursor):
                return cursor
            if line >= top:
                line -= self._grown
        return min(bisect_right(self._offsets, line) - 1, len(self._rows))

    def _total_height(self) -> int:
        return self._offsets[-1] + self._grown

    def _refresh_row(self, row: int) -> None:
        self.refresh_lines(self._top(row), self._height(row))

    def _refresh_span(self, first: int | None, second: int | None) -> None:
        """Repaint two rows and every row between them, as far as they show.

        The cursor's growth moving from one row to the other moves the rows
        between them, as many as a page for ``pagedown``.
        """
        rows = [row for row in (first, second) if row is not None and row < len(self._rows)]
        if not rows:
            return
        view = round(self.scroll_y)
        top = max(self._top(min(rows)), view)
        end = view + self.scrollable_content_region.height
        bottom = min(self._top(max(rows)) + self._height(max(rows)), end)
        if bottom > top:
            self.refresh_lines(top, bottom - top)

    def _whole_lines(self, row: int) -> Sequence[Content] | None:
        """A row's item drawn whole, or None when the list has no such drawing."""
        entity = self._rows[row].entity
        width = self.scrollable_content_region.width - 1
        if entity is None or width <= 0:
            return None
        key = (self._generation, row, -width)
        lines = self._row_lines.get(key)
        if lines is None:
            lines = self.render_whole(entity, width) or ()
            self._row_lines[key] = lines
        return lines or None

    def _regrow(self) -> bool:
        """Size the cursor row to its whole item at the current width; True if that changed it.

        Rows under the cursor move whenever its growth changes, so every
        cursor row grows by the same number of lines while the rows on
        screen stay the same: the most any of them needs (up to a third of
        the view; a taller item still grows whole). Moving the cursor among
        them then moves the two rows involved and nothing else; a shorter
        item leaves blank lines in its cursor. Only the focused list grows
        its cursor row: a list beside it keeps every row at its height.
        """
        cursor = self._cursor
        grown = 0
        if cursor is not None and self.has_focus:
            grown = max(self._growth(cursor), self._reserved())
        if grown == self._grown:
            return False
        self._grown = grown
        self._set_virtual_height(self._total_height())
        self.refresh()
        return True

    def _growth(self, row: int) -> int:
        """Lines ``row`` needs beyond its height to show its item whole."""
        lines = self._whole_lines(row)
        return max(0, len(lines) - self._rows[row].height) if lines else 0

    def _reserved(self) -> int:
        """The growth every cursor row gets while the same rows are on screen."""
        region = self.scrollable_content_region
        top = round(self.scroll_y)
        window = (self._generation, region.width, top, region.height)
        if window != self._reserved_for:
            self._reserved_for = window
            offsets, rows = self._offsets, self._rows
            first = max(0, bisect_right(offsets, top) - 1)
            last = min(len(rows), bisect_right(offsets, top + region.height))
            most = region.height // 3
            self._reserve = max(
                (
                    min(self._growth(row), most)
                    for row in range(first, last)
                    if rows[row].entity is not None
                ),
                default=0,
            )
        return self._reserve

    def _set_virtual_height(self, height: int) -> None:
        """Change the scrollable height without asking the whole screen for a new layout.

        Assigning ``virtual_size`` re-lays out every widget on the screen; a
        list's outer size does not depend on its content, so updating the
        scrollbars (and repainting) is all a new height needs. This is what
        keeps the detail panel cheap to refill on every cursor move.
        """
        size = Size(0, height)
        if size == self.virtual_size:
            return
        self.set_reactive(VirtualList.virtual_size, size)
        self._scroll_update(size)
        self.refresh()

    # -------------------------------------------------------------- navigation

    def action_cursor_down(self) -> None:
        self._step_cursor(1)

    def action_cursor_up(self) -> None:
        self._step_cursor(-1)

    def action_first(self) -> None:
        self._move_cursor(self._step(0, 1))
        self.scroll_to(y=0, animate=False, immediate=True)
        self._reveal_cursor()

    def action_last(self) -> None:
        self._move_cursor(self._step(len(self._rows) - 1, -1))
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
        self._reveal_cursor()

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_choose(self) -> None:
        entity = self.cursor_entity
        if entity is not None:
            self.post_message(self.EntityChosen(self, entity))

    def _step(self, start: int, direction: int) -> int | None:
        """The first item at or after ``start`` going ``direction``, skipping labels."""
        rows = self._rows
        index = start
        while 0 <= index < len(rows):
            if rows[index].entity is not None:
                return index
            index += direction
        return None

    def _step_cursor(self, direction: int) -> None:
        if self._cursor is None:
            self.scroll_relative(y=direction, animate=False, immediate=True)
            return
        target = self._step(self._cursor + direction, direction)
        if target is None:
            # Nothing further: show the labels beyond the last item instead.
            y = 0 if direction < 0 else self.max_scroll_y
            self.scroll_to(y=y, animate=False, immediate=True)
            return
        self._move_cursor(target)

    def _page(self, direction: int) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        if self._cursor is None:
            self.scroll_relative(y=direction * page, animate=False, immediate=True)
            return
        line = self._top(self._cursor) + direction * page
        line = min(max(line, 0), self._total_height() - 1)
        row = min(self._row_at(line), len(self._rows) - 1)
        target = self._step(row, direction)
        if target is None:
            target = self._step(row, -direction)
        if target is not None:
            self._move_cursor(target)
        y = self.scroll_y + direction * page
        self.scroll_to(y=y, animate=False, immediate=True)
        self._reveal_cursor()

    def _move_cursor(self, index: int | None, *, post_always: bool = False) -> None:
        previous = self._cursor
        self._refresh_span(previous, index)
        self._cursor = index
        self._regrow()
        self._refresh_span(previous, index)
        self._reveal_cursor()
        if post_always or previous != index:
            self.post_message(self.EntityHighlighted(self, self.cursor_entity))

    def _reveal_cursor(self) -> None:
        """Scroll to the cursor row; if that brought other rows on screen, size it for them.

        Sizing may scroll again and bring others: twice settles what a page holds.
        """
        self._reveal(self._cursor)
        for _ in range(2):
            if not self._regrow():
                return
            self._reveal(self._cursor)

    def _reveal(self, index: int | None) -> None:
        """Scroll the least needed to show row ``index`` and the heading right above it."""
        height = self.scrollable_content_region.height
        if index is None or height <= 0:
            return
        first = index
        while first > 0 and self._rows[first - 1].heading:
            first -= 1
        top, bottom = self._top(first), self._top(index) + self._height(index)
        if bottom - top > height:
            # Taller than the view: show where the row starts.
            top = self._top(index)
            bottom = top + min(height, self._height(index))
        y = self.scroll_y
        if top < y:
            y = top
        elif bottom > y + height:
            y = bottom - height
        if y != self.scroll_y:
            self.scroll_to(y=y, animate=False, immediate=True)

    # ----------------------------------------------------------------- drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        if not self._rows:
            return self._empty_line(y, width)
        row_index = self._row_at(line)
        if row_index >= len(self._rows) or width <= 0:
            return Strip.blank(width, self.get_visual_style().rich_style)
        row = self._rows[row_index]
        is_cursor = row_index == self._cursor
        marked = row.entity is not None and row.entity in self._marked
        dimmed = bool(self._marked) and row.entity is not None and not marked
        key = (
            self._generation,
            row_index,
            line - self._top(row_index),
            width,
            is_cursor and self.has_focus,
            is_cursor,
            marked,
            dimmed,
        )
        strip = self._strips.get(key)
        if strip is None:
            strip = self._draw(row_index, line - self._top(row_index), width, key)
            self._strips[key] = strip
        return strip

    def _draw(self, row_index: int, line: int, width: int, key: tuple[object, ...]) -> Strip:
        row = self._rows[row_index]
        _, _, _, _, _, is_cursor, marked, dimmed = key
        if row.entity is None:
            return self._draw_label(row, width)
        states = ["virtual-list--item"]
        if dimmed:
            states.append("virtual-list--dimmed")
        if is_cursor:
            states.append("virtual-list--cursor")
        base = self.get_visual_style(*states)
        whole = self._whole_lines(row_index) if is_cursor and self.has_focus else None
        lines = whole or self._lines_of(row_index, row.entity, width - 1)
        body = lines[line] if line < len(lines) else Content()
        body = body.truncate(width - 1, ellipsis=True)
        if is_cursor:
            # The cursor's colours win over the row's own, which may clash with its background.
            body = body.stylize(".virtual-list--cursor-text")
        elif dimmed:
            body = body.stylize(".virtual-list--dimmed")
        gutter = Content.styled(_MARK, ".virtual-list--mark") if marked else Content(" ")
        content = Content.assemble(gutter, body)
        return self._to_strip(content, width, base)

    def _draw_label(self, row: ListRow, width: int) -> Strip:
        label = row.label or Content()
        if row.heading:
            base = self.get_visual_style("virtual-list--heading")
            count = text(f" {row.count}", MUTED) if row.count is not None else Content()
            room = max(0, width - 3 - count.cell_length)
            label = Content.assemble(" ", label.truncate(room, ellipsis=True), count, " ")
            rule = "─" * max(0, width - label.cell_length)
            label = Content.assemble(label, Content.styled(rule, ".virtual-list--rule"))
        else:
            base = self.get_visual_style("virtual-list--text")
            label = Content.assemble(" ", label.truncate(width - 1, ellipsis=True))
        return self._to_strip(label, width, base)

    def _empty_line(self, y: int, width: int) -> Strip:
        """The empty message from the second line, wrapped: a narrow pane says it whole."""
        base = self.get_visual_style("virtual-list--text")
        lines = text(self.empty_message, MUTED).wrap(max(1, width - 2))
        if not 1 <= y <= len(lines):
            return Strip.blank(width, base.rich_style)
        message = Content.assemble(" ", lines[y - 1])
        return self._to_strip(message.truncate(width, ellipsis=True), width, base)

    def _lines_of(self, row_index: int, entity: Entity, width: int) -> Sequence[Content]:
        key = (self._generation, row_index, width)
        lines = self._row_lines.get(key)
        if lines is None:
            lines = self.render_item(entity, width)
            self._row_lines[key] = lines
        return lines

    def _to_strip(self, content: Content, width: int, base: Style) -> Strip:
        segments = [
            Segment(part, style.rich_style)
            for part, style in content.render(base, end="", parse_style=self._style_named)
        ]
        return Strip(segments).adjust_cell_length(width, base.rich_style)

    def _style_named(self, style: str | Style) -> Style:
        """Resolve a ``.component`` style name through this list or its screen."""
        if isinstance(style, Style):
            return style
        resolved = self._styles_by_name.get(style)
        if resolved is None:
            resolved = _resolve(self, style)
            self._styles_by_name[style] = resolved
        return resolved

    # ------------------------------------------------------------------ events

    def notify_style_update(self) -> None:
        """The theme or stylesheet changed: every cached line is stale."""
        self._strips.clear()
        self._row_lines.clear()
        self._styles_by_name.clear()
        super().notify_style_update()

    def on_resize(self) -> None:
        self._row_lines.clear()
        self._regrow()
        self.resized()
        self._reveal_cursor()

    def resized(self) -> None:
        """Called when the list's size changes; the detail panel rewraps its card here."""

    def watch_has_focus(self, has_focus: bool) -> None:
        """Only the focused list grows its cursor row (see :meth:`_regrow`)."""
        super().watch_has_focus(has_focus)
        self._regrow()

    def on_focus(self) -> None:
        self._refresh_cursor_row()
        # Marks may have scrolled the cursor away while unfocused; wait for the
        # layout, as a view shown by this focus has no size yet.
        self.call_after_refresh(self._reveal_cursor_if_focused)

    def _reveal_cursor_if_focused(self) -> None:
        """Focus that moved on before the layout came leaves the list where marks put it."""
        if self.has_focus:
            self._reveal_cursor()

    def on_blur(self) -> None:
        self._refresh_cursor_row()

    def _refresh_cursor_row(self) -> None:
        self._styles_by_name.clear()  # the cursor's style depends on focus
        if self._cursor is not None:
            self._refresh_row(self._cursor)

    def on_click(self, event: events.Click) -> None:
        """A click selects a row; a click on the selected row opens it.

        Selecting a row can move the rows under the pointer (the row left
        shrinks back to its height), so a second click where the first one
        selected a row opens that row, whatever is drawn there now.
        """
        offset = event.get_content_offset(self)
        if offset is None or not self._rows:
            return
        line = round(self.scroll_y) + offset.y
        row = self._row_at(line)
        if self._cursor is not None and self._clicked == (offset.y, self._cursor):
            row = self._cursor
        if row >= len(self._rows) or self._rows[row].entity is None:
            return
        if row == self._cursor:
            self.action_choose()
        else:
            self._move_cursor(row)
            self._clicked = (offset.y, row)


def _resolve(widget: Widget, style: str) -> Style:
    """A ``.name`` style from the nearest widget (or screen) declaring that component."""
    if not style.startswith("."):
        return Style.parse(style)
    name = style[1:]
    for node in widget.ancestors_with_self:
        if isinstance(node, Widget):
            try:
                return node.get_visual_style(name, partial=True)
            except KeyError:
                continue
    return Style()
