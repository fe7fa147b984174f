"""The subcommands of ``towntui``: one function each, on the core API only (no Textual)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from rich.text import Text

from towntui.cli.compare import cmd_compare, cmd_metrics
from towntui.cli.context import (
    NOTHING,
    OK,
    USAGE,
    CliError,
    Command,
    Context,
    note,
    print_record,
)
from towntui.cli.export import export
from towntui.cli.render import Column, Table, styled
from towntui.cli.show import show_town
from towntui.cli.words import category, word
from towntui.core.i18n import counts, plural, tr
from towntui.core.model import (
    ENTITY_KIND_LABELS,
    RECORD_KIND_LABELS,
    Dataset,
    Problem,
    Town,
    other_name,
)
from towntui.core.records import (
    event_record,
    flat_rows,
    problem_record,
    town_detail,
    town_summary,
)
from towntui.core.textsafe import clean
from towntui.core.timeline import Timeline, default_range, timeline
from towntui.core.validate import Validation, validate

if TYPE_CHECKING:
    from towntui.core.search import Hit, SearchIndex


def _town_names(ds: Dataset) -> dict[str, str]:
    """Town id → Chinese name, for labelling rows."""
    return {t.id: t.name for t in ds.towns}


#: the columns of ``towns --csv`` (and of its table), fields of :func:`town_summary`
TOWN_COLUMNS: tuple[str, ...] = ("id", "name", "name_en", "district", "kind", "founded")
TOWN_COLUMNS += ("metrics", "events", "entities")


def cmd_towns(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui towns``: every town, one per line."""
    ds = ctx.dataset()
    nothing = NOTHING if not ds.towns else OK
    if not ds.towns:
        note(tr(ctx.lang, "没有加载任何小镇", "no towns loaded"))
    records = [town_summary(t) for t in ds.towns]
    if args.json:
        ctx.out.json({"towns": records})
        return nothing
    rows = flat_rows(records, TOWN_COLUMNS)
    if args.csv:
        ctx.out.csv(TOWN_COLUMNS, rows)
        return nothing
    if not ds.towns:
        return nothing
    right = {"founded", "metrics", "events", "entities"}
    table = Table(
        [
            Column(
                h,
                "right" if h in right else "left",
                no_wrap=h in right or h == "id",
                keep=True if h == "name" else False if h == "name_en" else None,
                optional=h in ("district", "kind"),
            )
            for h in TOWN_COLUMNS
        ]
    )
    for t, row in zip(ds.towns, rows, strict=True):
        table.add(*_town_cells(t, row, ctx.lang))
    ctx.out.table(table)
    return OK


def _town_cells(town: Town, row: list[object], lang: str) -> list[str | None]:
    """A town's row of the text table: its English name only when it differs, and in
    English its district and kind in English (the name stays as written beside it)."""
    row = list(row)
    row[2] = other_name(town.name, town.name_en)  # a name once: not "Intel  Intel"
    if lang == "en":
        row[3], row[4] = town.district_en or town.district, town.kind_en or town.kind
    return [None if v is None else str(v) for v in row]


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui show TOWN``: identity, summary, metrics, events, entities, sources."""
    town = ctx.town(args.town)
    return print_record(ctx, args, "town", town, town_detail, show_town)


def search_record(h: Hit) -> dict[str, object]:
    """One search result for ``--json``: what it is, its name, and what matched."""
    return {
        "kind": h.kind,
        "entity_kind": h.entity_kind,
        "id": h.id,
        "name": h.name,
        "label": h.label,
        "field": h.field,
        "positions": list(h.positions),
        "score": round(h.score, 3),
        "towns": list(h.towns),
        "context": h.context,
        "context_en": h.context_en,
    }


def _highlighted(text: str, positions: tuple[int, ...]) -> Text:
    """``text`` with the matched characters (``positions`` index it as written) marked."""
    cell = styled(text)
    if len(cell.plain) == len(text):
        for pos in positions:
            if 0 <= pos < len(text):
                cell.stylize("bold underline", pos, pos + 1)
    return cell


#: the columns of ``search --csv``, fields of :func:`search_record`
SEARCH_COLUMNS: tuple[str, ...] = (
    "kind",
    "entity_kind",
    "id",
    "name",
    "label",
    "field",
    "towns",
    "score",
)
SEARCH_COLUMNS += ("context",)


def cmd_search(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui search QUERY``: ranked towns, entities and events.

    Exit 2 for a filter that names nothing (``kind:xyz``, ``town:nowhere``), 1 when
    nothing matches; "20 of 102 (use --limit)" on stderr when there are more hits.
    """
    if not args.query.strip():
        raise CliError(
            tr(
                ctx.lang,
                "搜索：查询为空（可输入名称、拼音如 yq，或 kind:company）",
                "search: the query is empty (try a name, pinyin such as yq, or kind:company)",
            )
        )
    index = ctx.search_index()
    hits = index.search(args.query, limit=args.limit)
    if hits.problems:
        said = tr(ctx.lang, "；", "; ").join(clean(p.text(ctx.lang)) for p in hits.problems)
        raise CliError(tr(ctx.lang, "搜索：", "search: ") + said, USAGE)
    total = index.total(args.query) if len(hits) >= args.limit else len(hits)
    if not hits:
        query = clean(args.query)
        note(tr(ctx.lang, f"没有与“{query}”匹配的结果", f"no matches for {query!r}"))
    elif total > len(hits):
        n = len(hits)
        note(
            tr(
                ctx.lang,
                f"共 {total} 个，显示 {n} 个（可用 --limit）",
                f"{n} of {total} (use --limit)",
            )
        )
    records = [search_record(h) for h in hits]
    if args.json:
        shown = {"query": args.query, "total": total, "shown": len(hits)}
        ctx.out.json({**shown, "results": records})
    elif args.csv:
        ctx.out.csv(SEARCH_COLUMNS, flat_rows(records, SEARCH_COLUMNS))
    elif hits:
        _search_table(ctx, index, hits)
    return OK if hits else NOTHING


