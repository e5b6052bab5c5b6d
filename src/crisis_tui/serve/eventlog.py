"""One line per connection event, plain ``key=value`` or one JSON object per line.

Everything a client sends (user name, TERM, command) is untrusted: in the
plain format any value that is not a simple word is written as a JSON
string, so control characters arrive escaped and cannot forge a line or
drive the operator's terminal.
"""

from __future__ import annotations

import json
import os
import re
import time
from contextlib import suppress
from datetime import UTC, datetime

_SIMPLE = re.compile(r"[A-Za-z0-9_.,:/@+=%\-\[\]]{1,200}")


class EventLog:
    """Writes events to a file descriptor, each with one ``write`` so lines never interleave.

    The server, the pre-loaded process and the session processes all write
    to the same descriptor; a single write of a short line is not split.
    """

    def __init__(self, fd: int, *, as_json: bool = False) -> None:
        self.fd = fd
        self.as_json = as_json

    def event(self, name: str, **fields: object) -> None:
        """Log ``name`` with ``fields``; None values are left out."""
        stamp = datetime.fromtimestamp(time.time(), UTC).isoformat(timespec="milliseconds")
        present = {key: value for key, value in fields.items() if value is not None}
        if self.as_json:
            line = json.dumps({"time": stamp, "event": name, **present}, ensure_ascii=False)
        else:
            words = [stamp.replace("+00:00", "Z"), name]
            words += [f"{key}={_plain(value)}" for key, value in present.items()]
            line = " ".join(words)
        data = (line + "\n").encode("utf-8", "backslashreplace")
        with suppress(OSError):  # a closed log must not take the server down
            os.write(self.fd, data)


def _plain(value: object) -> str:
    if isinstance(value, float):
        value = round(value, 3)
    text = str(value)
    return text if _SIMPLE.fullmatch(text) else json.dumps(text)
