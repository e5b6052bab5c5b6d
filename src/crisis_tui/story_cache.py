"""A story opened before is read back in its loaded form, not parsed and checked again.

Parsing and checking a 100,000-quote story takes seconds (PyYAML's events
alone are most of it); reading back the records it became takes a fraction
of that. Files live in ``$XDG_CACHE_HOME/crisis-tui/stories/``, named by the
digest of the story's text and a fingerprint of the code that loads stories,
so an edited story or an upgraded crisis-tui simply misses and loads as
before. Only the few most recently used are kept.

The format is JSON (nothing is unpickled or evaluated): each record a list of
its fields, references as positions in the list of their kind. A file starts
with its seal (:class:`~crisis_tui.cache_files.Seal`, a digest keyed with a
secret kept outside the cache directory), so a file that was not written by
this user's crisis-tui is refused unread; and every field is still checked
on the way in: its type, its choices, the range of every reference, unique
ids, places nested without a cycle. Anything amiss, and the file is ignored
and the story loaded from its text.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Sequence
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import crisis_tui
from crisis_tui.cache_files import (
    SEAL_BYTES,
    Seal,
    file_for,
    fingerprint,
    prune,
    touch,
    write_atomically,
)
from crisis_tui.collector import collector_paused
from crisis_tui.files import read_regular_file
from crisis_tui.loader import (
    MAX_BYTES,
    Diagnostic,
    LoadedStory,
    Severity,
    code_sources,
    load_story_text,
    text_digest,
)
from crisis_tui.loader.storyfile import read_text
from crisis_tui.loader.values import (
    ACTOR_KINDS,
    COUNTRY_PATTERN,
    ID_PATTERN,
    LINK_TYPES,
    MEDIA,
    PLACE_KINDS,
    QUOTE_KINDS,
    SOURCE_KINDS,
)
from crisis_tui.model import (
    Actor,
    Citation,
    Event,
    Link,
    PartialDate,
    Place,
    Quote,
    Side,
    Source,
    Story,
    StoryInfo,
)
from crisis_tui.model.dates import Precision
from crisis_tui.xdg import cache_directory

MAGIC = b"crisis-tui story\n"
SUFFIX = ".story"
RECORDS_PER_PIECE = 2_000
"""Records encoded at a time when a story is saved (see ``_json_in_pieces``)."""
KEEP = 5
"""How many stories to keep; the least recently used go first."""
MAX_FILE_BYTES = 4 * MAX_BYTES
"""A cached story is refused above this: more than any story file's loaded form."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
T = TypeVar("T")


class DamagedStoryFile(Exception):
    """The file is not a story this code wrote for this text."""


class StoryCache:
    """A directory of loaded stories, one per story text and code version."""

    def __init__(
        self,
        directory: Path | None,
        seal: Seal,
        *,
        keep: int = KEEP,
    ) -> None:
        """``directory`` None means no cache: every story is parsed (and ``seal`` is unused)."""
        self.directory = directory
        self.seal = seal
        self.keep = keep
        self.saving_allowed = threading.Event()
        """Set unless a reader asked to be first: the explorer clears it so that writing
        the cache (seconds of encoding, for a big story) waits until its first frame
        is drawn, and sets it then."""
        self.saving_allowed.set()
        self.saving: threading.Thread | None = None
        """The thread writing the last story loaded from its text, if any."""

    @classmethod
    def default(cls) -> StoryCache:
        """The user's cache directory, by the XDG spec; no cache without a home for it and a key."""
        try:
            return cls(cache_directory() / "stories", Seal.of_user())
        except OSError:
            return cls.off()

    @classmethod
    def off(cls) -> StoryCache:
        """No cache: every story is parsed."""
        return cls(None, Seal(b""))

    def load(self, path: Path, max_bytes: int = MAX_BYTES) -> LoadedStory:
        """``load_story(path)``, read back from the cache when this text was loaded before.

        Raises StoryError exactly as ``load_story`` does; a story with errors
        is never cached, so its errors are always reported afresh. A story
        parsed from its text is saved in a thread (see ``saving``), so the
        reader does not wait for the cache to see the story.
        """
        name = str(path)
        text = read_text(path, max_bytes)
        digest = text_digest(text)
        cached = self.read(digest, name)
        if cached is not None:
            return cached
        loaded = load_story_text(text, name)
        if self.directory is not None:
            self.saving = threading.Thread(
                target=self._save_quietly, args=(loaded,), name="story-cache", daemon=True
            )
            self.saving.start()
        return loaded

    def _save_quietly(self, loaded: LoadedStory) -> None:
        self.saving_allowed.wait()
        with suppress(OSError):
            self.save(loaded)

    def read(self, digest: str, name: str) -> LoadedStory | None:
        """The story loaded from the text with ``digest``, or None if none can be trusted."""
        if self.directory is None:
            return None
        try:
            key = _key(digest)
            path = file_for(self.directory, key, SUFFIX)
            data = read_regular_file(path, MAX_FILE_BYTES)
            with collector_paused():
                loaded = decode(data, key, digest, name, self.seal)
        except (OSError, DamagedStoryFile):
            return None
        touch(path)
        return loaded

    def save(self, loaded: LoadedStory) -> None:
        """Keep ``loaded`` for the next time its text is opened; raises OSError."""
        if self.directory is None or loaded.digest is None:
            return
        key = _key(loaded.digest)
        write_atomically(file_for(self.directory, key, SUFFIX), encode(loaded, key, self.seal))
        prune(self.directory, SUFFIX, self.keep)


