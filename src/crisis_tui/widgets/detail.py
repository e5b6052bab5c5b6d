"""The detail panel: the selected entity's card, then every link, grouped and counted.

The card's fields are plain lines the cursor skips; each link is a row the
cursor lands on, so following a link is just moving down and pressing enter.
Because the card wraps to the panel's width, rows are rebuilt on resize, and
positions in history are kept as "the n-th link", which survives rewrapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message

from crisis_tui.model import Actor, Citation, Entity, Event, Link, Place, Quote, Side, Source, Story
from crisis_tui.model.kinds import kind_of
from crisis_tui.widgets.story_text import (
    LABEL,
    MUTED,
    TITLE,
    event_when,
    medium_of,
    paragraph,
    quote_content,
    side_badge,
    side_style,
    text,
)
from crisis_tui.widgets.virtual_list import ListRow, VirtualList

LABEL_WIDTH = 11
"""Room for the longest field label ("Relayed by") and a space."""

_QUOTE_KINDS = {
    "verbatim": "Quote · verbatim",
    "fragment": "Quote · fragment of a longer sentence",
    "paraphrase": "Paraphrase · reported speech, not the speaker's words",
}

Field = tuple[str, Content]


class DetailPanel(VirtualList):
    """Shows one entity: its fields, then its links as selectable rows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "choose", "Follow", tooltip="Follow the selected link", id="detail.follow"
        ),
    ]

    class LinkFollowed(Message):
        """The reader chose a link: the screen should open its target."""

        def __init__(self, panel: DetailPanel, entity: Entity) -> None:
            super().__init__()
            self.panel = panel
            self.entity = entity

        @property
        def control(self) -> DetailPanel:
            return self.panel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(empty_message="Select something to see its card", id=id)
        self.border_title = "4 Detail"
        self._story: Story | None = None
        self._shown: Entity | None = None
        self._width = 0

    @property
    def shown(self) -> Entity | None:
        """The entity whose card is on display."""
        return self._shown

    @property
    def link_position(self) -> int | None:
        """Which link the cursor is on, counted from 0, or None."""
        if self.cursor is None:
            return None
        return sum(1 for row in self.rows[: self.cursor] if row.entity is not None)

    def show(self, story: Story, entity: Entity | None, *, link: int | None = None) -> None:
        """Show ``entity``'s card with the cursor on its ``link``-th link (else the first)."""
        self._story, self._shown = story, entity
        self.border_subtitle = kind_of(entity).singular if entity is not None else ""
        self._rebuild(link)
        self.scroll_to(y=0, animate=False, immediate=True)
        if link is not None:
            self._reveal(self.cursor)

    def select_link(self, position: int) -> None:
        """Put the cursor on the ``position``-th link, if there is one."""
        seen = 0
        for index, row in enumerate(self.rows):
            if row.entity is not None:
                if seen == position:
                    self.select_row(index)
                    return
                seen += 1

    def action_choose(self) -> None:
        entity = self.cursor_entity
        if entity is not None:
            self.post_message(self.LinkFollowed(self, entity))

    def resized(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self._rebuild(self.link_position)

    def _rebuild(self, link: int | None) -> None:
        self._width = self.scrollable_content_region.width
        if self._story is None or self._shown is None:
            self.set_rows(())
            return
        self.set_rows(card_rows(self._story, self._shown, max(self._width - 1, 20)))
        if link is not None:
            self.select_link(link)


def card_rows(story: Story, entity: Entity, width: int) -> list[ListRow]:
    """The card's lines, wrapped to ``width``, followed by the link groups."""
    title = quote_content(entity) if isinstance(entity, Quote) else text(_name(entity), TITLE)
    rows = [ListRow.line(line) for line in title.wrap(width)]
    rows.append(ListRow.line(text(_kind_line(entity), MUTED)))
    rows.append(ListRow.line(Content()))
    for label, value in _fields(entity):
        if value:
            rows.extend(_field_rows(label, value, width))
    for group in story.related(entity):
        rows.append(ListRow.section(Content(f"{group.label} ({len(group.entities)})")))
        rows.extend(ListRow.item(member) for member in group.entities)
    return rows


def _field_rows(label: str, value: Content, width: int) -> Iterable[ListRow]:
    lines = value.wrap(max(width - LABEL_WIDTH, 10))
    for number, line in enumerate(lines):
        name = label if number == 0 else ""
        yield ListRow.line(Content.assemble(text(name.ljust(LABEL_WIDTH), LABEL), line))


def _name(entity: Entity) -> str:
    return entity.title if isinstance(entity, Event) else entity.name


def _kind_line(entity: Entity) -> str:
    match entity:
        case Quote():
            return _QUOTE_KINDS.get(entity.kind, f"Quote · {entity.kind}")
        case Actor() | Place() | Source():
            return f"{kind_of(entity).label} · {entity.kind.replace('-', ' ')}"
        case _:
            return kind_of(entity).label


def _fields(entity: Entity) -> Sequence[Field]:
    match entity:
        case Actor():
            return [
                ("Role", text(entity.role or "")),
                ("Side", side_badge(entity.side)),
                ("Country", text(entity.country or "")),
                ("Also", text(", ".join(entity.aliases))),
                ("About", paragraph(entity.summary or "")),
                ("Sources", text(citations(entity.sources))),
            ]
        case Quote():
            return [
                ("Said by", _actor_name(entity.speaker)),
                ("Side", side_badge(entity.speaker.side)),
                ("Medium", text(medium_of(entity) or "")),
                ("When", text(entity.when.display() if entity.when else "")),
                ("Event", text(entity.event.title if entity.event else "")),
                ("Relayed by", text(", ".join(actor.name for actor in entity.reported_by))),
                ("Language", text(entity.language or "")),
                ("Sources", text(citations(entity.sources))),
            ]
        case Event():
            return [
                ("When", text(event_when(entity))),
                ("", text(entity.when_text or "", MUTED)),
                ("Place", text(entity.place.name if entity.place else "")),
                ("Tags", text(", ".join(entity.tags))),
                ("About", paragraph(entity.summary or "")),
                ("Sources", text(citations(entity.sources))),
            ]
        case Place():
            return [
                ("Within", text(entity.within.name if entity.within else "")),
                ("Also", text(", ".join(entity.aliases))),
                ("Location", text(_coordinates(entity))),
                ("Sources", text(citations(entity.sources))),
            ]
        case Side():
            return [("Marker", side_badge(entity))]
        case Source():
            return [
                ("Publisher", text(entity.publisher.name if entity.publisher else "")),
                ("Author", text(entity.author or "")),
                ("Published", text(entity.published.display() if entity.published else "")),
                ("Paragraphs", text(str(entity.paragraphs) if entity.paragraphs else "")),
                ("Address", text(entity.url or "")),
            ]
        case Link():
            return [
                ("From", _actor_name(entity.from_actor)),
                ("Relation", text(entity.type)),
                ("To", _actor_name(entity.to_actor)),
                ("Since", text(entity.since.display() if entity.since else "")),
                ("Until", text(entity.until.display() if entity.until else "")),
                ("Sources", text(citations(entity.sources))),
            ]


def _actor_name(actor: Actor) -> Content:
    return text(actor.name, side_style(actor.side))


def _coordinates(place: Place) -> str:
    if place.lat is None or place.lon is None:
        return ""
    return f"{place.lat:.4f}, {place.lon:.4f}"


def citations(cited: Sequence[Citation]) -> str:
    """``report ¶3, ¶6, ¶9``: each source named once, then its paragraphs."""
    parts: list[str] = []
    previous: Source | None = None
    for citation in cited:
        if citation.source is previous and citation.para is not None:
            parts.append(f"¶{citation.para}")
        else:
            parts.append(citation.label)
        previous = citation.source
    return ", ".join(parts)
