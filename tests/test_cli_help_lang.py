"""Every word of the CLI in one language (issue 12): argparse's help and usage, its own
errors (``invalid choice``, ``required``, ``unrecognized arguments``) and the messages of
export, tour and serve follow ``--lang`` (else the settings file, else the locale). In
Chinese no English word is left but option names, placeholders (``TOWN``), command,
format and file names; in English there is no Chinese character but data examples.
Exit codes are the same in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.cli import Run
from towntui.core.export import DATASET_TABLES
from towntui.core.model import EVENT_CATEGORIES
from towntui.core.tour import DEFAULT_TOUR

COMMANDS = [
    "towns",
    "show",
    "search",
    "entity",
    "event",
    "timeline",
    "compare",
    "metrics",
    "validate",
    "export",
    "tour",
    "serve",
]

#: Latin words a Chinese help or message may show: the program, command, format and
#: choice names, the pinyin and filter examples, and the default tour's name
LATIN_OK = {
    "towntui", "toml", "json", "csv", "zip", "latest", "yunqi", "yq", "kind", "company",
    "town", "zh", "en", "lang", "stdout", "tours", "hangzhou",
    DEFAULT_TOUR, *COMMANDS, *EVENT_CATEGORIES, *DATASET_TABLES,
}  # fmt: skip
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def english_words(text: str) -> list[str]:
    """The English words of a Chinese text that are none of the allowed kinds."""
    text = re.sub(r"--?[a-z][a-z-]*", "", text)  # option names
    text = re.sub(r"\b[A-Z][A-Z_.]+\b", "", text)  # placeholders: TOWN, DIR, FILE.zip
    text = re.sub(r"'[^']*'", "", text)  # what the user typed, quoted by argparse
    words = re.findall(r"[A-Za-z]{2,}", text)
    return [w for w in words if w.casefold() not in LATIN_OK]


def chinese_in(text: str) -> list[str]:
    """Lines of an English text with a Chinese character (the ``town:云栖`` example of
    search's filters is data)."""
    return [line for line in text.replace("town:云栖", "").splitlines() if CJK.search(line)]


@pytest.fixture(autouse=True)
def _env(cli_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_in_chinese(run: Run, command: str | None) -> None:
    args = ([command] if command else []) + ["--help", "--lang", "zh"]
    code, out, err = run(*args)
    assert code == 0 and not err
    assert out.startswith("用法：towntui") and "显示本帮助并退出" in out
    assert not english_words(out), english_words(out)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_in_english(run: Run, command: str | None) -> None:
    args = ([command] if command else []) + ["--help"]
    code, out, err = run(*args, "--lang", "en")
    assert code == 0 and not err
    assert out.startswith("usage: towntui") and "show this help message and exit" in out
    assert not chinese_in(out)
    assert run(*args)[1] == out  # English is the default in the test locale


def test_chinese_help_is_wrapped_by_cells(run: Run) -> None:
    """A Chinese character takes two cells: no line of the help is wider than 80."""
    from rich.cells import cell_len

    for command in COMMANDS:
        out = run(command, "--help", "--lang", "zh")[1]
        assert max(cell_len(line) for line in out.splitlines()) <= 80, command


def test_locale_and_settings_choose_the_help(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run("--help")[1].startswith("用法：")
    assert run("--help", "--lang", "en")[1].startswith("usage:")
    assert run("--lang=en", "--help")[1].startswith("usage:")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("TOWNTUI_CONFIG_DIR", str(tmp_path))
    (tmp_path / "config.toml").write_text('lang = "zh"\n', encoding="utf-8")
    assert run("compare", "--help")[1].startswith("用法：")
    assert run("compare", "--help", "--lan", "en")[1].startswith("usage:")


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (("bogus",), "无效的选择：'bogus'", "invalid choice: 'bogus'"),
        (("show",), "缺少必需的参数：TOWN", "the following arguments are required: TOWN"),
        (("towns", "--zz"), "无法识别的参数：--zz", "unrecognized arguments: --zz"),
        (
            ("compare", "--year", "x"),
            "参数 --year：需要一个年份",
            "argument --year: expected a year",
        ),
        (("search", "x", "--limit", "0"), "需要至少为 1 的数", "expected a number of at least 1"),
        (("search", "x", "--limit"), "需要一个值", "expected one argument"),
        (("timeline", "--category", "zz"), "无效的选择：'zz'", "invalid choice: 'zz'"),
        (("compare", "--year", "2020", "--series"), "不能与参数", "not allowed with argument"),
        (("serve", "--port", "0"), "需要 1 到 65535 之间的端口号", "expected a port from 1 to"),
        (("tour", "--auto", "x"), "需要秒数", "expected seconds"),
        (("--lang", "fr", "towns"), "无效的选择：'fr'", "invalid choice: 'fr'"),
    ],
)
def test_usage_errors_in_both(
    run: Run, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], zh: str, en: str
) -> None:
    code, out, err = run(*args, "--lang", "en") if "--lang" not in args else run(*args)
    assert code == 2 and not out and en in err and err.startswith("usage: towntui")
    assert not chinese_in(err)
    if "--lang" in args:  # a bad --lang: the locale chooses
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        code, out, err = run(*args)
    else:
        code, out, err = run(*args, "--lang", "zh")
    assert code == 2 and not out and zh in err and err.startswith("用法：towntui")
    assert "towntui" in err and "错误：" in err
    assert not english_words(err), english_words(err)


