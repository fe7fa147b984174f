"""``towntui export``: the whole dataset as TOML, JSON or CSV tables.

Where it goes and in which format is decided by :func:`towntui.core.export.export_target`,
the rule the app's export dialog follows too: the format follows the file name unless
``--format`` is given, and a name that disagrees with ``--format`` is refused. CSV is
one file per table (:data:`~towntui.core.export.DATASET_TABLES`): a new folder, a zip,
or one table with ``--table``. Nothing is written into a folder that does not exist
unless ``--parents`` asks for it, and no file is replaced without ``--force``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from towntui.cli.context import CliError, Context, note
from towntui.cli.render import escape_unsafe
from towntui.core.csvsafe import csv_text
from towntui.core.export import (
    DATASET_TABLES,
    FORMATS,
    ExportError,
    ExportTarget,
    MissingFolder,
    csv_zip,
    dataset_csv,
    dataset_tables,
    export_dataset,
    export_target,
    missing_folder,
    write_atomic,
    write_folder,
)
from towntui.core.model import Dataset
from towntui.core.textsafe import clean

HELP = "write the whole dataset as TOML, JSON or CSV tables"

DESCRIPTION = (
    "Write the whole dataset (towns, their metrics, events and entities, the sources and "
    "the metric registry). TOML and JSON are one document, on stdout or in -o FILE. CSV "
    f"is one table per file: {', '.join(f'{t}.csv' for t in DATASET_TABLES)}, written "
    "into a new folder (-o DIR/) or a zip (-o FILE.zip); --table NAME writes one of "
    "them (stdout or -o FILE.csv). Without --format the format follows the name given to "
    "-o (.toml, .json, .csv, .zip, a folder); a name that disagrees with --format is "
    "refused. CSV cells that a spreadsheet would run as a formula (starting with = + - @, "
    "tab or CR, and not a number) get a leading ' so they stay text."
)

#: a folder name ``DIR/`` and how to write the CSV tables
_CSV_HINT = "write them with -o DIR/ (a folder) or -o FILE.zip, or one table with --table NAME"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``towntui export`` (``--json``, common to all commands, is refused
    here, so its help is hidden)."""
    p.description = DESCRIPTION
    for action in p._actions:
        if action.dest == "json":
            action.help = argparse.SUPPRESS
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="toml, json or csv (default: from the -o name; toml on stdout)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write to PATH (a file; for CSV a new folder or a .zip) instead of stdout",
    )
    p.add_argument(
        "--table",
        choices=DATASET_TABLES,
        metavar="NAME",
        help=f"CSV: only this table ({', '.join(DATASET_TABLES)})",
    )
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    p.add_argument(
        "--parents", action="store_true", help="create PATH's folder if it does not exist"
    )


def _rows(n: int) -> str:
    return f"{n} row{'s' if n != 1 else ''}"


def _exists(output: str, target: ExportTarget) -> str:
    if target.layout == "folder":
        return f"{output} exists; use --force to replace the CSV files in it"
    return f"{output} exists; use --force to overwrite it"


def _format(args: argparse.Namespace) -> str | None:
    """The format asked for: ``--format``, or CSV for ``--table``; refuses ``--json`` and a
    ``--table`` with another format."""
    if args.json:
        raise CliError("--json does not apply to export; use --format json")
    fmt: str | None = args.format
    if args.table is not None:
        if fmt not in (None, "csv"):
            raise CliError(f"--table is for CSV; --format is {fmt}")
        fmt = "csv"
    return fmt


def _target(args: argparse.Namespace, fmt: str | None) -> ExportTarget:
    """Where ``-o`` writes and in which format (:func:`export_target`), checked against
    what is there: a missing folder without ``--parents``, a file in the way of a
    folder, an existing name without ``--force``."""
    output = clean(args.output)
    try:
        target = export_target(args.output, fmt, several=args.table is None)
    except ExportError as exc:
        message = clean(str(exc))
        if exc.kind == "several":
            message += " (--table NAME)"
        raise CliError(message) from None
    path = Path(args.output)
    missing = missing_folder(path)
    if missing is not None and not args.parents:
        raise CliError(f"folder {clean(str(missing))} does not exist; use --parents to create it")
    if target.layout == "folder" and path.exists() and not path.is_dir():
        raise CliError(f"{output} exists and is not a folder", 1)
    if path.exists() and not args.force:
        raise CliError(_exists(output, target), 1)
    return target


def export(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui export``: see the module's description."""
    fmt = _format(args)
    if not args.output:
        return _to_stdout(ctx, args, fmt or "toml")
    output = clean(args.output)
    target = _target(args, fmt)
    ds = ctx.dataset()
    try:
        what = _write(ds, args, Path(args.output), target)
    except FileExistsError:
        raise CliError(_exists(output, target), 1) from None
    except MissingFolder as exc:
        raise CliError(
            f"folder {clean(str(exc.folder))} does not exist; use --parents to create it"
        ) from None
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}", 1) from None
    note(f"wrote {what}")
    return 0


def _to_stdout(ctx: Context, args: argparse.Namespace, fmt: str) -> int:
    if fmt == "csv" and args.table is None:
        raise CliError(
            f"the whole dataset as CSV is {len(DATASET_TABLES)} tables "
            f"({', '.join(DATASET_TABLES)}), one file each: {_CSV_HINT}"
        )
    ds = ctx.dataset()
    if fmt == "csv":
        text = clean(csv_text(*dataset_tables(ds)[args.table]), keep_newlines=True)
    else:
        text = escape_unsafe(export_dataset(ds, fmt), fmt)
    ctx.out.write(text)
    return 0


def _write(ds: Dataset, args: argparse.Namespace, path: Path, target: ExportTarget) -> str:
    """Write the export; what was written, for the message on stderr."""
    output = clean(args.output)
    force, parents = args.force, args.parents
    if args.table is not None:
        header, rows = dataset_tables(ds)[args.table]
        write_atomic(path, csv_text(header, rows), force=force, parents=parents)
        return f"the {args.table} table ({_rows(len(rows))}) to {output} (csv)"
    if target.layout == "file":
        text = escape_unsafe(export_dataset(ds, target.fmt), target.fmt)
        write_atomic(path, text, force=force, parents=parents)
        n = len(ds.towns)
        return f"{n} town{'s' if n != 1 else ''} to {output} ({target.fmt})"
    files = dataset_csv(ds)
    tables = dataset_tables(ds)
    listing = ", ".join(f"{name}.csv ({_rows(len(rows))})" for name, (_, rows) in tables.items())
    if target.layout == "zip":
        write_atomic(path, csv_zip(files), force=force, parents=parents)
        return f"{output}, a zip of {len(files)} CSV files: {listing}"
    write_folder(path, files, force=force, parents=parents)
    return f"{len(files)} CSV files to the folder {output}: {listing}"
