"""The Compare screen's choice of figures: ``[`` ``]`` step through latest and each year
with figures, ``Y`` types a year, ``latest``, ``as of 2024`` (``<=2024``) or ``series``.
A mixin of :class:`towntui.tui.screens.compare.CompareScreen`."""

from __future__ import annotations

from textual.widgets import Label

from towntui.core.chart import Chart, chart_data, chart_text
from towntui.core.compare import (
    LATEST,
    CompareRow,
    CompareTable,
    Mode,
    available_years,
    parse_mode,
)
from towntui.tui.dialogs.export import TEXT, ExportDialog
from towntui.tui.dialogs.pickers import PromptDialog
from towntui.tui.screens.base import MainScreen
from towntui.tui.widgets.compare_chart import CompareChart


class ModeActions(MainScreen):
    """The mode of a compare screen and the actions that change it."""

    _mode: Mode = LATEST

    def _town_ids(self) -> list[str]:
        raise NotImplementedError

    def _rebuild(self) -> None:
        raise NotImplementedError

    def _cursor_row(self) -> CompareRow | None:
        raise NotImplementedError

    _town_sort: tuple[str, int | None] | None = None
    _hide_empty = False
    _first = 0
    #: the chart of the row's metric is shown instead of the table
    _chart_on = False
    _table: CompareTable = CompareTable((), (), None)

    def action_toggle_chart(self) -> None:
        """Table, or a line chart across years of the metric of the row under the cursor
        (its towns: those of the table)."""
        self._chart_on = not self._chart_on
        if self._chart_on:
            self._show_chart()
        else:
            self._rebuild()

    def _show_chart(self) -> None:
        """Show the chart (drawn for the row under the cursor) or the table."""
        box = self.query_one("#cmp-chart", CompareChart)
        dt = self.query_one("#cmp-table")
        row = self._cursor_row() if self._chart_on else None
        box.display = row is not None
        if row is None:
            return
        dt.display = False
        chart = self._chart()
        box.show(chart, lang=self.state.lang, ascii=self.state.glyphs.ascii)
        dot = self.state.glyphs.dot
        hint = self.tr(
            f"j k 换指标 {dot} e 保存为文本 {dot} v 回到表格",
            f"j k another metric {dot} e save as text {dot} v back to the table",
        )
        self.query_one("#cmp-legend", Label).update(hint)

    def _chart(self) -> Chart | None:
        """The chart of the row under the cursor (its towns: those of the table)."""
        row = self._cursor_row()
        if row is None:
            return None
        ids = [t.id for t in self._table.towns]
        return chart_data(self.state.dataset, ids, row.metric.key)

    def _save_chart(self) -> None:
        """Save the chart shown as text (what ``towntui compare --chart`` prints; ASCII
        in ASCII mode) where the user types, through the export dialog."""
        chart = self._chart()
        if chart is None or not chart.series:
            self.notify(self.tr("这一行没有可保存的图表", "No chart to save in this row"))
            return
        lang, ascii = self.state.lang, self.state.glyphs.ascii
        text = chart_text(chart, lang=lang, ascii=ascii, color=False)

        def done(path: object) -> None:
            if path is not None:
                self.notify(self.tr(f"图表已保存：{path}", f"Chart saved to {path}"), markup=False)

        dialog = ExportDialog(
            lambda _fmt: text, lang=lang, g=self.state.glyphs, fmt=TEXT, formats=(TEXT,)
        )
        self.app.push_screen(dialog, done)

    def action_sort_towns(self) -> None:
        """Order the towns by the row under the cursor (best first); again: own order."""
        row = self._cursor_row()
        if row is None:
            return
        key = (row.metric.key, row.year)
        self._town_sort = None if self._town_sort == key else key
        self._first = 0
        self._rebuild()

    def action_hide_empty(self) -> None:
        """Hide (or show again) the towns with no value in any row."""
        self._hide_empty = not self._hide_empty
        self._first = 0
        self._rebuild()
        if self._hide_empty:
            self.notify(self.tr("已隐藏没有数值的小镇", "Towns with no value hidden"))

    def _years(self) -> list[int]:
        return available_years(self.state.dataset, self._town_ids())

    def action_step_year(self, step: int) -> None:
        """Latest values, then each year with figures, in turn (from "as of" a year, the
        years around it)."""
        modes = [LATEST, *(Mode("year", y) for y in self._years())]
        if self._mode in modes:
            current = modes.index(self._mode)
        else:  # as of a year, or a series: step from the nearest year
            year = self._mode.year or 0
            current = max((i for i, m in enumerate(modes) if (m.year or 0) <= year), default=0)
        self._mode = modes[(current + step) % len(modes)]
        self._rebuild()

    def _mode_typed(self) -> str:
        """The current mode as :func:`parse_mode` reads it back."""
        if self._mode.kind == "latest":
            return self.tr("最新", "latest")
        if self._mode.kind == "series":
            return self.tr("历年", "series")
        prefix = self.tr("截至", "as of ") if self._mode.kind == "as_of" else ""
        return f"{prefix}{self._mode.year}"

    def action_pick_year(self) -> None:
        """Type a year, ``latest``, ``as of 2024`` (``<=2024``) or ``series``."""
        years = self._years()
        listed = self.tr("、", ", ").join(str(y) for y in years) or "-"

        def check(text: str) -> str | None:
            mode = parse_mode(text)
            if mode is None:
                return self.tr(
                    "请输入年份、最新、截至某年（如 截至2024）或 历年",
                    "type a year, latest, as of YEAR or series",
                )
            if mode.kind == "year" and mode.year not in years:
                return self.tr(f"可选年份：{listed}", f"years with figures: {listed}")
            return None

        def done(text: str | None) -> None:
            mode = None if text is None else parse_mode(text)
            if mode is not None:
                self._mode = mode
                self._rebuild()

        dialog = PromptDialog(
            title=self.tr("选择年份", "Choose a year"),
            hint=self.tr(
                f"年份、最新、截至某年（如 截至2024）或 历年（有数据的年份：{listed}）",
                f"a year, latest, as of YEAR (newest up to it) or series (years: {listed})",
            ),
            value=self._mode_typed(),
            g=self.state.glyphs,
            validate=check,
        )
        self.app.push_screen(dialog, done)
