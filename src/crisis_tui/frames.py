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

from rich.console import RenderableType
from textual._compositor import LayoutUpdate
from textual._context import active_message_pump
from textual.app import App
from textual.message_pump import MessagePump
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

    Awaited in the handler of a key, so keys typed after it wait, and reach
    the overlay. Its text fields keep a steady cursor: a blinking one redraws
    its line twice a second, bytes on an idle SSH link for as long as the
    overlay is open.
    """
    with app.batch_update():
        await app.push_screen(screen, callback)
        for field in screen.query(Input):
            if field.cursor_blink:  # screens of our own start steady; Textual's palette does not
                field.cursor_blink = False
        await _until_settled(app)
        _drop_held_updates(screen)
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
            _drop_held_updates(app.screen)
        finally:
            self._release = None
            app._end_batch()
            if not app._batch_count:
                # Whatever was laid out while held was not drawn: draw it all now.
                app.screen.refresh()


def _drop_held_updates(screen: Screen[Any]) -> None:
    """Forget the regions marked for drawing while held: the whole screen is drawn next.

    A layout done while held leaves a draw of what it changed queued on the
    screen; run after the hold, it would send a frame of its own just before
    the whole screen.
    """
    screen._compositor._dirty_regions.clear()


async def _until_settled(app: App[Any]) -> bool:
    """Wait until nothing is pending on screen (True), or ``HOLD_LIMIT`` seconds (False)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + HOLD_LIMIT
    waiting = active_message_pump.get(None)
    quiet = 0
    while quiet < QUIET_CHECKS:
        if loop.time() >= deadline:
            return False
        await asyncio.sleep(CHECK_EVERY)
        quiet = quiet + 1 if _settled(app, waiting) else 0
    return True


def _settled(app: App[Any], waiting: MessagePump | None) -> bool:
    """Has every widget on screen handled every message it was sent (a pending resize too)?

    All but ``waiting``: the app or widget whose handler is waiting for this
    answer cannot handle anything until it has it. What it was sent in the
    meantime (keys typed straight after) is handled once the wait is over.
    """
    if app._resize_timer is not None:
        return False
    return all(
        node is waiting or node._message_queue.empty()
        for screen in (*app._background_screens, app.screen)
        for node in (app, *screen.walk_children(with_self=True))
    )


Write = Callable[[Screen[Any], RenderableType], None]


class OneFramePerTurn:
    """Writes the updates of one turn of the event loop, skipping those a later whole frame covers.

    When a screen needs both a layout and a repaint at the same tick,
    Textual draws the regions the layout moved and then, straight after,
    the whole screen: two frames where the second alone would do. Every
    overlay that lays itself out as it opens, and every close, paid that
    twice over SSH. Updates are held until the loop's next turn; a whole
    screen's update makes those before it redundant.
    """

    def __init__(self, write: Write) -> None:
        self._write = write
        self._pending: list[tuple[Screen[Any], RenderableType]] = []

    def add(self, screen: Screen[Any], update: RenderableType | None) -> None:
        if update is None:
            return
        if isinstance(update, LayoutUpdate):
            self._pending.clear()
        if not self._pending:
            asyncio.get_running_loop().call_soon(self._flush)
        self._pending.append((screen, update))

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        for screen, update in pending:
            self._write(screen, update)
