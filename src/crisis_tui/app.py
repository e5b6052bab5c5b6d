"""The explorer application: wiring the main screen, help, reload, themes and the palette.

Start it with :func:`make_app`. The app itself holds only what outlives a
screen: the story service (the story, its path for reloading, its search
index) and the remembered theme. A served app (one session of ``crisis-tui
serve``) touches nothing on the machine it runs on: no theme remembered, no
screenshot saved, no browser opened, no process suspended.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from textual import events, work
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen
from textual.signal import Signal
from textual.theme import Theme
from textual.worker import get_current_worker

from crisis_tui.files import wait_until_settled
from crisis_tui.frames import HeldDisplay, OneFramePerTurn, open_overlay
from crisis_tui.loader import LoadedStory, StoryError
from crisis_tui.loader.diagnostics import shown_lines
from crisis_tui.model import Story
from crisis_tui.screens.main import MainScreen
from crisis_tui.settings import Settings, load_settings, save_settings
from crisis_tui.story_service import StoryService
from crisis_tui.text import visible

if TYPE_CHECKING:
    from crisis_tui.screens.help import HelpTable
    from crisis_tui.search import SearchIndex

# Overlays (search, help, errors) and the search engine are imported when
# first opened, not before the first frame: the reader waits for every import.

PALETTE_LIMIT = 20
"""Entities the palette offers per query, best first."""

_PALETTE_WIDTH = 80
"""Long quotes are cut in the palette; the detail shows them whole."""


class GoToProvider(Provider):
    """Command palette entries that "go to" an entity, found by the story's search engine."""

    async def search(self, query: str) -> Hits:
        from crisis_tui.screens.search import around_first_match, highlighted

        app = self.app
        if not isinstance(app, CrisisApp) or (index := app.search_index) is None:
            return
        match = self.match_style or "bold"
        hits = await asyncio.to_thread(index.search, query, limit=PALETTE_LIMIT)
        for hit in hits:
            title = highlighted(hit.title, hit.title_spans, match=match, room=_PALETTE_WIDTH)
            label = Content.assemble(f"{hit.kind.title()}: ", title)
            room = _PALETTE_WIDTH - label.cell_length - 3
            if hit.text and room > 0:
                words = around_first_match(hit.text, hit.spans, room, match=match)
                label = Content.assemble(label, " · ", words)
            label = label.truncate(_PALETTE_WIDTH, ellipsis=True)
            yield Hit(
                hit.score / (1 + hit.score),  # the palette wants 0..1; the order is kept
                label,
                partial(app.main_screen.open_entity, hit.entity),
                text=label.plain,
            )


