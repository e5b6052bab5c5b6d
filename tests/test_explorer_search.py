"""Search in the explorer: the whole story as you type, best first, matches highlighted.

Most tests drive the real engine on the bundled story. The timing tests slow
the engine down on purpose (by wrapping ``SearchIndex.search`` or ``build``)
to show that typing never waits for a search and that an outdated answer is
never shown.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection
from pathlib import Path

import pytest
from hostile_search import REPEATED_WORD, one_quote_story, ten_megabytes
from search_helpers import forbid_building
from test_explorer_support import (
    bundled_app,
    on_main_screen,
    screen_text,
)
from textual import events
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from crisis_tui.app import CrisisApp, make_app
from crisis_tui.loader import bundled_story_path
from crisis_tui.model import Actor, Entity, Quote
from crisis_tui.screens.search import (
    CHARACTERS_PER_CELL,
    LEAD,
    MATCH,
    SearchResults,
    SearchScreen,
    around_first_match,
    hit_line,
)
from crisis_tui.search import Hit, SearchIndex
from crisis_tui.search.cache import IndexCache
from crisis_tui.search.highlight import MAX_SPANS
from crisis_tui.widgets.story_text import MUTED

GUAIDO_TWEET = "People of Venezuela, the end of the usurpation has begun,"


def _overlay(app: CrisisApp) -> SearchScreen:
    screen = app.screen
    assert isinstance(screen, SearchScreen), f"the search is not open: {screen!r}"
    return screen


def _results(app: CrisisApp) -> SearchResults:
    return _overlay(app).results


def _listed(app: CrisisApp) -> list[Entity]:
    return list(_results(app).entities())


def _status(app: CrisisApp) -> str:
    return str(_overlay(app).query_one("#search-status").render())


def _matched_words(line: Content) -> list[str]:
    """The parts of a rendered result styled as matches."""
    return [line.plain[span.start : span.end] for span in line.spans if span.style == MATCH]


async def _workers_done(app: CrisisApp) -> None:
    """Wait for every worker; one cancelled while waited for (a newer search replaced it) ended."""
    for _ in range(100):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        return
    raise AssertionError("the workers never finished")


async def _answered(app: CrisisApp, pilot: Pilot[None]) -> None:
    """Wait until the list answers what is typed now (the index may still be building)."""
    for _ in range(200):
        await _workers_done(app)
        await pilot.pause()
        if _overlay(app).answered:
            return
    raise AssertionError("the search never answered")


async def _indexed(app: CrisisApp, pilot: Pilot[None]) -> None:
    """Wait until the story's index is ready: it is built (or read back) after the first frame."""
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if app.search_index is not None:
            return
    raise AssertionError("the index was never ready")


async def _open_search(app: CrisisApp, pilot: Pilot[None]) -> SearchScreen:
    await app.workers.wait_for_complete()  # the index
    await pilot.press("slash")
    await pilot.pause()
    return _overlay(app)


async def test_guaido_usurp_finds_guaidos_tweet_on_top_with_both_words_highlighted() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_search(app, pilot)
        for key in "guaido usurp":
            await pilot.press(key)
            await _answered(app, pilot)  # every key is answered before the next
        top = _listed(app)[0]
        assert isinstance(top, Quote)
        assert top.text == GUAIDO_TWEET
        assert top.speaker.name == "Juan Guaidó"

        results = _results(app)
        line = results.render_item(top, results.scrollable_content_region.width - 1)[0]
        assert _matched_words(line) == ["Guaidó", "usurpation"]

        drawn = results.render_line(0)
        emphasised = {
            segment.text
            for segment in drawn
            if segment.style is not None and segment.style.bold and segment.style.underline
        }
        assert {"Guaidó", "usurpation"} <= emphasised
        shown = screen_text(app)
        assert "Juan Guaidó" in shown
        assert "the end of the usurpation has begun" in shown


