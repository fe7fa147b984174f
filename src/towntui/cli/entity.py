"""``towntui entity NAME`` and ``towntui event ID``, and ``show`` for any record it names.

An entity is found like a town (id, Chinese or English name, alias, pinyin, initials,
a unique close match; an ambiguous or unknown one exits 2 with the candidates); an event
by its id (a miss lists the closest ids). ``show`` shows a town; when the text names no
town but exactly names an entity (id, name, alias) or an event id, or matches one entity
only, it shows that record as ``entity``/``event`` would, and its ``--json`` puts it
under ``"entity"``/``"event"`` instead of ``"town"``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text

from towntui.cli.context import CliError, Command, Context, not_found, print_record
from towntui.cli.render import Column, Output, Table, safe
from towntui.cli.show import METRIC_COLUMNS, figure, sources_table
from towntui.cli.words import category, word
from towntui.core.i18n import pick, tr
from towntui.core.model import Dataset, Entity, Event, both_names, category_label
from towntui.core.notes import note_in
from towntui.core.records import (
    entity_record,
    event_record,
    metric_record,
    source_record,
)
from towntui.core.related import (
    entity_events,
    entity_metrics,
    entity_sources,
    entity_towns,
    event_towns,
)
from towntui.core.resolve import (
    EntityNotFound,
    EventNotFound,
    TownNotFound,
    exact_matches,
    resolve_entity,
    resolve_event,
    resolve_town,
)
from towntui.core.textsafe import clean


def show_hint(lang: str) -> str:
    """What ``show`` adds to an unknown town."""
    return tr(
        lang,
        "主体和事件：`towntui entity NAME`、`towntui event ID`",
        "entities and events: `towntui entity NAME`, `towntui event ID`",
    )


# ---------------------------------------------------------------- records for --json


def _sources(ds: Dataset, ids: Iterable[str]) -> list[dict[str, Any]]:
    return [source_record(ds.sources[s]) for s in dict.fromkeys(ids) if s in ds.sources]


def entity_detail(ds: Dataset, e: Entity) -> dict[str, Any]:
    """Everything about one entity: its record, the events and metrics that name it
    (each metric with its ``town``) and the sources of all of them, as records."""
    events = entity_events(ds, e)
    metrics = entity_metrics(ds, e)
    record = entity_record(e)
    record.update(
        {
            "events": [event_record(ev) for ev in events],
            "metrics": [{**metric_record(m), "town": m.town} for m in metrics],
            "sources": _sources(ds, entity_sources(e, events, metrics)),
        }
    )
    return record


def event_detail(ds: Dataset, e: Event) -> dict[str, Any]:
    """One event with its source as a record (``sources``: a list of one)."""
    record = event_record(e)
    record["sources"] = _sources(ds, [e.source])
    return record


# ---------------------------------------------------------------- text


def _section(out: Output, heading: str, count: int, table: Table) -> None:
    """A heading with its count, then the table (nothing more when it is empty)."""
    out.heading(f"{word(out.lang, heading)} ({count})")
    if table.rows:
        out.table(table)


def _title(out: Output, text: str) -> None:
    title = safe(text)
    out.line(Text(title, style="bold") if out.rich else title)


def _fields(rows: list[tuple[str, str | None]], lang: str) -> Table:
    table = Table([Column("field", style="bold"), Column("value")])
    for name, value in rows:
        if value:
            table.add(word(lang, name), value)
    return table


def _town_name(ds: Dataset, town_id: str) -> str:
    town = ds.town(town_id)
    return town.display_name if town else town_id


def _events_table(ds: Dataset, events: Iterable[Event], lang: str) -> Table:
    table = Table(
        [
            Column("date", no_wrap=True),
            Column("town"),
            Column("category", no_wrap=True),
            Column("title"),
            Column("id", style="dim", no_wrap=True),
        ]
    )
    for e in events:
        town = ds.town(e.town)
        name = town.name if town else e.town
        table.add(
            str(e.date), name, category(lang, e.category), both_names(e.title, e.title_en), e.id
        )
    return table


def _metrics_table(ds: Dataset, metrics: Iterable[Any], ascii: bool, lang: str) -> Table:
    table = Table([Column("town"), *METRIC_COLUMNS])
    for m in metrics:
        town = ds.town(m.town)
        year = str(m.year) if m.year is not None else None
        label = both_names(m.label, m.label_en)
        table.add(town.name if town else m.town, label, *figure(m, ascii, lang), year, m.source)
    return table


def show_entity(out: Output, ds: Dataset, e: Entity) -> None:
    """Print an entity: identity, towns, events, metrics that name it, sources."""
    _title(out, f"{e.display_name}  [{e.kind}]")
    out.table(
        _fields(
            [
                ("id", e.id),
                ("kind", e.kind),
                ("aliases", "、".join(e.aliases) or None),
                ("role", both_names(e.role, e.role_en) if e.role else e.role_en),
                ("tags", "、".join(e.tags) or None),
                ("note", note_in(out.lang, e.note, e.note_en)),
            ],
            out.lang,
        )
    )
    towns = entity_towns(e)
    table = Table([Column("id", no_wrap=True), Column("name")])
    for tid in towns:
        table.add(tid, _town_name(ds, tid))
    _section(out, "Towns", len(towns), table)
    events = entity_events(ds, e)
    _section(out, "Events", len(events), _events_table(ds, events, out.lang))
    metrics = entity_metrics(ds, e)
    _section(out, "Metrics", len(metrics), _metrics_table(ds, metrics, out.ascii, out.lang))
    sources = entity_sources(e, events, metrics)
    _section(out, "Sources", len(sources), sources_table(ds, sources))


def show_event(out: Output, ds: Dataset, e: Event) -> None:
    """Print an event: date, category, towns, entities, summary, note and its source."""
    _title(out, f"{e.date}  {both_names(e.title, e.title_en)}")
    label = category_label(e.category, out.lang)
    entities = []
    for eid in e.entities:
        ent = ds.entities.get(eid)
        entities.append(f"{ent.display_name} [{eid}]" if ent else eid)
    out.table(
        _fields(
            [
                ("id", e.id),
                ("date", str(e.date)),
                ("category", both_names(e.category, label) if out.lang == "en" else label),
                ("towns", "、".join(_town_name(ds, t) for t in event_towns(e))),
                ("entities", "、".join(entities) or None),
                ("note", note_in(out.lang, e.note, e.note_en)),
            ],
            out.lang,
        )
    )
    summary = pick(out.lang, e.summary, e.summary_en)
    if summary:
        out.line()
        for para in clean(summary, keep_newlines=True).splitlines():
            out.line(para)
    _section(out, "Sources", 1, sources_table(ds, [e.source]))


# ---------------------------------------------------------------- commands


def _entity(ctx: Context, text: str) -> Entity:
    try:
        return resolve_entity(ctx.dataset(), text)
    except EntityNotFound as exc:
        raise CliError(clean(not_found(ctx.lang, exc))) from None


def _print_entity(ctx: Context, args: argparse.Namespace, e: Entity) -> int:
    return print_record(ctx, args, "entity", e, entity_detail, show_entity)


def _print_event(ctx: Context, args: argparse.Namespace, e: Event) -> int:
    return print_record(ctx, args, "event", e, event_detail, show_event)


def cmd_entity(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui entity NAME``: an entity's record, towns, events, metrics, sources."""
    return _print_entity(ctx, args, _entity(ctx, args.name))


