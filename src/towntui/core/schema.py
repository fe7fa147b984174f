"""Field specifications for the data files, and the checker that applies them.

Each record kind (town identity, metric, event, entity, goal, ranking, slogan, source,
registry metric) is described by a table of fields: the types it accepts and whether it
is required. The checker reports every wrong field with its path (``metrics[3].unit``)
and says what was expected, so a data author can fix a file in one pass.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from typing import Any

from towntui.core.frozen import frozen
from towntui.core.i18n import Msg

#: Whole-string patterns (used with ``fullmatch``: ``$`` would let ``"id\n"`` through).
ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")
KEY_RE = re.compile(r"[a-z0-9_]+")

#: The largest magnitude of a figure (a million billion: 10 万亿元 is 1e13 元): larger
#: numbers, and integers too long to be floats, are refused, so a figure stays finite
#: after any unit conversion and prints in a table.
MAX_NUMBER = 1e15
#: Years (``year``, ``founded``) have at most four digits.
MIN_YEAR, MAX_YEAR = 1, 9999
#: Counts (a rank, a run of years) are whole numbers from 1 to this.
MAX_COUNT = 1_000_000


@frozen
class Field:
    """One field: its accepted type and whether it must be present."""

    kind: str  # "str", "year", "count", "number", "bool", "strlist", "table", "list", "date",
    # "id", "key"
    required: bool = False


def _f(kind: str, required: bool = False) -> Field:
    return Field(kind, required)


QUANTITY: Mapping[str, Field] = {
    "value": _f("number", True),
    "unit": _f("str", True),
    "year": _f("year"),
    "qualifier": _f("str"),
    "source": _f("str", True),
    "note": _f("str"),
    "note_en": _f("str"),
}

TOWN: Mapping[str, Field] = {
    "id": _f("id", True),
    "name": _f("str", True),
    "name_en": _f("str", True),
    "aliases": _f("strlist"),
    "district": _f("str"),
    "district_en": _f("str"),
    "city": _f("str"),
    "kind": _f("str"),
    "kind_en": _f("str"),
    "area": _f("table"),
    "founded": _f("year"),
    "industries": _f("strlist"),
    "industries_en": _f("strlist"),
    "summary": _f("str", True),
    "summary_en": _f("str", True),
    "note": _f("str"),
    "note_en": _f("str"),
}

METRIC: Mapping[str, Field] = {
    "key": _f("key"),
    "label": _f("str", True),
    "label_en": _f("str"),
    "value": _f("number", True),
    "unit": _f("str", True),
    "year": _f("year"),
    "qualifier": _f("str"),
    "source": _f("str", True),
    "note": _f("str"),
    "note_en": _f("str"),
    "scope": _f("str"),
}

EVENT: Mapping[str, Field] = {
    "id": _f("id"),
    "date": _f("date", True),
    "title": _f("str", True),
    "title_en": _f("str"),
    "summary": _f("str"),
    "summary_en": _f("str"),
    "category": _f("str", True),
    "entities": _f("strlist"),
    "towns": _f("strlist"),
    "source": _f("str", True),
    "note": _f("str"),
    "note_en": _f("str"),
}

ENTITY: Mapping[str, Field] = {
    "id": _f("id", True),
    "name": _f("str", True),
    "name_en": _f("str"),
    "kind": _f("str", True),
    "aliases": _f("strlist"),
    "role": _f("str"),
    "role_en": _f("str"),
    "tags": _f("strlist"),
    "towns": _f("strlist"),
    "sources": _f("strlist"),
    "note": _f("str"),
    "note_en": _f("str"),
}

SOURCE: Mapping[str, Field] = {
    "id": _f("id", True),
    "title": _f("str", True),
    "title_en": _f("str"),
    "byline": _f("strlist"),
    "year": _f("year", True),
    "publication": _f("str"),
    "file": _f("str"),
    "note": _f("str"),
    "note_en": _f("str"),
}

GOAL: Mapping[str, Field] = {
    "id": _f("id"),
    "text": _f("str", True),
    "text_en": _f("str", True),
    "by": _f("year"),
    "value": _f("number"),
    "unit": _f("str"),
    "qualifier": _f("str"),
    "source": _f("str", True),
    "note": _f("str"),
    "note_en": _f("str"),
}

RANKING: Mapping[str, Field] = {
    "id": _f("id"),
    "key": _f("key"),
    "ranking": _f("str", True),
    "ranking_en": _f("str", True),
    "among": _f("str", True),
    "among_en": _f("str", True),
    "rank": _f("count"),
    "band": _f("str"),
    "band_en": _f("str"),
    "year": _f("year"),
    "streak": _f("count"),
    "source": _f("str", True),
    "note": _f("str"),
    "note_en": _f("str"),
}

SLOGAN: Mapping[str, Field] = {
    "id": _f("id"),
    "text": _f("str", True),
    "text_en": _f("str", True),
    "kind": _f("str", True),
    "summary": _f("str"),
    "summary_en": _f("str"),
    "year": _f("year"),
    "source": _f("str", True),
    "note": _f("str"),
    "note_en": _f("str"),
}

REGISTRY_METRIC: Mapping[str, Field] = {
    "key": _f("key", True),
    "label": _f("str", True),
    "label_en": _f("str", True),
    "unit": _f("str", True),
    "higher_is_better": _f("bool"),
    "description": _f("str"),
    "scope": _f("str"),
}

_EXPECT = {
    "str": "a string",
    "year": "an integer",
    "count": "a whole number from 1",
    "number": "a number",
    "bool": "true or false",
    "strlist": "a list of strings",
    "table": "a table",
    "date": 'a date "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
    "id": "an id of lowercase letters, digits, '-' and '_'",
    "key": "a key of lowercase letters, digits and '_'",
}

#: :data:`_EXPECT` in Chinese.
_EXPECT_ZH = {
    "str": "字符串",
    "year": "整数",
    "count": "从 1 起的整数",
    "number": "数字",
    "bool": "true 或 false",
    "strlist": "字符串列表",
    "table": "表",
    "date": '日期 "YYYY"、"YYYY-MM" 或 "YYYY-MM-DD"',
    "id": "由小写字母、数字、'-' 和 '_' 组成的 id",
    "key": "由小写字母、数字和 '_' 组成的键",
}

#: The TOML-ish type names of :func:`type_name` in Chinese.
_TYPE_ZH = {
    "boolean": "布尔值",
    "integer": "整数",
    "float": "浮点数",
    "string": "字符串",
    "array": "数组",
    "table": "表",
    "datetime": "日期时间",
    "date": "日期",
    "time": "时间",
}


#: TOML's names for Python's types, in the order they are tried (a bool is an int too).
_TYPE_NAMES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "float"),
    (str, "string"),
    (list, "array"),
    (dict, "table"),
)


def type_name(value: Any, lang: str = "en") -> str:
    """A TOML-ish name for a Python value's type, for error messages, in ``lang``."""
    name = next((n for t, n in _TYPE_NAMES if isinstance(value, t)), type(value).__name__)
    return _TYPE_ZH.get(name, name) if lang == "zh" else name


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_date(value: Any) -> bool:
    if isinstance(value, datetime.datetime):
        return False
    return isinstance(value, str | datetime.date) or _is_int(value)


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return value == value and value not in (float("inf"), float("-inf"))


