"""The screenshots in ``screenshots/`` show the app as it is now.

Each is taken again the way ``scripts/screenshots.py`` takes it and compared
with the committed file; after an intended change to the screen, run the
script and look at the new pictures before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from loader_helpers import REPO

from screenshots import SHOTS, Shot, normalised, take

COMMITTED = REPO / "screenshots"


def test_every_committed_screenshot_has_a_shot() -> None:
    assert sorted(path.stem for path in COMMITTED.glob("*.svg")) == sorted(
        shot.name for shot in SHOTS
    )


@pytest.mark.parametrize("shot", SHOTS, ids=[shot.name for shot in SHOTS])
async def test_committed_screenshot_matches_the_app(shot: Shot, tmp_path: Path) -> None:
    fresh = await take(shot, tmp_path)
    committed = COMMITTED / f"{shot.name}.svg"
    assert normalised(fresh.read_text(encoding="utf-8")) == normalised(
        committed.read_text(encoding="utf-8")
    ), f"{committed.name} is out of date: run scripts/screenshots.py and look at the result"
