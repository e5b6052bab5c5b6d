"""Who may come in: the keys in an authorized-keys file, or anyone, and never by password.

Binding a loopback address without a choice means open: only people on
this machine can reach it. Any other address faces a network, so the
operator must spell out ``--open`` or ``--authorized-keys``.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from crisis_tui.serve.files import ServerFileError, read_small_file


class AccessError(Exception):
    """The access options do not make sense together; the message says what to do."""


@dataclass(frozen=True, slots=True)
class AccessPolicy:
    """Anyone (``keys`` None) or only the holders of these public keys."""

    keys: asyncssh.SSHAuthorizedKeys | None
    source: Path | None = None

    @property
    def is_open(self) -> bool:
        return self.keys is None

    def allows(self, key: asyncssh.SSHKey, client_address: str) -> bool:
        """Is ``key`` listed (and, if the file says ``from=``, from this address)?"""
        if self.keys is None:
            return True
        return self.keys.validate(key, "", client_address) is not None

    def describe(self) -> str:
        return "open to anyone" if self.source is None else f"keys in {self.source}"


def is_loopback(host: str) -> bool:
    """Does ``host`` only accept connections from this machine?"""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def choose_policy(host: str, authorized_keys: Path | None, open_access: bool) -> AccessPolicy:
    """The policy the options ask for; AccessError when they conflict or are missing."""
    if authorized_keys is not None and open_access:
        raise AccessError("choose one of --open and --authorized-keys, not both")
    if authorized_keys is not None:
        return AccessPolicy(read_authorized_keys(authorized_keys), authorized_keys)
    if open_access or is_loopback(host):
        return AccessPolicy(None)
    raise AccessError(
        f"{host} can be reached from other machines: say who may connect, "
        "--open (anyone, like a public reading room) or --authorized-keys FILE"
    )


def read_authorized_keys(path: Path) -> asyncssh.SSHAuthorizedKeys:
    """An OpenSSH ``authorized_keys`` file; ServerFileError if unreadable or not one."""
    text = read_small_file(path).decode("utf-8", "replace")
    try:
        return asyncssh.import_authorized_keys(text)
    except (asyncssh.KeyImportError, ValueError) as error:
        raise ServerFileError(f"{path}: not an authorized_keys file ({error})") from None
