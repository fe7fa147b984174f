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
from array import array
from bisect import bisect_right
from functools import cache
from itertools import accumulate

from rich._unicode_data import load as load_cell_table
from rich.cells import cell_len
from rich.console import Console, JustifyMethod, OverflowMethod
from rich.containers import Lines
from rich.text import Text

#: Characters that may not start a line (they stick to the character before them).
NO_START = frozenset("。，、；：？！）》」』】〕〉”’…·%‰％,.;:?!)]}")
#: Characters that may not end a line (they stick to the character after them).
NO_END = frozenset("（《「『【〔〈“‘([{")

#: Characters whose width is not simply the sum of their parts (a zero-width joiner, the
#: emoji variation selector): a line holding one is measured piece by piece instead.
_JOINERS = re.compile("[\u200d\ufe0f]")


def _class(ranges: list[tuple[int, int]]) -> str:
    """The inside of a regex character class holding ``ranges`` of code points."""
    esc = re.escape
    return "".join(esc(chr(a)) + ("-" + esc(chr(b)) if b > a else "") for a, b in ranges)


#: The first code point beyond the Basic Multilingual Plane. Character classes that stay
#: below it compile to a lookup table; the rare text with a character above it (emoji)
#: gets patterns that reach it, which are slower.
_ASTRAL = 0x10000


def _astral(text: str) -> bool:
    return bool(text) and ord(max(text)) >= _ASTRAL


@cache
def _widths(astral: bool) -> tuple[str, str]:
    """Character classes of the characters 0 and 2 cells wide (all others take 1), from
    Rich's own table, so that widths agree with ``rich.cells.cell_len`` character by
    character; only below :data:`_ASTRAL` unless ``astral``."""
    zero: list[tuple[int, int]] = [(1, 31), (0x7F, 0x9F)]
    wide: list[tuple[int, int]] = []
    top = 0x10FFFF if astral else _ASTRAL - 1
    for start, end, width in load_cell_table("auto").widths:
        if start <= top:
            (zero if width == 0 else wide).append((start, min(end, top)))
    return _class(zero), _class(wide)


