"""The records towntui writes, one serialiser per shape, driven by the model's fields.

Two shapes:

- the **record shape** of ``--json`` and ``--csv`` (:func:`town_summary`,
  :func:`town_detail`, :func:`metric_record`, :func:`event_record`, ...): every record
  always has the same keys (absent values are ``null``, absent lists ``[]``), so scripts
  can rely on them; :func:`flat_rows` gives the CSV form of the same records (lists
  joined by ``;``, a nested record as ``<key>_<field>`` columns);
- the **data-file shape** (:func:`file_record`), the shape of the TOML files under
  ``towns/``: absent values and empty lists are left out (TOML has no null), and a
  record's ``towns`` lists only the towns other than its own.

Each shape is a tuple of field names per kind of record; a name is read from the model
object (tuples become lists, dates text, whole numbers ints) unless the shape derives
it. Numbers are kept exact: whole numbers are integers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from towntui.core.compare import CompareTable
from towntui.core.model import (
    Dataset,
    Entity,
    Event,
    Metric,
    MetricDef,
    PartialDate,
    Problem,
    Quantity,
    Source,
    Town,
)
from towntui.core.qualitative import Goal, Ranking, Slogan
from towntui.core.units import QUALIFIERS, display_quantity, format_quantity

Record = dict[str, Any]
Derived = Mapping[str, Callable[[Any], Any]]


def _fields(names: str) -> tuple[str, ...]:
    """A shape's field names, written as one space-separated line."""
    return tuple(names.split())


def number(value: float) -> float | int:
    """A whole number as an int (``7`` rather than ``7.0``), anything else unchanged."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def qualifier_en(qualifier: str | None) -> str | None:
    """The English reading of a qualifier (``超`` → ``over``); ``None`` stays ``None``."""
    if qualifier is None:
        return None
    return QUALIFIERS[qualifier][0] if qualifier in QUALIFIERS else qualifier


def _plain(value: Any) -> Any:
    """A model value as plain data: tuples as lists, dates as text, quantities as
    records, whole floats as ints."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, Quantity):
        return quantity_record(value)
    return value


def fields_record(obj: object, names: Iterable[str], derived: Derived | None = None) -> Record:
    """A record of ``obj``: each name in ``names`` is ``derived[name](obj)`` if given, else
    the attribute of that name as plain data (lists, text dates, exact numbers)."""
    derived = derived or {}
    return {n: derived[n](obj) if n in derived else _plain(getattr(obj, n)) for n in names}


# ------------------------------------------------------------------ the record shape

QUANTITY_FIELDS = _fields("value unit year qualifier source note note_en")
METRIC_FIELDS = _fields(
    "key label label_en value unit year qualifier qualifier_en source note note_en"
)
EVENT_FIELDS = _fields(
    "id date precision year title title_en category town towns entities summary summary_en source "
    "note note_en"
)
ENTITY_FIELDS = _fields(
    "id name name_en kind aliases role role_en tags town towns sources note note_en"
)
SOURCE_FIELDS = _fields("id title title_en byline year publication file note note_en")
TOWN_FIELDS = _fields(
    "id name name_en aliases district district_en city kind kind_en founded area "
    "industries industries_en"
)
PROBLEM_FIELDS = _fields("severity path line column field message message_zh")
GOAL_FIELDS = _fields(
    "id text text_en by value unit qualifier qualifier_en town source note note_en"
)
RANKING_FIELDS = _fields(
    "id key ranking ranking_en among among_en rank band band_en year streak town source "
    "note note_en"
)
SLOGAN_FIELDS = _fields("id kind text text_en summary summary_en year town source note note_en")

_EVENT_DERIVED: Derived = {"precision": lambda e: e.date.precision, "year": lambda e: e.date.year}
_COUNTS: Derived = {
    "metrics": lambda t: len(t.metrics),
    "events": lambda t: len(t.events),
    "entities": lambda t: len(t.entities),
}


def quantity_record(q: Quantity | None) -> Record | None:
    """A town's area or another quantity (``None`` for none)."""
    return None if q is None else fields_record(q, QUANTITY_FIELDS)


def town_summary(t: Town) -> Record:
    """A town's identity (:data:`TOWN_FIELDS`) and how many metrics, events and entities
    it has, as a record (for ``towns``)."""
    return fields_record(t, (*TOWN_FIELDS, *_COUNTS), _COUNTS)


def metric_record(m: Metric) -> Record:
    """A metric as a record: the figure as the article gives it (:data:`METRIC_FIELDS`),
    with its qualifier in English too."""
    return fields_record(m, METRIC_FIELDS, {"qualifier_en": lambda m: qualifier_en(m.qualifier)})


def event_record(e: Event) -> Record:
    """A timeline event as a record (:data:`EVENT_FIELDS`, with its date's ``precision``
    and ``year``); ``towns`` lists every town involved, its own first."""
    return fields_record(e, EVENT_FIELDS, _EVENT_DERIVED)


