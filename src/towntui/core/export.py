"""Export the dataset or a compare table as TOML, JSON or CSV text."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import tomli_w

from towntui.core.compare import CompareTable
from towntui.core.fsutil import write_atomic
from towntui.core.model import Dataset, Entity, Event, Metric, Source, Town
from towntui.core.units import format_quantity

FORMATS = ("toml", "json", "csv")

__all__ = ["FORMATS", "export_compare", "export_dataset", "write_atomic"]


def _num(value: float) -> float | int:
    """A whole number as an int (``7`` not ``7.0``), anything else unchanged."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    """TOML has no null: leave absent values and empty lists out."""
    return {k: v for k, v in d.items() if v is not None and v != [] and v != ()}


def _metric(m: Metric) -> dict[str, Any]:
    return _drop_none(
        {
            "key": m.key,
            "label": m.label,
            "label_en": m.label_en,
            "value": _num(m.value),
            "unit": m.unit,
            "year": m.year,
            "qualifier": m.qualifier,
            "source": m.source,
            "note": m.note,
        }
    )


def _event(e: Event) -> dict[str, Any]:
    return _drop_none(
        {
            "id": e.id,
            "date": str(e.date),
            "title": e.title,
            "title_en": e.title_en,
            "summary": e.summary,
            "category": e.category,
            "entities": list(e.entities),
            "towns": [t for t in e.towns if t != e.town],
            "source": e.source,
            "note": e.note,
        }
    )


def _entity(e: Entity) -> dict[str, Any]:
    return _drop_none(
        {
            "id": e.id,
            "name": e.name,
            "name_en": e.name_en,
            "kind": e.kind,
            "aliases": list(e.aliases),
            "role": e.role,
            "role_en": e.role_en,
            "tags": list(e.tags),
            "towns": [t for t in e.towns if t != e.town],
            "sources": list(e.sources),
            "note": e.note,
        }
    )


def _source(s: Source) -> dict[str, Any]:
    return _drop_none(
        {
            "id": s.id,
            "title": s.title,
            "title_en": s.title_en,
            "byline": list(s.byline),
            "year": s.year,
            "publication": s.publication,
            "file": s.file,
            "note": s.note,
        }
    )


def town_record(t: Town) -> dict[str, Any]:
    """A town in the data-file shape (``town``, ``metrics``, ``events``, ``entities``)."""
    ident = _drop_none(
        {
            "id": t.id,
            "name": t.name,
            "name_en": t.name_en,
            "aliases": list(t.aliases),
            "district": t.district,
            "district_en": t.district_en,
            "city": t.city,
            "kind": t.kind,
            "kind_en": t.kind_en,
            "area": None
            if t.area is None
            else _drop_none(
                {
                    "value": _num(t.area.value),
                    "unit": t.area.unit,
                    "year": t.area.year,
                    "qualifier": t.area.qualifier,
                    "source": t.area.source,
                    "note": t.area.note,
                }
            ),
            "founded": t.founded,
            "industries": list(t.industries),
            "industries_en": list(t.industries_en),
            "summary": t.summary,
            "summary_en": t.summary_en,
            "note": t.note,
        }
    )
    return _drop_none(
        {
            "town": ident,
            "metrics": [_metric(m) for m in t.metrics],
            "events": [_event(e) for e in t.events],
            "entities": [_entity(e) for e in t.entities],
        }
    )


def dataset_record(ds: Dataset) -> dict[str, Any]:
    """The whole dataset as plain data: sources, registry and towns."""
    return {
        "sources": [_source(s) for s in ds.sources.values()],
        "metric": [
            _drop_none(
                {
                    "key": m.key,
                    "label": m.label,
                    "label_en": m.label_en,
                    "unit": m.unit,
                    "higher_is_better": m.higher_is_better,
                    "description": m.description,
                }
            )
            for m in ds.registry.values()
        ],
        "towns": [town_record(t) for t in ds.towns],
    }


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buf.getvalue()


def export_dataset(ds: Dataset, fmt: str) -> str:
    """The dataset as ``toml``, ``json`` or ``csv`` (CSV: one row per metric)."""
    if fmt == "toml":
        return tomli_w.dumps(dataset_record(ds))
    if fmt == "json":
        return json.dumps(dataset_record(ds), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        header = ["town", "town_name", "key", "label", "label_en", "value", "unit", "year"]
        header += ["qualifier", "source", "note"]
        rows = [
            [
                t.id,
                t.name,
                m.key,
                m.label,
                m.label_en,
                _num(m.value),
                m.unit,
                m.year,
                m.qualifier,
                *tail,
            ]
            for t in ds.towns
            for m in t.metrics
            for tail in [[m.source, m.note]]
        ]
        return _csv(header, rows)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")


def compare_record(table: CompareTable) -> dict[str, Any]:
    """A compare table as plain data; missing values are absent, never zero."""
    rows = []
    for row in table.rows:
        values: dict[str, Any] = {}
        for town, cell in zip(table.towns, row.cells, strict=True):
            if cell is None:
                continue
            values[town.id] = _drop_none(
                {
                    "value": _num(cell.value),
                    "year": cell.year,
                    "qualifier": cell.qualifier,
                    "as_written": format_quantity(
                        cell.original.value, cell.original.unit, cell.original.qualifier
                    ),
                    "source": cell.original.source,
                    "leader": table.towns.index(town) in row.leaders,
                }
            )
        rows.append(
            {
                "key": row.metric.key,
                "label": row.metric.label,
                "label_en": row.metric.label_en,
                "unit": row.metric.unit,
                "values": values,
            }
        )
    out: dict[str, Any] = {"towns": [t.id for t in table.towns], "rows": rows}
    if table.year is not None:
        out["year"] = table.year
    return out


def export_compare(table: CompareTable, fmt: str) -> str:
    """A compare table as ``toml``, ``json`` or ``csv``."""
    if fmt == "toml":
        return tomli_w.dumps(compare_record(table))
    if fmt == "json":
        return json.dumps(compare_record(table), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        header = ["key", "label", "label_en", "unit"]
        for t in table.towns:
            header += [t.id, f"{t.id}_year", f"{t.id}_qualifier"]
        rows: list[list[Any]] = []
        for row in table.rows:
            line: list[Any] = [row.metric.key, row.metric.label, row.metric.label_en]
            line.append(row.metric.unit)
            for cell in row.cells:
                line += [None, None, None] if cell is None else [_num(cell.value), cell.year]
                if cell is not None:
                    line.append(cell.qualifier)
            rows.append(line)
        return _csv(header, rows)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
