"""What one session's process does, in the child forked from the pre-loaded process.

The child already holds the story and its index (copied on write from its
parent), so a session starts without loading anything. It makes the
session's terminal its own (or takes the pipes of a command), keeps only
the client's TERM, COLORTERM and NO_COLOR as its environment, runs the
explorer or one command, and exits with its status, never returning into
the parent's loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import io
import os
import resource
import signal
import sys
import termios
import traceback
from dataclasses import dataclass
from typing import NoReturn

from rich.text import Text

from crisis_tui.serve.eventlog import EventLog
from crisis_tui.story_service import StoryService

EX_SOFTWARE = 70
"""Exit status of a session that failed inside (sysexits.h)."""

COMMAND_CPU_SECONDS = 60
"""CPU time a served command may use; a search of a million quotes needs about one."""

LOG_FD = 3
"""Where a session process keeps the server's log, after its 0, 1 and 2."""


@dataclass(frozen=True, slots=True)
class SessionRequest:
    """What the server asks the pre-loaded process to start for one SSH session."""

    session: int
    peer: str
    terminal: bool
    """True: one descriptor, the terminal's end; False: stdin, stdout and stderr pipes."""
    arguments: tuple[str, ...] = ()
    """Empty for the explorer, else the served command and its arguments."""
    term: str | None = None
    colorterm: str | None = None
    no_color: bool = False


def run_session(
    request: SessionRequest, fds: list[int], service: StoryService, log: EventLog
) -> NoReturn:
    """Become the session's process; exit with the session's status."""
    status = EX_SOFTWARE
    try:
        session_log = _take_descriptors(request, fds, log)
        _reset_signals()
        _set_environment(request)
        if request.arguments:
            resource.setrlimit(resource.RLIMIT_CPU, (COMMAND_CPU_SECONDS, COMMAND_CPU_SECONDS + 5))
            status = _run_command(service, request.arguments)
        else:
            status = _run_explorer(service, request, session_log)
    except BaseException as error:
        log.event(
            "session error",
            session=request.session,
            peer=request.peer,
            error=f"{type(error).__name__}: {error}",
            traceback="".join(traceback.format_exception(error)),
        )
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(status)


def _take_descriptors(request: SessionRequest, fds: list[int], log: EventLog) -> EventLog:
    """Make the session's terminal (or pipes) 0, 1 and 2 and close everything else.

    The child then holds no socket of the server or of another client, and
    a new session of its own so the terminal's hang-up and window-size
    signals reach it and nothing else.
    """
    os.setsid()
    kept_log = os.dup(log.fd)  # the log may be 0, 1 or 2, which the session's ends replace
    if request.terminal:
        (terminal,) = fds
        fcntl.ioctl(terminal, termios.TIOCSCTTY, 0)
        sources = [terminal, terminal, terminal]
    else:
        sources = list(fds)
    for target, source in enumerate(sources):
        os.dup2(source, target)
    os.dup2(kept_log, LOG_FD)
    os.closerange(LOG_FD + 1, os.sysconf("SC_OPEN_MAX"))
    # Textual's driver writes to ``sys.__stdout__``: the session's terminal now.
    sys.stdout = sys.__stdout__ = _text_stream(1)  # type: ignore[misc]
    sys.stderr = sys.__stderr__ = _text_stream(2)  # type: ignore[misc]
    return EventLog(LOG_FD, as_json=log.as_json)


def _text_stream(fd: int) -> io.TextIOWrapper:
    """UTF-8 text on ``fd``, whatever the server's own locale; Textual writes to ``__stdout__``."""
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(
        io.BufferedWriter(raw), encoding="utf-8", errors="replace", line_buffering=os.isatty(fd)
    )


def _reset_signals() -> None:
    signal.set_wakeup_fd(-1)
    for number in (signal.SIGCHLD, signal.SIGHUP, signal.SIGTERM, signal.SIGPIPE):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _set_environment(request: SessionRequest) -> None:
    """Only what the client said about its terminal; nothing of the server's environment."""
    environment = {"LANG": "C.UTF-8", "TERM": request.term or "xterm-256color"}
    if request.colorterm:
        environment["COLORTERM"] = request.colorterm
    if request.no_color:
        environment["NO_COLOR"] = "1"
    os.environ.clear()
    os.environ.update(environment)


def _run_command(service: StoryService, arguments: tuple[str, ...]) -> int:
    """The command as ``crisis-tui`` runs it, answered from the held story."""
    from crisis_tui.cli import main

    try:
        main.main(args=list(arguments), prog_name="crisis-tui", obj=service)
    except SystemExit as exit:
        code = exit.code
        if isinstance(code, int):
            return code
        if code is not None:
            print(code, file=sys.stderr)
            return 1
    return 0


def _run_explorer(service: StoryService, request: SessionRequest, log: EventLog) -> int:
    """The explorer on the session's terminal; SIGTERM asks it to quit cleanly.

    Textual prints a crash's traceback to stderr when it exits; here that
    would show the client the server's paths, so it goes to the log and the
    client sees one line instead.
    """
    from crisis_tui.app import make_app

    app = make_app(service=service, served=True)
    captured = io.StringIO()
    sys.stderr = captured

    async def run() -> None:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, app.exit)
        await app.run_async()

    asyncio.run(run())
    status = app.return_code or 0
    if status:
        report = Text.from_ansi(captured.getvalue()).plain.strip()
        last = report.splitlines()[-1] if report else "no traceback"
        log.event(
            "session error", session=request.session, peer=request.peer, error=last, report=report
        )
        os.write(2, b"crisis-tui: the explorer stopped on an error; it has been logged\r\n")
    return status
