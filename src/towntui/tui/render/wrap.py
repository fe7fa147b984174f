"""Line breaking for mixed Chinese and Latin text, by terminal cell width.

Rich breaks lines only at spaces, so a Chinese paragraph (which has none) is one long
"word" that it folds cell by cell: ``Hangzhou`` becomes ``Hangzh`` / ``ou``, ``2003年``
becomes ``20`` / ``03年``, and a ``。`` can start a line. :func:`break_offsets` breaks
between Chinese characters and at spaces instead, keeps runs of narrow characters
(words, numbers) whole unless one is wider than the line, and keeps closing punctuation
off the start of a line and opening punctuation off its end. :class:`WrapText` is a
``rich.text.Text`` that wraps with it.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, JustifyMethod, OverflowMethod
from rich.containers import Lines
from rich.text import Text

#: Characters that may not start a line (they stick to the character before them).
NO_START = frozenset("。，、；：？！）》」』】〕〉”’…·%‰％,.;:?!)]}")
#: Characters that may not end a line (they stick to the character after them).
NO_END = frozenset("（《「『【〔〈“‘([{")

_UNITS = re.compile(r"\s+|[^\s]")


def _units(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the unbreakable pieces of ``text``."""
    units: list[tuple[int, int]] = []
    for m in _UNITS.finditer(text):
        start, end = m.span()
        ch = text[start]
        if units:
            prev_start, prev_end = units[-1]
            prev = text[prev_end - 1]
            narrow_run = (
                not ch.isspace()
                and not prev.isspace()
                and cell_len(ch) == 1
                and cell_len(prev) == 1
                and ch not in NO_END
            )
            if narrow_run or (ch in NO_START and not prev.isspace()) or prev in NO_END:
                units[-1] = (prev_start, end)
                continue
        units.append((start, end))
    return units


def break_offsets(text: str, width: int) -> list[int]:
    """Where lines after the first start, so that no line is wider than ``width`` cells.

    Spaces at a break stay at the end of the line before (to be trimmed when drawn).
    A piece wider than the whole line is folded character by character.
    """
    if width <= 0:
        return []
    offsets: list[int] = []
    used = 0
    for start, end in _units(text):
        piece = text[start:end]
        w = cell_len(piece)
        if piece.isspace():
            used += w
            continue
        if used + w <= width:
            used += w
            continue
        if used > 0 and start > 0:
            offsets.append(start)
            used = 0
        if w <= width:
            used = w
            continue
        for i, ch in enumerate(piece):
            cw = cell_len(ch)
            if used + cw > width and used > 0:
                offsets.append(start + i)
                used = 0
            used += cw
    return offsets


class WrapText(Text):
    """A ``Text`` that breaks lines with :func:`break_offsets`."""

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        """Break into lines at most ``width`` cells wide (Rich's own wrap, CJK aware)."""
        wrap_justify = justify or self.justify or "default"
        wrap_overflow = overflow or self.overflow or "fold"
        keep = bool(no_wrap if no_wrap is not None else self.no_wrap) or overflow == "ignore"
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line.plain:
                line.expand_tabs(tab_size)
            parts = Lines([line]) if keep else line.divide(break_offsets(line.plain, width))
            for part in parts:
                part.rstrip_end(width)
            if wrap_justify:
                parts.justify(console, width, justify=wrap_justify, overflow=wrap_overflow)
            for part in parts:
                part.truncate(width, overflow=wrap_overflow)
            lines.extend(parts)
        return lines
