"""Building records from a parsed file: the metric registry, sources, and the records of
a town file with one function per record kind (identity, area, metric, entity, event;
:mod:`.town` builds the town from them, :mod:`.aims` builds its goals, rankings and
slogans).

Every problem of a record is reported (not just the first): each record is checked in
full, and a record with a problem is dropped, not the file. The references of records
that are not kept go to the collector's ``refs`` and are checked when linking.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, TypeVar

from towntui.core import schema, units
from towntui.core.loader.problems import Collector, noun_zh
from towntui.core.loader.reading import FileDoc
from towntui.core.model import (
    ENTITY_KINDS,
    EVENT_CATEGORIES,
    DateError,
    Entity,
    Event,
    Metric,
    MetricDef,
    PartialDate,
    Quantity,
    Source,
)
from towntui.core.schema import Field

R = TypeVar("R")


def _array(col: Collector, doc: dict[str, Any], name: str) -> list[Any]:
    """The ``[[name]]`` records of ``doc`` (none, reported, when it is not an array)."""
    value = doc.get(name, [])
    if not isinstance(value, list):
        col.add(
            name,
            f"expected an array of tables ([[{name}]]), got {schema.type_name(value)}",
            f"应为表数组（[[{name}]]），实为{schema.type_name(value, 'zh')}",
        )
        return []
    return value


def _known_unit(col: Collector, path: str, unit: str) -> bool:
    """Whether ``unit`` is a known unit; if not, report it at ``path``."""
    if units.is_unit(unit):
        return True
    col.add(path, f'unknown unit "{unit}"', f'未知单位 "{unit}"')
    return False


def _given(rec: dict[str, Any], bad: AbstractSet[str], name: str) -> bool:
    """Whether ``rec`` has a well-formed ``name`` field."""
    return name in rec and name not in bad


def load_registry(fd: FileDoc, col: Collector) -> list[MetricDef]:
    """The metric definitions of a parsed ``metrics.toml``; bad ones reported to ``col``
    and left out."""
    assert fd.doc is not None
    for key in fd.doc:
        if key != "metric":
            col.add(
                key,
                "unknown top-level key in metrics.toml (expected [[metric]])",
                "metrics.toml 中有未知的顶层键（应为 [[metric]]）",
            )
    out: list[MetricDef] = []
    for i, rec in enumerate(_array(col, fd.doc, "metric")):
        where = f"metric[{i}]"
        bad = col.fields(rec, schema.REGISTRY_METRIC, where)
        if bad is None:
            continue
        if "unit" not in bad and not _known_unit(col, f"{where}.unit", rec["unit"]):
            continue
        if bad:
            continue
        out.append(
            MetricDef(
                rec["key"],
                rec["label"],
                rec["label_en"],
                rec["unit"],
                rec.get("higher_is_better", True),
                rec.get("description"),
                rec.get("scope"),
            )
        )
    return out


def _source(rec: dict[str, Any]) -> Source:
    return Source(
        id=rec["id"],
        title=rec["title"],
        year=rec["year"],
        byline=tuple(rec.get("byline", ())),
        publication=rec.get("publication"),
        file=rec.get("file"),
        title_en=rec.get("title_en"),
        note=rec.get("note"),
        note_en=rec.get("note_en"),
    )


def load_sources(fd: FileDoc, col: Collector, *, in_town: bool) -> list[Source]:
    """The ``[[sources]]`` of a parsed file (``sources.toml``, or a town file when
    ``in_town``); bad ones reported to ``col`` and left out."""
    assert fd.doc is not None
    if not in_town:
        for key in fd.doc:
            if key != "sources":
                col.add(
                    key,
                    "unknown top-level key in sources.toml (expected [[sources]])",
                    "sources.toml 中有未知的顶层键（应为 [[sources]]）",
                )
    out: list[Source] = []
    for i, rec in enumerate(_array(col, fd.doc, "sources")):
        if col.check(rec, schema.SOURCE, f"sources[{i}]"):
            out.append(_source(rec))
    return out


def _shared(value: Any) -> Any:
    """One shared copy of a string that repeats across records (units, kinds, tags ...).

    tomllib makes a new string for every occurrence: at 1,000 towns sharing them saves
    about 40 MB. Other values pass through unchanged.
    """
    return sys.intern(value) if type(value) is str else value


def _once_each(
    rec: dict[str, Any],
    bad: AbstractSet[str],
    where: str,
    once: Callable[[str, str, list[str]], list[str]],
    *lists: tuple[str, str],
) -> dict[str, Any]:
    """``rec`` with each list of ids in ``lists`` (field, what) without repeats."""
    for name, what in lists:
        values = rec.get(name)
        if values is not None and name not in bad:
            unique = once(f"{where}.{name}", what, values)
            if unique is not values:
                rec = {**rec, name: unique}
    return rec


class _TownFile:
    """What building the records of one town file shares: the collector, the registry,
    the town's id, the file's entities and one copy of each tuple."""

    def __init__(
        self,
        col: Collector,
        registry: dict[str, MetricDef],
        tid: str | None,
        own_id: str | None,
    ) -> None:
        self.col = col
        self.registry = registry
        #: the town id when the identity is usable (None: records are checked, not kept)
        self.tid = tid
        #: the file's own id when it is valid, even if the rest of [town] is not
        self.own_id = own_id
        self._tuples: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        #: Events name this file's entities by the entities' own id strings (not a copy
        #: each); an event of a town without a usable identity may name them too.
        self.own: dict[str, str] = {}

    def shared_tuple(self, values: Iterable[Any]) -> tuple[Any, ...]:
        """One copy per file of an equal tuple: most records of a file name the same
        towns, sources and tags (about 15 MB at 1,000 towns)."""
        items = tuple(map(_shared, values))
        return self._tuples.setdefault(items, items) if items else ()

    def other_towns(self, values: Iterable[str]) -> list[str]:
        """``values`` without the file's own town."""
        return [t for t in values if t != self.own_id]

    def once(self, path: str, what: str, values: list[str]) -> list[str]:
        """``values`` without repeats; each repeat is reported (and left out)."""
        if len(set(values)) == len(values):
            return values
        seen: dict[str, None] = {}
        for v in values:
            if v in seen:
                self.col.add(
                    path,
                    f'{what} "{v}" is listed more than once; the repeat is left out',
                    f'{noun_zh(what)} "{v}" 列出了不止一次；重复的已略去',
                )
            seen[v] = None
        return list(seen)


