"""Export the dataset or a compare table as TOML, JSON or CSV text, and decide where an
export goes (:func:`export_target`).

The records come from :mod:`towntui.core.records`: the dataset in the data-file shape
(TOML and JSON alike; its CSV tables are their flat form), a comparison in the record
shape of ``compare --json`` (less its nulls in TOML, flat in CSV)."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import tomli_w

from towntui.core.compare import CompareTable
from towntui.core.csvsafe import csv_text
from towntui.core.frozen import frozen
from towntui.core.fsutil import MissingFolder, missing_folder, write_atomic, write_folder
from towntui.core.i18n import Msg, MsgError
from towntui.core.model import Dataset, Town
from towntui.core.records import (
    FILE_ENTITY_FIELDS,
    FILE_EVENT_FIELDS,
    FILE_GOAL_FIELDS,
    FILE_METRIC_FIELDS,
    FILE_METRICDEF_FIELDS,
    FILE_RANKING_FIELDS,
    FILE_SLOGAN_FIELDS,
    FILE_TOWN_FIELDS,
    QUANTITY_FIELDS,
    SOURCE_FIELDS,
    compare_record,
    compare_rows,
    file_record,
    flat_rows,
)
from towntui.core.records import (
    without_none as _without_none,
)

FORMATS = ("toml", "json", "csv")

__all__ = [
    "DATASET_TABLES",
    "EXTENSIONS",
    "FORMATS",
    "ExportError",
    "ExportTarget",
    "MissingFolder",
    "compare_record",
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


def town_record(t: Town) -> dict[str, Any]:
    """A town in the data-file shape (``town``, ``metrics``, ``events``, ``entities``,
    ``goals``, ``rankings``, ``slogans``), absent values left out
    (:func:`towntui.core.records.file_record`)."""
    record: dict[str, Any] = _without_none(
        {
            "town": file_record(t),
            "metrics": [file_record(m) for m in t.metrics],
            "events": [file_record(e) for e in t.events],
            "entities": [file_record(e) for e in t.entities],
            "goals": [file_record(g) for g in t.goals],
            "rankings": [file_record(r) for r in t.rankings],
            "slogans": [file_record(x) for x in t.slogans],
        },
        empty=True,
    )
    return record


def dataset_record(ds: Dataset) -> dict[str, Any]:
    """The whole dataset ``ds`` as plain data in the data-file shape: its ``sources``,
    the ``metric`` registry and the ``towns`` (each a :func:`town_record`)."""
    return {
        "sources": [file_record(s) for s in ds.sources.values()],
        "metric": [file_record(m) for m in ds.registry.values()],
        "towns": [town_record(t) for t in ds.towns],
    }


#: the tables of the dataset as CSV, in order; each is written as ``<name>.csv``
DATASET_TABLES = (
    "towns",
    "metrics",
    "events",
    "entities",
    "goals",
    "rankings",
    "slogans",
    "sources",
    "registry",
)

Rows = list[list[Any]]

#: the columns of the ``towns`` table: a town's fields, its area spread into ``area_*``
_TOWN_COLUMNS = [
    c
    for f in FILE_TOWN_FIELDS
    for c in ([f] + [f"area_{q}" for q in QUANTITY_FIELDS[1:]] if f == "area" else [f])
]


def _with_town(t: Town, record: dict[str, Any], *, name: bool = False) -> dict[str, Any]:
    """``record`` of a town's metric, event or entity, its town's id (and name) first."""
    return {"town": t.id, **({"town_name": t.name} if name else {}), **record}


def _table(header: Sequence[str], records: Iterable[dict[str, Any]]) -> tuple[list[str], Rows]:
    """A table: ``header`` and the flat form of ``records`` under it."""
    return list(header), flat_rows(records, header)


def _records_of(towns: Iterable[Town], array: str, fields: Sequence[str]) -> tuple[list[str], Rows]:
    """The table of the towns' records in ``array`` (``events`` …): one row each, its
    town's id first, then ``fields``."""
    records = (_with_town(t, file_record(r)) for t in towns for r in getattr(t, array))
    return _table(["town", *fields], records)


