"""The core's other messages in both languages (issue 12): search filters, year ranges,
the settings file, theme files, the load cache, export targets and OS errors. In English
no Chinese outside the values quoted; in Chinese no English word outside what is shown
literally (names of settings, keys, formats, paths and values)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.helpers.lang import has_cjk, latin_words
from towntui.core import config as settings
from towntui.core.cache import LoadCache
from towntui.core.export import DATASET_TABLES, ExportError, export_target
from towntui.core.fsutil import os_reason
from towntui.core.i18n import Msg
from towntui.core.loader import load
from towntui.core.search import SearchIndex, parse_query
from towntui.core.search.query import KINDS
from towntui.core.timeline import parse_range, range_error
from towntui.tui.themes import load_themes

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _both(msg: Msg, *allowed: str) -> None:
    assert msg.zh and msg.en
    assert not has_cjk(msg.en), msg.en
    assert not latin_words(msg.zh, set(allowed)), (latin_words(msg.zh, set(allowed)), msg.zh)


def test_search_filter_problems_speak_each_language() -> None:
    (unknown,) = parse_query("kind:xyz yunqi").problems
    assert unknown.startswith('unknown kind "xyz"') and unknown.zh.startswith('未知类型 "xyz"')
    _both(unknown, *KINDS)
    (long,) = parse_query("x" * 500).problems
    _both(long)
    index = SearchIndex(load([MINI]))
    (nowhere,) = index.problems("town:nowhere 阿里")
    assert nowhere == 'no town matches "nowhere"'
    assert nowhere.text("zh") == '没有与 "nowhere" 相符的小镇'


def test_year_range_errors_speak_each_language() -> None:
    assert range_error("2020-2010") == "2020 is after 2010"
    assert range_error("2020-2010", "zh") == "2020 在 2010 之后"
    assert range_error("soon", "zh") == "不是年份范围：'soon'（例如 2010-2020、2015、all）"
    assert range_error("2010-2020", "zh") is None
    with pytest.raises(ValueError, match="is after"):
        parse_range("2020-2010")


def test_settings_file_problems_speak_each_language(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('lang = "fr"\ntheme = ""\ncolour = 1\n', "utf-8")
    cfg, msg = settings.load_config(path)
    assert msg is not None and cfg.lang == "zh"
    assert "unknown setting colour ignored" in msg
    _both(msg, "lang", "zh", "en", "theme", "colour")
    path.write_text('lang = "en"\ntheme = = 1\n', "utf-8")
    cfg, msg = settings.load_config(path)
    assert msg is not None and not cfg.readable
    assert f"{path}:2:9 TOML 语法错误：无效的值" in msg.zh
    _both(msg)
    with pytest.raises(settings.ConfigNotSaved) as caught:
        settings.save_config(cfg, path)
    said = settings.save_failure(caught.value, "zh")
    assert said.startswith("设置未保存：设置文件") and not latin_words(said)
    assert settings.save_failure(caught.value, "en").startswith("Settings not saved: settings file")


def test_theme_file_problems_speak_each_language(tmp_path: Path) -> None:
    files = {
        "a.toml": 'name = "a"\nprimary = "not-a-colour"\n',
        "b.toml": 'name = "b"\nprimary = "#fff"\nsparkle = 1\n',
        "c.toml": "name = = 1\n",
        "d.toml": 'name = "d"\n',
        "e.toml": 'name = "e"\nprimary = "#fff"\ndark = "yes"\n',
        "f.toml": 'name = "f"\nprimary = "#fff"\n[variables]\nborder = "bold"\n',
        "g.toml": 'name = "G G"\nprimary = "#fff"\n',
        "h.toml": 'name = "h"\nprimary = "#fff"\ntext_alpha = 3\n',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    themes = load_themes([tmp_path])
    assert len(themes.problems) == len(files), themes.problems
    for msg in themes.problems:
        _both(msg, "primary", "name", "dark", "text_alpha", "variables", "border", "sparkle")


def test_cache_refusals_speak_each_language(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    os.chmod(folder, 0o777)
    cache = LoadCache(folder)
    assert isinstance(cache.refused, Msg)
    assert cache.refused.zh == "缓存文件夹可被他人写入（权限 777）"
    _both(cache.refused)


@pytest.mark.parametrize(
    ("name", "fmt", "several"),
    [
        ("x.json", "csv", False),
        ("x.bin", None, True),
        ("x.csv", None, True),
        ("x.zip", "toml", True),
    ],
)
def test_export_target_refusals_speak_each_language(
    name: str, fmt: str | None, several: bool, tmp_path: Path
) -> None:
    with pytest.raises(ExportError) as caught:
        export_target(name, fmt, several=several)
    _both(caught.value.msg, "csv", "json", "toml", "zip", "dir", "file", *DATASET_TABLES)
    assert str(caught.value) == caught.value.msg.en
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportError) as caught:
        export_target(str(folder), "json", several=True)
    _both(caught.value.msg, "csv", "json", "towntui")


def test_os_errors_have_a_chinese_reason() -> None:
    denied = PermissionError(errno.EACCES, "Permission denied")
    assert os_reason(denied) == "permission denied"
    assert os_reason(denied, "zh") == "权限不足"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device"), "zh") == "磁盘空间不足"
    assert os_reason(OSError(errno.ECONNRESET, "reset"), "zh") == "系统错误 ECONNRESET"