def _refer(
    tf: _TownFile, where: str, rec: dict[str, Any], bad: AbstractSet[str], *names: str
) -> None:
    """Remember the ids that a record not kept names in its well-formed fields
    ``names`` (``source``, ``sources``, ``towns``, ``entities``), to check them when
    linking: the file's own town and entities are not among them."""
    for name in names:
        if not _given(rec, bad, name):
            continue
        value = rec[name]
        if name == "source":
            tf.col.refer(f"{where}.source", "source", [value])
        elif name == "sources":
            tf.col.refer(f"{where}.sources", "source", value)
        elif name == "towns":
            tf.col.refer(f"{where}.towns", "town", tf.other_towns(value))
        else:
            tf.col.refer(f"{where}.entities", "entity", [e for e in value if e not in tf.own])


#: Builds one record from its index, field path, table and wrong fields (None: not kept).
Build = Callable[[_TownFile, int, str, dict[str, Any], AbstractSet[str]], R | None]


def _records(
    tf: _TownFile, doc: dict[str, Any], name: str, spec: Mapping[str, Field], build: Build[R]
) -> list[R]:
    """The records of the ``[[name]]`` array that ``build`` keeps, in file order; each
    is checked against ``spec`` first (one that is not a table is not built)."""
    out: list[R] = []
    for i, rec in enumerate(_array(tf.col, doc, name)):
        where = f"{name}[{i}]"
        bad = tf.col.fields(rec, spec, where)
        if bad is None:
            continue
        record = build(tf, i, where, rec, bad)
        if record is not None:
            out.append(record)
    return out


