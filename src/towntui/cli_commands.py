"""The subcommands of ``towntui``: one function each, on the core API only (no Textual)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text

from towntui.cli_records import (
    event_record,
    number,
    problem_record,
    town_detail,
    town_summary,
)
from towntui.cli_render import Column, Output, Table, escape_unsafe, safe, sparkline, styled
from towntui.cli_show import show_town
from towntui.core.cache import LoadCache
from towntui.core.compare import CompareTable, available_years, compare
from towntui.core.export import export_compare, export_dataset, write_atomic
from towntui.core.loader import bundled_data_dir, data_dirs, load
from towntui.core.model import Dataset, Problem, Town, other_name
from towntui.core.resolve import TownNotFound, resolve_town
from towntui.core.textsafe import clean
from towntui.core.timeline import timeline
from towntui.core.units import format_quantity


class CliError(Exception):
    """A failure to report on stderr with an exit code (2: usage, 1: other)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def note(message: str) -> None:
    """A remark for the user on stderr, so stdout stays clean for scripts."""
    print(f"towntui: {message}", file=sys.stderr)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return a == b


@dataclass
class Context:
    """What every command needs: the data folders, the output, the loaded data."""

    dirs: list[Path]
    out: Output
    no_bundled: bool = False
    _dataset: Dataset | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        """Check ``--data`` folders and work out the folders to load."""
        for d in args.data:
            if not Path(d).expanduser().is_dir():
                raise CliError(f"--data {clean(d)}: no such folder")
        dirs = data_dirs(args.data)
        if args.no_bundled and not any(_same(Path(d), dirs[0]) for d in args.data):
            dirs = dirs[1:]
        return cls(dirs, Output(), args.no_bundled)

    def dataset(self) -> Dataset:
        """Load the data once; loader problems become one summary line on stderr."""
        if self._dataset is None:
            self._dataset = load(self.dirs, cache=LoadCache.default())
            n = len(self._dataset.problems)
            if n:
                note(f"{n} problem{'s' if n != 1 else ''} in data; run `towntui validate`")
        return self._dataset

    def town(self, text: str) -> Town:
        """The town ``text`` names; exit 2 with the closest names if there is none."""
        try:
            return resolve_town(self.dataset(), text)
        except TownNotFound as exc:
            raise CliError(clean(str(exc))) from None


Command = Callable[[Context, argparse.Namespace], int]


def _town_names(ds: Dataset) -> dict[str, str]:
    """Town id → Chinese name, for labelling rows."""
    return {t.id: t.name for t in ds.towns}


