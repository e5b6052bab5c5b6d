"""The search overlay: the story's best matches for what is typed, as it is typed.

The main screen builds the story's :class:`SearchIndex` in a worker and
says, through a signal, when it changed. Each keystroke
asks the index in a thread worker of one exclusive group, so the input never
waits on a search; a newer keystroke cancels the older search, and whatever
an outdated search still answers is dropped, so the list only ever shows the
answer to what is typed now.

Rows are built from each hit's own text and match spans as :class:`Content`:
story text is data, never markup, and the matched words take the
``search--match`` style from the stylesheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Protocol

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content, Span
from textual.screen import ModalScreen
from textual.signal import Signal
from textual.style import Style
from textual.widgets import Input, Label
from textual.worker import get_current_worker

from crisis_tui.model import SEARCHABLE_KINDS, Actor, Entity, Kind, Quote, kind_of
from crisis_tui.search import Hit, QueryProblem, SearchIndex
from crisis_tui.search.highlight import window
from crisis_tui.text import visible_in_place
from crisis_tui.widgets.story_text import (
    LABEL,
    MUTED,
    STORY_STYLE_CLASSES,
    TITLE,
    quote_marks,
    quote_style,
    side_marker,
    side_style,
    text,
)
from crisis_tui.widgets.virtual_list import ListRow, VirtualList

Spans = Sequence[tuple[int, int]]
"""Half-open character ranges, as a search hit gives them."""

RESULT_LIMIT = 50
"""Hits asked for per query: a few pages of the list; the best come first anyway."""

MATCH = ".search--match"
"""The style of matched words, from the stylesheet."""

KIND_WIDTH = max(len(kind.label) for kind in SEARCHABLE_KINDS) + 1
"""The kind column: the longest label ("Source") and a space."""

LEAD = 16
"""Characters of context kept before a match when the start of a text is cut."""

SYNTAX_HINT = '"a phrase"  \'exact  !not  by:who  kind:quote  side:  medium:  date:'
"""Shown while nothing is typed; the help screen explains each."""

QUERY_SYNTAX = (
    ("guaido maudro", "Every word, with typos and missing accents forgiven"),
    ("usurp guaido", "Words in any order; each may be unfinished"),
    ("twitter, said", "Everyday words find tweets, quotes, speeches, events…"),
    ('"a phrase"', "These words together, in this order"),
    ("'word", "This word exactly: no typo tolerance"),
    ("!word", "Leave out whatever holds this word"),
    ("by:name", "Said or done by that actor: their quotes and events"),
    ("kind:quote", "Only quotes (or actors, events, places, sources)"),
    ("side:ID", "Only what is on this side (its id, or the start of it)"),
    ("medium:tweet", "Only quotes said this way"),
    ("date:2019-04", "Only what is dated in this year, month or day"),
)
"""What a query may hold, for the help screen."""


CHARACTERS_PER_CELL = 4
"""Characters of story text kept per cell of room: a line never shows more than
this, combining marks included, so a text of megabytes costs what a line costs."""


def highlighted(
    value: str,
    spans: Spans,
    style: str = "",
    match: str | Style = MATCH,
    *,
    room: int | None = None,
) -> Content:
    """Story text on one line in ``style``, with the matched spans in ``match``.

    The text is made visible character for character, so the spans still
    fall on the words they matched; nothing is parsed as markup. All spans
    are laid on in one pass. Given the ``room`` (cells) it is shown in, only
    the start of a longer text is made visible and styled.
    """
    if room is not None:
        value, spans = window(value, spans, 0, max(room, 0) * CHARACTERS_PER_CELL)
    shown = visible_in_place(value)
    laid = [Span(0, len(shown), style)] if style and shown else []
    laid += (Span(start, end, match) for start, end in spans if start < end)
    return Content(shown, laid, strip_control_codes=False)


def around_first_match(
    value: str, spans: Spans, room: int, style: str = "", match: str | Style = MATCH
) -> Content:
    """``value`` highlighted, cut at the front if its first match would not show within
    ``room`` cells.

    A long summary often matches far from its start. The cut, marked with an
    ellipsis and made at a word, takes no more than it must to show the
    rest of the text, and keeps at least a few words before the match. Only
    what can show around the first match is made into content.
    """
    if not spans or room <= 0:
        return highlighted(value, spans, style, match, room=room)
    first_start, first_end = spans[0]
    reach = room * CHARACTERS_PER_CELL
    front = max(0, first_start - reach - LEAD)
    value, spans = window(value, spans, front, first_end + reach)
    content = highlighted(value, spans, style, match)
    if not front and content[: spans[0][1]].cell_length <= room:
        return content
    start = spans[0][0]
    rest_fits = content.cell_length - room + 1
    cut = max(0, min(start - min(LEAD, room // 3), rest_fits))
    plain = content.plain
    space = plain.find(" ", cut, start)
    if space >= 0:
        cut = space + 1
    while cut < start and plain[cut] in " ·":
        cut += 1  # not "…· Maduro-camp": the ellipsis stands for the separator too
    return Content.assemble("…", content[cut:])


def hit_line(hit: Hit, width: int) -> Content:
    """One result in ``width`` cells: its kind, who or what it is, and its text.

    A quote is shown with its speaker's side and its own quotation marks; the
    text is cut to show where it matched.
    """
    entity = hit.entity
    kind = text(kind_of(entity).label.ljust(KIND_WIDTH), LABEL)
    marker = Content("  ")
    title_style = TITLE
    if isinstance(entity, Quote):
        marker = Content.assemble(side_marker(entity.speaker.side), " ")
        title_style = side_style(entity.speaker.side)
    elif isinstance(entity, Actor):
        marker = Content.assemble(side_marker(entity.side), " ")
    title = highlighted(hit.title, hit.title_spans, title_style, room=width)
    if not hit.text:
        return Content.assemble(kind, marker, title)
    room = width - kind.cell_length - marker.cell_length
    if hit.spans and not hit.title_spans and title.cell_length > room // 2:
        title = title.truncate(room // 2, ellipsis=True)  # leave room to show the match
    room -= title.cell_length + 2
    if isinstance(entity, Quote):
        opening, closing = quote_marks(entity)
        words = around_first_match(hit.text, hit.spans, room - len(opening) - len(closing))
        if opening.endswith("…") and words.plain.startswith("…"):
            opening = opening[:-1]  # a fragment cut further still needs one ellipsis
        body = Content.assemble(opening, words, closing).stylize_before(quote_style(entity))
    else:
        body = around_first_match(hit.text, hit.spans, room, MUTED)
    return Content.assemble(kind, marker, title, "  ", body)


class IndexSource(Protocol):
    """Where the overlay gets the story's index: the app, which owns it."""

    @property
    def search_index(self) -> SearchIndex | None:
        """The index, or None while it is being built."""

    @property
    def search_index_changed(self) -> Signal[SearchIndex | None]:
        """Published with each new index, and with None when the story changed."""


