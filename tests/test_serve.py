"""``crisis-tui serve`` as readers meet it: through the real OpenSSH client.

Each test starts its own server on 127.0.0.1 and a free port, with a
temporary host key and XDG directories, and stops and reaps it after.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import asyncssh
import pytest
from serve_helpers import (
    CRASHING_LAUNCHER,
    TIMEOUT,
    Client,
    Server,
    alive,
    descendants,
    end_client,
    make_identity,
    needs_ssh,
    running_server,
    wait_until,
)
from tmux_terminal import TMUX, Terminal, private_socket

from crisis_tui.loader import bundled_story_path

pytestmark = needs_ssh


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with running_server(tmp_path) as started:
        yield started


@pytest.fixture
def client(tmp_path: Path, server: Server) -> Client:
    return Client(tmp_path, server.port, make_identity(tmp_path))


def _local(*words: str) -> subprocess.CompletedProcess[str]:
    """The installed ``crisis-tui`` command, run here."""
    command = shutil.which("crisis-tui", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("the crisis-tui command is not installed")
    return subprocess.run(
        [command, *words],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _read_until(process: subprocess.Popen[bytes], text: bytes, timeout: float = TIMEOUT) -> bytes:
    """What the session printed, read until ``text`` appears."""
    assert process.stdout is not None
    seen = b""
    deadline = time.monotonic() + timeout
    while text not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            pytest.fail(f"timed out waiting for {text!r}; got {seen[-500:]!r}")
        ready, _, _ = select.select([process.stdout], [], [], left)
        if ready:
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                pytest.fail(f"the session ended before {text!r}; got {seen[-500:]!r}")
            seen += chunk
    return seen


# ------------------------------------------------------------------ the explorer


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_a_reader_browses_the_story_over_ssh_at_80x24_and_leaves_with_q(
    client: Client, server: Server
) -> None:
    tmux = Terminal(private_socket("crisis-serve"), "reader")
    modes = (
        "stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo -e -icanon -e -echo | tr '\\n' ' '"
    )
    ssh = client.arguments("-tt", "-o", "SetEnv=COLORTERM=truecolor NO_COLOR=1")
    command = shlex.join(["env", "TERM=xterm-256color", *ssh, "127.0.0.1"])
    command += f"; echo EXIT=$?; echo MODES=$({modes}); sleep 60"
    started = tmux.tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "reader", command)
    assert started.returncode == 0, started.stderr
    try:
        first = tmux.wait_for("1 Timeline", "López held under house arrest", "Pro-Guaidó")
        assert "4 Detail" in first.splitlines()[1], "narrow layout: tabs, one pane"
        tmux.tmux("send-keys", "-t", "reader", "/")
        tmux.wait_for("Search everything")
        tmux.tmux("send-keys", "-t", "reader", "-l", "padrino")
        tmux.wait_for("3 matches", "Vladimir Padrino")
        tmux.tmux("send-keys", "-t", "reader", "Enter")
        wait_until(
            lambda: "Search everything" not in (shown := tmux.screen()) and "Padrino" in shown,
            "the best match opened in the detail",
        )
        assert "López held under house arrest" not in tmux.screen(), "the detail replaced the list"

        tmux.tmux("resize-window", "-t", "reader", "-x", "120", "-y", "40")
        wide = tmux.wait_for("╭─ 2 Actors", "╭─ 4 Detail")
        header = next(line for line in wide.splitlines() if "╭─ 1 Timeline" in line)
        assert "╭─ 4 Detail" in header, "at 120 columns the panes stand side by side"
        assert len(wide.splitlines()) >= 39

        tmux.tmux("send-keys", "-t", "reader", "q")
        after = tmux.wait_for("EXIT=0", "MODES=")
        assert "MODES=icanon echo" in after, "the client's terminal is back to line mode"
        server.wait_for_log(r"session ended .*status=0 reason=quit")
        assert re.search(
            r"session started .*size=80x24 term=xterm-256color colorterm=truecolor no_color=True",
            server.log(),
        )
    finally:
        tmux.tmux("kill-server")


# ------------------------------------------------------------ commands and refusals


def test_search_over_ssh_prints_what_the_local_command_prints(client: Client) -> None:
    words = ["search", "tratiors", "--kind", "quote", "--json"]
    remote = client.run(*words)
    local = _local(*words)
    assert remote.returncode == local.returncode == 0
    assert remote.stdout == local.stdout
    assert json.loads(remote.stdout), "the typo still finds the quote"

    for other in (["search", "zzqqxx"], ["search"], ["export", "--format", "csv"]):
        remote, local = client.run(*other), _local(*other)
        assert (remote.returncode, remote.stdout, remote.stderr) == (
            local.returncode,
            local.stdout,
            local.stderr,
        ), other
    exported = client.run("export", "--format", "json")
    assert exported.stdout == _local("export", "--format", "json").stdout


@pytest.mark.parametrize(
    ("words", "status", "message"),
    [
        (["ls", "/"], 127, "crisis-tui: ls: not offered here"),
        (["sh", "-c", "id"], 127, "crisis-tui: sh: not offered here"),
        (["search", "--story", "/etc/passwd", "x"], 2, "--story names a file on the server"),
        (["export", "--format", "json", "-o", "/tmp/x"], 2, "--output names a file"),
    ],
)
def test_other_commands_are_refused_with_a_reason(
    client: Client, server: Server, words: list[str], status: int, message: str
) -> None:
    result = client.run(*words)
    assert result.returncode == status
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    server.wait_for_log(r"refused .*what=command")
    assert "session started" not in server.log()


def test_a_shell_without_a_terminal_is_refused(client: Client, server: Server) -> None:
    result = client.run(options=["-T"])
    assert result.returncode == 1
    assert "the explorer needs a terminal: connect with ssh -t" in result.stderr
    server.wait_for_log(r'refused .*what="no terminal"')


def test_sftp_and_scp_are_refused(client: Client, server: Server, tmp_path: Path) -> None:
    sftp = subprocess.run(
        ["sftp", *client.arguments()[1:-2], "-P", str(client.port), "127.0.0.1"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert sftp.returncode != 0
    assert "'sftp' subsystem is not offered" in sftp.stderr
    server.wait_for_log(r"refused .*what=subsystem request=sftp")
    legacy_scp = client.run("scp", "-f", "/etc/passwd")
    assert legacy_scp.returncode == 127
    assert "crisis-tui: scp: not offered here" in legacy_scp.stderr


def test_port_forwarding_is_refused(client: Client, server: Server) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        local_port = probe.getsockname()[1]
    forwarding = subprocess.Popen(
        [
            *client.arguments("-N", "-L", f"{local_port}:127.0.0.1:22", log_level="INFO"),
            "127.0.0.1",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        server.wait_for_log(r"authenticated")

        def tunnel_closed() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", local_port), timeout=2) as tunnel:
                    tunnel.settimeout(5)
                    return tunnel.recv(100) == b""
            except OSError:
                return False

        wait_until(tunnel_closed, "the forwarded port to be open and closed at once")
        server.wait_for_log(r'refused .*what="local port forwarding" request=127\.0\.0\.1:22')
    finally:
        _, err = end_client(forwarding)
    assert "administratively prohibited: port forwarding is not offered" in err

    remote = client.run(options=["-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9"])
    assert remote.returncode == 255
    assert "remote port forwarding failed" in remote.stderr
    unix = client.run(
        options=["-N", "-o", "ExitOnForwardFailure=yes", "-R", "/tmp/no-such.sock:/tmp/x"]
    )
    assert unix.returncode == 255
    assert "remote port forwarding failed for listen path" in unix.stderr
    server.wait_for_log(r'what="remote port forwarding"')
    server.wait_for_log(r'what="remote UNIX socket forwarding"')


def test_x11_forwarding_is_refused(client: Client, server: Server) -> None:
    result = subprocess.run(
        [*client.arguments("-X"), "127.0.0.1", "search", "padrino", "--limit", "1"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "DISPLAY": "127.0.0.1:99"},
    )
    assert result.returncode == 0, "the command still runs, without X11"
    assert "X11 forwarding request failed" in result.stderr
    server.wait_for_log(r'refused peer=127\.0\.0\.1:\d+ what="X11 forwarding"')


def test_agent_forwarding_is_refused(client: Client, server: Server, tmp_path: Path) -> None:
    agent_socket = tmp_path / "agent.sock"
    agent = subprocess.Popen(
        ["ssh-agent", "-D", "-a", str(agent_socket)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(agent_socket.exists, "the test's ssh-agent")
        ssh = [
            f"IdentityAgent={agent_socket}" if word == "IdentityAgent=none" else word
            for word in client.arguments("-A")
        ]
        result = subprocess.run(
            [*ssh, "127.0.0.1", "search", "padrino", "--limit", "1"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, "the command still runs, without the agent"
        server.wait_for_log(r'refused peer=127\.0\.0\.1:\d+ what="agent forwarding"')
    finally:
        agent.terminate()
        agent.wait(timeout=TIMEOUT)


# ---------------------------------------------------------------------- access


def test_authorized_keys_let_in_only_the_listed_key_and_never_a_password(
    tmp_path: Path,
) -> None:
    listed = make_identity(tmp_path, "listed")
    other = make_identity(tmp_path, "other")
    authorized = tmp_path / "authorized_keys"
    authorized.write_text(Path(f"{listed}.pub").read_text())
    with running_server(tmp_path, "--authorized-keys", str(authorized)) as server:
        allowed = Client(tmp_path, server.port, listed).run("search", "padrino", "--json")
        assert allowed.returncode == 0
        assert json.loads(allowed.stdout)

        refused = Client(tmp_path, server.port, other).run("search", "padrino")
        assert refused.returncode == 255
        assert "Permission denied (publickey)" in refused.stderr

        password = Client(tmp_path, server.port, other).run(
            "search",
            "padrino",
            options=[
                "-o",
                "PubkeyAuthentication=no",
                "-o",
                "PreferredAuthentications=password,keyboard-interactive",
            ],
        )
        assert password.returncode == 255
        assert "Permission denied (publickey)" in password.stderr, "only keys are offered"
        assert re.search(r"refused .*what=key key=SHA256:", server.log())
        assert server.log().count("session started") == 1

        authorized.write_text(authorized.read_text() + Path(f"{other}.pub").read_text())
        server.process.send_signal(signal.SIGHUP)
        server.wait_for_log(r"keys reloaded")
        now_listed = Client(tmp_path, server.port, other).run("search", "padrino")
        assert now_listed.returncode == 0, "SIGHUP reads the authorized keys again"


# ---------------------------------------------------------------------- limits


def test_busy_servers_say_so_per_address_and_in_total(tmp_path: Path) -> None:
    identity = make_identity(tmp_path)
    with running_server(tmp_path, "--max-sessions", "2", "--max-per-address", "1") as server:
        client = Client(tmp_path, server.port, identity)
        first = client.session()
        try:
            _read_until(first, b"1 Timeline")
            same_address = client.run("search", "padrino")
            assert same_address.returncode == 1
            assert "1 sessions are already open from your address" in same_address.stderr

            second = client.session("-b", "127.0.0.2")
            _read_until(second, b"1 Timeline")
            third = client.run("search", "padrino", options=["-b", "127.0.0.3"])
            assert third.returncode == 1
            assert "the server is busy (2 sessions open); try again in a minute" in third.stderr
            assert server.log().count("what=busy") == 2
        finally:
            end_client(first)
            end_client(second)


async def test_one_connection_cannot_open_sessions_beyond_the_limit(tmp_path: Path) -> None:
    with running_server(tmp_path, "--max-per-address", "1") as server:
        async with asyncssh.connect(
            "127.0.0.1",
            server.port,
            known_hosts=None,
            username="reader",
            client_keys=None,
            agent_path=None,
        ) as connection:
            first = await connection.create_process(
                term_type="xterm-256color", term_size=(80, 24), encoding=None
            )
            with pytest.raises(asyncssh.ChannelOpenError, match="too many sessions open"):
                await connection.create_process("search padrino")
            first.stdin.write(b"q")
            await asyncio.wait_for(first.wait_closed(), TIMEOUT)
        server.wait_for_log(r"refused .*what=channel")


def test_connections_from_one_address_are_limited_per_minute(tmp_path: Path) -> None:
    identity = make_identity(tmp_path)
    with running_server(tmp_path, "--connections-per-minute", "2") as server:
        client = Client(tmp_path, server.port, identity)
        assert client.run("search", "padrino").returncode == 0
        assert client.run("search", "padrino").returncode == 0
        third = client.run("search", "padrino")
        assert third.returncode == 255
        assert "too many connections from your address; wait a minute" in third.stderr
        assert "what=connection" in server.log()


def test_idle_sessions_and_long_sessions_end_with_a_reason(tmp_path: Path) -> None:
    identity = make_identity(tmp_path)
    with running_server(tmp_path, "--idle-timeout", "3s", "--max-time", "6s") as server:
        client = Client(tmp_path, server.port, identity)
        idle, busy = client.session(), client.session()
        assert idle.stdin is not None
        assert busy.stdin is not None
        _read_until(busy, b"1 Timeline")
        assert busy.stdout is not None
        started = time.monotonic()
        while busy.poll() is None and time.monotonic() - started < TIMEOUT:
            with suppress(BrokenPipeError):  # the session may end between two keys
                busy.stdin.write(b"j")
                busy.stdin.flush()
            if select.select([busy.stdout], [], [], 0.4)[0]:
                os.read(busy.stdout.fileno(), 65536)  # a reader keeps reading
        idle.wait(timeout=TIMEOUT)
        _, idle_said = end_client(idle)
        _, busy_said = end_client(busy)
    assert "session closed after 3 seconds without a key pressed" in idle_said
    assert "this session reached its limit of 6 seconds" in busy_said
    log = server.log()
    assert "reason=idle" in log
    assert 'reason="max time"' in log


# ------------------------------------------------------------ processes and signals


def test_a_client_that_vanishes_takes_its_process_with_it(client: Client, server: Server) -> None:
    session = client.session()
    _read_until(session, b"1 Timeline")
    (pid,) = server.session_pids()
    assert alive(pid)
    session.kill()
    session.wait(timeout=TIMEOUT)
    gone_by = time.monotonic() + 2
    wait_until(lambda: not alive(pid), "the session's process to end", timeout=2.5)
    assert time.monotonic() <= gone_by + 0.5
    server.wait_for_log(r"session ended .*reason=")


def test_sigterm_tells_every_session_and_leaves_nothing_behind(
    client: Client, server: Server
) -> None:
    sessions = [client.session() for _ in range(3)]
    for session in sessions:
        _read_until(session, b"1 Timeline")
    everything = descendants(server.process.pid)
    assert len(everything) == 4, "the pre-loaded process and one per session"
    asked = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=6) == 0
    assert time.monotonic() - asked < 6
    for session in sessions:
        session.wait(timeout=TIMEOUT)
        _, said = end_client(session)
        assert "the server is shutting down; please come back later" in said
    assert not [pid for pid in everything if alive(pid)]
    assert "stopped" in server.log()


def test_a_session_that_crashes_is_logged_and_the_others_go_on(tmp_path: Path) -> None:
    identity = make_identity(tmp_path)
    with running_server(tmp_path, launcher=CRASHING_LAUNCHER) as server:
        client = Client(tmp_path, server.port, identity)
        steady = client.session()
        assert steady.stdin is not None
        _read_until(steady, b"1 Timeline")
        broken = client.session(term="xterm-crash")
        broken.wait(timeout=TIMEOUT)
        shown, said = end_client(broken)
        assert broken.returncode == 1
        assert "the explorer stopped on an error; it has been logged" in shown
        assert "Traceback" not in shown + said, "the client sees no server internals"
        server.wait_for_log(r"session error .*RuntimeError: the explorer broke on purpose")

        steady.stdin.write(b"3")
        steady.stdin.flush()
        _read_until(steady, b"3 Quotes")
        steady.stdin.write(b"q")
        steady.stdin.flush()
        assert steady.wait(timeout=TIMEOUT) == 0
        end_client(steady)
        assert server.process.poll() is None


# ---------------------------------------------------------------------- the story


def test_sighup_reloads_the_story_and_keeps_the_old_one_when_invalid(tmp_path: Path) -> None:
    story = tmp_path / "story.yaml"
    original = bundled_story_path().read_text(encoding="utf-8")
    story.write_text(original, encoding="utf-8")
    identity = make_identity(tmp_path)
    with running_server(tmp_path, story=story) as server:
        client = Client(tmp_path, server.port, identity)
        story.write_text(original + "\nevents: [", encoding="utf-8")
        server.process.send_signal(signal.SIGHUP)
        server.wait_for_log(r"reload refused")
        assert re.search(r"story error problem=\S*story\.yaml:\d+:\d+: error", server.log())
        assert client.run("search", "padrino").returncode == 0, "the old story is served"

        story.write_text(original.replace("Vladimir Padrino", "Vladimiro Padrinoso"), "utf-8")
        server.process.send_signal(signal.SIGHUP)
        server.wait_for_log(r"reloaded story=")
        renamed = client.run("search", "padrinoso", "--json")
        assert "Vladimiro Padrinoso" in renamed.stdout


def test_the_host_key_is_made_private_and_a_readable_one_is_refused(tmp_path: Path) -> None:
    with running_server(tmp_path) as server:
        key = tmp_path / "xdg-data" / "crisis-tui" / "ssh_host_ed25519_key"
        assert key.stat().st_mode & 0o777 == 0o600
        fingerprint = server.wait_for_log(r"host_key=(SHA256:\S+)")[1]
    scanned = subprocess.run(
        ["ssh-keygen", "-l", "-f", str(key)], capture_output=True, text=True, check=True
    )
    assert fingerprint in scanned.stdout, "the fingerprint printed is the key's"

    key.chmod(0o644)
    refused = subprocess.run(
        [sys.executable, "-m", "crisis_tui", "serve", "--port", "0", "--host-key", str(key)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert refused.returncode == 1
    assert "readable by other users (mode 0644)" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_public_address_needs_the_access_spelled_out() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crisis_tui", "serve", "--host", "0.0.0.0", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 2
    assert "--open" in result.stderr
    assert "--authorized-keys" in result.stderr
