"""What the app does before its first paint and at every search keystroke (issue 17,
goals 1 and 7): checked by what runs, never by how long it takes.

* The first screen (Towns) draws no search, palette, timeline, compare or chart, so
  starting the app imports none of them (nor ``rapidfuzz``).
* A town's profile is laid out once for its height and its paint, not twice.
* Search makes only the result rows it draws, and makes them again at a new width.
* The CSS is parsed and applied once at start: the chosen theme is set before it is
  read (setting it once the app runs parses and applies every rule again).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from textual.color import Color
from textual.css.stylesheet import Stylesheet
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tests.helpers import MINI, TOML_RS_IMPORTS
from tests.helpers.tui import AppFactory, burst, wait_for, wait_loaded
from towntui.tui import loading
from towntui.tui.app import TownApp
from towntui.tui.screens.search import SearchScreen
from towntui.tui.widgets.result_list import LazyOption, ResultList

#: Modules the first paint does not need.
NOT_AT_START = (
    "rapidfuzz",
    "calendar",
    "towntui.core.search",
    "towntui.core.chart",
    "towntui.cli.commands",
    "towntui.cli.compare",
    "towntui.tui.palette",
    "towntui.tui.screens.search",
    "towntui.tui.screens.timeline",
    "towntui.tui.screens.compare",
    "towntui.core.tour",
    "towntui.core.resolve",
    "towntui.core.validate",
    "towntui.cli.render",
    "towntui.cli.demo",
    "tomli_w",  # settings are written only when changed
    "hashlib",  # blake2b comes from _blake2 itself, without OpenSSL's _hashlib
    "_hashlib",
)


def test_starting_the_app_imports_nothing_the_first_screen_does_not_draw() -> None:
    code = (
        "import sys\n"
        "import towntui.cli, towntui.tui.app\n"
        "app = towntui.tui.app.TownApp()\n"
        f"print([m for m in {NOT_AT_START!r} if m in sys.modules])\n"
        # nor compiles the patterns of TOML errors and of Chinese help (when none is shown)
        "from towntui.cli import argwords\n"
        "from towntui.core import tomlerrors\n"
        "print(argwords._token.cache_info().currsize, tomlerrors._patterns.cache_info().currsize)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "0 0"], done.stdout


def count_css_refreshes(app: TownApp) -> list[int]:
    """A list that grows by one at each refresh of the app's CSS (a parse and apply of
    every rule)."""
    refreshes: list[int] = []
    refresh = app.refresh_css

    def counted(animate: bool = True) -> None:
        refreshes.append(1)
        refresh(animate)

    app.refresh_css = counted  # type: ignore[method-assign]
    return refreshes


@pytest.mark.parametrize("theme", [None, "light", "high-contrast", "textual-light"])
async def test_the_css_is_applied_once_with_the_chosen_theme(
    make_app: AppFactory, theme: str | None
) -> None:
    app = make_app(theme=theme)
    refreshes = count_css_refreshes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        wanted = theme or "dark"
        assert app.theme == wanted and f"-theme-{wanted}" in app.classes
        assert refreshes == []
        background = app.current_theme.background
        assert background is not None
        assert app.screen.styles.background == Color.parse(background)


async def test_no_css_source_is_parsed_twice_at_start(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[object] = []
    parse_rules = Stylesheet._parse_rules

    def counted(self: Stylesheet, css: str, *args: Any, **kw: Any) -> Any:
        cached = set(self._parse_cache.keys())
        rules = parse_rules(self, css, *args, **kw)
        parsed.extend(set(self._parse_cache.keys()) - cached)  # not found in the cache
        return rules

    monkeypatch.setattr(Stylesheet, "_parse_rules", counted)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        assert parsed and len(parsed) == len(set(parsed))


async def test_a_users_theme_of_a_bundled_name_is_checked_then_applied(
    make_app: AppFactory, config_dir: Path
) -> None:
    (config_dir / "themes").mkdir(parents=True)
    (config_dir / "themes" / "dark.toml").write_text(
        'name = "dark"\nprimary = "#ff0000"\nbackground = "#102030"\n'
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        assert app.theme == "dark" and app.current_theme.primary == "#ff0000"
        assert app.screen.styles.background == Color.parse("#102030")


def test_the_loader_reads_the_data_before_it_imports_the_search(tmp_path: Path) -> None:
    # the search package (rapidfuzz, the pinyin table) takes longer to import than the
    # bundled data takes to read from the load cache: it waits for the towns
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from towntui.tui.loading import DataPreview, Loading\n"
        "seen = []\n"
        "class Target:\n"
        "    def post_message(self, message):\n"
        "        if isinstance(message, DataPreview) and message.final:\n"
        "            seen.append('towntui.core.search' in sys.modules)\n"
        "            loading.shown.set()\n"
        "        return True\n"
        f"loading = Loading(Target(), [Path({str(MINI)!r})], None)\n"
        "loading.run()\n"
        "print(seen, 'towntui.core.search' in sys.modules)\n"
    )
    env = {**os.environ, "TOWNTUI_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # the load cache empty, then filled
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        )
        assert done.stdout.split() == ["[False]", "True"], done.stdout


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


async def test_the_first_frame_shows_the_towns_not_an_empty_list(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the app starts reading as it is made; the bundled data is in before its first frame
    # (here it may wait as long as it takes, so a slow machine gives the same answer)
    monkeypatch.setattr(loading, "EARLY_WAIT", 30.0)
    run = loading.Loading.run

    def late_run(self: loading.Loading) -> None:
        time.sleep(0.5)  # the worker's messages come after the first frame
        run(self)

    monkeypatch.setattr(loading.Loading, "run", late_run)
    app = make_app()
    first: list[int] = []
    real = app._display

    def display(screen: Any, renderable: Any) -> None:
        if renderable is not None and not first and not app._batch_count:
            first.append(app.screen.query_one("#town-list", OptionList).option_count)
        real(screen, renderable)

    app._display = display  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        assert first and first[0] == len(app.dataset.towns) > 0


def test_a_large_folder_reads_its_saved_index_first_not_the_towns_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "EARLY_INDEX_BYTES", 1)  # every folder is large

    class Target:
        def post_message(self, message: object) -> bool:
            return True

    run = loading.Loading(Target(), [MINI], None)  # type: ignore[arg-type]
    run.begin()
    assert run.early_dataset(wait=0) is None  # nothing started: run() reads the index first
    small = loading.Loading(Target(), [MINI], None)  # type: ignore[arg-type]
    monkeypatch.setattr(loading, "EARLY_INDEX_BYTES", 1 << 40)
    small.begin()
    ds = small.early_dataset(wait=30)
    assert ds is not None and len(ds.towns) == 3


#: In a fresh interpreter: make the app on the bundled data with the cache folder of
#: argv[1], wait for its early read, and say whether toml_rs was imported, and by which
#: threads.
_TOML_RS = (
    TOML_RS_IMPORTS
    + """
