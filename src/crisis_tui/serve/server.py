"""The SSH side: who may connect, what they may ask for, and the server's life from start to stop.

Only sessions are served. Port forwarding (local, remote, UNIX socket),
agent and X11 forwarding, and passwords are refused at the protocol level,
with a reason wherever the protocol carries one.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any, ClassVar

import asyncssh

from crisis_tui.serve.bridge import SessionBridge
from crisis_tui.serve.hostkey import fingerprint
from crisis_tui.serve.hub import Hub

FORWARDING_REFUSED = "port forwarding is not offered: this server only shows a story"
TOO_MANY_CHANNELS = "too many sessions open on this connection"
MAX_ENVIRONMENT = 16
"""Environment variables kept per session channel; only two are ever read."""


class StoryServer(asyncssh.SSHServer):
    """One client connection: checked on arrival, authenticated by key or not at all."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self._access = hub.access  # as it stands when the client arrives
        self._conn: asyncssh.SSHServerConnection | None = None
        self._peer = "?"
        self._address = "?"
        self._user = ""
        self._counted = False
        self._refusal: str | None = None
        self._context = ""
        self._sessions: list[SessionBridge] = []

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        host, port = conn.get_extra_info("peername")[:2]
        self._address = str(host)
        self._peer = f"{host}:{port}"
        hub = self._hub
        why = None
        if hub.closing:
            why = "the server is shutting down; try again later"
        elif not hub.rate.admit(self._address):
            why = "too many connections from your address; wait a minute and try again"
        elif sum(hub.connections.values()) >= hub.options.max_sessions * 2:
            why = "the server is busy; try again in a minute"
        elif hub.connections.get(self._address, 0) >= hub.options.max_per_address * 2:
            why = "busy: too many connections from your address; try again later"
        if why is not None:
            hub.log.event("refused", peer=self._peer, what="connection", reason=why)
            # Said when the client asks to log in: by then both sides are past the
            # key exchange and the client reads the reason; said any earlier, the
            # close can overtake it. A client that never asks is dropped after the
            # login grace.
            self._refusal = why
            return
        hub.connections[self._address] = hub.connections.get(self._address, 0) + 1
        self._counted = True
        self._context = str(getattr(conn.logger, "_context", ""))  # "conn=N" in asyncssh's log
        hub.peers[self._context] = self._peer
        hub.log.event("connected", peer=self._peer, client=conn.get_extra_info("client_version"))

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._counted:
            return
        hub = self._hub
        hub.peers.pop(self._context, None)
        hub.connections[self._address] -= 1
        if hub.connections[self._address] <= 0:
            del hub.connections[self._address]
        hub.log.event("disconnected", peer=self._peer, user=self._user or None, error=_reason(exc))

    def begin_auth(self, username: str) -> bool:
        self._user = username[:64]
        if self._refusal is not None and self._conn is not None:
            self._conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, self._refusal)
            return True
        if self._access.is_open:
            self._hub.log.event("authenticated", peer=self._peer, user=self._user, method="open")
            return False
        return True

    def public_key_auth_supported(self) -> bool:
        return not self._access.is_open

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        allowed = self._access.allows(key, self._address)
        self._hub.log.event(
            "authenticated" if allowed else "refused",
            peer=self._peer,
            user=self._user,
            what=None if allowed else "key",
            key=key.get_fingerprint("sha256"),
        )
        return allowed

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def session_requested(
        self,
    ) -> tuple[asyncssh.SSHServerChannel[bytes], SessionBridge]:
        """A session channel, up to ``--max-per-address`` open on one connection at once.

        Sessions are counted against the limits once they start; this bounds
        the channels a client could open and leave waiting.
        """
        assert self._conn is not None
        self._sessions = [session for session in self._sessions if not session.finished]
        if len(self._sessions) >= self._hub.options.max_per_address:
            self._hub.log.event(
                "refused",
                peer=self._peer,
                user=self._user,
                what="channel",
                reason=TOO_MANY_CHANNELS,
            )
            raise asyncssh.ChannelOpenError(asyncssh.OPEN_RESOURCE_SHORTAGE, TOO_MANY_CHANNELS)
        channel: asyncssh.SSHServerChannel[bytes] = self._conn.create_server_channel(encoding=None)
        _bound_environment(channel)
        session = SessionBridge(self._hub, self._peer, self._user)
        self._sessions.append(session)
        return channel, session

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        self._refused_forwarding("local port forwarding", f"{dest_host}:{dest_port}")
        raise asyncssh.ChannelOpenError(
            asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, FORWARDING_REFUSED
        )

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self._refused_forwarding("remote port forwarding", f"{listen_host}:{listen_port}")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self._refused_forwarding("UNIX socket forwarding", dest_path)
        raise asyncssh.ChannelOpenError(
            asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, FORWARDING_REFUSED
        )

    def unix_server_requested(self, listen_path: str) -> bool:
        self._refused_forwarding("remote UNIX socket forwarding", listen_path)
        return False

    def _refused_forwarding(self, what: str, target: str) -> None:
        self._hub.log.event(
            "refused",
            peer=self._peer,
            user=self._user,
            what=what,
            request=target,
            reason=FORWARDING_REFUSED,
        )


