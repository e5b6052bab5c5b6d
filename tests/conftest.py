"""No test reads or writes the real ``~/.config``, ``~/.cache`` or ``~/.local/share``: each
gets its own,
and every test sees a truecolour terminal unless it asks for fewer colours.

A test can also ask for ``without_home``: no XDG variables and no home
directory at all, as for a service account with no password entry.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_explorer_support import keep_every_notification


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty XDG_CONFIG_HOME for the test."""
    config = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return config


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty XDG_CACHE_HOME for the test."""
    cache = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


@pytest.fixture(autouse=True)
def isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty XDG_DATA_HOME for the test (where the caches' key is kept)."""
    data = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data


@pytest.fixture(autouse=True)
def truecolour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal with every colour, whatever TERM the tests run under; tests of 16 colours
    set their own."""
    monkeypatch.setenv("COLORTERM", "truecolor")


@pytest.fixture(autouse=True)
def recorded_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read what the app said however slowly a loaded machine runs them."""
    keep_every_notification(monkeypatch)


@pytest.fixture
def without_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """No XDG_CONFIG_HOME or XDG_CACHE_HOME, and ``Path.home()`` fails as it does with no HOME."""

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
