"""``--lang``: the CLI's text output in one language (issue 12). In Chinese no English
word is shown but the data's own (names, titles, ids, keys) and command or format names;
in English the output is as before; ``--json`` and ``--csv`` are the same in both."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.helpers.cli import CLI_FIXTURE, Run, strings

#: words that may stay Latin in Chinese output: the program, command and option names
#: (quoted in messages: `towntui validate`), units written as data, and format names
ALLOWED = {"towntui", "entity", "event", "name", "id", "validate", "json", "csv", "limit", "km"}


def _data_words() -> set[str]:
    """Every word of the fixture's data: values, not keys (``title_en = "..."``)."""
    words: set[str] = set()
    for path in CLI_FIXTURE.rglob("*.toml"):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        for text in strings(doc):
            words.update(w.casefold() for w in re.findall(r"[A-Za-z]{2,}", text))
    return words | {p.stem.casefold() for p in CLI_FIXTURE.rglob("*.toml")}


DATA_WORDS = _data_words()


def _leaks(text: str) -> list[str]:
    """Lines of ``text`` with an English word that is neither data, nor a name, nor what
    the user typed (quoted “like this”)."""
    found = []
    for line in text.splitlines():
        line = re.sub(r"“[^”]*”", "", line)  # the user's own words, quoted
        line = re.sub(r"--[a-z-]+", "", line)  # option names
        words = [
            w
            for w in re.findall(r"[A-Za-z]{2,}", line)
            if w.casefold() not in DATA_WORDS and w.casefold() not in ALLOWED
        ]
        if words:
            found.append(f"{words}: {line.strip()}")
    return found


@pytest.fixture(autouse=True)
def _env(cli_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def _zh(run: Run, *args: str) -> tuple[int, str]:
    code, out, err = run(*args, "--lang", "zh")
    assert not _leaks(out + err), _leaks(out + err)
    return code, out + err


def test_towns_in_chinese(run: Run) -> None:
    code, text = _zh(run, "towns")
    assert code == 0
    assert "名称" in text and "云端小镇" in text


def test_unknown_town_in_chinese(run: Run) -> None:
    code, text = _zh(run, "show", "nowhere")
    assert code == 2
    assert "未知小镇“nowhere”" in text


def test_show_in_chinese(run: Run) -> None:
    code, text = _zh(run, "show", "cloud")
    assert code == 0
    assert "指标 (" in text and "来源 (" in text and "所在区" in text


def test_search_in_chinese(run: Run) -> None:
    code, text = _zh(run, "search", "yd")
    assert code == 0 and "类型" in text and "拼音" in text
    code, text = _zh(run, "search", "zzzzqqq")
    assert code == 1 and "没有与“zzzzqqq”匹配的结果" in text
    code, text = _zh(run, "search", "云", "--limit", "1")
    assert "显示 1 个" in text


def test_validate_in_chinese(run: Run) -> None:
    code, text = _zh(run, "validate")
    assert code == 0 and "1 个文件夹中有 3 个小镇：没有问题" in text


def test_compare_in_chinese(run: Run) -> None:
    code, text = _zh(run, "compare", "--all")
    assert code == 0 and "最新数字" in text and "该行领先" in text and "年份不同" in text
    code, text = _zh(run, "compare", "--all", "--year", "1999")
    assert code == 1 and "没有可比较的数字（1999 年）" in text
    code, text = _zh(run, "compare", "cloud")
    assert code == 2 and "至少需要两个" in text


def test_metrics_in_chinese(run: Run) -> None:
    code, text = _zh(run, "metrics")
    assert code == 0 and "个指标中有" in text and "口径" in text


def test_entity_and_event_in_chinese(run: Run) -> None:
    code, text = _zh(run, "entity", "cloud-co")
    assert code == 0 and "字段" in text and "小镇 (" in text
    code, text = _zh(run, "event", "dream-e2")
    assert code == 0 and "日期" in text and "来源 (1)" in text


def test_timeline_in_chinese(run: Run) -> None:
    code, text = _zh(run, "timeline")
    assert code == 0 and "个事件" in text and "类别" in text
    code, text = _zh(run, "timeline", "--from", "1990", "--to", "1991")
    assert code == 1 and "没有事件" in text


def test_lang_before_the_command_too(run: Run) -> None:
    code, out, _ = run("--lang", "zh", "towns")
    assert code == 0 and "名称" in out


def test_locale_chooses_without_flag(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "名称" in run("towns")[1]
    assert "name" in run("towns", "--lang", "en")[1]


def test_config_lang_chooses_over_locale(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TOWNTUI_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    (tmp_path / "config.toml").write_text('lang = "zh"\n', encoding="utf-8")
    assert "名称" in run("towns")[1]
    assert "name" in run("towns", "--lang", "en")[1]


@pytest.mark.parametrize(
    "args",
    [("towns",), ("show", "cloud"), ("search", "yd"), ("compare", "--all"), ("validate",)],
)
def test_english_is_the_default_and_unchanged(run: Run, args: tuple[str, ...]) -> None:
    """In the test locale (C.UTF-8, no settings) the output is English, as ``--lang en``."""
    assert run(*args) == run(*args, "--lang", "en")
    assert not re.search(r"[\u4e00-\u9fff]", run(*args)[2])


@pytest.mark.parametrize(
    "args",
    [
        ("towns", "--json"),
        ("towns", "--csv"),
        ("show", "cloud", "--json"),
        ("search", "云", "--json"),
        ("search", "云", "--csv"),
        ("compare", "--all", "--json"),
        ("compare", "--all", "--csv"),
        ("validate", "--json"),
        ("metrics", "--json"),
        ("timeline", "--csv"),
    ],
)
def test_machine_formats_are_the_same_in_both(run: Run, args: tuple[str, ...]) -> None:
    assert run(*args, "--lang", "zh")[1] == run(*args, "--lang", "en")[1] == run(*args)[1]
