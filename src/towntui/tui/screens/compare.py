"""The Compare screen (``4``): the marked towns (every town when none is marked) side by
side, one row per metric (per metric and year in a series).

Each row is a registry metric in its canonical unit; each cell shows the value with
its qualifier, a bar scaled to the row's largest value (only where values can be set
side by side) and the year the figure is for. The leader of a row carries a sign (``▲``,
ASCII ``*``) as well as a colour; a row whose values differ in year or scope names none
and says why. A missing value is "—", never zero. The mode (latest, a year, as of a
year, a series) is chosen in :mod:`towntui.tui.screens.compare_modes`; ``enter`` on a
value shows its source (:class:`towntui.tui.dialogs.value.ValueSource`).
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from towntui.core import textsafe
from towntui.core.compare import (
    LATEST,
    SORTS,
    CompareRow,
    CompareTable,
    Mode,
    available_years,
    compare,
    sort_rows,
    sort_towns,
)
from towntui.core.export import export_compare
from towntui.core.i18n import tr
from towntui.tui.dialogs.export import ExportDialog
from towntui.tui.dialogs.pickers import TownPicker
from towntui.tui.dialogs.value import ValueSource, value_lines
from towntui.tui.keys import command, key
from towntui.tui.messages import OpenTown
from towntui.tui.render.compare import (
    VALUE_EXTRA,
    empty_message,
    has_bars,
    legend,
    metric_label,
    no_figures_message,
    title_line,
    value_cell,
    value_text,
    why_text,
)
from towntui.tui.render.labels import fit
from towntui.tui.screens.base import PaletteCommand
from towntui.tui.screens.compare_transpose import TransposeActions
from towntui.tui.widgets.compare_chart import CompareChart
from towntui.tui.widgets.footer import TownFooter
from towntui.tui.widgets.header import TownHeader
from towntui.tui.widgets.scrollbar import use_ascii_scrollbars

#: ``[`` and ``]`` share one footer entry
_YEAR = Binding.Group("Year", compact=True)


class TownTable(DataTable[Text]):
    """The comparison table: ``→`` on the last town shown (``←`` on the first) asks
    the screen for the next town (the previous one) instead of stopping."""

    class Shift(Message):
        """Show the towns ``step`` columns further right (or left, when negative)."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def action_cursor_right(self) -> None:
        """Next town column, or the next town that did not fit (the note column of why
        rows have no leader is read, not visited)."""
        last = len(self.columns) - 1 - any(k.value == "why" for k in self.columns)
        if self.cursor_coordinate.column >= last:
            self.post_message(self.Shift(1))
        else:
            super().action_cursor_right()

    def action_cursor_left(self) -> None:
        """Previous column, or the previous town that did not fit."""
        if self.cursor_coordinate.column <= 1:
            self.post_message(self.Shift(-1))
        else:
            super().action_cursor_left()


