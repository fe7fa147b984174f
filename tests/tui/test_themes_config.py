"""Themes from files, the user's settings file, and both surviving a restart."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from tests.helpers.tui import AppFactory, wait_for, wait_loaded
from towntui.core import config as settings
from towntui.tui.themes import bundled_themes_dir, load_theme_file, load_themes

# ---------------------------------------------------------------------- config file


def test_missing_config_gives_defaults(config_dir: Path) -> None:
    cfg, problem = settings.load_config()
    assert cfg == settings.Config() and cfg.lang == "zh" and cfg.theme is None
    assert problem is None
    assert settings.config_path() == config_dir / "config.toml"


def test_config_round_trips_through_the_file(config_dir: Path) -> None:
    settings.save_config(settings.Config(theme="light", lang="en"))
    doc = tomllib.loads((config_dir / "config.toml").read_text(encoding="utf-8"))
    assert doc == {"theme": "light", "lang": "en"}
    assert settings.load_config() == (settings.Config(theme="light", lang="en"), None)
    # saving again replaces the file (no FileExistsError) and leaves no temp files
    settings.save_config(settings.Config(theme="dark", lang="zh"))
    assert [p.name for p in config_dir.iterdir()] == ["config.toml"]


@pytest.mark.parametrize(
    "content",
    [b"theme = \n", b"\xff\xfe not utf-8", b"[[[", b'lang = "zh"\nlang = "en"\n'],
)
def test_corrupt_config_is_ignored_with_a_message(config_dir: Path, content: bytes) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_bytes(content)
    cfg, problem = settings.load_config()
    assert cfg == settings.Config()
    assert problem is not None and "config.toml" in problem


def test_bad_values_are_dropped_one_by_one(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text('theme = "light"\nlang = "fr"\ncolour = 1\n')
    cfg, problem = settings.load_config()
    assert cfg == settings.Config(theme="light", lang="zh")
    assert problem is not None and "lang" in problem and "colour" in problem


# ---------------------------------------------------------------------- theme files


def test_bundled_themes_cover_the_promised_kinds() -> None:
    themes = load_themes([bundled_themes_dir()])
    assert themes.problems == []
    by_name = {t.name: t for t in themes.themes}
    assert {"dark", "light", "high-contrast", "terminal"} <= set(by_name)
    assert by_name["dark"].dark and not by_name["light"].dark
    assert by_name["terminal"].ansi


def test_user_theme_overrides_and_broken_files_are_reported(tmp_path: Path) -> None:
    user = tmp_path / "themes"
    user.mkdir()
    (user / "dark.toml").write_text('name = "dark"\nprimary = "#ff0000"\n')
    (user / "mine.toml").write_text('name = "mine"\nprimary = "ansi_red"\ndark = false\n')
    (user / "typo.toml").write_text('name = "typo"\nprimery = "#fff"\n')
    (user / "colour.toml").write_text('name = "colour"\nprimary = "not-a-colour"\n')
    (user / "syntax.toml").write_text("name = \n")
    themes = load_themes([bundled_themes_dir(), user])
    by_name = {t.name: t for t in themes.themes}
    assert by_name["dark"].primary == "#ff0000"
    assert "mine" in by_name and not by_name["mine"].dark
    assert themes.names.count("dark") == 1
    assert len(themes.problems) == 3
    joined = "\n".join(themes.problems)
    assert "typo.toml" in joined and "primery" in joined
    assert "colour.toml" in joined and "not-a-colour" in joined
    assert "syntax.toml" in joined


def test_every_bundled_theme_file_parses() -> None:
    for path in sorted(bundled_themes_dir().glob("*.toml")):
        assert load_theme_file(path).name == path.stem


# ---------------------------------------------------------------------- in the app


async def test_broken_theme_is_reported_once_and_skipped(
    make_app: AppFactory, config_dir: Path
) -> None:
    (config_dir / "themes").mkdir(parents=True)
    (config_dir / "themes" / "bad.toml").write_text("name = 'bad'\n")
    (config_dir / "themes" / "worse.toml").write_text("[[[")
    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        notes = [n for n in app._notifications if n.title == "Themes"]
        assert len(notes) == 1
        assert "bad.toml" in notes[0].message and "worse.toml" in notes[0].message
        assert "bad" not in app.theme_names
        assert app.theme == "dark"


async def test_theme_and_language_survive_a_restart(make_app: AppFactory, config_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        assert app.theme == "dark" and app.lang == "zh"
        await pilot.press("ctrl+p")
        await pilot.press(*"light")  # the command is called "主题：light" in Chinese
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        commands = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: commands.option_count > 0)
        assert "主题：light" in str(commands.get_option_at_index(0).prompt)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.theme == "light")
        await pilot.press("L")
        assert app.lang == "en"
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        assert again.theme == "light"
        assert again.lang == "en"


async def test_theme_option_overrides_without_saving(
    make_app: AppFactory, config_dir: Path
) -> None:
    settings.save_config(settings.Config(theme="light", lang="zh"))
    app = make_app(theme="high-contrast")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        assert app.theme == "high-contrast"
    assert settings.load_config()[0].theme == "light"


async def test_unknown_theme_falls_back_with_a_notice(make_app: AppFactory) -> None:
    app = make_app(theme="no-such-theme")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        assert app.theme == "dark"
        assert any("no-such-theme" in n.message for n in app._notifications)


async def test_corrupt_settings_are_reported_not_fatal(
    make_app: AppFactory, config_dir: Path
) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_bytes(b"\x00\x01 garbage [[")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        assert app.theme == "dark" and app.lang == "zh"
        assert any("config.toml" in n.message for n in app._notifications)


def test_loading_the_bundled_themes_parses_no_colour_that_is_not_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a value that is not a colour makes Textual look for a close colour name (difflib,
    # ~1 ms each): "auto 87%" and the like are told apart before they are parsed
    import textual.color

    from towntui.tui import themes

    failed: list[str] = []
    parse = textual.color.Color.parse.__func__  # type: ignore[attr-defined]

    def counted(cls: type[textual.color.Color], value: object) -> textual.color.Color:
        try:
            return parse(cls, value)  # type: ignore[no-any-return]
        except textual.color.ColorParseError:
            failed.append(str(value))
            raise

    themes.variable_kinds.cache_clear()
    monkeypatch.setattr(textual.color.Color, "parse", classmethod(counted))
    try:
        loaded = load_themes([bundled_themes_dir()])
        kinds = themes.variable_kinds()
    finally:
        themes.variable_kinds.cache_clear()
    assert loaded.problems == [] and kinds["text"] == "auto"
    assert kinds["link-background"] == "initial" and kinds["primary"] == "colour"
    # not even "initial": a colour that fails to parse costs a "did you mean" suggestion
    # (difflib over every colour name, ~2 ms of the app's start)
    assert failed == []
