"""Issue 13, the screen: in chart view ``e`` saves the chart as text (what
``towntui compare --chart`` prints), through the export dialog; in table view ``e``
exports the table as before."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.helpers.bundled import dataset as bundled
from tests.tui.test_compare_screen import _goto
from tests.tui.test_timeline_compare import Host
from towntui.tui.dialogs.export import ExportDialog
from towntui.tui.screens.compare import CompareScreen


async def _save(app: Host, pilot: object, target: Path) -> None:
    await pilot.press("e")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    field = dialog.query_one("#path", Input)
    field.value = str(target)
    field.focus()
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


@pytest.mark.parametrize(("lang", "ascii"), [("zh", False), ("en", True)])
async def test_e_in_chart_view_saves_the_chart_as_text(
    tmp_path: Path, lang: str, ascii: bool
) -> None:
    app = Host(
        CompareScreen, dataset=bundled(), marked=["yunqi", "binjiang"], lang=lang, ascii=ascii
    )
    target = tmp_path / "fiscal.chart"  # any name: the text goes where the user typed
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        _goto(app, "fiscal_revenue", None, "yunqi")
        await pilot.press("v")
        await pilot.pause()
        await _save(app, pilot, target)
        assert not isinstance(app.screen, ExportDialog)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["fiscal.chart"]
        text = target.read_text(encoding="utf-8")
        assert "2013" in text and "2015" in text and "2019" in text
        assert ("亿元" if lang == "zh" else "CNY 100m") in text
        assert ("* Yunqi" if ascii else "● 云栖小镇") in text
        assert "\x1b" not in text
        if ascii:
            assert all(ord(c) < 128 for c in text), text


async def test_e_in_table_view_still_exports_the_table(tmp_path: Path) -> None:
    app = Host(CompareScreen, dataset=bundled(), marked=["yunqi", "binjiang"], lang="en")
    target = tmp_path / "table.toml"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v", "v")  # chart and back
        await pilot.pause()
        await _save(app, pilot, target)
        record = tomllib.loads(target.read_text(encoding="utf-8"))
        assert [t["id"] for t in record["towns"]] == ["yunqi", "binjiang"]
