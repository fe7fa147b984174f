"""Fitting text to terminal cells: crop and pad, never splitting a wide character."""

from __future__ import annotations

from rich.cells import cell_len


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
