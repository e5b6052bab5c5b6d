"""Story strings turned into safe, styled Content, shared by every view.

A story is data written by someone else: a quote may contain ``[bold]``,
ANSI escapes or control characters. Nothing here parses markup; strings are
made visible by :func:`crisis_tui.text.visible` and assembled into :class:`Content` with style
*names* (``.side--red``, ``.story--muted``) that the stylesheet resolves, so
the look is decided in ``crisis.tcss`` and follows the theme.

Sides carry both a colour class and a symbol, so they stay distinguishable in
16 colours and under ``NO_COLOR``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content

from crisis_tui.model import (
    Actor,
    Citation,
    Entity,
    Event,
    Link,
    PartialDate,
    Place,
    Quote,
    Side,
    Source,
)
from crisis_tui.model.dates import Precision
from crisis_tui.model.records import quote_marks as quote_marks
from crisis_tui.text import copyable, visible

SIDE_SYMBOLS = "●▲■◆★✚"
"""One symbol per side, by the side's position in the story, repeating after six."""

NO_SIDE_SYMBOL = "○"

PALETTE_SIZE = 6
"""Sides without a known colour name get ``side--1`` .. ``side--6`` in story order."""

SIDE_COLOURS = frozenset(
    {"red", "blue", "green", "yellow", "orange", "purple", "magenta", "cyan", "grey"}
)
"""Colour names a story may ask for; the stylesheet maps each to a theme colour."""

SHOWN_CHARACTERS = 10_000
"""Characters of any one story text drawn on screen; the rest is counted, not laid out.

A story may hold a quote of megabytes. Wrapping and measuring it for a list
row or the detail would take minutes; no reader reads that far in a
terminal, and every export still carries each word.
"""

_COLOUR_ALIASES = {"gray": "grey", "violet": "purple", "pink": "magenta", "teal": "cyan"}

MUTED = ".story--muted"
TITLE = ".story--title"
QUOTE = ".story--quote"
PARAPHRASE = ".story--paraphrase"
LABEL = ".story--label"
FILTER = ".story--filter"

STORY_STYLE_CLASSES = frozenset(
    {style[1:] for style in (MUTED, TITLE, QUOTE, PARAPHRASE, LABEL, FILTER)}
    | {f"side--{colour}" for colour in SIDE_COLOURS}
    | {f"side--{number}" for number in range(1, PALETTE_SIZE + 1)}
    | {"side--none"}
)
"""Component classes a screen must declare for story Content to find its styles."""


def shown_part(value: str) -> str:
    """``value`` cut to what the screen draws, saying how much is left out."""
    if len(value) <= SHOWN_CHARACTERS:
        return value
    hidden = len(value) - SHOWN_CHARACTERS
    return (
        f"{value[:SHOWN_CHARACTERS]}… ({hidden:,} more characters: export the story to read them)"
    )


def text(value: str, style: str = "") -> Content:
    """Content showing ``value`` literally, on one line, in one style."""
    shown = visible(shown_part(value), keep_newlines=False)
    return Content.styled(shown, style, strip_control_codes=False)


def paragraph(value: str, style: str = "") -> Content:
    """Like :func:`text` but keeping the author's line breaks."""
    return Content.styled(visible(shown_part(value)), style, strip_control_codes=False)


def join(parts: Iterable[Content], separator: str = " · ") -> Content:
    """Non-empty parts separated by a muted separator."""
    return text(separator, MUTED).join(part for part in parts if part)


def side_style(side: Side | None) -> str:
    """The style name that colours this side, the same in every view."""
    if side is None:
        return ".side--none"
    colour = (side.color or "").strip().lower()
    colour = _COLOUR_ALIASES.get(colour, colour)
    if colour in SIDE_COLOURS:
        return f".side--{colour}"
    return f".side--{side.index % PALETTE_SIZE + 1}"


def side_symbol(side: Side | None) -> str:
    """The symbol that marks this side where colour may be missing."""
    if side is None:
        return NO_SIDE_SYMBOL
    return SIDE_SYMBOLS[side.index % len(SIDE_SYMBOLS)]


def side_marker(side: Side | None) -> Content:
    """The side's symbol in the side's colour."""
    return Content.styled(side_symbol(side), side_style(side))


def side_badge(side: Side | None) -> Content:
    """Symbol and label, e.g. ``● Pro-Guaidó``, for cards and the legend."""
    if side is None:
        return Content.assemble(side_marker(None), " ", text("no side", MUTED))
    return Content.assemble(side_marker(side), " ", text(side.label, side_style(side)))


def sides_involved(event: Event) -> list[Side]:
    """The sides of an event's actors, in story order."""
    sides = {actor.side for actor in event.actors if actor.side is not None}
    return sorted(sides, key=lambda side: side.index)


def side_slots(involved: Iterable[Side], sides: tuple[Side, ...]) -> Content:
    """One column per side of the story, showing the symbol where a side takes part.

    Fixed columns let a reader scan a timeline vertically: every "▲" in the
    second column is the same camp.
    """
    present = set(involved)
    return Content.assemble(
        *(side_marker(side) if side in present else Content(" ") for side in sides)
    )