def _is_strlist(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


#: Whether a value is of each kind of field.
_IS: dict[str, Callable[[Any], bool]] = {
    "str": lambda value: isinstance(value, str),
    "date": _is_date,
    "id": lambda value: isinstance(value, str) and bool(ID_RE.fullmatch(value)),
    "key": lambda value: isinstance(value, str) and bool(KEY_RE.fullmatch(value)),
    "year": _is_int,
    "count": _is_int,
    "number": _is_number,
    "bool": lambda value: isinstance(value, bool),
    "strlist": _is_strlist,
    "table": lambda value: isinstance(value, dict),
    "list": lambda value: isinstance(value, list),
}


def _ok(kind: str, value: Any) -> bool:
    """Whether ``value`` is of the field kind ``kind`` (ValueError for an unknown kind)."""
    try:
        is_kind = _IS[kind]
    except KeyError:
        raise ValueError(kind) from None
    return is_kind(value)


def _number(value: int | float) -> Msg:
    """A number for a message, however long: ``1.7e+308``, ``an integer of 400 digits``."""
    if isinstance(value, float):
        return Msg(f"{value:.6g}", f"{value:.6g}")
    if value.bit_length() > 64:
        digits = len(str(abs(value)))  # tomllib refuses integers of over 4,300 digits
        return Msg(f"an integer of {digits} digits", f"{digits} 位的整数")
    return Msg(str(value), str(value))


def check(record: Any, spec: Mapping[str, Field], path: str) -> list[tuple[str, Msg]]:
    """Check ``record`` against ``spec``; return ``(field path, message)`` pairs, each
    message in both languages.

    An empty list means the record is well formed. ``path`` is the record's own path
    (``metrics[3]``); fields are reported below it (``metrics[3].unit``).
    """
    if not isinstance(record, dict):
        en, zh = type_name(record), type_name(record, "zh")
        return [(path, Msg(f"expected a table, got {en}", f"应为表，实为{zh}"))]
    out: list[tuple[str, Msg]] = []
    for name, field in spec.items():
        if name in record:
            problem = _problem(field, record[name])
            if problem is None:
                continue
        elif field.required:
            problem = Msg(
                f"missing required field (expected {_EXPECT[field.kind]})",
                f"缺少必填字段（应为{_EXPECT_ZH[field.kind]}）",
            )
        else:
            continue
        out.append((f"{path}.{name}" if path else name, problem))
    for name in record:
        if name not in spec:
            where = f"{path}.{name}" if path else name
            known = ", ".join(spec)
            out.append(
                (
                    where,
                    Msg(f"unknown field (known fields: {known})", f"未知字段（已知字段：{known}）"),
                )
            )
    return out


def _problem(field: Field, value: Any) -> Msg | None:
    """What is wrong with ``value`` as ``field``, or None."""
    if not _ok(field.kind, value):
        if isinstance(value, str):
            got = got_zh = f'"{value}"'
        else:
            got, got_zh = type_name(value), type_name(value, "zh")
        return Msg(
            f"expected {_EXPECT[field.kind]}, got {got}",
            f"应为{_EXPECT_ZH[field.kind]}，实为{got_zh}",
        )
    if field.kind == "str" and field.required and not value.strip():
        return Msg("must not be empty", "不能为空")
    if field.kind == "number" and not -MAX_NUMBER <= value <= MAX_NUMBER:
        n = _number(value)
        return Msg(
            f"number out of range, got {n.en} (at most 1e15)",
            f"数字超出范围：{n.zh}（绝对值至多 1e15）",
        )
    if field.kind == "year" and not MIN_YEAR <= value <= MAX_YEAR:
        n = _number(value)
        return Msg(
            f"year out of range, got {n.en} (1 to 9999)",
            f"年份超出范围：{n.zh}（应在 1 到 9999 之间）",
        )
    if field.kind == "count" and not 1 <= value <= MAX_COUNT:
        n = _number(value)
        return Msg(
            f"out of range, got {n.en} (1 to {MAX_COUNT:,})",
            f"超出范围：{n.zh}（应在 1 到 {MAX_COUNT:,} 之间）",
        )
    return None
