"""The cache's entries as plain values, and back.

An entry is written as a list of plain values: a table of the strings its records
share (units, kinds, sources, town ids ...: one copy each, as the loader made them), a
table of the tuples they share (an entity's towns, tags, sources), then every record
as the list of its fields' values in the order of the dataclass fields (:data:`SHAPE`
makes a cache of another order void), shared strings and tuples as their index in the
tables. Reading calls each record's class with the values: a list of the wrong length
fails (the entry is a miss) rather than building a half-filled record.
"""

from __future__ import annotations

import json
import sys
from dataclasses import fields
from typing import Any

from towntui.core import model, qualitative
from towntui.core.frozen import frozen
from towntui.core.model import (
    Entity,
    Event,
    Metric,
    PartialDate,
    Problem,
    Quantity,
    Source,
    Town,
)
from towntui.core.qualitative import Goal, Ranking, Slogan


@frozen
class Entry:
    """What loading one town file produced."""

    town: Town | None
    sources: tuple[Source, ...]
    problems: tuple[Problem, ...]
    kept: dict[str, list[int]]
    lines: dict[str, list[int]]
    #: references of the records that were not kept: (field path, what, id)
    refs: tuple[tuple[str, str, str], ...] = ()


def _record_types() -> dict[type, tuple[str, ...]]:
    found: dict[type, tuple[str, ...]] = {Entry: tuple(f.name for f in fields(Entry))}
    for module in (model, qualitative):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == module.__name__
                and hasattr(value, "__dataclass_fields__")
            ):
                found[value] = tuple(f.name for f in fields(value) if f.init)
    return found


_FIELDS = _record_types()

#: The field names of every cached record class: a cache written for other shapes is void.
SHAPE = repr(sorted((cls.__name__, names) for cls, names in _FIELDS.items()))

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_ASCII_ENCODER = json.JSONEncoder(separators=(",", ":"))


def encode(entry: Entry) -> bytes:
    """``entry`` as the JSON of its plain values (UTF-8; a name that is not UTF-8 is
    escaped). Raises ``TypeError`` or ``ValueError`` when it holds other values."""
    plain = plain_entry(entry)
    try:
        return _ENCODER.encode(plain).encode("utf-8")
    except UnicodeEncodeError:  # a name that is not UTF-8: escaped
        return _ASCII_ENCODER.encode(plain).encode("ascii")


class _Shared:
    """The tables of an entry's shared strings and tuples, filled as they are met."""

    def __init__(self) -> None:
        self.strings: dict[str | None, int] = {None: 0}
        self.tuples: dict[tuple[str, ...], int] = {(): 0}

    def s(self, value: str | None) -> int:
        """The index of string ``value`` (or None) in the table."""
        index = self.strings.get(value)
        if index is None:
            index = self.strings[value] = len(self.strings)
        return index

    def t(self, value: tuple[str, ...]) -> int:
        """The index of tuple ``value`` in the table."""
        index = self.tuples.get(value)
        if index is None:
            index = self.tuples[value] = len(self.tuples)
        return index


def plain_entry(entry: Entry) -> list[Any]:
    """``entry`` as plain values (see the module's docstring)."""
    shared = _Shared()
    plain_town = None if entry.town is None else _plain_town(entry.town, shared)
    return [
        list(shared.strings),
        list(shared.tuples),
        plain_town,
        [
            [x.id, x.title, x.year, x.byline, x.publication, x.file, x.title_en, x.note, x.note_en]
            for x in entry.sources
        ],
        [
            [p.path, p.message, p.field, p.line, p.column, p.severity, p.message_zh]
            for p in entry.problems
        ],
        entry.kept,
        entry.lines,
        entry.refs,
    ]


