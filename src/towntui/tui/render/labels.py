"""Fitting text to terminal cells (crop and pad, never splitting a wide character), the
labels of event categories, and figures and units in the interface's language."""

from __future__ import annotations

from rich.cells import cell_len

from towntui.core import textsafe
from towntui.core.model import category_label as category_label
from towntui.core.units import ascii_units, display_quantity, unit_label
from towntui.tui.render.glyphs import Glyphs


def fit(text: str, width: int, ellipsis: str = "…") -> str:
    """``text`` cut to ``width`` terminal cells (ending in ``ellipsis`` when cut), padded.

    Widths are cell widths (a Chinese character takes two), and a character is never
    split: when a wide character does not fit, a space pads the gap.
    """
    if width <= 0:
        return ""
    cut = crop(text, width, ellipsis)
    return cut + " " * (width - cell_len(cut))


def crop(text: str, width: int, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``width`` terminal cells (ending in ``ellipsis`` when
    cut), never splitting a character."""
    if cell_len(text) <= width:
        return text
    room = width - cell_len(ellipsis)
    if room < 0:
        return ellipsis[: max(0, width)]
    out: list[str] = []
    used = 0
    for ch in text:
        w = cell_len(ch)
        if used + w > room:
            break
        out.append(ch)
        used += w
    return "".join(out) + ellipsis


def from_match(
    text: str, positions: list[int], width: int, ellipsis: str = "…", lead: int = 6
) -> tuple[str, list[int]]:
    """``text`` and the ``positions`` of its matched characters, starting ``lead``
    characters before the first match (after ``ellipsis``) when the last match would
    fall past ``width`` cells: a word matched deep in a long summary stays in sight."""
    if not positions or cell_len(text[: positions[-1] + 1]) <= width - cell_len(ellipsis):
        return text, positions
    start = max(0, positions[0] - lead)
    if start == 0:
        return text, positions
    shift = start - len(ellipsis)
    return ellipsis + text[start:], [p - shift for p in positions if p >= start]


def figure_text(lang: str, g: Glyphs, value: float, unit: str, qualifier: str | None) -> str:
    """A figure as every screen shows it (:func:`towntui.core.units.display_quantity`):
    ``超48万人`` in Chinese, ``over 480,000 people`` in English; ``sq km`` for ``km²``
    in ASCII mode. Data text is cleaned (shown literally)."""
    text = textsafe.clean(display_quantity(value, unit, qualifier, lang))
    return ascii_units(text) if g.ascii else text


def unit_text(lang: str, g: Glyphs, unit: str) -> str:
    """A unit as a label (:func:`towntui.core.units.unit_label`): ``亿元`` in Chinese,
    ``CNY 100m`` in English; ``sq km`` for ``km²`` in ASCII mode."""
    text = textsafe.one_line(unit_label(unit, lang))
    return ascii_units(text) if g.ascii else text
