"""Snapshots of the explorer on the bundled story, compared with approved SVGs.

Regenerate after an intended change with ``pytest tests/test_snapshots.py
--snapshot-update`` and look at the SVGs in ``tests/snapshots/`` before
committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
import pytest_textual_snapshot  # type: ignore[import-untyped]  # the plugin ships no types
from syrupy.assertion import SnapshotAssertion
from syrupy.location import PyTestLocation
from test_explorer_support import bundled_app
from textual.pilot import Pilot

from crisis_tui.screens.search import SearchScreen

SnapCompare = Callable[..., bool]


class _BaselinesInSnapshotsDirectory(pytest_textual_snapshot.SVGImageExtension):  # type: ignore[misc]
    """Keep the approved SVGs in tests/snapshots/ rather than syrupy's __snapshots__."""

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(Path(test_location.filepath).parent / "snapshots" / test_location.basename)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion, monkeypatch: pytest.MonkeyPatch) -> SnapshotAssertion:
    monkeypatch.setattr(
        pytest_textual_snapshot, "SVGImageExtension", _BaselinesInSnapshotsDirectory
    )
    return snapshot


def _open(entity_id: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()  # the main screen composed
        app = pilot.app
        entity = app.story.get(entity_id)  # type: ignore[attr-defined]
        assert entity is not None
        app.main_screen.open_entity(entity)  # type: ignore[attr-defined]

    return run_before


async def _search_for(pilot: Pilot[None], query: str) -> None:
    """Open the search once the story is indexed, type ``query`` and wait for its answer."""
    await pilot.app.workers.wait_for_complete()
    await pilot.press("slash", *query)
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, SearchScreen) and screen.answered:
            return
    raise AssertionError(f"no answer to {query!r}")


def test_main_screen_at_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(bundled_app(), terminal_size=(80, 24))


def test_main_screen_at_140x40(snap_compare: SnapCompare) -> None:
    assert snap_compare(bundled_app(), terminal_size=(140, 40), press=["3", "j", "j"])


def test_actor_detail(snap_compare: SnapCompare) -> None:
    assert snap_compare(bundled_app(), terminal_size=(80, 24), run_before=_open("vladimir-padrino"))


def test_actor_detail_beside_the_panes(snap_compare: SnapCompare) -> None:
    assert snap_compare(
        bundled_app(), terminal_size=(140, 40), run_before=_open("vladimir-padrino")
    )


def test_help_screen(snap_compare: SnapCompare) -> None:
    assert snap_compare(bundled_app(), terminal_size=(100, 40), press=["question_mark"])


def test_search_overlay_at_80x24(snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _search_for(pilot, "maduro")

    assert snap_compare(bundled_app(), terminal_size=(80, 24), run_before=run_before)
