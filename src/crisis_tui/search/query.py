"""The query syntax: words, and a few marks and filters for when words are not enough.

    guaido usurp        both words, typo-tolerant; the last one may be unfinished
    "nerves of steel"   these words, in this order
    'traitors           this word exactly: no typo tolerance
    !venezuela          leave out entities holding this word
    by:maduro           said or done by an actor whose name matches (typo-tolerant)
    kind:quote          only quotes (or actor, event, place, source; "kind:quote,event")
    side:pro-maduro     only entities on this side (the id, or its beginning)
    medium:tweet        only quotes said this way
    date:2019-04        only entities dated within this year, month or day

Parsing never fails: anything that is not a known mark or filter is words,
and a query being typed (an unclosed quote, a bare ``by:``) means what it
means so far.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crisis_tui.search.documents import SEARCHABLE_KINDS
from crisis_tui.search.fold import fold, words

MAX_TERMS = 32
"""Words past this many are ignored, so a pasted page cannot stall a search."""

MAX_QUERY_CHARACTERS = 1_000
"""Characters of a query read; a pasted book is not parsed to find its first words."""

_TOKEN = re.compile(
    r"""(?P<mark>[!'])?(?:(?P<key>by|kind|side|medium|date):)?"""
    r"""(?:"(?P<phrase>[^"]*)(?P<closed>"?)|(?P<bare>[^\s"]+))?""",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Term:
    """One query word, folded, and how loosely it may match."""

    word: str
    prefix: bool = False
    """It is still being typed: vocabulary words it begins also match."""
    fuzzy: bool = True
    """Typos are tolerated."""


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query; every part must hold for an entity to match."""

    terms: tuple[Term, ...] = ()
    phrases: tuple[tuple[Term, ...], ...] = ()
    """Runs of terms (also in ``terms``) that must appear in this order, adjacent."""
    excluded: tuple[str, ...] = ()
    speakers: tuple[Term, ...] = ()
    """``by:`` words; one actor's names must match them all."""
    kinds: frozenset[str] | None = None
    sides: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()

    @property
    def has_filters(self) -> bool:
        return bool(
            self.speakers or self.kinds is not None or self.sides or self.media or self.dates
        )


def parse_query(text: str) -> Query:
    """Parse a query as typed; the last word may be unfinished unless whitespace follows."""
    text = text[:MAX_QUERY_CHARACTERS]
    being_typed = bool(text) and not text[-1].isspace()
    parts = _Parts()
    matches = [match for match in _TOKEN.finditer(text) if match.group()]
    for number, match in enumerate(matches):
        is_last = being_typed and number == len(matches) - 1 and match.end() == len(text)
        parts.add(match, is_last)
    return parts.query()


class _Parts:
    """The pieces of a query as they are read, token by token."""

    def __init__(self) -> None:
        self.terms: list[Term] = []
        self.phrases: list[tuple[Term, ...]] = []
        self.excluded: list[str] = []
        self.speakers: list[Term] = []
        self.kinds: set[str] | None = None
        self.sides: list[str] = []
        self.media: list[str] = []
        self.dates: list[str] = []

    def add(self, match: re.Match[str], is_last: bool) -> None:
        mark, key = match.group("mark"), (match.group("key") or "").lower()
        phrase, bare = match.group("phrase"), match.group("bare")
        value = phrase if phrase is not None else bare or ""
        typing = is_last and not match.group("closed")
        if key and not mark:
            self._filter(key, value, typing)
            return
        found = words(f"{key} {value}" if key else value)
        if mark == "!":
            self.excluded += found
            return
        fuzzy = mark != "'" and phrase is None
        run = tuple(
            Term(word, prefix=typing and index == len(found) - 1, fuzzy=fuzzy)
            for index, word in enumerate(found)
        )
        self.terms += run
        if phrase is not None and len(run) > 1:
            self.phrases.append(run)

    def _filter(self, key: str, value: str, typing: bool) -> None:
        if key == "by":
            found = words(value)
            self.speakers += (
                Term(word, prefix=typing and index == len(found) - 1)
                for index, word in enumerate(found)
            )
            return
        folded = " ".join(fold(value).split())
        if not folded:
            return
        if key == "kind":
            wanted = {
                kind
                for part in re.split(r"[,|\s]+", folded)
                if part
                for kind in SEARCHABLE_KINDS
                if kind.startswith(part)
            }
            self.kinds = wanted if self.kinds is None else self.kinds & wanted
        elif key == "side":
            self.sides.append(value.strip().lower())
        elif key == "medium":
            self.media.append(folded)
        else:
            self.dates.append(value.strip())

    def query(self) -> Query:
        return Query(
            terms=tuple(self.terms[:MAX_TERMS]),
            phrases=tuple(p for p in self.phrases if all(t in self.terms[:MAX_TERMS] for t in p)),
            excluded=tuple(self.excluded[:MAX_TERMS]),
            speakers=tuple(self.speakers[:MAX_TERMS]),
            kinds=frozenset(self.kinds) if self.kinds is not None else None,
            sides=tuple(self.sides),
            media=tuple(self.media),
            dates=tuple(self.dates),
        )