@cache
def code_fingerprint() -> str:
    """Changes whenever the story's records, or how they are stored, may have; raises OSError.

    What turns a story's text into records (model, loader, PyYAML) and how
    this module encodes them are the code it digests.
    """
    versions = (crisis_tui.__version__, sys.version)
    return fingerprint(versions, (*code_sources(), Path(__file__)))


def _key(digest: str) -> str:
    return f"{digest}/{code_fingerprint()}"


# ------------------------------------------------------------------ writing


def encode(loaded: LoadedStory, key: str, seal: Seal) -> list[bytes]:
    """The parts of the file that stores ``loaded`` under ``key``, sealed with ``seal``."""
    story = loaded.story
    where: dict[int, int] = {}
    for records in (story.sides, story.sources, story.actors, story.places, story.events):
        where.update((id(record), place) for place, record in enumerate(records))

    def ref(record: object | None) -> int | None:
        return None if record is None else where[id(record)]

    def refs(records: Sequence[object]) -> list[int]:
        return [where[id(record)] for record in records]

    # Dates and lists of citations repeat across records: each distinct one is
    # stored (and checked on reading) once, and records name it by position.
    dates: dict[tuple[int | None, ...], int] = {}
    citation_lists: dict[tuple[tuple[int, int | None], ...], int] = {}

    def date(value: PartialDate | None) -> int | None:
        if value is None:
            return None
        return dates.setdefault(_date_fields(value), len(dates))

    def cites(citations: Sequence[Citation]) -> int:
        pairs = tuple((where[id(citation.source)], citation.para) for citation in citations)
        return citation_lists.setdefault(pairs, len(citation_lists))

    info = story.info
    body: dict[str, Any] = {
        "key": key,
        "info": [info.title, info.summary, info.timezone, info.language],
        "warnings": [[w.line, w.column, w.severity.value, w.message] for w in loaded.warnings],
        "sides": [[s.id, s.label, s.color, s.index] for s in story.sides],
        "sources": [
            [
                s.id,
                s.kind,
                s.title,
                ref(s.publisher),
                s.author,
                s.url,
                date(s.published),
                s.paragraphs,
                s.index,
            ]
            for s in story.sources
        ],
        "actors": [
            [
                a.id,
                a.name,
                a.kind,
                list(a.aliases),
                a.role,
                ref(a.side),
                a.country,
                a.summary,
                cites(a.sources),
                a.index,
            ]
            for a in story.actors
        ],
        "places": [
            [
                p.id,
                p.name,
                p.kind,
                ref(p.within),
                p.lat,
                p.lon,
                list(p.aliases),
                cites(p.sources),
                p.index,
            ]
            for p in story.places
        ],
        "events": [
            [
                e.id,
                e.title,
                date(e.when),
                date(e.until),
                e.when_text,
                e.approximate,
                e.summary,
                ref(e.place),
                refs(e.actors),
                list(e.tags),
                refs(e.reported_by),
                cites(e.sources),
                e.index,
            ]
            for e in story.events
        ],
        "quotes": [
            [
                q.id,
                q.text,
                ref(q.speaker),
                q.kind,
                q.medium,
                date(q.when),
                ref(q.event),
                refs(q.reported_by),
                q.language,
                cites(q.sources),
                q.index,
            ]
            for q in story.quotes
        ],
        "links": [
            [
                k.id,
                ref(k.from_actor),
                ref(k.to_actor),
                k.type,
                date(k.since),
                date(k.until),
                cites(k.sources),
                k.index,
            ]
            for k in story.links
        ],
    }
    body["dates"] = list(dates)
    body["citations"] = list(citation_lists)
    content = _json_in_pieces(body)
    return [MAGIC, seal.of(content), *content]


