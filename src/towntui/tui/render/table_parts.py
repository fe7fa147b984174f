"""A Rich table cut into parts of a few rows, each laid out alone with the whole table's
column widths, so a view that lays out its parts in order (the profile: the screen's
height first, the rest after the first frame) need not lay out every row at once.

The lines are those of the whole table: the widths come from the whole table's own
calculation at the width it is drawn at (once per width), the header is drawn by the
first part only, and a row's lines depend on nothing but its cells and the widths (the
tables cut here have no box, no row styles and no sections).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

#: Rows in one part: a frame's worth of a profile is about a part.
ROWS = 8


class TextTable(Table):
    """A Rich table whose columns of ``Text`` cells are measured in one pass over their
    texts, with the arithmetic Rich's measuring does through ``Padding`` and
    ``Measurement.get`` for each cell (a few function calls a cell: ~3 ms for a town's
    metrics table before the first frame, twice when the table is wider than the
    screen). A column it cannot measure so (another kind of cell, a markup header, a
    footer, collapsed padding) is measured by Rich.
    ``tests/tui/test_profile_progressive.py`` holds it to Rich's measure."""

    def _measure_column(
        self, console: Console, options: ConsoleOptions, column: Column
    ) -> Measurement:
        plains = self._plains(column)
        if plains is None:
            return super()._measure_column(console, options, column)
        width = options.max_width
        if width < 1:
            return Measurement(0, 0)
        extra = self._get_padding_width(column._index)
        if not plains:
            measured = Measurement(1, width)
        elif width - extra < 1:  # Padding's own answer for a cell with no room
            measured = Measurement(width, width)
        else:
            lows, highs = zip(*map(_cell_measure, plains), strict=True)
            low, high = min(max(lows) + extra, width), min(max(highs) + extra, width)
            measured = Measurement(low, high) if high >= 1 else Measurement(0, 0)
        return measured.with_maximum(width).clamp(
            None if column.min_width is None else column.min_width + extra,
            None if column.max_width is None else column.max_width + extra,
        )

    def _plains(self, column: Column) -> list[str] | None:
        """The texts of ``column``'s cells (its header first, if shown), or None when
        Rich must measure it: a set width, a footer, collapsed padding, a header Rich
        reads as markup, a cell that is not a ``Text`` measured as Rich measures one."""
        header = column.header
        if column.width is not None or self.collapse_padding or self.show_footer:
            return None
        if self.show_header and not (isinstance(header, str) and _plain_words(header)):
            return None
        plains = [header] if self.show_header else []
        for cell in column._cells:
            if not isinstance(cell, Text) or type(cell).__rich_measure__ is not _MEASURE:
                return None
            plains.append(cell.plain)
        return plains  # type: ignore[return-value]


_MEASURE = Text.__rich_measure__


def _plain_words(header: str) -> bool:
    """Whether Rich reads ``header`` as it is (no markup, no emoji code)."""
    return "[" not in header and ":" not in header


def _cell_measure(plain: str) -> tuple[int, int]:
    """A cell's (min, max) as Rich measures its ``Text``, with Measurement.get's
    normalising (the maximum is at least the minimum)."""
    lines = plain.splitlines()
    high = max(map(cell_len, lines)) if lines else 0
    words = plain.split()
    low = max(map(cell_len, words)) if words else high
    return min(low, high), high


class _Widths:
    """The whole table's column widths at a width, worked out once."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self._at: dict[int, list[int]] = {}

    def at(self, console: Console, options: ConsoleOptions) -> list[int]:
        width = options.max_width
        if width not in self._at:
            self._at[width] = self.table._calculate_column_widths(console, options)
        return self._at[width]


class TableRows:
    """Rows ``start:stop`` of a table (with its header if ``start`` is 0)."""

    def __init__(self, widths: _Widths, start: int, stop: int) -> None:
        self._widths = widths
        self._start, self._stop = start, stop

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        whole = self._widths.table
        widths = self._widths.at(console, options)
        part = Table(
            box=whole.box,
            show_header=whole.show_header and self._start == 0,
            header_style=whole.header_style,
            pad_edge=whole.pad_edge,
            padding=whole.padding,
            expand=False,
        )
        for i, (column, width) in enumerate(zip(whole.columns, widths, strict=True)):
            part.add_column(
                column.header,
                justify=column.justify,
                overflow=column.overflow,
                no_wrap=column.no_wrap,
                width=width - whole._get_padding_width(i),
            )
        for row in range(self._start, self._stop):
            part.add_row(*(column._cells[row] for column in whole.columns))
        yield part


def in_parts(table: Table, rows: int = ROWS) -> list[RenderableType]:
    """``table`` as parts of ``rows`` rows; the table itself, whole, when it has no more
    rows than that, or is one the cut could not draw alike (a box, row styles, sections,
    a set width, ``expand``)."""
    plain = (
        table.box is None and not table.row_styles and not any(r.end_section for r in table.rows)
    )
    if table.row_count <= rows or not plain or table.expand or table.width is not None:
        return [table]
    widths = _Widths(table)
    return [
        TableRows(widths, start, min(start + rows, table.row_count))
        for start in range(0, table.row_count, rows)
    ]