def entity_record(e: Entity) -> Record:
    """An entity (a company, institution, person, fund, work, platform, event, policy or
    place) as a record: the :data:`ENTITY_FIELDS` of ``e``."""
    return fields_record(e, ENTITY_FIELDS)


def source_record(s: Source) -> Record:
    """A source article as a record: the :data:`SOURCE_FIELDS` of ``s``."""
    return fields_record(s, SOURCE_FIELDS)


def goal_record(g: Goal) -> Record:
    """A goal as a record (:data:`GOAL_FIELDS`): its target's qualifier in English too;
    ``value``, ``unit`` and ``qualifier`` are ``null`` when it names no quantity."""
    return fields_record(g, GOAL_FIELDS, {"qualifier_en": lambda g: qualifier_en(g.qualifier)})


def ranking_record(r: Ranking) -> Record:
    """A ranking as a record (:data:`RANKING_FIELDS`): ``rank`` or ``band`` (the other
    ``null``), ``streak`` the years in a row when the article says so."""
    return fields_record(r, RANKING_FIELDS)


def slogan_record(x: Slogan) -> Record:
    """A slogan or programme as a record (:data:`SLOGAN_FIELDS`)."""
    return fields_record(x, SLOGAN_FIELDS)


def town_detail(ds: Dataset, t: Town) -> Record:
    """Everything about one town in ``ds`` (for ``show``): its identity, summaries,
    metrics, events in date order, entities, goals, rankings, slogans and programmes,
    and source articles."""
    record = fields_record(t, (*TOWN_FIELDS, "summary", "summary_en", "note", "note_en"))
    record.update(
        {
            "metrics": [metric_record(m) for m in t.metrics],
            "events": [event_record(e) for e in sorted(t.events, key=lambda e: e.sort_key)],
            "entities": [entity_record(e) for e in t.entities],
            "goals": [goal_record(g) for g in t.goals],
            "rankings": [ranking_record(r) for r in t.rankings],
            "slogans": [slogan_record(x) for x in t.slogans],
            "sources": [source_record(ds.sources[s]) for s in t.sources if s in ds.sources],
        }
    )
    return record


def problem_record(p: Problem) -> Record:
    """A loader problem as a record: its severity, where it is (path, line, column,
    field) and its message (:data:`PROBLEM_FIELDS`)."""
    return fields_record(p, PROBLEM_FIELDS)


def flat_cell(value: Any) -> Any:
    """A record value as one CSV cell: a list joined by ``;`` (``None`` when empty), a
    boolean as ``true``/``false``, anything else unchanged."""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value) if value else None
    if isinstance(value, bool):
        return str(value).lower()
    return value


def flat_name(prefix: str, key: str) -> str:
    """The column of a nested record's field: ``value`` as ``prefix`` itself, any other
    field as ``<prefix>_<key>``."""
    return prefix if key == "value" else f"{prefix}_{key}"


def flat_record(record: Mapping[str, Any], prefix: str = "") -> Record:
    """``record`` with nested records spread into columns: the nested ``value`` as the
    key itself, its other fields as ``<key>_<field>`` (``area``, ``area_unit``, ...)."""
    flat: Record = {}
    for key, value in record.items():
        name = flat_name(prefix, key) if prefix else key
        if isinstance(value, Mapping):
            flat.update(flat_record(value, name))
        else:
            flat[name] = flat_cell(value)
    return flat


def flat_rows(records: Iterable[Mapping[str, Any]], header: Sequence[str]) -> list[list[Any]]:
    """The CSV form of ``records``: one row each, the cells of ``header``'s columns
    (see :func:`flat_record`; a column a record lacks is ``None``)."""
    rows = []
    for record in records:
        flat = flat_record(record)
        rows.append([flat.get(h) for h in header])
    return rows


# ------------------------------------------------------------------ the data-file shape

FILE_TOWN_FIELDS = _fields(
    "id name name_en aliases district district_en city kind kind_en area founded "
    "industries industries_en summary summary_en note note_en"
)
FILE_METRIC_FIELDS = _fields(
    "key label label_en value unit year qualifier scope source note note_en"
)
FILE_EVENT_FIELDS = _fields(
    "id date title title_en summary summary_en category entities towns source note note_en"
)
FILE_ENTITY_FIELDS = _fields(
    "id name name_en kind aliases role role_en tags towns sources note note_en"
)
FILE_METRICDEF_FIELDS = _fields("key label label_en unit higher_is_better scope description")
FILE_GOAL_FIELDS = _fields("id text text_en by value unit qualifier source note note_en")
FILE_RANKING_FIELDS = _fields(
    "id key ranking ranking_en among among_en rank band band_en year streak source note note_en"
)
FILE_SLOGAN_FIELDS = _fields("id kind text text_en summary summary_en year source note note_en")

#: the fields of each kind of record in a data file, in the files' order
FILE_FIELDS: dict[type, tuple[str, ...]] = {
    Town: FILE_TOWN_FIELDS,
    Quantity: QUANTITY_FIELDS,
    Metric: FILE_METRIC_FIELDS,
    Event: FILE_EVENT_FIELDS,
    Entity: FILE_ENTITY_FIELDS,
    Source: SOURCE_FIELDS,
    MetricDef: FILE_METRICDEF_FIELDS,
    Goal: FILE_GOAL_FIELDS,
    Ranking: FILE_RANKING_FIELDS,
    Slogan: FILE_SLOGAN_FIELDS,
}


