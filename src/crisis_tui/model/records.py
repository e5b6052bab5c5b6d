"""One small immutable record per kind of thing a story holds.

References are the records themselves (a quote's ``speaker`` is the Actor),
so following a link never needs a lookup. Records compare by identity: two
actors with the same name are still two actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crisis_tui.model.dates import PartialDate

_CITATION_NOUNS = {"article": "report", "report": "report"}


@dataclass(frozen=True, slots=True, eq=False)
class StoryInfo:
    """What the story is about, and how to read its dates."""

    title: str
    summary: str | None = None
    timezone: str = "UTC"
    language: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Side:
    """A camp in the crisis; every actor may belong to one."""

    id: str
    label: str
    color: str | None = None
    index: int = 0

    @property
    def name(self) -> str:
        return self.label


@dataclass(frozen=True, slots=True, eq=False)
class Source:
    """Where facts come from: a report, a tweet, a broadcast."""

    id: str
    kind: str = "other"
    title: str | None = None
    publisher: Actor | None = field(default=None)
    author: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    paragraphs: int | None = None
    index: int = 0

    @property
    def name(self) -> str:
        return self.title or self.id


@dataclass(frozen=True, slots=True, eq=False)
class Citation:
    """A pointer into a source, to the paragraph when known."""

    source: Source
    para: int | None = None

    @property
    def label(self) -> str:
        """Short form for a card, e.g. ``report ¶13``."""
        kind = self.source.kind
        noun = _CITATION_NOUNS.get(kind, self.source.id if kind == "other" else kind)
        return noun if self.para is None else f"{noun} ¶{self.para}"


@dataclass(frozen=True, slots=True, eq=False)
class Actor:
    """A person, government, armed force, outlet, country or group."""

    id: str
    name: str
    kind: str = "person"
    aliases: tuple[str, ...] = ()
    role: str | None = None
    side: Side | None = None
    country: str | None = None
    summary: str | None = None
    sources: tuple[Citation, ...] = ()
    index: int = 0


@dataclass(frozen=True, slots=True, eq=False)
class Place:
    """Where things happened; places nest through ``within``."""

    id: str
    name: str
    kind: str = "other"
    within: Place | None = None
    lat: float | None = None
    lon: float | None = None
    aliases: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    index: int = 0


@dataclass(frozen=True, slots=True, eq=False)
class Event:
    """Something that happened, at the precision the sources allow."""

    id: str
    title: str
    when: PartialDate
    until: PartialDate | None = None
    when_text: str | None = None
    approximate: bool = False
    summary: str | None = None
    place: Place | None = None
    actors: tuple[Actor, ...] = ()
    tags: tuple[str, ...] = ()
    reported_by: tuple[Actor, ...] = ()
    sources: tuple[Citation, ...] = ()
    index: int = 0

    @property
    def name(self) -> str:
        return self.title


@dataclass(frozen=True, slots=True, eq=False)
class Quote:
    """Words attributed to a speaker, relayed by someone, found in a source."""

    id: str
    text: str
    speaker: Actor
    kind: str = "verbatim"
    medium: str | None = None
    when: PartialDate | None = None
    event: Event | None = None
    reported_by: tuple[Actor, ...] = ()
    language: str | None = None
    sources: tuple[Citation, ...] = ()
    index: int = 0

    @property
    def name(self) -> str:
        return self.text


CUT_MARKS = ".,;:!?…"
"""Punctuation that already shows where a fragment was cut: no ellipsis goes beside it."""


def quote_marks(quote: Quote) -> tuple[str, str]:
    """What goes before and after a quote's words, so its kind shows however it is printed.

    Verbatim words get quotation marks, a paraphrase none. A fragment also
    gets an ellipsis where it was cut, unless punctuation already stands there
    (“…nerves of steel,” not “…nerves of steel,…”): the words stay verbatim
    and no mark is doubled.
    """
    if quote.kind == "paraphrase":
        return "", ""
    if quote.kind != "fragment":
        return "“", "”"
    words = quote.text.strip()
    opening = "“" if words[:1] in tuple(CUT_MARKS) else "“…"
    closing = "”" if words[-1:] in tuple(CUT_MARKS) else "…”"
    return opening, closing


@dataclass(frozen=True, slots=True, eq=False)
class Link:
    """A relation between two actors: ``from_actor`` supports ``to_actor``, etc."""

    from_actor: Actor
    to_actor: Actor
    type: str
    id: str | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None
    sources: tuple[Citation, ...] = ()
    index: int = 0

    @property
    def name(self) -> str:
        return f"{self.from_actor.name} {self.type} {self.to_actor.name}"


Entity = Side | Source | Actor | Place | Event | Quote | Link
"""Anything a story holds that can be shown, linked to, or searched."""