def _json_in_pieces(body: dict[str, list[Any] | str]) -> list[bytes]:
    """``body`` as one JSON object, written a few thousand records at a time.

    One ``json.dumps`` of a 100,000-quote story holds the interpreter for
    about a second; saved from a thread beside the explorer, that is a second
    in which no key is answered. Between pieces, other threads run.
    """
    pieces: list[bytes] = []
    for number, (name, value) in enumerate(body.items()):
        pieces.append(("{" if number == 0 else ",").encode() + _dumps(name) + b":")
        if isinstance(value, list) and len(value) > RECORDS_PER_PIECE:
            slices = range(0, len(value), RECORDS_PER_PIECE)
            pieces.append(b"[")
            for start in slices:
                if start:
                    pieces.append(b",")
                pieces.append(_dumps(value[start : start + RECORDS_PER_PIECE])[1:-1])
            pieces.append(b"]")
        else:
            pieces.append(_dumps(value))
    pieces.append(b"}")
    return pieces


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _date_fields(date: PartialDate) -> tuple[int | None, ...]:
    offset = None if date.offset is None else date.offset // timedelta(seconds=1)
    start = (date.start - _EPOCH) // _MICROSECOND
    fields = [date.year, date.month, date.day, date.hour, date.minute, date.second]
    return (*fields, int(date.precision), offset, start)


# ------------------------------------------------------------------ reading


def decode(data: bytes, key: str, digest: str, name: str, seal: Seal) -> LoadedStory:
    """The story stored in ``data`` under ``key``; DamagedStoryFile if it is not one
    ``seal``'s key sealed."""
    start = len(MAGIC) + SEAL_BYTES
    if data[: len(MAGIC)] != MAGIC:
        raise DamagedStoryFile("not a story file")
    content = memoryview(data)[start:]
    if not seal.matches(data[len(MAGIC) : start], [content]):
        raise DamagedStoryFile("not sealed by this user's key, or damaged")
    try:
        body = json.loads(content.tobytes())
        if not isinstance(body, dict) or body.get("key") != key:
            raise DamagedStoryFile("written for another story or version")
        return _Reader(body, name).loaded(digest)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError) as error:
        raise DamagedStoryFile(f"malformed: {error}") from None