def _search_table(ctx: Context, index: SearchIndex, hits: list[Hit]) -> None:
    """The hits as a table: kind, id, name and what matched (highlighted), towns, context."""
    from towntui.core.search import CONTEXT_SEP

    table = Table(
        [
            Column("kind", no_wrap=True),
            Column("id", style="dim", keep=False),
            Column("name", keep=True),
            Column("matched", keep=False),
            Column("town", keep=False),
            Column("context", style="dim", keep=False, optional=True),
        ]
    )
    sep = ctx.out.glyphs.context_sep
    for h in hits:
        if h.label == h.name:
            name = _highlighted(h.name, h.positions)
            matched = Text(word(ctx.lang, "filter" if h.how == "filter" else h.field))
        else:
            name = styled(h.name)
            origin = word(ctx.lang, h.origin or h.field)
            matched = Text.assemble(f"{origin}: ", _highlighted(h.label, h.positions))
        context = h.context_en if ctx.lang == "en" and h.context_en else h.context
        if context.startswith(h.name + CONTEXT_SEP):  # the name is in its own column
            context = context[len(h.name + CONTEXT_SEP) :]
        elif context == h.name:
            context = ""
        towns = ctx.out.join(index.town_name_in(t, ctx.lang) or t for t in h.towns)
        # an entity's kind as kind: names it (an entity of kind event is an "activity")
        labels = ENTITY_KIND_LABELS[h.entity_kind] if h.entity_kind else None
        labels = labels or RECORD_KIND_LABELS.get(h.kind, (h.kind, h.kind))
        kind = tr(ctx.lang, *labels)
        table.add(kind, h.id, name, matched, towns, context.replace(CONTEXT_SEP, sep))
    ctx.out.table(table)


#: the columns of ``timeline --csv``, fields of :func:`event_record`
EVENT_COLUMNS: tuple[str, ...] = (
    "date",
    "town",
    "towns",
    "category",
    "title",
    "title_en",
    "entities",
)
EVENT_COLUMNS += ("source", "id")


def _years(ctx: Context, args: argparse.Namespace, ids: list[str] | None) -> tuple[int, int]:
    """The years of ``timeline``: ``--from``/``--to``, else the default range widened to
    every event of the towns shown."""
    lo, hi = default_range(ctx.dataset(), towns=ids)
    year_from = args.year_from if args.year_from is not None else lo
    year_to = args.year_to if args.year_to is not None else max(hi, year_from)
    if args.year_from is None:
        year_from = min(year_from, year_to)
    if year_from > year_to:
        raise CliError(
            tr(
                ctx.lang,
                f"--from {year_from} 晚于 --to {year_to}",
                f"--from {year_from} is after --to {year_to}",
            )
        )
    return year_from, year_to