class SearchResults(VirtualList):
    """The hits, best first, one line each, drawn from the hits' own match spans."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(empty_message="", id=id)
        self._hits: dict[Entity, Hit] = {}

    def show_hits(self, hits: Sequence[Hit]) -> None:
        """List ``hits`` with the cursor on the best."""
        self._hits = {hit.entity: hit for hit in hits}
        self.set_rows([ListRow.item(hit.entity) for hit in hits])

    def render_item(self, entity: Entity, width: int) -> Sequence[Content]:
        return [hit_line(self._hits[entity], width)]


class SearchScreen(ModalScreen[Entity | None]):
    """Type to search; enter opens the highlighted hit; tab narrows to one pane and back."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {*STORY_STYLE_CLASSES, MATCH[1:]}
    AUTO_FOCUS = "#search-input"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+g", "close", "Close", tooltip="Close the search", id="search.close"),
        Binding(
            "tab",
            "toggle_scope",
            "Scope",
            tooltip="Search only the pane you came from, or everything again",
            id="search.scope",
        ),
        Binding(
            "down",
            "move('cursor_down')",
            "Next match",
            show=False,
            tooltip="Next match",
            id="search.down",
        ),
        Binding(
            "up",
            "move('cursor_up')",
            "Previous match",
            show=False,
            tooltip="Previous match",
            id="search.up",
        ),
        Binding(
            "pagedown",
            "move('page_down')",
            "Page down",
            show=False,
            tooltip="Matches one page down",
            id="search.page-down",
        ),
        Binding(
            "pageup",
            "move('page_up')",
            "Page up",
            show=False,
            tooltip="Matches one page up",
            id="search.page-up",
        ),
    ]

    def __init__(self, source: IndexSource, pane_kind: Kind) -> None:
        """Search the index ``source`` holds; ``pane_kind`` is the narrower scope that
        tab switches to."""
        super().__init__()
        self._source = source
        self._index: SearchIndex | None = None
        self._pane_kind = pane_kind
        self._everything = True
        self._asked = 0
        """Numbers each search; an answer is shown only if it is to the latest."""
        self._answered = 0
        self._open_when_answered = False

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Label(id="search-title")
            query = Input(
                placeholder="words to find; typos and missing accents are fine",
                id="search-input",
            )
            query.cursor_blink = False  # steady from the start: see open_overlay
            yield query
            yield Label(id="search-status")
            yield SearchResults(id="search-results")
            yield Label(id="search-hint")

    def on_mount(self) -> None:
        """Subscribe, then read the index: one finished meanwhile is not missed."""
        self._source.search_index_changed.subscribe(self, self._use_index)
        self._index = self._source.search_index
        self._show_scope()
        self._ask()

    @property
    def results(self) -> SearchResults:
        return self.query_one(SearchResults)

    @property
    def answered(self) -> bool:
        """Does the list show the answer to what is typed now, in the scope shown now?"""
        return self._answered == self._asked

    @property
    def scope(self) -> str:
        """What is searched: "everything", or the pane's noun, e.g. "quotes"."""
        return "everything" if self._everything else self._pane_kind.plural

    # ------------------------------------------------------------------ actions

    def action_toggle_scope(self) -> None:
        self._everything = not self._everything
        self._show_scope()
        self._ask()

    def action_move(self, action: str) -> None:
        """Move through the matches while typing continues in the input."""
        results = self.results
        moves = {
            "cursor_down": results.action_cursor_down,
            "cursor_up": results.action_cursor_up,
            "page_down": results.action_page_down,
            "page_up": results.action_page_up,
        }
        moves[action]()

    def action_close(self) -> None:
        self.dismiss(None)

    # ----------------------------------------------------------------- messages

    def on_key(self, event: events.Key) -> None:
        """Type into the search whatever text reaches the screen itself.

        Keys typed straight after "/" come here, as the input has no focus
        until the screen is composed; so do letters typed while the list has
        the focus. Keys typed into the input never do: it takes them.
        """
        if event.is_printable and event.character is not None:
            event.stop()
            self.query_one(Input).insert_text_at_cursor(event.character)

    def on_input_changed(self) -> None:
        self._ask()

    def on_input_submitted(self) -> None:
        """Open the highlighted hit; if the list is behind the typing, the next answer's best."""
        if self.answered:
            self._open(self.results.cursor_entity)
        else:
            self._open_when_answered = True

    def on_virtual_list_entity_chosen(self, message: VirtualList.EntityChosen) -> None:
        self._open(message.entity)

    # ---------------------------------------------------------------- searching

    def _use_index(self, index: SearchIndex | None) -> None:
        """The story was (re)indexed: answer again, from the new index."""
        self._index = index
        self._ask()

    def _ask(self) -> None:
        """Search for what is typed now, in scope; any answer still coming is outdated."""
        self._asked += 1
        query = self.query_one(Input).value
        if self._index is None:
            self._show([], "indexing…")  # not an answer: the index will give one
        elif not query.strip():
            self._answered = self._asked
            self._show([], SYNTAX_HINT)
        else:
            kinds = None if self._everything else (self._pane_kind.singular,)
            self._search(self._index, query, kinds, self._asked)

    @work(thread=True, exclusive=True, group="search")
    def _search(
        self, index: SearchIndex, query: str, kinds: tuple[str, ...] | None, asked: int
    ) -> None:
        problems = index.problems(query)
        hits = [] if problems else index.search(query, limit=RESULT_LIMIT, kinds=kinds)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._answer, asked, hits, problems)

    def _answer(self, asked: int, hits: list[Hit], problems: Sequence[QueryProblem]) -> None:
        if asked != self._asked or not self.is_attached:
            return  # typed on, or closed, since this search started
        if problems:
            status = "; ".join(str(problem) for problem in problems)
        elif not hits:
            status = "no matches (every word must match, give or take a typo)"
        elif len(hits) >= RESULT_LIMIT:
            status = f"the {len(hits)} best matches"
        else:
            status = f"{len(hits)} {'match' if len(hits) == 1 else 'matches'}"
        self._answered = asked
        self._show(hits, status, problem=bool(problems))
        if self._open_when_answered:
            self._open_when_answered = False
            self._open(self.results.cursor_entity)

    def _show(self, hits: Sequence[Hit], status: str, *, problem: bool = False) -> None:
        """List ``hits`` and say ``status``; a ``problem`` with the query is said in full."""
        self.results.show_hits(hits)
        label = self.query_one("#search-status", Label)
        label.set_class(problem, "-problem")
        label.update(text(status, "" if problem else MUTED))

    def _show_scope(self) -> None:
        self.query_one("#search-title", Label).update(text(f"Search {self.scope}", TITLE))
        other = f"only {self._pane_kind.plural}" if self._everything else "everything"
        hint = f"enter open · ↑↓ choose · tab {other} · esc close"
        self.query_one("#search-hint", Label).update(text(hint, MUTED))

    def _open(self, entity: Entity | None) -> None:
        if entity is not None:
            self.dismiss(entity)
