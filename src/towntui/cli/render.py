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
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import field, replace
from typing import Any, Literal, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

import towntui.cli.terminal as terminal
from towntui.cli.words import word
from towntui.core.csvsafe import csv_text
from towntui.core.frozen import frozen, mutable
from towntui.core.i18n import tr
from towntui.core.spark import spark
from towntui.core.textsafe import clean, is_safe, one_line, unsafe_re

Justify = Literal["left", "right"]
Cell = str | Text


def safe(text: object) -> str:
    """Data text as one terminal-safe line (``None`` becomes the empty string)."""
    if text is None:
        return ""
    return one_line(str(text))


def styled(text: object, style: str = "") -> Text:
    """A :class:`Text` from data text: cleaned, never parsed as markup."""
    return Text(safe(text), style=style)


@frozen
class Column:
    """A table column: header, alignment, rich style, and whether rich may wrap it.

    ``keep`` says how the column fares when the table is too wide for the terminal:
    ``True`` for a name that should stay whole (it gives up width last), ``False`` for
    secondary text (English beside Chinese, context: it wraps first), ``None`` to decide
    from the cells (a column of mostly Chinese text is kept). An ``optional`` column is
    left out on a terminal too narrow for it and the kept columns (and a line says so).
    """

    header: str
    justify: Justify = "left"
    style: str = ""
    no_wrap: bool = False
    keep: bool | None = None
    optional: bool = False


@mutable(slots=True)
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


@frozen
class Glyphs:
    """The non-data characters the command line draws, in Unicode or in ASCII."""

    missing: str  # a missing value in a table
    range: str  # between two years: 2007–2025
    list_sep: str  # between names joined in one cell
    context_sep: str  # between the facts of a search result's context
    bars: str  # a density strip: zero, then lowest to highest
    rule: str  # the line under a rich table's header


UNICODE = Glyphs("—", "–", "、", " · ", " ▁▂▃▄▅▆▇█", "─")
ASCII = Glyphs("-", "-", ", ", " | ", " .:-=+*#@", "-")


def _text(cell: Cell) -> Text:
    return cell if isinstance(cell, Text) else Text(cell)


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


#: A wrapping column gives up width down to this many cells before a kept one does.
WRAP_FLOOR = 10
#: A kept column (a Chinese name) narrows only after the others, down to this.
KEEP_FLOOR = 8
#: How narrow an English or context column may wrap before a Chinese name is broken.
SOFT_MIN = 5
#: Cells between two columns of a rich table (a space of the box and one of padding).
GAP = 2


def _is_wide(text: str) -> bool:
    return cell_len(text) > len(text)


def _keeps(table: Table) -> list[bool]:
    """Which columns keep their width: as declared, else those of mostly wide text."""
    keeps = []
    for i, col in enumerate(table.columns):
        if col.keep is not None:
            keeps.append(col.keep)
            continue
        texts = [t for t in (_plain(r[i]) for r in table.rows) if t]
        keeps.append(bool(texts) and sum(map(_is_wide, texts)) * 2 > len(texts))
    return keeps