def _identity(doc: dict[str, Any], col: Collector) -> tuple[dict[str, Any], str | None, str | None]:
    """The well-formed fields of ``[town]``, the town id when the identity is usable,
    and the file's own id when it is valid."""
    raw = doc.get("town")
    if raw is None:
        col.add(
            "town",
            "missing the [town] table with the town's identity",
            "缺少写明小镇身份的 [town] 表",
        )
        return {}, None, None
    bad = col.fields(raw, schema.TOWN, "town")
    if bad is None:
        return {}, None, None
    ident = {k: v for k, v in raw.items() if k in schema.TOWN and k not in bad}
    own_id: str | None = ident.get("id")
    usable = all(k in ident for k, f in schema.TOWN.items() if f.required)
    return ident, own_id if usable else None, own_id


def _area(tf: _TownFile, a: dict[str, Any]) -> Quantity | None:
    """The town's area, or None when it is wrong or the town is not kept."""
    col = tf.col
    bad = col.fields(a, schema.QUANTITY, "town.area")
    assert bad is not None  # the town's check made sure it is a table
    fine = not bad
    if "unit" not in bad:
        if not _known_unit(col, "town.area.unit", a["unit"]):
            fine = False
        elif units.unit(a["unit"]).dimension != "area":
            col.add(
                "town.area.unit",
                f'"{a["unit"]}" is not a unit of area',
                f'"{a["unit"]}" 不是面积单位',
            )
            fine = False
    if fine and tf.tid is not None:
        return Quantity(
            float(a["value"]),
            a["unit"],
            a.get("year"),
            a.get("qualifier"),
            a["source"],
            a.get("note"),
            a.get("note_en"),
        )
    if _given(a, bad, "source"):
        col.refer("town.area.source", "source", [a["source"]])
    return None


def _metric_key(tf: _TownFile, where: str, rec: dict[str, Any], key: str, unit_ok: bool) -> bool:
    """Whether metric ``key`` is in the registry and ``rec``'s unit converts to its unit
    (checked when ``unit_ok``); if not, report it."""
    mdef = tf.registry.get(key)
    if mdef is None:
        tf.col.add(
            f"{where}.key",
            f'unknown metric key "{key}" (not in metrics.toml)',
            f'未知指标键 "{key}"（metrics.toml 中没有）',
        )
        return False
    if unit_ok and not units.compatible(rec["unit"], mdef.unit):
        tf.col.add(
            f"{where}.unit",
            f'"{rec["unit"]}" cannot convert to "{mdef.unit}", the unit of "{key}"',
            f'"{rec["unit"]}" 无法换算为 "{key}" 的单位 "{mdef.unit}"',
        )
        return False
    return True


def _metric(
    tf: _TownFile, i: int, where: str, rec: dict[str, Any], bad: AbstractSet[str]
) -> Metric | None:
    """The ``i``-th ``[[metrics]]`` record (at ``where``, its wrong fields ``bad``), or
    None when it is wrong or not kept."""
    col = tf.col
    unit_ok = "unit" not in bad and _known_unit(col, f"{where}.unit", rec["unit"])
    fine = not bad and unit_ok
    mkey: str | None = rec.get("key") if "key" not in bad else None
    if mkey is not None and not _metric_key(tf, where, rec, mkey, unit_ok):
        fine = False
    qual = rec.get("qualifier") if "qualifier" not in bad else None
    if qual is not None and not col.known(
        f"{where}.qualifier", "qualifier", qual, units.QUALIFIERS
    ):
        fine = False
    if not fine or tf.tid is None:
        _refer(tf, where, rec, bad, "source")
        return None
    col.kept["metrics"].append(i)
    return Metric(
        label=_shared(rec["label"]),
        value=float(rec["value"]) if isinstance(rec["value"], float) else rec["value"],
        unit=_shared(rec["unit"]),
        source=_shared(rec["source"]),
        key=_shared(mkey),
        label_en=_shared(rec.get("label_en") or _registry_label_en(tf, mkey)),
        year=rec.get("year"),
        qualifier=_shared(qual),
        note=rec.get("note"),
        note_en=rec.get("note_en"),
        town=tf.tid,
        scope=_shared(rec.get("scope")),
    )


