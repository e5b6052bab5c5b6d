"""Building a story or its index makes millions of objects and no cycles.

Left running, the cyclic garbage collector rescans everything built so far,
again and again, which more than doubles the time to load or index a large
story. Both pause it the same way, here.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, restoring its state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
