"""The explorer's main screen: three panes, the detail panel, and the navigation between them.

Widgets report what the reader did (a cursor moved, a row was opened, a link
followed) and this screen decides what follows: what the detail shows, which
rows are marked, what the filter lets through, and what history records.

History records a :class:`ViewState` per opened entity, as ids rather than
records, so it survives reloading the story from disk.

The story's search index belongs to the app's story service; this screen
hands the app's index source to the search overlay.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Tab, Tabs

from crisis_tui.history import History
from crisis_tui.loader import LoadedStory
from crisis_tui.model import Entity, Quote, Story
from crisis_tui.model.kinds import kind_of_type
from crisis_tui.screens.search import IndexSource, SearchScreen
from crisis_tui.text import visible
from crisis_tui.widgets.actors import ActorsPane
from crisis_tui.widgets.detail import DetailPanel
from crisis_tui.widgets.pane import StoryPane
from crisis_tui.widgets.quotes import QuotesPane
from crisis_tui.widgets.status import SideLegend, StatusLine
from crisis_tui.widgets.story_text import STORY_STYLE_CLASSES, plain_quote_citation
from crisis_tui.widgets.timeline import TimelinePane
from crisis_tui.widgets.virtual_list import VirtualList

PANES = ("timeline", "actors", "quotes")
VIEWS = (*PANES, "detail")
"""Everything tab cycles through, in order; ids of the widgets too."""

VIEW_TITLES = ("1 Timeline", "2 Actors", "3 Quotes", "4 Detail")

MEDIUM = 100
"""From this many columns the detail shows beside the one visible pane."""

WIDE = 120
"""From this many columns all panes show side by side with the detail."""

_VIEW_KEYS = Binding.Group("Panes", compact=True)


@dataclass(frozen=True, slots=True)
class ViewState:
    """Where the reader is: enough to put the screen back exactly as it was."""

    focus: str
    shown: str | None
    selected: tuple[str | None, ...]
    link: int | None
    filter: str | None


class ViewTabs(Tabs, can_focus=False):
    """The pane switcher shown at narrow widths; keys 1-4 do the same."""


class MainScreen(Screen[None]):
    """Timeline, Actors, Quotes and Detail, with linked highlighting, filter and history."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(STORY_STYLE_CLASSES)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (MEDIUM, "-medium"), (WIDE, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (14, "-tall")]  # noqa: RUF012
    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1",
            "focus_view('timeline')",
            "Timeline",
            tooltip="Show and focus the Timeline",
            id="main.timeline",
            group=_VIEW_KEYS,
        ),
        Binding(
            "2",
            "focus_view('actors')",
            "Actors",
            tooltip="Show and focus the Actors",
            id="main.actors",
            group=_VIEW_KEYS,
        ),
        Binding(
            "3",
            "focus_view('quotes')",
            "Quotes",
            tooltip="Show and focus the Quotes",
            id="main.quotes",
            group=_VIEW_KEYS,
        ),
        Binding(
            "4",
            "focus_view('detail')",
            "Detail",
            tooltip="Show and focus the detail panel",
            id="main.detail",
            group=_VIEW_KEYS,
        ),
        Binding(
            "tab",
            "cycle(1)",
            "Next pane",
            show=False,
            tooltip="Go to the next pane (and the detail)",
            id="main.next",
        ),
        Binding(
            "shift+tab",
            "cycle(-1)",
            "Previous pane",
            show=False,
            tooltip="Go to the previous pane",
            id="main.previous",
        ),
        Binding(
            "backspace,left_square_bracket",
            "back",
            "Back",
            tooltip="Back to what you opened before",
            id="main.back",
        ),
        Binding(
            "right_square_bracket",
            "forward",
            "Forward",
            show=False,
            tooltip="Forward again after going back",
            id="main.forward",
        ),
        Binding(
            "slash",
            "search",
            "Search",
            tooltip="Search the whole story; tab in the search narrows it to this pane",
            id="main.search",
            # Open the search as the key arrives, so the keys typed after it go there.
            priority=True,
        ),
        Binding(
            "f",
            "toggle_filter",
            "Filter",
            tooltip="Show only what links to the selection; again to undo",
            id="main.filter",
        ),
        Binding(
            "y",
            "copy_quote",
            "Copy",
            tooltip="Copy the selected quote with its attribution",
            id="main.copy",
        ),
        Binding(
            "r",
            "app.reload",
            "Reload",
            show=False,
            tooltip="Reload the story file, keeping the selection",
            id="main.reload",
        ),
    ]

    def __init__(self, loaded: LoadedStory, index_source: IndexSource) -> None:
        super().__init__()
        self.story = loaded.story
        self._index_source = index_source
        self._current: Entity | None = None
        self._filter: Entity | None = None
        self._active = "timeline"
        self._shown_pane = "timeline"
        """The pane focused last: the one the detail belongs to, and search can narrow to."""
        self._listed: tuple[Story, Entity | None] | None = None
        self.history: History[ViewState] | None = None

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield ViewTabs(
            *(Tab(title, id=f"tab-{view}") for view, title in zip(VIEWS, VIEW_TITLES, strict=True)),
            id="view-tabs",
        )
        with Horizontal(id="views"):
            yield TimelinePane(id="timeline")
            yield ActorsPane(id="actors")
            yield QuotesPane(id="quotes")
            yield DetailPanel(id="detail")
        yield SideLegend(id="legend")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(SideLegend).show_sides(self.story)
        self._apply(ViewState("timeline", None, (None,) * len(PANES), None, None))
        self.history = History(self.snapshot())

    # ---------------------------------------------------------- public methods

    @property
    def current(self) -> Entity | None:
        """The selected entity: the one the detail panel shows."""
        return self._current

    @property
    def filter_entity(self) -> Entity | None:
        return self._filter

    @property
    def active_view(self) -> str:
        """Which of ``VIEWS`` has (or is about to have) the focus."""
        return self._active

    def pane(self, name: str) -> StoryPane:
        return self.query_one(f"#{name}", StoryPane)

    @property
    def detail(self) -> DetailPanel:
        return self.query_one(DetailPanel)

    def snapshot(self) -> ViewState:
        """The current view, as ids."""
        return ViewState(
            focus=self._active,
            shown=_id(self._current),
            selected=tuple(_id(self.pane(name).cursor_entity) for name in PANES),
            link=self.detail.link_position,
            filter=_id(self._filter),
        )

    def open_entity(self, entity: Entity, *, focus: str = "detail") -> None:
        """Show ``entity`` in the detail, select it in its pane, and record it in history."""
        pane = self._pane_for(entity)
        if pane is not None and not pane.select(entity) and self._filter is not None:
            self._set_filter(None)
            pane.select(entity)
        self._show(entity)
        self._focus(focus if focus in VIEWS else "detail")
        if self.history is not None:
            self.history.visit(self.snapshot())

    def replace_story(self, loaded: LoadedStory) -> None:
        """Swap in a reloaded story, keeping selection, filter and focus where ids still exist."""
        state = self.snapshot()
        self.story = loaded.story
        self.query_one(SideLegend).show_sides(loaded.story)
        self._apply(state)

    # ------------------------------------------------------------------ actions

    def action_focus_view(self, view: str) -> None:
        self._switch_to(view)

    def action_cycle(self, step: int) -> None:
        self._switch_to(VIEWS[(VIEWS.index(self._active) + step) % len(VIEWS)])

    def action_back(self) -> None:
        state = self.history.back() if self.history is not None else None
        if state is None:
            self.notify("Nothing to go back to", severity="warning", timeout=2)
        else:
            self._apply(state)

    def action_forward(self) -> None:
        state = self.history.forward() if self.history is not None else None
        if state is None:
            self.notify("Nothing to go forward to", severity="warning", timeout=2)
        else:
            self._apply(state)

    def action_toggle_filter(self) -> None:
        if self._filter is not None:
            self._set_filter(None)
        elif self._current is None:
            self.notify("Select something to filter by", severity="warning", timeout=2)
        else:
            self._set_filter(self._current)

    def action_copy_quote(self) -> None:
        quote = self._selected_quote()
        if quote is None:
            self.notify("Select a quote to copy", severity="warning", timeout=2)
            return
        self.app.copy_to_clipboard(plain_quote_citation(quote))
        speaker = visible(quote.speaker.name, keep_newlines=False)
        self.notify(f"Copied the quote by {speaker}", markup=False, timeout=3)

    def action_search(self) -> None:
        pane = self.pane(self._shown_pane)
        search = SearchScreen(self._index_source, kind_of_type(pane.holds_type))
        self.app.push_screen(search, self._open_found)

    # ----------------------------------------------------------------- messages

    def on_virtual_list_entity_highlighted(self, message: VirtualList.EntityHighlighted) -> None:
        pane = message.control
        is_active = isinstance(pane, StoryPane) and pane.id == self._active
        if is_active and pane.cursor_entity is not self._current:
            self._show(pane.cursor_entity)

    def on_virtual_list_entity_chosen(self, message: VirtualList.EntityChosen) -> None:
        if isinstance(message.control, StoryPane):
            self.open_entity(message.entity)

    def on_detail_panel_link_followed(self, message: DetailPanel.LinkFollowed) -> None:
        self.open_entity(message.entity)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        view = event.widget.id
        if view in VIEWS and view != self._active:
            self._switch_to(view)

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        """A click on a tab; tabs this screen activated itself are already current."""
        if event.tab.id != event.tabs.active:
            return  # stale: the keys moved on before this message arrived
        view = (event.tab.id or "").removeprefix("tab-")
        if view in VIEWS and view != self._active:
            self._switch_to(view)

    # ---------------------------------------------------------------- internals

    def _open_found(self, entity: Entity | None) -> None:
        if entity is not None:
            self.open_entity(entity)

    def _apply(self, state: ViewState) -> None:
        """Put the screen into ``state``: filter, pane selections, detail, focus."""
        story = self.story
        self._filter = story.get(state.filter) if state.filter else None
        selected = [story.get(entity_id) if entity_id else None for entity_id in state.selected]
        if self._listed != (story, self._filter):
            self._list_panes(keep=selected)
        else:
            for name, entity in zip(PANES, selected, strict=True):
                pane = self.pane(name)
                if entity is not None:
                    pane.select(entity)
                else:
                    pane.action_first()
        shown = story.get(state.shown) if state.shown else None
        if shown is None and state.focus in PANES:
            shown = self.pane(state.focus).cursor_entity
        self._show(shown, link=state.link)
        self._focus(state.focus)

    def _list_panes(self, keep: list[Entity | None]) -> None:
        for name, entity in zip(PANES, keep, strict=True):
            pane = self.pane(name)
            pane.show_story(self.story, only=self._only_for(pane), keep=entity)
        self._listed = (self.story, self._filter)
        self.query_one(StatusLine).update_status(self.story, self._filter)

    def _set_filter(self, entity: Entity | None) -> None:
        self._filter = entity
        self._list_panes(keep=[self.pane(name).cursor_entity for name in PANES])
        self._show(self._current, link=self.detail.link_position)

    def _only_for(self, pane: StoryPane) -> Collection[Entity] | None:
        """What the filter lets into ``pane``: everything linked to the filter entity.

        The filter entity's own pane stays whole, so the reader can still see
        where it sits among its peers.
        """
        if self._filter is None or pane.holds(self._filter):
            return None
        return {entity for entity in self._related(self._filter) if pane.holds(entity)}

    def _related(self, entity: Entity) -> set[Entity]:
        return {member for group in self.story.related(entity) for member in group.entities}

    def _show(self, entity: Entity | None, *, link: int | None = None) -> None:
        """Show ``entity`` in the detail and mark what links to it in the other panes."""
        self._current = entity
        self.detail.show(self.story, entity, link=link)
        related = self._related(entity) if entity is not None else set()
        for name in PANES:
            pane = self.pane(name)
            if entity is None or pane.holds(entity):
                pane.set_marks(frozenset())
            else:
                pane.set_marks({member for member in related if pane.holds(member)})

    def _switch_to(self, view: str) -> None:
        """Focus a view at the reader's request; a pane brings its selection to the detail."""
        self._focus(view)
        if view in PANES:
            entity = self.pane(view).cursor_entity
            if entity is not self._current:
                self._show(entity)

    def _focus(self, view: str) -> None:
        """Focus a view now: keys typed right after (``3 j j``) must already go there."""
        self._mark_active(view)
        self.set_focus(self.query_one(f"#{view}", VirtualList))

    def _mark_active(self, view: str) -> None:
        """Record the focused view; the stylesheet shows or hides views by these classes.

        ``-active-view`` is the focused view (the only one shown when narrow);
        ``-shown-pane`` is the pane last focused, which stays beside the
        detail at medium widths while the detail has the focus.
        """
        self._active = view
        for name in VIEWS:
            self.query_one(f"#{name}").set_class(name == view, "-active-view")
        if view in PANES:
            self._shown_pane = view
            for name in PANES:
                self.pane(name).set_class(name == view, "-shown-pane")
        self.query_one(ViewTabs).active = f"tab-{view}"

    def _pane_for(self, entity: Entity) -> StoryPane | None:
        for name in PANES:
            pane = self.pane(name)
            if pane.holds(entity):
                return pane
        return None

    def _selected_quote(self) -> Quote | None:
        """The quote under the detail's cursor when there, else the shown entity if a quote."""
        if self._active == "detail" and isinstance(self.detail.cursor_entity, Quote):
            return self.detail.cursor_entity
        return self._current if isinstance(self._current, Quote) else None


def _id(entity: Entity | None) -> str | None:
    return None if entity is None else entity.id
