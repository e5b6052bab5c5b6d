"""What every connection of the server shares: the pre-loaded process, the limits, the log.

It routes the pre-loaded process's reports (a session's process started,
exited; the story reloaded) to whoever waits for them, and ends every
session on shutdown.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable
from contextlib import suppress
from typing import Any, Protocol

from crisis_tui.serve.access import AccessPolicy, read_authorized_keys
from crisis_tui.serve.child import SessionRequest
from crisis_tui.serve.eventlog import EventLog
from crisis_tui.serve.files import ServerFileError
from crisis_tui.serve.limits import ConnectionRate, SessionCount
from crisis_tui.serve.options import ServeOptions
from crisis_tui.serve.zygote import Zygote, ZygoteGone, request_message


class RunningSession(Protocol):
    """A session as the hub sees it: told when its process ends, or asked to end."""

    def process_exited(self, status: int) -> None: ...

    def end(self, message: str, reason: str) -> None: ...

    @property
    def finished(self) -> bool: ...


class Hub:
    """The server's shared state; lives on the event loop's thread."""

    def __init__(
        self, options: ServeOptions, access: AccessPolicy, zygote: Zygote, log: EventLog
    ) -> None:
        self.options = options
        self.access = access
        self.zygote = zygote
        self.log = log
        self.rate = ConnectionRate(options.connections_per_minute)
        self.sessions = SessionCount(options.max_sessions, options.max_per_address)
        self.connections: dict[str, int] = {}
        """Open connections by client address."""
        self.peers: dict[str, str] = {}
        """Client address and port by asyncssh's name for the connection ("conn=3")."""
        self.closing = False
        self._next_session = 0
        self._running: dict[int, RunningSession] = {}
        self._starting: dict[int, asyncio.Future[int]] = {}
        self._on_zygote_gone: Callable[[], None] = lambda: None

    def listen_to_zygote(self, on_gone: Callable[[], None]) -> None:
        """Read the pre-loaded process's reports as they come."""
        self._on_zygote_gone = on_gone
        self.zygote.channel.setblocking(False)
        asyncio.get_running_loop().add_reader(self.zygote.channel, self._report)

    def new_session_number(self) -> int:
        self._next_session += 1
        return self._next_session

    async def start_process(
        self, request: SessionRequest, fds: list[int], session: RunningSession
    ) -> int:
        """Have the pre-loaded process fork the session's process; its process id."""
        waiting: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._starting[request.session] = waiting
        self._running[request.session] = session
        try:
            self.zygote.send(request_message(request), fds)
            return await waiting
        except BaseException:
            self._running.pop(request.session, None)
            raise
        finally:
            self._starting.pop(request.session, None)

    def forget(self, session_number: int) -> None:
        self._running.pop(session_number, None)

    def reload(self) -> None:
        """SIGHUP: read the authorized keys again (keeping the old ones if the file is
        now unusable) and ask for the story to be read again; outcomes are logged."""
        if self.access.source is not None:
            try:
                self.access = AccessPolicy(
                    read_authorized_keys(self.access.source), self.access.source
                )
            except ServerFileError as error:
                self.log.event("keys kept", reason=f"{error}; the keys read before still apply")
            else:
                self.log.event("keys reloaded", keys=str(self.access.source))
        self.log.event("reloading", story=str(self.options.story_path))
        try:
            self.zygote.send({"op": "reload"})
        except ZygoteGone as error:
            self.log.event("error", error=str(error))

    async def end_all(self, message: str, grace: float) -> None:
        """Tell every session ``message`` and end it; kill what has not ended after ``grace``."""
        for session in list(self._running.values()):
            session.end(message, "shutdown")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        while any(not session.finished for session in self._running.values()):
            if loop.time() >= deadline:
                break
            await asyncio.sleep(0.05)

    def _report(self) -> None:
        try:
            message, fds = self.zygote.receive()
        except BlockingIOError:
            return
        except OSError:
            message, fds = None, []
        for fd in fds:
            os.close(fd)
        if message is None:
            asyncio.get_running_loop().remove_reader(self.zygote.channel)
            for waiting in self._starting.values():
                if not waiting.done():
                    waiting.set_exception(ZygoteGone("the pre-loaded process ended"))
            self._on_zygote_gone()
            return
        self._handle(message)

    def _handle(self, message: dict[str, Any]) -> None:
        op = message["op"]
        session = message.get("session")
        if op == "started":
            waiting = self._starting.get(session) if isinstance(session, int) else None
            if waiting is not None and not waiting.done():
                waiting.set_result(int(message["pid"]))
            else:  # asked for, then abandoned: nobody will relay it
                with suppress(ProcessLookupError):
                    os.kill(int(message["pid"]), signal.SIGKILL)
        elif op == "exited":
            running = self._running.pop(session, None) if isinstance(session, int) else None
            if running is not None:
                running.process_exited(int(message["status"]))
        elif op == "reloaded":
            self.log.event(
                "reloaded",
                story=str(self.options.story_path),
                contents=message["summary"],
                warnings=message["warnings"] or None,
            )
        elif op == "reload-failed":
            for problem in message["problems"]:
                self.log.event("story error", problem=problem)
            self.log.event(
                "reload refused",
                story=str(self.options.story_path),
                reason="the file has errors; new sessions keep the story loaded before",
            )
