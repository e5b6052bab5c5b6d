"""The server's identity: its ed25519 host key, made on first start and kept private."""

from __future__ import annotations

import os
from pathlib import Path

import asyncssh

from crisis_tui.serve.files import ServerFileError, read_small_file
from crisis_tui.xdg import data_directory

HOST_KEY_NAME = "ssh_host_ed25519_key"


def default_host_key_path() -> Path:
    """``$XDG_DATA_HOME/crisis-tui/ssh_host_ed25519_key``; OSError if there is no home."""
    return data_directory() / HOST_KEY_NAME


def load_host_key(path: Path | None) -> tuple[asyncssh.SSHKey, Path]:
    """The host key at ``path``, or the default one, generated there if missing.

    Raises ServerFileError with a message for the operator when the key
    cannot be used, for one because other users may read it.
    """
    if path is None:
        try:
            path = default_host_key_path()
        except OSError as error:
            raise ServerFileError(f"no place for a host key ({error}); give --host-key") from None
        if not path.exists() and not path.is_symlink():
            _generate(path)
    data = read_small_file(path, private=True)
    try:
        return asyncssh.import_private_key(data), path
    except (asyncssh.KeyImportError, ValueError) as error:
        raise ServerFileError(f"{path}: not a private key asyncssh can use ({error})") from None


def fingerprint(key: asyncssh.SSHKey) -> str:
    """What ``ssh`` shows a user on first connect: ``SHA256:...``."""
    return key.get_fingerprint("sha256")


def _generate(path: Path) -> None:
    """Write a new ed25519 key, created mode 0600 in a 0700 directory, never over a file."""
    key = asyncssh.generate_private_key("ssh-ed25519", comment="crisis-tui host key")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return  # another server made one meanwhile: use it
    except OSError as error:
        raise ServerFileError(f"{path}: cannot create a host key ({error.strerror})") from None
    with os.fdopen(fd, "wb") as stream:
        stream.write(key.export_private_key())
    public = path.with_name(path.name + ".pub")
    with open(public, "wb") as stream:
        stream.write(key.export_public_key())