def _plain_town(town: Town, shared: _Shared) -> list[Any]:
    s = shared.s
    area = town.area
    return [
        town.id,
        town.name,
        town.name_en,
        town.path,
        town.aliases,
        town.district,
        town.district_en,
        town.city,
        s(town.kind),
        s(town.kind_en),
        None
        if area is None
        else [
            area.value,
            area.unit,
            area.year,
            area.qualifier,
            area.source,
            area.note,
            area.note_en,
        ],
        town.founded,
        town.industries,
        town.industries_en,
        town.summary,
        town.summary_en,
        town.note,
        town.note_en,
        [_plain_metric(m, shared) for m in town.metrics],
        [_plain_event(e, shared) for e in town.events],
        [_plain_entity(e, shared) for e in town.entities],
        town.sources,
        [_plain_goal(g, shared) for g in town.goals],
        [_plain_ranking(r, shared) for r in town.rankings],
        [_plain_slogan(x, shared) for x in town.slogans],
    ]


def _plain_metric(m: Metric, shared: _Shared) -> list[Any]:
    s = shared.s
    return [
        s(m.label),
        m.value,
        s(m.unit),
        s(m.source),
        s(m.key),
        s(m.label_en),
        m.year,
        s(m.qualifier),
        m.note,
        m.note_en,
        s(m.town),
        s(m.scope),
    ]


def _plain_event(e: Event, shared: _Shared) -> list[Any]:
    s = shared.s
    return [
        e.id,
        [e.date.year, e.date.month, e.date.day],
        s(e.title),
        s(e.category),
        s(e.source),
        s(e.town),
        shared.t(e.towns),
        s(e.title_en),
        e.summary,
        e.summary_en,
        e.entities,
        e.note,
        e.note_en,
    ]


def _plain_entity(e: Entity, shared: _Shared) -> list[Any]:
    s, t = shared.s, shared.t
    return [
        e.id,
        e.name,
        s(e.kind),
        s(e.town),
        t(e.towns),
        e.name_en,
        e.aliases,
        s(e.role),
        s(e.role_en),
        t(e.tags),
        t(e.sources),
        e.note,
        e.note_en,
    ]


def _plain_goal(g: Goal, shared: _Shared) -> list[Any]:
    s = shared.s
    head = [g.id, g.text, g.text_en, s(g.source), s(g.town), g.by, g.value]
    return [*head, s(g.unit), s(g.qualifier), g.note, g.note_en]


def _plain_ranking(r: Ranking, shared: _Shared) -> list[Any]:
    s = shared.s
    head = [r.id, r.ranking, r.ranking_en, s(r.among), s(r.among_en), s(r.source), s(r.town)]
    return [*head, s(r.key), r.rank, s(r.band), s(r.band_en), r.year, r.streak, r.note, r.note_en]


def _plain_slogan(x: Slogan, shared: _Shared) -> list[Any]:
    s = shared.s
    head = [x.id, x.text, x.text_en, s(x.kind), s(x.source), s(x.town), x.summary]
    return [*head, x.summary_en, x.year, x.note, x.note_en]


_intern = sys.intern


def entry_from_plain(v: Any) -> Entry:
    """The :class:`Entry` that :func:`plain_entry` turned into ``v`` (decoded JSON).
    Raises ``ValueError``, ``TypeError``, ``IndexError`` ... when ``v`` is not one."""
    strings, tuples, town, sources, problems, kept, lines, refs = v
    st: list[Any] = [x if x is None else _intern(x) for x in strings]
    tt: list[tuple[str, ...]] = [tuple([_intern(x) for x in items]) for items in tuples]
    return Entry(
        None if town is None else _town(town, st, tt),
        tuple(
            [
                Source(id_, title, year, tuple(byline), pub, file, title_en, note, note_en)
                for id_, title, year, byline, pub, file, title_en, note, note_en in sources
            ]
        ),
        tuple([Problem(*p) for p in problems]),
        _int_lists(kept),
        _int_lists(lines),
        tuple([(a, b, c) for a, b, c in refs]),
    )


