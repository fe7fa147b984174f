"""The lines of the timeline: event rows, year headers, the category legend.

Pure functions from events to :class:`~textual.content.Content` built from plain
strings (data text is cleaned and never parsed as markup).
"""

from __future__ import annotations

from collections.abc import Collection

from rich.cells import cell_len
from textual.content import Content

from towntui.core import textsafe
from towntui.core.i18n import tr
from towntui.core.model import EVENT_CATEGORIES, Event
from towntui.tui.render.glyphs import Glyphs, category_style
from towntui.tui.render.labels import crop, fit
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


def event_row(
    ev: Event, town: str, town_width: int, lang: str, g: Glyphs, width: int | None = None
) -> Content:
    """``2015-10    ◎ 云栖小镇   云栖大会``: date gutter, glyph, town (``+n`` when the
    event involves more towns), title in the label language where there is one, cut
    to ``width`` cells with the glyph set's ellipsis."""
    more = f"+{len(ev.towns) - 1}" if len(ev.towns) > 1 else ""
    shown = fit(textsafe.one_line(town), town_width - len(more), g.ellipsis).rstrip() + more
    title = textsafe.one_line(ev.title_en if lang == "en" and ev.title_en else ev.title)
    if width is not None:
        room = width - DATE_WIDTH - cell_len(g.category(ev.category)) - town_width - 3
        title = crop(title, max(1, room), g.ellipsis)
    return Content.assemble(
        (fit(str(ev.date), DATE_WIDTH), "$text-muted"),
        " ",
        (g.category(ev.category), category_style(ev.category)),
        " ",
        (fit(shown, town_width), "$text-secondary"),
        " ",
        title,
    )


def year_header(year: int, count: int, lang: str, g: Glyphs) -> Content:
    """``── 2015 ─ 2 events``."""
    noun = tr(lang, f"{count} 条", f"{count} event" + ("s" if count != 1 else ""))
    return Content.assemble((f"{g.rule * 2} {year} ", "bold"), (f"{g.rule} {noun}", "dim"))


def category_legend(present: Collection[str], lang: str, g: Glyphs, width: int) -> Content:
    """Glyph and label of each category in ``present``, on as many lines of ``width``
    cells as they need; an entry is never cut."""
    lines: list[Content] = []
    line = Content("")
    for key in EVENT_CATEGORIES:
        if key not in present:
            continue
        entry = Content.assemble(
            (g.category(key), category_style(key)), " ", category_label(key, lang)
        )
        if line.cell_length and line.cell_length + 2 + entry.cell_length > width:
            lines.append(line)
            line = Content("")
        line = line + Content("  ") + entry if line.cell_length else entry
    lines.append(line)
    return Content("\n").join(lines)
