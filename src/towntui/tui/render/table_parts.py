"""A Rich table cut into parts of a few rows, each laid out alone with the whole table's
column widths, so a view that lays out its parts in order (the profile: the screen's
height first, the rest after the first frame) need not lay out every row at once.

The lines are those of the whole table: the widths come from the whole table's own
calculation at the width it is drawn at (once per width), the header is drawn by the
first part only, and a row's lines depend on nothing but its cells and the widths (the
tables cut here have no box, no row styles and no sections).
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table

#: Rows in one part: a frame's worth of a profile is about a part.
ROWS = 8


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
