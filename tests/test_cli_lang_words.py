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


#: A field key shown as a word (``name_en``): data format, not English.
FIELD_KEY = re.compile(r"\b[a-z]+_en\b")


@pytest.mark.parametrize(
    "args",
    [
        ("search", "cloud", "--limit", "50"),
        ("search", "town", "--limit", "200"),
        ("towns",),
        ("show", "yunqi"),
        ("entity", "alibaba-cloud"),
        ("event", "yunqi-2015-innovation-ranch"),
        ("timeline",),
    ],
)
def test_english_text_names_no_field_key(run: Run, args: tuple[str, ...]) -> None:
    """The matched column said ``name_en: Alibaba Cloud`` and the towns table had a
    ``name_en`` column: in English text the words are English (``English name``); the
    keys stay in ``--json`` and ``--csv``."""
    code, out, err = run(*args, "--lang", "en", data=None)  # the bundled data
    assert code == 0, err
    assert not FIELD_KEY.findall(out), FIELD_KEY.findall(out)


def test_english_text_says_what_a_search_matched_in_words(run: Run) -> None:
    out = run("search", "cloud", "--lang", "en", data=None)[1]
    assert "English name: Alibaba Cloud" in out
    data = run("search", "cloud", "--lang", "en", "--json", data=None)[1]
    assert '"name_en"' in data  # the JSON keeps the key


def test_english_towns_table_gives_district_and_kind_in_english(run: Run) -> None:
    """The English towns table showed 西湖区 and 特色小镇 although the data gives
    Xihu District and characteristic town (as ``show`` does)."""
    out = run("towns", "--lang", "en", data=None)[1]
    yunqi = next(line for line in out.splitlines() if line.startswith("yunqi"))
    assert "Xihu District" in yunqi and "characteristic town" in yunqi
    assert "西湖区" not in yunqi and "特色小镇" not in yunqi
    out = run("towns", "--lang", "zh", data=None)[1]
    yunqi = next(line for line in out.splitlines() if line.startswith("yunqi"))
    assert "西湖区" in yunqi and "特色小镇" in yunqi
    csv = run("towns", "--lang", "en", "--csv", data=None)[1]
    assert "西湖区" in csv  # the CSV keeps the fields as written
