"""The Compare screen (``4``): the marked towns side by side, one row per metric.

Each row is a registry metric in its canonical unit; each cell shows the value with
its qualifier, a bar scaled to the row's largest value and the year the figure is
for. The leader of a row carries a sign (``▲``, ASCII ``*``) as well as a colour, and
a missing value is "—", never zero. Values are the latest each town has, or those of
one chosen year (``[``/``]`` step through the years, ``Y`` types one).
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
from textual.widgets import DataTable, Header, Label, Static

from towntui.core import textsafe
from towntui.core.compare import (
    SORTS,
    CompareRow,
    CompareTable,
    available_years,
    compare,
    sort_rows,
)
from towntui.core.export import export_compare
from towntui.core.i18n import tr
from towntui.tui.dialogs.export import ExportDialog
from towntui.tui.dialogs.pickers import PromptDialog, TownPicker
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
)
from towntui.tui.render.labels import fit
from towntui.tui.screens.base import MainScreen, PaletteCommand
from towntui.tui.widgets.footer import TownFooter
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
        """Next column, or the next town that did not fit."""
        if self.cursor_coordinate.column >= len(self.columns) - 1:
            self.post_message(self.Shift(1))
        else:
            super().action_cursor_right()

    def action_cursor_left(self) -> None:
        """Previous column, or the previous town that did not fit."""
        if self.cursor_coordinate.column <= 1:
            self.post_message(self.Shift(-1))
        else:
            super().action_cursor_left()


class CompareScreen(MainScreen):
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
        key("e", "export", "compare.export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._year: int | None = None
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
        yield Header(icon="=")
        yield Label(id="cmp-title")
        yield Static(id="cmp-empty")
        yield TownTable(id="cmp-table", cursor_type="cell", zebra_stripes=True)
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

    def _widths(self, count: int, value_w: int) -> tuple[int, int, int]:
        """(metric column, town column, towns shown) for ``count`` towns: every town
        column shown whole (a cut column would cut a number), as many as fit."""
        width = max(40, (self.size.width or 80) - 2)
        longest = max((cell_len(self._metric_label(r)) for r in self._rows), default=22)
        metric_w = max(22, min(longest, width // 4))  # wider screens show whole labels
        room = width - (metric_w + 2) - self._dt.styles.scrollbar_size_vertical
        floor = value_w + VALUE_EXTRA  # sign, value, year: the bar goes first when short
        shown = max(1, min(count, room // (floor + 2)))
        town_w = room // shown - 2
        return metric_w, max(floor, min(town_w, 40)), shown

    def _cell(self, row: CompareRow, i: int, town_w: int, value_w: int) -> Text:
        colours = (self._colour("text-success"), self._colour("text-accent"))
        return value_cell(row, i, (town_w, value_w), self.state.lang, self.state.glyphs, colours)

    def _rebuild(self) -> None:
        if not self.is_mounted:
            return
        lang, g = self.state.lang, self.state.glyphs
        ds = self.state.dataset
        marked = self._marked
        dt = self._dt
        empty = self.query_one("#cmp-empty", Static)
        old = dt.cursor_coordinate
        dt.clear(columns=True)
        if len(marked) < 2 or not ds.towns:
            self._table = CompareTable((), (), self._year)
            self._rows = []
            empty.update(self._empty_message(marked))
            empty.display = True
            dt.display = False
            self._update_chrome()
            return
        if self._year is not None and self._year not in available_years(ds, marked):
            self._year = None
        self._table = compare(ds, marked, year=self._year)
        self._rows = sort_rows(self._table.rows, self._sort)
        empty.display = False
        dt.display = True
        values = [value_text(c, lang) for r in self._rows for c in r.cells if c is not None]
        value_w = max([cell_len(v) for v in values] + [cell_len(g.missing), 4])
        count = len(self._table.towns)
        metric_w, town_w, shown = self._widths(count, value_w)
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
        dt.fixed_columns = 1
        for row in self._rows:
            cells = [Text(fit(self._metric_label(row, metric_w), metric_w, g.ellipsis))]
            cells += [self._cell(row, i, town_w, value_w) for i in window]
            dt.add_row(*cells, key=row.metric.key)
        if not self._rows:
            dt.display = False
            empty.display = True
            empty.update(no_figures_message(lang, self._year))
        else:
            row_i = min(old.row, len(self._rows) - 1)
            col_i = min(max(old.column, 1), shown)
            dt.cursor_coordinate = Coordinate(row_i, col_i)
        self._update_chrome()

    def _empty_message(self, marked: list[str]) -> Content:
        names = [self._town_label(t) for t in marked]
        return empty_message(
            self.state.lang, self.state.glyphs, bool(self.state.dataset.towns), names
        )

    def _update_chrome(self) -> None:
        lang, g = self.state.lang, self.state.glyphs
        year = None if self._table.year is None and self._year is None else self._year
        window = (self._first, self._shown, len(self._table.towns))
        title = title_line(
            lang, g, year=year, sort=self._sort, marked=len(self._marked), window=window
        )
        self.query_one("#cmp-title", Label).update(title)
        self.query_one("#cmp-legend", Label).update(legend(lang, g, self._bars))

    # ----------------------------------------------------------------- actions

    def _cursor_town(self) -> str | None:
        if not self._dt.display or not self._table.towns:
            return None
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
        """Move the cursor one row down (1) or up (-1)."""
        if step > 0:
            self._dt.action_cursor_down()
        else:
            self._dt.action_cursor_up()

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

    def _years(self) -> list[int | None]:
        return [None, *available_years(self.state.dataset, self._marked)]

    def action_step_year(self, step: int) -> None:
        """Latest values, then each year with figures, in turn."""
        years = self._years()
        current = years.index(self._year) if self._year in years else 0
        self._year = years[(current + step) % len(years)]
        self._rebuild()

    def action_pick_year(self) -> None:
        """Type a year (or "latest")."""
        years = [y for y in self._years() if y is not None]

        def check(text: str) -> str | None:
            raw = text.strip().casefold()
            if raw in ("", "latest", "最新"):
                return None
            if raw.isdigit() and int(raw) in years:
                return None
            listed = ", ".join(str(y) for y in years) or "-"
            return self.tr(f"可选年份：{listed}", f"years with figures: {listed}")

        def done(text: str | None) -> None:
            if text is None:
                return
            raw = text.strip()
            self._year = int(raw) if raw.isdigit() else None
            self._rebuild()

        dialog = PromptDialog(
            title=self.tr("选择年份", "Choose a year"),
            hint=self.tr(
                f"年份或 latest（有数据的年份：{', '.join(map(str, years))}）",
                f"a year or latest (years with figures: {', '.join(map(str, years))})",
            ),
            value=str(self._year) if self._year is not None else "latest",
            g=self.state.glyphs,
            validate=check,
        )
        self.app.push_screen(dialog, done)

    def action_export(self) -> None:
        """Export the table (TOML, CSV or JSON) to a file."""
        if not self._table.towns:
            self.notify(self.tr("没有可导出的对比表", "Nothing to export yet"))
            return
        table = CompareTable(self._table.towns, tuple(self._rows), self._table.year)

        def done(path: object) -> None:
            if path is not None:
                self.notify(
                    self.tr(f"已导出：{path}", f"Exported to {path}"),
                    markup=False,
                )

        dialog = ExportDialog(
            lambda fmt: export_compare(table, fmt), lang=self.state.lang, g=self.state.glyphs
        )
        self.app.push_screen(dialog, done)

    @on(DataTable.CellSelected, "#cmp-table")
    def _cell_selected(self) -> None:
        town = self._cursor_town()
        if town is not None:
            self.post_message(OpenTown(town))

    def selected_text(self) -> str | None:
        """The row under the cursor as one line: metric, unit, every town's value."""
        if not self._rows or not self._dt.display:
            return None
        row = self._rows[min(self._dt.cursor_coordinate.row, len(self._rows) - 1)]
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
            command(self, "compare.export", self.action_export, "export"),
        ]