def _other_towns(record: Event | Entity) -> list[str]:
    """The towns of a record but its own (its file is under its own town)."""
    return [t for t in record.towns if t != record.town]


def without_none(value: Any, *, empty: bool = False) -> Any:
    """``value`` with every ``None`` (and with ``empty``, every empty list) left out of
    its tables, at any depth (TOML has no null)."""
    if isinstance(value, dict):
        return {
            k: without_none(v, empty=empty)
            for k, v in value.items()
            if v is not None and not (empty and v == [])
        }
    if isinstance(value, list):
        return [without_none(v, empty=empty) for v in value]
    return value


FileObject = (
    Town | Quantity | Metric | Event | Entity | Source | MetricDef | Goal | Ranking | Slogan
)


def file_record(obj: FileObject) -> Record:
    """``obj`` in the data-file shape (:data:`FILE_FIELDS`): absent values and empty
    lists left out, ``towns`` without the record's own town, a town's area nested."""
    derived: Derived = {}
    if isinstance(obj, Event | Entity):
        derived = {"towns": _other_towns}
    elif isinstance(obj, Town):
        derived = {"area": lambda t: None if t.area is None else file_record(t.area)}
    record: Record = without_none(fields_record(obj, FILE_FIELDS[type(obj)], derived), empty=True)
    return record


# ------------------------------------------------------------------ a comparison

COMPARE_TOWN_FIELDS = _fields("id name name_en")
COMPARE_ROW_FIELDS = _fields("key label label_en unit higher_is_better scope")
COMPARE_CELL_FIELDS = _fields(
    "value unit year qualifier bound scope as_written as_written_en source note note_en"
)
_CELL_DERIVED: Derived = {
    "as_written": lambda c: format_quantity(
        c.original.value, c.original.unit, c.original.qualifier
    ),
    "as_written_en": lambda c: display_quantity(
        c.original.value, c.original.unit, c.original.qualifier, "en"
    ),
    "source": lambda c: c.original.source,
    "note": lambda c: c.original.note,
    "note_en": lambda c: c.original.note_en,
    "unit": lambda c: None,  # set from the row: every value is in the row's unit
}


def compare_record(table: CompareTable) -> Record:
    """A compare table as plain data in the record shape, the one shape of a comparison
    (``compare --json``, its ``--csv`` flattened, and the app's export): the mode and its
    year, the towns, and every town's cell in every row, ``None`` where a figure is
    missing (never zero). A row gives its unit, scope, year (in a series) and ``status``
    (why no town leads, or None); a cell its value in the row's unit, year, qualifier,
    bound (``>`` at least, ``<`` at most, ``~`` about, ``=`` exact), scope, the figure as
    the article writes it (``as_written``, ``超48万人``) and in English
    (``as_written_en``, ``over 480,000 people``: :func:`towntui.core.units.display_quantity`),
    its source id and note (``note`` Chinese, ``note_en`` English),
    and whether it leads."""
    rows = []
    for row in table.rows:
        cells = []
        for i, (town, cell) in enumerate(zip(table.towns, row.cells, strict=True)):
            if cell is None:
                values = dict.fromkeys(COMPARE_CELL_FIELDS)
            else:
                values = fields_record(cell, COMPARE_CELL_FIELDS, _CELL_DERIVED)
                values["unit"] = row.metric.unit
            cells.append({"town": town.id, **values, "leader": i in row.leaders})
        head = fields_record(row.metric, COMPARE_ROW_FIELDS)
        rows.append({**head, "year": row.year, "status": row.status, "cells": cells})
    towns = [fields_record(t, COMPARE_TOWN_FIELDS) for t in table.towns]
    return {"mode": table.mode.kind, "year": table.mode.year, "towns": towns, "rows": rows}


#: the columns of a comparison's CSV: a row's, then each town's cell's
COMPARE_CSV_ROW = _fields("key label label_en unit year status")
COMPARE_CSV_CELL = _fields("value year qualifier source")


def compare_rows(record: Mapping[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The flat (CSV) form of a :func:`compare_record`: a header and one row per metric
    (per metric and year in a series), with :data:`COMPARE_CSV_ROW`, then each town's
    value (under its id, in the row's unit), year, qualifier and source id
    (``<id>_year``, ``<id>_qualifier``, ``<id>_source``); ``None`` where a figure is
    missing."""
    header = list(COMPARE_CSV_ROW)
    for town in record["towns"]:
        header += [flat_name(town["id"], f) for f in COMPARE_CSV_CELL]
    rows = []
    for row in record["rows"]:
        line = [flat_cell(row[f]) for f in COMPARE_CSV_ROW]
        for cell in row["cells"]:
            line += [flat_cell(cell[f]) for f in COMPARE_CSV_CELL]
        rows.append(line)
    return header, rows
