"""Horizontal bars scaled to a maximum, drawn with eighth blocks or ASCII ``#``."""

from __future__ import annotations

from towntui.tui.render.glyphs import Glyphs


def bar(value: float, maximum: float, width: int, glyphs: Glyphs) -> str:
    """A bar for ``value`` out of ``maximum`` in ``width`` cells, padded with spaces.

    Any value above zero shows at least the thinnest mark, so a small figure is never
    mistaken for a missing one. ASCII glyph sets have no partial cells: the bar is
    rounded to whole ``#`` cells.
    """
    if width <= 0:
        return ""
    if maximum <= 0 or value <= 0:
        return " " * width
    fraction = min(1.0, abs(value) / abs(maximum))
    steps = len(glyphs.bar_eighths)
    units = round(fraction * width * steps)
    units = max(1, units)
    full, part = divmod(units, steps)
    text = glyphs.bar_eighths[-1] * full
    if part:
        text += glyphs.bar_eighths[part - 1]
    return text + " " * (width - len(text))
