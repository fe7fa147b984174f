"""What the Compare screen draws, as pure functions of the table: values, cells,
metric labels, the empty-table message, the title line and the legend.

Everything is built from plain strings (data text cleaned, never parsed as markup).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content

from towntui.core import comparability, textsafe
from towntui.core.compare import CompareCell, CompareRow, Mode
from towntui.core.i18n import pick, tr
from towntui.core.units import display_number
from towntui.tui.render.bars import bar
from towntui.tui.render.glyphs import Glyphs
from towntui.tui.render.labels import crop, unit_text

#: Cells a value cell takes besides the value: leader sign, spaces and the year.
VALUE_EXTRA = 7


def _in(words: tuple[str, str], lang: str) -> str:
    return tr(lang, *words)


#: What a row says when no town leads it although two or more have a value
#: (:data:`towntui.core.comparability.WHY`, in the language asked).
WHY: dict[str, Callable[[str], str]] = {
    status: partial(_in, words) for status, words in comparability.WHY.items()
}


def why_text(row: CompareRow, lang: str) -> str:
    """Why no town leads ``row`` (empty when one does, or when it has one value)."""
    why = WHY.get(row.status or "")
    return why(lang) if why else ""


def mode_text(mode: Mode, lang: str) -> str:
    """``latest values``, ``year 2019``, ``as of 2019``, ``every year``."""
    if mode.kind == "year":
        return tr(lang, f"{mode.year} 年", f"year {mode.year}")
    if mode.kind == "as_of":
        return tr(lang, f"截至 {mode.year} 年", f"as of {mode.year}")
    if mode.kind == "series":
        return tr(lang, "历年", "every year")
    return tr(lang, "最新值", "latest values")


def value_text(cell: CompareCell, lang: str) -> str:
    """``约12,000`` (Chinese qualifier as written) or ``about 12,000`` (the qualifier as
    English words, as the profile and the CLI write it): :func:`display_number`."""
    return display_number(cell.value, cell.qualifier, lang)


def metric_label(row: CompareRow, lang: str, g: Glyphs, width: int | None = None) -> str:
    """``人才数量 (人)`` / ``Talents (people)``; cut to ``width`` cells in the label,
    never in the unit (a figure read without its unit reads wrong)."""
    m = row.metric
    label = textsafe.one_line(pick(lang, m.label, m.label_en))
    unit = f" ({unit_text(lang, g, m.unit)})"
    if width is not None:
        label = crop(label, max(1, width - cell_len(unit)), g.ellipsis)
    return label + unit


def has_bars(town_w: int, value_w: int) -> bool:
    """Whether a town column of ``town_w`` cells has room for a bar (narrower than two
    cells a bar says nothing; the value and year stay)."""
    return town_w - (value_w + VALUE_EXTRA) - 1 >= 2


def value_cell(
    row: CompareRow,
    i: int,
    widths: tuple[int, int],
    lang: str,
    g: Glyphs,
    colours: tuple[str, str],
) -> Text:
    """Town ``i``'s cell of ``row``: leader sign, value right-aligned in ``value_w``
    cells, a bar when there is room, the year; ``—`` when missing. ``widths`` is
    (town column, value) in cells, ``colours`` the (leader, bar) colours."""
    town_w, value_w = widths
    cell = row.cells[i]
    if cell is None:
        text = Text(" " * (2 + value_w - cell_len(g.missing)) + g.missing, style="dim")
        text.pad_right(town_w - text.cell_len)
        return text
    leader = i in row.leaders
    value = value_text(cell, lang)
    year = str(cell.year) if cell.year is not None else ""
    bar_w = town_w - (value_w + VALUE_EXTRA) - 1
    lead_style = f"bold {colours[0]}".strip()
    text = Text()
    text.append(g.leader if leader else " ", style=lead_style if leader else "")
    text.append(" " + " " * (value_w - cell_len(value)))
    text.append(value, style="bold" if leader else "")
    text.append(" ")
    if has_bars(town_w, value_w):
        scale = row.scale  # None: a lone value, or values that cannot be set side by side
        drawn = " " * bar_w if scale is None else bar(cell.value, scale, bar_w, g)
        text.append(drawn + " ", style=colours[1])
    text.append(year, style="dim")
    return text


def empty_message(lang: str, g: Glyphs, loaded: bool, marked_names: list[str]) -> Content:
    """What the screen says instead of a table: loading, or how to mark two towns (and
    which are marked so far)."""
    if not loaded:
        return Content(tr(lang, "正在加载数据", "Loading data") + g.ellipsis)
    lines = [
        tr(lang, "至少标记两个小镇才能对比。", "Mark at least two towns to compare them."),
        "",
        tr(
            lang,
            "在「小镇」页(1)选中小镇按空格标记，或在这里按 a 添加。",
            "Press space on a town in Towns (1), or press a here to add one.",
        ),
    ]
    if marked_names:
        names = ", ".join(marked_names)
        lines.append(tr(lang, f"已标记：{names}", f"Marked so far: {names}"))
    return Content(textsafe.clean("\n".join(lines), keep_newlines=True))


def no_figures_message(lang: str, year: int | None) -> str:
    """What the screen says when no town has a figure for ``year``."""
    return tr(
        lang,
        f"这些小镇在 {year} 年没有可对比的数值。按 ] 或 [ 换年份。",
        f"No comparable figures for {year}. Press ] or [ for another year.",
    )


def title_line(
    lang: str,
    g: Glyphs,
    *,
    mode: Mode,
    sort: str,
    marked: int,
    window: tuple[int, int, int],
    everyone: bool = False,
) -> Content:
    """``Compare  latest values · sort: metric · 3 towns · showing 1-2, ←→ for the
    rest · more →``; ``window`` is (first shown, how many shown, how many towns);
    ``everyone``: no town is marked, so every town is shown (and the title says so)."""
    mode_name = mode_text(mode, lang)
    sort_names = {
        "metric": tr(lang, "指标", "metric"),
        "coverage": tr(lang, "覆盖", "coverage"),
        "spread": tr(lang, "差距", "spread"),
    }
    towns = tr(lang, f"{marked} 个小镇", f"{marked} town" + ("s" if marked != 1 else ""))
    if everyone:
        towns = tr(lang, f"未标记小镇，显示全部 {marked} 个", f"none marked: all {marked} towns")
    parts = [
        mode_name,
        tr(lang, f"排序：{sort_names[sort]}", f"sort: {sort_names[sort]}"),
        towns,
    ]
    first, shown_n, count = window
    if shown_n and shown_n < count:
        lo, hi = first + 1, first + shown_n
        shown = f"{lo}-{hi}" if hi > lo else str(lo)
        more = "<- ->" if g.ascii else "←→"
        parts.append(
            tr(lang, f"显示第 {shown} 个，{more} 看其余", f"showing {shown}, {more} for the rest")
        )
        if hi < count:
            arrow = "->" if g.ascii else "→"
            parts.append(tr(lang, f"更多 {arrow}", f"more {arrow}"))
    name = tr(lang, "对比", "Compare")  # whole, wrapped: "showing 1-3" stays in sight
    return Content.assemble((name, "bold"), "  ", f" {g.dot} ".join(parts))


def legend(lang: str, g: Glyphs, bars: bool) -> str:
    """What the signs mean, and how bars scale when there are bars."""
    text = tr(
        lang,
        f"{g.leader} 领先 {g.dot} {g.missing} 缺失",
        f"{g.leader} leader {g.dot} {g.missing} missing",
    )
    if bars:
        text += f" {g.dot} " + tr(lang, "条形按行最大值缩放", "bars scaled to the row")
    return text
