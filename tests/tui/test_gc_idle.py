"""Full garbage collections wait for a pause in the input (issue 17, goal 7): at 100k
entities one took 40-100 ms and fell on a keystroke now and then. Checked by what runs
when, with the clock and the collector stood in for, never by a time."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers.tui import AppFactory, wait_for, wait_loaded
from towntui.core.search import SearchIndex
from towntui.tui import gcidle
from towntui.tui.gcidle import IdleCollector

pytestmark = pytest.mark.usefixtures("collector_restored")


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(gcidle.time, "monotonic", c)
    return c


@pytest.fixture
def collections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    ran: list[int] = []
    monkeypatch.setattr(gcidle.gc, "collect", lambda generation=2: ran.append(generation) or 0)
    monkeypatch.setattr(gcidle.gc, "get_count", lambda: (0, 0, 1))  # something to collect
    return ran


def test_the_collectors_own_full_collections_are_off_then_given_back(
    thresholds: tuple[int, int, int],
) -> None:
    idle = IdleCollector()
    idle.start()
    first, second, third = gc.get_threshold()
    assert (first, second) == thresholds[:2] and third == gcidle.NEVER
    idle.stop()
    assert gc.get_threshold() == thresholds


def test_a_full_collection_runs_in_a_pause_not_while_keys_come(
    thresholds: tuple[int, int, int], clock: Clock, collections: list[int]
) -> None:
    gc.enable()
    idle = IdleCollector()
    idle.start()
    for _ in range(20):  # a key every 0.1 s for 2 s
        idle.input()
        clock.now += 0.1
        assert not idle.tick()
    clock.now += gcidle.AFTER
    assert idle.tick() and collections == [2]


def test_keys_that_never_pause_still_get_a_collection_now_and_then(
    thresholds: tuple[int, int, int], clock: Clock, collections: list[int]
) -> None:
    gc.enable()
    idle = IdleCollector()
    idle.start()
    ran = 0
    for _ in range(int(gcidle.LONGEST * 10) + 5):
        idle.input()
        clock.now += 0.1
        ran += idle.tick()
    assert ran == 1


def test_nothing_runs_when_nothing_is_new_or_the_collector_is_held_off(
    thresholds: tuple[int, int, int], clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[int] = []
    monkeypatch.setattr(gcidle.gc, "collect", lambda generation=2: ran.append(generation) or 0)
    idle = IdleCollector()
    assert not idle.tick()  # not started
    idle.start()
    clock.now += 10
    monkeypatch.setattr(gcidle.gc, "get_count", lambda: (5, 3, 0))
    assert not idle.tick()  # nothing reached the oldest generation since the last one
    monkeypatch.setattr(gcidle.gc, "get_count", lambda: (5, 3, 2))
    gc.disable()  # a load holds it off
    assert not idle.tick()
    gc.enable()
    assert idle.tick() and ran == [2]


async def test_the_app_hands_full_collections_to_the_pauses_once_loaded(
    make_app: AppFactory, thresholds: tuple[int, int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await wait_for(pilot, lambda: gc.get_threshold()[2] == gcidle.NEVER, tries=300)
        before = app.collector.last_input
        await pilot.press("j")
        assert app.collector.last_input > before  # keys reach it
    assert gc.get_threshold() == thresholds


def test_typing_is_a_key_or_click_in_the_last_moments(clock: Clock) -> None:
    """Other threads (the loader building the index's views) wait while this is true."""
    collector = IdleCollector()
    assert collector.typing()  # (counted from its making)
    clock.now += gcidle.TYPING * 1.1
    assert not collector.typing()
    collector.input()
    assert collector.typing()
    clock.now += gcidle.TYPING / 2
    assert collector.typing()
    clock.now += gcidle.TYPING
    assert not collector.typing()


async def test_full_collections_wait_for_pauses_while_the_views_are_built(
    make_app: AppFactory, thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader builds the index's views after the data is shown, pausing while the
    user types (and letting the collector go then): a full collection must not fall on
    a keystroke meanwhile either."""
    release = threading.Event()
    real = SearchIndex.add_letter_views

    def held(self: SearchIndex, *args: Any, **kwargs: Any) -> None:
        release.wait(30)
        real(self, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "add_letter_views", held)
    app = make_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: app.loaded, tries=300)  # (not its worker: held)
            await wait_for(pilot, lambda: gc.get_threshold()[2] == gcidle.NEVER, tries=300)
            assert "letter_views" not in app.load_times  # the views are not in yet
            release.set()
    finally:
        release.set()
    assert gc.get_threshold() == thresholds
