"""A large story is indexed once: later runs read the index back, and get the same answers.

Whatever is in the cache directory (nothing, a damaged file, a file for
another story, no directory at all) the index comes back right: the cache
may only ever make things faster.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from array import array
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_helpers import forbid_building, story_of_quotes

from crisis_tui.cache_files import Seal
from crisis_tui.loader import bundled_story_path, load_story, load_story_text
from crisis_tui.model import Story
from crisis_tui.search import SearchIndex
from crisis_tui.search.cache import KEEP, SUFFIX, IndexCache
from crisis_tui.search.documents import Field
from crisis_tui.search.index import InvertedIndex
from crisis_tui.search.index_file import MAGIC, read_index, write_index

QUERIES = (
    "guaido usurp",
    "maudro nerves steel",
    "tratiors",
    '"nerves of steel"',
    "'traitors !military",
    "by:maduro kind:quote",
    "side:opposition date:2019-04",
    "medium:tweet",
    "caracas",
)


def answers(index: SearchIndex) -> list[list[tuple[str | None, float, object, object]]]:
    """Everything a user sees of each query's hits: which, in what order, what is highlighted."""
    return [
        [(hit.entity.id, hit.score, hit.spans, hit.title_spans) for hit in index.search(query)]
        for query in QUERIES
    ]


def assert_same_index(read: InvertedIndex, built: InvertedIndex) -> None:
    assert [id(entity) for entity in read.entities] == [id(entity) for entity in built.entities]
    assert read.vocabulary.words == built.vocabulary.words
    assert read.vocabulary.frequencies == built.vocabulary.frequencies
    assert read.facets == built.facets
    assert read.postings.keys() == built.postings.keys()
    for channel, postings in built.postings.items():
        copy = read.postings[channel]
        assert copy.slots == postings.slots
        assert copy.starts == postings.starts
        assert copy.entities == postings.entities
        assert copy.positions == postings.positions
        assert copy.lengths == postings.lengths


def cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"*{SUFFIX}"))


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """Where the cache under test keeps its files; not created in advance."""
    return tmp_path / "index"


@pytest.fixture
def bundled() -> tuple[Story, str]:
    loaded = load_story(bundled_story_path())
    assert loaded.digest is not None
    return loaded.story, loaded.digest


def test_a_saved_index_answers_every_query_exactly_as_a_fresh_build(
    cache_dir: Path, bundled: tuple[Story, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    story, digest = bundled
    built = IndexCache(cache_dir, Seal.of_user(), min_entities=0).index(story, digest)
    assert len(cache_files(cache_dir)) == 1
    forbid_building(monkeypatch)
    read = IndexCache(cache_dir, Seal.of_user(), min_entities=0).index(story, digest)
    assert read is not built
    assert_same_index(read.inverted, built.inverted)
    assert answers(read) == answers(built)
    assert read.search("guaido usurp")[0].entity.id == "q-guaido-usurpation"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=12))
def test_any_story_reads_back_as_the_index_it_was_built_as(texts: list[str]) -> None:
    story = story_of_quotes(*texts)
    built = InvertedIndex.build(story)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "story.index"
        write_index(built, story, "key", path, Seal.of_user())
        assert_same_index(read_index(path, story, "key", Seal.of_user()), built)


def test_small_stories_leave_no_file(cache_dir: Path, bundled: tuple[Story, str]) -> None:
    story, digest = bundled
    IndexCache(cache_dir, Seal.of_user()).index(story, digest)
    assert not cache_dir.exists() or not cache_files(cache_dir)


def test_a_story_not_read_from_text_is_never_cached(cache_dir: Path) -> None:
    IndexCache(cache_dir, Seal.of_user(), min_entities=0).index(story_of_quotes("words"), None)
    assert not cache_dir.exists()


