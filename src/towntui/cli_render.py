"""Output for the command line: rich tables on a terminal, aligned plain text when piped.

Every command builds :class:`Table` objects and hands them to an :class:`Output`, which
draws them with rich when stdout is a terminal and as plain, space-aligned text (no ANSI
codes, CJK aligned by cell width) otherwise. Machine formats live here too: JSON with
stable keys and UTF-8 text, and CSV.

Data text is made terminal-safe with :func:`towntui.core.textsafe.clean` and is only
ever wrapped in :class:`rich.text.Text`, so markup in the data is shown literally.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from towntui.core.csvsafe import csv_text
from towntui.core.textsafe import clean, one_line

Justify = Literal["left", "right"]
Cell = str | Text


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is an interactive terminal (rich output) or a pipe/file."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def safe(text: object) -> str:
    """Data text as one terminal-safe line (``None`` becomes the empty string)."""
    if text is None:
        return ""
    return one_line(str(text))


def styled(text: object, style: str = "") -> Text:
    """A :class:`Text` from data text: cleaned, never parsed as markup."""
    return Text(safe(text), style=style)


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: header, alignment, rich style, and whether rich may wrap it."""

    header: str
    justify: Justify = "left"
    style: str = ""
    no_wrap: bool = False


@dataclass(slots=True)
class Table:
    """A titled table of cells (plain strings or rich ``Text``)."""

    columns: Sequence[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    title: str | None = None

    def add(self, *cells: Cell | None) -> None:
        """Append a row; ``None`` cells are empty."""
        if len(cells) != len(self.columns):
            raise ValueError(f"expected {len(self.columns)} cells, got {len(cells)}")
        self.rows.append([c if isinstance(c, Text) else safe(c) for c in cells])


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def _pad(text: str, width: int, justify: Justify) -> str:
    gap = " " * max(0, width - cell_len(text))
    return gap + text if justify == "right" else text + gap


def plain_table(table: Table) -> str:
    """The table as space-aligned text: a header row, then one line per row.

    Columns are separated by two spaces and padded by terminal cell width, so Chinese
    text lines up; trailing spaces are stripped.
    """
    header = [c.header for c in table.columns]
    body = [[_plain(c) for c in row] for row in table.rows]
    widths = [max(cell_len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = []
    for row in [header, *body]:
        cells = [_pad(text, widths[i], table.columns[i].justify) for i, text in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


class Output:
    """Where a command's results go: rich on a terminal, plain text otherwise."""

    def __init__(self, stream: TextIO | None = None, *, rich: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self.rich = is_terminal(self.stream) if rich is None else rich
        self.console: Console | None = None
        if self.rich:
            self.console = Console(
                file=self.stream,
                force_terminal=True,
                highlight=False,
                markup=False,
                emoji=False,
            )

    def write(self, text: str) -> None:
        """Write text that is already safe (machine formats)."""
        self.stream.write(text)

    def line(self, text: Cell = "") -> None:
        """One line of text (data text must already be cleaned or a ``Text``)."""
        if self.console is not None:
            self.console.print(text if isinstance(text, Text) else Text(text), soft_wrap=True)
        else:
            self.stream.write(_plain(text) + "\n")

    def heading(self, text: str) -> None:
        """A section heading, preceded by a blank line."""
        self.line()
        self.line(Text(safe(text), style="bold underline") if self.rich else safe(text))

    def table(self, table: Table) -> None:
        """Draw a table: rich box-drawn on a terminal, aligned text otherwise."""
        if self.console is None:
            if table.title:
                self.stream.write(safe(table.title) + "\n")
            self.stream.write(plain_table(table))
            return
        rt = RichTable(
            title=Text(safe(table.title), style="bold") if table.title else None,
            title_justify="left",
            box=box.SIMPLE_HEAD,
            header_style="bold",
            pad_edge=False,
        )
        for col in table.columns:
            rt.add_column(
                Text(col.header), justify=col.justify, style=col.style or None, no_wrap=col.no_wrap
            )
        for row in table.rows:
            rt.add_row(*(c if isinstance(c, Text) else Text(c) for c in row))
        self.console.print(rt)

    def json(self, data: Any) -> None:
        """Write ``data`` as indented UTF-8 JSON (see :func:`dump_json`)."""
        self.stream.write(dump_json(data))

    def csv(self, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        """Write a header and rows as CSV (see :func:`dump_csv`)."""
        self.stream.write(dump_csv(header, rows))


def escape_unsafe(text: str, fmt: str) -> str:
    """Replace control, bidi and invisible characters by ``\\uXXXX`` escapes.

    Such characters only occur inside string literals of the JSON or TOML we write, where
    an escape means the same character: the document stays exact but cannot change the
    state of a terminal it is printed on.
    """
    if clean(text, keep_newlines=True) == text:
        return text
    out: list[str] = []
    for ch in text:
        if ch == "\n" or clean(ch) == ch:
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        elif fmt == "toml":
            out.append(f"\\U{ord(ch):08x}")
        else:
            code = ord(ch) - 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
    return "".join(out)


def dump_json(data: Any) -> str:
    """Indented JSON with non-ASCII text kept readable and terminal-unsafe text escaped."""
    return escape_unsafe(json.dumps(data, ensure_ascii=False, indent=2), "json") + "\n"


def dump_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV with a header row; ``None`` is empty, text is made terminal-safe and cells a
    spreadsheet would run as formulas are neutralised (:mod:`towntui.core.csvsafe`)."""
    return csv_text(
        header,
        ([clean(v, keep_newlines=True) if isinstance(v, str) else v for v in row] for row in rows),
    )


def sparkline(counts: Sequence[int]) -> str:
    """A one-line bar chart of ``counts`` (``▁`` for zero, ``█`` for the largest)."""
    bars = " ▁▂▃▄▅▆▇█"
    top = max(counts, default=0)
    if top <= 0:
        return "▁" * len(counts)
    return "".join("▁" if c == 0 else bars[max(2, round(c / top * 8))] for c in counts)
