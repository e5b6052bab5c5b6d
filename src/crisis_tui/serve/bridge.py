"""One SSH session relayed to its own process: the explorer on a terminal, or one command.

The session's process gets a fresh pseudo-terminal (or, for a command sent
without one, pipes). This side keeps the terminal's other end and relays
bytes both ways, forwards every window resize to it (the kernel then sends
the process SIGWINCH), and ends the session when the process exits, when
the reader is idle or out of time, or when the server shuts down, saying
why on the client's terminal.

It never stops reading the process's output while the client keeps up:
a full terminal buffer would block the explorer's writer thread. Only when
the SSH channel asks to pause (a client not reading) does it stop, which
is the back-pressure that keeps a slow client from costing memory here.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from contextlib import suppress
from typing import Any

import asyncssh

from crisis_tui.serve.child import SessionRequest
from crisis_tui.serve.commands import Refused, served_arguments
from crisis_tui.serve.hub import Hub
from crisis_tui.serve.options import describe_duration
from crisis_tui.serve.terminal import (
    RESET,
    colour_wishes,
    set_window_size,
    terminal_name,
    window_size,
)
from crisis_tui.serve.zygote import ZygoteGone

READ_SIZE = 64 * 1024
MAX_PENDING_INPUT = 64 * 1024
"""Keys not yet taken by the process; past this the channel stops reading the client."""
RESIZE_EVERY = 0.05
"""Seconds between two window sizes passed to the session's terminal."""
KILL_AFTER = 1.5
"""Seconds a process asked to end gets before it is killed."""