async def test_search_covers_every_kind_of_entity() -> None:
    app = bundled_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await _open_search(app, pilot)
        await pilot.press(*"carlota")
        await _answered(app, pilot)
        kinds = {type(entity).__name__ for entity in _listed(app)}
        assert {"Place", "Event", "Actor"} <= kinds
        await pilot.press("ctrl+u", *"photo")
        await _answered(app, pilot)
        assert "Source" in {type(entity).__name__ for entity in _listed(app)}


async def test_keys_typed_straight_after_slash_go_into_the_search() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        for key, character in [("slash", "/"), *((letter, letter) for letter in "padrino")]:
            app.post_message(events.Key(key, character))  # as a terminal sends them, at once
        await pilot.pause()
        assert _overlay(app).query_one(Input).value == "padrino"
        await _answered(app, pilot)
        assert getattr(_listed(app)[0], "name", None) == "Vladimir Padrino"


async def test_enter_typed_straight_after_the_query_opens_its_best_hit() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        typed = [("slash", "/"), *((letter, letter) for letter in "padrino"), ("enter", "\r")]
        for key, character in typed:
            app.post_message(events.Key(key, character))
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert on_main_screen(app)
        assert getattr(app.main_screen.current, "name", None) == "Vladimir Padrino"


@pytest.mark.parametrize(
    ("query", "meant"), [("maudro", "maduro"), ("tratiors", "traitors"), ("caracsa", "caracas")]
)
async def test_typos_and_missing_accents_are_forgiven(query: str, meant: str) -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_search(app, pilot)
        await pilot.press(*query)
        await _answered(app, pilot)
        results = _results(app)
        listed = _listed(app)
        assert listed, f"nothing found for {query!r}"
        top = results.render_item(listed[0], 200)[0]
        assert meant in [word.casefold() for word in _matched_words(top)]
        assert "match" in _status(app)


async def test_enter_opens_the_hit_in_its_pane_and_back_returns() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main_screen
        before = screen.snapshot()
        await _open_search(app, pilot)
        await pilot.press(*"padrino")
        await _answered(app, pilot)
        padrino = _listed(app)[0]
        assert isinstance(padrino, Actor)
        assert padrino.name == "Vladimir Padrino"

        await pilot.press("enter")
        await pilot.pause()
        assert on_main_screen(app)
        assert screen.current is padrino
        assert screen.pane("actors").cursor_entity is padrino
        assert screen.active_view == "detail"
        assert "Defence minister of Venezuela" in screen_text(app)

        await pilot.press("backspace")
        await pilot.pause()
        assert screen.snapshot() == before


async def test_tab_narrows_the_search_to_the_pane_and_back() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        overlay = await _open_search(app, pilot)
        assert overlay.scope == "everything"
        await pilot.press(*"guaido")
        await _answered(app, pilot)
        assert {type(entity) for entity in _listed(app)} > {Quote}
        assert "tab only quotes" in screen_text(app)

        await pilot.press("tab")
        await _answered(app, pilot)
        assert overlay.scope == "quotes"
        assert _listed(app)
        assert all(isinstance(entity, Quote) for entity in _listed(app))
        assert "Search quotes" in screen_text(app)
        assert "tab everything" in screen_text(app)
        assert overlay.query_one(Input).has_focus, "typing goes on in the input"

        await pilot.press("tab")
        await _answered(app, pilot)
        assert overlay.scope == "everything"
        assert {type(entity) for entity in _listed(app)} > {Quote}


async def test_from_the_detail_tab_narrows_to_the_pane_it_shows_an_entry_of() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "enter")
        await pilot.pause()
        assert app.main_screen.active_view == "detail"
        overlay = await _open_search(app, pilot)
        await pilot.press("tab")
        assert overlay.scope == "actors"


async def test_the_palette_goes_to_padrino_through_the_search_engine() -> None:
    app = bundled_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"padrino")
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        assert "Actor: Vladimir Padrino" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.main_screen
        assert on_main_screen(app)
        assert isinstance(screen.current, Actor)
        assert screen.current.name == "Vladimir Padrino"
        assert screen.pane("actors").cursor_entity is screen.current


