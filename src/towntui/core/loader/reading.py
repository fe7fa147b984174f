"""Reading the data folders: which folders and files to load, and one TOML file read
into a :class:`FileDoc` whose failures are :class:`Problem` records, never exceptions."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

from towntui.core.frozen import mutable
from towntui.core.fsutil import FILE_KINDS_ZH, NotRegularFile, TooLarge, os_reason, read_regular
from towntui.core.i18n import Msg
from towntui.core.loader.parsing import STRINGS
from towntui.core.loader.parsing import loads as parse_toml
from towntui.core.model import Problem
from towntui.core.tomlerrors import toml_error

#: Files larger than this are refused (a profile is a few tens of kilobytes).
MAX_FILE_BYTES = 5 * 1024 * 1024

ENV_VAR = "TOWNTUI_DATA"


def bundled_data_dir() -> Path:
    """The data folder shipped with towntui (the checkout's ``data/`` in a source tree)."""
    here = Path(__file__).resolve()  # src/towntui/core/loader/reading.py
    repo = here.parents[4]
    if (repo / "pyproject.toml").is_file() and (repo / "data" / "metrics.toml").is_file():
        return repo / "data"
    return here.parents[2] / "_bundled" / "data"


def data_dirs(extra: Sequence[str | Path] = (), *, use_env: bool = True) -> list[Path]:
    """The folders to load, in order: bundled, then ``extra``, then ``TOWNTUI_DATA``.

    Takes the extra folders and whether to read the environment variable; returns each
    folder once (by its resolved path), ``~`` expanded.
    """
    dirs = [bundled_data_dir(), *(Path(p) for p in extra)]
    if use_env:
        env = os.environ.get(ENV_VAR, "")
        dirs.extend(Path(p) for p in env.split(os.pathsep) if p.strip())
    seen: set[Path] = set()
    out: list[Path] = []
    for d in dirs:
        try:
            key = d.expanduser().resolve() if d.exists() else d
        except (OSError, RuntimeError):  # unreadable: the load reports it
            key = d.expanduser()
        if key not in seen:
            seen.add(key)
            out.append(d.expanduser())
    return out


def display_path(path: Path) -> str:
    """A short path for messages: relative to the working directory where possible."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


@mutable(slots=True)
class FileDoc:
    """A data file read and parsed (``doc`` is None when it could not be)."""

    path: Path
    display: str
    doc: dict[str, Any] | None
    text: str = ""
    problems: list[Problem] = field(default_factory=list)


class _Unreadable(Exception):
    """Why a file gave no document (in English and Chinese), and where in it (line and
    column, when known)."""

    def __init__(self, message: Msg, line: int | None = None, column: int | None = None):
        super().__init__(message.en)
        self.message, self.line, self.column = message, line, column


def read_toml(path: Path) -> FileDoc:
    """Read and parse one TOML file, turning every failure into a :class:`Problem`.

    Returns a :class:`FileDoc` with the parsed document and the text, or with ``doc``
    None and one problem saying why the file could not be read or parsed.
    """
    shown = display_path(path)
    try:
        text = _text(path)
        doc = _parse(text)
    except _Unreadable as exc:
        msg = exc.message
        problem = Problem(shown, msg.en, None, exc.line, exc.column, message_zh=msg.zh)
        return FileDoc(path, shown, None, problems=[problem])
    return FileDoc(path, shown, doc, text)


def _text(path: Path) -> str:
    """The text of a data file: a bounded regular file in UTF-8 (a BOM dropped), not
    empty. Raises :class:`_Unreadable`."""
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except OSError as exc:
        raise _Unreadable(_read_error(path, exc)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        byte = f"0x{raw[exc.start]:02x}"
        message = Msg(
            f"not UTF-8 (byte {byte} cannot be decoded)", f"不是 UTF-8 编码（字节 {byte} 无法解码）"
        )
        raise _Unreadable(message, line, col) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip(" \t\r\n"):  # TOML whitespace only: other controls are errors
        raise _Unreadable(Msg("file is empty", "文件是空的"))
    return text


def _read_error(path: Path, exc: OSError) -> Msg:
    """What went wrong reading ``path``, as a problem's message."""
    if isinstance(exc, NotRegularFile):
        what = FILE_KINDS_ZH.get(exc.what, exc.what)
        return Msg(f"not a regular file ({exc.what}): not read", f"不是普通文件（{what}）：未读取")
    if isinstance(exc, TooLarge):
        limit = f"{MAX_FILE_BYTES:,}"
        if exc.grew:
            return Msg(
                f"file grew past the {limit}-byte limit while loading",
                f"文件在载入时增长，超过了 {limit} 字节的上限",
            )
        return Msg(
            f"file is {exc.size:,} bytes, over the {limit}-byte limit",
            f"文件有 {exc.size:,} 字节，超过 {limit} 字节的上限",
        )
    if isinstance(exc, FileNotFoundError):
        if path.is_symlink():
            return Msg("a symlink to a file that does not exist", "符号链接指向的文件不存在")
        return Msg("file disappeared while loading", "文件在载入时消失了")
    if isinstance(exc, PermissionError):
        return Msg("cannot read file: permission denied", "无法读取文件：权限不足")
    if isinstance(exc, IsADirectoryError):
        return Msg("is a directory, not a file", "是文件夹，不是文件")
    return Msg(f"cannot read file: {exc.strerror or exc}", f"无法读取文件：{os_reason(exc, 'zh')}")


def _parse(text: str) -> dict[str, Any]:
    """The TOML document in ``text``. Raises :class:`_Unreadable` with the line and
    column of a syntax error."""
    try:
        return parse_toml(text)
    except (ValueError, RecursionError) as exc:  # TOMLDecodeError, and tomllib edge cases
        err = toml_error(exc, text)
        raise _Unreadable(err.message, err.line, err.column) from None


def header_lines(text: str, names: Iterable[str]) -> dict[str, list[int]]:
    """Line numbers of the ``[[name]]`` headers in ``text`` for each of ``names``, to point
    at array-table entries: the n-th number is the line of the n-th entry.

    One pass over the text for all the names, counting newlines from one header to the
    next (linear in the file's size). A line inside a multi-line string is text, not a
    header: when the file has one, strings and comments are skipped as a parser would.
    """
    wanted = sorted(set(names), key=len, reverse=True)
    out: dict[str, list[int]] = {name: [] for name in wanted}
    if not wanted:
        return out
    header = r"^[ \t]*\[\[[ \t]*(" + "|".join(map(re.escape, wanted)) + r")[ \t]*\]\]"
    if '"""' in text or "'''" in text:  # a header-like line may be inside a string
        pat = re.compile(STRINGS + "|" + header, re.MULTILINE | re.DOTALL)
    else:
        pat = re.compile(header, re.MULTILINE)
    line, pos = 1, 0
    for m in pat.finditer(text):
        name = m.group(1)
        if name is None:  # a string or a comment
            continue
        line += text.count("\n", pos, m.start())
        pos = m.start()
        out[name].append(line)
    return out


def folder_files(directory: Path, problems: list[Problem]) -> tuple[list[Path], list[Path]]:
    """The top-level files (metrics, sources) and the town files of one data folder.

    Takes the folder and the list its problems go to (a folder that is missing, not a
    folder or unreadable gives no files and one problem); returns the two lists.
    """
    shown = display_path(directory)
    try:
        if not directory.exists():
            problems.append(
                Problem(shown, "data folder does not exist", message_zh="数据文件夹不存在")
            )
            return [], []
        if not directory.is_dir():
            problems.append(Problem(shown, "is not a folder", message_zh="不是文件夹"))
            return [], []
        os.listdir(directory)  # a folder we may not read (mode 000) fails here
        top = [  # a dangling symlink is there too: reading it reports it
            p
            for p in (directory / "metrics.toml", directory / "sources.toml")
            if p.exists() or p.is_symlink()
        ]
    except OSError as exc:
        problems.append(
            Problem(
                shown,
                f"cannot read data folder: {os_reason(exc)}",
                message_zh=f"无法读取数据文件夹：{os_reason(exc, 'zh')}",
            )
        )
        return [], []
    towns_dir = directory / "towns"
    towns: list[Path] = []
    try:
        if towns_dir.is_dir():
            towns = sorted(p for p in towns_dir.iterdir() if p.suffix == ".toml")
        elif not top and not (directory / "tours").is_dir():
            problems.append(
                Problem(
                    shown,
                    "no towns/ or tours/ folder, metrics.toml or sources.toml",
                    message_zh="没有 towns/ 或 tours/ 文件夹，也没有 metrics.toml 或 sources.toml",
                )
            )
    except OSError as exc:
        problems.append(
            Problem(
                display_path(towns_dir),
                f"cannot list folder: {os_reason(exc)}",
                message_zh=f"无法列出文件夹：{os_reason(exc, 'zh')}",
            )
        )
    return top, towns
