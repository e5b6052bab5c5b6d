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

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen

from crisis_tui.frames import open_overlay
from crisis_tui.history import History
from crisis_tui.loader import LoadedStory
from crisis_tui.model import Entity, Quote, Story
from crisis_tui.model.kinds import kind_of_type
from crisis_tui.text import visible
from crisis_tui.widgets.actors import ActorsPane
from crisis_tui.widgets.detail import DetailPanel
from crisis_tui.widgets.footer import KeysFooter
from crisis_tui.widgets.pane import StoryPane
from crisis_tui.widgets.quotes import QuotesPane
from crisis_tui.widgets.status import SideLegend, StatusLine
from crisis_tui.widgets.story_text import STORY_STYLE_CLASSES, plain_quote_citation
from crisis_tui.widgets.timeline import TimelinePane
from crisis_tui.widgets.view_tabs import ViewTabs
from crisis_tui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from crisis_tui.screens.search import IndexSource

PANES: tuple[type[StoryPane], ...] = (TimelinePane, ActorsPane, QuotesPane)
"""The story panes in order. Their keys (1, 2, 3), titles, tabs and tab order come from here:
a new pane is its widget, a line here and its CSS."""

PANE_NAMES = tuple(pane.label.lower() for pane in PANES)
VIEWS = (*PANE_NAMES, "detail")
"""Everything tab cycles through, in order; ids of the widgets too."""

VIEW_LABELS = (*(pane.label for pane in PANES), DetailPanel.label)

MEDIUM = 100
"""From this many columns the detail shows beside the one visible pane."""

WIDE = 120
"""From this many columns all panes show side by side with the detail."""

_VIEW_KEYS = Binding.Group("Panes", compact=True)

PARTICIPATION = frozenset({"Actors", "Events", "Quotes", "Speaker", "Event"})
"""Link groups a filter reaches through: who took part in what, and who said what.

Reporting, relaying and citing are left out: every quote was relayed by some
outlet, and a filter that reached through them would let everything in.
"""


def _view_bindings() -> list[BindingType]:
    """Keys 1, 2, 3... for the views, numbered as ``VIEWS`` orders them."""
    return [
        Binding(
            str(number),
            f"focus_view('{view}')",
            label,
            tooltip=f"Show and focus the {label}",
            id=f"main.{view}",
            group=_VIEW_KEYS,
        )
        for number, (view, label) in enumerate(zip(VIEWS, VIEW_LABELS, strict=True), start=1)
    ]


# Named tuples, not frozen dataclasses: on Python 3.11 a dataclass compiles its
# methods when its module is imported, and this one is imported before the
# first frame.


class ListPlace(NamedTuple):
    """Where a list was left: the id under its cursor and the first line shown."""

    selected: str | None
    scroll: int


class ViewState(NamedTuple):
    """Where the reader is: enough to put the screen back exactly as it was.

    Entities are kept as ids, so a state survives reloading the story.
    """

    focus: str
    pane: str
    """The pane shown beside the detail when only one fits."""
    shown: str | None
    panes: tuple[ListPlace, ...]
    link: int | None
    detail_scroll: int
    filter: str | None


START = ViewState(
    focus=PANE_NAMES[0],
    pane=PANE_NAMES[0],
    shown=None,
    panes=(ListPlace(None, 0),) * len(PANES),
    link=None,
    detail_scroll=0,
    filter=None,
)