def quote_words(quote: Quote) -> str:
    """The quote as a reader should see it: quoted, elided, or bare for a paraphrase.

    A fragment gets ellipses where it was cut (“…nerves of steel,”) so it
    never passes for a whole sentence; a paraphrase never gets quotation marks.
    """
    return visible(_marked_words(quote, shown_part(quote.text)), keep_newlines=False)


def _marked_words(quote: Quote, words: str) -> str:
    opening, closing = quote_marks(quote)
    return f"{opening}{words}{closing}"


def quote_style(quote: Quote) -> str:
    """The style of a quote's words: a paraphrase reads differently from the speaker's own."""
    return PARAPHRASE if quote.kind == "paraphrase" else QUOTE


def quote_content(quote: Quote) -> Content:
    """The quote's words, styled by kind."""
    return Content.styled(quote_words(quote), quote_style(quote), strip_control_codes=False)


def quote_when(quote: Quote) -> PartialDate | None:
    """When the words were said: the quote's own date, else its event's."""
    if quote.when is not None:
        return quote.when
    return quote.event.when if quote.event is not None else None


def medium_of(quote: Quote) -> str | None:
    """The medium worth showing; "other" says nothing to a reader."""
    return None if quote.medium in (None, "", "other") else quote.medium


def attribution(quote: Quote, *, with_date: bool = True) -> Content:
    """``— Speaker · tweet · 30 Apr 2019``, or ``≈ Speaker, paraphrased · …``."""
    when = quote_when(quote)
    if quote.kind == "paraphrase":
        speaker = Content.assemble(
            text(f"≈ {quote.speaker.name}", side_style(quote.speaker.side)),
            text(", paraphrased", MUTED),
        )
    else:
        speaker = text(f"— {quote.speaker.name}", side_style(quote.speaker.side))
    return join(
        [
            speaker,
            text(medium_of(quote) or "", MUTED),
            text(when.display() if with_date and when is not None else "", MUTED),
        ]
    )


def time_of_day(when: PartialDate) -> str | None:
    """``14:05`` when the date was written to the minute, else None."""
    if when.precision >= Precision.MINUTE and when.hour is not None and when.minute is not None:
        return f"{when.hour:02d}:{when.minute:02d}"
    return None


def event_when(event: Event) -> str:
    """The event's date in words, keeping "about" and ranges honest."""
    when = event.when.display()
    if event.until is not None:
        when = f"{when} – {event.until.display()}"
    if event.approximate:
        when = f"about {when}"
    return when


def entity_line(entity: Entity) -> Content:
    """A one-line summary of any entity, for links, search results and the palette."""
    match entity:
        case Actor():
            return Content.assemble(
                side_marker(entity.side),
                " ",
                text(entity.name, TITLE),
                text(f"  {entity.role}" if entity.role else "", MUTED),
            )
        case Quote():
            when = quote_when(entity)
            return Content.assemble(
                side_marker(entity.speaker.side),
                " ",
                quote_content(entity),
                text(f"  {when.display()}" if when is not None else "", MUTED),
            )
        case Event():
            return Content.assemble(
                text(f"{entity.when.display()}  ", MUTED), text(entity.title, TITLE)
            )
        case Place():
            return Content.assemble(text(entity.name, TITLE), text(f"  {entity.kind}", MUTED))
        case Side():
            return side_badge(entity)
        case Source():
            publisher = f"{entity.publisher.name}: " if entity.publisher is not None else ""
            return Content.assemble(text(publisher, MUTED), text(entity.name, TITLE))
        case Link():
            return text(entity.name)


def plain_quote_citation(quote: Quote) -> str:
    """The quote with its attribution as plain text, ready to paste elsewhere.

    Example: ``“…nerves of steel,” — Nicolás Maduro, tweet, 30 Apr 2019
    (Business Insider: Venezuela's opposition…, report ¶12)``. It goes to
    the clipboard, so it holds no control or invisible character.
    """
    when = quote_when(quote)
    speaker = quote.speaker.name
    if quote.kind == "paraphrase":
        speaker = f"{speaker} (paraphrased)"
    details = [speaker, medium_of(quote), when.display() if when is not None else None]
    line = f"{_marked_words(quote, quote.text)} — {', '.join(part for part in details if part)}"
    cited = [f"{_source_credit(citation.source)}, {citation.label}" for citation in quote.sources]
    if cited:
        line += f" ({'; '.join(cited)})"
    return copyable(line)


def _source_credit(source: Source) -> str:
    if source.publisher is None:
        return source.name
    return f"{source.publisher.name}: {source.name}"


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


def wrapped(first: Content, rest: Content, width: int, indent: int) -> list[Content]:
    """``first`` then ``rest`` wrapped to ``width``, continuation lines indented by ``indent``.

    The hanging indent keeps a list's columns (side markers, key names) clear
    of the words that wrap under them.
    """
    room = max(width - indent, 1)
    lines = rest.wrap(room) if rest else [Content()]
    pad = Content(" " * indent)
    return [Content.assemble(first, lines[0]), *(Content.assemble(pad, line) for line in lines[1:])]