def _shrink(widths: list[int], floors: list[int], which: list[int], excess: int) -> int:
    """Narrow the widest of columns ``which`` a cell at a time (never below its floor)
    until ``excess`` cells are gone; the excess that is left."""
    while excess > 0:
        room = [i for i in which if widths[i] > floors[i]]
        if not room:
            break
        widest = max(room, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return excess


def _natural_widths(table: Table) -> list[int]:
    """Each column's natural width: its widest cell or header (at least 1)."""
    body = [[_plain(c) for c in row] for row in table.rows]
    natural = [
        max([cell_len(column.header), *(cell_len(r[i]) for r in body)], default=1)
        for i, column in enumerate(table.columns)
    ]
    return [max(1, w) for w in natural]


def _drop_optional(table: Table, widths: list[int], excess: int) -> tuple[list[int], int]:
    """Leave out optional columns, from the right, until ``excess`` cells are saved (their
    width becomes 0); the columns left out and the excess that remains."""
    dropped: list[int] = []
    for i in reversed(range(len(table.columns))):
        if excess <= 0:
            break
        if table.columns[i].optional:
            dropped.append(i)
            excess -= widths[i] + GAP
            widths[i] = 0
    return dropped, excess


def _narrow(
    widths: list[int],
    floors: list[int],
    wrapping: tuple[list[int], list[int]],
    dropped: list[int],
    excess: int,
) -> bool:
    """Narrow the columns left in (``widths`` in place) by ``excess`` cells: the soft
    columns of ``wrapping`` to :data:`SOFT_MIN`, then its kept ones to their ``floors``,
    then every column to 1. Whether the fixed columns had to narrow (and so wrap) too."""
    soft, kept = wrapping
    live = [i for i in range(len(widths)) if i not in dropped]
    # the English beside a Chinese name wraps further before the name breaks
    soft_min = [min(w, SOFT_MIN) for w in widths]
    excess = _shrink(widths, soft_min, [i for i in soft if i in live], excess)
    excess = _shrink(widths, floors, [i for i in kept if i in live], excess)
    if excess <= 0:
        return False
    # the fixed columns too: wrapped, never cut
    _shrink(widths, [0 if i in dropped else 1 for i in range(len(widths))], live, excess)
    return True


def fit_widths(table: Table, width: int) -> tuple[list[int], list[bool], list[int]]:
    """Column widths for ``table`` in ``width`` cells, which columns may wrap, and the
    optional columns left out (their width is 0).

    Every column starts at its natural width. If the table is too wide, the wrapping
    columns that are not kept (English beside Chinese, context) narrow first, widest
    first, down to :data:`WRAP_FLOOR`; then optional columns are left out, from the
    right; then the wrapping columns narrow further, down to :data:`SOFT_MIN`; then the
    kept columns (Chinese names) narrow, down to :data:`KEEP_FLOOR`;
    then, as a last resort, every column. Nothing is cut: a narrowed column wraps
    (folding where a line has no spaces, as Chinese has none).
    """
    n = len(table.columns)
    widths = _natural_widths(table)
    wraps = [not c.no_wrap for c in table.columns]
    excess = sum(widths) + GAP * (n - 1) - width
    if excess <= 0:
        return widths, wraps, []
    keeps = _keeps(table)
    soft = [i for i in range(n) if wraps[i] and not keeps[i]]
    kept = [i for i in range(n) if wraps[i] and keeps[i]]
    floors = [min(w, KEEP_FLOOR if keeps[i] else WRAP_FLOOR) for i, w in enumerate(widths)]
    excess = _shrink(widths, floors, soft, excess)
    dropped, excess = _drop_optional(table, widths, excess)
    if _narrow(widths, floors, (soft, kept), dropped, excess):
        wraps = [True] * n
    return widths, wraps, sorted(dropped)


def _head_rule(rule: str) -> box.Box:
    """A box with no borders but a rule under the header (``box.SIMPLE_HEAD`` alike)."""
    return box.Box(
        f"    \n    \n {rule}{rule} \n    \n    \n    \n    \n    \n", ascii=rule.isascii()
    )


class Output:
    """Where a command's results go: rich on a terminal, plain text otherwise.

    ``meta`` text (headings, footers, legends) goes with the table on a terminal and to
    stderr when stdout is a pipe or a file, so piped output is data only. With
    ``ascii``, nothing but ASCII is drawn (data text stays as written).
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        rich: bool | None = None,
        ascii: bool = False,
        err: TextIO | None = None,
        lang: str = "en",
    ) -> None:
        self.lang = lang
        self.stream = stream if stream is not None else sys.stdout
        self.err = err
        self.rich = terminal.is_terminal(self.stream) if rich is None else rich
        self.ascii = ascii
        self.glyphs = ASCII if ascii else UNICODE
        self.console: Console | None = None
        if self.rich:
            self.console = Console(
                file=self.stream,
                force_terminal=True,
                highlight=False,
                markup=False,
                emoji=False,
                safe_box=True,
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

    def meta(self, text: Cell) -> None:
        """A heading, footer or legend: below the table on a terminal, else on stderr."""
        if self.console is not None:
            self.line(text)
        else:
            err = self.err if self.err is not None else sys.stderr
            err.write(_plain(text) + "\n")

    def heading(self, text: str) -> None:
        """A section heading, preceded by a blank line."""
        self.line()
        self.line(Text(safe(text), style="bold underline") if self.rich else safe(text))

    def join(self, parts: Iterable[str]) -> str:
        """Names joined in one cell (``、``, or ``, `` in ASCII)."""
        return self.glyphs.list_sep.join(parts)

    def spark(self, counts: Sequence[int]) -> str:
        """A density strip of ``counts`` (see :func:`sparkline`)."""
        return sparkline(counts, self.glyphs.bars)

    def table(self, table: Table) -> None:
        """Draw a table: rich on a terminal (fitted to its width), aligned text otherwise;
        column names in the output's language (:func:`towntui.cli.words.word`)."""
        cols = [replace(c, header=word(self.lang, c.header)) for c in table.columns]
        table = Table(cols, table.rows, table.title)
        if self.console is None:
            if table.title:
                self.stream.write(safe(table.title) + "\n")
            self.stream.write(plain_table(table))
            return
        widths, wraps, dropped = fit_widths(table, self.console.width)
        rt = RichTable(
            title=Text(safe(table.title), style="bold") if table.title else None,
            title_justify="left",
            box=_head_rule(self.glyphs.rule),
            show_edge=False,
            header_style="bold",
            padding=(0, 1, 0, 0),
            pad_edge=False,
        )
        shown = [i for i in range(len(table.columns)) if i not in dropped]
        for i in shown:
            col, width, wrap = table.columns[i], widths[i], wraps[i]
            rt.add_column(
                Text(col.header),
                justify=col.justify,
                style=col.style or None,
                no_wrap=not wrap,
                overflow="fold",
                width=width,
            )
        for row in table.rows:
            rt.add_row(*(_text(row[i]) for i in shown))
        self.console.print(rt)
        if dropped:
            names = ", ".join(table.columns[i].header for i in dropped)
            left_out = tr(
                self.lang,
                f"（终端太窄，未显示：{names}；可用 --json）",
                f"({names} left out: the terminal is too narrow; try --json)",
            )
            self.line(Text(left_out, "dim"))

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
    if is_safe(text, keep_newlines=True):
        return text
    return unsafe_re(keep_newlines=True).sub(_escape_toml if fmt == "toml" else _escape_json, text)


def _escape_json(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _escape_toml(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


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


def sparkline(counts: Sequence[int], bars: str = UNICODE.bars) -> str:
    """A one-line bar chart of ``counts``: ``bars[0]`` (blank) for zero, then up to
    ``bars[-1]`` for the largest (``▁`` … ``█``, or ``.`` … ``@`` in ASCII), on the
    app's scale (:func:`towntui.core.spark.spark`)."""
    return spark(counts, bars[1:], bars[0])
