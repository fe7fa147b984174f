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
from towntui.core.i18n import plural, tr
from towntui.core.model import Dataset
from towntui.core.textsafe import clean


def export_help(lang: str) -> str:
    """The one-line help of ``towntui export``."""
    return tr(
        lang,
        "把整个数据集写成 TOML、JSON 或 CSV 表",
        "write the whole dataset as TOML, JSON or CSV tables",
    )


def _description(lang: str) -> str:
    files = ", ".join(f"{t}.csv" for t in DATASET_TABLES)
    return tr(
        lang,
        "写出整个数据集（小镇及其指标、事件和主体，来源和指标登记表）。TOML 和 JSON 是一个"
        "文档，写到标准输出或 -o FILE。CSV 每个表一个文件："
        f"{files}，写进一个新文件夹（-o DIR/）或一个 zip（-o FILE.zip）；--table NAME 只写"
        "其中一个（标准输出或 -o FILE.csv）。不给 --format 时，格式按 -o 的名字决定（.toml、"
        ".json、.csv、.zip 或文件夹）；名字与 --format 不符时拒绝写出。电子表格会当作公式"
        "执行的 CSV 单元格（以 = + - @、制表符或回车开头且不是数字）前面加一个 '，"
        "使其保持为文字。",
        "Write the whole dataset (towns, their metrics, events and entities, the sources and "
        "the metric registry). TOML and JSON are one document, on stdout or in -o FILE. CSV "
        f"is one table per file: {files}, written "
        "into a new folder (-o DIR/) or a zip (-o FILE.zip); --table NAME writes one of "
        "them (stdout or -o FILE.csv). Without --format the format follows the name given to "
        "-o (.toml, .json, .csv, .zip, a folder); a name that disagrees with --format is "
        "refused. CSV cells that a spreadsheet would run as a formula (starting with = + - @, "
        "tab or CR, and not a number) get a leading ' so they stay text.",
    )