def test_an_edited_story_misses_and_gets_its_own_index(cache_dir: Path) -> None:
    text = bundled_story_path().read_text(encoding="utf-8")
    before = load_story_text(text)
    after = load_story_text(text.replace("nerves of steel", "nerves of iron"))
    assert before.digest != after.digest
    cache = IndexCache(cache_dir, Seal.of_user(), min_entities=0)
    cache.index(before.story, before.digest)
    edited = cache.index(after.story, after.digest)
    assert edited.search('"nerves of iron"')
    assert not edited.search('"nerves of steel"')
    assert len(cache_files(cache_dir)) == 2


def test_only_the_most_recently_used_files_are_kept(
    cache_dir: Path, bundled: tuple[Story, str]
) -> None:
    story, _ = bundled
    cache = IndexCache(cache_dir, Seal.of_user(), min_entities=0)

    def use(version: int) -> None:
        assert cache.index(story, f"version-{version}").search("guaido")
        for path in cache_files(cache_dir):  # the rest older, whatever the clock's grain
            os.utime(path, (path.stat().st_atime, path.stat().st_mtime - 1))

    for version in range(KEEP):
        use(version)
    use(0)  # read back: now the most recently used
    use(KEEP)  # one too many: the least recently used goes
    assert cache.read(story, "version-1") is None
    kept = [0, *range(2, KEEP + 1)]
    assert all(cache.read(story, f"version-{version}") is not None for version in kept)
    assert len(cache_files(cache_dir)) == KEEP


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 1]), id="one-bit-flipped"),
        pytest.param(lambda data: data + b"\0", id="trailing-byte"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: os.urandom(len(data)), id="noise"),
        pytest.param(lambda data: b"\x80\x04\x95" + data, id="pickle-looking"),
    ],
)
def test_a_damaged_file_is_rebuilt_and_replaced(
    cache_dir: Path,
    bundled: tuple[Story, str],
    damage: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    story, digest = bundled
    cache = IndexCache(cache_dir, Seal.of_user(), min_entities=0)
    expected = answers(cache.index(story, digest))
    (path,) = cache_files(cache_dir)
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))
    assert answers(cache.index(story, digest)) == expected
    forbid_building(monkeypatch)
    assert answers(cache.index(story, digest)) == expected


def _deeply_nested(content: bytes) -> bytes:
    """A header of 100,000 nested lists, sealed with the user's key: refused, not a crash."""
    header = b"[" * 100_000 + b"]" * 100_000
    nested = len(header).to_bytes(8, "little") + header
    return MAGIC + Seal.of_user().of([nested]) + nested


def _plainly_digested(content: bytes) -> bytes:
    """What someone who can write to the cache directory, but not read the key, can make."""
    return MAGIC + hashlib.blake2b(content, digest_size=16).digest() + content


def _sealed_by_another_user(content: bytes) -> bytes:
    return MAGIC + Seal(b"k" * 32).of([content]) + content


@pytest.mark.parametrize("craft", [_deeply_nested, _plainly_digested, _sealed_by_another_user])
def test_a_crafted_file_is_refused_and_rebuilt(
    cache_dir: Path, bundled: tuple[Story, str], craft: Callable[[bytes], bytes]
) -> None:
    story, digest = bundled
    cache = IndexCache(cache_dir, Seal.of_user(), min_entities=0)
    expected = answers(cache.index(story, digest))
    (path,) = cache_files(cache_dir)
    path.write_bytes(craft(path.read_bytes()[len(MAGIC) + 16 :]))
    assert cache.read(story, digest) is None
    assert answers(cache.index(story, digest)) == expected
    assert cache.read(story, digest) is not None, "rewritten with the user's key"


def test_a_file_for_another_story_under_the_same_name_is_refused(
    cache_dir: Path, bundled: tuple[Story, str]
) -> None:
    story, digest = bundled
    cache = IndexCache(cache_dir, Seal.of_user(), min_entities=0)
    other = story_of_quotes("nothing about venezuela")
    cache.index(other, "other")
    (other_file,) = cache_files(cache_dir)
    cache.index(story, digest)
    (story_file,) = set(cache_files(cache_dir)) - {other_file}
    story_file.write_bytes(other_file.read_bytes())
    assert cache.index(story, digest).search("guaido usurp")


