"""Story text is data: markup, ANSI escapes and control characters show literally,
wide characters keep columns aligned, and quotes show their kind."""

from __future__ import annotations

from rich.cells import cell_len
from test_explorer_support import FIXTURES, bundled_app, screen_text

from crisis_tui.app import CrisisApp, make_app
from crisis_tui.widgets.virtual_list import VirtualList

HOSTILE = FIXTURES / "explorer-hostile.yaml"


def _lines(widget: VirtualList) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.scrollable_content_region.height)]


def _assert_lines_fill_the_width(widget: VirtualList) -> None:
    width = widget.scrollable_content_region.width
    for y in range(widget.scrollable_content_region.height):
        strip = widget.render_line(y)
        assert strip.cell_length == width, (y, strip.text)
        assert cell_len(strip.text) == width, (y, strip.text)


async def test_markup_and_escapes_in_a_story_render_literally() -> None:
    app = make_app(HOSTILE)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        shown = screen_text(app)
        assert "\x1b" not in shown
        assert "\x07" not in shown
        assert "[bold red]Not bold[/] ␛[31mnot red␛[0m" in shown
        assert "[blink]Mallory[/blink]" in shown
        actors = app.main_screen.pane("actors")
        mallory = next(actor for actor in app.story.actors if actor.id == "mallory")
        assert "Chief ␛[2Jscreen clearer" in actors.render_item(mallory, 200)[0].plain
        assert "[reverse]Left[/reverse]" in shown
        assert "“[bold]not bold[/] [link=https://ev" in shown
        quote = next(q for q in app.story.quotes if q.id == "markup-quote")
        row = app.main_screen.pane("quotes").render_item(quote, 200)[0].plain
        assert "“[bold]not bold[/] [link=https://evil.example]click[/link] ␛[31mred?␛[0m" in row
        assert "tab here" in row, "a tab becomes a space on a one-line row"
        await pilot.press("1")  # the pane being read is the wide one
        await pilot.pause()
        assert "[bold]Markup event[/bold] with ␇" in screen_text(app)


async def test_markup_in_the_detail_and_status_line_stays_literal() -> None:
    app = make_app(HOSTILE)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        quote = next(q for q in app.story.quotes if q.id == "markup-quote")
        screen.open_entity(quote)
        await pilot.press("f")
        await pilot.pause()
        shown = screen_text(app)
        assert "[link=https://evil.example]click[/link]" in shown
        assert "Filter" in shown
        assert "[link=https://example.com]Repo" in shown
        assert "\x1b" not in shown


async def test_wide_characters_keep_every_row_the_width_of_its_pane() -> None:
    app = make_app(HOSTILE)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        for name in ("timeline", "actors", "quotes"):
            _assert_lines_fill_the_width(screen.pane(name))
        _assert_lines_fill_the_width(screen.detail)
        await pilot.press("2")  # the pane being read is the wide one
        await pilot.pause()
        _assert_lines_fill_the_width(screen.pane("actors"))
        actors = "\n".join(_lines(screen.pane("actors")))
        assert "王小明 🎉  記者" in actors
        assert "右派 🦀" in screen_text(app)
        for width in (38, 41, 57):
            await pilot.resize_terminal(width, 20)
            await pilot.pause()
            for name in ("timeline", "actors", "quotes"):
                await pilot.press(str(1 + ("timeline", "actors", "quotes").index(name)))
                await pilot.pause()
                _assert_lines_fill_the_width(screen.pane(name))


async def test_quote_kinds_are_told_apart() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        quotes = "\n".join(_all_lines(app, "quotes"))
        assert "“…nerves of steel,”" in quotes
        assert "“The armed forces are firmly in def" in quotes
        paraphrase = next(q for q in app.story.quotes if q.kind == "paraphrase")
        assert f"“{paraphrase.text[:20]}" not in quotes
        assert paraphrase.text[:20] in quotes
        assert "paraphrased" in quotes


async def test_sides_have_a_symbol_as_well_as_a_colour() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        legend = screen_text(app).splitlines()[-2]
        assert "● Pro-Guaidó" in legend
        assert "▲ Pro-Maduro" in legend
        assert "■ Pro-Guaidó abroad" in legend
        assert "◆ Pro-Maduro abroad" in legend
        assert "★ Media" in legend
        actors = "\n".join(_all_lines(app, "actors"))
        assert "▲ Vladimir Padrino" in actors


async def test_timeline_headings_keep_the_precision_of_their_dates() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        timeline = app.main_screen.pane("timeline")
        headings = [row.label.plain for row in timeline.rows if row.label is not None]
        assert headings == ["2017", "Jan 2019", "24 Jan 2019", "30 Apr 2019"]
        assert all(row.entity is not None for row in timeline.rows if row.label is None)


async def test_an_empty_filtered_pane_says_so() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.main_screen
        caracas = app.story.get("caracas")
        assert caracas is not None
        screen.open_entity(caracas)
        await pilot.press("f")
        await pilot.pause()
        quotes = screen.pane("quotes")
        assert list(quotes.entities()) == []
        assert quotes.size.width < len("No quotes linked to the filter"), "a narrow pane"
        said = " ".join(line.strip() for line in _lines(quotes))
        assert "No quotes linked to the filter" in said, "wrapped, every word whole"


def _all_lines(app: CrisisApp, name: str) -> list[str]:
    """Every line a pane can show, whatever is scrolled into view."""
    pane = app.main_screen.pane(name)
    width = pane.scrollable_content_region.width
    return [line.plain for entity in pane.entities() for line in pane.render_item(entity, width)]