class MainScreen(Screen[None]):
    """The story panes and the detail, with linked highlighting, filter and history."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(STORY_STYLE_CLASSES)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (MEDIUM, "-medium"), (WIDE, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (14, "-tall")]  # noqa: RUF012
    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        *_view_bindings(),
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
            tooltip="Back to where you were before you opened something",
            id="main.back",
        ),
        Binding(
            "right_square_bracket",
            "forward",
            "Forward",
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
            "set_filter",
            "Filter",
            tooltip="Show only what links to the selection",
            id="main.filter",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Unfilter",
            tooltip="Clear the filter and show everything again",
            id="main.unfilter",
        ),
        Binding(
            "f",
            "clear_filter",
            "Unfilter",
            show=False,
            tooltip="Clear the filter and show everything again",
            id="main.unfilter-f",
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
        self._active = PANE_NAMES[0]
        self._shown_pane = PANE_NAMES[0]
        """The pane focused last: the one the detail belongs to, and search can narrow to."""
        self._listed: tuple[Story, Entity | None] | None = None
        self.history: History[ViewState] | None = None
        self._offered: tuple[bool, ...] = ()
        """What the footer was last asked to offer (see :meth:`_refresh_keys`)."""
        self._shown_before = False
        # The breakpoint classes Textual gives the screen once sized, given now:
        # styled without them, every pane shows until the first resize, and the
        # whole screen is styled (and drawn) once more for nothing.
        width, height = self.app.size
        self.add_class(
            _breakpoint(width, self.HORIZONTAL_BREAKPOINTS),
            _breakpoint(height, self.VERTICAL_BREAKPOINTS),
            update=False,
        )

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield ViewTabs(
            [
                (view, f"{number} {label}")
                for number, (view, label) in enumerate(zip(VIEWS, VIEW_LABELS, strict=True), 1)
            ],
            views=_tabbed_views(self.app.size.width),
            id="view-tabs",
        )
        with Horizontal(id="views"):
            for number, widget in enumerate((*(pane() for pane in PANES), DetailPanel()), 1):
                widget.border_title = f"{number} {VIEW_LABELS[number - 1]}"
                # Styled from the start as :meth:`_mark_active` will mark them, so
                # marking the first view restyles nothing.
                widget.set_class(widget.id == self._active, "-active-view", update=False)
                if isinstance(widget, StoryPane):
                    widget.set_class(widget.id == self._shown_pane, "-shown-pane", update=False)
                yield widget
        yield SideLegend(id="legend")
        yield KeysFooter()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown the first time, every widget keeps the styles it was given when mounted.

        Textual styles a whole screen again each time it is shown, in case
        something changed while it was covered. Nothing covered it before its
        first showing, and styling it all twice was a tenth of the first frame.
        Textual calls this handler before the one of its base class, which reads
        ``refresh_styles``.
        """
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        self.query_one(SideLegend).show_sides(self.story)
        self._apply(START)
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

    def panes(self) -> Iterator[StoryPane]:
        return (self.pane(name) for name in PANE_NAMES)

    @property
    def detail(self) -> DetailPanel:
        return self.query_one(DetailPanel)

    def snapshot(self) -> ViewState:
        """The current view, as ids: what back and forward put back."""
        return ViewState(
            focus=self._active,
            pane=self._shown_pane,
            shown=_id(self._current),
            panes=tuple(
                ListPlace(_id(pane.cursor_entity), pane.scroll_position) for pane in self.panes()
            ),
            link=self.detail.link_position,
            detail_scroll=self.detail.scroll_position,
            filter=_id(self._filter),
        )

    def open_entity(self, entity: Entity, *, focus: str = "detail") -> None:
        """Show ``entity`` in the detail, select it in its pane, and record it in history."""
        self._leave()
        pane = self._pane_for(entity)
        with self._quietly():
            if pane is not None and not pane.select(entity) and self._filter is not None:
                self._set_filter(None)
                pane.select(entity)
        self._show(entity)
        self._focus(focus if focus in VIEWS else "detail")
        if self.history is not None:
            self.history.visit(self.snapshot())
        self._refresh_keys()

    def replace_story(self, loaded: LoadedStory) -> None:
        """Swap in a reloaded story, keeping selection, filter and focus where ids still exist."""
        state = self.snapshot()
        self.story = loaded.story
        self.query_one(SideLegend).show_sides(loaded.story)
        self._apply(state)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer (and show in the footer) only the keys that do something now."""
        match action:
            case "set_filter":
                return self._filter is None
            case "clear_filter":
                return self._filter is not None
            case "forward":
                return self.history is not None and self.history.can_go_forward
            case "copy_quote":
                return self._selected_quote() is not None
        return True

    def action_focus_view(self, view: str) -> None:
        self._switch_to(view)

    def action_cycle(self, step: int) -> None:
        self._switch_to(VIEWS[(VIEWS.index(self._active) + step) % len(VIEWS)])

    def action_back(self) -> None:
        self._go(History.back, "Nothing to go back to")

    def action_forward(self) -> None:
        self._go(History.forward, "Nothing to go forward to")

    def action_set_filter(self) -> None:
        if self._current is None:
            self.notify("Select something to filter by", severity="warning", timeout=2)
        else:
            self._set_filter(self._current)

    def action_clear_filter(self) -> None:
        self._set_filter(None)

    def action_copy_quote(self) -> None:
        quote = self._selected_quote()
        if quote is None:
            self.notify("Select a quote to copy", severity="warning", timeout=2)
            return
        self.app.copy_to_clipboard(plain_quote_citation(quote))
        speaker = visible(quote.speaker.name, keep_newlines=False)
        self.notify(f"Copied the quote by {speaker}", markup=False, timeout=3)

    async def action_search(self) -> None:
        from crisis_tui.screens.search import SearchScreen  # not needed for the first frame

        pane = self.pane(self._shown_pane)
        search = SearchScreen(self._index_source, kind_of_type(pane.holds_type))
        await open_overlay(self.app, search, self._open_found)

    # ----------------------------------------------------------------- messages

    @on(VirtualList.EntityHighlighted, ".story-pane")
    def _cursor_moved(self, message: VirtualList.EntityHighlighted) -> None:
        """The reader moved a pane's cursor: its entity goes to the detail.

        Moves this screen makes itself are sent under :meth:`_quietly`, so
        every message that arrives here is the reader's.
        """
        if message.control.id == self._active:
            self._show(message.entity)
            self._refresh_keys()

    @on(VirtualList.EntityHighlighted, "#detail")
    def _link_moved(self) -> None:
        """The detail's cursor may have reached a quote, which ``y`` copies."""
        self._refresh_keys()

    @on(VirtualList.EntityChosen)
    def _chosen(self, message: VirtualList.EntityChosen) -> None:
        """Enter on a pane's row or on a link in the detail: open it."""
        self.open_entity(message.entity)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        view = event.widget.id
        if view in VIEWS and view != self._active:
            self._switch_to(view)

    @on(ViewTabs.Chosen)
    def _tab_chosen(self, event: ViewTabs.Chosen) -> None:
        self._switch_to(event.view)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(ViewTabs).views = _tabbed_views(event.size.width)

    # ---------------------------------------------------------------- internals

    def _refresh_keys(self) -> None:
        """Have the footer offer the keys that apply, when that changed.

        Textual answers a refresh by asking every binding of the focus chain
        again, which costs more than a cursor move: only a change in what
        ``check_action`` answers asks for one.
        """
        offered = (
            self._filter is None,
            self.history is not None and self.history.can_go_forward,
            self._selected_quote() is not None,
        )
        if offered != self._offered:
            self._offered = offered
            self.refresh_bindings()

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Move cursors without their messages coming back as the reader's moves."""
        with self.prevent(VirtualList.EntityHighlighted):
            yield

    def _leave(self) -> None:
        """Record where the reader is before going elsewhere, cursor and scroll included."""
        if self.history is not None:
            self.history.replace(self.snapshot())

    def _go(self, step: Callable[[History[ViewState]], ViewState | None], nothing: str) -> None:
        """Back or forward: remember this place, then put the screen into the one stepped to."""
        history = self.history
        if history is None:
            return
        self._leave()
        state = step(history)
        if state is None:
            self.notify(nothing, severity="warning", timeout=2)
        else:
            self._apply(state)
        self._refresh_keys()

    def _open_found(self, entity: Entity | None) -> None:
        if entity is not None:
            self.open_entity(entity)

    def _apply(self, state: ViewState) -> None:
        """Put the screen into ``state``: filter, each pane's cursor and scroll, detail, focus."""
        story = self.story
        self._filter = story.get(state.filter) if state.filter else None
        selected = [story.get(place.selected) if place.selected else None for place in state.panes]
        with self._quietly():
            if self._listed != (story, self._filter):
                self._list_panes(keep=selected)
            else:
                for pane, entity in zip(self.panes(), selected, strict=True):
                    if entity is None or not pane.select(entity):
                        pane.action_first()
            for pane, place in zip(self.panes(), state.panes, strict=True):
                pane.scroll_back_to(place.scroll)
        shown = story.get(state.shown) if state.shown else None
        if shown is None and state.focus in PANE_NAMES:
            shown = self.pane(state.focus).cursor_entity
        self._show(shown, link=state.link, scroll=state.detail_scroll)
        if state.pane in PANE_NAMES:
            self._mark_active(state.pane)
        self._focus(state.focus)

    def _list_panes(self, keep: list[Entity | None]) -> None:
        with self._quietly():
            for pane, entity in zip(self.panes(), keep, strict=True):
                pane.show_story(self.story, only=self._only_for(pane), keep=entity)
        self._listed = (self.story, self._filter)
        self.query_one(StatusLine).update_status(self.story, self._filter)
        self._refresh_keys()

    def _set_filter(self, entity: Entity | None) -> None:
        self._filter = entity
        self._list_panes(keep=[pane.cursor_entity for pane in self.panes()])
        self._show(self._current, link=self.detail.link_position)

    def _only_for(self, pane: StoryPane) -> Collection[Entity] | None:
        """What the filter lets into ``pane``: everything linked to the filter entity.

        The filter entity's own pane stays whole, so the reader can still see
        where it sits among its peers. A pane with nothing linked directly
        reaches one step further, through who took part in what: a place's
        events bring their actors and quotes, a side's actors their events.
        """
        if self._filter is None or pane.holds(self._filter):
            return None
        linked = self._related(self._filter)
        direct = {entity for entity in linked if pane.holds(entity)}
        if direct:
            return direct
        return {
            entity
            for near in linked
            for group in self.story.related(near)
            if group.label in PARTICIPATION
            for entity in group.entities
            if pane.holds(entity)
        }

    def _related(self, entity: Entity) -> set[Entity]:
        return {member for group in self.story.related(entity) for member in group.entities}

    def _show(self, entity: Entity | None, *, link: int | None = None, scroll: int = 0) -> None:
        """Show ``entity`` in the detail and mark what links to it in the other panes."""
        self._current = entity
        self.detail.show(self.story, entity, link=link, scroll=scroll)
        related = self._related(entity) if entity is not None else set()
        for pane in self.panes():
            if entity is None or pane.holds(entity):
                pane.set_marks(frozenset())
            else:
                pane.set_marks({member for member in related if pane.holds(member)})

    def _switch_to(self, view: str) -> None:
        """Focus a view at the reader's request; a pane brings its selection to the detail."""
        self._focus(view)
        if view in PANE_NAMES:
            entity = self.pane(view).cursor_entity
            if entity is not self._current:
                self._show(entity)
        self._refresh_keys()

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
        if view in PANE_NAMES:
            self._shown_pane = view
            for pane in self.panes():
                pane.set_class(pane.id == view, "-shown-pane")
        self.query_one(ViewTabs).active = view

    def _pane_for(self, entity: Entity) -> StoryPane | None:
        return next((pane for pane in self.panes() if pane.holds(entity)), None)

    def _selected_quote(self) -> Quote | None:
        """The quote under the detail's cursor when there, else the shown entity if a quote."""
        if self._active == "detail" and isinstance(self.detail.cursor_entity, Quote):
            return self.detail.cursor_entity
        return self._current if isinstance(self._current, Quote) else None


def _tabbed_views(width: int) -> tuple[str, ...]:
    """The views the tabs offer: from medium widths the detail always shows, so has none."""
    return (
        VIEWS if _breakpoint(width, MainScreen.HORIZONTAL_BREAKPOINTS) == "-narrow" else PANE_NAMES
    )


def _breakpoint(size: int, breakpoints: list[tuple[int, str]]) -> str:
    """The class of the widest breakpoint ``size`` reaches (breakpoints start at 0)."""
    return max((start, name) for start, name in breakpoints if size >= start)[1]


def _id(entity: Entity | None) -> str | None:
    return None if entity is None else entity.id
