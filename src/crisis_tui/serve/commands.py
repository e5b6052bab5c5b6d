"""What an exec request may run: the read-only ``search`` and ``export`` commands, nothing else.

They run through the very same click commands as on the command line, so
output and exit codes match; only options that would name a file on the
server (``--story``, ``--output``) are refused, since the story is the
server's and a client writes nowhere.
"""

from __future__ import annotations

import shlex

import click

from crisis_tui.cli import main
from crisis_tui.text import visible

SERVED_COMMANDS = ("search", "export")
MAX_COMMAND_LENGTH = 4096
"""Longer exec requests are refused unread: no served command needs more."""

_SERVER_FILE_PARAMETERS = {"story_path": "--story", "output": "--output"}
"""Parameters whose value would be a path on the server."""


class Refused(Exception):
    """The request is not served; the message is the one line the client is shown."""

    def __init__(self, message: str, exit_status: int) -> None:
        super().__init__(message)
        self.exit_status = exit_status


def served_arguments(command_line: str) -> list[str]:
    """The argument list for a served command, or Refused with the reason."""
    if len(command_line) > MAX_COMMAND_LENGTH:
        raise Refused(f"command longer than {MAX_COMMAND_LENGTH} characters", 2)
    try:
        arguments = shlex.split(command_line)
    except ValueError as error:
        raise Refused(f"cannot read the command ({error})", 2) from None
    if arguments and arguments[0] == "crisis-tui":
        arguments = arguments[1:]
    if not arguments or arguments[0] not in SERVED_COMMANDS:
        name = visible((arguments[0] if arguments else "")[:60], keep_newlines=False)
        raise Refused(
            f"{name or 'an empty command'}: not offered here; this server runs only "
            f"{' and '.join(SERVED_COMMANDS)} (or the explorer, with ssh -t)",
            127,
        )
    command = main.get_command(click.Context(main), arguments[0])
    assert command is not None  # every served command is one of main's
    try:
        context = command.make_context(arguments[0], arguments[1:], resilient_parsing=True)
    except click.ClickException:
        # The command will report the mistake as it does locally; unless the
        # words could still name a server file, which is refused unparsed.
        named = [word for word in arguments[1:] if word.startswith(("-o", "--o", "--s"))]
        if named:
            raise Refused(f"{named[0]}: files on the server are not offered here", 2) from None
        return arguments
    for parameter, option in _SERVER_FILE_PARAMETERS.items():
        if context.params.get(parameter) is not None:
            raise Refused(f"{option} names a file on the server; it is not offered here", 2)
    return arguments
