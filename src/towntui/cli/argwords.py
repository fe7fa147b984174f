"""argparse in the CLI's language: its own words (``usage:``, ``options``, ``invalid
choice``, ``the following arguments are required`` ...) in Chinese with ``--lang zh``,
help text wrapped by terminal cells (a Chinese character takes two), and the ``--lang``
of a command line found before the parser is built, so that the parser's help is in
the language its output will be.
"""

from __future__ import annotations

import argparse
import contextlib
import re
from collections.abc import Iterator
from functools import cache

from rich.cells import cell_len

#: argparse's own messages (its gettext message ids) → their Chinese form
ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "未知命令 %(parser_name)r（可选：%(choices)s）"
    ),
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的参数值 %r",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 必须给出其一",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": (
        "有歧义的选项：%(option)s 可以是 %(matches)s"
    ),
    "unexpected option string: %s": "意外的选项：%s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选择：%(value)r（可选：%(choices)s）"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: 错误：%(message)s\n",
}

#: argparse's plural messages (singular id) → their Chinese form
ARGPARSE_ZH_PLURAL: dict[str, str] = {"expected %s argument": "需要 %s 个值"}


@contextlib.contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """While inside, argparse speaks ``lang`` (building a parser, parsing, printing help
    and errors). argparse looks its words up through the module's ``_`` and
    ``ngettext``; they are swapped for the Chinese table and put back on the way out."""
    if lang != "zh":
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def gettext(message: str) -> str:
        return ARGPARSE_ZH.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return ARGPARSE_ZH_PLURAL.get(singular, singular if n == 1 else plural)

    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


@cache
def _token() -> re.Pattern[str]:
    """A run of spaces, a word of narrow characters, or one wide character (compiled
    when Chinese help is first wrapped: every start, the app's too, imports this)."""
    return re.compile(
        r"\s+|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]+|\S"
    )


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` (spaces collapsed) in lines of at most ``width`` terminal cells, broken
    at spaces or between wide (Chinese) characters."""
    lines: list[str] = []
    line = ""
    for token in _token().findall(" ".join(text.split())):
        if token.isspace():
            if line:
                line += " "
            continue
        if line.strip() and cell_len(line + token) > width:
            lines.append(line.rstrip())
            line = token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


class CellFormatter(argparse.HelpFormatter):
    """argparse's help formatter wrapping text that has wide characters by terminal
    cells (argparse counts characters, so Chinese help would run twice as wide)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        if cell_len(text) == len(text):
            return super()._split_lines(text, width)
        return wrap_cells(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if cell_len(text) == len(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap_cells(text, width - len(indent)))
