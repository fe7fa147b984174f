"""The Compare screen answering an analyst's questions on the bundled data: every town
when none is marked, modes, no leader across years, a cell's source, whole numbers."""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input

from tests.helpers.bundled import dataset as bundled
from tests.helpers.tui import screen_text
from tests.tui.test_timeline_compare import Host
from towntui.core.compare import compare
from towntui.tui.dialogs.value import ValueSource
from towntui.tui.render.compare import value_text
from towntui.tui.render.glyphs import is_ascii_safe
from towntui.tui.screens.compare import CompareScreen


def _app(marked: list[str] | None = None, lang: str = "zh", ascii: bool = False) -> Host:
    return Host(CompareScreen, dataset=bundled(), marked=marked, lang=lang, ascii=ascii)


def _line(app: Host, label: str) -> str:
    return next(ln for ln in screen_text(app).splitlines() if label in ln)


def _goto(app: Host, key: str, year: int | None, town: str) -> None:
    screen = app.main
    assert isinstance(screen, CompareScreen)
    rows = [(r.metric.key, r.year) for r in screen._rows]
    towns = [t.id for t in screen.table.towns]
    table = screen.query_one(DataTable)
    table.cursor_coordinate = Coordinate(rows.index((key, year)), towns.index(town) + 1)


async def test_no_town_marked_opens_on_every_town_with_a_note() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "未标记小镇，显示全部 6 个" in text
        screen = app.main
        assert isinstance(screen, CompareScreen) and len(screen.table.towns) == 6


async def test_never_a_leader_across_years_and_a_lone_value_has_no_bar() -> None:
    app = _app(["binjiang", "yichuang", "yuhuangshan", "yunqi"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        enterprises = _line(app, "企业数量 (家)")
        assert "▲" not in enterprises and "年份不同" in enterprises  # 3000余 (undated), 1575
        assert "█" not in enterprises
        fiscal = _line(app, "财政总收入 (亿元)")  # one town has it: no leader, no bar
        assert "7.67" in fiscal and "▲" not in fiscal and "█" not in fiscal
        talents = _line(app, "人才数量 (人)")  # all of 2025: ranked
        assert talents.count("▲") == 1 and "▲ 超480,000" in talents


async def _type_mode(app: Host, pilot: Any, text: str) -> None:
    """``Y``, ``text``, ``enter``: the mode as a person types it."""
    await pilot.pause()
    await pilot.press("Y")
    await pilot.pause()
    app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_fiscal_revenue_as_a_series() -> None:
    app = _app(["yunqi", "yichuang"])
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_mode(app, pilot, "series")
        assert "历年" in screen_text(app)
        lines = [_line(app, f"{y} 财政总收入") for y in (2013, 2015, 2019)]
        for line, value in zip(lines, ("1.5", "2.1", "7.67"), strict=True):
            assert value in line and "▲" not in line


async def test_as_of_a_year_from_the_prompt() -> None:
    app = _app(["yunqi", "yichuang"], lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_mode(app, pilot, "as of 2016")
        assert "as of 2016" in screen_text(app)
        fiscal = _line(app, "Fiscal rev")  # (cropped beside "(CNY 100m)" at 80 columns)
        assert "2.1" in fiscal and "2015" in fiscal


async def test_enter_on_a_cell_shows_its_source_and_y_copies_it() -> None:
    app = _app(["binjiang", "yunqi"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        _goto(app, "talents", None, "binjiang")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ValueSource)
        text = screen_text(app)
        binjiang = bundled().town("binjiang")
        assert binjiang is not None
        src = bundled().sources[next(m for m in binjiang.metrics if m.key == "talents").source]
        assert "超48万人" in text and "2025" in text
        assert src.title[:10] in text
        await pilot.press("y")
        await pilot.pause()
        assert app.copied and "超48万人" in app.copied[-1]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)


async def test_sort_towns_by_a_row_and_hide_empty_towns() -> None:
    app = _app(["yunqi", "yuhuangshan", "binjiang", "yungu"], lang="en")
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        screen = app.main
        assert isinstance(screen, CompareScreen)
        _goto(app, "talents", None, "yunqi")
        await pilot.press("S")
        await pilot.pause()
        assert [t.id for t in screen.table.towns][:3] == ["binjiang", "yunqi", "yuhuangshan"]
        await pilot.press("h")
        await pilot.pause()
        assert "yungu" not in [t.id for t in screen.table.towns]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_80x24_never_cuts_a_number(lang: str) -> None:
    ids = [t.id for t in bundled().towns]
    app = _app(ids, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main
        assert isinstance(screen, CompareScreen)
        text = screen_text(app)
        shown = range(screen._first, screen._first + screen._shown)
        for row in compare(bundled(), ids).rows:
            for i in shown:
                cell = row.cells[i]
                if cell is not None:
                    assert value_text(cell, lang) in text
        assert all(cell_len(ln) <= 80 for ln in text.splitlines())
        assert ("更多 →" if lang == "zh" else "more →") in text


@pytest.mark.parametrize("ascii", [False, True])
async def test_v_shows_the_rows_metric_as_a_chart_with_a_point_per_year(ascii: bool) -> None:
    app = _app(["yunqi", "binjiang"], ascii=ascii)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        _goto(app, "fiscal_revenue", None, "yunqi")
        await pilot.press("v")
        await pilot.pause()
        text = screen_text(app)
        glyph = "*" if ascii else "●"
        frame = "+" if ascii else "┌"
        lines = text.splitlines()
        top = next(
            i for i, ln in enumerate(lines) if (frame in ln and "-" * 5 in ln) or "─" * 5 in ln
        )
        plot = "\n".join(lines[top + 1 : top + 16])
        assert plot.count(glyph) == 3  # 2013, 2015, 2019
        assert "2013" in text and "2015" in text and "2019" in text and "亿元" in text
        assert f"{glyph} 云栖小镇" in text and "j k 换指标" in text
        await pilot.press("j")  # the chart follows the row: output value, 2015 and 2019
        await pilot.pause()
        assert "产值 (亿元)" in screen_text(app) and "2013" not in screen_text(app)
        await pilot.press("k")
        await pilot.pause()
        if ascii:
            assert is_ascii_safe(
                text.replace("财政总收入", "")
                .replace("亿元", "")
                .replace("年份", "")
                .replace("云栖小镇", "")
            )
        await pilot.press("v")
        await pilot.pause()
        assert "财政总收入 (亿元)" in _line(app, "7.67")
