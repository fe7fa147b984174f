"""Hostile text in the app: shown literally on every screen, never interpreted.

On the data of ``tests/hostile_data.py``: Rich and Textual markup (including a
``[@click=app.quit]`` action and a ``[link=…]``), ANSI and OSC sequences, CR, BEL, C1,
zero-width and right-to-left characters, a very long name, emoji and combining marks.
Each screen is rendered and checked: the literal text (``[bold]``, ``␛[31m``) is on
the screen, no segment carries a raw control character, a click action or a link
from the data, and every line is exactly as wide as the screen.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hostile_data import HOSTILE, RAW_CONTROLS, SHOWN, write_hostile
from textual import events
from textual.command import CommandInput, CommandPalette
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from tests.helpers.tui import AppFactory, plain, wait_for, wait_loaded
from towntui.core.loader import load
from towntui.tui.app import TownApp
from towntui.tui.dialogs.event import EventDetail, event_body
from towntui.tui.dialogs.export import ExportDialog
from towntui.tui.dialogs.keys import HelpScreen
from towntui.tui.dialogs.problems import ProblemsScreen
from towntui.tui.render.glyphs import glyphs
from towntui.tui.render.profile import entity_profile
from towntui.tui.screens.compare import CompareScreen
from towntui.tui.screens.entity import EntityScreen
from towntui.tui.screens.search import SearchScreen
from towntui.tui.screens.timeline import TimelineScreen
from towntui.tui.screens.towns import TownsScreen

SIZE = (160, 50)
TOWN_IDS = [f"h{i:02d}" for i in range(len(HOSTILE))]
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile_app(make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TownApp:
    monkeypatch.chdir(tmp_path)  # an export dialog writes beside the working directory
    return make_app(dirs=[write_hostile(tmp_path / "data")])


@pytest.fixture
def hostile_app_en(make_app: AppFactory, tmp_path: Path) -> TownApp:
    """The hostile data in English (where the problem notes are checked by their text)."""
    return make_app(dirs=[write_hostile(tmp_path / "data")], lang="en")


def screen_text(app: TownApp) -> str:
    """The current screen as rendered, after checking every segment is safe."""
    strips = app.screen._compositor.render_strips()
    width, height = app.size
    assert len(strips) == height
    lines = []
    for strip in strips:
        assert strip.cell_length == width, f"line of {strip.cell_length} cells: {strip.text!r}"
        for seg in strip:
            assert not CONTROL.search(seg.text), f"raw control in {seg.text!r}"
            for ch in RAW_CONTROLS:
                assert ch not in seg.text, f"raw {ch!r} in {seg.text!r}"
            style = seg.style
            if style is not None:
                assert style.link is None or "evil" not in style.link, style.link
                assert "app.quit" not in repr(style.meta), style.meta
        lines.append(strip.text)
    return "\n".join(lines)


def widget_text(app: TownApp, selector: str, width: int = 400) -> str:
    return plain(app.screen.query_one(selector, Static), width=width)


async def _start(pilot: Any) -> TownApp:
    await wait_loaded(pilot)
    app = pilot.app
    assert isinstance(app, TownApp)
    assert len(app.dataset.towns) == len(HOSTILE) + 1
    return app


async def test_towns_list_and_every_profile(hostile_app: TownApp) -> None:
    async with hostile_app.run_test(size=SIZE) as pilot:
        app = await _start(pilot)
        screen = app.screen
        assert isinstance(screen, TownsScreen)
        text = screen_text(app)
        assert "[bold]粗体[/]" in text and "[@click=app.quit]退出[/]" in text
        assert "␛[31m红色" in text
        for i, (key, _) in enumerate(HOSTILE.items()):
            screen.select_town(f"h{i:02d}")
            await pilot.pause()
            profile = widget_text(app, "#profile")
            if key in SHOWN:
                assert SHOWN[key] in profile, (key, profile[:300])
            assert not CONTROL.search(profile.replace("\n", ""))
            screen_text(app)
        await pilot.press("y")  # copying hostile text is safe too
        assert app.is_running


async def test_search_results(hostile_app: TownApp) -> None:
    async with hostile_app.run_test(size=SIZE) as pilot:
        app = await _start(pilot)
        await pilot.press("slash")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        query = screen.query_one("#query", Input)
        for text in ("粗体", "[bold", "点我", "红色", "alias", "h0"):
            query.value = text
            await wait_for(pilot, lambda t=text: screen._query == t)  # type: ignore[misc]
            await pilot.pause()
            screen_text(app)
        # a paste can carry anything: the input keeps only what is safe to draw
        query.value = ""
        query.post_message(events.Paste("\x1b]0;title\x07红\x1b[31m色\u202e\r\nsecond line"))
        await wait_for(pilot, lambda: query.value == "]0;title红[31m色")
        await pilot.pause()
        screen_text(app)
        screen.query_one("#query", Input).value = "粗体"
        await wait_for(pilot, lambda: bool(screen.hits) and screen._query == "粗体")
        await pilot.pause()
        assert "[bold]粗体[/]" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        screen_text(app)


#: the kinds worth a screen of their own (markup that could crash a title, escapes,
#: widths); every kind is checked through the renderers below
ON_SCREEN = ["rich_close", "rich_link", "rich_click", "textual_vars", "ansi", "rtl", "long"]


def test_every_entity_profile_and_event_body_is_literal(tmp_path: Path) -> None:
    ds = load([write_hostile(tmp_path / "data")])
    for town_id, key in zip(TOWN_IDS, HOSTILE, strict=True):
        for lang in ("zh", "en"):
            record = plain(
                entity_profile(ds, ds.entities[f"{town_id}-co"], lang, glyphs(False)), 400
            )
            event = next(e for e in ds.events if e.town == town_id)
            body = plain(Content("\n").join(event_body(event, ds, lang, glyphs(True))), 400)
            for text in (record, body):
                assert not CONTROL.search(text.replace("\n", "")), key
                if key in SHOWN:
                    assert SHOWN[key] in text or SHOWN[key].replace("␍", " ") in text, key


async def test_entity_screens(hostile_app: TownApp) -> None:
    async with hostile_app.run_test(size=SIZE) as pilot:
        app = await _start(pilot)
        for key in ON_SCREEN:
            town_id = TOWN_IDS[list(HOSTILE).index(key)]
            app.open_entity(f"{town_id}-co")
            await wait_for(pilot, lambda: bool(app.screen.query("#entity-record")))
            assert isinstance(app.screen, EntityScreen)
            await pilot.pause()
            lines = screen_text(app).splitlines()
            if key in SHOWN:
                # the pane's title is the name, literally (cropped to the pane)
                assert SHOWN[key][:10] in lines[0] + lines[1], key
            await pilot.press("j", "k", "escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, EntityScreen))
        assert app.is_running


@pytest.mark.slow
async def test_timeline_and_event_dialogs(hostile_app: TownApp) -> None:
    async with hostile_app.run_test(size=SIZE) as pilot:
        app = await _start(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]粗体[/]" in text and "␛[31m红色" in text
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        for key in ON_SCREEN:  # the event dialog of each
            screen.set_filter(towns=[TOWN_IDS[list(HOSTILE).index(key)]])
            await pilot.press("g", "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, EventDetail))
            screen_text(app)
            await pilot.press("escape")
        screen.set_filter(towns=None)
        await pilot.press("t")  # the town picker lists hostile names
        await pilot.pause()
        assert "[bold]粗体[/]" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, TimelineScreen)


async def test_compare_pickers_and_export_dialog(hostile_app: TownApp) -> None:
    async with hostile_app.run_test(size=SIZE) as pilot:
        app = await _start(pilot)
        for tid in TOWN_IDS[:6]:
            app.toggle_mark(tid)
        await pilot.press("4")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]粗体[/]" in text and "[/]孤立的结束标签" in text
        await pilot.press("a")  # add-town picker
        await pilot.pause()
        screen_text(app)
        await pilot.press("escape", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
        await pilot.pause()
        screen_text(app)
        await pilot.press("escape")
        for tid in TOWN_IDS[6:]:
            app.toggle_mark(tid)
        await pilot.pause()
        screen_text(app)


async def test_keys_screen_of_every_main_screen(hostile_app: TownApp) -> None:
    async with hostile_app.run_test(size=SIZE) as pilot:
        app = await _start(pilot)
        app.toggle_mark("h00")
        app.toggle_mark("h01")
        for mode in ("towns", "search", "timeline", "compare"):
            app.action_goto(mode)
            await pilot.pause()
            app.action_keys()
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
            await pilot.pause()
            screen_text(app)
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))


async def test_problems_quote_hostile_text_literally(hostile_app_en: TownApp) -> None:
    async with hostile_app_en.run_test(size=SIZE) as pilot:
        app = await _start(pilot)
        notes = [n for n in app._notifications if n.title == "Data problems"]
        assert len(notes) == 1
        assert not CONTROL.search(notes[0].message.replace("\n", ""))
        app.show_problems()
        await wait_for(pilot, lambda: bool(app.screen.query("#help-keys")))
        assert isinstance(app.screen, ProblemsScreen)
        listed = widget_text(app, "#help-keys")
        assert 'unknown unit "␛]0;title␇亿圆[/]"' in listed
        assert '"[@click=app.quit]x"' in listed
        assert "metrics[2].␛[31m[bold]field[/]" in listed
        assert "zz-␛]0;owned␇<U+202E>[bold]name[red].toml:2:6: invalid TOML" in listed
        text = screen_text(app)
        assert "[@click=app.quit]x" in text


async def test_palette_jumps_to_hostile_names(hostile_app: TownApp) -> None:
    async with hostile_app.run_test(size=SIZE) as pilot:
        app = await _start(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        for query in ("bold", "click", "h0"):
            await pilot.press(*query)
            await pilot.pause(0.1)
            screen_text(app)
            await pilot.press(*["backspace"] * len(query))
        await pilot.press("escape")
        assert app.is_running


async def test_a_paste_into_the_palette_keeps_only_what_is_safe_to_draw(
    hostile_app: TownApp,
) -> None:
    async with hostile_app.run_test(size=SIZE) as pilot:
        app = await _start(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        palette_input = app.screen.query_one(CommandInput)
        palette_input.post_message(events.Paste("\x1b]0;title\x07h0\x1b[31m\u202e\r\nline 2"))
        await wait_for(pilot, lambda: palette_input.value == "]0;titleh0[31m")
        await pilot.pause(0.1)
        text = screen_text(app)
        assert "]0;titleh0[31m" in text
        # still Textual's borderless palette input (its CSS comes with it)
        assert palette_input.styles.border_top[0] in ("", "blank", "none")
        await pilot.press("escape")
        assert app.is_running


async def test_english_labels_and_ascii_mode(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(dirs=[write_hostile(tmp_path / "data")], ascii=True, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot)
        for key in ("1", "j", "j", "space", "j", "space", "3", "4", "2"):
            await pilot.press(key)
            await pilot.pause()
            screen_text(app)
        await pilot.press("escape", "escape", "tab", "1")  # leave the search input first
        await wait_for(pilot, lambda: isinstance(app.screen, TownsScreen))
        olist = app.screen.query_one("#town-list", OptionList)
        assert olist.option_count == len(HOSTILE) + 1