def dataset_tables(ds: Dataset) -> dict[str, tuple[list[str], Rows]]:
    """Every table of the dataset ``ds`` (:data:`DATASET_TABLES`) as a header and rows.

    ``towns``: one row per town (its area in ``area_*`` columns); ``metrics``,
    ``events``, ``entities``, ``goals``, ``rankings`` and ``slogans``: one row per
    record, with its town's id first;
    ``sources``: the source articles; ``registry``: the comparable metrics
    (``metrics.toml``). The rows are the flat form of the data-file records
    (:func:`towntui.core.records.flat_rows`): list fields are joined by ``;``, absent
    values are ``None``. It holds what the TOML and JSON exports hold.
    """
    towns = ds.towns
    metrics = (_with_town(t, file_record(m), name=True) for t in towns for m in t.metrics)
    return {
        "towns": _table(_TOWN_COLUMNS, (file_record(t) for t in towns)),
        "metrics": _table(["town", "town_name", *FILE_METRIC_FIELDS], metrics),
        "events": _records_of(towns, "events", FILE_EVENT_FIELDS),
        "entities": _records_of(towns, "entities", FILE_ENTITY_FIELDS),
        "goals": _records_of(towns, "goals", FILE_GOAL_FIELDS),
        "rankings": _records_of(towns, "rankings", FILE_RANKING_FIELDS),
        "slogans": _records_of(towns, "slogans", FILE_SLOGAN_FIELDS),
        "sources": _table(SOURCE_FIELDS, (file_record(s) for s in ds.sources.values())),
        "registry": _table(FILE_METRICDEF_FIELDS, (file_record(m) for m in ds.registry.values())),
    }


