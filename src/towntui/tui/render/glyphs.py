"""The characters the explorer draws with, in a Unicode and a plain-ASCII variant.

Some CJK terminals draw East-Asian "ambiguous" characters (box drawing, block
elements, ``●``, ``★``…) two cells wide, which breaks every column. ``--ascii``
switches the whole app to :data:`ASCII`: borders, bars, sparklines, markers and
category glyphs then use printable ASCII only. Meaning never rests on colour alone:
each event category has its own glyph, and the leader of a compare row its own sign.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from towntui.core.frozen import frozen


@frozen
class Glyphs:
    """One consistent set of drawing characters."""

    ascii: bool
    #: one glyph per event category (keys of ``EVENT_CATEGORIES``)
    categories: Mapping[str, str]
    #: horizontal bar: partial cells from 1/8 to 8/8 (ASCII: only the full cell)
    bar_eighths: tuple[str, ...]
    #: vertical levels for a sparkline, lowest (but non-zero) first
    spark_levels: tuple[str, ...]
    #: what a zero count looks like in a sparkline
    spark_zero: str
    #: marks the leader of a compare row
    leader: str
    #: stands for a missing value
    missing: str
    #: a town marked for comparison, and one that is not
    marked: str
    unmarked: str
    #: points at the current item
    pointer: str
    #: cut text ends with this
    ellipsis: str
    #: a horizontal rule character
    rule: str
    #: separates items on one line
    dot: str
    #: from-to, as in 2007→2025
    arrow: str

    def category(self, key: str) -> str:
        """The glyph for an event category (``?`` for one this version does not know)."""
        return self.categories.get(key, "?")


UNICODE = Glyphs(
    ascii=False,
    categories=MappingProxyType(
        {
            "founding": "◆",
            "planning": "¶",
            "construction": "⌂",
            "renovation": "↻",
            "opening": "○",
            "milestone": "★",
            "recognition": "✓",
            "investment": "¥",
            "company": "■",
            "conference": "◎",
            "launch": "↑",
            "culture": "♪",
        }
    ),
    bar_eighths=("▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"),
    spark_levels=("▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"),
    spark_zero=" ",
    leader="▲",
    missing="—",
    marked="●",
    unmarked="○",
    pointer="▶",
    ellipsis="…",
    rule="─",
    dot="·",
    arrow="→",
)

ASCII = Glyphs(
    ascii=True,
    categories=MappingProxyType(
        {
            "founding": "F",
            "planning": "P",
            "construction": "K",
            "renovation": "R",
            "opening": "O",
            "milestone": "M",
            "recognition": "A",
            "investment": "$",
            "company": "C",
            "conference": "@",
            "launch": "^",
            "culture": "~",
        }
    ),
    bar_eighths=("#",),
    spark_levels=(".", ":", "-", "=", "+", "*", "#", "@"),
    spark_zero=" ",
    leader="*",
    missing="-",
    marked="*",
    unmarked=" ",
    pointer=">",
    ellipsis="...",
    rule="-",
    dot="|",
    arrow="-",
)


def glyphs(ascii: bool) -> Glyphs:
    """The glyph set for ``--ascii`` (``True``) or Unicode (``False``) mode."""
    return ASCII if ascii else UNICODE


#: Key names Textual shows as symbols, and their ASCII names for ``--ascii``.
_ASCII_KEYS = {"↑": "up", "↓": "down", "←": "left", "→": "right", "⏎": "enter", "⇥": "tab"}


def ascii_keys(text: str) -> str:
    """``text`` (a key as shown: ``↑``, ``↑ ↓ / j k``) with ASCII key names."""
    for symbol, name in _ASCII_KEYS.items():
        text = text.replace(symbol, name)
    return text


def is_ascii_safe(text: str) -> bool:
    """Whether ``text`` has no box-drawing, block or other ambiguous drawing characters.

    Data text (Chinese names) is allowed; what is refused is what ``--ascii`` promises
    not to draw: box drawing (U+2500–257F), block elements (U+2580–259F), geometric
    shapes (U+25A0–25FF), arrows, stars and the like.
    """
    for ch in text:
        code = ord(ch)
        if 0x2190 <= code <= 0x21FF or 0x2500 <= code <= 0x27BF:
            return False
        if ch in "—…·¶¥":
            return False
    return True


#: The colour family of each event category, as a Textual style using theme
#: variables (so every theme, including the ANSI one, colours them). Colour only
#: groups categories; the glyph is what tells them apart.
_CATEGORY_COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "founding": "$text-primary",
        "planning": "$text-primary",
        "construction": "$text-warning",
        "renovation": "$text-warning",
        "opening": "$text-warning",
        "milestone": "$text-success",
        "recognition": "$text-success",
        "investment": "$text-accent",
        "company": "$text-accent",
        "conference": "$text-secondary",
        "launch": "$text-secondary",
        "culture": "$text-secondary",
    }
)


def category_style(key: str) -> str:
    """The style (bold, in the category's colour family) for a category glyph."""
    return f"bold {_CATEGORY_COLOURS.get(key, '$text-muted')}"
