"""Export the dataset or a compare table as TOML, JSON or CSV text."""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import tomli_w

from towntui.core.compare import CompareTable
from towntui.core.csvsafe import csv_text
from towntui.core.fsutil import MissingFolder, missing_folder, write_atomic, write_folder
from towntui.core.model import Dataset, Entity, Event, Metric, Source, Town
from towntui.core.units import format_quantity

FORMATS = ("toml", "json", "csv")

__all__ = [
    "DATASET_TABLES",
    "EXTENSIONS",
    "FORMATS",
    "ExportError",
    "ExportTarget",
    "MissingFolder",
    "csv_zip",
    "dataset_csv",
    "dataset_tables",
    "export_compare",
    "export_dataset",
    "export_target",
    "missing_folder",
    "write_atomic",
    "write_folder",
]


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


#: the tables of the dataset as CSV, in order; each is written as ``<name>.csv``
DATASET_TABLES = ("towns", "metrics", "events", "entities", "sources", "registry")

Rows = list[list[Any]]


def _join(items: tuple[str, ...]) -> str | None:
    """A list cell: the items joined by ``;`` (as in the CLI's ``--csv`` output)."""
    return ";".join(items) if items else None


def _others(towns: tuple[str, ...], town: str) -> str | None:
    """The other towns of a record (its own town is the ``town`` column)."""
    return _join(tuple(t for t in towns if t != town))


def _towns_table(ds: Dataset) -> tuple[list[str], Rows]:
    header = ["id", "name", "name_en", "aliases", "district", "district_en", "city", "kind"]
    header += ["kind_en", "area", "area_unit", "area_year", "area_qualifier", "area_source"]
    header += ["area_note", "founded", "industries", "industries_en", "summary", "summary_en"]
    header += ["note"]
    rows: Rows = []
    for t in ds.towns:
        a = t.area
        area: list[Any] = [None] * 6
        if a is not None:
            area = [_num(a.value), a.unit, a.year, a.qualifier, a.source, a.note]
        rows.append(
            [
                *(t.id, t.name, t.name_en, _join(t.aliases), t.district, t.district_en),
                *(t.city, t.kind, t.kind_en, *area, t.founded, _join(t.industries)),
                *(_join(t.industries_en), t.summary or None, t.summary_en or None, t.note),
            ]
        )
    return header, rows


def _metrics_table(ds: Dataset) -> tuple[list[str], Rows]:
    header = ["town", "town_name", "key", "label", "label_en", "value", "unit", "year"]
    header += ["qualifier", "source", "note"]
    rows: Rows = [
        [
            *(t.id, t.name, m.key, m.label, m.label_en, _num(m.value), m.unit, m.year),
            *(m.qualifier, m.source, m.note),
        ]
        for t in ds.towns
        for m in t.metrics
    ]
    return header, rows


def _events_table(ds: Dataset) -> tuple[list[str], Rows]:
    header = ["town", "id", "date", "title", "title_en", "summary", "category", "entities"]
    header += ["towns", "source", "note"]
    rows: Rows = [
        [
            *(t.id, e.id, str(e.date), e.title, e.title_en, e.summary, e.category),
            *(_join(e.entities), _others(e.towns, e.town), e.source, e.note),
        ]
        for t in ds.towns
        for e in t.events
    ]
    return header, rows


def _entities_table(ds: Dataset) -> tuple[list[str], Rows]:
    header = ["town", "id", "name", "name_en", "kind", "aliases", "role", "role_en", "tags"]
    header += ["towns", "sources", "note"]
    rows: Rows = [
        [
            *(t.id, e.id, e.name, e.name_en, e.kind, _join(e.aliases), e.role, e.role_en),
            *(_join(e.tags), _others(e.towns, e.town), _join(e.sources), e.note),
        ]
        for t in ds.towns
        for e in t.entities
    ]
    return header, rows