def test_export_messages_in_chinese(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    code, out, err = run("export", "-o", str(target), "--lang", "zh")
    assert code == 0 and not out and err.startswith("towntui: 已写出 3 个小镇到")
    code, _, err = run("export", "-o", str(target), "--lang", "zh")
    assert code == 1 and "已存在；加 --force 可覆盖它" in err
    code, _, err = run("export", "-o", str(tmp_path / "tables"), "--format", "csv", "--lang", "zh")
    assert code == 0 and "个 CSV 文件到文件夹" in err and "行）" in err
    code, _, err = run("export", "--format", "csv", "--lang", "zh")
    assert code == 2 and "整个数据集的 CSV 是" in err
    code, _, err = run("export", "-o", str(tmp_path / "x.json"), "--format", "toml", "--lang", "zh")
    assert code == 2 and "但格式是 TOML" in err
    code, _, err = run("export", "-o", str(tmp_path / "no" / "x.toml"), "--lang", "zh")
    assert code == 2 and "不存在；加 --parents 可创建它" in err
    code, _, err = run("export", "--json", "--lang", "zh")
    assert code == 2 and "不适用于导出" in err
    for text in (err,):
        assert not english_words(text.replace(str(tmp_path), "")), text


def test_export_messages_in_english(run: Run, tmp_path: Path) -> None:
    code, _, err = run("export", "-o", str(tmp_path / "all.json"), "--lang", "en")
    assert code == 0 and err.startswith("towntui: wrote 3 towns to") and not chinese_in(err)
    code, _, err = run("export", "-o", str(tmp_path / "t.csv"), "--table", "towns")
    assert code == 0 and "the towns table (3 rows)" in err


def test_tour_and_serve_messages_in_chinese(run: Run) -> None:
    code, _, err = run("serve", "--host", "0.0.0.0", "--lang", "zh")
    assert code == 2 and "不是回环地址" in err and not english_words(err)
    code, _, err = run("serve", "--loop", "--lang", "zh")
    assert code == 2 and "要与 --tour 一起用" in err
    code, _, err = run("tour", "--lang", "zh")
    assert code == 2 and "导览需要终端" in err
    code, _, err = run("serve", "--tour", "nowhere", "--lang", "zh")
    assert code == 2 and "没有名为“nowhere”的导览" in err


def test_app_without_a_terminal_in_chinese(run: Run) -> None:
    code, _, err = run("--lang", "zh")
    assert code == 2 and "应用需要终端" in err


def test_no_towns_and_search_filters_in_chinese(run: Run, tmp_path: Path) -> None:
    code, _, err = run("towns", "--lang", "zh", data=tmp_path)
    assert code == 1 and "没有加载任何小镇" in err
    code, _, err = run("search", "kind:zzz", "--lang", "zh")
    assert code == 2 and err.startswith("towntui: 错误：搜索：")
