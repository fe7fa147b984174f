"""Collecting the problems of one data file: each with its field path and, for the
records of an array table, the line of the record's header; at most
:data:`MAX_PROBLEMS_PER_FILE` listed, the rest counted."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from towntui.core import schema
from towntui.core.loader.reading import header_lines
from towntui.core.model import Problem, Severity

#: A reference made by a record that was not kept: (field path, "source" | "town" |
#: "entity", id). The linker reports the ids that do not exist.
Ref = tuple[str, str, str]

#: What :meth:`Collector.freeze` keeps of a file: kept indexes and header lines by array.
Frozen = tuple[dict[str, list[int]], dict[str, list[int]]]

#: At most this many problems of one file are listed; the rest are counted in one more
#: problem (a file of 400,000 broken records would list millions of lines).
MAX_PROBLEMS_PER_FILE = 1000

_NONE_BAD: frozenset[str] = frozenset()

_RECORD_PATH = re.compile(r"(\w+)\[(\d+)\]")

#: The Chinese of the things messages name (``unknown source``: 未知来源).
NOUNS_ZH = {
    "source": "来源",
    "town": "小镇",
    "entity": "实体",
    "event": "事件",
    "metric": "指标",
    "unit": "单位",
    "qualifier": "限定词",
    "entity kind": "实体类型",
    "category": "类别",
    "screen": "界面",
    "goal": "目标",
    "ranking": "排名",
    "slogan": "口号",
    "slogan kind": "口号类型",
    "programme": "计划",
}


def noun_zh(what: str) -> str:
    """The Chinese of ``what`` (a thing a message names), or ``what`` if it has none."""
    return NOUNS_ZH.get(what, what)


class Collector:
    """Problems of one file, with line numbers for array-table entries where known.

    Takes the file's name as shown, its text (for header lines) and the list the
    problems go to.
    """

    def __init__(self, display: str, text: str, out: list[Problem]) -> None:
        self.display = display
        self.text = text
        self.out = out
        self._lines: dict[str, list[int]] = {}
        #: for each array, the file index of every record that was kept
        self.kept: dict[str, list[int]] = {
            "metrics": [],
            "events": [],
            "entities": [],
            "goals": [],
            "rankings": [],
            "slogans": [],
        }
        #: the references of the records that were not kept, checked when linking
        self.refs: list[Ref] = []
        #: problems listed, and problems over MAX_PROBLEMS_PER_FILE only counted
        self.listed = 0
        self.hidden = 0

    def at(self, array: str, kept_index: int) -> str:
        """The field path of a kept record, with its index in the file."""
        return f"{array}[{self.kept[array][kept_index]}]"

    def line_of(self, array: str, index: int) -> int | None:
        """The line of the ``index``-th ``[[array]]`` header, or None if there is none."""
        if array not in self._lines:  # every array's lines at once: one pass over the text
            self._lines.update(header_lines(self.text, {array, *self.kept}))
        lines = self._lines[array]
        return lines[index] if 0 <= index < len(lines) else None

    def add(
        self,
        field_path: str,
        message: str,
        message_zh: str,
        *,
        line: int | None = None,
        severity: str = "error",
    ) -> None:
        """Report ``message`` (in English, and ``message_zh`` in Chinese) at
        ``field_path`` (its line found from the path when not given); past
        :data:`MAX_PROBLEMS_PER_FILE` problems it is only counted."""
        if self.listed >= MAX_PROBLEMS_PER_FILE:
            self.hidden += 1
            return
        self.listed += 1
        if line is None:
            m = _RECORD_PATH.match(field_path)
            if m:
                line = self.line_of(m.group(1), int(m.group(2)))
        sev: Severity = "warning" if severity == "warning" else "error"
        self.out.append(
            Problem(self.display, message, field_path or None, line, None, sev, message_zh)
        )

    def summarise(self) -> None:
        """Count the problems that were not listed in one more problem."""
        if self.hidden:
            self.out.append(
                Problem(
                    self.display,
                    f"{self.hidden:,} more problem{'s' if self.hidden != 1 else ''} in this "
                    f"file not listed (the first {MAX_PROBLEMS_PER_FILE:,} are)",
                    message_zh=f"此文件另有 {self.hidden:,} 个问题未列出"
                    f"（只列出前 {MAX_PROBLEMS_PER_FILE:,} 个）",
                )
            )
            self.hidden = 0

    def freeze(self) -> Frozen:
        """Keep what link-time reports need, and let the text go (~50 MB at 1,000 towns
        if every collector held its text until linking): returns the kept indexes and
        the header lines of the arrays."""
        lines = self._lines
        if not self._lines.keys() >= self.kept.keys():
            lines = header_lines(self.text, self.kept)
        self._lines, self.text = lines, ""
        return self.kept, lines

    @classmethod
    def thaw(
        cls,
        display: str,
        frozen: Frozen,
        out: list[Problem],
        refs: Iterable[Ref] = (),
    ) -> Collector:
        """A collector for a file restored from the cache: takes what :meth:`freeze`
        returned, the list problems go to and the references of the records not kept."""
        col = cls(display, "", out)
        col.kept, col._lines = frozen
        col.refs = list(refs)
        return col

    def known(self, path: str, what: str, value: str, choices: Collection[str]) -> bool:
        """Whether ``value`` is one of ``choices``; if not, report it at ``path``."""
        if value in choices:
            return True
        known = ", ".join(choices)
        self.add(
            path,
            f'unknown {what} "{value}" (known: {known})',
            f'未知{noun_zh(what)} "{value}"（已知：{known}）',
        )
        return False

    def check(self, record: Any, spec: Any, path: str) -> bool:
        """Check ``record`` against ``spec``, reporting every problem; True if none."""
        return self.fields(record, spec, path) is _NONE_BAD

    def fields(self, record: Any, spec: Any, path: str) -> AbstractSet[str] | None:
        """Check ``record`` against ``spec``, reporting every problem.

        Returns the names of the fields that are wrong (missing, mistyped or unknown),
        so the checks that look inside the other fields still run and report too; None
        when the record is not a table at all.
        """
        errors = schema.check(record, spec, path)
        for where, msg in errors:
            self.add(where, msg.en, msg.zh)
        if not isinstance(record, dict):
            return None
        if not errors:  # most records: no set to build
            return _NONE_BAD
        return {where[len(path) + 1 :] for where, _ in errors}

    def refer(self, path: str, what: str, values: Iterable[str]) -> None:
        """Remember that a record not kept names ``values`` (sources, towns, entities) at
        ``path``: they are checked when linking, like the references of kept records."""
        self.refs.extend((path, what, v) for v in values)
