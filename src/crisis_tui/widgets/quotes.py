"""The Quotes pane: what was said, by whom, how and when.

Verbatim words sit in quotation marks, a fragment is shown with ellipses so
it never passes for a whole sentence, and a paraphrase is never quoted.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from textual.content import Content

from crisis_tui.model import Entity, Quote, Story
from crisis_tui.widgets.pane import StoryPane
from crisis_tui.widgets.story_text import (
    MUTED,
    attribution,
    citations,
    join,
    quote_content,
    quote_when,
    side_marker,
    text,
    time_of_day,
    wrapped,
)
from crisis_tui.widgets.virtual_list import ListRow

UNDATED = "Undated"


class QuotesPane(StoryPane):
    """Quotes in the order they were said, under day headings."""

    holds_type = Quote
    label = "Quotes"
    noun = "quotes"

    def rows_for(self, story: Story, only: Collection[Entity] | None) -> Iterator[ListRow]:
        heading: str | None = None
        for quote in story.quotes:
            if only is not None and quote not in only:
                continue
            when = quote_when(quote)
            day = when.day_key() if when is not None else UNDATED
            if day != heading:
                yield ListRow.section(text(day))
                heading = day
            yield ListRow.item(quote, height=2)

    def count_in(self, story: Story) -> int:
        return len(story.quotes)

    def render_item(self, entity: Entity, width: int) -> Sequence[Content]:
        assert isinstance(entity, Quote)
        hour = _hour(entity)
        return [
            Content.assemble(side_marker(entity.speaker.side), " ", quote_content(entity)),
            Content.assemble(
                "  ",
                attribution(entity, with_date=False),
                text(f" · {hour}" if hour else "", MUTED),
            ),
        ]

    def render_whole(self, entity: Entity, width: int) -> Sequence[Content]:
        """The selected quote whole: every word, then who, how, when, and where it is cited."""
        assert isinstance(entity, Quote)
        hour = _hour(entity)
        said = join(
            [
                attribution(entity),
                text(hour or "", MUTED),
                text(citations(entity.sources), MUTED),
            ]
        )
        marker = Content.assemble(side_marker(entity.speaker.side), " ")
        return [
            *wrapped(marker, quote_content(entity), width, 2),
            *wrapped(Content("  "), said, width, 2),
        ]


def _hour(quote: Quote) -> str | None:
    when = quote_when(quote)
    return time_of_day(when) if when is not None else None
