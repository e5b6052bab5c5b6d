"""How long the explorer takes to repaint after a key, on a story with 100,000 quotes.

Run: ``.venv/bin/python benchmarks/explorer_latency.py [--quotes N] [--repeat N]``

The story is built in memory from model records (no YAML), the app runs
headless at 160x45 with the Quotes pane focused, and each sample times one
key press through to a painted frame: the key is dispatched, every message
it causes is handled (cursor, detail panel, linked marks in the other panes),
then the screen's pending update is composited and rendered to the escape
sequences a terminal would receive. The goal is well under 100 ms.

Each sample is also timed in the CPU time of the thread running the app
("cpu" column): on a machine other work shares, the wall clock counts the
time spent waiting for a core, and only the CPU time compares across runs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual import events
from textual.pilot import Pilot

from crisis_tui.app import CrisisApp
from crisis_tui.loader import LoadedStory
from crisis_tui.model import Actor, Citation, Event, PartialDate, Quote, Side, Source, Story
from crisis_tui.model.dates import Precision
from crisis_tui.model.records import StoryInfo
from crisis_tui.story_service import StoryService

SIZE = (160, 45)
_ROUNDS = 4
"""Key, binding, cursor message, detail update: each may post the next message."""
KINDS = ("verbatim", "fragment", "paraphrase")
MEDIA = ("tweet", "speech", "statement", "interview", "other")


def _moment(start: datetime) -> PartialDate:
    return PartialDate(
        start.year,
        start.month,
        start.day,
        start.hour,
        start.minute,
        None,
        Precision.MINUTE,
        timedelta(0),
        start,
    )


def build_story(quote_count: int, *, seed: int = 2019) -> Story:
    """A synthetic story: 4 sides, 300 actors, 2,000 events, ``quote_count`` quotes."""
    rng = random.Random(seed)
    sides = [
        Side(f"side-{n}", f"Side {n}", color, index=n)
        for n, color in enumerate(("blue", "red", "green", "grey"))
    ]
    source = Source("wire", "article", "Wire report", paragraphs=999)
    actors = [
        Actor(
            f"actor-{n}",
            f"Actor {n}",
            role=f"Role of actor {n}",
            side=sides[n % len(sides)],
            sources=(Citation(source, 1),),
            index=n,
        )
        for n in range(300)
    ]
    origin = datetime(2019, 1, 1, tzinfo=UTC)
    events = [
        Event(
            f"event-{n}",
            f"Event number {n} in the synthetic crisis",
            _moment(origin + timedelta(hours=3 * n)),
            actors=tuple(rng.sample(actors, 3)),
            sources=(Citation(source, n % 999 + 1),),
            index=n,
        )
        for n in range(2000)
    ]
    quotes = [
        Quote(
            f"quote-{n}",
            f"Synthetic statement number {n}, long enough to be cut at the pane's edge "
            "so truncation is part of what gets measured.",
            speaker=rng.choice(actors),
            kind=KINDS[n % len(KINDS)],
            medium=MEDIA[n % len(MEDIA)],
            when=_moment(origin + timedelta(minutes=5 * n)),
            event=events[min(n // 50, len(events) - 1)],
            sources=(Citation(source, n % 999 + 1),),
            index=n,
        )
        for n in range(quote_count)
    ]
    return Story(
        StoryInfo(f"Synthetic crisis with {quote_count:,} quotes"),
        sides=sides,
        sources=[source],
        actors=actors,
        events=events,
        quotes=quotes,
    )


async def _painted(app: CrisisApp) -> None:
    """Composite and render whatever the last key made dirty, as a real terminal frame."""
    screen = app.screen
    screen._on_timer_update()  # the update the screen's refresh timer would run
    update = screen._compositor.render_update(full=False)
    if update is not None:
        list(app.console.render(update))


async def _handled(pilot: Pilot[None]) -> None:
    """Wait until every message the key caused has been handled, without sleeping.

    ``Pilot.press`` waits for the process to look idle by sleeping, which
    would swamp the measurement; this waits on the message queues instead,
    in rounds, because handling one message may post the next.
    """
    for _ in range(_ROUNDS):
        await pilot._wait_for_screen()


async def _sample(
    app: CrisisApp, pilot: Pilot[None], key: str, repeat: int, reset: Callable[[], Awaitable[None]]
) -> tuple[list[float], list[float]]:
    """Milliseconds per key press: by the wall clock, and in this thread's CPU time."""
    character = key if len(key) == 1 else None
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        await reset()
        start, start_cpu = time.perf_counter(), time.thread_time()
        app.post_message(events.Key(key, character))
        await _handled(pilot)
        await _painted(app)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return wall, cpu


async def run(quote_count: int, repeat: int) -> None:
    started = time.perf_counter()
    story = build_story(quote_count)
    built = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as config:
        import os

        os.environ["XDG_CONFIG_HOME"] = config
        app = CrisisApp(StoryService(Path("synthetic.yaml"), LoadedStory(story, ())))
        started = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await _painted(app)
            first_frame = time.perf_counter() - started
            await pilot.press("3")
            await pilot.pause()
            quotes = app.main_screen.pane("quotes")

            async def nothing() -> None:
                return None

            async def to_top() -> None:
                quotes.action_first()
                await pilot.pause()
                await _painted(app)

            async def to_bottom() -> None:
                quotes.action_last()
                await pilot.pause()
                await _painted(app)

            async def to_middle() -> None:
                middle = quotes.rows[len(quotes.rows) // 2].entity or quotes.rows[-1].entity
                assert middle is not None
                quotes.select(middle)
                await pilot.pause()
                await _painted(app)

            cases = [
                ("cursor down (j)", "j", nothing),
                ("cursor up (k)", "k", nothing),
                ("page down", "pagedown", nothing),
                ("page up", "pageup", to_middle),
                ("jump to end (G)", "G", to_top),
                ("jump to start (g)", "g", to_bottom),
            ]
            print(f"story: {quote_count:,} quotes, {len(story.events):,} events, ", end="")
            print(f"{len(story.actors)} actors; built in {built:.2f} s")
            print(f"app start to first painted frame: {first_frame:.2f} s (one-off)")
            print(f"terminal {SIZE[0]}x{SIZE[1]}, {repeat} samples per key, milliseconds:")
            print(f"  {'key':<20} {'median':>8} {'p95':>8} {'max':>8} {'cpu':>8}")
            for label, key, reset in cases:
                wall, cpu = await _sample(app, pilot, key, repeat, reset)
                times = sorted(wall)
                p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                median, cpu_median = statistics.median(times), statistics.median(cpu)
                print(f"  {label:<20} {median:8.1f} {p95:8.1f} {times[-1]:8.1f} {cpu_median:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    arguments = parser.parse_args()
    asyncio.run(run(arguments.quotes, arguments.repeat))


if __name__ == "__main__":
    main()