def _sources_table(ds: Dataset) -> tuple[list[str], Rows]:
    header = ["id", "title", "title_en", "byline", "year", "publication", "file", "note"]
    rows: Rows = [
        [s.id, s.title, s.title_en, _join(s.byline), s.year, s.publication, s.file, s.note]
        for s in ds.sources.values()
    ]
    return header, rows


def _registry_table(ds: Dataset) -> tuple[list[str], Rows]:
    header = ["key", "label", "label_en", "unit", "higher_is_better", "description"]
    rows: Rows = [
        [m.key, m.label, m.label_en, m.unit, str(m.higher_is_better).lower(), m.description]
        for m in ds.registry.values()
    ]
    return header, rows


def dataset_tables(ds: Dataset) -> dict[str, tuple[list[str], Rows]]:
    """Every table of the dataset (:data:`DATASET_TABLES`) as a header and rows.

    ``towns``: one row per town (its area in ``area_*`` columns); ``metrics``,
    ``events`` and ``entities``: one row per record, with its town's id first;
    ``sources``: the source articles; ``registry``: the comparable metrics
    (``metrics.toml``). List fields are joined by ``;``, absent values are ``None``.
    It holds what the TOML and JSON exports hold.
    """
    return {
        "towns": _towns_table(ds),
        "metrics": _metrics_table(ds),
        "events": _events_table(ds),
        "entities": _entities_table(ds),
        "sources": _sources_table(ds),
        "registry": _registry_table(ds),
    }


def dataset_csv(ds: Dataset) -> dict[str, str]:
    """Every table of the dataset as CSV text (neutralised), by file name ``<table>.csv``."""
    return {f"{name}.csv": csv_text(*table) for name, table in dataset_tables(ds).items()}