class CrisisApp(App[None]):
    """Explore one story: timeline, actors, quotes, and how they link."""

    CSS_PATH = "crisis.tcss"
    TITLE = "crisis-tui"
    COMMANDS = App.COMMANDS | {GoToProvider}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", tooltip="Show every key", id="app.help"),
        Binding("q", "quit", "Quit", tooltip="Quit", id="app.quit"),
    ]

    def __init__(
        self,
        service: StoryService,
        *,
        theme: str | None = None,
        served: bool = False,
        when_shown: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.served = served
        self._when_shown = when_shown
        self._settings = Settings() if served else load_settings()
        self._asked_theme = theme
        self._requested_theme = theme or self._settings.theme
        self._held_display = HeldDisplay(self)
        self._frames = OneFramePerTurn(self._write_frame)
        self._search_index_changed: Signal[SearchIndex | None] = Signal(self, "search-index")

    @property
    def story_path(self) -> Path:
        return self.service.path

    @property
    def story(self) -> Story:
        return self.main_screen.story

    @property
    def search_index(self) -> SearchIndex | None:
        """The story's search index, or None until it is built."""
        return self.service.index

    @property
    def search_index_changed(self) -> Signal[SearchIndex | None]:
        """Published with the new index when one is ready, and None when the story changed."""
        return self._search_index_changed

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def get_default_screen(self) -> MainScreen:
        """The main screen is the app's first screen, not one pushed over an empty one.

        Pushed, it cost the first frame an empty screen's styling and layout,
        and a second styling of itself.
        """
        return MainScreen(self.service.loaded, self)

    def on_mount(self) -> None:
        # The stylesheet gives sides the terminal's own colours where there are only 16.
        self.set_class(self.console.color_system in ("standard", "windows"), "-few-colours")
        if self._requested_theme in self.available_themes:
            self.theme = self._requested_theme
        elif self._asked_theme is not None:
            names = ", ".join(sorted(self.available_themes))
            self.notify(
                f"No theme called '{visible(self._asked_theme, keep_newlines=False)}';"
                f" choose one of {names}",
                severity="warning",
                markup=False,
            )
        if not self.served:
            self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.call_after_refresh(_settle_long_lived_objects)
        if self._when_shown is not None:
            self.main_screen.call_after_refresh(self._when_shown)
        if self.service.index is None:  # index once the first frame is drawn
            self.main_screen.call_after_refresh(self._build_index)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Resize) and self._size not in (None, event.size):
            self._held_display.hold()  # a new size, not the first
        await super().on_event(event)

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        """Each turn of the loop sends the terminal one frame (see :class:`OneFramePerTurn`).

        An update made while the display is held is dropped, as Textual would.
        """
        if not self._batch_count:
            self._frames.add(screen, renderable)

    def _write_frame(self, screen: Screen[Any], update: RenderableType) -> None:
        """Write an update made before the display was held, even if it is held now.

        It was made when drawing was allowed, a turn ago; dropped, it would be
        lost, as the end of a hold redraws only what changed during it.
        """
        held, self._batch_count = self._batch_count, 0
        try:
            super()._display(screen, update)
        finally:
            self._batch_count = held

    def pop_screen(self) -> AwaitComplete:
        """Close the top screen; what shows again is drawn once, when it has settled."""
        self._held_display.hold()
        return super().pop_screen()

    def on_unmount(self) -> None:
        """Hand what was frozen back to the collector once the app is done with it."""
        gc.unfreeze()

    def action_command_palette(self) -> None:
        """Textual's palette, drawn once it is composed (see :mod:`crisis_tui.frames`)."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.call_next(open_overlay, self, CommandPalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands, with "Keys" opening this app's own help.

        A served app leaves out saving a screenshot: it would be a file on the server.
        """
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield SystemCommand("Keys", "Show every key and what it does", self.action_help)
            elif not (self.served and command.title == "Screenshot"):
                yield command

    async def action_help(self) -> None:
        from crisis_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            await open_overlay(self, HelpScreen(_help_sections(), _help_notes()))

    @work(thread=True, exclusive=True, group="reload")
    def action_reload(self) -> None:
        """Read the story again in a thread once the file has stopped changing.

        The old story stays if the file is now invalid, or is still being
        written (a half-saved file can be a smaller valid story).
        """
        worker = get_current_worker()
        if not wait_until_settled(self.story_path, cancelled=lambda: worker.is_cancelled):
            if not worker.is_cancelled:
                self.call_from_thread(self._still_changing)
            return
        try:
            loaded = self.service.read_again()
        except StoryError as error:
            self.call_from_thread(self._reload_failed, error)
        else:
            if loaded is None:
                self.call_from_thread(
                    self.notify, "Already showing the newest version of the story", timeout=3
                )
                return
            changes = loaded.story.changes_from(self.story)
            self.call_from_thread(self._reloaded, loaded, changes)

    def _reloaded(self, loaded: LoadedStory, changes: tuple[int, int]) -> None:
        self.service.replace(loaded)
        self._search_index_changed.publish(None)
        self.main_screen.replace_story(loaded)
        self.call_after_refresh(_settle_long_lived_objects)
        self._build_index()
        added, removed = changes
        warnings = f", {len(loaded.warnings)} warnings" if loaded.warnings else ""
        name = visible(self.story_path.name, keep_newlines=False)
        self.notify(
            f"Reloaded {name}: {added} added, {removed} removed{warnings}",
            markup=False,
            timeout=3,
        )

    def _still_changing(self) -> None:
        self.notify(
            f"{visible(self.story_path.name, keep_newlines=False)} is still being written;"
            " press r again once it is saved",
            severity="warning",
            markup=False,
        )

    @work(thread=True, exclusive=True, group="search-index")
    def _build_index(self) -> None:
        """Index the story off the UI thread (or read its index from the cache)."""
        story = self.service.story
        index = self.service.build_index()
        self.call_from_thread(self._index_built, story, index)

    def _index_built(self, story: Story, index: SearchIndex) -> None:
        if story is self.service.story:  # not replaced by a reload while it was being indexed
            self._search_index_changed.publish(index)

    def _reload_failed(self, error: StoryError) -> None:
        from crisis_tui.screens.errors import ErrorsScreen

        problems = shown_lines(error.diagnostics) or [str(error)]
        self.push_screen(
            ErrorsScreen(
                f"{self.story_path.name} has errors; still showing the version loaded before",
                problems,
            )
        )

    def deliver_text(self, *args: Any, **kwargs: Any) -> str | None:
        """Save text as a file (a screenshot, for one); a served app saves nothing."""
        if self.served:
            self.notify("Files are not saved on the server", severity="warning")
            return None
        return super().deliver_text(*args, **kwargs)

    def deliver_binary(self, *args: Any, **kwargs: Any) -> str | None:
        """Save bytes as a file; a served app saves nothing."""
        if self.served:
            self.notify("Files are not saved on the server", severity="warning")
            return None
        return super().deliver_binary(*args, **kwargs)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        if self.served:
            self.notify("Links are not opened on the server", severity="warning")
            return
        super().open_url(url, new_tab=new_tab)

    def action_suspend_process(self) -> None:
        if not self.served:
            super().action_suspend_process()

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name == self._settings.theme:
            return
        self._settings = Settings(theme=theme.name)
        try:
            save_settings(self._settings)
        except OSError as error:
            self.notify(
                f"Could not remember the theme: {visible(str(error), keep_newlines=False)}",
                severity="warning",
                markup=False,
            )


