"""A served explorer touches nothing on the server, and ``r`` shows the server's story."""

from __future__ import annotations

from pathlib import Path

from test_explorer_support import notifications, on_main_screen
from textual.app import SystemCommand

from crisis_tui.app import CrisisApp, make_app
from crisis_tui.loader import bundled_story_path, load_story
from crisis_tui.serve.story import ServedStory, SharedGeneration
from crisis_tui.settings import load_settings


def _served(generation: SharedGeneration, path: Path | None = None) -> CrisisApp:
    story_path = path or bundled_story_path()
    loaded = load_story(story_path)
    service = ServedStory(story_path, loaded, None, generation)
    return make_app(service=service, served=True)


def _commands(app: CrisisApp) -> list[str]:
    found: list[SystemCommand] = list(app.get_system_commands(app.screen))
    return [command.title for command in found]


async def test_a_served_app_saves_no_theme_no_screenshot_and_no_file(
    isolated_config: Path, tmp_path: Path
) -> None:
    app = _served(SharedGeneration())
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Screenshot" not in _commands(app)
        assert "Theme" in _commands(app), "the theme can still change, for the session"
        app.theme = "nord"
        await pilot.pause()
        assert app.deliver_text("x", save_directory=str(tmp_path)) is None
        assert app.deliver_screenshot(path=str(tmp_path)) is None
        await pilot.pause()
    assert app.theme == "nord"
    assert load_settings().theme is None
    assert not (isolated_config / "crisis-tui").exists()
    assert list(tmp_path.iterdir()) == []

    local = make_app()
    async with local.run_test(size=(80, 24)):
        assert "Screenshot" in _commands(local)


async def test_r_in_a_served_session_reloads_only_what_the_server_reloaded(
    tmp_path: Path,
) -> None:
    path = tmp_path / "story.yaml"
    text = bundled_story_path().read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    generation = SharedGeneration()
    app = _served(generation, path)
    async with app.run_test(size=(80, 24)) as pilot:
        path.write_text(text.replace("Vladimir Padrino", "Vladimiro Padrinoso"), "utf-8")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.story.get("vladimir-padrino").name == "Vladimir Padrino"  # type: ignore[union-attr]
        assert any("Already showing" in str(n.message) for n in notifications(app))

        generation.advance()  # what the server does when it has reloaded
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert on_main_screen(app)
        assert app.story.get("vladimir-padrino").name == "Vladimiro Padrinoso"  # type: ignore[union-attr]
        assert app.search_index is not None
