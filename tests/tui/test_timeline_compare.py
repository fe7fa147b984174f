"""Pilot tests of the Timeline and Compare screens, as a user drives them.

The screens run inside :class:`Host`, a minimal app with the state and methods the
TUI contract gives ``TownApp`` (``dataset``, ``lang``, ``ascii``, ``marked``,
``toggle_mark``, ``copy_text``, ``open_town``, ``open_entity``), so these tests
exercise only the two screens, on the stable fixture data.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App
from textual.widgets import DataTable, Input

from tests.helpers.bundled import dataset as bundled
from tests.helpers.tui import screen_text
from towntui.core import export as export_module
from towntui.core.compare import compare
from towntui.core.export import compare_record
from towntui.core.loader import load
from towntui.core.model import Dataset
from towntui.tui.dialogs.event import EventDetail
from towntui.tui.dialogs.export import ExportDialog
from towntui.tui.messages import CopyText, OpenEntity, OpenTown
from towntui.tui.render.bars import bar
from towntui.tui.render.glyphs import glyphs, is_ascii_safe
from towntui.tui.render.labels import fit
from towntui.tui.screens.base import MainScreen
from towntui.tui.screens.compare import CompareScreen
from towntui.tui.screens.timeline import TimelineScreen
from towntui.tui.state import AppState
from towntui.tui.widgets.sparkline import density_strip, spark_chars

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


class Host(AppState):
    """Hosts one main screen with the app state the screens read and watch, and notes
    the navigation they ask for."""

    def __init__(
        self,
        screen: Callable[[], MainScreen],
        *,
        dataset: Dataset | None = None,
        marked: list[str] | None = None,
        ascii: bool = False,
        lang: str = "zh",
    ) -> None:
        super().__init__()
        self._make = screen
        self._pending = dataset if dataset is not None else load([MINI])
        self.marked = list(marked or [])
        self.ascii = ascii
        self.lang = lang
        self.copied: list[str] = []
        self.opened: list[tuple[str, str]] = []

    def on_mount(self) -> None:
        self.push_screen(self._make())
        self.finish_loading()

    def finish_loading(self) -> None:
        self.dataset = self._pending

    @property
    def main(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def on_copy_text(self, message: CopyText) -> None:
        self.copied.append(message.text)

    def on_open_town(self, message: OpenTown) -> None:
        self.opened.append(("town", message.town_id))

    def on_open_entity(self, message: OpenEntity) -> None:
        self.opened.append(("entity", message.entity_id))


# --------------------------------------------------------------------- timeline


async def test_timeline_default_range_covers_every_event() -> None:
    app = Host(TimelineScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main
        assert isinstance(screen, TimelineScreen)
        first = screen.current_event
        # 2007-2025 widened to the fixture's 1993 founding, which is no longer hidden
        assert first is not None and first.date.year == 1993
        await pilot.press("G")
        last = screen.current_event
        assert last is not None and last.date.year == 2025
        text = screen_text(app)
        rows = [ln for ln in text.splitlines() if ln[:4].isdigit()]
        assert rows[0].startswith("1993") and rows[-1].startswith("2025")
        await pilot.press("g")
        assert screen.current_event == first


async def test_bracket_jumps_to_the_next_year_that_has_events() -> None:
    app = Host(TimelineScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main
        assert isinstance(screen, TimelineScreen)
        await pilot.press("right_square_bracket")
        ev = screen.current_event
        assert ev is not None and str(ev.date) == "2007"  # 1994-2006 have no events
        await pilot.press("right_square_bracket")
        ev = screen.current_event
        assert ev is not None and str(ev.date) == "2015"  # 2008-2014 have no events
        await pilot.press("right_square_bracket")
        ev = screen.current_event
        assert ev is not None and ev.date.year == 2023
        await pilot.press("left_square_bracket")
        ev = screen.current_event
        assert ev is not None and str(ev.date) == "2015"  # the first event of 2015
        await pilot.press("j")
        ev = screen.current_event
        assert ev is not None and str(ev.date) == "2015-10"


async def test_dates_share_one_gutter_and_rows_name_their_town() -> None:
    app = Host(TimelineScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = [ln for ln in screen_text(app).splitlines() if ln[:4].isdigit()]
        glyph_columns = {ln.index(g) for ln in lines for g in "↻◆◎⌂" if g in ln}
        assert glyph_columns == {11}  # YYYY, YYYY-MM and YYYY-MM-DD padded alike
        assert any("2023-06-15" in ln and "钱塘智慧城+1" in ln for ln in lines)
        assert all(any(n in ln for n in ("玉皇山南", "云栖", "钱塘")) for ln in lines)


async def test_town_filter_keeps_only_events_involving_the_town() -> None:
    app = Host(TimelineScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main
        assert isinstance(screen, TimelineScreen)
        await pilot.press("t")
        await pilot.press(*"yhs")  # pinyin initials of 玉皇山
        await pilot.press("enter")
        await pilot.pause()
        dates = [str(e.date) for e in screen.timeline_data.events]
        assert dates == ["2007", "2015", "2023-06-15"]  # the 2023 event is shared
        assert "玉皇山南基金小镇" in screen_text(app).splitlines()[1]
        await pilot.press("r")
        assert len(screen.timeline_data.events) == 6


async def test_category_filter() -> None:
    app = Host(TimelineScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main
        assert isinstance(screen, TimelineScreen)
        await pilot.press("c", "n")  # none
        for _ in range(9):  # founding … conference (the 10th category)
            await pilot.press("down")
        await pilot.press("space", "enter")
        await pilot.pause()
        assert {e.category for e in screen.timeline_data.events} == {"conference"}
        assert [str(e.date) for e in screen.timeline_data.events] == ["2015-10", "2025"]


async def test_year_range_prompt() -> None:
    app = Host(TimelineScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main
        assert isinstance(screen, TimelineScreen)
        await pilot.press("f")
        app.screen.query_one(Input).value = "all"
        await pilot.press("enter")
        await pilot.pause()
        assert str(screen.timeline_data.events[0].date) == "1993"


async def test_enter_shows_the_event_with_its_source_and_escape_returns() -> None:
    app = Host(TimelineScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "right_square_bracket", "j", "enter")  # 2015-10
        await pilot.pause()
        assert isinstance(app.screen, EventDetail)
        text = screen_text(app)
        for expected in ("云栖大会", "Apsara Conference", "阿里云 (Alibaba Cloud)", "陈爽", "2025"):
            assert expected in text
        assert "000_563e0cd261fa72a0.txt" in text
        await pilot.press("enter")  # the entity list has focus: opens 阿里云
        await pilot.pause()
        assert app.opened == [("entity", "alibaba-cloud")]
        assert not isinstance(app.screen, EventDetail)
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)


async def test_set_filter_to_an_entity_and_copy_the_row() -> None:
    app = Host(TimelineScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main
        assert isinstance(screen, TimelineScreen)
        screen.set_filter(entity="alibaba-cloud")
        await pilot.pause()
        assert [e.title for e in screen.timeline_data.events] == ["云栖大会", "2025云栖大会"]
        assert "阿里云" in screen_text(app).splitlines()[1]
        text = screen.selected_text()
        assert text is not None and "2015-10" in text and "云栖大会" in text


async def test_timeline_shows_loading_then_fills() -> None:
    app = Host(TimelineScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        app.dataset = Dataset()
        app.main.refresh_data()
        await pilot.pause()
        assert "正在加载数据" in screen_text(app)
        app.finish_loading()
        await pilot.pause()
        assert "云栖大会" in screen_text(app)


async def test_markup_in_data_is_shown_literally(make_data: Callable[..., Path]) -> None:
    town = (MINI / "towns" / "yunqi.toml").read_text(encoding="utf-8")
    town = town.replace('title = "云栖大会"', 'title = "[bold]x[/] \\u001b[31m"')
    root = make_data({"towns/yunqi.toml": town})
    app = Host(TimelineScreen, dataset=load([root]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "[bold]x[/] ␛[31m" in screen_text(app)


# --------------------------------------------------------------------- compare


def _row(app: App[None], label: str) -> str:
    return next(ln for ln in screen_text(app).splitlines() if label in ln)


async def test_compare_two_towns_in_one_unit_with_leader_and_missing() -> None:
    app = Host(CompareScreen, marked=["qiantang", "yuhuangshan"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # 1.2万人 and 3000人 line up in the registry unit (人); of 2023 and 2025, no
        # one leads and no bars set them side by side
        talents = _row(app, "人才数量 (人)")
        assert "约12,000" in talents and "近3000" in talents
        assert talents.index("约12,000") < talents.index("近3000")
        assert "▲" not in talents and "█" not in talents
        # 亿元 rows: the fund town has its figures, qiantang has none ("—", not 0)
        tax = _row(app, "累计税收 (亿元)")
        assert "—" in tax and "突破200" in tax and "2025" in tax
        aum = _row(app, "资产管理规模 (亿元)")
        assert "15,000" in aum  # 1.5 万亿元 in 亿元
        assert "0 " not in aum.replace("15,000", "")


async def test_compare_says_what_to_do_with_fewer_than_two_towns() -> None:
    app = Host(CompareScreen, marked=["yunqi"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "至少标记两个小镇" in text and "空格" in text and "按 a" in text
        await pilot.press("a")
        await pilot.press(*"qiantang", "enter")
        await pilot.pause()
        assert app.marked == ["yunqi", "qiantang"]
        assert "财政总收入 (亿元)" in screen_text(app)


async def test_add_and_remove_towns_without_leaving() -> None:
    app = Host(CompareScreen, marked=["qiantang", "yuhuangshan"], lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a", *"yunqi", "enter")
        await pilot.pause()
        assert app.marked == ["qiantang", "yuhuangshan", "yunqi"]
        table = app.main.query_one(DataTable)
        keys = [k.value for k in table.columns]
        assert keys == ["metric", "qiantang", "yuhuangshan", "yunqi", "why"]  # talents: years
        assert "Yunqi Town" in screen_text(app) and "years differ" in screen_text(app)
        await pilot.press("right", "d")  # cursor on the second town column
        await pilot.pause()
        assert app.marked == ["qiantang", "yunqi"]
        assert isinstance(app.screen, CompareScreen)


async def test_year_switch_and_sort() -> None:
    app = Host(CompareScreen, marked=["qiantang", "yuhuangshan"], lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.main
        assert isinstance(screen, CompareScreen)
        await pilot.press("right_square_bracket")  # latest → 2023
        await pilot.pause()
        assert screen.table.year == 2023
        assert "year 2023" in screen_text(app)
        assert all(c is None for row in screen.table.rows for c in row.cells[1:])
        await pilot.press("left_square_bracket")
        assert screen.table.year is None
        await pilot.press("s")  # by coverage: the only row both towns have comes first
        await pilot.pause()
        assert "sort: coverage" in screen_text(app)
        first = app.main.query_one(DataTable).get_row_at(0)
        assert "Talents" in first[0].plain
        text = screen.selected_text()
        assert text is not None and text.startswith("Talents (people):")
        assert "about 12,000 (2023)" in text and "nearly 3,000 (2025)" in text


@pytest.mark.parametrize("fmt", ["toml", "json", "csv"])
async def test_export_writes_a_file_that_reads_back_equal(tmp_path: Path, fmt: str) -> None:
    app = Host(CompareScreen, marked=["qiantang", "yuhuangshan"])
    target = tmp_path / f"out.{fmt}"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#formats").focus()  # the dialog opens in the path
        for _ in range(("toml", "json", "csv").index(fmt)):
            await pilot.press("down")
        assert dialog.query_one(Input).value == f"./towntui-compare.{fmt}"
        dialog.query_one(Input).value = str(target)
        dialog.query_one(Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
    expected = compare_record(compare(app.dataset, ["qiantang", "yuhuangshan"]))
    text = target.read_text(encoding="utf-8")
    if fmt == "toml":  # TOML has no null: missing values are left out
        assert tomllib.loads(text) == export_module._without_none(expected)
    elif fmt == "json":
        assert json.loads(text) == expected
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["key"] for r in rows] == [r["key"] for r in expected["rows"]]
        talents = next(r for r in rows if r["key"] == "talents")
        assert (talents["qiantang"], talents["qiantang_qualifier"]) == ("12000", "约")
        assert talents["yuhuangshan"] == "3000"
        tax = next(r for r in rows if r["key"] == "cumulative_tax")
        assert tax["qiantang"] == ""  # missing stays empty, never 0


async def test_export_refuses_to_overwrite_until_confirmed(tmp_path: Path) -> None:
    target = tmp_path / "keep.json"
    target.write_text("old", encoding="utf-8")
    app = Host(CompareScreen, marked=["qiantang", "yuhuangshan"], lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        app.screen.query_one("#formats").focus()  # the dialog opens in the path
        await pilot.press("down")
        path_input = app.screen.query_one(Input)
        path_input.value = str(target)
        path_input.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert "exists" in screen_text(app)
        assert target.read_text(encoding="utf-8") == "old"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
    towns = json.loads(target.read_text(encoding="utf-8"))["towns"]
    assert [t["id"] for t in towns] == ["qiantang", "yuhuangshan"]


# --------------------------------------------------------------------- ascii


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_ascii_mode_draws_no_box_or_block_characters(lang: str) -> None:
    timeline_app = Host(TimelineScreen, ascii=True, lang=lang)
    async with timeline_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert is_ascii_safe(screen_text(timeline_app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(timeline_app.screen, EventDetail)
        assert is_ascii_safe(screen_text(timeline_app))
    towns = ["binjiang", "yuhuangshan", "yunqi"]  # talents: all three of 2025, ranked
    compare_app = Host(CompareScreen, ascii=True, lang=lang, marked=towns, dataset=bundled())
    async with compare_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(compare_app)
        assert is_ascii_safe(text)
        people = "(人)" if lang == "zh" else "(people)"
        assert "* " in _row(compare_app, people)
        assert "#" in text or lang == "en"  # English values are wider: no room for bars
        await pilot.press("e")
        await pilot.pause()
        assert is_ascii_safe(screen_text(compare_app))


def test_the_unicode_check_catches_what_ascii_mode_must_avoid() -> None:
    assert not is_ascii_safe("╭─╮")
    assert not is_ascii_safe("▁▂█")
    assert not is_ascii_safe("▲ — …")
    assert is_ascii_safe("玉皇山南基金小镇 * # - ...")


async def test_cursor_stops_at_the_ends_instead_of_wrapping() -> None:
    app = Host(TimelineScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main
        assert isinstance(screen, TimelineScreen)
        await pilot.press("k", "up")
        ev = screen.current_event
        assert ev is not None and ev.date.year == 1993
        await pilot.press("G", "j", "down")
        ev = screen.current_event
        assert ev is not None and ev.date.year == 2025


# --------------------------------------------------------------------- cells, bars, strips


@given(st.text(alphabet="云栖小镇ab c玉皇山南基金🙂", max_size=20), st.integers(1, 30))
def test_fit_fills_exactly_and_never_splits_a_wide_character(text: str, width: int) -> None:
    shown = fit(text, width)
    assert cell_len(shown) == width
    kept = shown.rstrip(" ").removesuffix("…")
    assert text.startswith(kept.rstrip(" ")) or text.startswith(kept)


def test_bars_scale_to_the_row_and_show_small_values() -> None:
    for g in (glyphs(False), glyphs(True)):
        assert bar(10, 10, 8, g) == g.bar_eighths[-1] * 8
        assert bar(5, 10, 8, g).rstrip() == g.bar_eighths[-1] * 4
        small = bar(0.001, 10, 8, g)
        assert small.strip() and len(small) == 8  # tiny but visible, never blank
        assert bar(0, 10, 8, g) == " " * 8


def test_density_strip_fits_its_width_and_marks_the_current_year() -> None:
    density = tuple((y, n) for y, n in zip(range(2007, 2026), [1, 0, 3] * 6 + [2], strict=True))
    for width in (40, 78, 118):
        strip = density_strip(density, width, glyphs(True), current=2009, suffix="max 3/yr")
        assert strip.cell_length <= width
        assert strip.plain.startswith("2007 ") and "2025" in strip.plain
        assert is_ascii_safe(strip.plain)
    assert spark_chars([0, 1, 3], glyphs(True)) == " -@"  # zero blank, a third, the top
