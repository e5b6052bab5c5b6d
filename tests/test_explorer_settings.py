"""Themes work, and the chosen one is remembered in the XDG config directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_explorer_support import bundled_app, notifications

from crisis_tui.settings import Settings, load_settings, save_settings, settings_path


def test_settings_live_under_xdg_config_home(isolated_config: Path) -> None:
    assert settings_path() == isolated_config / "crisis-tui" / "settings.json"


def test_a_relative_xdg_config_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")
    assert settings_path() == Path.home() / ".config" / "crisis-tui" / "settings.json"


def test_missing_or_damaged_settings_mean_defaults(isolated_config: Path) -> None:
    assert load_settings() == Settings()
    settings_path().parent.mkdir(parents=True)
    for damaged in ("{not json", "[1, 2]", '{"theme": 42}', "\udcff"):
        settings_path().write_text(damaged, encoding="utf-8", errors="surrogateescape")
        assert load_settings() == Settings()


@pytest.mark.usefixtures("without_home")
async def test_without_a_home_directory_the_app_starts_with_defaults() -> None:
    assert load_settings() == Settings()
    with pytest.raises(OSError, match="no home directory"):
        save_settings(Settings(theme="nord"))
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        app.theme = "nord"
        await pilot.pause()
        assert app.search_index is not None
        assert "Could not remember the theme" in str(list(notifications(app)))


def test_settings_round_trip() -> None:
    save_settings(Settings(theme="nord"))
    assert load_settings() == Settings(theme="nord")
    assert json.loads(settings_path().read_text(encoding="utf-8")) == {"theme": "nord"}


async def test_a_theme_chosen_in_the_app_is_remembered_for_the_next_run() -> None:
    app = bundled_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert load_settings().theme == "nord"

    again = bundled_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_a_theme_given_at_start_wins_and_unknown_themes_are_ignored() -> None:
    app = bundled_app(theme="dracula")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "dracula"

    unknown = bundled_app(theme="no-such-theme")
    async with unknown.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert unknown.theme == "textual-dark"
        assert any("no-such-theme" in str(n.message) for n in notifications(unknown))

    save_settings(Settings(theme="no-such-theme"))
    fallback = bundled_app()
    async with fallback.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert fallback.theme == "textual-dark"


@pytest.mark.parametrize("theme", ["textual-light", "gruvbox", "monokai"])
async def test_built_in_themes_render(theme: str) -> None:
    app = bundled_app(theme=theme)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("2", "j", "enter")
        await pilot.pause()
        assert app.theme == theme
        assert "Detail" in app.export_screenshot()
