"""Keys that move the result cursor keep their order with the keys around them in a
burst: ``↓ ↓ ↓ enter`` sent at once (tmux, a fast typist) opens the fourth result.

The query input runs its own keys (``enter``) as they arrive; ``↓`` and ``↑`` are the
screen's, and reached it only after bubbling up, behind the ``enter`` that followed."""

from __future__ import annotations

from pathlib import Path

from textual import events

from tests.helpers.tui import AppFactory, burst, wait_for, wait_loaded
from towntui.tui.screens.entity import EntityScreen
from towntui.tui.screens.search import SearchScreen


async def test_down_keys_in_a_burst_come_before_the_enter_behind_them(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        burst(app, "/xihu")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await wait_for(pilot, lambda: screen._shown_query == "xihu")
        fourth = screen.hits[3]
        for name in ("down", "down", "down", "up", "down", "enter"):
            app.post_message(events.Key(name, None))
        await wait_for(pilot, lambda: isinstance(app.screen, EntityScreen))
        assert app.screen.entity_id == fourth.id


async def test_keys_after_a_query_in_one_burst_wait_for_its_results(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    """``/alibaba ↓ enter`` in one burst (a slow link delivers the keys at once) opened
    nothing: the ``↓`` and ``enter`` came before the results of ``alibaba`` and moved
    and opened in an empty list. They now wait for the query's results, in order."""
    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        burst(app, "/alibaba")
        for name in ("down", "enter"):
            app.post_message(events.Key(name, None))
        await wait_for(pilot, lambda: isinstance(app.screen, EntityScreen), tries=200)
        assert app.search_index is not None
        second = app.search_index.search("alibaba", limit=50)[1]
        assert app.screen.entity_id == second.id


async def test_a_move_before_more_typing_gives_way_to_the_new_results(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    """``/ali ↓ baba enter`` in one burst: the new letters start a new list, whose first
    result the ``enter`` opens (as when typed slowly)."""
    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        burst(app, "/ali")
        app.post_message(events.Key("down", None))
        burst(app, "baba")
        app.post_message(events.Key("enter", None))
        await wait_for(pilot, lambda: isinstance(app.screen, EntityScreen), tries=200)
        assert app.search_index is not None
        first = app.search_index.search("alibaba", limit=50)[0]
        assert app.screen.entity_id == first.id
