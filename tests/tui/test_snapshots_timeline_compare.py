"""SVG snapshots of the Timeline and Compare screens at 80x24 and 120x40.

The app runs on the stable fixture folder (``tests/fixtures/mini``) with its settings
in a temporary folder, so neither the bundled data nor the user's config changes them.
Update with ``pytest tests/tui/test_snapshots_timeline_compare.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.helpers.tui import wait_loaded
from towntui.tui.app import TownApp

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOWNTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("TOWNTUI_DATA", raising=False)


def _app(**options: Any) -> TownApp:
    return TownApp(dirs=[MINI], lang=options.pop("lang", "zh"), **options)


async def _loaded(pilot: Pilot[Any]) -> TownApp:
    await wait_loaded(pilot)
    app = pilot.app
    assert isinstance(app, TownApp)
    app.clear_notifications()
    await pilot.pause()
    return app


def _goto(
    mode: str, *marks: str, keys: tuple[str, ...] = ()
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = await _loaded(pilot)
        for town in marks:
            app.toggle_mark(town)
        await pilot.press({"timeline": "3", "compare": "4"}[mode])
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timeline(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(_app(), terminal_size=size, run_before=_goto("timeline"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timeline_event_dialog(snap_compare: Any, size: tuple[int, int]) -> None:
    keys = ("right_square_bracket", "j", "enter")
    assert snap_compare(_app(), terminal_size=size, run_before=_goto("timeline", keys=keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timeline_ascii_english(snap_compare: Any, size: tuple[int, int]) -> None:
    app = _app(ascii=True, lang="en")
    assert snap_compare(app, terminal_size=size, run_before=_goto("timeline"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare(snap_compare: Any, size: tuple[int, int]) -> None:
    run_before = _goto("compare", "qiantang", "yuhuangshan", "yunqi")
    assert snap_compare(_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_ascii_english(snap_compare: Any, size: tuple[int, int]) -> None:
    run_before = _goto("compare", "qiantang", "yuhuangshan")
    assert snap_compare(_app(ascii=True, lang="en"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_fewer_than_two_towns(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(_app(), terminal_size=size, run_before=_goto("compare", "yunqi"))
