"""``towntui compare`` (towns side by side in a mode: one year, latest, as of a year, or a
series) and ``towntui metrics`` (the registry with how much of it the data covers)."""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Sequence

from rich.text import Text

from towntui.cli.context import NOTHING, OK, CliError, Context, note
from towntui.cli.render import ASCII, Column, Output, Table, safe
from towntui.cli.show import LANG
from towntui.core import comparability
from towntui.core.chart import chart_data, chart_text
from towntui.core.comparability import scope_label
from towntui.core.compare import (
    LATEST,
    SERIES,
    CompareCell,
    CompareRow,
    CompareTable,
    Mode,
    available_years,
    compare,
)
from towntui.core.coverage import MetricCoverage, metric_coverage
from towntui.core.csvsafe import csv_text
from towntui.core.export import export_compare
from towntui.core.i18n import pick, tr
from towntui.core.model import Dataset
from towntui.core.records import compare_record, fields_record, flat_cell
from towntui.core.textsafe import clean
from towntui.core.units import ascii_units, display_number, unit_label

#: What a row says when no town leads it (a lone value says nothing: it is plain).
WHY = comparability.WHY


def compare_mode(args: argparse.Namespace) -> Mode:
    """The :class:`Mode` that ``--series``, ``--as-of`` and ``--year`` ask for."""
    if args.series:
        return SERIES
    if args.as_of is not None:
        return Mode("as_of", args.as_of)
    return LATEST if args.year is None else Mode("year", args.year)


def _town_ids(ctx: Context, args: argparse.Namespace) -> list[str]:
    if args.all and args.towns:
        raise CliError(
            tr(ctx.lang, "请给出小镇名或 --all，不要两者都给", "give TOWN names or --all, not both")
        )
    if args.all:
        return [t.id for t in ctx.dataset().towns]
    ids: list[str] = []
    for text in args.towns:
        town = ctx.town(text)
        if town.id not in ids:
            ids.append(town.id)
    return ids


def _metric_keys(ctx: Context, keys: list[str] | None) -> list[str] | None:
    """``--metric`` keys, each checked against the registry (exit 2 with the closest)."""
    if keys is None:
        return None
    known = list(ctx.dataset().registry)
    for key in keys:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=3)
            if ctx.lang == "zh":
                hint = f"；你是不是要找：{'、'.join(close)}" if close else "；见 `towntui metrics`"
                raise CliError(f"未知指标“{clean(key)}”{hint}")
            hint = f"; did you mean: {', '.join(close)}" if close else "; see `towntui metrics`"
            raise CliError(f"unknown metric {clean(key)!r}{hint}")
    return keys


def _mode_words(mode: Mode, lang: str) -> str:
    if mode.kind == "year":
        return tr(lang, f"（{mode.year} 年）", f" for {mode.year}")
    if mode.kind == "as_of":
        return tr(lang, f"（截至 {mode.year} 年）", f" as of {mode.year}")
    return tr(lang, "（逐年）", " in a series") if mode.kind == "series" else ""