def cmd_timeline(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui timeline``: events in date order with the number of events per year.

    Without ``--from``/``--to`` the range is 2007–2025 widened to every event of the
    towns shown; an explicit range is kept and stderr says how many events it leaves out.
    """
    ids = [ctx.town(t).id for t in args.town] if args.town else None
    ds = ctx.dataset()
    year_from, year_to = _years(ctx, args, ids)
    dash = ctx.out.glyphs.range
    tl = timeline(
        ds,
        towns=ids,
        categories=args.category,
        year_from=year_from,
        year_to=year_to,
    )
    span = f"{year_from}{dash}{year_to}"
    if tl.outside:
        s = "s" if tl.outside != 1 else ""
        outside = f"{span} 之外有 {tl.outside} 个事件（可放宽 --from/--to）"
        note(tr(ctx.lang, outside, f"{tl.outside} event{s} outside {span} (widen --from/--to)"))
    if not tl.events:
        note(tr(ctx.lang, f"{span} 没有事件", f"no events in {span}"))
    records = [event_record(e) for e in tl.events]
    if args.json:
        head = {"from": tl.year_from, "to": tl.year_to, "towns": ids}
        head |= {"categories": args.category, "outside": tl.outside}
        density = [{"year": y, "count": c} for y, c in tl.density]
        ctx.out.json({**head, "events": records, "density": density})
    elif args.csv:
        ctx.out.csv(EVENT_COLUMNS, flat_rows(records, EVENT_COLUMNS))
    elif tl.events:
        _timeline_table(ctx, ds, tl)
    return OK if tl.events else NOTHING


def _timeline_table(ctx: Context, ds: Dataset, tl: Timeline) -> None:
    """The events as a table, then how many there are per year as a sparkline."""
    table = Table(
        [
            Column("date", no_wrap=True),
            Column("town", keep=True),
            Column("category", no_wrap=True),
            Column("title", keep=True),
            Column("title_en", style="dim", keep=False),
        ]
    )
    names = _town_names(ds)
    for e in tl.events:
        towns = names.get(e.town, e.town) + (f" +{len(e.towns) - 1}" if len(e.towns) > 1 else "")
        table.add(
            str(e.date),
            towns,
            category(ctx.lang, e.category),
            e.title,
            other_name(e.title, e.title_en),
        )
    ctx.out.table(table)
    counts = [c for _, c in tl.density]
    n = len(tl.events)
    dash = ctx.out.glyphs.range
    count = tr(ctx.lang, f"{n} 个事件", f"{n} event{'s' if n != 1 else ''}")
    ctx.out.meta(
        f"{count}, {tl.year_from}{dash}{tl.year_to}: "
        f"{tl.year_from} {ctx.out.spark(counts)} {tl.year_to}"
    )


def cmd_validate(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui validate [DIR...]``: every problem; exit 1 if any is an error
    (:func:`towntui.core.validate.validate` decides)."""
    result = validate(args.dirs, ctx.dirs, bundled=not ctx.no_bundled)
    if args.json:
        ctx.out.json(
            {
                "ok": result.ok,
                "folders": [str(f) for f in result.folders],
                "towns": result.towns,
                "errors": result.errors,
                "warnings": result.warnings,
                "problems": [problem_record(p) for p in result.problems],
            }
        )
        return result.exit_code
    for p in result.problems:
        ctx.out.line(_problem_line(p, ctx.out.rich, ctx.lang))
    ctx.out.meta(Text(_summary(result, ctx.lang), style="bold green" if result.ok else "bold red"))
    return result.exit_code


def _summary(result: Validation, lang: str) -> str:
    """``3 towns in 1 folder: 1 error, 2 warnings`` (or ``: no problems``), in ``lang``."""
    towns, folders = result.towns, len(result.folders)
    if lang == "zh":
        summary = f"{folders} 个文件夹中有 {towns} 个小镇："
        if not result.problems:
            return summary + "没有问题"
        return summary + counts(lang, result.errors, result.warnings)
    summary = f"{plural(towns, 'town')} in {plural(folders, 'folder')}"
    if not result.problems:
        return summary + ": no problems"
    return summary + ": " + counts(lang, result.errors, result.warnings)


def _problem_line(p: Problem, rich: bool, lang: str) -> Text | str:
    text = clean(p.format(lang))
    if p.severity == "warning":
        warning = tr(lang, "警告：", "warning: ")
        return Text.assemble((warning, "yellow"), text) if rich else f"{warning}{text}"
    return Text(text, style="red") if rich else text


COMMANDS: dict[str, Command] = {
    "towns": cmd_towns,
    "show": cmd_show,
    "search": cmd_search,
    "timeline": cmd_timeline,
    "compare": cmd_compare,
    "metrics": cmd_metrics,
    "validate": cmd_validate,
    "export": export,
}
