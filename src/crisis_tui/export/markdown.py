"""A readable brief of the story: what happened, who said what, who reported it.

Story text is inert here as on screen: every character Markdown could act
on is escaped, so no story produces a link, an emphasis, an entity or a
line of raw HTML. A source's address becomes a link only if it is an
http(s) URL; anything else is written as escaped text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import groupby
from urllib.parse import quote as percent_encoded
from urllib.parse import urlsplit

from crisis_tui.loader.spec import SECTIONS
from crisis_tui.model import Actor, Citation, Event, Link, Place, Quote, Side, Source, Story
from crisis_tui.text import visible

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~&])")

_URL_SAFE = "!#$%&'()*+,-./:;=?@[]^_{|}~"
"""Printable ASCII an autolink may hold as it is; the rest (space, ``<``, ``>``, ``"``,
backquote, backslash, anything beyond ASCII) is percent-encoded."""


def markdown_brief(story: Story, sections: tuple[str, ...] = tuple(SECTIONS)) -> str:
    """The story as Markdown, one heading per chosen section, every quote attributed."""
    lines = [f"# {md(story.info.title)}", ""]
    if story.info.summary:
        lines += [md(story.info.summary), ""]
    for key in _ORDER:
        if key in sections:
            body = _SECTION_WRITERS[key](story)
            if body:
                lines += [f"## {_HEADINGS[key]}", "", *body, ""]
    return "\n".join(lines).rstrip() + "\n"


def md(text: str) -> str:
    """Story text as inert Markdown: one line, no controls, no emphasis or links."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text, keep_newlines=False))


def _cites(citations: Iterable[Citation]) -> str:
    labels = [citation.label for citation in citations]
    return f" ({', '.join(labels)})" if labels else ""


def _names(actors: Iterable[Actor]) -> str:
    return ", ".join(md(actor.name) for actor in actors)


def _timeline(story: Story) -> list[str]:
    lines: list[str] = []
    for heading, events in groupby(story.events, key=lambda event: event.when.day_key()):
        lines += [f"### {heading}", ""]
        lines += [line for event in events for line in _event(story, event)]
        lines.append("")
    return lines[:-1]


def _event(story: Story, event: Event) -> list[str]:
    line = f"- **{md(event.title)}**"
    timing = [md(event.when_text)] if event.when_text else []
    if event.approximate:
        timing.append("date approximate")
    if timing:
        line += f" ({'; '.join(timing)})"
    if event.place is not None:
        line += f", {md(_place_path(event.place))}"
    if event.until is not None:
        line += f", until {event.until.display()}"
    line += "."
    if event.summary:
        line += f" {md(event.summary)}"
    if event.actors:
        line += f" Involved: {_names(event.actors)}."
    if event.reported_by:
        line += f" Reported by {_names(event.reported_by)}."
    lines = [line + _cites(event.sources)]
    for group in story.related(event):
        if group.label == "Quotes":
            lines += [
                f"  - {_quote_words(quote)} — {md(quote.speaker.name)}"
                for quote in group.entities
                if isinstance(quote, Quote)
            ]
    return lines


_PLACE_PATH_NAMES = 4
"""Places a path names; a deeper nesting ends in "…"."""


def _place_path(place: Place) -> str:
    """``Base, City, Country``: bounded, or a long chain of places would make every line long."""
    names = [place.name]
    while place.within is not None:
        if len(names) == _PLACE_PATH_NAMES:
            names.append("…")
            break
        place = place.within
        names.append(place.name)
    return ", ".join(names)


def _quote_words(quote: Quote) -> str:
    """Quoted words in quotation marks, a fragment marked as one, a paraphrase never quoted."""
    if quote.kind == "paraphrase":
        return f"*(paraphrase)* {md(quote.text)}"
    if quote.kind == "fragment":
        return f"“…{md(quote.text)}…”"
    return f"“{md(quote.text)}”"


def _quotes(story: Story) -> list[str]:
    lines: list[str] = []
    for quote in story.quotes:
        speaker = quote.speaker
        details = [f"**{md(speaker.name)}**" + (f", {md(speaker.role)}" if speaker.role else "")]
        if quote.medium:
            details.append(quote.medium)
        when = quote.when or (quote.event.when if quote.event else None)
        if when is not None:
            details.append(when.display())
        if quote.reported_by:
            details.append(f"relayed by {_names(quote.reported_by)}")
        if quote.event is not None:
            details.append(f"during: {md(quote.event.title)}")
        lines += [
            f"> {_quote_words(quote)}",
            f"> — {' · '.join(details)}{_cites(quote.sources)}",
            "",
        ]
    return lines[:-1]


def _actors(story: Story) -> list[str]:
    lines: list[str] = []
    by_side = sorted(
        story.actors, key=lambda actor: actor.side.index if actor.side else len(story.sides)
    )
    for side, actors in groupby(by_side, key=lambda actor: actor.side):
        lines += [f"### {md(side.label) if side else 'No side'}", ""]
        for actor in actors:
            line = f"- **{md(actor.name)}** ({actor.kind}"
            line += f", {actor.country})" if actor.country else ")"
            if actor.role:
                line += f" — {md(actor.role)}."
            if actor.summary:
                line += f" {md(actor.summary)}"
            lines.append(line + _cites(actor.sources))
        lines.append("")
    return lines[:-1]


def _sides(story: Story) -> list[str]:
    return [f"- **{md(side.label)}**: {_names(_members(story, side))}" for side in story.sides]


def _members(story: Story, side: Side) -> list[Actor]:
    return [actor for actor in story.actors if actor.side is side]


def _places(story: Story) -> list[str]:
    lines = []
    for place in story.places:
        line = f"- **{md(place.name)}** ({place.kind})"
        if place.within is not None:
            line += f", in {md(_place_path(place.within))}"
        lines.append(line + _cites(place.sources))
    return lines


def _links(story: Story) -> list[str]:
    return [_link(link) for link in story.links]


def _link(link: Link) -> str:
    verb = link.type.replace("-", " ")
    period = ""
    if link.since is not None:
        period += f" since {link.since.display()}"
    if link.until is not None:
        period += f" until {link.until.display()}"
    return f"- {md(link.from_actor.name)} *{verb}* {md(link.to_actor.name)}{period}{_cites(link.sources)}"


def _sources(story: Story) -> list[str]:
    return [_source(source) for source in story.sources]


def _source(source: Source) -> str:
    line = f"- **{md(source.title or source.id)}** ({source.kind})"
    details = [md(source.publisher.name)] if source.publisher else []
    if source.author:
        details.append(md(source.author))
    if source.published:
        details.append(source.published.display())
    if source.paragraphs:
        details.append(f"{source.paragraphs} paragraphs")
    if details:
        line += ", " + ", ".join(details)
    if source.url:
        line += f" {_address(source.url)}"
    return line


def _address(url: str) -> str:
    """An http(s) URL as an autolink, percent-encoded so it cannot end early; else text."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https"):
        return md(url)
    return f"<{percent_encoded(url.strip(), safe=_URL_SAFE, errors='surrogatepass')}>"


_ORDER = ("sides", "events", "quotes", "actors", "links", "places", "sources")
_HEADINGS = {
    "sides": "Sides",
    "events": "Timeline",
    "quotes": "Quotes",
    "actors": "Actors",
    "links": "Relations",
    "places": "Places",
    "sources": "Sources",
}
_SECTION_WRITERS: dict[str, Callable[[Story], list[str]]] = {
    "sides": _sides,
    "events": _timeline,
    "quotes": _quotes,
    "actors": _actors,
    "links": _links,
    "places": _places,
    "sources": _sources,
}
