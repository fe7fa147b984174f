"""The lines of the timeline: event rows, year headers, the filter line, the category
legend.

Pure functions from events to :class:`~textual.content.Content` built from plain strings
(data text is cleaned and never parsed as markup); the list that holds the rows is
:class:`towntui.tui.widgets.event_list.EventList`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.widgets.option_list import Option

from towntui.core import textsafe
from towntui.core.i18n import pick, tr
from towntui.core.model import EVENT_CATEGORIES, Event, PartialDate
from towntui.core.timeline import Timeline
from towntui.tui.render.glyphs import Glyphs, category_style
from towntui.tui.render.labels import category_label, crop, fit

#: cells of the date gutter: ``YYYY-MM-DD``; shorter dates are padded to it
DATE_WIDTH = 10


def town_width(names: Iterable[str], width: int) -> int:
    """Cells for the town column of rows ``width`` cells wide: the longest of ``names``,
    within a third of the row."""
    longest = max((cell_len(name) for name in names), default=8)
    return max(8, min(longest + 3, (width - DATE_WIDTH - 6) // 3))


def event_row(
    ev: Event, town: str, town_width: int, lang: str, g: Glyphs, width: int | None = None
) -> Content:
    """``2015-10    ◎ 云栖小镇   云栖大会``: date gutter, glyph, town (``+n`` when the
    event involves more towns), title in the label language where there is one, cut
    to ``width`` cells with the glyph set's ellipsis."""
    more = f"+{len(ev.towns) - 1}" if len(ev.towns) > 1 else ""
    shown = fit(textsafe.one_line(town), town_width - len(more), g.ellipsis).rstrip() + more
    title = textsafe.one_line(pick(lang, ev.title, ev.title_en))
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


def event_options(
    tl: Timeline, row: Callable[[Event], Content], lang: str, g: Glyphs
) -> tuple[list[Option], list[Event | None]]:
    """The options of the event list for ``tl`` (a disabled year header before each
    year's events, ``row`` drawing each event, a hint when nothing matches) and the
    event of each option (None for a header or the hint)."""
    options: list[Option] = []
    rows: list[Event | None] = []
    counts = dict(tl.density)
    year: int | None = None
    for ev in tl.events:
        if ev.date.year != year:
            year = ev.date.year
            options.append(Option(year_header(year, counts.get(year, 0), lang, g), disabled=True))
            rows.append(None)
        options.append(Option(row(ev), id=ev.id))
        rows.append(ev)
    if not options:
        hint = tr(lang, "没有符合条件的事件，按 r 重置筛选", "No events match: r resets")
        options.append(Option(hint, disabled=True))
        rows.append(None)
    return options, rows


def keep_row(rows: Sequence[Event | None], keep: Event | None) -> int | None:
    """The row to put the cursor on after a rebuild: ``keep``'s, else the first event's
    (None when there is no event)."""
    target = next((i for i, ev in enumerate(rows) if ev is not None and ev == keep), None)
    if target is None:
        target = next((i for i, ev in enumerate(rows) if ev is not None), None)
    return target


#: How each filter :func:`towntui.core.timeline.hiding_filters` names reads.
FILTER_NAMES: dict[str, tuple[str, str]] = {
    "town": ("小镇", "town"),
    "category": ("类别", "category"),
    "entity": ("主体", "entity"),
    "year": ("年份", "year"),
}


def cleared_notice(cleared: Sequence[str], date: PartialDate, lang: str) -> str:
    """``town, year filter cleared to show the 2015-10 event``."""
    names = [tr(lang, *FILTER_NAMES[f]) for f in cleared]
    what = tr(lang, "、".join(names), ", ".join(names))
    return tr(
        lang,
        f"为显示 {date} 的事件，已清除{what}筛选",
        f"{what} filter cleared to show the {date} event",
    )


def _categories_part(categories: Collection[str] | None, lang: str, g: Glyphs) -> str:
    if categories is None:
        return tr(lang, "全部类别", "all categories")
    cats = " ".join(g.category(c) for c in EVENT_CATEGORIES if c in categories)
    return cats or tr(lang, "无类别", "no category")


def filter_line(
    tl: Timeline,
    lang: str,
    g: Glyphs,
    *,
    towns: Sequence[str],
    categories: Collection[str] | None,
    entity: str | None = None,
    notice: str | None = None,
) -> str:
    """``2007→2025 · all towns · all categories · 12 events`` for the timeline ``tl``:
    its year range, ``towns`` (their names; empty: all), ``categories`` (None: all), the
    ``entity`` shown (its name), the count, how many events the range hides, a
    ``notice``."""
    lo = str(tl.year_from) if tl.year_from is not None else ""
    hi = str(tl.year_to) if tl.year_to is not None else ""
    years = f"{lo}{g.arrow}{hi}" if (lo or hi) else tr(lang, "全部年份", "all years")
    town_part = ", ".join(towns) if towns else tr(lang, "全部小镇", "all towns")
    parts = [years, town_part, _categories_part(categories, lang, g)]
    if entity:
        parts.append(entity)
    n = len(tl.events)
    parts.append(tr(lang, f"{n} 条事件", f"{n} event" + ("s" if n != 1 else "")))
    if tl.outside:
        parts.append(
            tr(
                lang,
                f"范围外另有 {tl.outside} 条（r 显示）",
                f"{tl.outside} outside the range (r)",
            )
        )
    if notice:
        parts.append(notice)
    return textsafe.one_line(f" {g.dot} ".join(parts))
