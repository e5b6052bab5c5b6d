"""The ``crisis-story/1`` format, declared once.

The loader validates against these declarations, ``crisis-tui schema``
derives its JSON Schema from them and the exporter writes their keys, so the
three can never disagree about what a story file holds. The values a field
may take are declared in ``values``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from crisis_tui.loader.values import (
    ACTOR_KINDS,
    LINK_TYPES,
    MEDIA,
    PLACE_KINDS,
    QUOTE_KINDS,
    SOURCE_KINDS,
)
from crisis_tui.model.kinds import KINDS, Kind

FORMAT = "crisis-story/1"
MAX_PARAGRAPHS = 100_000
"""Paragraphs a source may have: far beyond any article, small enough to print and compare."""


class FieldType(Enum):
    """How a field's YAML value is checked and what it becomes."""

    TEXT = "text"
    ID = "id"
    CHOICE = "choice"
    REF = "ref"
    REFS = "refs"
    DATE = "date"
    CITATIONS = "citations"
    TEXTS = "texts"
    NUMBER = "number"
    COUNT = "count"
    FLAG = "flag"
    COUNTRY = "country"
    TIMEZONE = "timezone"


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a mapping in a story file."""

    key: str
    type: FieldType
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    target: str | None = None
    """For references: the section whose ids this field names."""
    default: str | None = None
    minimum: int | None = None
    """For numbers and counts: the smallest value accepted (every numeric field has bounds)."""
    maximum: int | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """A top-level list of records, e.g. ``quotes``: one kind's records."""

    kind: Kind
    description: str
    fields: tuple[Field, ...]

    @property
    def key(self) -> str:
        """The section's key in a story file: the kind's plural, e.g. ``quotes``."""
        return self.kind.plural

    @property
    def singular(self) -> str:
        return self.kind.singular

    def field(self, key: str) -> Field | None:
        return next((field for field in self.fields if field.key == key), None)


_T = FieldType
_ID = Field("id", _T.ID, "Unique id across the whole file: lowercase letters, digits, '-'.", True)
_SOURCES = Field(
    "sources",
    _T.CITATIONS,
    "Citations: a source id, or {source: ID, para: N} to name the paragraph.",
)
_CITED = Field(_SOURCES.key, _SOURCES.type, _SOURCES.description, required=True)
_ALIASES = Field("aliases", _T.TEXTS, "Other names people use; search finds these too.")
CITATION_PARA = Field(
    "para",
    _T.COUNT,
    "Paragraph of the source the fact comes from.",
    minimum=1,
    maximum=MAX_PARAGRAPHS,
)

STORY_FIELDS = (
    Field("title", _T.TEXT, "The story's title.", True),
    Field("summary", _T.TEXT, "A few sentences on what the crisis is."),
    Field("timezone", _T.TIMEZONE, "IANA zone for times written without an offset.", default="UTC"),
    Field("language", _T.TEXT, "Main language of the story, e.g. 'en'."),
)

_KIND = {kind.plural: kind for kind in KINDS}

SECTIONS: dict[str, Section] = {
    section.key: section
    for section in (
        Section(
            _KIND["sides"],
            "The camps of the crisis.",
            (
                _ID,
                Field("label", _T.TEXT, "Name shown for the side.", True),
                Field("color", _T.TEXT, "Colour name or #rrggbb used for the side."),
            ),
        ),
        Section(
            _KIND["sources"],
            "Where the facts come from.",
            (
                _ID,
                Field("kind", _T.CHOICE, "What the source is.", choices=SOURCE_KINDS),
                Field("title", _T.TEXT, "Headline or title."),
                Field("publisher", _T.REF, "Actor that published it.", target="actors"),
                Field("author", _T.TEXT, "Byline."),
                Field("url", _T.TEXT, "Where to read it."),
                Field("published", _T.DATE, "When it was published."),
                Field(
                    "paragraphs",
                    _T.COUNT,
                    "Paragraph count; citations must fall inside.",
                    minimum=1,
                    maximum=MAX_PARAGRAPHS,
                ),
            ),
        ),
        Section(
            _KIND["actors"],
            "People, governments, armed forces, media, countries, groups.",
            (
                _ID,
                Field("name", _T.TEXT, "Name as shown.", True),
                Field("kind", _T.CHOICE, "What sort of actor.", choices=ACTOR_KINDS),
                _ALIASES,
                Field("role", _T.TEXT, "Position or role, e.g. 'Defence minister'."),
                Field("side", _T.REF, "Side id.", target="sides"),
                Field("country", _T.COUNTRY, 'ISO 3166 alpha-2 code, quoted: "VE".'),
                Field("summary", _T.TEXT, "Who they are."),
                _SOURCES,
            ),
        ),
        Section(
            _KIND["places"],
            "Where things happened.",
            (
                _ID,
                Field("name", _T.TEXT, "Name as shown.", True),
                Field("kind", _T.CHOICE, "What sort of place.", choices=PLACE_KINDS),
                Field("within", _T.REF, "The place this one lies in.", target="places"),
                Field("lat", _T.NUMBER, "Latitude in degrees.", minimum=-90, maximum=90),
                Field("lon", _T.NUMBER, "Longitude in degrees.", minimum=-180, maximum=180),
                _ALIASES,
                _SOURCES,
            ),
        ),
        Section(
            _KIND["events"],
            "What happened, and when.",
            (
                _ID,
                Field("title", _T.TEXT, "What happened, in a line.", True),
                Field("when", _T.DATE, "Partial date: YYYY, YYYY-MM, YYYY-MM-DD[THH:MM].", True),
                Field("until", _T.DATE, "End, for things that lasted."),
                Field("when_text", _T.TEXT, "The time as the source words it."),
                Field("approximate", _T.FLAG, "True when the date is an estimate."),
                Field("summary", _T.TEXT, "What happened, in your own words."),
                Field("place", _T.REF, "Place id.", target="places"),
                Field("actors", _T.REFS, "Actors involved.", target="actors"),
                Field("tags", _T.TEXTS, "Free keywords."),
                Field(
                    "reported_by", _T.REFS, "Actors (outlets) that reported it.", target="actors"
                ),
                _CITED,
            ),
        ),
        Section(
            _KIND["quotes"],
            "Who said what.",
            (
                _ID,
                Field("text", _T.TEXT, "The words, verbatim as the source prints them.", True),
                Field("speaker", _T.REF, "Actor who said it.", True, target="actors"),
                Field("kind", _T.CHOICE, "How close to the words.", choices=QUOTE_KINDS),
                Field("medium", _T.CHOICE, "How it was said.", choices=MEDIA),
                Field("when", _T.DATE, "When it was said."),
                Field("event", _T.REF, "Event it belongs to.", target="events"),
                Field("reported_by", _T.REFS, "Actors (outlets) that relayed it.", target="actors"),
                Field("language", _T.TEXT, "Language of the words, e.g. 'en'."),
                _CITED,
            ),
        ),
        Section(
            _KIND["links"],
            "Relations between actors.",
            (
                Field("id", _T.ID, "Optional id for the relation."),
                Field("from", _T.REF, "Actor the relation starts from.", True, target="actors"),
                Field("to", _T.REF, "Actor the relation points to.", True, target="actors"),
                Field("type", _T.CHOICE, "The relation.", True, choices=LINK_TYPES),
                Field("since", _T.DATE, "When it began."),
                Field("until", _T.DATE, "When it ended."),
                _SOURCES,
            ),
        ),
    )
}

TOP_LEVEL_KEYS = ("format", "story", *SECTIONS)
