"""The key that seals cache files: made once per user, kept private, never trusted blindly."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from crisis_tui.cache_files import KEY_BYTES, KEY_FILE, Seal
from crisis_tui.files import NotRegularFile
from crisis_tui.loader import bundled_story_path
from crisis_tui.search.cache import IndexCache
from crisis_tui.story_cache import StoryCache


def key_path(isolated_data: Path) -> Path:
    return isolated_data / "crisis-tui" / KEY_FILE


def test_the_key_is_made_once_readable_only_by_its_user(isolated_data: Path) -> None:
    first = Seal.of_user()
    path = key_path(isolated_data)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0
    assert len(first.key) == KEY_BYTES
    assert Seal.of_user() == first, "the same key on the next start"


def test_every_user_gets_their_own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "one"))
    one = Seal.of_user()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "two"))
    assert Seal.of_user() != one


def test_processes_starting_together_agree_on_one_key(isolated_data: Path) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = {seal.key for seal in pool.map(lambda _: Seal.of_user(), range(32))}
    assert len(keys) == 1
    assert key_path(isolated_data).read_bytes() in keys


@pytest.mark.parametrize("damaged", [b"", b"short", b"x" * (KEY_BYTES + 1), b"x" * 10_000])
def test_a_damaged_key_is_replaced(isolated_data: Path, damaged: bytes) -> None:
    path = key_path(isolated_data)
    path.parent.mkdir(parents=True)
    path.write_bytes(damaged)
    seal = Seal.of_user()
    assert len(seal.key) == KEY_BYTES
    assert path.read_bytes() == seal.key


def test_a_key_that_is_not_a_regular_file_means_no_cache_and_no_wait(isolated_data: Path) -> None:
    path = key_path(isolated_data)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    with pytest.raises(NotRegularFile):
        Seal.of_user()
    assert StoryCache.default().directory is None
    assert IndexCache.default().directory is None
    loaded = StoryCache.default().load(bundled_story_path())
    assert loaded.story.quotes, "the story still opens"
