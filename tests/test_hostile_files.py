"""Files that are not regular files, or not of a sane size, are refused without blocking.

A story, the settings or an index cache file may be a FIFO (opening it used
to wait forever for a writer), a symlink to ``/dev/zero`` or
``/dev/urandom`` (reading it used to run out of memory), or simply huge.
Each is refused at once: a story with one located line, the settings and
the cache by falling back (defaults, a rebuilt index). Large and special
files are made here, at test time, never committed.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from loader_helpers import MINIMAL, time_limit

from crisis_tui.cache_files import Seal
from crisis_tui.cli import main
from crisis_tui.files import FileTooLarge, NotRegularFile, read_regular_file, wait_until_settled
from crisis_tui.loader import load_story_text
from crisis_tui.search import SearchIndex
from crisis_tui.search.cache import IndexCache
from crisis_tui.settings import MAX_BYTES, Settings, load_settings, save_settings, settings_path


def _special(kind: str, path: Path) -> Path:
    """Make ``path`` a FIFO or a symlink to a device."""
    if kind == "fifo":
        os.mkfifo(path)
    else:
        if not Path(kind).exists():
            pytest.skip(f"no {kind} here")
        path.symlink_to(kind)
    return path


SPECIAL = ["fifo", "/dev/zero", "/dev/urandom"]


# -- the reader ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "what"),
    [
        ("fifo", "a named pipe (FIFO)"),
        ("/dev/zero", "a character device"),
        ("/dev/urandom", "a character device"),
    ],
)
def test_special_files_are_refused_without_blocking_or_reading(
    tmp_path: Path, kind: str, what: str
) -> None:
    path = _special(kind, tmp_path / "file-special")
    with time_limit(10), pytest.raises(NotRegularFile) as raised:
        read_regular_file(path, 1000)
    assert raised.value.what == what
    assert isinstance(raised.value, OSError)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFile, match="is a directory, not a regular file"):
        read_regular_file(tmp_path, 1000)


def test_a_file_past_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "file-sparse"
    with path.open("wb") as stream:
        stream.truncate(300 * 1024 * 1024)  # sparse: 300 MB that cost no disk
    with pytest.raises(FileTooLarge, match="is 314,572,800 bytes; the limit is 1,000"):
        read_regular_file(path, 1000)


def test_a_regular_file_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "file-small"
    path.write_bytes(b"x" * 1000)
    assert read_regular_file(path, 1000) == b"x" * 1000
    link = tmp_path / "file-link"
    link.symlink_to(path)
    assert read_regular_file(link, 1000) == b"x" * 1000, "a link to a regular file is fine"


# -- stories ---------------------------------------------------------------


@pytest.mark.parametrize("kind", SPECIAL)
def test_validate_refuses_a_special_story_file_at_once(tmp_path: Path, kind: str) -> None:
    path = _special(kind, tmp_path / "file-story.yaml")
    with time_limit(20):
        result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}: error: is a ")
    assert first.endswith(", not a story file")


# -- settings --------------------------------------------------------------


def _settings_file() -> Path:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[" * 1000, "nested too deeply to be settings"),
        ("[" * MAX_BYTES, "nested too deeply to be settings"),
        ('{"theme": "x"}' + " " * MAX_BYTES, "bytes; the limit is 65,536"),
        ("[1, 2]", "not a JSON object"),
        ("{not json", "not JSON text"),
    ],
    ids=["1000-brackets", "64k-brackets", "past-64k", "a-list", "not-json"],
)
def test_damaged_settings_mean_defaults_and_a_warning(
    content: str, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    _settings_file().write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="crisis_tui.settings"):
        assert load_settings() == Settings()
    (record,) = caplog.records
    assert reason in record.getMessage()
    assert record.getMessage().endswith("; using the default settings")


@pytest.mark.parametrize("kind", [*SPECIAL, "sparse-300-MB"])
def test_special_or_huge_settings_mean_defaults_without_blocking(
    kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = _settings_file()
    if kind == "sparse-300-MB":
        with path.open("wb") as stream:
            stream.truncate(300 * 1024 * 1024)
    else:
        _special(kind, path)
    with time_limit(10), caplog.at_level(logging.WARNING, logger="crisis_tui.settings"):
        assert load_settings() == Settings()
    assert "using the default settings" in caplog.text


def test_a_missing_settings_file_is_no_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert load_settings() == Settings()
    assert caplog.records == []


def test_saving_never_writes_through_a_link_planted_in_the_directory(tmp_path: Path) -> None:
    target = _settings_file()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    for name in (f".{target.name}.tmp", f".{target.name}.partial"):
        (target.parent / name).symlink_to(victim)
    save_settings(Settings(theme="nord"))
    assert victim.read_text(encoding="utf-8") == "precious"
    assert load_settings() == Settings(theme="nord")
    assert not target.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_save_leaves_no_temporary_file(monkeypatch: pytest.MonkeyPatch) -> None:
    target = _settings_file()
    before = set(target.parent.iterdir())

    def no_sync(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_sync)
    with pytest.raises(OSError, match="No space left"):
        save_settings(Settings(theme="nord"))
    assert set(target.parent.iterdir()) == before
    assert not target.exists()


# -- the index cache ---------------------------------------------------------


@pytest.mark.parametrize("kind", SPECIAL)
def test_a_special_index_cache_file_means_no_cache(tmp_path: Path, kind: str) -> None:
    loaded = load_story_text(MINIMAL.read_text(encoding="utf-8"), "minimal.yaml")
    cache = IndexCache(tmp_path / "index", Seal.of_user(), min_entities=1)
    path = cache._key_and_path(loaded.digest or "")[1]
    path.parent.mkdir(parents=True)
    _special(kind, path)
    with time_limit(20):
        assert cache.read(loaded.story, loaded.digest) is None
        index = cache.index(loaded.story, loaded.digest)
    assert isinstance(index, SearchIndex)
    assert [hit.entity.id for hit in index.search("alice")][:1] == ["alice"]
    assert stat.S_ISREG(path.lstat().st_mode), "the rebuilt index replaced what was there"


# -- a file being written --------------------------------------------------


def test_a_file_at_rest_settles_at_the_second_look(tmp_path: Path) -> None:
    path = tmp_path / "file-at-rest.yaml"
    path.write_text("format: crisis-story/1\n", encoding="utf-8")
    looks = 0

    def count_looks() -> bool:
        nonlocal looks
        looks += 1
        return False

    assert wait_until_settled(path, interval=0.01, cancelled=count_looks)
    assert looks == 1


def test_waiting_on_a_file_stops_when_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "file-at-rest.yaml"
    path.write_text("format: crisis-story/1\n", encoding="utf-8")
    assert not wait_until_settled(path, interval=0.01, cancelled=lambda: True)
