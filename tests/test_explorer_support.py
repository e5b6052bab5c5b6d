"""Shared helpers for the explorer's tests (this module holds no tests itself)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import pytest
from textual.app import App
from textual.notifications import Notification, Notifications
from textual.pilot import Pilot

from crisis_tui.app import CrisisApp, make_app
from crisis_tui.model import Entity

FIXTURES = Path(__file__).parent / "fixtures"
PADRINO_WORDS = (
    "The armed forces are firmly in defence of the national constitution "
    "and its legitimate authorities."
)


_RAISED: WeakKeyDictionary[Notifications, list[Notification]] = WeakKeyDictionary()


def keep_every_notification(monkeypatch: pytest.MonkeyPatch) -> None:
    """Record each notification as it is raised (see :func:`notifications`)."""
    add = Notifications.add

    def recording_add(self: Notifications, notification: Notification) -> Notifications:
        _RAISED.setdefault(self, []).append(notification)
        return add(self, notification)

    monkeypatch.setattr(Notifications, "add", recording_add)


def notifications(app: App[Any]) -> list[Notification]:
    """Every notification ``app`` raised, in order, expired or not.

    A notification leaves the app's own list after its few seconds; on a
    loaded machine a test can take longer than that to read it.
    """
    return _RAISED.get(app._notifications) or []


def bundled_app(**options: object) -> CrisisApp:
    """The explorer on the bundled Venezuela story."""
    return make_app(None, **options)  # type: ignore[arg-type]


def on_main_screen(app: CrisisApp) -> bool:
    """Is the main screen on top (no overlay open)?"""
    return app.screen is app.main_screen


def current(app: CrisisApp) -> Entity | None:
    """The selected entity, read afresh (so type checkers do not narrow it)."""
    return app.main_screen.current


def screen_lines(app: CrisisApp) -> list[str]:
    """What the terminal shows now, one string per row (all screens composited)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: CrisisApp) -> str:
    return "\n".join(screen_lines(app))


async def press_until(
    pilot: Pilot[None], key: str, done: Callable[[], bool], *, limit: int = 200
) -> None:
    """Press ``key`` until ``done()`` holds, failing after ``limit`` presses."""
    for _ in range(limit):
        if done():
            return
        await pilot.press(key)
    assert done(), f"pressed {key!r} {limit} times without reaching the goal"


def is_padrino_quote(entity: Entity | None) -> bool:
    return getattr(entity, "text", None) == PADRINO_WORDS