from pathlib import Path
from towntui.core.cache import LoadCache
from towntui.tui.app import TownApp
app = TownApp(cache=LoadCache(Path(sys.argv[1])))
dataset = app._loading.early_dataset(wait=30)
print(len(dataset.towns) if dataset else None, imported)
"""
)


@pytest.mark.parametrize("cache", ["cold", "warm"])
def test_the_compiled_toml_parser_is_imported_only_for_a_folder_not_in_the_cache(
    tmp_path: Path, cache: str
) -> None:
    """On cached data the first paint parses no town file, so it does without toml_rs
    (~13 ms to import); a folder the cache does not hold has it imported by the main
    thread before the loader's thread parses (imported in a thread that then ends,
    toml_rs 0.4.3 crashes the next one that parses)."""
    env = {**os.environ, "TOWNTUI_CONFIG_DIR": str(tmp_path / "config")}
    if cache == "warm":  # another process fills the cache
        fill = "import sys; from pathlib import Path; from towntui.core.cache import LoadCache; "
        fill += (
            "from towntui.core.loader import load; load(None, cache=LoadCache(Path(sys.argv[1])))"
        )
        subprocess.run([sys.executable, "-c", fill, str(tmp_path / "cache")], check=True, env=env)
    done = subprocess.run(
        [sys.executable, "-c", _TOML_RS, str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    towns, imported = done.stdout.split(" ", 1)
    assert int(towns) >= 6
    assert imported.strip() == ("['MainThread']" if cache == "cold" else "[]")


async def test_no_frame_is_composed_while_the_start_holds_the_paint(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual mounts the first screen in a batch that shows nothing; the Towns screen,
    laid out before the towns were in, was composed then and thrown away (~5 ms of the
    first paint). It is composed once, after the batch, with the towns."""
    from textual._compositor import Compositor

    app = make_app()
    composed: list[bool] = []
    real = Compositor.render_update

    def noted(self: Any, *args: Any, **kwargs: Any) -> Any:
        composed.append(bool(app._batch_count) and not app._is_mounted)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_update", noted)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
    assert composed and not any(composed), composed
