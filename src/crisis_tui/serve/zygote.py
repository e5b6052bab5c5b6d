"""The pre-loaded process: it holds the story and its index and forks one child per session.

Why a separate process, forked before anything else starts. The SSH server
runs an asyncio loop, sockets of every client, a thread pool for name
lookups and the private host key. Forking a session from there would copy
all of it into a process that runs a large UI on a client's behalf: a
child holding other clients' sockets and the host key, and locks that a
thread held at the moment of the fork and never releases. So the very
first thing ``crisis-tui serve`` does is fork this process, which is
single-threaded and has no event loop, no socket but one to the server, and
never sees the host key. It loads the story, builds the index, freezes
them out of the garbage collector's reach (so the pages stay shared,
copy-on-write, by every child) and then only forks, reaps and reports.

The server talks to it over a ``SOCK_SEQPACKET`` socket pair: one JSON
message per packet, with the session's terminal (or pipes) passed along as
file descriptors (``SCM_RIGHTS``). A child's crash ends that child only:
this process reaps it and reports its exit status, and the server logs it.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import select
import signal
import socket
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, NoReturn

from crisis_tui.loader import LoadedStory, StoryError, load_story
from crisis_tui.loader.diagnostics import shown_lines
from crisis_tui.serve.child import SessionRequest, run_session
from crisis_tui.serve.eventlog import EventLog
from crisis_tui.serve.story import ServedStory, SharedGeneration
from crisis_tui.story_service import StoryService

MAX_MESSAGE = 64 * 1024
MAX_DIAGNOSTICS = 50
"""Problems of an invalid story reported to the server log; the count says if there are more."""


class ZygoteGone(Exception):
    """The pre-loaded process is no longer there to start sessions."""


class Zygote:
    """The server's handle on the pre-loaded process."""

    def __init__(self, pid: int, channel: socket.socket) -> None:
        self.pid = pid
        self.channel = channel

    @classmethod
    def start(cls, story_path: Path, log: EventLog) -> Zygote:
        """Fork the pre-loaded process; it starts loading the story at once."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            ours.close()
            _serve_forks(theirs, story_path, log)
        theirs.close()
        return cls(pid, ours)

    def wait_until_loaded(self) -> dict[str, Any]:
        """Block until the story is loaded: ``{"op": "ready", ...}`` or ``"load-failed"``."""
        message, _ = self.receive()
        if message is None:
            raise ZygoteGone("the pre-loaded process ended before loading the story")
        return message

    def send(self, message: dict[str, Any], fds: list[int] | None = None) -> None:
        data = json.dumps(message).encode()
        try:
            socket.send_fds(self.channel, [data], fds or [])
        except OSError as error:
            raise ZygoteGone(f"the pre-loaded process cannot be reached ({error})") from None

    def receive(self) -> tuple[dict[str, Any] | None, list[int]]:
        """One message and the descriptors with it; None at end of file."""
        data, fds, _, _ = socket.recv_fds(self.channel, MAX_MESSAGE, 4)
        if not data:
            return None, fds
        return json.loads(data), fds

    def stop(self, timeout: float = 2.0) -> None:
        """Close the channel (the process kills and reaps its children, then exits) and reap it."""
        self.channel.close()
        _wait_or_kill(self.pid, timeout)


def _wait_or_kill(pid: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if done:
            return
        time.sleep(0.02)
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def story_summary(loaded: LoadedStory) -> str:
    story = loaded.story
    return ", ".join(
        f"{len(getattr(story, key))} {key}" for key in ("events", "quotes", "actors", "places")
    )


def _problems(error: StoryError) -> list[str]:
    """The problems as the command line shows them, the first MAX_DIAGNOSTICS and a count."""
    lines = shown_lines(error.diagnostics, MAX_DIAGNOSTICS) or [str(error)]
    return [line[:500] for line in lines]


class _Forker:
    """The pre-loaded process's state: the story served now and the children running."""

    def __init__(self, channel: socket.socket, story_path: Path, log: EventLog) -> None:
        self.channel = channel
        self.story_path = story_path
        self.log = log
        self.generation = SharedGeneration()
        self.service: ServedStory | None = None
        self.children: dict[int, int] = {}
        """Session number of each running child, by process id."""

    def reply(self, message: dict[str, Any]) -> None:
        socket.send_fds(self.channel, [json.dumps(message).encode()], [])

    def load(self) -> dict[str, Any]:
        """Load the story and build its index; the reply says what came of it."""
        try:
            loaded = load_story(self.story_path)
        except StoryError as error:
            return {"op": "load-failed", "problems": _problems(error)}
        index = StoryService(self.story_path, loaded).build_index()
        if self.service is not None:
            self.generation.advance()
        self.service = ServedStory(self.story_path, loaded, index, self.generation)
        gc.collect()
        gc.freeze()  # what every child shares stays out of its collector's way, and unwritten
        return {
            "op": "ready",
            "summary": story_summary(loaded),
            "warnings": len(loaded.warnings),
        }

    def fork_session(self, request: SessionRequest, fds: list[int]) -> None:
        assert self.service is not None
        pid = os.fork()
        if pid == 0:
            run_session(request, fds, self.service, self.log)
        for fd in fds:
            os.close(fd)
        self.children[pid] = request.session
        self.reply({"op": "started", "session": request.session, "pid": pid})

    def reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            session = self.children.pop(pid, None)
            self.reply(
                {
                    "op": "exited",
                    "session": session,
                    "pid": pid,
                    "status": os.waitstatus_to_exitcode(status),
                }
            )

    def dispatch(self, message: dict[str, Any], fds: list[int]) -> None:
        """Act on one message from the server."""
        if message["op"] == "start":
            fields = message["request"]
            request = SessionRequest(**{**fields, "arguments": tuple(fields["arguments"])})
            self.fork_session(request, fds)
        elif message["op"] == "reload":
            outcome = self.load()
            ok = outcome["op"] == "ready"
            self.reply({**outcome, "op": "reloaded" if ok else "reload-failed"})

    def end(self, status: int = 0) -> NoReturn:
        """Kill and reap every child, then exit: nothing outlives the server."""
        for pid in self.children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pid in list(self.children):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        os._exit(status)


