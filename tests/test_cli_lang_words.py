"""The words around the data in one language (issue 12): in English the metric labels,
units and scopes of ``compare`` and ``metrics`` are English (the towns' names, data, stay
as written); in Chinese they are as the data writes them."""

from __future__ import annotations

import re

import pytest

from tests.helpers.cli import Run
from towntui.core.comparability import scope_label

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
TOWN_NAMES = ("艺创小镇", "云端小镇", "梦想小镇")


@pytest.fixture(autouse=True)
def _env(cli_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")


def _chinese(text: str) -> list[str]:
    for name in TOWN_NAMES:
        text = text.replace(name, "")
    return [line for line in text.splitlines() if CJK.search(line)]


@pytest.mark.parametrize(
    "args", [("compare", "--all"), ("compare", "--all", "--series"), ("metrics",)]
)
def test_compare_and_metrics_in_english(run: Run, args: tuple[str, ...]) -> None:
    code, out, err = run(*args, "--lang", "en")
    assert code == 0
    assert not _chinese(out + err), _chinese(out + err)


def test_compare_words_in_english(run: Run) -> None:
    out = run("compare", "--all", "--lang", "en")[1]
    assert "Fiscal revenue" in out and "CNY 100m (in the year)" in out
    out = run("metrics", "--lang", "en")[1]
    assert "Enterprises" in out and "km²" in out and "in the year" in out


def test_compare_words_in_chinese(run: Run) -> None:
    out = run("compare", "--all", "--lang", "zh")[1]
    assert "财政总收入" in out and "亿元 (当年)" in out
    out = run("metrics", "--lang", "zh")[1]
    assert "企业数量" in out and "平方公里" in out and "当年" in out


def test_scope_labels() -> None:
    assert [scope_label(s, "en") for s in ("累计", "当年", "存量")] == [
        "cumulative",
        "in the year",
        "standing",
    ]
    assert scope_label("当年", "zh") == "当年"
    assert scope_label("集团口径", "en") == "集团口径"  # a definition: data, as written