def _slow_for_all_but(
    monkeypatch: pytest.MonkeyPatch, final: str, delay: float
) -> list[tuple[str, float]]:
    """Make every search except for ``final`` take ``delay`` seconds; record when each ends."""
    search = SearchIndex.search
    finished: list[tuple[str, float]] = []

    def slow_search(
        self: SearchIndex, query: str, *, limit: int = 20, kinds: Collection[str] | None = None
    ) -> list[Hit]:
        if query != final:
            time.sleep(delay)
        hits = search(self, query, limit=limit, kinds=kinds)
        finished.append((query, time.monotonic()))
        return hits

    monkeypatch.setattr(SearchIndex, "search", slow_search)
    return finished


async def test_typing_fast_shows_only_the_answer_to_the_final_query(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    final = "guaido usurp"
    finished = _slow_for_all_but(monkeypatch, final, delay=0.3)
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        overlay = await _open_search(app, pilot)
        started = time.monotonic()
        await pilot.press(*final)
        assert overlay.query_one(Input).value == final
        assert time.monotonic() - started < 0.3 * len(final) / 2, "typing waited for searching"

        await _answered(app, pilot)
        await _workers_done(app)
        await pilot.pause()
        outdated = [ended for query, ended in finished if query != final]
        final_ended = next(ended for query, ended in finished if query == final)
        assert outdated, "the earlier searches ran"
        assert max(outdated) > final_ended, "an outdated answer came last, and was dropped"
        listed = _listed(app)
        assert len(listed) == 1
        assert getattr(listed[0], "text", None) == GUAIDO_TWEET
        assert _status(app) == "1 match"


async def test_enter_before_the_answer_opens_the_answer_to_what_was_typed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _slow_for_all_but(monkeypatch, final="", delay=0.2)
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_search(app, pilot)
        await pilot.press(*"guaido")
        await _answered(app, pilot)
        listed_for_guaido = _listed(app)[0]
        await pilot.press(*" usurp", "enter")
        assert isinstance(app.screen, SearchScreen), "still waiting for the answer"
        assert _results(app).cursor_entity is listed_for_guaido
        await _workers_done(app)
        await pilot.pause()
        assert on_main_screen(app)
        opened = app.main_screen.current
        assert isinstance(opened, Quote)
        assert opened.text == GUAIDO_TWEET


@pytest.mark.parametrize("enter", [False, True], ids=["typing", "enter-pressed"])
async def test_the_search_says_indexing_until_the_index_is_ready_then_answers(
    monkeypatch: pytest.MonkeyPatch, enter: bool
) -> None:
    build = SearchIndex.build
    release = threading.Event()

    def held_build(story: object) -> SearchIndex:
        assert release.wait(10), "the test never released the index"
        return build(story)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchIndex, "build", staticmethod(held_build))
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"padrino")
        await pilot.pause()
        overlay = _overlay(app)
        assert _status(app) == "indexing…"
        assert overlay.query_one(Input).value == "padrino", "typing goes on while indexing"
        assert not overlay.answered
        assert not _listed(app)
        if enter:
            await pilot.press("enter")
            assert app.screen is overlay, "nothing to open yet"

        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if enter:
            assert on_main_screen(app)
            found = app.main_screen.current
        else:
            assert overlay.answered
            found = _listed(app)[0]
        assert isinstance(found, Actor)
        assert found.name == "Vladimir Padrino"


async def test_a_search_opened_while_the_index_is_being_published_still_gets_it() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"padrino")  # no waiting for the index first
        await _answered(app, pilot)
        found = _listed(app)
        assert isinstance(found[0], Actor)
        assert found[0].name == "Vladimir Padrino"


async def test_a_reloaded_story_is_searched_anew(tmp_path: Path) -> None:
    path = tmp_path / "story.yaml"
    original = bundled_story_path().read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        path.write_text(original.replace("nerves of steel", "nerves of titanium"), encoding="utf-8")
        await pilot.press("r")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()

        await _open_search(app, pilot)
        await pilot.press(*"titanium")
        await _answered(app, pilot)
        found = _listed(app)
        assert len(found) == 1
        assert found[0] is app.story.get("q-maduro-nerves-of-steel"), "a record of the new story"
        await pilot.press("enter")
        await pilot.pause()
        assert app.main_screen.current is found[0]


