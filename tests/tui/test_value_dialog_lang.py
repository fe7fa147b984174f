"""The value dialog's words in one language (issue 12): in English the row's unit and
a known scope are English; in Chinese they are as the data writes them."""

from __future__ import annotations

import re

from tests.helpers.cli import CLI_FIXTURE
from towntui.core.compare import compare
from towntui.core.loader import load
from towntui.tui.dialogs.value import value_lines

CJK = re.compile(r"[\u4e00-\u9fff]")


def _lines(lang: str, key: str, town: str) -> list[str]:
    ds = load([CLI_FIXTURE])
    table = compare(ds, [t.id for t in ds.towns])
    row = next(r for r in table.rows if r.metric.key == key)
    i = next(i for i, t in enumerate(table.towns) if t.id == town)
    cell = row.cells[i]
    assert cell is not None
    return value_lines(ds, table.towns[i], row, cell, lang)


def test_value_dialog_in_english() -> None:
    lines = _lines("en", "fiscal_revenue", "cloud")
    assert lines[1] == "Value: nearly 1.2 CNY 100m"
    assert "Scope: in the year" in lines or not any(ln.startswith("Scope") for ln in lines)
    # only the figure as written (a quote of the article) and data names may be Chinese
    others = [ln for ln in lines if not ln.startswith(("As written:", "Source:", "  "))]
    assert not [ln for ln in others[1:] if CJK.search(ln)]


def test_value_dialog_in_chinese() -> None:
    lines = _lines("zh", "fiscal_revenue", "cloud")
    assert lines[1] == "数值：近1.2 亿元"
