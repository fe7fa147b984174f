"""What a keystroke in Search makes Textual do (issue 17, goal 7): the key and its
results reach the screen in one frame, a key whose results fit the list needs no new
layout of the screen, and rows already made for the same results are not made again.

Counted through patched methods, never timed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.screen import Screen
from textual.widgets import Input, Static

from tests.helpers.tui import AppFactory, screen_text, wait_for, wait_loaded
from towntui.tui.app import TownApp
from towntui.tui.screens import search as search_module
from towntui.tui.screens.search import SearchScreen


async def _open_search(app: TownApp, pilot: Any) -> SearchScreen:
    await wait_loaded(pilot)
    await app.workers.wait_for_complete()  # the letter views
    await pilot.press("slash")
    await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.pause(0.1)
    return screen


async def _key(app: TownApp, pilot: Any, screen: SearchScreen, char: str) -> None:
    """Press ``char`` as a terminal sends it; wait until its results are shown and
    painted."""
    query = screen.query_one("#query", Input).value + char
    app.post_message(events.Key(char, char))
    await wait_for(pilot, lambda: screen._shown_query == query)
    await app.workers.wait_for_complete()
    await pilot.pause(0.05)


def _before_index(
    app: TownApp, monkeypatch: pytest.MonkeyPatch, name: str, before: Callable[[Any], object]
) -> None:
    """Call ``before(query)`` ahead of every call of the search index's method ``name``."""
    index = app.search_index
    assert index is not None
    real = getattr(index, name)

    def wrapped(query: str, *args: Any, **kwargs: Any) -> Any:
        before(query)
        return real(query, *args, **kwargs)

    monkeypatch.setattr(index, name, wrapped)


def _frames(app: TownApp, seen: list[tuple[str, str]], screen: SearchScreen) -> None:
    """Note, at every frame composed, what the input says and which query's results
    the list shows."""
    real = app._display
    query = screen.query_one("#query", Input)

    def display(on: Any, update: Any) -> None:
        if update is not None:
            seen.append((query.value, screen._shown_query))
        real(on, update)

    app._display = display  # type: ignore[method-assign,assignment]


