"""The story as linked, immutable records: no parsing, no user interface.

Everything above this layer (loader, search, explorer, command line) talks in
these types, so they stay small and free of any framework import.
"""

from crisis_tui.model.dates import PartialDate, Precision
from crisis_tui.model.kinds import KINDS, SEARCHABLE_KINDS, Kind, kind_named, kind_of
from crisis_tui.model.records import (
    Actor,
    Citation,
    Entity,
    Event,
    Link,
    Place,
    Quote,
    Side,
    Source,
    StoryInfo,
)
from crisis_tui.model.story import RelationGroup, Story

__all__ = [
    "KINDS",
    "SEARCHABLE_KINDS",
    "Actor",
    "Citation",
    "Entity",
    "Event",
    "Kind",
    "Link",
    "PartialDate",
    "Place",
    "Precision",
    "Quote",
    "RelationGroup",
    "Side",
    "Source",
    "Story",
    "StoryInfo",
    "kind_named",
    "kind_of",
]