def _entity(
    tf: _TownFile, i: int, where: str, rec: dict[str, Any], bad: AbstractSet[str]
) -> Entity | None:
    """The ``i``-th ``[[entities]]`` record, as :func:`_metric` builds a metric."""
    rec = _once_each(rec, bad, where, tf.once, ("towns", "town"), ("sources", "source"))
    col = tf.col
    fine = not bad
    if "kind" not in bad and not col.known(
        f"{where}.kind", "entity kind", rec["kind"], ENTITY_KINDS
    ):
        fine = False
    if not fine or tf.tid is None:
        _refer(tf, where, rec, bad, "towns", "sources")
        if fine:
            tf.own[rec["id"]] = rec["id"]
        return None
    others = tf.other_towns(rec.get("towns", ()))
    col.kept["entities"].append(i)
    tf.own[rec["id"]] = rec["id"]
    return Entity(
        id=rec["id"],
        name=rec["name"],
        kind=_shared(rec["kind"]),
        town=tf.tid,
        towns=tf.shared_tuple([tf.tid, *others]),
        name_en=rec.get("name_en"),
        aliases=tuple(rec.get("aliases", ())),
        role=_shared(rec.get("role")),
        role_en=_shared(rec.get("role_en")),
        tags=tf.shared_tuple(rec.get("tags", ())),
        sources=tf.shared_tuple(rec.get("sources", ())),
        note=rec.get("note"),
        note_en=rec.get("note_en"),
    )


def _date(
    col: Collector, where: str, rec: dict[str, Any], bad: AbstractSet[str]
) -> PartialDate | None:
    """The event's date, or None when it is wrong (reported unless the schema did)."""
    if "date" in bad:
        return None
    try:
        raw = rec["date"]
        return PartialDate.parse(raw.isoformat() if hasattr(raw, "isoformat") else raw)
    except DateError as exc:
        col.add(f"{where}.date", str(exc), exc.zh)
        return None


def _event(
    tf: _TownFile, i: int, where: str, rec: dict[str, Any], bad: AbstractSet[str]
) -> Event | None:
    """The ``i``-th ``[[events]]`` record, as :func:`_metric` builds a metric."""
    col = tf.col
    fine = not bad
    rec = _once_each(rec, bad, where, tf.once, ("towns", "town"), ("entities", "entity"))
    date = _date(col, where, rec, bad)
    if "category" not in bad and not col.known(
        f"{where}.category", "category", rec["category"], EVENT_CATEGORIES
    ):
        fine = False
    if not fine or tf.tid is None or date is None:
        _refer(tf, where, rec, bad, "source", "towns", "entities")
        return None
    others = tf.other_towns(rec.get("towns", ()))
    col.kept["events"].append(i)
    return Event(
        id=rec.get("id") or f"{tf.tid}-e{i + 1}",
        date=date,
        title=_shared(rec["title"]),
        category=_shared(rec["category"]),
        source=_shared(rec["source"]),
        town=tf.tid,
        towns=tf.shared_tuple([tf.tid, *others]),
        title_en=_shared(rec.get("title_en")),
        summary=rec.get("summary"),
        summary_en=rec.get("summary_en"),
        entities=tuple(tf.own.get(e, e) for e in rec.get("entities", ())),
        note=rec.get("note"),
        note_en=rec.get("note_en"),
    )


def _registry_label_en(tf: _TownFile, key: str | None) -> str | None:
    """The English label of registry metric ``key``: a figure written without its own
    ``label_en`` is named by it in English (None without a key)."""
    mdef = tf.registry.get(key) if key is not None else None
    return mdef.label_en if mdef is not None else None
