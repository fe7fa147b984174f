"""SVG snapshots of Compare on the bundled data: the table (every town, as it opens
when none is marked) and the chart of fiscal revenue across years, at 80x24 and 120x40,
in Chinese, in English and in ASCII.

Update with ``pytest tests/tui/test_snapshots_compare.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.helpers.tui import wait_loaded
from towntui.core.loader import bundled_data_dir
from towntui.tui.app import TownApp

SIZES = [(80, 24), (120, 40)]
LOOKS = [{"lang": "zh"}, {"lang": "en"}, {"lang": "en", "ascii": True}]
#: the fiscal revenue row, sixth when every town is shown in registry order
TO_FISCAL = ("j",) * 5


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOWNTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("TOWNTUI_DATA", raising=False)


def _app(look: dict[str, Any]) -> TownApp:
    return TownApp(dirs=[bundled_data_dir()], **look)


def _compare(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_loaded(pilot)
        await pilot.press("4")
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def _id(look: dict[str, Any]) -> str:
    return "ascii" if look.get("ascii") else str(look["lang"])


@pytest.mark.parametrize("look", LOOKS, ids=_id)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_table(snap_compare: Any, size: tuple[int, int], look: dict[str, Any]) -> None:
    assert snap_compare(_app(look), terminal_size=size, run_before=_compare())


@pytest.mark.parametrize("look", LOOKS, ids=_id)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_chart(snap_compare: Any, size: tuple[int, int], look: dict[str, Any]) -> None:
    run_before = _compare(*TO_FISCAL, "v")
    assert snap_compare(_app(look), terminal_size=size, run_before=run_before)


def test_compare_transposed_80x24(snap_compare: Any) -> None:
    """``T``: every town a row, the metrics columns (scrolling sideways)."""
    assert snap_compare(_app({"lang": "zh"}), terminal_size=(80, 24), run_before=_compare("T"))