def _settle_long_lived_objects() -> None:
    """Exempt the story and the screen from future garbage-collector sweeps; collect after.

    A big story is hundreds of thousands of records that live as long as the
    app. Left in the collector's generations, every full collection walks
    them all, a pause of 150 ms or more in the middle of scrolling. Records
    hold no reference cycles, so freezing them leaks nothing: a replaced
    story is still freed by reference counting. There is no full collection
    first: over a big story it took half a second, after the first frame but
    before the first search, to find a few hundred objects of start-up
    garbage. The command line starts the explorer with the collector off;
    it runs from here on.
    """
    gc.freeze()
    gc.enable()


def _help_sections() -> list[tuple[str, list[BindingType]]]:
    from crisis_tui.screens.search import SearchScreen
    from crisis_tui.widgets.actors import ActorsPane
    from crisis_tui.widgets.detail import DetailPanel
    from crisis_tui.widgets.virtual_list import VirtualList

    return [
        ("Main screen", MainScreen.BINDINGS),
        ("In a list", VirtualList.BINDINGS),
        ("Actors pane", ActorsPane.BINDINGS),
        ("Detail panel", DetailPanel.BINDINGS),
        ("Search", SearchScreen.BINDINGS),
        ("Anywhere", CrisisApp.BINDINGS),
    ]


def _help_notes() -> list[HelpTable]:
    from crisis_tui.screens.search import QUERY_SYNTAX

    return [
        ("Search words", QUERY_SYNTAX),
        (
            "Elsewhere",
            (
                (
                    CrisisApp.COMMAND_PALETTE_BINDING,
                    "Command palette: go to any entity by name, change theme",
                ),
                ("mouse", "Click a row to select it, click again to open it"),
            ),
        ),
    ]


def make_app(
    story_path: Path | None = None,
    *,
    service: StoryService | None = None,
    theme: str | None = None,
    served: bool = False,
    when_shown: Callable[[], None] | None = None,
) -> CrisisApp:
    """Build the explorer for a story file (``None``: the bundled story).

    Pass ``service`` when the caller already holds the story (as the command
    line and the server do), so it is not read twice and an index already
    built is used at once; its path is the file ``r`` reloads. Without it the
    file is read here and :class:`StoryError` propagates to the caller.

    ``theme`` names a Textual theme for this run and is remembered like a
    theme picked in the app; unknown names fall back to the remembered or
    default theme. ``served`` makes an app that touches nothing on the
    machine it runs on, for a session of ``crisis-tui serve``. ``when_shown``
    is called once the story's first frame is drawn: work that can wait for
    it (the command line writes the story cache then) starts there.
    """
    chosen = service if service is not None else StoryService.open(story_path)
    return CrisisApp(chosen, theme=theme, served=served, when_shown=when_shown)
