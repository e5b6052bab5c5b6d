"""The browser-like history: back, forward, and forgetting the forward entries."""

from __future__ import annotations

import pytest

from crisis_tui.history import History


def test_starts_at_its_first_location_with_nowhere_to_go() -> None:
    history = History("start")
    assert history.current == "start"
    assert not history.can_go_back
    assert not history.can_go_forward
    assert history.back() is None
    assert history.forward() is None
    assert len(history) == 1


def test_back_and_forward_walk_the_visits() -> None:
    history = History("a")
    history.visit("b")
    history.visit("c")
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.back() is None
    assert history.forward() == "b"
    assert history.forward() == "c"
    assert history.forward() is None
    assert history.current == "c"


def test_visiting_after_going_back_forgets_the_forward_entries() -> None:
    history = History("a")
    history.visit("b")
    history.visit("c")
    history.back()
    history.visit("d")
    assert not history.can_go_forward
    assert history.back() == "b"
    assert history.forward() == "d"
    assert len(history) == 3


def test_visiting_the_current_location_again_records_nothing() -> None:
    history = History("a")
    history.visit("b")
    history.visit("b")
    assert len(history) == 2
    assert history.back() == "a"


def test_the_oldest_entries_are_dropped_beyond_the_limit() -> None:
    history = History(0, limit=3)
    for location in range(1, 6):
        history.visit(location)
    assert len(history) == 3
    assert history.back() == 4
    assert history.back() == 3
    assert history.back() is None


def test_a_history_holds_at_least_one_location() -> None:
    with pytest.raises(ValueError, match="at least one"):
        History("a", limit=0)
