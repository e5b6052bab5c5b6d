"""The ``crisis-tui`` command: the explorer by default, and tools that share its story loading."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import Any

import click

from crisis_tui import __version__, launch
from crisis_tui.cli_support import STORY_HELP, story_option
from crisis_tui.loader import Severity, StoryError, bundled_story_path, load_story
from crisis_tui.loader.diagnostics import did_you_mean, shown_lines
from crisis_tui.text import json_text, visible


@contextmanager
def _visible_errors() -> Iterator[None]:
    """Click's error messages quote what was typed (an option, a file name): show it inertly."""
    try:
        yield
    except click.ClickException as error:
        message = error.format_message()
        shown = visible(message, keep_newlines=False)
        if shown == message:
            raise
        if isinstance(error, click.UsageError):
            raise click.UsageError(shown, error.ctx) from None
        raise click.ClickException(shown) from None


_LAZY_COMMANDS = {
    "search": "crisis_tui.search_command:search_command",
    "export": "crisis_tui.export_command:export",
}
"""Commands imported only when run: the explorer should not wait for the search engine,
nor ``validate`` for the exporters."""


class _ExplorerByDefault(click.Group):
    """``crisis-tui`` and ``crisis-tui STORY`` open the explorer; other words name commands.

    Every error Click reports, for the group or any command, passes through
    :func:`_visible_errors` on its way out.
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        with _visible_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with _visible_errors():
            return super().invoke(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _LAZY_COMMANDS:
            module, _, name = _LAZY_COMMANDS[cmd_name].partition(":")
            command = getattr(import_module(module), name)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = args[0] if args else None
        commands = self.list_commands(ctx)
        if first is None or (
            first not in commands and first not in ctx.help_option_names and first != "--version"
        ):
            if first is not None and not first.startswith("-") and not Path(first).exists():
                hint = did_you_mean(first, commands)
                if hint:
                    raise click.UsageError(f"no such command or story file '{first}'{hint}", ctx)
            args = ["explore", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_ExplorerByDefault, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="crisis-tui")
def main() -> None:
    """Explore a news crisis: its timeline, actors, quotes and the links between them.

    Run with no command to open the explorer on the bundled story, or
    `crisis-tui STORY.yaml` to open your own.
    """


@main.command(params=[story_option()])
@click.argument("story", type=click.Path(path_type=Path), required=False, metavar="[STORY]")
@click.option(
    "--theme", default=None, help="Textual theme to start with (remembered for next time)."
)
def explore(story: Path | None, story_path: Path | None, theme: str | None) -> None:
    """Open the explorer (the default command)."""
    launch.explore(story or story_path, theme=theme)


@main.command()
@click.argument("stories", nargs=-1, type=click.Path(path_type=Path), metavar="STORY...")
@click.option(
    "--story",
    "story_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="STORY",
    help=STORY_HELP,
)
def validate(stories: tuple[Path, ...], story_paths: tuple[Path, ...]) -> None:
    """Check story files (default: the bundled story); print every problem as FILE:LINE:COL.

    Exit 1 if any is invalid.
    """
    paths = (*stories, *story_paths) or (bundled_story_path(),)
    failed = False
    for path in paths:
        shown = visible(str(path), keep_newlines=False)
        try:
            loaded = load_story(path)
        except StoryError as error:
            failed = True
            for line in shown_lines(error.diagnostics):
                click.echo(line, err=True)
            errors = sum(d.severity is Severity.ERROR for d in error.diagnostics)
            click.echo(f"{shown}: invalid: {errors} error{'s' if errors != 1 else ''}", err=True)
            continue
        for line in shown_lines(loaded.warnings):
            click.echo(line, err=True)
        story = loaded.story
        counts = ", ".join(
            f"{len(getattr(story, key))} {key}" for key in ("events", "quotes", "actors", "places")
        )
        click.echo(f"{shown}: valid: {counts}")
    sys.exit(1 if failed else 0)


@main.command()
def schema() -> None:
    """Print the JSON Schema of story files, for editors with the YAML language server."""
    from crisis_tui.schema import story_schema

    click.echo(json_text(story_schema()))


def _duration(context: click.Context, parameter: click.Parameter, value: str) -> float | None:
    from crisis_tui.serve.options import parse_duration

    try:
        return parse_duration(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@main.command(params=[story_option()])
@click.argument("story", type=click.Path(path_type=Path), required=False, metavar="[STORY]")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=2222, show_default=True)
@click.option(
    "--host-key",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Private host key. Default: an ed25519 key made on first start in "
    "$XDG_DATA_HOME/crisis-tui/.",
)
@click.option(
    "--authorized-keys",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Let in only the keys in this OpenSSH authorized_keys file.",
)
@click.option("--open", "open_access", is_flag=True, help="Let anyone in, with no password or key.")
@click.option("--max-sessions", type=click.IntRange(min=1), default=50, show_default=True)
@click.option(
    "--max-per-address",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Sessions at once from one client address.",
)
@click.option(
    "--idle-timeout",
    default="15m",
    show_default=True,
    callback=_duration,
    help="End a session after this long without a key (e.g. 90s, 15m; 0 for never).",
)
@click.option(
    "--max-time",
    default="8h",
    show_default=True,
    callback=_duration,
    help="End a session after this long in all (0 for never).",
)
@click.option(
    "--connections-per-minute",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="New connections one client address may make per minute.",
)
@click.option("--log-json", is_flag=True, help="Log one JSON object per line.")
def serve(
    story: Path | None,
    story_path: Path | None,
    **settings: object,
) -> None:
    """Serve the explorer over SSH: readers run `ssh -p 2222 HOST` and install nothing.

    Read-only commands work too: `ssh -p 2222 HOST search WORDS [--json]`.
    SIGHUP reloads the story for new sessions; SIGTERM or SIGINT stops.
    """
    from crisis_tui.serve.options import ServeOptions
    from crisis_tui.serve.run import serve as run_server

    chosen = story or story_path or bundled_story_path()
    sys.exit(run_server(ServeOptions(story_path=chosen, **settings)))  # type: ignore[arg-type]
