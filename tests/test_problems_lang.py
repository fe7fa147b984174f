"""Problems in the chosen language (issue 12: errors from the core).

Every problem the loader and the tour reader make has an English and a Chinese form. In
English not one Chinese character shows outside the data values a message quotes; in
Chinese not one English word shows outside field paths, file paths, ids, the data
format's own names and the data values. Line and column read the same in both, the load
cache keeps both forms, and tomllib's messages are translated by pattern.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from broken_cases import CASES, Case, build

from tests.helpers.lang import BROKEN_TOUR, BROKEN_TOWNS, chinese_leaks, english_leaks
from towntui.cli import main
from towntui.core.cache import LoadCache
from towntui.core.i18n import counts
from towntui.core.loader import load
from towntui.core.model import Problem
from towntui.core.tomlerrors import translate
from towntui.core.tour import load_tours

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SUITE = Path(__file__).resolve().parent / "fixtures" / "toml-test" / "invalid"


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOWNTUI_NO_CACHE", "1")
    monkeypatch.delenv("TOWNTUI_DATA", raising=False)


def broken_folder(root: Path) -> Path:
    """A data folder with a problem of (nearly) every kind the loader and tours report."""
    (root / "towns").mkdir(parents=True)
    (root / "tours").mkdir()
    shutil.copy(MINI / "metrics.toml", root / "metrics.toml")
    shutil.copy(MINI / "sources.toml", root / "sources.toml")
    for name, text in BROKEN_TOWNS.items():
        (root / "towns" / name).write_text(text, "utf-8")
    (root / "tours" / "bad.toml").write_text(BROKEN_TOUR, "utf-8")
    return root


def _problems(root: Path) -> list[Problem]:
    ds = load([root])
    return [*ds.problems, *load_tours([root], ds).problems]


def _check_both(problems: list[Problem]) -> None:
    assert problems
    leaks: list[str] = []
    for p in problems:
        assert p.message_zh, f"no Chinese form: {p}"
        leaks += [f"en: {x}" for x in english_leaks(p)]
        leaks += [f"zh: {x}" for x in chinese_leaks(p)]
    assert not leaks, "\n".join(leaks)


def test_every_kind_of_data_problem_speaks_each_language(tmp_path: Path) -> None:
    problems = _problems(broken_folder(tmp_path / "data"))
    assert len(problems) >= 25, [str(p) for p in problems]
    _check_both(problems)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_broken_file_speaks_each_language(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build(case, tmp_path / "data", monkeypatch)
    _check_both(list(load([root]).problems))


def test_place_and_field_read_the_same_in_both(tmp_path: Path) -> None:
    for p in _problems(broken_folder(tmp_path / "data")):
        en, zh = p.format("en"), p.format("zh")
        where = en[: len(en) - len(p.message)]
        assert zh == where + p.message_zh
        assert str(p) == en


def test_the_load_cache_keeps_both_forms(tmp_path: Path) -> None:
    root = broken_folder(tmp_path / "data")
    fresh = load([root]).problems
    cache = LoadCache(tmp_path / "cache")
    load([root], cache=cache)
    cache.save()
    again = LoadCache(tmp_path / "cache")
    cached = load([root], cache=again).problems
    assert again.hits > 0
    assert [p.message_zh for p in cached] == [p.message_zh for p in fresh]
    assert cached == fresh


def test_every_invalid_toml_document_is_translated(tmp_path: Path) -> None:
    towns = tmp_path / "data" / "towns"
    towns.mkdir(parents=True)
    for i, case in enumerate(sorted(SUITE.rglob("*.toml"))):
        shutil.copy(case, towns / f"case{i:03d}.toml")
    problems = list(load([tmp_path / "data"]).problems)
    assert len(problems) > 400
    untranslated = [str(p) for p in problems if "原文" in p.message_zh]
    assert not untranslated, untranslated
    _check_both(problems)


def test_an_unknown_toml_message_keeps_its_text_in_a_chinese_frame() -> None:
    assert translate("Invalid value") == "无效的值"
    assert translate("Cannot declare ('a', 'b') twice") == "不能两次声明 ('a', 'b')"
    assert translate("Something new") == "无法识别的错误（原文：Something new）"


def test_counts_read_naturally() -> None:
    assert counts("en", 1, 1) == "1 error, 1 warning"
    assert counts("en", 4, 0) == "4 errors, 0 warnings"
    assert counts("zh", 4, 1) == "4 个错误，1 个警告"


def _validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--no-bundled", "validate", *args])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_validate_speaks_the_chosen_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken_folder(tmp_path / "data")
    code, out = _validate(capsys, "--lang", lang, str(root))
    assert code == 1
    problems = [p for p in _problems(root)]
    for p in problems:
        assert p.text(lang) in out
    other = p.text("en" if lang == "zh" else "zh")
    assert other not in out
    if lang == "en":
        assert re.search(r"\d+ errors, \d+ warnings?", out), out
    else:
        assert re.search(r"\d+ 个错误，\d+ 个警告", out), out


def test_validate_json_keeps_message_in_english_and_adds_message_zh(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken_folder(tmp_path / "data")
    for lang in ("en", "zh"):
        code = main(["--no-bundled", "validate", "--lang", lang, "--json", str(root)])
        assert code == 1
        records = json.loads(capsys.readouterr().out)["problems"]
        assert records and all(r["message_zh"] for r in records)
        assert not any(
            re.search(r"[\u4e00-\u9fff]", r["message"]) and '"' not in r["message"] for r in records
        )
        by_message = {(r["path"], r["line"], r["field"], r["message"]): r for r in records}
        for p in _problems(root):
            key = (p.path, p.line, p.field, p.message)
            if key in by_message:
                assert by_message[key]["message_zh"] == p.message_zh


def test_every_expected_kind_has_its_chinese() -> None:
    from towntui.core import schema

    assert schema._EXPECT.keys() == schema._EXPECT_ZH.keys()