def csv_zip(files: dict[str, str]) -> bytes:
    """A zip of ``files`` (name → text, UTF-8), byte-for-byte the same for the same files."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def export_dataset(ds: Dataset, fmt: str) -> str:
    """The dataset as one ``toml`` or ``json`` document.

    CSV is several tables: see :func:`dataset_tables` and :func:`dataset_csv`.
    """
    if fmt == "toml":
        return tomli_w.dumps(dataset_record(ds))
    if fmt == "json":
        return json.dumps(dataset_record(ds), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        raise ValueError("the dataset as CSV is several tables: use dataset_csv()")
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")


def compare_record(table: CompareTable) -> dict[str, Any]:
    """A compare table as plain data, the one shape of a comparison (``compare --json``
    and the app's export): every town's cell in every row, ``None`` where a figure is
    missing (never zero), each with its year, qualifier, source and the figure as the
    article writes it."""
    towns = [{"id": t.id, "name": t.name, "name_en": t.name_en} for t in table.towns]
    rows = []
    for row in table.rows:
        cells = []
        for i, (town, cell) in enumerate(zip(table.towns, row.cells, strict=True)):
            base: dict[str, Any] = {"town": town.id, "value": None, "year": None}
            base.update({"qualifier": None, "as_written": None, "source": None})
            if cell is not None:
                m = cell.original
                base.update(
                    {
                        "value": _num(cell.value),
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


def _without_none(value: Any) -> Any:
    """``value`` with every ``None`` left out of its tables (TOML has no null)."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def export_compare(table: CompareTable, fmt: str) -> str:
    """A compare table as ``toml``, ``json`` or ``csv``."""
    if fmt == "toml":
        return tomli_w.dumps(_without_none(compare_record(table)))
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
        return csv_text(header, rows)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")


# ------------------------------------------------------------------ where an export goes

#: file extensions and the format each one means
EXTENSIONS = {".toml": "toml", ".json": "json", ".csv": "csv"}

Layout = Literal["file", "folder", "zip"]


class ExportError(ValueError):
    """An export target the user must change: the format and the name disagree, the
    name says no format, or the name does not fit what is exported.

    ``kind`` is ``conflict`` (``ext`` means ``inferred``, but ``fmt`` was asked for),
    ``unknown`` (no known extension and no format), ``folder`` (a folder where one
    file is needed) or ``several`` (one CSV file for several tables).
    """

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        name: str,
        ext: str = "",
        fmt: str | None = None,
        inferred: str | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.name = name
        self.ext = ext
        self.fmt = fmt
        self.inferred = inferred


@dataclass(frozen=True, slots=True)
class ExportTarget:
    """Where and how to write: the format, and one ``file``, a ``folder`` of CSV files
    (one per table) or a ``zip`` of them."""

    fmt: str
    layout: Layout = "file"


def _extension(name: str) -> str:
    return os.path.splitext(os.path.basename(name.rstrip("/" + os.sep) or name))[1].lower()


def _is_folder_name(name: str) -> bool:
    return name.endswith(("/", os.sep)) or Path(name).expanduser().is_dir()


def export_target(name: str, fmt: str | None, *, several: bool = False) -> ExportTarget:
    """The format and layout of an export to ``name``; ``fmt`` is the format the user
    asked for, if any. The one rule of the CLI and the app:

    - a known extension (``.toml``, ``.json``, ``.csv``, any case) gives the format; an
      asked-for format that disagrees is refused;
    - no known extension: the asked-for format, or refused naming the formats;
    - ``several`` (the export is several CSV tables, the dataset): a folder name
      (ending in ``/``, or an existing folder, or without extension with ``fmt="csv"``)
      gets one CSV file per table and a ``.zip`` name a zip of them; a single CSV file
      is refused. Without ``several`` a folder or a ``.zip`` is refused.

    Raises :class:`ExportError` with a message for the user.
    """
    ext = _extension(name)
    if _is_folder_name(name):
        if not several:
            raise ExportError("folder", f"{name} is a folder: give a file name", name=name, fmt=fmt)
        if fmt not in (None, "csv"):
            raise ExportError(
                "folder",
                f"{name} is a folder, which holds the CSV tables; {fmt.upper()} is one "
                f"file: give a file name such as {name.rstrip('/')}/towntui.{fmt}",
                name=name,
                fmt=fmt,
            )
        return ExportTarget("csv", "folder")
    if several and ext == ".zip":
        if fmt not in (None, "csv"):
            raise ExportError(
                "conflict",
                f"{name} ends in .zip, a zip of CSV tables, but the format is {fmt.upper()}: "
                f"give a name ending in .{fmt}, or ask for CSV",
                name=name,
                ext=ext,
                fmt=fmt,
                inferred="csv",
            )
        return ExportTarget("csv", "zip")
    inferred = EXTENSIONS.get(ext)
    if inferred is not None and fmt is not None and fmt != inferred:
        raise ExportError(
            "conflict",
            f"{name} ends in {ext}, a {inferred.upper()} name, but the format is "
            f"{fmt.upper()}: give a name ending in .{fmt}, or ask for {inferred.upper()}",
            name=name,
            ext=ext,
            fmt=fmt,
            inferred=inferred,
        )
    chosen = inferred or fmt
    if chosen is None:
        tables = " (.zip or a trailing / for the CSV tables)" if several else ""
        raise ExportError(
            "unknown",
            f"cannot tell the format from the name {name}: end it in "
            f"{', '.join(EXTENSIONS)}{tables}, or give the format ({', '.join(FORMATS)})",
            name=name,
            ext=ext,
        )
    if several and chosen == "csv":
        if not ext:
            return ExportTarget("csv", "folder")
        tables = ", ".join(DATASET_TABLES)
        raise ExportError(
            "several",
            f"{name}: the whole dataset as CSV is several tables ({tables}), one file "
            "each: name a folder (DIR/) or a zip (FILE.zip), or export one table",
            name=name,
            ext=ext,
            fmt=fmt,
            inferred=inferred,
        )
    return ExportTarget(chosen)
