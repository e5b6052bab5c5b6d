"""A story opened before is read back from the cache: the same story, whatever the cache holds.

The cache may only ever make opening faster. Whatever is in its directory (a
truncated or flipped file, a well-formed file that lies, a symlink to a
device, a FIFO, a directory, no way to write, two writers at once) the
explorer shows the story the file holds, with its warnings.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from loader_helpers import WARNINGS
from test_explorer_support import screen_text

from crisis_tui import story_cache
from crisis_tui.app import make_app
from crisis_tui.cache_files import Seal, fingerprint
from crisis_tui.export import export_story
from crisis_tui.loader import (
    LoadedStory,
    StoryError,
    bundled_story_path,
    code_sources,
    load_story,
)
from crisis_tui.loader.spec import SECTIONS
from crisis_tui.story_cache import MAGIC, SUFFIX, StoryCache
from crisis_tui.story_service import StoryService

FIRST_EVENT = "López held under house arrest"
"""The first row of the bundled story's timeline."""


def everything(loaded: LoadedStory) -> tuple[str, list[tuple[int, int, str, str]]]:
    """All a reader can see of a loaded story: every record and every warning."""
    records = export_story(loaded.story, "json", tuple(SECTIONS))
    warnings = [(w.line, w.column, w.severity.value, str(w)) for w in loaded.warnings]
    return records, warnings


def cache_file(directory: Path) -> Path:
    (path,) = directory.glob(f"*{SUFFIX}")
    return path


def load(cache: StoryCache, path: Path) -> LoadedStory:
    loaded = cache.load(path)
    if cache.saving is not None:
        cache.saving.join()
    return loaded


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(*_: object) -> LoadedStory:
        raise AssertionError("parsed the story text although the cache held it")

    monkeypatch.setattr(story_cache, "load_story_text", parse)


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return tmp_path / "stories"


@pytest.fixture
def bundled() -> Path:
    return bundled_story_path()


async def assert_shows_the_bundled_story(loaded: LoadedStory) -> None:
    app = make_app(service=StoryService(bundled_story_path(), loaded))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
    assert FIRST_EVENT in shown
    assert "24 events" in shown


