"""A one-line strip of counts per year (events per year on the timeline)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from towntui.core.spark import spark
from towntui.tui.render.glyphs import Glyphs, glyphs


def spark_chars(counts: Sequence[int], g: Glyphs) -> str:
    """One character per count: blank for zero, then levels up to the maximum."""
    return spark(counts, g.spark_levels, g.spark_zero)


def density_strip(
    density: Sequence[tuple[int, int]],
    width: int,
    g: Glyphs,
    *,
    current: int | None = None,
    suffix: str = "",
) -> Content:
    """``2007 ▁▃ █▅ 2025  max 4/yr`` fitted to ``width`` cells.

    Each year takes the same number of cells (at least one); the ``current`` year is
    shown reversed so the strip also says where the cursor is. With no years, empty.
    """
    if not density:
        return Content("")
    years = [y for y, _ in density]
    counts = [n for _, n in density]
    left, right = f"{years[0]} ", f" {years[-1]}"
    tail = f"  {suffix}" if suffix else ""
    room = width - cell_len(left) - cell_len(right) - cell_len(tail)
    if room < len(years):
        tail = ""
        room = width - cell_len(left) - cell_len(right)
    per_year = max(1, room // len(years)) if room > 0 else 1
    chars = spark_chars(counts, g)
    parts: list[str | tuple[str, str]] = [(left, "dim")]
    for year, ch in zip(years, chars, strict=True):
        cell = ch * per_year
        if year == current:
            parts.append((cell if ch != g.spark_zero else g.pointer * per_year, "reverse bold"))
        else:
            parts.append((cell, "$accent"))
    parts.append((right, "dim"))
    if tail:
        parts.append((tail, "dim"))
    return Content.assemble(*parts)


class DensityStrip(Widget):
    """Shows :func:`density_strip` at the widget's width; set :attr:`density`."""

    density: reactive[tuple[tuple[int, int], ...]] = reactive(())
    current: reactive[int | None] = reactive(None)
    ascii: reactive[bool] = reactive(False)
    suffix: reactive[str] = reactive("")

    def render(self) -> Content:
        """Draw the strip for the current size."""
        return density_strip(
            self.density,
            self.content_region.width or self.size.width,
            glyphs(self.ascii),
            current=self.current,
            suffix=self.suffix,
        )
