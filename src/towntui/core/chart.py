"""A line chart of one metric across years, one series per town, drawn by plotext (the
command line prints it as text; the app draws the same through textual-plotext).

:func:`chart_data` takes the points from a compare series (so the chart and the table
never disagree); :func:`draw` sets up any plotext-like plot; :func:`chart_text` renders
it to text, plain (no colour) and in ASCII when asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from towntui.core.compare import SERIES, compare
from towntui.core.frozen import frozen
from towntui.core.i18n import pick, tr
from towntui.core.model import Dataset, MetricDef
from towntui.core.units import ascii_units, unit_label

#: One glyph per series, so series are told apart without colour.
GLYPHS = ("●", "■", "▲", "◆", "✚", "○", "□", "△")
GLYPHS_ASCII = ("*", "o", "+", "x", "#", "@", "%", "&")

#: plotext's frame in ASCII
BOX_ASCII = _BOX = str.maketrans("┌┐└┘├┤┬┴┼─│", "+++++++++-|")
_SGR = re.compile(r"\x1b\[[0-9;]*m")


@frozen
class Series:
    """One town's points: (year, value in the metric's unit, scope or None)."""

    town: str
    name: str
    name_en: str
    points: tuple[tuple[int, float, str | None], ...]


@frozen
class Chart:
    """A metric across years: its series (towns with at least one dated figure), every
    year with a point, and how many figures have no year (left off the chart)."""

    metric: MetricDef
    series: tuple[Series, ...]
    years: tuple[int, ...]
    undated: int


def chart_data(ds: Dataset, town_ids: Sequence[str], key: str) -> Chart | None:
    """The chart of registry metric ``key`` for ``town_ids`` (None for an unknown key)."""
    mdef = ds.registry.get(key)
    if mdef is None:
        return None
    table = compare(ds, town_ids, mode=SERIES, metrics=[key])
    series, undated = [], 0
    for i, town in enumerate(table.towns):
        points = []
        for row in table.rows:
            cell = row.cells[i]
            if cell is None:
                continue
            if row.year is None:
                undated += 1
            else:
                points.append((row.year, cell.value, cell.scope))
        if points:
            series.append(Series(town.id, town.name, town.name_en, tuple(points)))
    years = tuple(sorted({y for s in series for y, _, _ in s.points}))
    return Chart(mdef, tuple(series), years, undated)


def title(chart: Chart, lang: str) -> str:
    """``财政总收入 (亿元)`` / ``Fiscal revenue (CNY 100m)``, and how many undated figures
    are left off."""
    m = chart.metric
    text = f"{pick(lang, m.label, m.label_en)} ({unit_label(m.unit, lang)})"
    if chart.undated:
        n = chart.undated
        text += tr(lang, f"，{n} 个无年份数值未画出", f", {n} undated not drawn")
    return text


def draw(plt: Any, chart: Chart, *, lang: str, ascii: bool, color: bool | None) -> None:
    """Set up ``plt`` (the plotext module or a textual-plotext ``Plot``): a line per
    town through its points (broken where the scope changes: a cumulative count and a
    standing one are not one line), each point marked with the town's glyph (see
    :func:`legend`), the years on the x axis, the unit on the y axis. ``color`` None
    leaves the plot's theme alone (the app's widget follows the app's theme)."""
    plt.clear_data()
    plt.clear_figure()
    if color is not None:
        plt.theme("pro" if color else "clear")
    glyphs = GLYPHS_ASCII if ascii else GLYPHS
    for n, s in enumerate(chart.series):
        for a, b in zip(s.points, s.points[1:], strict=False):
            if a[2] == b[2]:
                plt.plot([a[0], b[0]], [a[1], b[1]], marker="." if ascii else "braille")
        xs = [y for y, _, _ in s.points]
        ys = [v for _, v, _ in s.points]
        glyph = glyphs[n % len(glyphs)]
        plt.scatter(xs, ys, marker=glyph)
    if chart.years:
        plt.xticks(list(chart.years), [str(y) for y in chart.years])
        low, high = chart.years[0], chart.years[-1]
        pad = max(1, (high - low) // 10)
        plt.xlim(low - pad, high + pad)
    plt.title(title(chart, lang))
    plt.xlabel(tr(lang, "年份", "year"))
    unit = unit_label(chart.metric.unit, lang)
    plt.ylabel(ascii_units(unit) if ascii else unit)


def legend(chart: Chart, lang: str, ascii: bool) -> list[str]:
    """``● 云栖小镇``: each series' glyph and town name, in series order (drawn outside
    the plot: plotext measures wide characters as one cell)."""
    glyphs = GLYPHS_ASCII if ascii else GLYPHS
    return [
        f"{glyphs[n % len(glyphs)]} {pick(lang, s.name, s.name_en)}"
        for n, s in enumerate(chart.series)
    ]


def chart_text(
    chart: Chart, *, lang: str, ascii: bool, color: bool, width: int = 80, height: int = 20
) -> str:
    """The chart as text ``width`` × ``height`` cells: no colour codes unless ``color``,
    and only ASCII frame characters with ``ascii``."""
    import plotext

    draw(plotext, chart, lang=lang, ascii=ascii, color=color)
    plotext.plotsize(width, height)
    text: str = plotext.build()
    plotext.clear_figure()
    if not color:
        text = _SGR.sub("", text)
    if ascii:
        text = text.translate(_BOX)
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join([*lines, "   ".join(legend(chart, lang, ascii))]) + "\n"