class CompareScreen(TransposeActions):
    """Marked towns side by side; add (``a``) and remove (``d``) towns in place."""

    CSS_PATH = "compare.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("j", "move(1)", "compare.down", show=False),
        key("k", "move(-1)", "compare.up", show=False),
        key("a", "add_town", "compare.add"),
        key("d,x", "remove_town", "compare.remove"),
        key("s", "cycle_sort", "compare.sort"),
        key("left_square_bracket", "step_year(-1)", "compare.prev_year", group=_YEAR),
        key("right_square_bracket", "step_year(1)", "compare.next_year", group=_YEAR),
        key("Y", "pick_year", "compare.year", show=False),
        key("S", "sort_towns", "compare.sort_towns", show=False),
        key("h", "hide_empty", "compare.hide_empty", show=False),
        key("v", "toggle_chart", "compare.chart"),
        key("e", "export", "compare.export"),
        key("T", "transpose", "compare.transpose", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._mode: Mode = LATEST
        #: sort towns by this row (a metric key and year), or None for their own order
        self._town_sort: tuple[str, int | None] | None = None
        #: hide towns with no value in any row
        self._hide_empty = False
        self._sort = SORTS[0]
        self._table: CompareTable = CompareTable((), (), None)
        self._rows: list[CompareRow] = []
        self._width = 0
        #: the first town shown when not every town fits the width
        self._first = 0
        #: how many towns are shown
        self._shown = 0
        #: whether the cells have room for bars
        self._bars = True

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        """Header, title line, the table (or what to do with fewer than two towns), footer."""
        yield TownHeader(icon="=")
        yield Label(id="cmp-title")
        yield Static(id="cmp-empty")
        yield TownTable(id="cmp-table", cursor_type="cell", zebra_stripes=True)
        yield CompareChart(id="cmp-chart")
        yield Label(id="cmp-legend")
        yield TownFooter()

    def on_mount(self) -> None:
        """Build from what the app has; redraw colours when the theme changes."""
        self.watch(self.app, "theme", lambda _theme: self._rebuild(), init=False)
        self.refresh_labels()

    def on_resize(self) -> None:
        """Re-fit the columns to a new width."""
        if self.size.width != self._width:
            self._width = self.size.width
            self._rebuild()

    @property
    def _marked(self) -> list[str]:
        return [t for t in self.state.marked if self.state.dataset.town(t) is not None]

    @property
    def _everyone(self) -> bool:
        """No town is marked: the table shows every town (and says so)."""
        return not self._marked

    def _town_ids(self) -> list[str]:
        return [t.id for t in self.state.dataset.towns] if self._everyone else self._marked

    @property
    def _dt(self) -> DataTable[Text]:
        return self.query_one("#cmp-table", DataTable)

    @property
    def table(self) -> CompareTable:
        """The comparison as shown (before sorting)."""
        return self._table

    # ----------------------------------------------------------------- hooks

    def refresh_data(self) -> None:
        """Dataset or marked towns changed: recompute the table."""
        self._rebuild()

    def refresh_marks(self) -> None:
        """The marked towns are the table's columns: recompute it."""
        self._rebuild()

    def refresh_labels(self) -> None:
        """Language or ascii mode changed: redraw."""
        use_ascii_scrollbars(self.state.glyphs.ascii)
        self.set_class(self.state.glyphs.ascii, "-ascii")
        self._rebuild()

    # ----------------------------------------------------------------- building

    def _colour(self, name: str) -> str:
        value = self.app.theme_variables.get(name)
        return value if value else ""

    def _town_label(self, town_id: str) -> str:
        town = self.state.dataset.town(town_id)
        if town is None:
            return town_id
        return self.state.pick(town.name, town.name_en)

    def _metric_label(self, row: CompareRow, width: int | None = None) -> str:
        return metric_label(row, self.state.lang, self.state.glyphs, width)

    def _widths(self, count: int, value_w: int, why_w: int) -> tuple[int, int, int]:
        """(metric column, town column, towns shown) for ``count`` towns, beside a
        column of ``why_w`` cells saying why rows have no leader (0: none): every town
        column shown whole (a cut column would cut a number), as many as fit."""
        width = max(40, (self.size.width or 80) - 2)
        longest = max((cell_len(self._metric_label(r)) for r in self._rows), default=22)
        metric_w = max(22, min(longest, width // 4))  # wider screens show whole labels
        room = width - (metric_w + 2) - self._dt.styles.scrollbar_size_vertical
        room -= why_w + 2 if why_w else 0
        floor = value_w + VALUE_EXTRA  # sign, value, year: the bar goes first when short
        shown = max(1, min(count, room // (floor + 2)))
        town_w = room // shown - 2
        return metric_w, max(floor, min(town_w, 40)), shown

    def _cell(self, row: CompareRow, i: int, town_w: int, value_w: int) -> Text:
        colours = (self._colour("text-success"), self._colour("text-accent"))
        return value_cell(row, i, (town_w, value_w), self.state.lang, self.state.glyphs, colours)

    def _compute(self) -> None:
        """The table for the towns, mode and options (rows sorted, towns ordered)."""
        ds = self.state.dataset
        ids = self._town_ids()
        if self._mode.kind == "year" and self._mode.year not in available_years(ds, ids):
            self._mode = LATEST
        table = compare(ds, ids, mode=self._mode, hide_empty_towns=self._hide_empty)
        if self._town_sort is not None:
            at = [(r.metric.key, r.year) for r in table.rows]
            if self._town_sort in at:
                table = sort_towns(table, at.index(self._town_sort))
        self._table = table
        self._rows = sort_rows(table.rows, self._sort)

    def _rebuild(self) -> None:
        if not self.is_mounted:
            return
        ds = self.state.dataset
        dt = self._dt
        empty = self.query_one("#cmp-empty", Static)
        old = dt.cursor_coordinate
        dt.clear(columns=True)
        if len(self._marked) == 1 or len(ds.towns) < 2:
            self._table = CompareTable((), (), None, self._mode)
            self._rows = []
            empty.update(self._empty_message(self._marked))
            empty.display = True
            dt.display = False
            self.query_one("#cmp-chart").display = False
            self._update_chrome()
            return
        self._compute()
        empty.display = False
        dt.display = True
        self._fill(dt)
        if not self._rows:
            dt.display = False
            empty.display = True
            empty.update(no_figures_message(self.state.lang, self._mode.year))
        elif self._transposed:
            dt.cursor_coordinate = old
        else:
            row_i = min(old.row, len(self._rows) - 1)
            col_i = min(max(old.column, 1), self._shown)
            dt.cursor_coordinate = Coordinate(row_i, col_i)
        self._update_chrome()
        self._show_chart()

    def _fill(self, dt: DataTable[Text]) -> None:
        """Columns and rows of the table as wide as the screen allows."""
        if self._transposed:
            self._fill_transposed(dt)
            return
        lang, g = self.state.lang, self.state.glyphs
        values = [value_text(c, lang) for r in self._rows for c in r.cells if c is not None]
        value_w = max([cell_len(v) for v in values] + [cell_len(g.missing), 4])
        whys = [why_text(r, lang) for r in self._rows]
        why_w = max([cell_len(w) for w in whys] + [0])
        count = len(self._table.towns)
        metric_w, town_w, shown = self._widths(count, value_w, why_w)
        self._first = max(0, min(self._first, count - shown))
        self._shown = shown
        self._bars = has_bars(town_w, value_w)
        window = range(self._first, self._first + shown)
        header = tr(lang, "指标 (单位)", "Metric (unit)")
        dt.add_column(Text(fit(header, metric_w)), key="metric", width=metric_w)
        for i in window:
            town = self._table.towns[i]
            name = textsafe.one_line(self._town_label(town.id))
            dt.add_column(
                Text(fit(name, town_w, g.ellipsis), style="bold"), key=town.id, width=town_w
            )
        if why_w:
            dt.add_column(Text(fit(tr(lang, "说明", "Note"), why_w)), key="why", width=why_w)
        dt.fixed_columns = 1
        warn = self._colour("text-warning")
        for n, (row, why) in enumerate(zip(self._rows, whys, strict=True)):
            label = self._metric_label(row, metric_w)
            if row.year is not None:
                label = f"{row.year} {label}"
            cells = [Text(fit(label, metric_w, g.ellipsis))]
            cells += [self._cell(row, i, town_w, value_w) for i in window]
            if why_w:
                cells.append(Text(why, style=warn))
            dt.add_row(*cells, key=f"{n}")

    def _empty_message(self, marked: list[str]) -> Content:
        names = [self._town_label(t) for t in marked]
        return empty_message(
            self.state.lang, self.state.glyphs, bool(self.state.dataset.towns), names
        )

    def _update_chrome(self) -> None:
        lang, g = self.state.lang, self.state.glyphs
        window = (self._first, self._shown, len(self._table.towns))
        shown = len(self._table.towns) if self._everyone else len(self._marked)
        title = title_line(
            lang,
            g,
            mode=self._mode,
            sort=self._sort,
            marked=shown,
            window=window,
            everyone=self._everyone and bool(self._table.towns),
        )
        self.query_one("#cmp-title", Label).update(title)
        self.query_one("#cmp-legend", Label).update(legend(lang, g, self._bars))

    # ----------------------------------------------------------------- actions

    def _cursor_town(self) -> str | None:
        if not self._dt.display or not self._table.towns:
            return None
        if self._transposed:
            town = self._turned_cursor()[0]
            return None if town is None else self._table.towns[town].id
        col = self._dt.cursor_coordinate.column
        if 1 <= col <= self._shown:
            return self._table.towns[self._first + col - 1].id
        return None

    @on(TownTable.Shift)
    def _shift(self, message: TownTable.Shift) -> None:
        """Show the next (or previous) town that did not fit, the cursor on it."""
        first = max(0, min(self._first + message.step, len(self._table.towns) - self._shown))
        if first == self._first:
            return
        self._first = first
        self._rebuild()

    def action_move(self, step: int) -> None:
        """Move the cursor one row down (1) or up (-1); in chart view of the turned
        table, one metric right (1) or left (-1)."""
        if self._transposed and self._chart_on:
            col = min(max(self._dt.cursor_coordinate.column + step, 1), len(self._rows))
            self._dt.cursor_coordinate = self._dt.cursor_coordinate._replace(column=col)
        elif step > 0:
            self._dt.action_cursor_down()
        else:
            self._dt.action_cursor_up()
        if self._chart_on:  # the chart follows the row
            self._show_chart()

    def action_add_town(self) -> None:
        """Pick a town to add (type to filter; pinyin works)."""
        ds = self.state.dataset
        marked = set(self._marked)
        towns = [t for t in ds.towns if t.id not in marked]
        if not towns:
            self.notify(self.tr("没有可添加的小镇", "Every town is already here"))
            return

        def done(town: str | None) -> None:
            if town:
                self._toggle(town)

        title = self.tr("添加小镇", "Add a town")
        self.app.push_screen(
            TownPicker(towns, title=title, lang=self.state.lang, g=self.state.glyphs), done
        )

    def action_remove_town(self) -> None:
        """Remove the town under the cursor (or pick one when the cursor is on a label)."""
        town = self._cursor_town()
        if town is not None:
            self._toggle(town)
            return
        marked = [t for t in (self.state.dataset.town(i) for i in self._marked) if t is not None]
        if not marked:
            return

        def done(choice: str | None) -> None:
            if choice:
                self._toggle(choice)

        title = self.tr("移除小镇", "Remove a town")
        self.app.push_screen(
            TownPicker(marked, title=title, lang=self.state.lang, g=self.state.glyphs), done
        )

    def _toggle(self, town_id: str) -> None:
        self.state.toggle_mark(town_id)

    def action_cycle_sort(self) -> None:
        """Sort rows by metric, by coverage, or by spread."""
        self._sort = SORTS[(SORTS.index(self._sort) + 1) % len(SORTS)]
        self._rebuild()

    def action_export(self) -> None:
        """Export what is shown (mode, towns, rows in their order) as TOML, CSV or JSON;
        in chart view, save the chart as text."""
        if self._chart_on and self._cursor_row() is not None:
            self._save_chart()
            return
        if not self._table.towns:
            self.notify(self.tr("没有可导出的对比表", "Nothing to export yet"))
            return
        t = self._table
        table = CompareTable(t.towns, tuple(self._rows), t.year, t.mode)

        def done(path: object) -> None:
            if path is not None:
                self.notify(self.tr(f"已导出：{path}", f"Exported to {path}"), markup=False)

        dialog = ExportDialog(
            lambda fmt: export_compare(table, fmt), lang=self.state.lang, g=self.state.glyphs
        )
        self.app.push_screen(dialog, done)

    def _cursor_row(self) -> CompareRow | None:
        if not self._rows:
            return None
        if self._transposed:
            return self._turned_cursor()[1]
        return self._rows[min(self._dt.cursor_coordinate.row, len(self._rows) - 1)]

    @on(DataTable.CellSelected, "#cmp-table")
    def _cell_selected(self) -> None:
        """``enter`` on a value: its source and note; on a missing value: the town."""
        town_id, row = self._cursor_town(), self._cursor_row()
        if town_id is None or row is None:
            return
        i = [t.id for t in self._table.towns].index(town_id)
        cell, town = row.cells[i], self._table.towns[i]
        if cell is None:
            self.post_message(OpenTown(town_id))
            return
        ds = self.state.dataset

        def done(chosen: str | None) -> None:
            if chosen:
                self.post_message(OpenTown(chosen))

        dialog = ValueSource(
            lambda lang: value_lines(ds, town, row, cell, lang),
            town_id,
            lang=self.state.lang,
            ascii=self.state.glyphs.ascii,
        )
        self.app.push_screen(dialog, done)

    def selected_text(self) -> str | None:
        """The row under the cursor as one line: metric, unit, every town's value."""
        row = self._cursor_row()
        if row is None:
            return None
        parts = []
        for town, cell in zip(self._table.towns, row.cells, strict=True):
            if cell is None:
                shown = self.state.glyphs.missing
            else:
                shown = value_text(cell, self.state.lang)
                if cell.year is not None:
                    shown += f" ({cell.year})"
            parts.append(f"{self._town_label(town.id)} {shown}")
        return textsafe.one_line(f"{self._metric_label(row)}: " + "; ".join(parts))

    def palette_commands(self) -> list[PaletteCommand]:
        """The compare screen's actions for the command palette."""
        return [
            command(self, "compare.add", self.action_add_town, "add_town"),
            command(self, "compare.remove", self.action_remove_town, "remove_town"),
            command(self, "compare.sort", self.action_cycle_sort, "cycle_sort"),
            command(self, "compare.year", self.action_pick_year, "pick_year"),
            command(self, "compare.sort_towns", self.action_sort_towns, "sort_towns"),
            command(self, "compare.hide_empty", self.action_hide_empty, "hide_empty"),
            command(self, "compare.export", self.action_export, "export"),
            command(self, "compare.transpose", self.action_transpose, "transpose"),
        ]