class _Reader:
    """Rebuilds the records from a decoded body, checking every field on the way."""

    def __init__(self, body: dict[str, Any], name: str) -> None:
        self._body = body
        self._name = name
        self._ids: set[str] = set()
        self._sources: list[Source] = []
        self._dates = [_date_of(_list(fields)) for fields in _list(body["dates"])]
        self._citations: list[tuple[Citation, ...]] = []

    def loaded(self, digest: str) -> LoadedStory:
        body = self._body
        title, summary, timezone, language = _fields(body["info"], 4)
        info = StoryInfo(_text(title), _maybe_text(summary), _text(timezone), _maybe_text(language))
        warnings = tuple(self._warning(entry) for entry in _list(body["warnings"]))
        sides = [self._side(entry) for entry in _list(body["sides"])]
        source_entries = _list(body["sources"])
        self._sources = sources = [self._source(entry) for entry in source_entries]
        self._citations = [self._citation_list(entry) for entry in _list(body["citations"])]
        actors = [self._actor(entry, sides) for entry in _list(body["actors"])]
        for source, entry in zip(sources, source_entries, strict=True):
            publisher = _maybe_ref(entry[3], actors)
            if publisher is not None:
                object.__setattr__(source, "publisher", publisher)
        places = self._places(_list(body["places"]))
        events = [self._event(entry, places, actors) for entry in _list(body["events"])]
        quotes = self._quotes(_list(body["quotes"]), actors, events)
        links = [self._link(entry, actors) for entry in _list(body["links"])]
        story = Story(
            info,
            sides=sides,
            sources=sources,
            actors=actors,
            places=places,
            events=events,
            quotes=quotes,
            links=links,
        )
        if len(story) != len(self._ids):
            raise DamagedStoryFile("ids are not unique")
        return LoadedStory(story, warnings, digest)

    def _warning(self, entry: object) -> Diagnostic:
        line, column, severity, message = _fields(entry, 4)
        if severity != Severity.WARNING.value:
            raise DamagedStoryFile("a cached story has warnings only")
        return Diagnostic(
            self._name, _count(line), _count(column), Severity.WARNING, _text(message)
        )

    def _id(self, value: object) -> str:
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value) or value in self._ids:
            raise DamagedStoryFile(f"bad or repeated id {value!r}")
        self._ids.add(value)
        return value

    def _cites(self, value: object) -> tuple[Citation, ...]:
        return _ref(value, self._citations)

    def _citation_list(self, entry: object) -> tuple[Citation, ...]:
        return tuple(
            Citation(_ref(source, self._sources), _maybe_count(para))
            for source, para in (_fields(pair, 2) for pair in _list(entry))
        )

    def _date(self, value: object) -> PartialDate:
        return _ref(value, self._dates)

    def _maybe_date(self, value: object) -> PartialDate | None:
        return None if value is None else self._date(value)

    def _side(self, entry: object) -> Side:
        side_id, label, color, index = _fields(entry, 4)
        return Side(self._id(side_id), _text(label), _maybe_text(color), _count(index))

    def _source(self, entry: object) -> Source:
        source_id, kind, title, _, author, url, published, paragraphs, index = _fields(entry, 9)
        return Source(
            id=self._id(source_id),
            kind=_choice(kind, SOURCE_KINDS),
            title=_maybe_text(title),
            author=_maybe_text(author),
            url=_maybe_text(url),
            published=self._maybe_date(published),
            paragraphs=_maybe_count(paragraphs),
            index=_count(index),
        )

    def _actor(self, entry: object, sides: list[Side]) -> Actor:
        actor_id, name, kind, aliases, role, side, country, summary, cited, index = _fields(
            entry, 10
        )
        if country is not None and not (
            isinstance(country, str) and COUNTRY_PATTERN.fullmatch(country)
        ):
            raise DamagedStoryFile(f"bad country {country!r}")
        return Actor(
            id=self._id(actor_id),
            name=_text(name),
            kind=_choice(kind, ACTOR_KINDS),
            aliases=_texts(aliases),
            role=_maybe_text(role),
            side=_maybe_ref(side, sides),
            country=country,
            summary=_maybe_text(summary),
            sources=self._cites(cited),
            index=_count(index),
        )

    def _places(self, entries: list[object]) -> list[Place]:
        """Places in their stored order, each built after the place it lies within."""
        rows = [_fields(entry, 9) for entry in entries]
        built: list[Place | None] = [None] * len(rows)

        def build(position: int) -> Place:
            chain = []
            while (place := built[position]) is None:
                if position in chain:
                    raise DamagedStoryFile("places lie within each other")
                chain.append(position)
                within = rows[position][3]
                if within is None:
                    place = None
                    break
                position = _position(within, len(rows))
            for step in reversed(chain):
                place = built[step] = self._place(rows[step], place)
            assert place is not None
            return place

        return [build(position) for position in range(len(rows))]

    def _place(self, row: Sequence[Any], within: Place | None) -> Place:
        place_id, name, kind, _, lat, lon, aliases, cited, index = row
        return Place(
            id=self._id(place_id),
            name=_text(name),
            kind=_choice(kind, PLACE_KINDS),
            within=within,
            lat=_maybe_number(lat),
            lon=_maybe_number(lon),
            aliases=_texts(aliases),
            sources=self._cites(cited),
            index=_count(index),
        )

    def _event(self, entry: object, places: list[Place], actors: list[Actor]) -> Event:
        (event_id, title, when, until, when_text, approximate, summary, place, involved, tags) = (
            fields := _fields(entry, 13)
        )[:10]
        if not isinstance(approximate, bool):
            raise DamagedStoryFile("approximate is not true or false")
        return Event(
            id=self._id(event_id),
            title=_text(title),
            when=self._date(when),
            until=self._maybe_date(until),
            when_text=_maybe_text(when_text),
            approximate=approximate,
            summary=_maybe_text(summary),
            place=_maybe_ref(place, places),
            actors=_refs(involved, actors),
            tags=_texts(tags),
            reported_by=_refs(fields[10], actors),
            sources=self._cites(fields[11]),
            index=_count(fields[12]),
        )

    def _quotes(self, entries: list[Any], actors: list[Actor], events: list[Event]) -> list[Quote]:
        """Every quote, each field checked as everywhere else, written out inline.

        A big story holds quotes by the hundred thousand: a function call per
        field would be most of the time it takes to read the story back.
        """
        ids, is_id = self._ids, ID_PATTERN.fullmatch
        dates, citations = self._dates, self._citations
        actor_count, event_count, date_count = len(actors), len(events), len(dates)
        citation_count = len(citations)
        quotes = []
        for entry in entries:
            if type(entry) is not list or len(entry) != 11:
                raise DamagedStoryFile("a quote has eleven fields")
            quote_id, words, speaker, kind, medium, when, event, relayed, language, cited, index = (
                entry
            )
            if type(quote_id) is not str or quote_id in ids or not is_id(quote_id):
                raise DamagedStoryFile(f"bad or repeated id {quote_id!r}")
            ids.add(quote_id)
            if (
                type(words) is not str
                or type(speaker) is not int
                or not 0 <= speaker < actor_count
                or kind not in QUOTE_KINDS
                or (medium is not None and medium not in MEDIA)
                or (when is not None and (type(when) is not int or not 0 <= when < date_count))
                or (event is not None and (type(event) is not int or not 0 <= event < event_count))
                or (language is not None and type(language) is not str)
                or type(cited) is not int
                or not 0 <= cited < citation_count
                or type(index) is not int
                or index < 0
            ):
                raise DamagedStoryFile(f"quote {quote_id!r} has a field of the wrong kind")
            quotes.append(
                Quote(
                    quote_id,
                    words,
                    actors[speaker],
                    kind,
                    medium,
                    None if when is None else dates[when],
                    None if event is None else events[event],
                    _refs(relayed, actors) if relayed != [] else (),
                    language,
                    citations[cited],
                    index,
                )
            )
        return quotes

    def _link(self, entry: object, actors: list[Actor]) -> Link:
        link_id, origin, target, kind, since, until, cited, index = _fields(entry, 8)
        return Link(
            from_actor=_ref(origin, actors),
            to_actor=_ref(target, actors),
            type=_choice(kind, LINK_TYPES),
            id=None if link_id is None else self._id(link_id),
            since=self._maybe_date(since),
            until=self._maybe_date(until),
            sources=self._cites(cited),
            index=_count(index),
        )


