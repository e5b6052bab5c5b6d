"""Whatever the text, the loader either loads it or raises StoryError: nothing else, no hang.

Hypothesis builds arbitrary YAML documents (most of them shaped like a story,
so the checks run deep), arbitrary text, and mutated copies of real stories.
Runs are derandomised so CI sees the same examples every time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loader_helpers import BUNDLED, MINIMAL

from crisis_tui.export import export_story
from crisis_tui.loader import LoadedStory, StoryError, load_story_text
from crisis_tui.loader.spec import SECTIONS, STORY_FIELDS, TOP_LEVEL_KEYS
from crisis_tui.loader.values import (
    ACTOR_KINDS,
    LINK_TYPES,
    MEDIA,
    PLACE_KINDS,
    QUOTE_KINDS,
    SOURCE_KINDS,
)

_BASE = settings(
    deadline=2000,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_KEYS = sorted(
    {*TOP_LEVEL_KEYS, *(f.key for f in STORY_FIELDS)}
    | {f.key for section in SECTIONS.values() for f in section.fields}
    | {"para", "source"}
)
_NO_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
_IDS = ["a", "b", "c", "s", "report", "alice", "x-1"]
_WORDS = [
    "crisis-story/1",
    "UTC",
    "America/Caracas",
    "America",
    "person",
    "media",
    "city",
    "supports",
    "verbatim",
    "2019",
    "2019-04",
    "2019-04-30",
    "2019-04-30T06:15",
    "2019-04-30T06:15+02:00",
    "2019-02-30",
    "6:15",
    "NO",
    "VE",
    "true",
    *_IDS,
]

_scalars: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(_WORDS),
    st.dates(),
    st.datetimes(),
)
_keys = st.one_of(st.sampled_from(_KEYS), st.text(max_size=8), st.integers(), st.booleans())
_documents: st.SearchStrategy[Any] = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(_keys, children, max_size=6),
    ),
    max_leaves=40,
)


def _field_value(key: str) -> st.SearchStrategy[Any]:
    return st.one_of(
        _scalars,
        st.sampled_from(_IDS),
        st.lists(st.one_of(st.sampled_from(_IDS), _scalars), max_size=3),
        st.lists(
            st.fixed_dictionaries(
                {"source": st.sampled_from(_IDS)},
                optional={"para": st.integers(min_value=-1, max_value=12)},
            ),
            max_size=3,
        ),
        _documents,
    )


def _record(section: str) -> st.SearchStrategy[dict[str, Any]]:
    fields = SECTIONS[section].fields
    return st.dictionaries(
        st.one_of(st.sampled_from([f.key for f in fields]), st.text(max_size=6)),
        st.deferred(lambda: _field_value(section)),
        max_size=len(fields) + 1,
    ).map(lambda record: {"id": record.pop("id", "x"), **record} if section != "links" else record)


@st.composite
def _story_like(draw: st.DrawFn) -> dict[str, Any]:
    document: dict[str, Any] = {}
    if draw(st.booleans()) or draw(st.booleans()):
        document["format"] = draw(st.sampled_from(["crisis-story/1", "crisis-story/1", "x"]))
    document["story"] = draw(
        st.fixed_dictionaries(
            {"title": st.one_of(st.text(max_size=10), _scalars)},
            optional={
                "timezone": st.sampled_from(["UTC", "America/Caracas", "Europe/Oslo", "Mars/Base"]),
                "summary": _scalars,
            },
        )
    )
    for section in draw(st.lists(st.sampled_from(list(SECTIONS)), unique=True, max_size=7)):
        document[section] = draw(st.lists(_record(section), max_size=4))
    return document


def _load(text: str) -> LoadedStory | None:
    try:
        return load_story_text(text, "generated.yaml")
    except StoryError as error:
        diagnostics = error.diagnostics
    assert diagnostics
    for diagnostic in diagnostics:
        assert str(diagnostic).startswith("generated.yaml")
    return None


def _dump(document: Any) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@settings(_BASE, max_examples=300)
@given(_documents)
def test_arbitrary_yaml_documents_load_or_raise_story_error(document: Any) -> None:
    _load(_dump(document))


@settings(_BASE, max_examples=400)
@given(_story_like())
def test_story_shaped_documents_load_or_raise_story_error(document: dict[str, Any]) -> None:
    loaded = _load(_dump(document))
    if loaded is not None:
        # Whatever loads exports, and its JSON loads back to the same story.
        first = export_story(loaded.story, "json")
        export_story(loaded.story, "markdown")
        for section in SECTIONS:
            export_story(loaded.story, "csv", (section,))
        again = load_story_text(first, "export.json")
        assert export_story(again.story, "json") == first


@settings(_BASE, max_examples=300)
@given(st.text(max_size=300))
def test_arbitrary_text_loads_or_raises_story_error(text: str) -> None:
    _load(text)


@settings(_BASE, max_examples=200)
@given(st.text(alphabet="[]{}:-,&*!|>'\"#%@`?\n abc01", max_size=200))
def test_yaml_punctuation_soup_loads_or_raises_story_error(text: str) -> None:
    _load(text)


# -- mutated real stories -------------------------------------------------


@st.composite
def _mutated(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    kind = draw(
        st.sampled_from(
            ["delete", "duplicate", "swap", "replace-char", "truncate", "change-id", "indent"]
        )
    )
    if kind == "delete":
        del lines[draw(st.integers(0, len(lines) - 1))]
    elif kind == "duplicate":
        index = draw(st.integers(0, len(lines) - 1))
        lines.insert(index, lines[index])
    elif kind == "swap":
        first = draw(st.integers(0, len(lines) - 1))
        second = draw(st.integers(0, len(lines) - 1))
        lines[first], lines[second] = lines[second], lines[first]
    elif kind == "indent":
        index = draw(st.integers(0, len(lines) - 1))
        lines[index] = draw(st.sampled_from(["  ", "\t", " "])) + lines[index]
    elif kind == "change-id":
        ids = [i for i, line in enumerate(lines) if line.strip().startswith(("- id: ", "id: "))]
        index = draw(st.sampled_from(ids))
        prefix = lines[index].split("id: ")[0]
        lines[index] = prefix + "id: " + draw(st.sampled_from([*_IDS, "Bad_Id", "", "1"]))
    else:
        joined = "\n".join(lines)
        where = draw(st.integers(0, len(joined) - 1))
        if kind == "truncate":
            return joined[:where]
        character = draw(
            st.one_of(
                st.sampled_from(list("[]{}:-#&*!\"' \n\t0aZ")),
                st.characters(exclude_categories=_NO_SURROGATES),
            )
        )
        return joined[:where] + character + joined[where + 1 :]
    return "\n".join(lines)


_MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")


@settings(_BASE, max_examples=300)
@given(_mutated(_MINIMAL_TEXT))
def test_mutated_minimal_story_loads_or_raises_story_error(text: str) -> None:
    _load(text)


_BUNDLED_TEXT = BUNDLED.read_text(encoding="utf-8") if BUNDLED.is_file() else "format: x\n"


@pytest.mark.skipif(not BUNDLED.is_file(), reason="bundled story not written yet")
@settings(_BASE, max_examples=150)
@given(_mutated(_BUNDLED_TEXT))
def test_mutated_bundled_story_loads_or_raises_story_error(text: str) -> None:
    _load(text)


# -- generated valid stories ----------------------------------------------

_texts = st.text(
    alphabet=st.characters(exclude_categories=_NO_SURROGATES),
    max_size=15,
)


def _degrees(bound: int) -> st.SearchStrategy[int | float]:
    return st.one_of(
        st.integers(min_value=-bound, max_value=bound),
        st.floats(min_value=-bound, max_value=bound),
    )


@st.composite
def _date(draw: st.DrawFn) -> str:
    moment = draw(st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)))
    precision = draw(st.integers(min_value=1, max_value=5))
    text = f"{moment.year:04d}"
    if precision >= 2:
        text += f"-{moment.month:02d}"
    if precision >= 3:
        text += f"-{moment.day:02d}"
    if precision >= 4:
        text += f"T{moment.hour:02d}:{moment.minute:02d}"
        if precision == 5:
            text += f":{moment.second:02d}"
        text += draw(st.sampled_from(["", "", "Z", "+05:30", "-04:00"]))
    return text


def _optional(
    record: dict[str, Any], draw: st.DrawFn, key: str, value: st.SearchStrategy[Any]
) -> None:
    if draw(st.booleans()):
        record[key] = draw(value)


@st.composite
def _valid_story(draw: st.DrawFn) -> dict[str, Any]:
    counts = {
        key: draw(st.integers(min_value=low, max_value=3))
        for key, low in [
            ("sides", 0),
            ("sources", 1),
            ("actors", 1),
            ("places", 0),
            ("events", 0),
            ("quotes", 0),
            ("links", 0),
        ]
    }
    ids = {key: [f"{key[:-1]}-{i}" for i in range(n)] for key, n in counts.items()}
    paragraphs = {
        source: draw(st.one_of(st.none(), st.integers(1, 50))) for source in ids["sources"]
    }

    def citations(required: bool) -> list[Any]:
        cited = []
        for _ in range(draw(st.integers(1 if required else 0, 3))):
            source = draw(st.sampled_from(ids["sources"]))
            limit = paragraphs[source] or 99
            cited.append(
                draw(
                    st.one_of(
                        st.just(source),
                        st.builds(
                            lambda para, source=source: {"source": source, "para": para},
                            st.integers(1, limit),
                        ),
                    )
                )
            )
        return cited

    def some(key: str) -> st.SearchStrategy[list[str]]:
        return (
            st.lists(st.sampled_from(ids[key]), unique=True, max_size=3)
            if ids[key]
            else st.just([])
        )

    story: dict[str, Any] = {"title": draw(_texts)}
    _optional(story, draw, "summary", _texts)
    _optional(story, draw, "timezone", st.sampled_from(["UTC", "America/Caracas", "Asia/Kolkata"]))
    _optional(story, draw, "language", _texts)
    document: dict[str, Any] = {"format": "crisis-story/1", "story": story}

    document["sides"] = []
    for side in ids["sides"]:
        record: dict[str, Any] = {"id": side, "label": draw(_texts)}
        _optional(record, draw, "color", _texts)
        document["sides"].append(record)
    document["sources"] = []
    for source in ids["sources"]:
        record = {"id": source}
        _optional(record, draw, "kind", st.sampled_from(SOURCE_KINDS))
        _optional(record, draw, "title", _texts)
        _optional(record, draw, "publisher", st.sampled_from(ids["actors"]))
        _optional(record, draw, "author", _texts)
        _optional(record, draw, "url", _texts)
        _optional(record, draw, "published", _date())
        if paragraphs[source] is not None:
            record["paragraphs"] = paragraphs[source]
        document["sources"].append(record)
    document["actors"] = []
    for actor in ids["actors"]:
        record = {"id": actor, "name": draw(_texts)}
        _optional(record, draw, "kind", st.sampled_from(ACTOR_KINDS))
        _optional(record, draw, "aliases", st.lists(_texts, max_size=2))
        _optional(record, draw, "role", _texts)
        if ids["sides"]:
            _optional(record, draw, "side", st.sampled_from(ids["sides"]))
        _optional(record, draw, "country", st.from_regex(r"[A-Z]{2}", fullmatch=True))
        _optional(record, draw, "summary", _texts)
        if draw(st.booleans()):
            record["sources"] = citations(required=True)
        document["actors"].append(record)
    document["places"] = []
    for index, place in enumerate(ids["places"]):
        record = {"id": place, "name": draw(_texts)}
        _optional(record, draw, "kind", st.sampled_from(PLACE_KINDS))
        if index:
            _optional(record, draw, "within", st.sampled_from(ids["places"][:index]))
        _optional(record, draw, "lat", _degrees(90))
        _optional(record, draw, "lon", _degrees(180))
        _optional(record, draw, "aliases", st.lists(_texts, max_size=2))
        document["places"].append(record)
    document["events"] = []
    for event in ids["events"]:
        record = {"id": event, "title": draw(_texts), "when": draw(_date())}
        if draw(st.booleans()):
            record["until"] = "9999"
        _optional(record, draw, "when_text", _texts)
        _optional(record, draw, "approximate", st.booleans())
        _optional(record, draw, "summary", _texts)
        if ids["places"]:
            _optional(record, draw, "place", st.sampled_from(ids["places"]))
        _optional(record, draw, "actors", some("actors"))
        _optional(record, draw, "tags", st.lists(_texts, max_size=2))
        _optional(record, draw, "reported_by", some("actors"))
        record["sources"] = citations(required=True)
        document["events"].append(record)
    document["quotes"] = []
    for quote in ids["quotes"]:
        record = {
            "id": quote,
            "text": draw(_texts),
            "speaker": draw(st.sampled_from(ids["actors"])),
        }
        _optional(record, draw, "kind", st.sampled_from(QUOTE_KINDS))
        _optional(record, draw, "medium", st.sampled_from(MEDIA))
        _optional(record, draw, "when", _date())
        if ids["events"]:
            _optional(record, draw, "event", st.sampled_from(ids["events"]))
        _optional(record, draw, "reported_by", some("actors"))
        _optional(record, draw, "language", _texts)
        record["sources"] = citations(required=True)
        document["quotes"].append(record)
    document["links"] = []
    for link in ids["links"] if len(ids["actors"]) > 1 else ():
        start, end = draw(
            st.lists(st.sampled_from(ids["actors"]), min_size=2, max_size=2, unique=True)
        )
        record = {
            "from": start,
            "to": end,
            "type": draw(st.sampled_from(LINK_TYPES)),
        }
        _optional(record, draw, "id", st.just(link))
        _optional(record, draw, "since", st.just("0001"))
        _optional(record, draw, "until", st.just("9999-12-31"))
        if draw(st.booleans()):
            record["sources"] = citations(required=True)
        document["links"].append(record)
    return document


@settings(_BASE, max_examples=150)
@given(_valid_story())
def test_generated_valid_stories_load_export_and_reload_unchanged(document: dict[str, Any]) -> None:
    try:
        loaded = load_story_text(_dump(document), "generated.yaml")
    except StoryError as error:  # pragma: no cover - a failure explains itself
        pytest.fail(f"a valid story was refused:\n{error}\n---\n{_dump(document)}")
    story = loaded.story
    for section in SECTIONS:
        written = [record.get("id") for record in document[section]]
        assert sorted(map(str, written)) == sorted(str(r.id) for r in getattr(story, section))
    first = export_story(story, "json")
    again = load_story_text(first, "export.json")
    assert export_story(again.story, "json") == first
    assert len(again.warnings) == len(loaded.warnings)
    for section in SECTIONS:
        rows = export_story(story, "csv", (section,)).count("\n")
        assert rows >= len(getattr(story, section)) + 1
    brief = export_story(story, "markdown")
    assert brief.startswith("# ")
