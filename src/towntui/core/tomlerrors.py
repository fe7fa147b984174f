"""TOML syntax errors in both languages.

:mod:`tomllib` (Python 3.11) raises a finite set of English messages, each followed by
``(at line L, column C)`` or ``(at end of document)``. :func:`toml_error` splits off the
place and translates the message by pattern; keys, characters and values quoted in it
stay as written. A message not in the set keeps its English text inside a Chinese frame.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache

from towntui.core.frozen import frozen
from towntui.core.i18n import Msg

_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_END = re.compile(r"\s*\(at end of document\)")

#: tomllib's messages (``tomllib/_parser.py``), most specific first, with their Chinese:
#: ``{0}`` is the part the pattern captures (a key, a character), shown as written.
_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"Invalid statement", "无效的语句"),
    (r"Expected newline or end of document after a statement", "语句之后应换行或结束"),
    (r"Expected '\]' at the end of a table declaration", "表的声明应以 ']' 结束"),
    (r"Expected '\]\]' at the end of an array declaration", "表数组的声明应以 ']]' 结束"),
    (r"Expected '=' after a key in a key/value pair", "键值对的键之后应为 '='"),
    (r"Expected (.+)", "此处应为 {0}"),
    (r"Found invalid character (.+)", "发现无效字符 {0}"),
    (r"Cannot declare (.+) twice", "不能两次声明 {0}"),
    (r"Cannot overwrite a value", "不能覆盖已有的值"),
    (r"Cannot mutate immutable namespace (.+)", "不能修改不可变的命名空间 {0}"),
    (r"Cannot redefine namespace (.+)", "不能重新定义命名空间 {0}"),
    (r"Invalid initial character for a key part", "键的首字符无效"),
    (r"Unclosed array", "数组没有闭合"),
    (r"Duplicate inline table key (.+)", "内联表的键 {0} 重复"),
    (r"Unclosed inline table", "内联表没有闭合"),
    (r"Unescaped '\\' in a string", "字符串中有未转义的 '\\'"),
    (r"Invalid hex value", "无效的十六进制值"),
    (r"Escaped character is not a Unicode scalar value", "转义的字符不是 Unicode 标量值"),
    (r"Unterminated string", "字符串没有结束"),
    (r"Illegal character (.+)", "非法字符 {0}"),
    (r"Invalid date or datetime", "无效的日期或时间"),
    (r"Invalid value", "无效的值"),
    (
        r"Exceeds the limit \((\d+) digits\) for integer string conversion.*",
        "整数超过 {0} 位的上限",
    ),
    (r"maximum recursion depth exceeded.*", "嵌套过深"),
)


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """:data:`_MESSAGES` compiled, at the first error (every start imports this)."""
    return tuple((re.compile(en), zh) for en, zh in _MESSAGES)


@frozen
class TomlError:
    """Where a TOML document is wrong (1-based ``line`` and ``column``, None when not
    known) and why (``message``, prefixed ``invalid TOML:`` / ``TOML 语法错误：``)."""

    message: Msg
    line: int | None
    column: int | None


def translate(message: str) -> str:
    """tomllib's ``message`` (without its place) in Chinese; a message not in its set is
    framed: ``无法识别的错误（原文：...）``."""
    for pattern, zh in _patterns():
        m = pattern.fullmatch(message)
        if m:
            return zh.format(*m.groups())
    return f"无法识别的错误（原文：{message}）"


def toml_error(exc: tomllib.TOMLDecodeError | ValueError | RecursionError, text: str) -> TomlError:
    """The place and the message of a failed :func:`tomllib.loads` of ``text``; at the
    end of the document the place is its last line."""
    msg = str(exc)
    m = _POS.search(msg)
    line: int | None
    column: int | None
    plain = _END.sub("", _POS.sub("", msg)).strip()
    if m:
        line, column = int(m.group(1)), int(m.group(2))
    elif isinstance(exc, tomllib.TOMLDecodeError):
        line, column = text.count("\n") + 1, None
    else:
        line = column = None
    return TomlError(
        Msg(f"invalid TOML: {plain}", f"TOML 语法错误：{translate(plain)}"), line, column
    )