async def test_the_next_start_reads_a_large_storys_index_from_the_cache(
    monkeypatch: pytest.MonkeyPatch, isolated_cache: Path
) -> None:
    """The bundled story stands in for a large one: every story is 'large' here."""
    user_cache = IndexCache.default()
    monkeypatch.setattr(
        IndexCache,
        "default",
        classmethod(lambda cls: IndexCache(user_cache.directory, user_cache.seal, min_entities=0)),
    )
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _indexed(app, pilot)
    assert list(isolated_cache.rglob("*.index"))
    forbid_building(monkeypatch)
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_search(app, pilot)
        await pilot.press(*"guaido usurp")
        await _answered(app, pilot)
        best = _listed(app)[0]
        assert isinstance(best, Quote)
        assert best.text.startswith(GUAIDO_TWEET)


def _hit(text: str, spans: tuple[tuple[int, int], ...], title: str = "Speaker") -> Hit:
    quote = Quote("q", text, Actor("speaker", title))
    return Hit(quote, "quote", 1.0, title, text, spans, ())


def test_story_text_in_a_result_is_data_and_matches_keep_their_place() -> None:
    text = "[bold]not markup[/bold]\r\nand \x1b[31m then the usurpation"
    start = text.index("usurpation")
    line = hit_line(_hit(text, ((start, start + len("usurpation")),)), 200)
    assert "[bold]not markup[/bold]" in line.plain
    assert "\x1b" not in line.plain
    assert "␛[31m" in line.plain
    assert _matched_words(line) == ["usurpation"]


@pytest.mark.parametrize("room", [12, 20, 30, 45])
def test_a_long_text_is_cut_to_show_its_first_match(room: int) -> None:
    text = "word " * 40 + "target and what follows it"
    start = text.index("target")
    spans = ((start, start + 6),)
    shown = around_first_match(text, spans, room, MUTED)
    assert shown.plain.startswith("…")
    assert "target" in shown.plain[:room]
    assert _matched_words(shown) == ["target"]


@pytest.mark.parametrize("room", [40, 0, -3])
def test_a_text_is_not_cut_when_its_match_shows_or_nothing_would(room: int) -> None:
    spans = ((4, 10),)
    text = "the target is near the start"
    shown = around_first_match(text, spans, room, MUTED)
    assert "…" not in shown.plain
    assert text.startswith(shown.plain)


def test_a_result_line_of_a_huge_quote_is_made_of_what_shows_only() -> None:
    text = ten_megabytes()
    spans = tuple((start, start + 6) for start in range(0, 7 * MAX_SPANS, 7))
    line = hit_line(_hit(text, spans), 80)
    assert len(line.plain) <= 80 * CHARACTERS_PER_CELL + 80
    assert _matched_words(line)[:3] == ["guaido"] * 3


def test_a_match_deep_in_a_huge_quote_is_shown_from_a_little_before_it() -> None:
    start = 15_000
    text = "x " * (start // 2) + "target" + " y" * 1_000_000
    shown = around_first_match(text, ((start, start + 6),), 60, MUTED)
    assert shown.plain.startswith("…")
    assert "target" in shown.plain[:60]
    assert len(shown.plain) <= 60 * CHARACTERS_PER_CELL * 2 + LEAD + 6


async def test_searching_a_quote_of_a_hundred_thousand_matches_answers_and_closes(
    tmp_path: Path,
) -> None:
    story = tmp_path / "hostile.yaml"
    story.write_text(one_quote_story(REPEATED_WORD), encoding="utf-8")
    app = make_app(story)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_search(app, pilot)
        await pilot.press(*"guaido")
        await _answered(app, pilot)
        assert [entity.id for entity in _listed(app)] == ["the-quote"]
        assert "guaido guaido" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
