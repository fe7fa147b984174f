"""The subcommands of ``towntui``: one function each, on the core API only (no Textual)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from towntui.cli_records import (
    event_record,
    problem_record,
    town_detail,
    town_summary,
)
from towntui.cli_render import Column, Output, Table, safe, styled
from towntui.cli_show import show_town
from towntui.core.cache import LoadCache
from towntui.core.compare import CompareTable, available_years, compare
from towntui.core.export import compare_record, export_compare
from towntui.core.loader import bundled_data_dir, data_dirs, load
from towntui.core.model import ENTITY_KIND_LABELS, Dataset, Problem, Town, other_name
from towntui.core.resolve import TownNotFound, resolve_town
from towntui.core.textsafe import clean
from towntui.core.timeline import default_range, timeline
from towntui.core.units import format_quantity

if TYPE_CHECKING:
    from towntui.core.search import Hit


#: Exit codes: success, nothing to show (no hits, no figures, validation errors), usage.
OK, NOTHING, USAGE = 0, 1, 2


class CliError(Exception):
    """A failure to report on stderr with an exit code (2: usage, 1: other)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def note(message: str) -> None:
    """A remark for the user on stderr, so stdout stays clean for scripts (and the
    terminal too: a control character in it is shown as a placeholder, never sent)."""
    print(f"towntui: {clean(message, keep_newlines=True)}", file=sys.stderr)


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
            try:
                found = Path(d).expanduser().is_dir()
            except OSError:  # there but unreadable: the load reports it as a problem
                found = True
            if not found:
                raise CliError(f"--data {clean(d)}: no such folder")
        dirs = data_dirs(args.data)
        if args.no_bundled and not any(_same(Path(d), dirs[0]) for d in args.data):
            dirs = dirs[1:]
        return cls(dirs, Output(ascii=bool(getattr(args, "ascii", False))), args.no_bundled)

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
    nothing = NOTHING if not ds.towns else OK
    if not ds.towns:
        note("no towns loaded")
    if args.json:
        ctx.out.json({"towns": [town_summary(t) for t in ds.towns]})
        return nothing
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
            for h in header
        ]
    )
    for t, row in zip(ds.towns, rows, strict=True):
        row[2] = other_name(t.name, t.name_en)  # a name once: not "Intel  Intel"
        table.add(*(None if v is None else str(v) for v in row))
    ctx.out.table(table)
    return OK


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui show TOWN``: identity, summary, metrics, events, entities, sources."""
    town = ctx.town(args.town)
    ds = ctx.dataset()
    if args.json:
        ctx.out.json({"town": town_detail(ds, town)})
    else:
        show_town(ctx.out, ds, town)
    return 0


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
    }


def _highlighted(text: str, positions: tuple[int, ...]) -> Text:
    """``text`` with the matched characters (``positions`` index it as written) marked."""
    cell = styled(text)
    if len(cell.plain) == len(text):
        for pos in positions:
            if 0 <= pos < len(text):
                cell.stylize("bold underline", pos, pos + 1)
    return cell


def cmd_search(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui search QUERY``: ranked towns, entities and events.

    Exit 2 for a filter that names nothing (``kind:xyz``, ``town:nowhere``), 1 when
    nothing matches; "20 of 102 (use --limit)" on stderr when there are more hits.
    """
    from towntui.core.search import CONTEXT_SEP, SearchIndex

    if not args.query.strip():
        raise CliError(
            "search: the query is empty (try a name, pinyin such as yq, or kind:company)"
        )
    ds = ctx.dataset()
    index = SearchIndex(ds)
    hits = index.search(args.query, limit=args.limit)
    if hits.problems:
        raise CliError("search: " + "; ".join(clean(p) for p in hits.problems), USAGE)
    total = index.total(args.query) if len(hits) >= args.limit else len(hits)
    if not hits:
        note(f"no matches for {clean(args.query)!r}")
    elif total > len(hits):
        note(f"{len(hits)} of {total} (use --limit)")
    code = OK if hits else NOTHING
    if args.json:
        ctx.out.json(
            {
                "query": args.query,
                "total": total,
                "shown": len(hits),
                "results": [search_record(h) for h in hits],
            }
        )
        return code
    if args.csv:
        header = ["kind", "entity_kind", "id", "name", "label", "field", "towns", "score"]
        header.append("context")
        rows = [
            [
                h.kind,
                h.entity_kind,
                h.id,
                h.name,
                h.label,
                h.field,
                ";".join(h.towns),
                round(h.score, 3),
                h.context,
            ]
            for h in hits
        ]
        ctx.out.csv(header, rows)
        return code
    if not hits:
        return code
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
    names = _town_names(ds)
    sep = ctx.out.glyphs.context_sep
    for h in hits:
        if h.label == h.name:
            name = _highlighted(h.name, h.positions)
            matched = Text("filter" if h.how == "filter" else h.field)
        else:
            name = styled(h.name)
            matched = Text.assemble(f"{h.origin or h.field}: ", _highlighted(h.label, h.positions))
        context = h.context
        if context.startswith(h.name + CONTEXT_SEP):  # the name is in its own column
            context = context[len(h.name + CONTEXT_SEP) :]
        elif context == h.name:
            context = ""
        towns = ctx.out.join(names.get(t, t) for t in h.towns)
        # an entity's kind as kind: names it (an entity of kind event is an "activity")
        kind = ENTITY_KIND_LABELS[h.entity_kind][1] if h.entity_kind else h.kind
        table.add(kind, h.id, name, matched, towns, context.replace(CONTEXT_SEP, sep))
    ctx.out.table(table)
    return code