@cache
def _width_patterns(astral: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    zero, wide = _widths(astral)
    return re.compile(f"[{zero}]"), re.compile(f"[{wide}]")


@cache
def _units_pattern(astral: bool) -> re.Pattern[str]:
    r"""One unbreakable piece: openers (``NO_END``) glued to what follows, then a run of
    spaces, or a run of narrow characters and closers (``NO_START``) glued to them.

    After a narrow character a narrow one or a closer may follow; after a wide one only
    a closer; a narrow closer brings the run back to narrow.
    """
    zero, wide = _widths(astral)
    ends = "".join(map(re.escape, sorted(NO_END)))
    starts_narrow = "".join(re.escape(c) for c in sorted(NO_START) if cell_len(c) == 1)
    starts_wide = "".join(re.escape(c) for c in sorted(NO_START) if cell_len(c) != 1)
    narrow = rf"[^\s{zero}{wide}{ends}]"  # narrow, not a space, not an opener
    other = rf"[^\s{ends}]"  # any other character that is not a space nor an opener
    run = rf"(?:{narrow}+|{other})(?:[{starts_wide}]*[{starts_narrow}]{narrow}*)*[{starts_wide}]*"
    return re.compile(rf"[{ends}]*(?:\s+|{run})|[{ends}]+")


@cache
def _bmp_tables() -> tuple[str, str]:
    """Two strings indexed by code point below :data:`_ASTRAL`, for ``str.translate``:
    each character's cells (``"\\x00"``–``"\\x02"``, from the same table as
    :func:`_widths`) and its kind for :func:`_units`: ``s`` a space, ``o`` an opener
    (``NO_END``), ``c`` / ``C`` a narrow / wide closer (``NO_START``), ``n`` / ``w`` any
    other narrow / zero-or-wide character.

    Made from ranges by slicing, in about a millisecond: the regexes over the same
    character classes took ten times that to compile, at every start. (The characters
    searched for spaces are decoded from an array of code points: ``chr`` for each
    took 1.8 ms.)
    """
    cells = bytearray(b"\x01" * _ASTRAL)
    for start, end, width in load_cell_table("auto").widths:
        if start < _ASTRAL:
            end = min(end, _ASTRAL - 1)
            cells[start : end + 1] = (b"\x02" if width else b"\x00") * (end + 1 - start)
    cells[1:32] = b"\x00" * 31
    cells[0x7F:0xA0] = b"\x00" * 33
    kinds = bytearray(cells.translate(bytes.maketrans(b"\x00\x01\x02", b"wnw")))
    # every character below U+3001 (U+3000 is the last space among them)
    below = array("I", range(0x3001)).tobytes().decode("utf-32-le")
    for m in re.finditer(r"\s", below):
        kinds[m.start()] = ord("s")
    for ch in NO_END:
        kinds[ord(ch)] = ord("o")
    for ch in NO_START:
        kinds[ord(ch)] = ord("c") if cells[ord(ch)] == 1 else ord("C")
    return cells.decode("latin-1"), kinds.decode("latin-1")


#: :func:`_units_pattern` over the kinds of :func:`_bmp_tables` (one letter a character).
_KIND_UNITS = re.compile(r"o*(?:s+|(?:[nc]+|[^so])(?:C*c[nc]*)*C*)|o+")


def _units(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the unbreakable pieces of ``text``."""
    if _astral(text):
        return [m.span() for m in _units_pattern(True).finditer(text)]
    kinds = text.translate(_bmp_tables()[1])
    return [m.span() for m in _KIND_UNITS.finditer(kinds)]


def _prefix_widths(text: str) -> list[int]:
    """``P[i]``: the cells ``text[:i]`` takes (a table lookup per character in C, or
    one regex pass per width for text beyond the BMP; no Python per character)."""
    if not _astral(text):
        marks = text.translate(_bmp_tables()[0])
    else:
        zero, wide = _width_patterns(True)
        marks = wide.sub("\x02", zero.sub("\x00", text))
        marks = re.sub("[^\x00\x02]", "\x01", marks)
    return [0, *accumulate(marks.encode("latin-1"))]


def break_offsets(text: str, width: int) -> list[int]:
    """Where lines after the first start, so that no line is wider than ``width`` cells.

    Spaces at a break stay at the end of the line before (to be trimmed when drawn).
    A piece wider than the whole line is folded character by character. Each line is
    found with a bisection over the running widths, not by walking its characters.
    """
    if width <= 0:
        return []
    if width < 2 or _JOINERS.search(text):  # a line narrower than a Chinese character
        return _break_measured(text, width)
    widths = _prefix_widths(text)
    pieces = [(a, b) for a, b in _units(text) if not text[a].isspace()]
    ends = [widths[b] for _a, b in pieces]
    offsets: list[int] = []
    base = 0  # the running width where the line starts
    i = 0
    while i < len(pieces):
        i = bisect_right(ends, base + width, lo=i)  # the pieces i.. that fit
        if i == len(pieces):
            break
        start, end = pieces[i]
        if widths[start] > base and start > 0:  # the line holds something: break
            offsets.append(start)
            base = widths[start]
            if widths[end] - base <= width:
                continue
        base = _fold(widths, start, end, base, width, offsets)
        i += 1
    return offsets


def _fold(widths: list[int], start: int, end: int, base: int, width: int, out: list[int]) -> int:
    """Fold the piece ``start:end`` (wider than a line) into lines; the running width
    where its last line starts."""
    at = start
    while widths[end] - base > width:
        cut = bisect_right(widths, base + width, lo=at, hi=end + 1) - 1
        cut = max(cut, at + 1)  # a character wider than the line still takes one
        if cut >= end:
            break
        out.append(cut)
        at, base = cut, widths[cut]
    return base


def _break_measured(text: str, width: int) -> list[int]:
    """:func:`break_offsets` for text whose width is not the sum of its characters'."""
    offsets: list[int] = []
    used = 0
    for start, end in _units(text):
        piece = text[start:end]
        w = cell_len(piece)
        if piece.isspace() or used + w <= width:
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
