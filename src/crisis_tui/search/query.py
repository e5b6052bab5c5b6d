"""The query syntax: words, and a few marks and filters for when words are not enough.

    usurp guaido        both words, in any order, typo-tolerant; each may be unfinished
    "nerves of steel"   these words, in this order
    'traitors           this word exactly: no typo tolerance
    !venezuela          leave out entities holding this word
    by:maduro           said or done by this actor: a quote's speaker, an event's actors
    kind:quote          only quotes (or actors, events, places, sources; "kind:quote,event")
    side:pro-maduro     only entities on this side (the id, or its beginning)
    medium:tweet        only quotes said this way
    date:2019-04        only entities dated within this year, month or day

Words people ask with ("what did the … say") are dropped; the words they
use for what the story calls otherwise ("twitter" for a tweet) also find
it (see ``synonyms``). Parsing never fails: anything that is not a known
mark or filter is words, and a query being typed (an unclosed quote, a
filter's value half typed) means what it means so far. A filter whose value
cannot mean anything (``medium:twitter``, ``date:2019-13``) is a problem the
query reports, with the values that would do.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from crisis_tui.loader.diagnostics import closest
from crisis_tui.loader.values import MEDIA
from crisis_tui.model import SEARCHABLE_KINDS, kind_named
from crisis_tui.model.kinds import kind_words
from crisis_tui.search.fold import fold, words
from crisis_tui.search.synonyms import FILLER_WORDS, MIN_PREFIX, story_words

MAX_TERMS = 32
"""Words (and filter values) past this many are ignored, so a pasted page cannot
stall a search."""

MAX_PROBLEMS = 5
"""Problems told about one query: the first few are what to fix."""

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
class QueryProblem:
    """Part of a query that cannot mean anything as typed, and what would."""

    part: str
    """The part as typed, e.g. ``medium:twitter``."""
    reason: str
    suggestion: str | None = None
    """The valid value closest to what was typed, as it would be typed."""
    choices: tuple[str, ...] = ()
    """Every valid value, when there are few enough to list."""

    def __str__(self) -> str:
        message = f"{_shortened(self.part)} — {self.reason}" if self.part else self.reason
        if self.suggestion is not None:
            message += f"; did you mean {self.suggestion}?"
        if self.choices:
            message += f" ({', '.join(self.choices)})"
        return message


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
    problems: tuple[QueryProblem, ...] = ()
    """What cannot mean anything as typed; a query with problems finds nothing."""

    @property
    def has_filters(self) -> bool:
        return bool(
            self.speakers or self.kinds is not None or self.sides or self.media or self.dates
        )


def parse_query(text: str) -> Query:
    """Parse a query as typed; its last word is being typed unless whitespace follows."""
    text = text[:MAX_QUERY_CHARACTERS]
    being_typed = bool(text) and not text[-1].isspace()
    parts = _Parts()
    matches = [match for match in _TOKEN.finditer(text) if match.group()]
    for number, match in enumerate(matches):
        is_last = being_typed and number == len(matches) - 1 and match.end() == len(text)
        parts.add(match, is_last)
    return parts.query(text)


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
        self.problems: list[QueryProblem] = []
        self.filters = 0

    def add(self, match: re.Match[str], is_last: bool) -> None:
        mark, key = match.group("mark"), (match.group("key") or "").lower()
        phrase, bare = match.group("phrase"), match.group("bare")
        value = phrase if phrase is not None else bare or ""
        typing = is_last and not match.group("closed")
        if key and not mark:
            self._filter(match.group(), key, value, typing)
            return
        found = words(f"{key} {value}" if key else value)
        if mark == "!":
            self.excluded += found
            return
        fuzzy = mark != "'" and phrase is None
        last = len(found) - 1
        run = tuple(
            Term(
                word,
                prefix=(typing and index == last) or (fuzzy and len(word) >= MIN_PREFIX),
                fuzzy=fuzzy,
            )
            for index, word in enumerate(found)
        )
        self.terms += run
        if phrase is not None and len(run) > 1:
            self.phrases.append(run)

    def _filter(self, part: str, key: str, value: str, typing: bool) -> None:
        self.filters += 1
        if self.filters > MAX_TERMS:
            return
        if key == "by":
            found = words(value)
            if not found:
                self.problems.append(QueryProblem(part, "name an actor, e.g. by:maduro"))
            self.speakers += (
                Term(word, prefix=typing and index == len(found) - 1)
                for index, word in enumerate(found)
            )
        elif key == "kind":
            self._kinds(part, value)
        elif key == "side":
            self.sides.append(value.strip().lower())
        elif key == "medium":
            self._medium(part, " ".join(fold(value).split()))
        else:
            problem = _date_problem(value.strip(), typing)
            if problem is not None:
                self.problems.append(QueryProblem(part, problem))
            self.dates.append(value.strip())

    def _kinds(self, part: str, value: str) -> None:
        searched = SEARCHABLE_KINDS
        choices = tuple(kind.singular for kind in searched)
        wanted: set[str] = set()
        known = len(self.problems)
        for word in list(filter(None, re.split(r"[,|\s]+", fold(value))))[:MAX_TERMS]:
            named = kind_named(word)
            begun = {
                kind.singular for kind in searched for name in kind.names if name.startswith(word)
            }
            if named is not None and not named.searchable:
                reason = f"{named.plural} are not searched"
                self.problems.append(QueryProblem(part, reason, choices=choices))
            elif named is None and not begun:
                suggestion = closest(word, kind_words(searched))
                self.problems.append(
                    QueryProblem(
                        part,
                        "no such kind",
                        f"kind:{suggestion}" if suggestion else None,
                        choices,
                    )
                )
            if named is not None and named.searchable:
                wanted.add(named.singular)
            elif named is None:
                wanted |= begun
        if not wanted and len(self.problems) == known:
            self.problems.append(QueryProblem(part, "name a kind", choices=choices))
        self.kinds = wanted if self.kinds is None else self.kinds & wanted

    def _medium(self, part: str, value: str) -> None:
        self.media.append(value)
        if value and any(medium.startswith(value) for medium in MEDIA):
            return
        meant = [word for word in story_words(value) if word in MEDIA]
        suggestion = meant[0] if meant else closest(value, MEDIA)
        reason = "no such medium" if value else "name a medium"
        self.problems.append(
            QueryProblem(part, reason, f"medium:{suggestion}" if suggestion else None, MEDIA)
        )

    def query(self, text: str) -> Query:
        terms = self.terms[:MAX_TERMS]
        meaningful = [
            term for term in terms if term.word not in FILLER_WORDS or not term.fuzzy
        ] or terms
        return Query(
            terms=tuple(meaningful),
            phrases=tuple(p for p in self.phrases if all(t in meaningful for t in p)),
            excluded=tuple(self.excluded[:MAX_TERMS]),
            speakers=tuple(self.speakers[:MAX_TERMS]),
            kinds=frozenset(self.kinds) if self.kinds is not None else None,
            sides=tuple(self.sides),
            media=tuple(self.media),
            dates=tuple(self.dates),
            problems=(*self.problems, *self._emptiness(text))[:MAX_PROBLEMS],
        )

    def _emptiness(self, text: str) -> list[QueryProblem]:
        """Why a query with nothing to look for finds nothing."""
        if self.terms or self.speakers or self.problems:
            return []
        if self.kinds is not None or self.sides or self.media or self.dates:
            return []
        if not text.strip():
            return [QueryProblem("", "the query is empty: type words to find")]
        if self.excluded:
            return [QueryProblem("", "only words to leave out (!word): add a word to find")]
        shown = _shortened(" ".join(text.split()))
        return [QueryProblem("", f"no words to find in {shown!r}, only punctuation")]


def _shortened(typed: str, limit: int = 40) -> str:
    """What was typed, cut to ``limit`` characters: a pasted page makes no longer message."""
    return typed if len(typed) <= limit else f"{typed[: limit - 1]}…"


_DATE_SHAPE = "write a date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-04-30"
_DATE_PREFIX = re.compile(r"(\d{1,4})(?:-(\d{0,2})(?:-(\d{0,2}))?)?")


def _date_problem(value: str, typing: bool) -> str | None:
    """What is wrong with a ``date:`` value, or None; one being typed may be unfinished."""
    match = _DATE_PREFIX.fullmatch(value)
    if match is None:
        return _DATE_SHAPE
    year, month, day = match.groups()
    if len(year) < 4 and (not typing or month is not None):
        return f"a year has four digits: {_DATE_SHAPE}"
    if month is None:
        return None
    if (len(month) < 2 and (not typing or day is not None)) or (len(month) == 1 and month > "1"):
        padded = f", {year}-0{month}" if month not in ("", "0") else ""
        return f"a month has two digits{padded}: {_DATE_SHAPE}"
    if len(month) == 2 and not 1 <= int(month) <= 12:
        return f"there is no month {month}: {_DATE_SHAPE}"
    if day is None:
        return None
    if len(day) < 2 and not typing:
        padded = f", {year}-{month}-0{day}" if day not in ("", "0") else ""
        return f"a day has two digits{padded}: {_DATE_SHAPE}"
    last = calendar.monthrange(int(year), int(month))[1]
    if (len(day) == 1 and day > str(last)[0]) or (len(day) == 2 and not 1 <= int(day) <= last):
        return f"{year}-{month} has no day {day}: {_DATE_SHAPE}"
    return None
