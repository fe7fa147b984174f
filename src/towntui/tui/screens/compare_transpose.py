"""The Compare screen turned (``T``): towns as rows and metrics as columns, and back.

Only the view turns: the rows' order (``s``), the towns' order (``S``), the mode and the
export are those of the table; the cursor stays on the same town and metric. A mixin of
:class:`towntui.tui.screens.compare.CompareScreen`.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from towntui.core import textsafe
from towntui.core.compare import CompareRow
from towntui.core.i18n import tr
from towntui.tui.render.compare import VALUE_EXTRA, has_bars, value_text
from towntui.tui.render.labels import fit
from towntui.tui.screens.compare_modes import ModeActions


class TransposeActions(ModeActions):
    """Whether towns are rows, and the table filled that way."""

    #: towns as rows, metrics as columns
    _transposed = False
    _rows: list[CompareRow]
    _shown = 0
    _bars = True

    def _town_label(self, town_id: str) -> str:
        raise NotImplementedError

    def _metric_label(self, row: CompareRow, width: int | None = None) -> str:
        raise NotImplementedError

    def _cell(self, row: CompareRow, i: int, town_w: int, value_w: int) -> Text:
        raise NotImplementedError

    def action_transpose(self) -> None:
        """Towns as rows and metrics as columns, or back; the cursor keeps its cell."""
        dt = self.query_one("#cmp-table", DataTable)
        at = dt.cursor_coordinate
        self._transposed = not self._transposed
        if self._transposed:  # (metric row, town column) -> (town row, metric column)
            town = self._first + max(at.column, 1) - 1
            self._first = 0
            self._rebuild()
            dt.cursor_coordinate = Coordinate(town, at.row + 1)
        else:
            self._first = at.row  # the town first in view (as far as the width allows)
            self._rebuild()
            dt.cursor_coordinate = Coordinate(max(at.column, 1) - 1, at.row - self._first + 1)

    def _turned_cursor(self) -> tuple[int | None, CompareRow | None]:
        """(town index, metric row) under the cursor of the turned table."""
        dt = self.query_one("#cmp-table", DataTable)
        at = dt.cursor_coordinate
        town = at.row if 0 <= at.row < len(self._table.towns) else None
        row = self._rows[at.column - 1] if 1 <= at.column <= len(self._rows) else None
        return town, row

    def _fill_transposed(self, dt: DataTable[Text]) -> None:
        """A row per town (every town: the table scrolls), a column per metric (and
        year in a series), each as wide as its values; the metrics scroll sideways."""
        lang, g = self.state.lang, self.state.glyphs
        values = [value_text(c, lang) for r in self._rows for c in r.cells if c is not None]
        value_w = max([cell_len(v) for v in values] + [cell_len(g.missing), 4])
        col_w = value_w + VALUE_EXTRA
        names = [textsafe.one_line(self._town_label(t.id)) for t in self._table.towns]
        name_w = max(10, min(max(cell_len(n) for n in names), 20))
        self._first, self._shown = 0, len(self._table.towns)
        self._bars = has_bars(col_w, value_w)
        dt.add_column(Text(fit(tr(lang, "小镇", "Town"), name_w)), key="town", width=name_w)
        for n, row in enumerate(self._rows):
            label = self._metric_label(row)
            if row.year is not None:
                label = f"{row.year} {label}"
            dt.add_column(
                Text(fit(label, col_w, g.ellipsis), style="bold"), key=f"m{n}", width=col_w
            )
        dt.fixed_columns = 1
        for i, name in enumerate(names):
            cells = [Text(fit(name, name_w, g.ellipsis), style="bold")]
            cells += [self._cell(row, i, col_w, value_w) for row in self._rows]
            dt.add_row(*cells, key=f"t{i}")