def _list(value: object) -> list[Any]:
    if type(value) is not list:
        raise DamagedStoryFile("expected a list")
    return value


def _fields(value: object, count: int) -> list[Any]:
    fields = _list(value)
    if len(fields) != count:
        raise DamagedStoryFile(f"expected {count} fields, found {len(fields)}")
    return fields


def _text(value: object) -> str:
    if type(value) is not str:
        raise DamagedStoryFile("expected text")
    return value


def _maybe_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _texts(value: object) -> tuple[str, ...]:
    return tuple(_text(item) for item in _list(value))


def _choice(value: object, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise DamagedStoryFile(f"{value!r} is not one of {choices}")
    assert isinstance(value, str)
    return value


def _count(value: object) -> int:
    if type(value) is not int or value < 0:
        raise DamagedStoryFile(f"{value!r} is not a count")
    return value


def _maybe_count(value: object) -> int | None:
    return None if value is None else _count(value)


def _maybe_number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) <= 180:
        return value
    raise DamagedStoryFile(f"{value!r} is not a coordinate")


def _position(value: object, size: int) -> int:
    if type(value) is not int or not 0 <= value < size:
        raise DamagedStoryFile(f"reference {value!r} out of range")
    return value


def _ref(value: object, records: list[T]) -> T:
    return records[_position(value, len(records))]


def _maybe_ref(value: object, records: list[T]) -> T | None:
    return None if value is None else _ref(value, records)


def _refs(value: object, records: list[T]) -> tuple[T, ...]:
    return tuple(_ref(item, records) for item in _list(value))


_PRECISIONS = {int(precision): precision for precision in Precision}
_FIELDS_OF: dict[Precision, int] = {
    Precision.YEAR: 1,
    Precision.MONTH: 2,
    Precision.DAY: 3,
    Precision.MINUTE: 5,
    Precision.SECOND: 6,
}
_BOUNDS = ((1, 9999), (1, 12), (1, 31), (0, 23), (0, 59), (0, 59))


def _date_of(value: list[Any]) -> PartialDate:
    year, month, day, hour, minute, second, precision, offset, start = _fields(value, 9)
    parts = (year, month, day, hour, minute, second)
    level = _PRECISIONS.get(precision) if type(precision) is int else None
    if level is None:
        raise DamagedStoryFile(f"{precision!r} is not a precision")
    written = _FIELDS_OF[level]
    for position, (part, (low, high)) in enumerate(zip(parts, _BOUNDS, strict=True)):
        present = position < written
        if (part is not None) != present or (
            present and not (type(part) is int and low <= part <= high)
        ):
            raise DamagedStoryFile(f"date field {part!r} does not fit its precision")
    if offset is not None and not (type(offset) is int and abs(offset) < 86_400):
        raise DamagedStoryFile(f"{offset!r} is not a UTC offset")
    if type(start) is not int:
        raise DamagedStoryFile("date without a start")
    return PartialDate(
        year,
        month,
        day,
        hour,
        minute,
        second,
        level,
        None if offset is None else timedelta(seconds=offset),
        _EPOCH + start * _MICROSECOND,
    )