class SessionBridge(asyncssh.SSHServerSession[bytes]):
    """The server's side of one session channel."""

    def __init__(self, hub: Hub, peer: str, user: str) -> None:
        self._hub = hub
        self._peer = peer
        self._address = peer.rsplit(":", 1)[0]
        self._user = user
        self._channel: asyncssh.SSHServerChannel[bytes] | None = None
        self._number = hub.new_session_number()
        self._size: tuple[int, int] | None = None
        self._term: str | None = None
        self._command: str | None = None
        self._subsystem: str | None = None
        self._pid: int | None = None
        self._terminal: int | None = None
        self._outputs: dict[int, bool] = {}
        """Descriptors read from, and whether each goes to the client's stderr."""
        self._pending = bytearray()
        self._status: int | None = None
        self._slot = False
        self._explorer = False
        self._ending: tuple[str, str] | None = None
        self._timers: list[asyncio.TimerHandle] = []
        self._started = time.monotonic()
        self._last_input = self._started
        self._bytes_in = 0
        self._bytes_out = 0
        self._done = False
        self._resize_pending = False
        self._applied_size: tuple[int, int] | None = None

    # ------------------------------------------------------- asyncssh callbacks

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._channel = chan

    def pty_requested(self, term_type: str, term_size: Any, term_modes: Any) -> bool:
        columns, rows = int(term_size[0]), int(term_size[1])
        self._size = window_size(columns, rows)
        self._term = terminal_name(term_type)
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self._command = command
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        self._subsystem = subsystem
        return True

    def session_started(self) -> None:
        asyncio.get_running_loop().create_task(self._start())

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self._bytes_in += len(data)
        self._last_input = time.monotonic()
        if self._terminal is None or self._done:
            return
        self._pending += data
        self._write_pending()

    def eof_received(self) -> bool:
        return True  # stay open: the session ends when its process does

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        """Pass the new size on, at most every RESIZE_EVERY seconds (the latest wins).

        Each resize makes the explorer lay out and redraw everything; a client
        sending thousands a second would otherwise keep a core busy.
        """
        self._size = window_size(width, height)
        if self._resize_pending:
            return
        self._apply_size()
        self._resize_pending = True
        asyncio.get_running_loop().call_later(RESIZE_EVERY, self._resize_settled)

    def _resize_settled(self) -> None:
        self._resize_pending = False
        if self._size != self._applied_size:
            self._apply_size()

    def _apply_size(self) -> None:
        if self._terminal is not None and self._size is not None:
            with suppress(OSError):
                set_window_size(self._terminal, *self._size)
            self._applied_size = self._size

    def pause_writing(self) -> None:
        """The client is not reading: stop reading the process (whose writes then wait)
        rather than hold its output here without end."""
        loop = asyncio.get_running_loop()
        for fd in self._outputs:
            loop.remove_reader(fd)

    def resume_writing(self) -> None:
        loop = asyncio.get_running_loop()
        for fd in self._outputs:
            loop.add_reader(fd, self._read_output, fd)

    def connection_lost(self, exc: Exception | None) -> None:
        running = self._pid is not None and self._status is None
        if running:
            self._ending = self._ending or ("", "client left")
            self._kill(signal.SIGHUP)
        self._close_descriptors()
        self._finish_log()
        if running:  # after the log's timers are cancelled: this one must still fire
            asyncio.get_running_loop().call_later(KILL_AFTER, self._kill, signal.SIGKILL)

    # ------------------------------------------------------------- for the hub

    @property
    def finished(self) -> bool:
        return self._done

    def process_exited(self, status: int) -> None:
        self._status = status
        self._maybe_finish()

    def end(self, message: str, reason: str) -> None:
        """Ask the process to end cleanly; say ``message`` to the client when it has."""
        if self._done or self._ending is not None:
            return
        self._ending = (message, reason)
        if self._pid is None:
            self._refuse(message, 1, reason)
            return
        self._kill(signal.SIGTERM)
        self._timers.append(
            asyncio.get_running_loop().call_later(KILL_AFTER, self._kill, signal.SIGKILL)
        )

    # ---------------------------------------------------------------- starting

    async def _start(self) -> None:
        request = self._request()
        if request is None:
            return
        busy = self._hub.sessions.take(self._address)
        if busy is not None:
            self._refuse(busy, 1, "busy")
            return
        self._slot = True
        if self._hub.closing:
            self._refuse("the server is shutting down; try again later", 1, "shutdown")
            return
        self._explorer = not request.arguments
        fds = self._open_descriptors(request)
        try:
            self._pid = await self._hub.start_process(request, fds, self)
        except ZygoteGone:
            self._refuse("the server cannot start sessions now; try again later", 1, "error")
            return
        finally:
            for fd in fds:
                os.close(fd)
        if self._done:  # ended (refused, or the client left) while it was starting
            with suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            return
        self._hub.log.event(
            "session started",
            session=self._number,
            peer=self._peer,
            user=self._user,
            pid=self._pid,
            command=" ".join(request.arguments) or "explorer",
            size=f"{self._size[0]}x{self._size[1]}" if self._size else None,
            term=request.term,
            colorterm=request.colorterm,
            no_color=request.no_color or None,
        )
        self._watch_time()

    def _request(self) -> SessionRequest | None:
        """What to run for this channel, or None after refusing it."""
        assert self._channel is not None
        colorterm, no_color = colour_wishes(self._channel.get_environment())
        arguments: tuple[str, ...] = ()
        if self._subsystem is not None:
            self._refuse(
                f"the {self._subsystem!r} subsystem is not offered: this server shows a "
                "story and holds no files to transfer",
                1,
                "subsystem",
            )
            return None
        if self._command is not None:
            try:
                arguments = tuple(served_arguments(self._command))
            except Refused as refusal:
                self._refuse(str(refusal), refusal.exit_status, "command")
                return None
        elif self._size is None:
            self._refuse(
                "the explorer needs a terminal: connect with ssh -t, or run a command "
                "such as: search WORDS",
                1,
                "no terminal",
            )
            return None
        return SessionRequest(
            session=self._number,
            peer=self._peer,
            terminal=self._size is not None,
            arguments=arguments,
            term=self._term,
            colorterm=colorterm,
            no_color=no_color,
        )

    def _open_descriptors(self, request: SessionRequest) -> list[int]:
        """The process's ends (sent to it) ; this side's ends are kept and read."""
        loop = asyncio.get_running_loop()
        if request.terminal:
            assert self._size is not None
            ours, theirs = os.openpty()
            os.set_blocking(ours, False)
            set_window_size(ours, *self._size)
            self._applied_size = self._size
            self._terminal = ours
            self._outputs[ours] = False
            loop.add_reader(ours, self._read_output, ours)
            return [theirs]
        stdin = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
        theirs_out = []
        for to_stderr in (False, True):
            read_end, write_end = os.pipe2(os.O_CLOEXEC)
            os.set_blocking(read_end, False)
            self._outputs[read_end] = to_stderr
            loop.add_reader(read_end, self._read_output, read_end)
            theirs_out.append(write_end)
        return [stdin, *theirs_out]

    def _watch_time(self) -> None:
        loop = asyncio.get_running_loop()
        options = self._hub.options
        if options.max_time is not None:
            message = (
                f"this session reached its limit of {describe_duration(options.max_time)}; "
                "connect again to go on reading"
            )
            self._timers.append(loop.call_later(options.max_time, self.end, message, "max time"))
        if options.idle_timeout is not None:
            self._timers.append(loop.call_later(options.idle_timeout, self._check_idle))

    def _check_idle(self) -> None:
        idle_timeout = self._hub.options.idle_timeout
        assert idle_timeout is not None
        idle = time.monotonic() - self._last_input
        if idle >= idle_timeout:
            self.end(
                f"session closed after {describe_duration(idle_timeout)} without a key pressed; "
                "connect again to go on reading",
                "idle",
            )
        else:
            loop = asyncio.get_running_loop()
            self._timers.append(loop.call_later(idle_timeout - idle, self._check_idle))

    # ----------------------------------------------------------------- relaying

    def _read_output(self, fd: int) -> None:
        try:
            data = os.read(fd, READ_SIZE)
        except BlockingIOError:
            return
        except OSError:  # EIO: the terminal's last user has gone; anything else ends it too
            data = b""
        if not data:
            asyncio.get_running_loop().remove_reader(fd)
            self._outputs.pop(fd)
            if fd != self._terminal:
                os.close(fd)
            self._maybe_finish()
            return
        self._bytes_out += len(data)
        if self._channel is not None and not self._done:
            if self._outputs.get(fd):
                self._channel.write_stderr(data)
            else:
                self._channel.write(data)

    def _write_pending(self) -> None:
        assert self._terminal is not None
        loop = asyncio.get_running_loop()
        try:
            written = os.write(self._terminal, self._pending)
        except BlockingIOError:
            written = 0
        except OSError:
            self._pending.clear()
            return
        del self._pending[:written]
        if self._pending:
            loop.add_writer(self._terminal, self._drain_pending)
            if len(self._pending) > MAX_PENDING_INPUT and self._channel is not None:
                self._channel.pause_reading()

    def _drain_pending(self) -> None:
        assert self._terminal is not None
        asyncio.get_running_loop().remove_writer(self._terminal)
        self._write_pending()
        if len(self._pending) <= MAX_PENDING_INPUT and self._channel is not None:
            self._channel.resume_reading()

    # ------------------------------------------------------------------ ending

    def _maybe_finish(self) -> None:
        """Once the process has exited and all it wrote is relayed: say why, and close."""
        if self._status is None or self._outputs or self._done:
            return
        channel = self._channel
        status = self._status
        message, reason = self._ending or ("", "quit" if status == 0 else "error")
        if channel is not None:
            newline = "\r\n" if self._terminal is not None else "\n"
            if status != 0 and self._explorer:  # it may have left the terminal in its modes
                channel.write(RESET)
            if status < 0 and not message:
                message = "the session ended unexpectedly; it has been logged"
            if message:
                channel.write_stderr(f"crisis-tui: {message}{newline}".encode())
            channel.exit(status if 0 <= status < 256 else 1)
        self._ending = (message, reason)
        self._close_descriptors()
        self._finish_log()

    def _refuse(self, message: str, status: int, reason: str) -> None:
        self._hub.log.event(
            "refused",
            session=self._number,
            peer=self._peer,
            user=self._user,
            what=reason,
            request=self._command or self._subsystem,
            reason=message,
        )
        if self._channel is not None:
            newline = "\r\n" if self._size is not None else "\n"
            self._channel.write_stderr(f"crisis-tui: {message}{newline}".encode())
            self._channel.exit(status)
        self._ending = (message, "refused")
        self._status = status
        self._close_descriptors()
        self._finish_log(logged=True)

    def _kill(self, number: int) -> None:
        if self._pid is not None and self._status is None:
            with suppress(ProcessLookupError):
                os.kill(self._pid, number)

    def _close_descriptors(self) -> None:
        loop = asyncio.get_running_loop()
        for fd in list(self._outputs):
            loop.remove_reader(fd)
            if fd != self._terminal:
                os.close(fd)
        self._outputs.clear()
        if self._terminal is not None:
            loop.remove_writer(self._terminal)
            loop.remove_reader(self._terminal)
            os.close(self._terminal)
            self._terminal = None

    def _finish_log(self, *, logged: bool = False) -> None:
        if self._done:
            return
        self._done = True
        for timer in self._timers:
            timer.cancel()
        if self._slot:
            self._hub.sessions.give_back(self._address)
            self._slot = False
        if self._status is not None:
            self._hub.forget(self._number)
        if logged:
            return
        _message, reason = self._ending or ("", "client left")
        self._hub.log.event(
            "session ended",
            session=self._number,
            peer=self._peer,
            user=self._user,
            pid=self._pid,
            seconds=round(time.monotonic() - self._started, 3),
            bytes_in=self._bytes_in,
            bytes_out=self._bytes_out,
            status=self._status,
            reason=reason,
        )
