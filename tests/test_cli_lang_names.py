"""The CLI names towns and tells a town's summary in the language chosen (issue 12):
``compare`` heads its columns with the English names in English (the app does the
same), ``show`` prints the summary of that language alone; JSON keeps ids and both."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.helpers.cli import Run

PAIR = ("compare", "yunqi", "yungu", "--metric", "fiscal_revenue")


@pytest.fixture(autouse=True)
def _wide(cli_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def _header(out: str) -> str:
    """The table's header (its title goes to stderr when piped)."""
    return out.splitlines()[0]


def test_compare_heads_columns_with_english_names_in_english(run: Run) -> None:
    code, out, err = run(*PAIR, "--lang", "en", data=None)
    assert code == 0, err
    header = _header(out)
    assert "Yunqi Town" in header and "Zijingang Science and Technology City (Yungu)" in header
    assert "云栖小镇" not in out and "紫金港" not in out


def test_compare_keeps_the_names_as_written_in_chinese(run: Run) -> None:
    code, out, err = run(*PAIR, "--lang", "zh", data=None)
    assert code == 0, err
    assert "云栖小镇" in _header(out) and "Yunqi" not in out


def test_compare_json_and_csv_keep_ids(run: Run) -> None:
    outs = [run(*PAIR, fmt, "--lang", lang, data=None)[1] for fmt in ("--json", "--csv")
            for lang in ("en", "zh")]  # fmt: skip
    assert outs[0] == outs[1] and outs[2] == outs[3]
    assert [t["id"] for t in json.loads(outs[0])["towns"]] == ["yunqi", "yungu"]
    (row,) = csv.DictReader(io.StringIO(outs[2]))
    assert row["yunqi"] == "7.67" and "yungu_source" in row


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_prints_the_summary_of_the_language_chosen(run: Run, lang: str) -> None:
    _, record, _ = run("show", "yunqi", "--json", data=None)
    town = json.loads(record)["town"]
    code, out, err = run("show", "yunqi", "--lang", lang, data=None)
    assert code == 0, err
    shown, hidden = (town["summary_en"], town["summary"])
    if lang == "zh":
        shown, hidden = hidden, shown
    assert shown.split("\n")[0][:40] in out
    assert hidden.split("\n")[0][:40] not in out


@pytest.mark.parametrize("saved", [False, True])
def test_search_names_towns_in_the_language_chosen(run: Run, saved: bool) -> None:
    if saved:  # a first run saves the index; the second answers from it
        run("search", "敦和", "--lang", "en", data=None)
    code, out, err = run("search", "敦和", "--lang", "en", data=None)
    assert code == 0, err
    assert "Yuhuangshan South Fund Town" in out  # the town column
    code, out, err = run("search", "敦和", "--lang", "zh", data=None)
    assert code == 0, err
    assert "玉皇山南基金小镇" in out


@pytest.mark.parametrize("saved", [False, True])
def test_search_hits_say_their_context_in_english_too(run: Run, saved: bool) -> None:
    if saved:
        run("search", "敦和", "--json", data=None)
    code, out, err = run("search", "敦和", "--json", data=None)
    assert code == 0, err
    hit = next(h for h in json.loads(out)["results"] if h["id"] == "dunhe-asset")
    assert "玉皇山南基金小镇" in hit["context"]
    assert "Yuhuangshan South Fund Town" in hit["context_en"]
    assert not any("\u4e00" <= c <= "\u9fff" for c in hit["context_en"]), hit["context_en"]
    code, out, err = run("search", "敦和", "--lang", "en", data=None)
    line = next(x for x in out.splitlines() if "dunhe-asset" in x)
    assert "玉皇山南" not in line.split("Yuhuangshan South Fund Town", 1)[-1], line


def test_search_in_chinese_names_fields_and_kinds_in_chinese(run: Run) -> None:
    code, out, err = run("search", "dunhe", "--lang", "zh", data=None)
    assert code == 0, err
    line = next(x for x in out.splitlines() if "dunhe-asset" in x)
    assert "英文名: Dunhe" in line and "name_en" not in line
    assert "基金 · " in line and "fund" not in line.split("Dunhe Asset Management", 1)[1]
