"""What the app does before its first paint and at every search keystroke (issue 17,
goals 1 and 7): checked by what runs, never by how long it takes.

* The first screen (Towns) draws no search, palette, timeline, compare or chart, so
  starting the app imports none of them (nor ``rapidfuzz``).
* A town's profile is laid out once for its height and its paint, not twice.
* Search makes only the result rows it draws, and makes them again at a new width.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.helpers.tui import AppFactory, burst, wait_for, wait_loaded
from towntui.tui.app import TownApp
from towntui.tui.screens.search import SearchScreen
from towntui.tui.widgets.result_list import LazyOption, ResultList

#: Modules the first paint does not need.
NOT_AT_START = (
    "rapidfuzz",
    "towntui.core.search",
    "towntui.core.chart",
    "towntui.cli.commands",
    "towntui.cli.compare",
    "towntui.tui.palette",
    "towntui.tui.screens.search",
    "towntui.tui.screens.timeline",
    "towntui.tui.screens.compare",
)


def test_starting_the_app_imports_nothing_the_first_screen_does_not_draw() -> None:
    code = (
        "import sys\n"
        "import towntui.cli, towntui.tui.app\n"
        "app = towntui.tui.app.TownApp()\n"
        f"print([m for m in {NOT_AT_START!r} if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout


class Counted:
    """A renderable that counts how often it is laid out."""

    def __init__(self) -> None:
        self.renders = 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.renders += 1
        for n in range(10):
            yield Segment(f"line {n}\n")


async def test_the_profile_is_laid_out_once_for_height_and_paint(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        profile = app.screen.query_one("#profile", Static)
        counted = Counted()
        profile.update(counted)
        await pilot.pause()
        await wait_for(pilot, lambda: counted.renders > 0)
        await pilot.pause()
        assert counted.renders == 1
        assert profile.virtual_size.height == 10


def made(results: ResultList) -> list[bool]:
    """Which rows have been made (drawn or read)."""
    return [isinstance(o, LazyOption) and o._made for o in results._options]


async def search(app: TownApp, pilot: Pilot[Any], query: str, hits: int) -> Any:
    """Type ``query`` into Search; its screen once ``hits`` results (or more) are in."""
    await wait_loaded(pilot)
    burst(app, "/" + query)
    await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
    screen: Any = app.screen
    query_input = screen.query_one("#query", Input)
    done = lambda: query_input.value == query and len(screen.hits) >= hits  # noqa: E731
    await wait_for(pilot, done, tries=500)
    await pilot.pause()
    return screen


async def test_search_makes_only_the_rows_it_draws(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    app = make_app(bundled_dirs)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await search(app, pilot, "y", 21)
        results = screen.query_one("#results", ResultList)
        shown = results.scrollable_content_region.height // 2 + 1
        drawn = made(results)
        assert any(drawn)
        assert sum(drawn) <= shown < len(drawn)
        for _ in range(len(drawn) - 1):  # the cursor to the last: the rows on the way
            screen.action_move("down")
        await pilot.pause()
        assert made(results)[-1]
        assert screen.selected_hit() is screen.hits[-1]


async def test_rows_are_made_again_at_a_new_width(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    app = make_app(bundled_dirs)
    async with app.run_test(size=(120, 24)) as pilot:
        screen = await search(app, pilot, "yunqi", 1)
        results = screen.query_one("#results", ResultList)
        wide = [str(o.prompt) for o in results._options]
        await pilot.resize_terminal(44, 24)
        await pilot.pause()
        narrow = [str(o.prompt) for o in results._options]
        assert len(narrow) == len(wide)
        width = results.row_width()
        assert all(len(line) <= width for row in narrow for line in row.splitlines())
        assert any(len(line) > width for row in wide for line in row.splitlines())


async def test_the_index_is_built_once_the_towns_are_painted(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        assert app._loading.shown.is_set()  # the app said so after the paint
        assert app.load_times["all_towns"] <= app.load_times["loaded"]