def _town(v: Any, st: list[Any], tt: list[tuple[str, ...]]) -> Town:
    (
        id_,
        name,
        name_en,
        path,
        aliases,
        district,
        district_en,
        city,
        kind,
        kind_en,
        area,
        founded,
        industries,
        industries_en,
        summary,
        summary_en,
        note,
        note_en,
        metrics,
        events,
        entities,
        sources,
        goals,
        rankings,
        slogans,
    ) = v
    return Town(
        id_,
        name,
        name_en,
        path,
        tuple(aliases),
        district,
        district_en,
        city,
        st[kind],
        st[kind_en],
        _area(area),
        founded,
        tuple(industries),
        tuple(industries_en),
        summary,
        summary_en,
        note,
        note_en,
        _metrics(metrics, st),
        _events(events, st, tt),
        _entities(entities, st, tt),
        tuple(sources),
        *_aims(goals, rankings, slogans, st),
    )


def _aims(
    goals: Any, rankings: Any, slogans: Any, st: list[Any]
) -> tuple[tuple[Goal, ...], tuple[Ranking, ...], tuple[Slogan, ...]]:
    """A town's goals, rankings and slogans from their plain values."""
    return (
        tuple(
            [
                Goal(i, t, te, st[s], st[w], b, val, st[u], st[q], n, ne)
                for i, t, te, s, w, b, val, u, q, n, ne in goals
            ]
        ),
        tuple([_ranking(r, st) for r in rankings]),
        tuple(
            [
                Slogan(i, t, te, st[k], st[s], st[w], sm, sme, y, n, ne)
                for i, t, te, k, s, w, sm, sme, y, n, ne in slogans
            ]
        ),
    )


def _ranking(v: Any, st: list[Any]) -> Ranking:
    id_, name, name_en, among, among_en, src, town, key, rank, band, band_en, *rest = v
    year, streak, note, note_en = rest
    return Ranking(
        id_,
        name,
        name_en,
        st[among],
        st[among_en],
        st[src],
        st[town],
        st[key],
        rank,
        st[band],
        st[band_en],
        year,
        streak,
        note,
        note_en,
    )


def _area(v: Any) -> Quantity | None:
    if v is None:
        return None
    value, unit, year, qualifier, source, note, note_en = v
    return Quantity(value, unit, year, qualifier, source, note, note_en)


def _metrics(v: Any, st: list[Any]) -> tuple[Metric, ...]:
    return tuple(
        [
            Metric(st[lb], val, st[u], st[src], st[k], st[lbe], yr, st[q], nt, nte, st[tw], st[sc])
            for lb, val, u, src, k, lbe, yr, q, nt, nte, tw, sc in v
        ]
    )


def _events(v: Any, st: list[Any], tt: list[tuple[str, ...]]) -> tuple[Event, ...]:
    return tuple(
        [
            Event(
                eid,
                PartialDate(*date),
                st[title],
                st[cat],
                st[src],
                st[tw],
                tt[tws],
                st[title_en],
                summ,
                summ_en,
                tuple(ents),
                nt,
                nte,
            )
            for eid, date, title, cat, src, tw, tws, title_en, summ, summ_en, ents, nt, nte in v
        ]
    )


def _entities(v: Any, st: list[Any], tt: list[tuple[str, ...]]) -> tuple[Entity, ...]:
    return tuple(
        [
            Entity(
                eid,
                ename,
                st[kd],
                st[tw],
                tt[tws],
                ename_en,
                tuple(al),
                st[role],
                st[role_en],
                tt[tags],
                tt[srcs],
                nt,
                nte,
            )
            for eid, ename, kd, tw, tws, ename_en, al, role, role_en, tags, srcs, nt, nte in v
        ]
    )


def _int_lists(v: Any) -> dict[str, list[int]]:
    """The kept indexes or header lines of an entry: a table of lists (their numbers
    are not checked one by one: the checksum vouches for them, and at 1,000 towns they
    are 350,000)."""
    if type(v) is not dict or not all(type(x) is list for x in v.values()):
        raise TypeError("expected lists of integers")
    return v