def add_arguments(p: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``towntui export`` (``--json``, common to all commands, is refused
    here, so its help is hidden), their help in ``lang``."""
    p.description = _description(lang)
    for action in p._actions:
        if action.dest == "json":
            action.help = argparse.SUPPRESS
    p.add_argument(
        "--format",
        choices=FORMATS,
        help=tr(
            lang,
            "toml、json 或 csv（默认：按 -o 的名字；标准输出为 toml）",
            "toml, json or csv (default: from the -o name; toml on stdout)",
        ),
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help=tr(
            lang,
            "写到 PATH（一个文件；CSV 为新文件夹或 .zip），而不是标准输出",
            "write to PATH (a file; for CSV a new folder or a .zip) instead of stdout",
        ),
    )
    p.add_argument(
        "--table",
        choices=DATASET_TABLES,
        metavar="NAME",
        help=tr(lang, "CSV：只写这个表（", "CSV: only this table (")
        + ", ".join(DATASET_TABLES)
        + tr(lang, "）", ")"),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=tr(lang, "PATH 已存在时替换它", "replace PATH if it exists"),
    )
    p.add_argument(
        "--parents",
        action="store_true",
        help=tr(lang, "PATH 所在文件夹不存在时创建它", "create PATH's folder if it does not exist"),
    )


def _rows(lang: str, n: int) -> str:
    return tr(lang, f"{n} 行", plural(n, "row"))


def _exists(lang: str, output: str, target: ExportTarget) -> str:
    if target.layout == "folder":
        return tr(
            lang,
            f"{output} 已存在；加 --force 可替换其中的 CSV 文件",
            f"{output} exists; use --force to replace the CSV files in it",
        )
    return tr(
        lang,
        f"{output} 已存在；加 --force 可覆盖它",
        f"{output} exists; use --force to overwrite it",
    )


def _no_folder(lang: str, folder: Path) -> str:
    name = clean(str(folder))
    return tr(
        lang,
        f"文件夹 {name} 不存在；加 --parents 可创建它",
        f"folder {name} does not exist; use --parents to create it",
    )


def _format(lang: str, args: argparse.Namespace) -> str | None:
    """The format asked for: ``--format``, or CSV for ``--table``; refuses ``--json`` and a
    ``--table`` with another format."""
    if args.json:
        raise CliError(
            tr(
                lang,
                "--json 不适用于导出；请用 --format json",
                "--json does not apply to export; use --format json",
            )
        )
    fmt: str | None = args.format
    if args.table is not None:
        if fmt not in (None, "csv"):
            raise CliError(
                tr(
                    lang,
                    f"--table 只用于 CSV；--format 是 {fmt}",
                    f"--table is for CSV; --format is {fmt}",
                )
            )
        fmt = "csv"
    return fmt


def _target(lang: str, args: argparse.Namespace, fmt: str | None) -> ExportTarget:
    """Where ``-o`` writes and in which format (:func:`export_target`), checked against
    what is there: a missing folder without ``--parents``, a file in the way of a
    folder, an existing name without ``--force``."""
    output = clean(args.output)
    try:
        target = export_target(args.output, fmt, several=args.table is None)
    except ExportError as exc:
        message = clean(exc.text(lang))
        if exc.kind == "several":
            message += tr(lang, "（--table NAME）", " (--table NAME)")
        raise CliError(message) from None
    path = Path(args.output)
    missing = missing_folder(path)
    if missing is not None and not args.parents:
        raise CliError(_no_folder(lang, missing))
    if target.layout == "folder" and path.exists() and not path.is_dir():
        raise CliError(
            tr(lang, f"{output} 已存在且不是文件夹", f"{output} exists and is not a folder"), 1
        )
    if path.exists() and not args.force:
        raise CliError(_exists(lang, output, target), 1)
    return target


def export(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui export``: see the module's description."""
    lang = ctx.lang
    fmt = _format(lang, args)
    if not args.output:
        return _to_stdout(ctx, args, fmt or "toml")
    output = clean(args.output)
    target = _target(lang, args, fmt)
    ds = ctx.dataset()
    try:
        what = _write(lang, ds, args, Path(args.output), target)
    except FileExistsError:
        raise CliError(_exists(lang, output, target), 1) from None
    except MissingFolder as exc:
        raise CliError(_no_folder(lang, exc.folder)) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise CliError(
            tr(lang, f"无法写入 {output}：{reason}", f"cannot write {output}: {reason}"), 1
        ) from None
    note(tr(lang, f"已写出{what}", f"wrote {what}"))
    return 0


def _to_stdout(ctx: Context, args: argparse.Namespace, fmt: str) -> int:
    if fmt == "csv" and args.table is None:
        n, tables = len(DATASET_TABLES), ", ".join(DATASET_TABLES)
        raise CliError(
            tr(
                ctx.lang,
                f"整个数据集的 CSV 是 {n} 个表（{tables}），每个一个文件：请用 -o DIR/（文件夹）"
                "或 -o FILE.zip 写出，或用 --table NAME 只写一个表",
                f"the whole dataset as CSV is {n} tables ({tables}), one file each: write "
                "them with -o DIR/ (a folder) or -o FILE.zip, or one table with --table NAME",
            )
        )
    ds = ctx.dataset()
    if fmt == "csv":
        text = clean(csv_text(*dataset_tables(ds)[args.table]), keep_newlines=True)
    else:
        text = escape_unsafe(export_dataset(ds, fmt), fmt)
    ctx.out.write(text)
    return 0


def _write(
    lang: str, ds: Dataset, args: argparse.Namespace, path: Path, target: ExportTarget
) -> str:
    """Write the export; what was written, for the message on stderr."""
    output = clean(args.output)
    force, parents = args.force, args.parents
    if args.table is not None:
        header, rows = dataset_tables(ds)[args.table]
        write_atomic(path, csv_text(header, rows), force=force, parents=parents)
        table, n = args.table, _rows(lang, len(rows))
        return tr(
            lang,
            f" {table} 表（{n}）到 {output}（csv）",
            f"the {table} table ({n}) to {output} (csv)",
        )
    if target.layout == "file":
        text = escape_unsafe(export_dataset(ds, target.fmt), target.fmt)
        write_atomic(path, text, force=force, parents=parents)
        towns = tr(lang, f" {len(ds.towns)} 个小镇", plural(len(ds.towns), "town"))
        return tr(
            lang, f"{towns}到 {output}（{target.fmt}）", f"{towns} to {output} ({target.fmt})"
        )
    files = dataset_csv(ds)
    tables = dataset_tables(ds)
    listing = tr(lang, "、", ", ").join(
        tr(
            lang,
            f"{name}.csv（{_rows(lang, len(rows))}）",
            f"{name}.csv ({_rows(lang, len(rows))})",
        )
        for name, (_, rows) in tables.items()
    )
    count = len(files)
    if target.layout == "zip":
        write_atomic(path, csv_zip(files), force=force, parents=parents)
        return tr(
            lang,
            f" {output}，含 {count} 个 CSV 文件的 zip：{listing}",
            f"{output}, a zip of {count} CSV files: {listing}",
        )
    write_folder(path, files, force=force, parents=parents)
    return tr(
        lang,
        f" {count} 个 CSV 文件到文件夹 {output}：{listing}",
        f"{count} CSV files to the folder {output}: {listing}",
    )