def _bound_environment(channel: asyncssh.SSHServerChannel[bytes]) -> None:
    """Keep at most MAX_ENVIRONMENT variables a client sends, each of bounded size.

    asyncssh keeps every ``env`` request of a channel, with no limit; a client
    could send them until the server runs out of memory. Only COLORTERM and
    NO_COLOR are ever read, so past the bound requests are simply refused.
    (asyncssh looks the handler up on the channel by name; this replaces it
    for this one channel.)
    """
    accept = channel._process_env_request

    def process_env_request(packet: Any) -> bool:
        held = channel._env
        if len(held) >= MAX_ENVIRONMENT or len(packet.get_remaining_payload()) > 1024:
            return False
        return accept(packet)

    channel._process_env_request = process_env_request  # type: ignore[method-assign]


def _reason(exc: Exception | None) -> str | None:
    return None if exc is None else str(exc)[:200] or type(exc).__name__


class _DeniedRequests(logging.Handler):
    """Agent and X11 forwarding are refused inside asyncssh; this puts them in our log,
    with asyncssh's own warnings and errors.

    asyncssh answers those requests itself (forwarding is switched off) and
    notes the denial in its own log; this handler turns exactly those notes
    into ``refused`` events, with the connection they came on.
    """

    WATCHED: ClassVar[dict[str, str]] = {
        "Agent forwarding request denied": "agent forwarding",
        "X11 forwarding request denied": "X11 forwarding",
    }

    def __init__(self, hub: Hub) -> None:
        super().__init__(logging.INFO)
        self._hub = hub

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.levelno >= logging.WARNING:
            self._hub.log.event("ssh warning", message=text[:500])
            return
        for prefix, what in self.WATCHED.items():
            if prefix in text:
                context = text[1:].split("]", 1)[0] if text.startswith("[") else ""
                connection = context.split(",", 1)[0]
                self._hub.log.event(
                    "refused",
                    peer=self._hub.peers.get(connection, "?"),
                    what=what,
                    reason=f"{what} is not offered",
                )


async def serve_forever(hub: Hub, host_key: asyncssh.SSHKey) -> int:
    """Listen until SIGTERM or SIGINT; reload the story on SIGHUP. The exit status."""
    options = hub.options
    log = hub.log
    asyncssh_log = logging.getLogger("asyncssh")
    asyncssh_log.setLevel(logging.INFO)
    asyncssh_log.propagate = False
    asyncssh_log.addHandler(_DeniedRequests(hub))
    stop = asyncio.Event()
    status = 0

    def zygote_gone() -> None:
        nonlocal status
        log.event("error", error="the pre-loaded process ended; stopping")
        status = 1
        stop.set()

    hub.listen_to_zygote(zygote_gone)
    server = await asyncssh.create_server(
        lambda: StoryServer(hub),
        options.host,
        options.port,
        server_host_keys=[host_key],
        login_timeout=options.login_grace,
        keepalive_interval=30,
        keepalive_count_max=3,
        password_auth=False,
        kbdint_auth=False,
        host_based_auth=False,
        gss_host=None,
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        line_editor=False,
        encoding=None,
        server_version="crisis-tui",
        reuse_address=True,
    )
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_signal_handler(signal.SIGHUP, hub.reload)
    sockets = server.sockets
    port = sockets[0].getsockname()[1] if sockets else options.port
    log.event(
        "listening",
        address=f"{options.host}:{port}",
        host_key=fingerprint(host_key),
        access=hub.access.describe(),
        story=str(options.story_path),
    )
    await stop.wait()
    hub.closing = True
    log.event("stopping", sessions=hub.sessions.open)
    server.close()
    await hub.end_all("the server is shutting down; please come back later", options.shutdown_grace)
    await asyncio.sleep(0.2)  # let the last messages reach the clients
    log.event("stopped")
    return status