@pytest.mark.parametrize("story", [bundled_story_path(), WARNINGS], ids=["bundled", "warnings"])
def test_a_story_read_back_is_the_story_its_file_holds(
    directory: Path, story: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = everything(load_story(story))
    cache = StoryCache(directory, Seal.of_user())
    assert everything(load(cache, story)) == expected
    forbid_parsing(monkeypatch)
    assert everything(load(cache, story)) == expected


def test_a_story_with_errors_is_never_cached(directory: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: crisis-story/1\nstory: {}\n", encoding="utf-8")
    cache = StoryCache(directory, Seal.of_user())
    for _ in range(2):
        with pytest.raises(StoryError):
            cache.load(broken)
    assert not list(directory.glob(f"*{SUFFIX}"))


def test_an_edited_story_is_loaded_from_its_new_text(directory: Path, tmp_path: Path) -> None:
    story = tmp_path / "story.yaml"
    text = bundled_story_path().read_text(encoding="utf-8")
    story.write_text(text, encoding="utf-8")
    cache = StoryCache(directory, Seal.of_user())
    load(cache, story)
    story.write_text(text.replace(FIRST_EVENT, "Lopez kept at home"), encoding="utf-8")
    titles = [event.title for event in load(cache, story).story.events]
    assert "Lopez kept at home" in titles
    assert FIRST_EVENT not in titles


def test_a_file_written_by_other_code_or_another_parser_is_never_read_back(
    tmp_path: Path,
) -> None:
    """The key covers the code that stores stories (one module) and PyYAML's version."""
    package, module = tmp_path / "loader", tmp_path / "story_cache.py"
    package.mkdir()
    (package / "checker.py").write_text("checks = 1\n")
    module.write_text("fields = 9\n")
    keys = {fingerprint(["1.0"], [package, module])}
    (package / "checker.py").write_text("checks = 2\n")
    keys.add(fingerprint(["1.0"], [package, module]))
    module.write_text("fields = 10\n")
    keys.add(fingerprint(["1.0"], [package, module]))
    assert len(keys) == 3
    parser = next(path for path in code_sources() if path.parent.name == "yaml")
    assert f"__version__ = '{yaml.__version__}'" in parser.read_text(encoding="utf-8")


def _digest_fixed(content: bytes) -> bytes:
    """``content`` sealed with the user's own key: what only someone holding it could write."""
    return MAGIC + Seal.of_user().of([content]) + content


def _forged(
    change: Callable[[dict[str, object]], None], seal: Callable[[bytes], bytes] = _digest_fixed
) -> Callable[[bytes], bytes]:
    """A file rewritten with ``change`` applied to its JSON, and sealed by ``seal``."""

    def damage(data: bytes) -> bytes:
        body = json.loads(data[len(MAGIC) + 16 :])
        change(body)
        return seal(json.dumps(body).encode())

    return damage


def _plainly_digested(content: bytes) -> bytes:
    """``content`` with the digest a forger without the key can compute."""
    return MAGIC + hashlib.blake2b(content, digest_size=16).digest() + content


def _sealed_by_another_user(content: bytes) -> bytes:
    return MAGIC + Seal(b"k" * 32).of([content]) + content


def _set(section: str, row: int, column: int, value: object) -> Callable[[dict[str, object]], None]:
    def change(body: dict[str, object]) -> None:
        records = body[section]
        assert isinstance(records, list)
        records[row][column] = value

    return change


def _repeated_id(body: dict[str, object]) -> None:
    quotes = body["quotes"]
    assert isinstance(quotes, list)
    quotes[1][0] = quotes[0][0]


def _places_within_each_other(body: dict[str, object]) -> None:
    places = body["places"]
    assert isinstance(places, list)
    assert len(places) >= 2
    places[0][3], places[1][3] = 1, 0


DAMAGES = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "flipped-byte": lambda data: data[:-10] + bytes([data[-10] ^ 0x20]) + data[-9:],
    "trailing-byte": lambda data: data + b"\0",
    "pickle-looking": lambda data: b"\x80\x04\x95" + data,
    "forged-speaker-out-of-range": _forged(_set("quotes", 0, 2, 10**6)),
    "forged-text-not-text": _forged(_set("quotes", 0, 1, {"$": "markup"})),
    "forged-unknown-kind": _forged(_set("actors", 0, 2, "wizard")),
    "forged-bad-id": _forged(_set("events", 0, 0, "Not An Id!")),
    "forged-repeated-id": _forged(_repeated_id),
    "forged-date-past-its-precision": _forged(_set("events", 0, 2, [2019, 13, 1] + [None] * 6)),
    "forged-places-in-a-cycle": _forged(_places_within_each_other),
    "forged-deep-nesting": lambda data: _digest_fixed(b"[" * 100_000 + b"]" * 100_000),
    "forged-another-key": _forged(lambda body: body.update(key="another story")),
    "forged-without-the-user-key": _forged(_set("events", 0, 1, "Forged"), _plainly_digested),
    "sealed-by-another-user": _forged(_set("events", 0, 1, "Forged"), _sealed_by_another_user),
}


@pytest.mark.parametrize("damage", list(DAMAGES.values()), ids=list(DAMAGES))
async def test_a_damaged_or_forged_file_is_ignored_and_replaced(
    directory: Path, bundled: Path, damage: Callable[[bytes], bytes]
) -> None:
    cache = StoryCache(directory, Seal.of_user())
    expected = everything(load(cache, bundled))
    path = cache_file(directory)
    data = path.read_bytes()
    path.write_bytes(damage(data))
    loaded = load(cache, bundled)
    assert everything(loaded) == expected
    assert cache.read(expected_digest(bundled), str(bundled)) is not None, "replaced"
    await assert_shows_the_bundled_story(loaded)


def expected_digest(path: Path) -> str:
    digest = load_story(path).digest
    assert digest is not None
    return digest


def _symlink_to_dev_zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside").write_text("not a story")


@pytest.mark.parametrize(
    "replace",
    [_symlink_to_dev_zero, _fifo, _directory],
    ids=["symlink-to-dev-zero", "fifo", "directory"],
)
async def test_a_file_that_is_not_a_regular_file_is_refused_without_waiting(
    directory: Path, bundled: Path, replace: Callable[[Path], None]
) -> None:
    cache = StoryCache(directory, Seal.of_user())
    expected = everything(load(cache, bundled))
    path = cache_file(directory)
    replace(path)
    assert cache.read(expected_digest(bundled), str(bundled)) is None
    loaded = cache.load(bundled)  # may try to save over it; never waits on it
    assert everything(loaded) == expected
    await assert_shows_the_bundled_story(loaded)


async def test_a_read_only_cache_still_opens_the_story(
    directory: Path, bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*_: object, **__: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    cache = StoryCache(directory, Seal.of_user())
    monkeypatch.setattr("crisis_tui.cache_files.tempfile.mkstemp", read_only)
    loaded = load(cache, bundled)
    assert not list(directory.glob(f"*{SUFFIX}"))
    assert everything(loaded) == everything(load_story(bundled))
    await assert_shows_the_bundled_story(loaded)


async def test_two_writers_at_once_leave_one_whole_file(directory: Path, bundled: Path) -> None:
    loaded = load_story(bundled)
    cache = StoryCache(directory, Seal.of_user())

    def write_five_times() -> None:
        for _ in range(5):
            cache.save(loaded)

    writers = [threading.Thread(target=write_five_times) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert [path.name for path in directory.iterdir()] == [cache_file(directory).name]
    read = cache.read(expected_digest(bundled), str(bundled))
    assert read is not None
    assert everything(read) == everything(loaded)
    await assert_shows_the_bundled_story(read)


def test_an_unusable_cache_directory_still_opens_the_story(tmp_path: Path, bundled: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    loaded = load(StoryCache(blocked / "stories", Seal.of_user()), bundled)
    assert everything(loaded) == everything(load_story(bundled))


def test_only_the_most_recently_used_stories_are_kept(directory: Path, tmp_path: Path) -> None:
    text = bundled_story_path().read_text(encoding="utf-8")
    cache = StoryCache(directory, Seal.of_user(), keep=2)
    for number in range(4):
        story = tmp_path / f"story-{number}.yaml"
        story.write_text(text.replace(FIRST_EVENT, f"Event number {number}"), encoding="utf-8")
        load(cache, story)
    assert len(list(directory.glob(f"*{SUFFIX}"))) == 2


def test_the_explorer_command_keeps_the_story_under_xdg_cache_home(isolated_cache: Path) -> None:
    assert StoryCache.default().directory == isolated_cache / "crisis-tui" / "stories"


@pytest.mark.parametrize("records_per_piece", [1, 2, 7])
def test_a_story_written_in_pieces_reads_back_whole(
    directory: Path, bundled: Path, monkeypatch: pytest.MonkeyPatch, records_per_piece: int
) -> None:
    """A big story is encoded a few records at a time, so a save beside the explorer never
    holds the interpreter for long; the pieces make one file like any other."""
    expected = everything(load_story(bundled))
    monkeypatch.setattr(story_cache, "RECORDS_PER_PIECE", records_per_piece)
    cache = StoryCache(directory, Seal.of_user())
    load(cache, bundled)
    forbid_parsing(monkeypatch)
    assert everything(load(cache, bundled)) == expected


async def test_the_explorer_writes_the_cache_only_once_its_first_frame_is_drawn(
    directory: Path, bundled: Path
) -> None:
    cache = StoryCache(directory, Seal.of_user())
    cache.saving_allowed.clear()
    loaded = cache.load(bundled)
    assert cache.saving is not None
    cache.saving.join(timeout=0.2)
    assert cache.saving.is_alive(), "waiting, not writing"
    assert not list(directory.glob(f"*{SUFFIX}"))
    shown: list[str] = []

    def first_frame_drawn() -> None:
        shown.append(screen_text(app))
        cache.saving_allowed.set()

    app = make_app(service=StoryService(bundled, loaded), when_shown=first_frame_drawn)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        cache.saving.join(timeout=60)
    assert len(shown) == 1
    assert FIRST_EVENT in shown[0], "called once the story is on screen"
    assert cache.read(expected_digest(bundled), str(bundled)) is not None
