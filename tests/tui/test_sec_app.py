"""Issue 16 in the app: nothing read from disk or typed reaches the terminal or the
clipboard raw, crashes the app, or clobbers the user's settings.

Each test failed before its fix (items 2, 3, 5, 6 and 12 of the issue).
"""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.helpers import MINI
from tests.helpers.tui import AppFactory, wait_for, wait_loaded
from towntui.tui.app import TownApp
from towntui.tui.messages import CopyText

#: a bracketed paste ended early, then a command and a newline: what a shell would run
PASTE_BREAK = "\x1b[201~\nrm -rf ~/x\n"
#: an OSC 52 clipboard write and an OSC 0 title (what Rich lets through: ESC \ ends it)
OSC = "\x1b]52;c;ZXZpbA==\x1b\\\x1b]0;pwned\x07"
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]")


def evil_data(root: Path) -> Path:
    """The mini data plus a town whose summary and event carry escape sequences."""
    (root / "towns").mkdir(parents=True)
    shutil.copy(MINI / "metrics.toml", root / "metrics.toml")
    shutil.copy(MINI / "sources.toml", root / "sources.toml")
    for path in (MINI / "towns").glob("*.toml"):
        shutil.copy(path, root / "towns" / path.name)
    doc: dict[str, Any] = {
        "town": {
            "id": "evil",
            "name": "恶意小镇",
            "name_en": "Evil",
            "summary": "第一段" + PASTE_BREAK + "第二段" + OSC,
            "summary_en": "s",
        },
        "events": [
            {
                "id": "evil-ev",
                "date": "2020",
                "title": "事件" + OSC,
                "category": "milestone",
                "entities": ["\x1b]0;pwned\x07", "evil-co"],
                "source": "a000-yunqi",
            }
        ],
        "entities": [
            {
                "id": "evil-co",
                "name": "坏公司" + PASTE_BREAK,
                "kind": "company",
                "role": "角色" + OSC,
                "sources": ["a000-yunqi"],
            }
        ],
    }
    (root / "towns" / "evil.toml").write_text(tomli_w.dumps(doc), "utf-8")
    return root