def dataset_csv(ds: Dataset) -> dict[str, str]:
    """Every table of the dataset ``ds`` as CSV text (neutralised), by file name
    ``<table>.csv``."""
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
    """The dataset ``ds`` as the text of one ``toml`` or ``json`` document (the
    data-file shape, :func:`dataset_record`).

    Raises :class:`ValueError` for ``csv`` (several tables: see :func:`dataset_tables`
    and :func:`dataset_csv`) and for an unknown format.
    """
    if fmt == "toml":
        return tomli_w.dumps(dataset_record(ds))
    if fmt == "json":
        return json.dumps(dataset_record(ds), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        raise ValueError("the dataset as CSV is several tables: use dataset_csv()")
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")


def export_compare(table: CompareTable, fmt: str) -> str:
    """A compare table as ``toml``, ``json`` or ``csv`` text: the one record of a
    comparison (:func:`towntui.core.records.compare_record`), less its nulls in TOML,
    its flat form in CSV (:func:`towntui.core.records.compare_rows`)."""
    if fmt == "toml":
        return tomli_w.dumps(_without_none(compare_record(table)))
    if fmt == "json":
        return json.dumps(compare_record(table), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return csv_text(*compare_rows(compare_record(table)))
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")


# ------------------------------------------------------------------ where an export goes

#: file extensions and the format each one means
EXTENSIONS = {".toml": "toml", ".json": "json", ".csv": "csv"}

Layout = Literal["file", "folder", "zip"]


class ExportError(MsgError):
    """An export target the user must change: the format and the name disagree, the
    name says no format, or the name does not fit what is exported. ``str()`` is the
    message in English, :meth:`text` in either language.

    ``kind`` is ``conflict`` (``ext`` means ``inferred``, but ``fmt`` was asked for),
    ``unknown`` (no known extension and no format), ``folder`` (a folder where one
    file is needed) or ``several`` (one CSV file for several tables).
    """

    def __init__(
        self,
        kind: str,
        message: Msg,
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


@frozen
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
        return _folder_target(name, fmt, several=several)
    if several and ext == ".zip":
        return _zip_target(name, ext, fmt)
    inferred = EXTENSIONS.get(ext)
    if inferred is not None and fmt is not None and fmt != inferred:
        up, asked = inferred.upper(), fmt.upper()
        raise ExportError(
            "conflict",
            Msg(
                f"{name} ends in {ext}, a {up} name, but the format is "
                f"{asked}: give a name ending in .{fmt}, or ask for {up}",
                f"{name} 以 {ext} 结尾，是 {up} 文件名，但格式是 {asked}："
                f"请用以 .{fmt} 结尾的名称，或改用 {up}",
            ),
            name=name,
            ext=ext,
            fmt=fmt,
            inferred=inferred,
        )
    chosen = inferred or fmt
    if chosen is None:
        tables = " (.zip or a trailing / for the CSV tables)" if several else ""
        tables_zh = "（CSV 表格用 .zip 或以 / 结尾）" if several else ""
        exts, formats = ", ".join(EXTENSIONS), ", ".join(FORMATS)
        raise ExportError(
            "unknown",
            Msg(
                f"cannot tell the format from the name {name}: end it in "
                f"{exts}{tables}, or give the format ({formats})",
                f"无法从名称 {name} 看出格式：请以 {exts} 结尾{tables_zh}，或指定格式（{formats}）",
            ),
            name=name,
            ext=ext,
        )
    if several and chosen == "csv":
        return _tables_target(name, ext, fmt, inferred)
    return ExportTarget(chosen)


def _folder_target(name: str, fmt: str | None, *, several: bool) -> ExportTarget:
    """A folder name: the CSV tables go in it, one file each; anything else is refused."""
    if not several:
        msg = Msg(f"{name} is a folder: give a file name", f"{name} 是文件夹：请给出文件名")
        raise ExportError("folder", msg, name=name, fmt=fmt)
    if fmt not in (None, "csv"):
        example = f"{name.rstrip('/')}/towntui.{fmt}"
        raise ExportError(
            "folder",
            Msg(
                f"{name} is a folder, which holds the CSV tables; {fmt.upper()} is one "
                f"file: give a file name such as {example}",
                f"{name} 是文件夹，用来放 CSV 表格；{fmt.upper()} 是单个文件："
                f"请给出文件名，例如 {example}",
            ),
            name=name,
            fmt=fmt,
        )
    return ExportTarget("csv", "folder")


def _zip_target(name: str, ext: str, fmt: str | None) -> ExportTarget:
    """A ``.zip`` name for several tables: a zip of CSV files, unless another format is asked."""
    if fmt not in (None, "csv"):
        raise ExportError(
            "conflict",
            Msg(
                f"{name} ends in .zip, a zip of CSV tables, but the format is {fmt.upper()}: "
                f"give a name ending in .{fmt}, or ask for CSV",
                f"{name} 以 .zip 结尾，是 CSV 表格的压缩包，但格式是 {fmt.upper()}："
                f"请用以 .{fmt} 结尾的名称，或改用 CSV",
            ),
            name=name,
            ext=ext,
            fmt=fmt,
            inferred="csv",
        )
    return ExportTarget("csv", "zip")


def _tables_target(name: str, ext: str, fmt: str | None, inferred: str | None) -> ExportTarget:
    """Several CSV tables to a name that is not a folder nor a zip: a name without an
    extension is a new folder; a single file is refused."""
    if not ext:
        return ExportTarget("csv", "folder")
    tables = ", ".join(DATASET_TABLES)
    raise ExportError(
        "several",
        Msg(
            f"{name}: the whole dataset as CSV is several tables ({tables}), one file "
            "each: name a folder (DIR/) or a zip (FILE.zip), or export one table",
            f"{name}：整个数据集的 CSV 是多张表（{tables}），每张一个文件："
            "请给出文件夹（DIR/）或压缩包（FILE.zip），或只导出一张表",
        ),
        name=name,
        ext=ext,
        fmt=fmt,
        inferred=inferred,
    )
