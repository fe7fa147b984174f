"""SVG snapshots of the Towns, Search, entity and keys screens at 80x24 and 120x40.

They run on the stable fixture data (``tests/fixtures/mini``) with a fresh settings
folder, so neither the bundled data nor the user's config changes them. Update with
``pytest tests/tui/test_snapshots_towns_search.py --snapshot-update`` after a deliberate
change, and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.helpers import MINI
from tests.helpers.tui import wait_for, wait_loaded
from towntui.tui.app import TownApp

SIZES = [(80, 24), (120, 40)]

RunBefore = Callable[[Pilot[Any]], Awaitable[None]]


async def _settle(pilot: Pilot[Any]) -> None:
    app = pilot.app
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.clear_notifications()
    await pilot.pause()


def _towns(*keys: str) -> RunBefore:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_loaded(pilot)
        await pilot.press(*keys)
        await _settle(pilot)

    return run_before


def _search(text: str, *keys: str) -> RunBefore:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_loaded(pilot)
        await pilot.press("slash")
        await wait_for(pilot, lambda: pilot.app.current_mode == "search")
        await pilot.pause()
        await pilot.press(*text)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*keys)
        await _settle(pilot)

    return run_before


@pytest.fixture
def app(config_dir: Path) -> TownApp:
    """The app on the fixture data, settings in a temporary folder."""
    return TownApp(dirs=[MINI])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_towns_screen(snap_compare: Any, app: TownApp, size: tuple[int, int]) -> None:
    # the second town selected and marked, the third marked too
    assert snap_compare(
        app, terminal_size=size, run_before=_towns("down", "space", "down", "space")
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_towns_data_notes_open(snap_compare: Any, config_dir: Path, lang: str) -> None:
    """``n`` opens the data notes after the figures and scrolls to them: each note in
    the interface's language (or marked as the other), numbered as the figure is."""
    app = TownApp(dirs=[MINI], lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_towns("enter", "n"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_towns_screen_english(snap_compare: Any, app: TownApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=_towns("L"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_screen(snap_compare: Any, app: TownApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=_search("yq"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_entity_screen(snap_compare: Any, app: TownApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=_search("Alibaba", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_keys_screen(snap_compare: Any, app: TownApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=_towns("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_towns_screen_ascii(snap_compare: Any, config_dir: Path, size: tuple[int, int]) -> None:
    app = TownApp(dirs=[MINI], ascii=True)
    assert snap_compare(app, terminal_size=size, run_before=_towns("space"))