async def test_a_key_and_its_results_come_in_one_frame(
    make_app: AppFactory, bundled_dirs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No frame shows a key in the input without its results below (a frame and its
    wait saved per key), when the search takes less than the hold."""
    monkeypatch.setattr(search_module, "HOLD", 5.0, raising=False)
    app = make_app(dirs=bundled_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_search(app, pilot)
        seen: list[tuple[str, str]] = []
        _frames(app, seen, screen)
        for char in "yunqi":
            await _key(app, pilot, screen, char)
        assert seen, "no frame was composed"
        assert all(typed == shown for typed, shown in seen), seen


async def test_a_slow_search_does_not_hold_the_key_back(
    make_app: AppFactory, bundled_dirs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hold is short: a search slower than it, and the key shows first."""
    monkeypatch.setattr(search_module, "HOLD", 0.05, raising=False)
    app = make_app(dirs=bundled_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_search(app, pilot)
        go = threading.Event()
        _before_index(app, monkeypatch, "search", lambda _query: go.wait(10))
        seen: list[tuple[str, str]] = []
        _frames(app, seen, screen)
        app.post_message(events.Key("y", "y"))
        await wait_for(pilot, lambda: ("y", "") in seen)
        go.set()
        await wait_for(pilot, lambda: screen._shown_query == "y")
        await wait_for(pilot, lambda: ("y", "y") in seen)


def _count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    layouts: list[int] = []
    real = Screen._refresh_layout

    def refresh_layout(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        layouts.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", refresh_layout)
    return layouts


@pytest.mark.parametrize(
    ("typed", "then"),
    [("yunq", "i"), ("a", "n")],
    ids=["results-that-fit", "a-full-list"],
)
async def test_a_key_needs_no_layout_when_the_scroll_bar_stays(
    make_app: AppFactory,
    bundled_dirs: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    typed: str,
    then: str,
) -> None:
    """Only the rows and the count change: the screen is not laid out again (the
    input's text growing, the list's length changing, are no reason to)."""
    app = make_app(dirs=bundled_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_search(app, pilot)
        for char in typed:
            await _key(app, pilot, screen, char)
        before = screen.query_one("#results").vertical_scrollbar.display
        layouts = _count_layouts(monkeypatch)
        await _key(app, pilot, screen, then)
        assert screen.query_one("#results").vertical_scrollbar.display == before
        assert layouts == []


async def test_rows_shown_again_are_not_made_again(
    make_app: AppFactory, bundled_dirs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key then backspace shows the same results: their rows are kept, not remade."""
    app = make_app(dirs=bundled_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_search(app, pilot)
        for char in "yunq":
            await _key(app, pilot, screen, char)
        made: list[str] = []
        real = SearchScreen._row

        def row(self: SearchScreen, hit: Any, width: int) -> Any:
            made.append(hit.label)
            return real(self, hit, width)

        monkeypatch.setattr(SearchScreen, "_row", row)
        await _key(app, pilot, screen, "i")
        assert made, "the new results' rows were made"
        made.clear()
        app.post_message(events.Key("backspace", None))
        await wait_for(pilot, lambda: screen._shown_query == "yunq")
        await pilot.pause(0.1)
        assert screen.hits and made == []


async def test_the_scroll_bar_comes_and_goes_with_the_results(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    """Without a layout per key, what is drawn is still what a new layout draws: the
    scroll bar shows for a long list, and goes for a short one (its room stays)."""
    app = make_app(dirs=bundled_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_search(app, pilot)
        results = screen.query_one("#results")
        bars = []
        for char in "alibaba":
            await _key(app, pilot, screen, char)
            bars.append(results.vertical_scrollbar.display)
            drawn = screen_text(app)
            screen.refresh(layout=True)
            await pilot.pause(0.05)
            assert screen_text(app) == drawn, screen._shown_query
        assert bars[0] and not bars[-1], bars


async def test_the_rows_keep_their_width_when_the_scroll_bar_comes_and_goes(
    make_app: AppFactory, bundled_dirs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The results keep room for their scroll bar: when a key makes the list longer or
    shorter than the box, the rows are not made again two cells wider or narrower (a
    second layout and rendering of every row on that key, the slowest keys at 100k)."""
    app = make_app(dirs=bundled_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_search(app, pilot)
        results = screen.query_one("#results")
        widths: list[int] = []
        made: list[int] = []
        real = SearchScreen._row

        def row(self: SearchScreen, hit: Any, width: int) -> Any:
            made.append(width)
            return real(self, hit, width)

        monkeypatch.setattr(SearchScreen, "_row", row)
        bars = []
        for char in "alibaba":
            await _key(app, pilot, screen, char)
            bars.append(results.vertical_scrollbar.display)
            widths.append(results.scrollable_content_region.width)
        assert bars[0] and not bars[-1], bars  # it came and went
        assert len(set(widths)) == 1, widths
        assert len(set(made)) == 1, sorted(set(made))


async def test_the_count_waits_for_the_results_to_be_painted(
    make_app: AppFactory, bundled_dirs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting every result of a query (the second pass, for "50 of 102") starts once
    the first 50 are on screen, not while their frame is being composed."""
    app = make_app(dirs=bundled_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_search(app, pilot)
        seen: list[tuple[str, str]] = []
        _frames(app, seen, screen)
        painted_first: list[bool] = []
        _before_index(app, monkeypatch, "count", lambda q: painted_first.append((q, q) in seen))
        await _key(app, pilot, screen, "a")
        assert len(screen.hits) == search_module.RESULT_LIMIT
        await wait_for(pilot, lambda: bool(painted_first))
        assert painted_first == [True]


async def test_no_count_while_keys_keep_coming(
    make_app: AppFactory, bundled_dirs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The count starts only once typing pauses (:data:`COUNT_AFTER`): a query typed
    over is never counted, and no count competes with the next key's search and paint."""
    monkeypatch.setattr(search_module, "COUNT_AFTER", 5.0, raising=False)
    app = make_app(dirs=bundled_dirs)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_search(app, pilot)
        counted: list[str] = []
        _before_index(app, monkeypatch, "count", counted.append)
        app.post_message(events.Key("a", "a"))
        await wait_for(pilot, lambda: screen._shown_query == "a")
        await pilot.pause(0.3)
        app.post_message(events.Key("l", "l"))
        await wait_for(pilot, lambda: screen._shown_query == "al")
        await pilot.pause(0.3)
        assert "a" not in counted
        assert "50 个以上" in str(screen.query_one("#search-status", Static).content)  # "50+"
