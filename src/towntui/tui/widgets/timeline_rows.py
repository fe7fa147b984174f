"""The lines of the timeline: event rows, year headers, the category legend.

Pure functions from events to :class:`~textual.content.Content` built from plain
strings (data text is cleaned and never parsed as markup).
"""

from __future__ import annotations

from collections.abc import Collection

from rich.cells import cell_len
from textual.content import Content

from towntui.core import textsafe
from towntui.core.model import EVENT_CATEGORIES, Event
from towntui.tui.glyphs import Glyphs, category_style
from towntui.tui.widgets.labels import fit, tr
from towntui.tui.widgets.pickers import category_label

#: cells of the date gutter: ``YYYY-MM-DD``; shorter dates are padded to it
DATE_WIDTH = 10


def parse_range(text: str) -> tuple[int | None, int | None]:
    """``2010-2020``, ``2015``, ``2010-``, ``-2015`` or ``all`` → (from, to).

    Raises ``ValueError`` with a message for anything else.
    """
    raw = text.strip().replace("→", "-").replace("–", "-").replace(" ", "")
    if raw.casefold() in ("", "all", "*", "全部"):
        return None, None
    lo_s, sep, hi_s = raw.partition("-")
    try:
        lo = int(lo_s) if lo_s else None
        hi = int(hi_s) if hi_s else None
    except ValueError:
        raise ValueError(f"not a year range: {text!r} (e.g. 2010-2020, 2015, all)") from None
    if not sep:
        hi = lo
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"{lo} is after {hi}")
    return lo, hi


def event_row(ev: Event, town: str, town_width: int, lang: str, g: Glyphs) -> Content:
    """``2015-10    ◎ 云栖小镇   云栖大会``: date gutter, glyph, town (``+n`` when the
    event involves more towns), title in the label language where there is one."""
    more = f"+{len(ev.towns) - 1}" if len(ev.towns) > 1 else ""
    shown = fit(textsafe.one_line(town), town_width - len(more), g.ellipsis).rstrip() + more
    title = ev.title_en if lang == "en" and ev.title_en else ev.title
    return Content.assemble(
        (fit(str(ev.date), DATE_WIDTH), "$text-muted"),
        " ",
        (g.category(ev.category), category_style(ev.category)),
        " ",
        (fit(shown, town_width), "$text-secondary"),
        " ",
        textsafe.one_line(title),
    )


def year_header(year: int, count: int, lang: str, g: Glyphs) -> Content:
    """``── 2015 ─ 2 events``."""
    noun = tr(lang, f"{count} 条", f"{count} event" + ("s" if count != 1 else ""))
    return Content.assemble((f"{g.rule * 2} {year} ", "bold"), (f"{g.rule} {noun}", "dim"))


def category_legend(present: Collection[str], lang: str, g: Glyphs, width: int) -> Content:
    """Glyph and label of each category in ``present``, cut to ``width`` cells."""
    parts: list[str | tuple[str, str]] = []
    for key in EVENT_CATEGORIES:
        if key in present:
            parts += [(g.category(key), category_style(key)), " ", category_label(key, lang), "  "]
    legend = Content.assemble(*parts)
    if legend.cell_length > width:
        legend = legend.truncate(width - cell_len(g.ellipsis)) + Content(g.ellipsis)
    return legend
