"""The shared virtual list on its own: cursor, headings, marks, and drawing only what shows."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from textual.app import App, ComposeResult
from textual.content import Content

from crisis_tui.model import Actor, Entity
from crisis_tui.widgets.virtual_list import ListRow, VirtualList

ROWS = 100_000
GROUP = 10


class CountingList(VirtualList):
    """Counts how many items it was asked to draw."""

    drawn = 0

    def render_item(self, entity: Entity, width: int) -> Sequence[Content]:
        CountingList.drawn += 1
        return [Content(f"item {entity.id}"), Content("second line")]


class ListApp(App[None]):
    def __init__(self, rows: Sequence[ListRow]) -> None:
        super().__init__()
        self.rows = rows
        self.highlighted: list[Entity | None] = []
        self.chosen: list[Entity] = []

    def compose(self) -> ComposeResult:
        yield CountingList(id="list")

    def on_mount(self) -> None:
        self.query_one(CountingList).set_rows(self.rows)

    def on_virtual_list_entity_highlighted(self, message: VirtualList.EntityHighlighted) -> None:
        self.highlighted.append(message.entity)

    def on_virtual_list_entity_chosen(self, message: VirtualList.EntityChosen) -> None:
        self.chosen.append(message.entity)


def _actors(count: int) -> list[Actor]:
    return [Actor(f"a{number}", f"Actor {number}") for number in range(count)]


def _rows(actors: Sequence[Actor]) -> list[ListRow]:
    rows: list[ListRow] = []
    for number, actor in enumerate(actors):
        if number % GROUP == 0:
            rows.append(ListRow.section(Content(f"Group {number // GROUP}")))
        rows.append(ListRow.item(actor, height=2))
    return rows


async def test_a_hundred_thousand_rows_draw_only_what_is_visible() -> None:
    actors = _actors(ROWS)
    app = ListApp(_rows(actors))
    async with app.run_test(size=(60, 20)) as pilot:
        listing = app.query_one(CountingList)
        await pilot.pause()
        CountingList.drawn = 0
        for key in ("j", "pagedown", "G", "g", "end", "pageup"):
            await pilot.press(key)
            await pilot.pause()
        assert listing.cursor_entity is not None
        assert CountingList.drawn < 200, "a few screens' worth, not 100,000"


async def test_the_cursor_skips_headings_and_reaches_both_ends() -> None:
    actors = _actors(35)
    app = ListApp(_rows(actors))
    async with app.run_test(size=(40, 12)) as pilot:
        listing = app.query_one(CountingList)
        await pilot.pause()
        assert listing.cursor == 1, "row 0 is a heading"
        assert listing.cursor_entity is actors[0]
        for _ in range(GROUP):
            await pilot.press("j")
        assert listing.cursor_entity is actors[GROUP]
        assert listing.rows[listing.cursor - 1].heading
        await pilot.press("G")
        assert listing.cursor_entity is actors[-1]
        assert listing.scroll_y == listing.max_scroll_y
        await pilot.press("j")
        assert listing.cursor_entity is actors[-1]
        await pilot.press("g")
        assert listing.cursor_entity is actors[0]
        assert listing.scroll_y == 0
        await pilot.press("pagedown")
        assert listing.cursor_entity is not actors[0]
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [listing.cursor_entity]
        assert app.highlighted[-1] is listing.cursor_entity


async def test_set_rows_keeps_the_cursor_on_the_same_entity() -> None:
    actors = _actors(30)
    app = ListApp(_rows(actors))
    async with app.run_test(size=(40, 12)) as pilot:
        listing = app.query_one(CountingList)
        assert listing.select(actors[17])
        listing.set_rows(_rows(actors[10:]), keep=actors[17])
        assert listing.cursor_entity is actors[17]
        listing.set_rows(_rows(actors[:5]), keep=actors[17])
        assert listing.cursor_entity is actors[0]
        assert not listing.select(actors[17])
        assert not listing.select_row(0), "a heading cannot hold the cursor"
        await pilot.pause()


async def test_marks_show_in_the_gutter_dim_the_rest_and_come_into_view() -> None:
    actors = _actors(200)
    app = ListApp(_rows(actors))
    async with app.run_test(size=(40, 12)) as pilot:
        listing = app.query_one(CountingList)
        await pilot.pause()
        listing.set_marks({actors[150]})
        await pilot.pause()
        visible = [listing.render_line(y).text for y in range(listing.size.height)]
        assert any(line.startswith("▍item a150") for line in visible)
        assert listing.cursor_entity is actors[0], "marks never move the cursor"
        assert listing.is_marked(actors[150])
        assert not listing.is_marked(actors[0])
        listing.set_marks(frozenset())
        assert not listing.is_marked(actors[150])


async def test_an_empty_list_says_so_and_ignores_keys() -> None:
    app = ListApp([])
    async with app.run_test(size=(40, 8)) as pilot:
        listing = app.query_one(CountingList)
        listing.empty_message = "Nothing here at all"
        listing.refresh()
        await pilot.press("j", "k", "G", "g", "pagedown", "pageup", "enter")
        await pilot.pause()
        assert listing.cursor is None
        assert app.chosen == []
        assert "Nothing here at all" in listing.render_line(1).text


async def test_labels_only_scroll_line_by_line() -> None:
    lines = [ListRow.line(Content(f"line {number}")) for number in range(50)]
    app = ListApp(lines)
    async with app.run_test(size=(40, 10)) as pilot:
        listing = app.query_one(CountingList)
        await pilot.press("j", "j", "j")
        assert listing.scroll_y == 3
        await pilot.press("pagedown")
        assert listing.scroll_y > 3


class GrowingList(VirtualList):
    """Each item shows a third line, its note, when selected."""

    def render_item(self, entity: Entity, width: int) -> Sequence[Content]:
        return [Content(f"item {entity.id}"), Content("second line")]

    def render_whole(self, entity: Entity, width: int) -> Sequence[Content]:
        return [*self.render_item(entity, width), Content(f"note on {entity.id}")]


class GrowingApp(App[None]):
    def __init__(self, rows: Sequence[ListRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield GrowingList(id="list")

    def on_mount(self) -> None:
        listing = self.query_one(GrowingList)
        listing.set_rows(self.rows)
        listing.focus()


@pytest.mark.parametrize("count", [12, 200], ids=["a screen and a half", "many screens"])
async def test_the_screen_shows_what_the_list_draws_after_every_key(count: int) -> None:
    """The rows between the old and the new cursor move with its growth: all are repainted."""
    app = GrowingApp(_rows(_actors(count)))
    async with app.run_test(size=(40, 14)) as pilot:
        listing = app.query_one(GrowingList)
        await pilot.pause()
        keys = ("j", "pagedown", "pagedown", "pagedown", "k", "pageup", "pageup", "G", "g", "j")
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            height = listing.scrollable_content_region.height
            drawn = [listing.render_line(y).text for y in range(height)]
            shown = [
                strip.text[: len(drawn[0])] for strip in app.screen._compositor.render_strips()
            ]
            assert shown[:height] == drawn, key
            cursor = listing.cursor_entity
            assert cursor is not None
            assert any(f"note on {cursor.id}" in line for line in shown), "the cursor row whole"