def cmd_compare(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui compare TOWN TOWN... | --all``: one row per comparable metric (per metric
    and year with ``--series``), leaders marked only where values can be ranked.

    Exit 1 when there is no figure to compare (a message says which years have some)."""
    ids = _town_ids(ctx, args)
    if len(ids) < 2:
        raise CliError(
            tr(
                ctx.lang,
                "对比至少需要两个不同的小镇（或 --all）",
                "compare needs at least two different towns (or --all)",
            )
        )
    ds = ctx.dataset()
    mode = compare_mode(args)
    table = compare(
        ds,
        ids,
        mode=mode,
        metrics=_metric_keys(ctx, args.metric),
        hide_empty_towns=args.hide_empty,
        common_only=args.common,
    )
    code = OK if table.rows else NOTHING
    if not table.rows:
        sep = tr(ctx.lang, "、", ", ")
        years = sep.join(str(y) for y in available_years(ds, ids)) or tr(ctx.lang, "无", "none")
        when = _mode_words(mode, ctx.lang) if mode.kind != "latest" else ""
        note(
            tr(
                ctx.lang,
                f"没有可比较的数字{when}；有数字的年份：{years}",
                f"no comparable figures{when}; years with figures: {years}",
            )
        )
    if args.json:
        ctx.out.json(compare_record(table))
    elif args.csv:
        ctx.out.write(clean(export_compare(table, "csv"), keep_newlines=True))
    elif args.chart and table.rows:
        _charts(ctx.out, ds, table)
    elif table.rows:
        _compare_text(ctx.out, table)
    return code


def _charts(out: Output, ds: Dataset, table: CompareTable) -> None:
    """A line chart across years of each metric in ``table`` (whatever its mode: a
    chart is of every year), as plain text; ASCII with ``--ascii``."""
    ids = [t.id for t in table.towns]
    width = max(40, min(out.console.width if out.console else 80, 120))
    for key in dict.fromkeys(r.metric.key for r in table.rows):
        chart = chart_data(ds, ids, key)
        if chart is None or not chart.series:
            continue
        ascii = out.glyphs is ASCII
        out.write(chart_text(chart, lang=out.lang, ascii=ascii, color=False, width=width))
        out.write("\n")


def _cell_text(cell: CompareCell, row: CompareRow, series: bool, lang: str = LANG) -> str:
    """``over 480,000 (2025)``; a scope other than the registry's is named; a series
    gives the year once per row, not per cell."""
    text = display_number(cell.value, cell.qualifier, lang)
    notes = [] if series or cell.year is None else [str(cell.year)]
    if cell.scope and cell.scope != row.metric.scope:
        notes.append(scope_label(cell.scope, lang))
    return text + (f" ({', '.join(notes)})" if notes else "")


def _compare_text(out: Output, table: CompareTable) -> None:
    series = table.mode.kind == "series"
    cols = [Column("metric", keep=True), Column("unit", no_wrap=True)]
    cols += [Column("year", no_wrap=True)] if series else []
    cols += [
        Column(safe(pick(out.lang, t.name, t.name_en)), "right", no_wrap=True) for t in table.towns
    ]
    cols.append(Column("", no_wrap=True))
    grid = Table(cols)
    missing = out.glyphs.missing
    last = ""
    for row in table.rows:
        label = pick(out.lang, row.metric.label, row.metric.label_en)
        label = label if row.metric.key != last else ""
        last = row.metric.key
        unit = unit_label(row.metric.unit, out.lang)
        unit = ascii_units(unit) if out.ascii else unit
        unit += f" ({scope_label(row.metric.scope, out.lang)})" if row.metric.scope else ""
        cells: list[str | Text | None] = [label, unit if label else ""]
        if series:
            cells.append(
                str(row.year) if row.year is not None else tr(out.lang, "无年份", "undated")
            )
        for i, cell in enumerate(row.cells):
            if cell is None:
                cells.append(Text(missing, style="dim"))
            elif i in row.leaders:
                cells.append(
                    Text(safe(_cell_text(cell, row, series, out.lang)) + " *", style="bold green")
                )
            else:
                cells.append(safe(_cell_text(cell, row, series, out.lang)))
        cells.append(Text(tr(out.lang, *WHY.get(row.status or "", ("", ""))), style="yellow"))
        grid.add(*cells)
    out.meta(Text(_title(table.mode, out.lang), style="bold"))
    out.table(grid)
    out.meta(
        tr(
            out.lang,
            f"* 该行领先（同一年份、同一口径的数值）；{missing} 无数字",
            f"* leads the row (values of one year and one scope); {missing} no figure",
        )
    )
    out.meta(
        tr(
            out.lang,
            "(2019) 数字所属年份；超、余：至少；近、不到：至多",
            "(2019) the year a figure is for; over, N+: at least; nearly, under: at most",
        )
    )


def _title(mode: Mode, lang: str) -> str:
    """The heading of a comparison: which figures it shows, in ``lang``."""
    if mode.kind == "year":
        return tr(lang, f"{mode.year} 年的数字", f"figures for {mode.year}")
    if mode.kind == "as_of":
        return tr(lang, f"截至 {mode.year} 年的数字", f"figures as of {mode.year}")
    if mode.kind == "series":
        return tr(lang, "逐年", "every year")
    return tr(lang, "最新数字", "latest figures")


COVERAGE_FIELDS = ("key", "label", "label_en", "unit", "higher_is_better", "scope")


def cmd_metrics(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui metrics``: every registry metric with how many towns and years have a
    figure of it; exit 1 when the registry is empty."""
    ds = ctx.dataset()
    cov = metric_coverage(ds)
    records = [
        {
            **fields_record(c.metric, COVERAGE_FIELDS),
            "towns": list(c.towns),
            "years": list(c.years),
            "values": c.values,
            "undated": c.undated,
        }
        for c in cov
    ]
    if args.json:
        ctx.out.json({"towns": len(ds.towns), "metrics": records})
    elif args.csv:
        header = [*COVERAGE_FIELDS, "towns", "years", "values", "undated"]
        flat = [[flat_cell(r[h]) for h in header] for r in records]
        ctx.out.write(clean(csv_text(header, flat), keep_newlines=True))
    else:
        _metrics_text(ctx.out, cov, len(ds.towns))
    return OK if records else NOTHING


def _metrics_text(out: Output, cov: Sequence[MetricCoverage], towns: int) -> None:
    cols = [
        Column("key", no_wrap=True),
        Column("metric", keep=True),
        Column("unit", no_wrap=True),
        Column("scope", no_wrap=True),
        Column("towns", "right", no_wrap=True),
        Column("years"),
        Column("values", "right", no_wrap=True),
    ]
    grid = Table(cols)
    dash = out.glyphs.range
    for c in cov:
        shown = [str(y) for y in c.years]
        years = ", ".join(shown) if len(shown) <= 4 else f"{shown[0]}{dash}{shown[-1]}"
        if c.undated:
            years += (", " if years else "") + tr(
                out.lang, f"{c.undated} 个无年份", f"{c.undated} undated"
            )
        unit = unit_label(c.metric.unit, out.lang)
        grid.add(
            c.metric.key,
            pick(out.lang, c.metric.label, c.metric.label_en),
            ascii_units(unit) if out.ascii else unit,
            scope_label(c.metric.scope or "", out.lang),
            f"{len(c.towns)}/{towns}",
            years or out.glyphs.missing,
            str(c.values),
        )
    out.table(grid)
    covered = sum(1 for c in cov if c.values)
    out.meta(
        tr(
            out.lang,
            f"{len(cov)} 个指标中有 {covered} 个有数字；小镇：{towns} 个小镇中有数字的个数",
            f"{covered} of {len(cov)} metrics have figures; towns: how many of {towns} have one",
        )
    )
