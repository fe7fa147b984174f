"""The language of the CLI's output: ``--lang``, else the settings file's own ``lang``,
else the locale (``zh*`` → zh), else English."""

from __future__ import annotations

from pathlib import Path

from towntui.core.config import Config, load_config, locale_lang, resolve_lang


def _cfg(tmp_path: Path, text: str | None) -> Config:
    path = tmp_path / "config.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    return load_config(path)[0]


def test_flag_wins_over_config_and_locale(tmp_path: Path) -> None:
    cfg = _cfg(tmp_path, 'lang = "zh"\n')
    assert resolve_lang("en", cfg, {"LANG": "zh_CN.UTF-8"}) == "en"
    assert resolve_lang("zh", _cfg(tmp_path, 'lang = "en"\n'), {"LANG": "C"}) == "zh"


def test_config_set_explicitly_wins_over_locale(tmp_path: Path) -> None:
    assert resolve_lang(None, _cfg(tmp_path, 'lang = "en"\n'), {"LANG": "zh_CN.UTF-8"}) == "en"
    assert resolve_lang(None, _cfg(tmp_path, 'lang = "zh"\n'), {"LANG": "C.UTF-8"}) == "zh"


def test_the_apps_default_is_not_a_choice(tmp_path: Path) -> None:
    """No file, or a file without ``lang`` (or a bad one): the locale decides."""
    for text in (None, 'theme = "nord"\n', 'lang = "fr"\n'):
        cfg = _cfg(tmp_path, text)
        assert not cfg.lang_set
        assert resolve_lang(None, cfg, {"LANG": "C.UTF-8"}) == "en"
        assert resolve_lang(None, cfg, {"LANG": "zh_TW.UTF-8"}) == "zh"


def test_locale_order_then_english() -> None:
    assert locale_lang({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"
    assert locale_lang({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert locale_lang({"LC_MESSAGES": "zh_CN", "LANG": "C"}) == "zh"
    assert locale_lang({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}) == "zh"
    assert locale_lang({}) is None
    assert resolve_lang(None, Config(), {}) == "en"