def test_an_unusable_cache_directory_still_gives_an_index(
    tmp_path: Path, bundled: tuple[Story, str]
) -> None:
    story, digest = bundled
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    index = IndexCache(blocked / "index", Seal.of_user(), min_entities=0).index(story, digest)
    assert index.search("guaido usurp")


def test_the_same_text_has_the_same_digest_wherever_it_is_read_from(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(bundled_story_path().read_bytes())
    assert load_story(copy).digest == load_story(bundled_story_path()).digest


def test_the_cache_lives_under_xdg_cache_home(isolated_cache: Path) -> None:
    assert IndexCache.default().directory == isolated_cache / "crisis-tui" / "index"


@pytest.mark.usefixtures("without_home")
def test_without_a_home_directory_there_is_no_cache_but_still_an_index(
    bundled: tuple[Story, str],
) -> None:
    story, digest = bundled
    cache = IndexCache.default()
    assert cache.directory is None
    assert cache.index(story, digest).search("guaido usurp")


class ForgedFile:
    """An index file taken apart into its header and arrays, to be changed and sealed again
    with a digest that matches: what someone who can write to the cache could make."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data = path.read_bytes()
        start = len(MAGIC) + 16
        header_end = start + 8 + int.from_bytes(data[start : start + 8], "little")
        self.header = json.loads(data[start + 8 : header_end])
        body = memoryview(data[header_end:])
        self.arrays: dict[str, array[int]] = {}
        offset = 0

        def take(name: str, typecode: str, count: int) -> None:
            nonlocal offset
            taken = array(typecode)
            taken.frombytes(body[offset : offset + count * taken.itemsize])
            offset += count * taken.itemsize
            self.arrays[name] = taken

        take("places", "I", self.header["entities"])
        take("frequencies", "I", len(self.header["words"]))
        for channel in self.header["channels"]:
            key = f"{channel['kind']}.{channel['field']}"
            take(f"{key}.starts", "Q", len(channel["words"]) + 1)
            count = self.arrays[f"{key}.starts"][-1]
            take(f"{key}.entities", "I", count)
            take(f"{key}.positions", "B", count)
            if Field(channel["field"]).holds_names:
                take(f"{key}.lengths", "B", count)
        for name, count in self.header["facets"]:
            take(f"facet.{name}", "I", count)
        assert offset == len(body)

    def postings(self, kind: str, field: int, word: str) -> tuple[array[int], int, int]:
        """The entities array of a channel, and where one word's list lies in it."""
        (channel,) = (
            c for c in self.header["channels"] if (c["kind"], c["field"]) == (kind, field)
        )
        slot = channel["words"].index(self.header["words"].index(word))
        starts = self.arrays[f"{kind}.{field}.starts"]
        return self.arrays[f"{kind}.{field}.entities"], starts[slot], starts[slot + 1]

    def seal(self) -> None:
        header = json.dumps(self.header, ensure_ascii=False, separators=(",", ":")).encode()
        content = len(header).to_bytes(8, "little") + header
        content += b"".join(part.tobytes() for part in self.arrays.values())
        self.path.write_bytes(MAGIC + Seal.of_user().of([content]) + content)


def _out_of_range_mid_list(forged: ForgedFile) -> None:
    entities, start, end = forged.postings("quote", 2, "guaido")
    assert end - start >= 3
    entities[start + 1] = 10**9


def _all_places_zero(forged: ForgedFile) -> None:
    places = forged.arrays["places"]
    places[:] = array("I", [0] * len(places))


def _reversed_places(forged: ForgedFile) -> None:
    forged.arrays["places"].reverse()


def _maxed_frequencies(forged: ForgedFile) -> None:
    frequencies = forged.arrays["frequencies"]
    frequencies[:] = array("I", [2**32 - 1] * len(frequencies))


def _falling_ids_in_a_list(forged: ForgedFile) -> None:
    entities, start, end = forged.postings("quote", 2, "guaido")
    assert end - start >= 4  # the ends stay put: only the middle falls
    entities[start + 1], entities[start + 2] = entities[start + 2], entities[start + 1]


def _kind_facet_of_everything(forged: ForgedFile) -> None:
    forged.arrays["facet.kind:quote"] = array("I", range(forged.header["entities"]))
    for entry in forged.header["facets"]:
        if entry[0] == "kind:quote":
            entry[1] = forged.header["entities"]


@pytest.mark.parametrize(
    "lie",
    [
        _out_of_range_mid_list,
        _all_places_zero,
        _reversed_places,
        _maxed_frequencies,
        _kind_facet_of_everything,
    ],
)
def test_a_forged_file_with_a_recomputed_digest_is_refused_and_the_answers_stay_right(
    cache_dir: Path, bundled: tuple[Story, str], lie: Callable[[ForgedFile], None]
) -> None:
    story, digest = bundled
    cache = IndexCache(cache_dir, Seal.of_user(), min_entities=0)
    expected = answers(cache.index(story, digest))
    kinds_only = cache.index(story, digest).search("kind:quote", limit=200)
    (path,) = cache_files(cache_dir)
    forged = ForgedFile(path)
    lie(forged)
    forged.seal()
    assert cache.read(story, digest) is None
    index = cache.index(story, digest)
    assert answers(index) == expected
    assert index.search("kind:quote", limit=200) == kinds_only
    assert cache.read(story, digest) is not None  # rebuilt and saved over the forgery


def test_a_list_out_of_order_is_read_but_every_hit_it_gives_is_true(
    cache_dir: Path, bundled: tuple[Story, str]
) -> None:
    story, digest = bundled
    cache = IndexCache(cache_dir, Seal.of_user(), min_entities=0)
    built = cache.index(story, digest)
    (path,) = cache_files(cache_dir)
    forged = ForgedFile(path)
    _falling_ids_in_a_list(forged)
    forged.seal()
    read = cache.read(story, digest)
    assert read is not None  # order within a list is not checked: see the README
    for query in QUERIES:
        true_scores = {hit.entity: hit.score for hit in built.search(query, limit=1000)}
        for hit in read.search(query, limit=50):
            assert true_scores[hit.entity] == hit.score


def test_a_posting_filed_under_another_kind_cannot_make_a_hit_of_that_kind(
    cache_dir: Path, bundled: tuple[Story, str]
) -> None:
    story, digest = bundled
    cache = IndexCache(cache_dir, Seal.of_user(), min_entities=0)
    built = cache.index(story, digest)
    (path,) = cache_files(cache_dir)
    forged = ForgedFile(path)
    entities, start, _ = forged.postings("quote", 1, "guaido")
    actors, actor_start, _ = forged.postings("actor", 0, "guaido")
    entities[start] = actors[actor_start]  # an actor named Guaidó, filed as a quote's words
    forged.seal()
    read = cache.read(story, digest)
    assert read is not None  # which words an entity holds is not checked: see the README
    assert {hit.kind for hit in read.search("kind:quote guaido")} == {"quote"}
    assert {hit.kind for hit in built.search("kind:quote guaido")} == {"quote"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_change_to_any_array_of_a_file_can_make_a_search_raise(data: st.DataObject) -> None:
    story, digest = _bundled_story()
    with tempfile.TemporaryDirectory() as directory:
        cache = IndexCache(Path(directory), Seal.of_user(), min_entities=0)
        cache.index(story, digest)
        (path,) = cache_files(Path(directory))
        forged = ForgedFile(path)
        name = data.draw(st.sampled_from(sorted(name for name, a in forged.arrays.items() if a)))
        changed = forged.arrays[name]
        place = data.draw(st.integers(0, len(changed) - 1))
        changed[place] = data.draw(st.integers(0, 2 ** (8 * changed.itemsize) - 1))
        forged.seal()
        index = cache.index(story, digest)
        for query in QUERIES:
            for hit in index.search(query, limit=50):
                assert story.get(hit.entity.id or "") is hit.entity


@cache
def _bundled_story() -> tuple[Story, str]:
    loaded = load_story(bundled_story_path())
    assert loaded.digest is not None
    return loaded.story, loaded.digest