def cmd_event(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui event ID``: one event with its towns, entities and source."""
    try:
        event = resolve_event(ctx.dataset(), args.id)
    except EventNotFound as exc:
        raise CliError(clean(not_found(ctx.lang, exc))) from None
    return _print_event(ctx, args, event)


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui show NAME``: a town, or else the entity or event ``NAME`` names.

    A town named exactly (id, name, alias) always wins; then an entity named exactly or
    an event id; then the town matching rules (pinyin, parts, close spellings); then an
    entity matched by the same rules, if only one is.
    """
    ds = ctx.dataset()
    text = args.town
    if not exact_matches(ds.towns, text):
        entities = exact_matches(list(ds.entities.values()), text)
        if len(entities) == 1:
            return _print_entity(ctx, args, entities[0])
        folded = text.strip().casefold()
        for event in ds.events:
            if event.id.casefold() == folded:
                return _print_event(ctx, args, event)
    try:
        resolve_town(ds, text)
    except TownNotFound as exc:
        if exc.ambiguous:
            raise CliError(clean(not_found(ctx.lang, exc))) from None
        try:
            entity = resolve_entity(ds, text)
        except EntityNotFound as miss:
            hint = show_hint(ctx.lang)
            if miss.ambiguous:
                names = ", ".join(miss.suggestions[:5])
                hint = (
                    tr(ctx.lang, f"匹配的主体：{names}；", f"entities that match: {names}; ") + hint
                )
            raise CliError(f"{clean(not_found(ctx.lang, exc))} ({clean(hint)})") from None
        return _print_entity(ctx, args, entity)
    from towntui.cli.commands import cmd_show  # the parser imports this module: the app too

    return cmd_show(ctx, args)


#: the commands of this module, by name (``show`` replaces the town-only one)
RECORD_COMMANDS: dict[str, Command] = {
    "show": cmd_show,
    "entity": cmd_entity,
    "event": cmd_event,
}


def add_parsers(add: Callable[[str, str], argparse.ArgumentParser], lang: str) -> None:
    """Add ``entity`` and ``event`` to the parser (``add(name, help)`` makes one), their
    help in ``lang``."""
    p = add(
        "entity",
        tr(
            lang,
            "一家企业、机构、人物、基金……以及提到它的记录",
            "one company, institution, person, fund... and what names it",
        ),
    )
    p.add_argument(
        "name",
        metavar="NAME",
        help=tr(
            lang,
            "编号、中文或英文名、别名或拼音",
            "id, Chinese or English name, alias or pinyin",
        ),
    )
    p = add(
        "event",
        tr(
            lang,
            "时间线上的一个事件，及其小镇、主体和来源",
            "one timeline event with its towns, entities and source",
        ),
    )
    p.add_argument(
        "id",
        metavar="ID",
        help=tr(
            lang, "事件的编号（见 `timeline --json`）", "the event's id (see `timeline --json`)"
        ),
    )
