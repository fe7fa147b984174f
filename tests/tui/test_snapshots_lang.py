"""SVG snapshots of every screen, the palette and each dialog in both languages at
80x24 (issue 12): Towns, Search with a query, Timeline, Compare (table and chart),
Entity, the keys screen, the palette, and the event, value, export and problems dialogs.

The app runs on the stable fixture folder (``tests/fixtures/mini``; the problems dialog
adds ``tests/fixtures/snap-problems``) with its settings in a temporary folder. Update
with ``pytest tests/tui/test_snapshots_lang.py --snapshot-update`` after a deliberate
change, and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.helpers import MINI, REPO
from tests.helpers.tui import wait_for, wait_loaded
from towntui.tui.app import TownApp

PROBLEMS = REPO / "tests" / "fixtures" / "snap-problems"
SIZE = (80, 24)
LANGS = ["zh", "en"]

RunBefore = Callable[[Pilot[Any]], Awaitable[None]]
Step = Callable[[Pilot[Any], TownApp], Awaitable[None]]


async def _settle(pilot: Pilot[Any]) -> None:
    """Wait for the workers, stop the cursors blinking and clear the toasts."""
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    app.clear_notifications()
    await pilot.pause()


def _run(*steps: Step) -> RunBefore:
    """Load, take each step, settle."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_loaded(pilot)
        app = pilot.app
        assert isinstance(app, TownApp)
        app.clear_notifications()
        for step in steps:
            await step(pilot, app)
            await pilot.pause()
        await _settle(pilot)

    return run_before


def _keys(*keys: str) -> Step:
    async def step(pilot: Pilot[Any], app: TownApp) -> None:
        await pilot.press(*keys)

    return step


def _mark(*towns: str) -> Step:
    async def step(pilot: Pilot[Any], app: TownApp) -> None:
        for town in towns:
            app.toggle_mark(town)

    return step


def _search(text: str) -> Step:
    async def step(pilot: Pilot[Any], app: TownApp) -> None:
        await pilot.press("slash")
        await wait_for(pilot, lambda: app.current_mode == "search")
        await pilot.pause()
        await pilot.press(*text)
        await app.workers.wait_for_complete()
        await pilot.pause()

    return step


async def _problems(pilot: Pilot[Any], app: TownApp) -> None:
    app.show_problems()
    await pilot.pause(0.2)


async def _palette(pilot: Pilot[Any], app: TownApp) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause(0.3)


COMPARE = (_mark("qiantang", "yuhuangshan", "yunqi"), _keys("4"))

#: each view: how to get there from the Towns screen
VIEWS: dict[str, tuple[Step, ...]] = {
    "towns": (),
    "search": (_search("yq"),),
    "timeline": (_keys("3"),),
    "compare_table": COMPARE,
    "compare_chart": (*COMPARE, _keys("j", "j", "j", "v")),
    "entity": (_search("Alibaba"), _keys("enter")),
    "keys": (_keys("question_mark"),),
    "palette": (_palette,),
    "event_dialog": (_keys("3", "right_square_bracket", "j", "enter"),),
    "value_dialog": (*COMPARE, _keys("enter")),
    "export_dialog": (*COMPARE, _keys("e")),
    "problems_dialog": (_problems,),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", list(VIEWS))
def test_view(snap_compare: Any, config_dir: Path, view: str, lang: str) -> None:
    dirs = [MINI, PROBLEMS] if view == "problems_dialog" else [MINI]
    app = TownApp(dirs=dirs, lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=_run(*VIEWS[view]))
