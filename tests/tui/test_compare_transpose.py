"""Issue 13, the screen: ``T`` turns the table, towns as rows and metrics as columns,
and back; the cursor keeps its town and metric, ``S`` sorts the town rows by the metric
column under the cursor, the export is the table's."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import DataTable

from tests.helpers.bundled import dataset as bundled
from tests.helpers.tui import screen_text
from tests.tui.test_compare_chart_save import _save
from tests.tui.test_compare_screen import _goto
from tests.tui.test_timeline_compare import Host
from towntui.tui.screens.compare import CompareScreen

TOWNS = ["yunqi", "binjiang", "yuhuangshan"]


async def test_t_turns_the_table_and_back_keeping_the_cell(tmp_path: Path) -> None:
    app = Host(CompareScreen, dataset=bundled(), marked=TOWNS, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main
        assert isinstance(screen, CompareScreen)
        table = screen.query_one(DataTable)
        _goto(app, "fiscal_revenue", None, "binjiang")
        await pilot.press("T")
        await pilot.pause()
        assert table.row_count == 3 and table.ordered_columns[0].label.plain.startswith("Town")
        assert screen._cursor_town() == "binjiang"
        row = screen._cursor_row()
        assert row is not None and row.metric.key == "fiscal_revenue"
        lines = screen_text(app).splitlines()
        assert sum("Yunqi Town" in ln[:22] for ln in lines) == 1  # a town per line
        assert sum("Hangzhou Hi-tech" in ln[:22] for ln in lines) == 1
        await pilot.press("left")  # the town column: a read-only label, like the metric
        await pilot.press("right")
        await pilot.press("S")  # town rows ordered by the fiscal revenue column
        await pilot.pause()
        assert screen.table.towns[0].id == "yunqi"  # the one town with it
        assert table.get_row_at(0)[0].plain.startswith("Yunqi")
        await _save(app, pilot, tmp_path / "t.toml")
        record = tomllib.loads((tmp_path / "t.toml").read_text(encoding="utf-8"))
        assert record["towns"][0]["id"] == "yunqi"
        assert any(r["key"] == "fiscal_revenue" for r in record["rows"])
        town = screen._cursor_town()
        await pilot.press("T")
        await pilot.pause()
        assert table.row_count == len(screen._rows)
        assert screen._cursor_row() is not None
        assert screen._cursor_row().metric.key == "fiscal_revenue"  # type: ignore[union-attr]
        assert screen._cursor_town() == town
