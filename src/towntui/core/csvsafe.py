"""CSV that a spreadsheet opens as data: cells it would run as formulas are neutralised.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula (and ignore a leading tab or carriage return before one), so data
text such as ``=HYPERLINK(...)`` or ``-2+3`` would run when the file is opened. Every
CSV towntui writes goes through :func:`neutralise` (the rule of OWASP's "CSV
Injection" page): such a text cell is prefixed with a single quote ``'``, which the
spreadsheet shows as text and does not run.

Numbers are not text: a value that *is* a number (an ``int`` or ``float``, or a text
cell that is exactly a plain decimal number such as ``-3.5``, ``+7`` or ``-1e5``) is
written unchanged, so a negative figure stays a negative number in the spreadsheet.
Such a cell cannot hold a formula. Anything else that starts with ``-``, ``-3.5+1``
or ``-inf`` included, is neutralised. A program that reads the CSV back as text sees
the quote: strip one leading ``'`` from a cell whose next character is one of
``= + - @``, tab or carriage return.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from towntui.core.textsafe import clean

#: the first characters that make a spreadsheet read a cell as a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# a plain decimal number, ASCII digits only: optional sign, digits, fraction, exponent
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def neutralise(value: object) -> object:
    """``value`` (any cell value) as a spreadsheet-safe CSV cell; returns the cell.

    Control characters become visible placeholders (``␛``; newlines stay). Text that
    starts with one of :data:`FORMULA_START` gets a leading ``'``, unless it is exactly
    a number; numbers and other values are returned unchanged, ``None``
    becomes the empty string.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    # CSV has no escapes: a control character (ESC of a terminal sequence, BEL …) is
    # written as its visible placeholder, as on screen; newlines stay (a quoted cell
    # holds them)
    value = clean(value, keep_newlines=True)
    if value.startswith(FORMULA_START) and _NUMBER.fullmatch(value) is None:
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A ``header`` row and ``rows`` (sequences of cell values) as CSV text with ``\n``
    line ends; every cell, header included, passes through :func:`neutralise`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return buf.getvalue()