def _serve_forks(channel: socket.socket, story_path: Path, log: EventLog) -> NoReturn:
    """The pre-loaded process's whole life."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when to stop
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    forker = _Forker(channel, story_path, log)
    try:
        _preload_modules()
        first = forker.load()
        forker.reply(first)
        if first["op"] != "ready":
            os._exit(1)
        wake_read, wake_write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        signal.set_wakeup_fd(wake_write)
        signal.signal(signal.SIGCHLD, _ignore)
        while True:
            readable, _, _ = select.select([channel.fileno(), wake_read], [], [])
            if wake_read in readable:
                _drain(wake_read)
                forker.reap()
            if channel.fileno() in readable:
                data, fds, _, _ = socket.recv_fds(channel, MAX_MESSAGE, 4)
                if not data:
                    forker.end()
                forker.dispatch(json.loads(data), fds)
    except BaseException as error:
        log.event("error", where="pre-loaded process", error=f"{type(error).__name__}: {error}")
        forker.end(status=1)


def _preload_modules() -> None:
    """Import the explorer and its terminal driver once, here, for every session to share."""
    import importlib

    for name in ("crisis_tui.app", "crisis_tui.cli", "textual.drivers.linux_driver"):
        importlib.import_module(name)


def _drain(fd: int) -> None:
    while True:
        try:
            if not os.read(fd, 512):
                return
        except BlockingIOError:
            return


def _ignore(_signal: int, _frame: object) -> None:
    """SIGCHLD only needs to wake the loop (through the wake-up descriptor)."""


def request_message(request: SessionRequest) -> dict[str, Any]:
    return {"op": "start", "request": asdict(request)}
