"""Send the terminal one frame per change, not one per step of the change.

Opening an overlay or resizing the window sets off a dozen messages handled
by as many widgets, each in its own task: compose, mount, focus, restyle for
a new breakpoint, lay out. Textual draws whatever is dirty at every tick of
its screen timer, so the terminal received four or more whole screens for
one ``/`` and seven for one resize. Over SSH every frame costs bytes and
time. Here the display is held until the change has been handled, then drawn
once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen
from textual.widgets import Input

ResultType = TypeVar("ResultType")

HOLD_LIMIT = 0.25
"""Seconds after which the display is let go, settled or not."""
CHECK_EVERY = 0.002
QUIET_CHECKS = 2
"""Consecutive checks that must find nothing pending: a handler may post more as it ends."""


async def open_overlay(
    app: App[Any],
    screen: Screen[ResultType],
    callback: Callable[[ResultType | None], None] | None = None,
) -> None:
    """Push ``screen`` and draw it once it is composed and mounted, not on the way.

    Its text fields keep a steady cursor: a blinking one redraws its line
    twice a second, bytes on an idle SSH link for as long as the overlay is
    open.
    """
    with app.batch_update():
        await app.push_screen(screen, callback)
        for field in screen.query(Input):
            if field.cursor_blink:  # screens of our own start steady; Textual's palette does not
                field.cursor_blink = False
        await _until_settled(app)
    screen.refresh()  # whatever was laid out while held is drawn now, whole, once


class HeldDisplay:
    """Holds an app's display while it settles after a resize, then draws it whole, once."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._release: asyncio.Task[None] | None = None

    def hold(self) -> None:
        """Draw nothing until every widget on screen has handled what it was sent."""
        if self._release is None and self._app.is_running:
            self._app._begin_batch()
            self._release = asyncio.create_task(self._release_when_settled())

    async def _release_when_settled(self) -> None:
        app = self._app
        try:
            await _until_settled(app)
        finally:
            self._release = None
            app._end_batch()
            if not app._batch_count:
                # Whatever was laid out while held was not drawn: draw it all now.
                app.screen.refresh()


async def _until_settled(app: App[Any]) -> None:
    """Return once nothing is pending on screen, or after ``HOLD_LIMIT`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + HOLD_LIMIT
    quiet = 0
    while quiet < QUIET_CHECKS and loop.time() < deadline:
        await asyncio.sleep(CHECK_EVERY)
        quiet = quiet + 1 if _settled(app) else 0


def _settled(app: App[Any]) -> bool:
    """Has every widget on screen handled every message it was sent (a pending resize too)?"""
    if app._resize_timer is not None or not app._message_queue.empty():
        return False
    return all(
        node._message_queue.empty()
        for screen in (*app._background_screens, app.screen)
        for node in screen.walk_children(with_self=True)
    )
