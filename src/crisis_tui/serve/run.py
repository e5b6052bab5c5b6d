"""``crisis-tui serve`` from start to stop, in the order that keeps secrets out of sessions.

The pre-loaded process is forked first, before the host key is read and
before any event loop or thread exists; then the host key, then the story
is awaited, then the server listens.
"""

from __future__ import annotations

import asyncio
import sys

import click

from crisis_tui.serve.access import AccessError, choose_policy
from crisis_tui.serve.eventlog import EventLog
from crisis_tui.serve.files import ServerFileError
from crisis_tui.serve.hostkey import load_host_key
from crisis_tui.serve.hub import Hub
from crisis_tui.serve.options import ServeOptions
from crisis_tui.serve.server import serve_forever
from crisis_tui.serve.zygote import Zygote, ZygoteGone


def serve(options: ServeOptions) -> int:
    """Run the server until it is told to stop; the exit status."""
    try:
        access = choose_policy(options.host, options.authorized_keys, options.open_access)
    except AccessError as error:
        raise click.UsageError(str(error)) from None
    except ServerFileError as error:
        click.echo(f"crisis-tui serve: {error}", err=True)
        return 1
    log = EventLog(sys.stdout.fileno(), as_json=options.log_json)
    zygote = Zygote.start(options.story_path, log)
    try:
        try:
            host_key, key_path = load_host_key(options.host_key)
        except ServerFileError as error:
            click.echo(f"crisis-tui serve: {error}", err=True)
            return 1
        try:
            loaded = zygote.wait_until_loaded()
        except ZygoteGone as error:
            click.echo(f"crisis-tui serve: {error}", err=True)
            return 1
        except KeyboardInterrupt:
            return 130
        if loaded["op"] != "ready":
            for problem in loaded["problems"]:
                click.echo(problem, err=True)
            return 1
        log.event(
            "story loaded",
            story=str(options.story_path),
            contents=loaded["summary"],
            warnings=loaded["warnings"] or None,
            host_key_file=str(key_path),
        )
        hub = Hub(options, access, zygote, log)
        try:
            return asyncio.run(serve_forever(hub, host_key))
        except OSError as error:
            click.echo(
                f"crisis-tui serve: cannot listen on {options.host}:{options.port}: "
                f"{error.strerror or error}",
                err=True,
            )
            return 1
    finally:
        zygote.stop()