def cmd_timeline(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui timeline``: events in date order with the number of events per year.

    Without ``--from``/``--to`` the range is 2007–2025 widened to every event of the
    towns shown; an explicit range is kept and stderr says how many events it leaves out.
    """
    ids = [ctx.town(t).id for t in args.town] if args.town else None
    ds = ctx.dataset()
    lo, hi = default_range(ds, towns=ids)
    year_from = args.year_from if args.year_from is not None else lo
    year_to = args.year_to if args.year_to is not None else max(hi, year_from)
    if args.year_from is None:
        year_from = min(year_from, year_to)
    dash = ctx.out.glyphs.range
    if year_from > year_to:
        raise CliError(f"--from {year_from} is after --to {year_to}")
    tl = timeline(
        ds,
        towns=ids,
        categories=args.category,
        year_from=year_from,
        year_to=year_to,
    )
    if tl.outside:
        s = "s" if tl.outside != 1 else ""
        note(f"{tl.outside} event{s} outside {year_from}{dash}{year_to} (widen --from/--to)")
    if not tl.events:
        note(f"no events in {year_from}{dash}{year_to}")
    code = OK if tl.events else NOTHING
    if args.json:
        ctx.out.json(
            {
                "from": tl.year_from,
                "to": tl.year_to,
                "towns": ids,
                "categories": args.category,
                "outside": tl.outside,
                "events": [event_record(e) for e in tl.events],
                "density": [{"year": y, "count": c} for y, c in tl.density],
            }
        )
        return code
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
        return code
    if not tl.events:
        return code
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
        table.add(str(e.date), towns, e.category, e.title, other_name(e.title, e.title_en))
    ctx.out.table(table)
    counts = [c for _, c in tl.density]
    n = len(tl.events)
    ctx.out.meta(
        f"{n} event{'s' if n != 1 else ''}, {year_from}{dash}{year_to}: "
        f"{year_from} {ctx.out.spark(counts)} {year_to}"
    )
    return code


def cmd_compare(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui compare TOWN TOWN...``: one row per comparable metric, leaders marked.

    ``--year latest`` (the default) takes each town's newest figures; exit 1 when there
    is no figure to compare.
    """
    ids: list[str] = []
    for text in args.towns:
        town = ctx.town(text)
        if town.id not in ids:
            ids.append(town.id)
    if len(ids) < 2:
        raise CliError("compare needs at least two different towns")
    ds = ctx.dataset()
    table = compare(ds, ids, year=args.year)
    code = OK if table.rows else NOTHING
    if not table.rows:
        years = ", ".join(str(y) for y in available_years(ds, ids)) or "none"
        when = f" for {args.year}" if args.year is not None else ""
        note(f"no comparable figures{when}; years with figures: {years}")
    if args.json:
        ctx.out.json(compare_record(table))
    elif args.csv:
        ctx.out.write(clean(export_compare(table, "csv"), keep_newlines=True))
    elif table.rows:
        _compare_text(ctx.out, table)
    return code


def _compare_text(out: Output, table: CompareTable) -> None:
    cols = [Column("metric", keep=True), Column("unit", no_wrap=True)]
    cols += [Column(safe(t.name), "right", no_wrap=True) for t in table.towns]
    grid = Table(cols)
    missing = out.glyphs.missing
    for row in table.rows:
        cells: list[str | Text | None] = [row.metric.label, row.metric.unit]
        for i, cell in enumerate(row.cells):
            if cell is None:
                cells.append(Text(missing, style="dim"))
                continue
            text = format_quantity(cell.value, "", cell.qualifier)
            if cell.year is not None:
                text += f" ({cell.year})"
            if i in row.leaders:
                cells.append(Text(safe(text) + " *", style="bold green"))
            else:
                cells.append(safe(text))
        grid.add(*cells)
    year = table.year
    out.meta(Text(f"figures for {year}" if year is not None else "latest figures", style="bold"))
    out.table(grid)
    out.meta(f"* leads the row; {missing} no figure; (year) the year a figure is for")


def _resolve(path: Path) -> Path:
    """``path.resolve()``, or the absolute path where a symlink loop stops it."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return path.absolute()


def _inside(path: str, folders: list[Path]) -> bool:
    """Whether ``path`` (a file the loader read, as it named it) is in one of ``folders``.

    Compared as written (absolute, not resolved), since the loader names a file by the
    folder it was found in: a symlink in the folder to a file or a ``towns/`` elsewhere
    (``/dev/zero``, ``/etc/passwd``, a dangling target) is the folder's problem too.
    Resolved paths are compared as well, for folders given through a symlink.
    """
    plain = Path(os.path.abspath(path))
    if any(plain == f or plain.is_relative_to(f) for f in folders):
        return True
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
        ds = load(dirs)  # parsed afresh: validate never trusts the load cache
        resolved = [*(Path(os.path.abspath(t)) for t in targets), *(_resolve(t) for t in targets)]
        problems = [p for p in ds.problems if _inside(p.path, resolved)]
        towns = [t for t in ds.towns if _inside(t.path, resolved)]
        folders = targets
    else:
        ds = load(ctx.dirs)  # parsed afresh: validate never trusts the load cache
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
    ctx.out.meta(Text(summary, style="bold red" if errors else "bold green"))
    return 1 if errors else 0


def _problem_line(p: Problem, rich: bool) -> Text | str:
    text = clean(str(p))
    if p.severity == "warning":
        return Text.assemble(("warning: ", "yellow"), text) if rich else f"warning: {text}"
    return Text(text, style="red") if rich else text


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui export``: the whole dataset (:mod:`towntui.cli_export`)."""
    from towntui.cli_export import export

    return export(ctx, args)


COMMANDS: dict[str, Command] = {
    "towns": cmd_towns,
    "show": cmd_show,
    "search": cmd_search,
    "timeline": cmd_timeline,
    "compare": cmd_compare,
    "validate": cmd_validate,
    "export": cmd_export,
}
