"""The server's parts on their own: what a client may ask for, and what it may cost."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from crisis_tui.serve import bridge, server
from crisis_tui.serve.access import AccessError, choose_policy, is_loopback
from crisis_tui.serve.commands import Refused, served_arguments
from crisis_tui.serve.eventlog import EventLog
from crisis_tui.serve.files import ServerFileError, read_small_file
from crisis_tui.serve.hub import Hub
from crisis_tui.serve.limits import MAX_TRACKED_ADDRESSES, ConnectionRate, SessionCount
from crisis_tui.serve.options import describe_duration, parse_duration
from crisis_tui.serve.terminal import (
    DEFAULT_TERM,
    MAX_COLUMNS,
    MAX_ROWS,
    colour_wishes,
    terminal_name,
    window_size,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("90s", 90), ("15m", 900), ("8h", 28800), ("1d", 86400), ("0", None)],
)
def test_durations_read_as_people_write_them(text: str, seconds: float | None) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "ten minutes", "-5m", "5w", "1e9"])
def test_a_duration_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_durations_are_said_as_people_say_them() -> None:
    assert describe_duration(900) == "15 minutes"
    assert describe_duration(3600) == "1 hour"
    assert describe_duration(2) == "2 seconds"


@pytest.mark.parametrize(
    "command",
    [
        "search guaido",
        "search 'guaido usurp' --json --kind quote --limit 3",
        "export --format json",
    ],
)
def test_the_read_only_commands_are_served(command: str) -> None:
    assert served_arguments(command)[0] in ("search", "export")


@pytest.mark.parametrize(
    ("command", "status"),
    [
        ("ls", 127),
        ("", 127),
        ("rm -rf /", 127),
        ("validate /etc/passwd", 127),
        ("explore", 127),
        ("serve --open", 127),
        ("search x --story /etc/shadow", 2),
        ("search x --story=/etc/shadow", 2),
        ("export --format json --output /tmp/owned", 2),
        ("export --format json --output=/tmp/owned", 2),
        ("export --format json -o/tmp/owned", 2),
        ("export --format nonsense -o /tmp/owned", 2),
        ("search 'unclosed", 2),
        ("search " + "x" * 5000, 2),
    ],
)
def test_anything_else_is_refused_with_a_reason(command: str, status: int) -> None:
    with pytest.raises(Refused) as refused:
        served_arguments(command)
    assert refused.value.exit_status == status
    assert "\n" not in str(refused.value)


def test_a_refusal_shows_a_hostile_command_name_as_plain_text() -> None:
    with pytest.raises(Refused) as refused:
        served_arguments("'\x1b]52;c;aGk=\x07evil'")
    assert "\x1b" not in str(refused.value)
    assert "\x07" not in str(refused.value)


def test_window_sizes_are_bounded_and_terminal_names_checked() -> None:
    assert window_size(80, 24) == (80, 24)
    assert window_size(0, 0) == (80, 24)
    assert window_size(65535, 65535) == (MAX_COLUMNS, MAX_ROWS)
    assert terminal_name("xterm-kitty") == "xterm-kitty"
    assert terminal_name("xterm\x1b[31m") == DEFAULT_TERM
    assert terminal_name("../../etc/passwd") == DEFAULT_TERM
    assert terminal_name("x" * 200) == DEFAULT_TERM
    assert colour_wishes({"COLORTERM": "truecolor", "NO_COLOR": "1"}) == ("truecolor", True)
    assert colour_wishes({"COLORTERM": "\x1b]0;hi"}) == (None, False)


def test_loopback_is_open_by_default_and_other_addresses_must_choose(tmp_path: Path) -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("::1")
    assert is_loopback("localhost")
    assert not is_loopback("0.0.0.0")
    assert choose_policy("127.0.0.1", None, False).is_open
    assert choose_policy("0.0.0.0", None, True).is_open
    with pytest.raises(AccessError, match="--open"):
        choose_policy("0.0.0.0", None, False)
    keys = tmp_path / "keys"
    keys.write_text("")
    with pytest.raises(AccessError, match="not both"):
        choose_policy("127.0.0.1", keys, True)


def test_server_files_that_are_not_regular_files_are_refused_without_blocking(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(ServerFileError, match="not a regular file"):
        read_small_file(fifo)
    with pytest.raises(ServerFileError, match="not a regular file"):
        read_small_file(tmp_path)
    with pytest.raises(ServerFileError, match="no such file"):
        read_small_file(tmp_path / "missing")
    key = tmp_path / "key"
    key.write_text("secret")
    key.chmod(0o640)
    with pytest.raises(ServerFileError, match="readable by other users"):
        read_small_file(key, private=True)


def test_connections_per_address_are_limited_and_the_table_bounded() -> None:
    rate = ConnectionRate(3)
    assert [rate.admit("10.0.0.1") for _ in range(4)] == [True, True, True, False]
    assert rate.admit("10.0.0.2")
    for number in range(MAX_TRACKED_ADDRESSES + 100):
        rate.admit(f"addr-{number}")
    assert len(rate._recent) == MAX_TRACKED_ADDRESSES


def test_sessions_are_counted_in_total_and_per_address() -> None:
    count = SessionCount(total=3, per_address=2)
    assert count.take("a") is None
    assert count.take("a") is None
    assert "from your address" in (count.take("a") or "")
    assert count.take("b") is None
    assert "busy" in (count.take("c") or "")
    count.give_back("a")
    assert count.take("c") is None
    assert count.open == 3


def test_log_lines_keep_client_text_inert(tmp_path: Path) -> None:
    path = tmp_path / "log"
    with path.open("wb") as stream:
        log = EventLog(stream.fileno())
        log.event("connected", peer="127.0.0.1:5", user="evil\n2026 forged=line\x1b[2J")
        EventLog(stream.fileno(), as_json=True).event("refused", user="\x1b]52;c;x\x07")
    plain, structured = path.read_text().splitlines()
    assert "\x1b" not in plain
    assert plain.endswith('user="evil\\n2026 forged=line\\u001b[2J"')
    assert json.loads(structured)["user"] == "\x1b]52;c;x\x07"
    assert "\x1b" not in structured


async def test_a_flood_of_window_changes_reaches_the_session_as_a_few(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    applied: list[tuple[int, int]] = []
    monkeypatch.setattr(
        bridge, "set_window_size", lambda _fd, columns, rows: applied.append((columns, rows))
    )
    hub = cast(Hub, SimpleNamespace(new_session_number=lambda: 1))
    session = bridge.SessionBridge(hub, "127.0.0.1:1", "reader")
    session._terminal = 99
    for width in range(100, 1100):
        session.terminal_size_changed(width, 40, 0, 0)
    await asyncio.sleep(bridge.RESIZE_EVERY * 3)
    assert applied[0] == (100, 40)
    assert applied[-1] == (MAX_COLUMNS, 40), "the latest size, bounded"
    assert len(applied) == 2


def test_a_client_cannot_pile_up_environment_variables() -> None:
    held: dict[bytes, bytes] = {}

    def accept(packet: SimpleNamespace) -> bool:
        held[packet.key] = packet.value
        return True

    channel = SimpleNamespace(_env=held, _process_env_request=accept)
    server._bound_environment(cast(Any, channel))
    answers = [
        channel._process_env_request(
            SimpleNamespace(
                key=f"V{n}".encode(), value=b"x", get_remaining_payload=lambda: b"x" * 20
            )
        )
        for n in range(1000)
    ]
    assert len(held) == server.MAX_ENVIRONMENT
    assert answers.count(True) == server.MAX_ENVIRONMENT
    huge = SimpleNamespace(key=b"COLORTERM", value=b"x", get_remaining_payload=lambda: b"x" * 5000)
    held.clear()
    assert channel._process_env_request(huge) is False
    assert held == {}