def osc52_payloads(writes: list[str]) -> list[str]:
    """The texts the terminal was asked to put on the clipboard (OSC 52)."""
    found = []
    for chunk in writes:
        for m in re.finditer(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", chunk):
            found.append(base64.b64decode(m.group(1)).decode("utf-8"))
    return found


# ------------------------------------------------------------------ item 2: copy


async def test_y_on_a_town_copies_clean_text_with_its_own_newlines(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(dirs=[evil_data(tmp_path / "data")])
    copied: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        app.open_town("evil")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert len(copied) == 1
    text = copied[0]
    assert "\x1b" not in text and not RAW.search(text), repr(text)
    assert "␛[201~" in text and "rm -rf ~/x" in text  # shown, not obeyed
    assert text.count("\n") == PASTE_BREAK.count("\n")  # the summary's own newlines only


async def test_every_copy_sends_clean_text_to_the_terminal(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What reaches the terminal (OSC 52) from ``y`` on a screen, ``y`` in a dialog
    (``CopyText``) and Textual's own copies (an input's ``ctrl+c``) is clean."""
    app = make_app(dirs=[evil_data(tmp_path / "data")])
    writes: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        assert app._driver is not None
        monkeypatch.setattr(app._driver, "write", writes.append)
        app.open_town("evil")
        await pilot.pause()
        await pilot.press("y")
        app.screen.post_message(CopyText("对话框" + PASTE_BREAK + OSC))
        await pilot.pause()
        app.copy_to_clipboard("textual" + OSC)  # as Input and screen selections do
        await pilot.pause()
    sent = osc52_payloads(writes)
    assert len(sent) == 3, writes
    for text in sent:
        assert "\x1b" not in text and "\x07" not in text and not RAW.search(text), repr(text)
    assert sent[1] == "对话框␛[201~\nrm -rf ~/x\n␛]52;c;ZXZpbA==␛\\␛]0;pwned␇"
    assert app.clipboard == sent[2]


# ------------------------------------------------------------------ item 3: raw escapes


def assert_clean_screen(app: TownApp) -> str:
    """The current screen as rendered, after checking no segment carries a control."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        for seg in strip:
            assert not RAW.search(seg.text), f"raw control in {seg.text!r}"
        lines.append(strip.text)
    return "\n".join(lines)


def assert_clean_notes(app: TownApp) -> list[str]:
    """Every notification's title and message, after checking none carries a control."""
    texts = []
    for note in app._notifications:
        for text in (note.title, note.message):
            assert not RAW.search(text), f"raw control in a notification: {text!r}"
            texts.append(text)
    return texts


async def test_an_unknown_entity_id_in_the_event_dialog_is_shown_cleaned(
    make_app: AppFactory, tmp_path: Path
) -> None:
    from towntui.tui.dialogs.event import EventDetail

    app = make_app(dirs=[evil_data(tmp_path / "data")])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        app.show_timeline(event="evil-ev")
        await wait_for(pilot, lambda: isinstance(app.screen, EventDetail))
        await pilot.pause()
        text = assert_clean_screen(app)
        assert "␛]0;pwned␇" in text
        assert_clean_notes(app)


async def test_theme_file_problems_are_notified_cleaned(
    make_app: AppFactory, config_dir: Path
) -> None:
    themes = config_dir / "themes"
    themes.mkdir(parents=True)
    (themes / "x\x1b]0;file-title\x07.toml").write_text("name = \n")
    (themes / "colour.toml").write_text(
        tomli_w.dumps({"name": "colour", "primary": "#fff" + OSC}), "utf-8"
    )
    (themes / "keys.toml").write_text(
        tomli_w.dumps({"name": "keys", "primary": "#fff", "\x1b]0;key\x1b\\": 1}), "utf-8"
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        texts = assert_clean_notes(app)
    joined = "\n".join(texts)
    assert "x␛]0;file-title␇.toml" in joined
    assert "#fff␛]52;c;ZXZpbA==" in joined and "␛]0;key␛\\" in joined


async def test_a_theme_name_from_the_settings_or_argv_is_notified_cleaned(
    make_app: AppFactory, config_dir: Path
) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text(tomli_w.dumps({"theme": "t" + OSC}), "utf-8")
    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        assert app.theme == "dark"
        app.set_theme("argv" + OSC)
        await pilot.pause()
        joined = "\n".join(assert_clean_notes(app))
    assert 'No theme called "t␛]52;c;ZXZpbA==' in joined
    assert 'No theme called "argv␛]52' in joined


async def test_a_settings_folder_named_with_escapes_is_notified_cleaned(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cfg\x1b]0;env-title\x07"
    folder.mkdir()
    (folder / "config.toml").write_text("[[[")
    monkeypatch.setenv("TOWNTUI_CONFIG_DIR", str(folder))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        joined = "\n".join(assert_clean_notes(app))
    assert "cfg␛]0;env-title␇" in joined


# ------------------------------------------------------------------ item 5: long queries


@pytest.mark.parametrize(
    "pasted", ["a" * 10_000, "cloud computing " * 700], ids=["a*10000", "cloud*700"]
)
async def test_a_huge_paste_into_search_says_too_long_and_keeps_working(
    make_app: AppFactory, pasted: str
) -> None:
    from textual import events
    from textual.widgets import Input, Static

    from towntui.tui.screens.search import SearchScreen

    app = make_app(lang="en")  # (in Chinese: 查询太长, tests/test_core_messages_lang.py)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        query = screen.query_one("#query", Input)
        status = screen.query_one("#search-status", Static)
        query.post_message(events.Paste(pasted))
        await wait_for(
            pilot,
            lambda: len(query.value) == len(pasted.rstrip()) or len(query.value) == len(pasted),
            tries=200,
        )
        await wait_for(pilot, lambda: "too long" in str(status.render()), tries=200)
        assert screen.hits == []
        # it still searches once the paste is gone
        query.value = "yq"
        await wait_for(pilot, lambda: bool(screen.hits), tries=200)
        assert app.is_running


# ------------------------------------------------------------------ item 6: bad themes


@pytest.mark.parametrize(
    ("variables", "reason"),
    [
        ({"footer-key-foreground": "not-a-colour"}, '"not-a-colour" is not a colour'),
        ({"border": "red blue"}, "is not a colour"),
        ({"border": "#fff\n}"}, "control characters"),
        ({"block-cursor-text-style": "blinky"}, "is not a text style"),
        ({"text-muted": "auto 187%"}, "is not a colour"),
        ({"no-such-variable": "#ffffff"}, "unknown variable: no-such-variable"),
    ],
)
def test_a_theme_is_refused_unless_every_variable_is_of_its_kind(
    tmp_path: Path, variables: dict[str, str], reason: str
) -> None:
    from towntui.tui.themes import load_themes

    doc = {"name": "mine", "primary": "#123456", "variables": variables}
    (tmp_path / "mine.toml").write_text(tomli_w.dumps(doc), "utf-8")
    themes = load_themes([tmp_path])
    assert themes.names == []
    assert len(themes.problems) == 1 and reason in themes.problems[0], themes.problems


def test_variables_of_every_kind_textual_takes_are_accepted(tmp_path: Path) -> None:
    from towntui.tui.themes import load_themes

    variables = {
        "footer-key-foreground": "ansi_bright_red",
        "border": "rgb(10, 20, 30)",
        "block-cursor-background": "#0178D44C",
        "block-cursor-text-style": "bold not underline",
        "text-muted": "auto 70%",
        "text": "#e0e0e0",
        "link-background": "initial",
    }
    doc = {"name": "mine", "primary": "#123456", "variables": variables}
    (tmp_path / "mine.toml").write_text(tomli_w.dumps(doc), "utf-8")
    themes = load_themes([tmp_path])
    assert themes.problems == [] and themes.names == ["mine"]


async def test_a_saved_theme_with_a_bad_variable_is_reported_and_the_default_used(
    make_app: AppFactory, config_dir: Path
) -> None:
    (config_dir / "themes").mkdir(parents=True)
    doc = {"name": "broken", "primary": "#123456"}
    doc["variables"] = {"footer-key-foreground": "not-a-colour"}  # type: ignore[assignment]
    (config_dir / "themes" / "broken.toml").write_text(tomli_w.dumps(doc), "utf-8")
    (config_dir / "config.toml").write_text('theme = "broken"\nlang = "en"\n')
    for _ in range(2):  # and the next start too
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_loaded(pilot)
            await pilot.pause()
            assert app.is_running and app.theme == "dark"
            assert "broken" not in app.theme_names
            joined = "\n".join(n.message for n in app._notifications)
            assert "broken.toml" in joined and "not-a-colour" in joined
            assert 'No theme called "broken"' in joined


async def test_a_theme_that_breaks_the_css_is_not_offered_nor_kept(
    make_app: AppFactory, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the file check (a theme Textual would refuse some other way): the app
    parses its CSS with a user's theme before offering it, and a theme that fails when
    applied falls back to the default instead of ending the app."""
    from textual.theme import Theme

    from towntui.tui import app as app_module
    from towntui.tui.themes import ThemeSet, bundled_themes_dir, load_themes

    bad = Theme(name="sneaky", primary="#123456", variables={"border": "not-a-colour"})

    def themes_with_a_sneaky_one(folders: list[Path]) -> ThemeSet:
        found = load_themes(folders)
        found.themes.append(bad)
        found.files["sneaky"] = config_dir / "themes" / "sneaky.toml"
        return found

    monkeypatch.setattr(app_module, "load_themes", themes_with_a_sneaky_one)
    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        assert "sneaky" not in app.theme_names and "dark" in app.theme_names
        assert any("sneaky.toml" in n.message for n in app._notifications)
        assert bundled_themes_dir().is_dir()
        app.register_theme(bad)  # as if it had passed every check
        app.theme = "sneaky"
        await pilot.pause()
        await wait_for(pilot, lambda: app.theme == "dark")
        assert app.is_running
        assert any('"sneaky" cannot be used' in n.message for n in app._notifications)


# ------------------------------------------------------------------ item 12: settings file


async def test_a_settings_file_the_app_could_not_read_is_kept_and_the_user_told(
    make_app: AppFactory, config_dir: Path
) -> None:
    config_dir.mkdir(parents=True)
    path = config_dir / "config.toml"
    broken = '# mine\ntheme = "light"\nlang = "en\nfuture = 1\n'
    path.write_text(broken, "utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("L")
        await pilot.pause()
        assert app.lang == "en"  # for this run
        await pilot.press("L")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert path.read_text("utf-8") == broken
    assert any("config.toml" in m and "left as it is" in m for m in messages)
    assert sum(m.startswith("Settings not saved") for m in messages) == 1  # once, not per key


async def test_l_keeps_the_theme_comments_and_unknown_keys(
    make_app: AppFactory, config_dir: Path, tmp_path: Path
) -> None:
    config_dir.mkdir(parents=True)
    real = tmp_path / "dotfiles" / "towntui.toml"
    real.parent.mkdir()
    real.write_text('# mine\ntheme = "light"\nlang = "zh"  # zh or en\nfuture = 1\n', "utf-8")
    (config_dir / "config.toml").symlink_to(real)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        assert app.theme == "light"
        await pilot.press("L")
        await pilot.pause()
    assert (config_dir / "config.toml").is_symlink()
    expected = '# mine\ntheme = "light"\nlang = "en"  # zh or en\nfuture = 1\n'
    assert real.read_text("utf-8") == expected
