"""Regenerate the SVG screenshots in ``screenshots/`` from the real app on the bundled story.

Run: ``.venv/bin/python scripts/screenshots.py [--output DIRECTORY]``

Each shot drives the app headless with the same keys a person would press,
so the pictures always show what the current code does;
``tests/test_screenshots.py`` fails when a committed one no longer does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crisis_tui.app import make_app

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Shot:
    """One screenshot: a file name, a terminal size, and what to do first."""

    name: str
    size: tuple[int, int]
    keys: Sequence[str] = ()
    open_id: str | None = None
    """Open this entity (as the command palette's "go to" would) before the keys."""


SHOTS = (
    Shot("main-140x40", (140, 40), keys=("2", "j", "j", "j", "j", "j", "j", "j", "j", "j")),
    Shot("main-80x24", (80, 24), keys=("3", "j", "j", "j", "j")),
    Shot("actor-detail-140x40", (140, 40), open_id="vladimir-padrino"),
    Shot("actor-detail-80x24", (80, 24), open_id="vladimir-padrino"),
    Shot("quote-links-140x40", (140, 40), open_id="q-padrino-constitution"),
    Shot("filtered-160x45", (160, 45), open_id="nicolas-maduro", keys=("f", "1")),
    Shot("help-100x40", (100, 40), keys=("question_mark",)),
)


async def take(shot: Shot, output: Path) -> Path:
    app = make_app(None)
    async with app.run_test(size=shot.size) as pilot:
        await pilot.pause()
        if shot.open_id is not None:
            entity = app.story.get(shot.open_id)
            if entity is None:
                raise SystemExit(f"the bundled story has no entity {shot.open_id!r}")
            app.main_screen.open_entity(entity)
            await pilot.pause()
        if shot.keys:
            await pilot.press(*shot.keys)
        # Let the index worker finish and the footer settle on the keys that fit.
        await app.workers.wait_for_complete()
        for _ in range(3):
            await pilot.pause()
        return Path(app.save_screenshot(f"{shot.name}.svg", str(output)))


def normalised(svg: str) -> str:
    """The SVG without the id Rich makes up for each export, so equal screens compare equal."""
    return re.sub(r"\bterminal-\d+-", "terminal-", svg)


async def take_all(output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    for shot in SHOTS:
        print(await take(shot, output))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "screenshots")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as config:
        os.environ["XDG_CONFIG_HOME"] = config
        # Full colour whatever terminal runs the script, as the tests take them.
        os.environ["COLORTERM"] = "truecolor"
        asyncio.run(take_all(arguments.output))


if __name__ == "__main__":
    main()