def cmd_towns(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui towns``: every town, one per line."""
    ds = ctx.dataset()
    if args.json:
        ctx.out.json([town_summary(t) for t in ds.towns])
        return 0
    header = ["id", "name", "name_en", "district", "kind", "founded"]
    header += ["metrics", "events", "entities"]
    rows = [
        [
            t.id,
            t.name,
            t.name_en,
            t.district,
            t.kind,
            t.founded,
            len(t.metrics),
            len(t.events),
            len(t.entities),
        ]
        for t in ds.towns
    ]
    if args.csv:
        ctx.out.csv(header, rows)
        return 0
    right = {"founded", "metrics", "events", "entities"}
    table = Table(
        [
            Column(h, "right" if h in right else "left", no_wrap=h in right or h in ("id", "name"))
            for h in header
        ]
    )
    for t, row in zip(ds.towns, rows, strict=True):
        row[2] = other_name(t.name, t.name_en)  # a name once: not "Intel  Intel"
        table.add(*(None if v is None else str(v) for v in row))
    ctx.out.table(table)
    if not ds.towns:
        note("no towns loaded")
    return 0


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui show TOWN``: identity, summary, metrics, events, entities, sources."""
    town = ctx.town(args.town)
    ds = ctx.dataset()
    if args.json:
        ctx.out.json(town_detail(ds, town))
    else:
        show_town(ctx.out, ds, town)
    return 0


def cmd_search(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui search QUERY``: ranked towns, entities and events."""
    from towntui.core.search import SearchIndex

    ds = ctx.dataset()
    index = SearchIndex(ds)
    hits = index.search(args.query, limit=args.limit)
    for problem in index.problems(args.query):
        note(f"search: {clean(problem)}")
    if args.json:
        ctx.out.json(
            [
                {
                    "kind": h.kind,
                    "id": h.id,
                    "label": h.label,
                    "positions": list(h.positions),
                    "field": h.field,
                    "score": round(h.score, 3),
                    "towns": list(h.towns),
                    "entity_kind": h.entity_kind,
                    "context": h.context,
                }
                for h in hits
            ]
        )
        return 0
    if args.csv:
        header = ["kind", "entity_kind", "id", "label", "field", "towns", "score", "context"]
        rows = [
            [
                h.kind,
                h.entity_kind,
                h.id,
                h.label,
                h.field,
                ";".join(h.towns),
                round(h.score, 3),
                h.context,
            ]
            for h in hits
        ]
        ctx.out.csv(header, rows)
        return 0
    table = Table(
        [
            Column("kind", no_wrap=True),
            Column("match"),
            Column("field", no_wrap=True),
            Column("town"),
            Column("context", style="dim"),
        ]
    )
    names = _town_names(ds)
    for h in hits:
        label = styled(h.label)
        if len(label.plain) == len(h.label):  # positions index the label as written
            for pos in h.positions:
                if 0 <= pos < len(h.label):
                    label.stylize("bold underline", pos, pos + 1)
        towns = "、".join(names.get(t, t) for t in h.towns)
        table.add(h.entity_kind or h.kind, label, h.field, towns, h.context)
    ctx.out.table(table)
    if not hits:
        note(f"no matches for {clean(args.query)!r}")
    return 0


def cmd_timeline(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui timeline``: events in date order with the number of events per year."""
    if args.year_from > args.year_to:
        raise CliError(f"--from {args.year_from} is after --to {args.year_to}")
    ids = [ctx.town(t).id for t in args.town] if args.town else None
    ds = ctx.dataset()
    tl = timeline(
        ds,
        towns=ids,
        categories=args.category,
        year_from=args.year_from,
        year_to=args.year_to,
    )
    if args.json:
        ctx.out.json(
            {
                "from": tl.year_from,
                "to": tl.year_to,
                "towns": ids,
                "categories": args.category,
                "events": [event_record(e) for e in tl.events],
                "density": [{"year": y, "count": c} for y, c in tl.density],
            }
        )
        return 0
    if args.csv:
        header = ["date", "town", "towns", "category", "title", "title_en"]
        header += ["entities", "source", "id"]
        rows = [
            [
                str(e.date),
                e.town,
                ";".join(e.towns),
                e.category,
                e.title,
                e.title_en,
                ";".join(e.entities),
                e.source,
                e.id,
            ]
            for e in tl.events
        ]
        ctx.out.csv(header, rows)
        return 0
    table = Table(
        [
            Column("date", no_wrap=True),
            Column("town"),
            Column("category", no_wrap=True),
            Column("title"),
            Column("title_en", style="dim"),
        ]
    )
    names = _town_names(ds)
    for e in tl.events:
        towns = names.get(e.town, e.town) + (f" +{len(e.towns) - 1}" if len(e.towns) > 1 else "")
        table.add(str(e.date), towns, e.category, e.title, other_name(e.title, e.title_en))
    ctx.out.table(table)
    counts = [c for _, c in tl.density]
    n = len(tl.events)
    ctx.out.line(
        f"{n} event{'s' if n != 1 else ''}, {args.year_from}–{args.year_to}: "
        f"{args.year_from} {sparkline(counts)} {args.year_to}"
    )
    return 0


def _compare_record(table: CompareTable) -> dict[str, object]:
    towns = [{"id": t.id, "name": t.name, "name_en": t.name_en} for t in table.towns]
    rows = []
    for row in table.rows:
        cells = []
        for i, (town, cell) in enumerate(zip(table.towns, row.cells, strict=True)):
            base: dict[str, object] = {"town": town.id, "value": None, "year": None}
            base.update({"qualifier": None, "as_written": None, "source": None})
            if cell is not None:
                m = cell.original
                base.update(
                    {
                        "value": number(cell.value),
                        "year": cell.year,
                        "qualifier": cell.qualifier,
                        "as_written": format_quantity(m.value, m.unit, m.qualifier),
                        "source": m.source,
                    }
                )
            base["leader"] = i in row.leaders
            cells.append(base)
        mdef = row.metric
        rows.append(
            {
                "key": mdef.key,
                "label": mdef.label,
                "label_en": mdef.label_en,
                "unit": mdef.unit,
                "higher_is_better": mdef.higher_is_better,
                "cells": cells,
            }
        )
    return {"year": table.year, "towns": towns, "rows": rows}


def cmd_compare(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui compare TOWN TOWN...``: one row per comparable metric, leaders marked."""
    ids: list[str] = []
    for text in args.towns:
        town = ctx.town(text)
        if town.id not in ids:
            ids.append(town.id)
    if len(ids) < 2:
        raise CliError("compare needs at least two different towns")
    ds = ctx.dataset()
    table = compare(ds, ids, year=args.year)
    if args.json:
        ctx.out.json(_compare_record(table))
    elif args.csv:
        ctx.out.write(clean(export_compare(table, "csv"), keep_newlines=True))
    else:
        _compare_text(ctx.out, table)
    if not table.rows:
        years = ", ".join(str(y) for y in available_years(ds, ids)) or "none"
        when = f" for {args.year}" if args.year is not None else ""
        note(f"no comparable figures{when}; years with figures: {years}")
    return 0


def _compare_text(out: Output, table: CompareTable) -> None:
    cols = [Column("metric"), Column("unit", no_wrap=True)]
    cols += [Column(safe(t.name), "right") for t in table.towns]
    grid = Table(cols, title=f"figures for {table.year}" if table.year is not None else None)
    for row in table.rows:
        cells: list[str | Text | None] = [row.metric.label, row.metric.unit]
        for i, cell in enumerate(row.cells):
            if cell is None:
                cells.append(Text("—", style="dim"))
                continue
            text = format_quantity(cell.value, "", cell.qualifier)
            if cell.year is not None:
                text += f" ({cell.year})"
            if i in row.leaders:
                cells.append(Text(safe(text) + " *", style="bold green"))
            else:
                cells.append(safe(text))
        grid.add(*cells)
    out.table(grid)
    out.line("* leads the row; — no figure; (year) the year a figure is for")


def _resolve(path: Path) -> Path:
    """``path.resolve()``, or the absolute path where a symlink loop stops it."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return path.absolute()


def _inside(path: str, folders: list[Path]) -> bool:
    p = Path(path)
    try:
        p = p.resolve()
    except (OSError, RuntimeError):  # the file itself is a symlink loop
        p = _resolve(p.parent) / p.name
    return any(p == f or p.is_relative_to(f) for f in folders)


def cmd_validate(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui validate [DIR...]``: every problem; exit 1 if any is an error."""
    if args.dirs:
        targets = [Path(d).expanduser() for d in args.dirs]
        context = [] if ctx.no_bundled else [bundled_data_dir()]
        dirs = [*context, *(t for t in targets if not any(_same(t, c) for c in context))]
        ds = load(dirs, cache=LoadCache.default())
        resolved = [_resolve(t) for t in targets]
        problems = [p for p in ds.problems if _inside(p.path, resolved)]
        towns = [t for t in ds.towns if _inside(t.path, resolved)]
        folders = targets
    else:
        ds = load(ctx.dirs, cache=LoadCache.default())
        problems, towns, folders = list(ds.problems), list(ds.towns), ctx.dirs
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if args.json:
        ctx.out.json(
            {
                "ok": errors == 0,
                "folders": [str(f) for f in folders],
                "towns": len(towns),
                "errors": errors,
                "warnings": warnings,
                "problems": [problem_record(p) for p in problems],
            }
        )
        return 1 if errors else 0
    for p in problems:
        ctx.out.line(_problem_line(p, ctx.out.rich))
    summary = f"{len(towns)} town{'s' if len(towns) != 1 else ''} in {len(folders)} folder"
    summary += "s" if len(folders) != 1 else ""
    if problems:
        summary += f": {errors} error{'s' if errors != 1 else ''}"
        summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
    else:
        summary += ": no problems"
    ctx.out.line(Text(summary, style="bold red" if errors else "bold green"))
    return 1 if errors else 0


def _problem_line(p: Problem, rich: bool) -> Text | str:
    text = clean(str(p))
    if p.severity == "warning":
        return Text.assemble(("warning: ", "yellow"), text) if rich else f"warning: {text}"
    return Text(text, style="red") if rich else text


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui export``: the whole dataset as TOML (default), JSON or CSV."""
    fmt = args.format or ("json" if args.json else "toml")
    if args.output and Path(args.output).exists() and not args.force:
        raise CliError(f"{clean(args.output)} exists; use --force to overwrite it", 1)
    ds = ctx.dataset()
    text = export_dataset(ds, fmt)
    if fmt in ("toml", "json"):
        text = escape_unsafe(text, fmt)
    if not args.output:
        ctx.out.write(clean(text, keep_newlines=True) if fmt == "csv" else text)
        return 0
    try:
        write_atomic(args.output, text, force=args.force)
    except FileExistsError:
        raise CliError(f"{clean(args.output)} exists; use --force to overwrite it", 1) from None
    except OSError as exc:
        raise CliError(f"cannot write {clean(args.output)}: {exc.strerror or exc}", 1) from None
    note(f"wrote {len(ds.towns)} towns to {clean(args.output)} ({fmt})")
    return 0


COMMANDS: dict[str, Command] = {
    "towns": cmd_towns,
    "show": cmd_show,
    "search": cmd_search,
    "timeline": cmd_timeline,
    "compare": cmd_compare,
    "validate": cmd_validate,
    "export": cmd_export,
}
