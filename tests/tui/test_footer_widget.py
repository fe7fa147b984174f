"""The footer is one widget that draws its keys itself (issue 17, goal 1): no widget per
key is made, mounted and styled at start or at each screen, language or width change;
a click on a key still runs it, and the key under the pointer still says what it does.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot

from tests.helpers.tui import AppFactory, screen_text, wait_for, wait_loaded
from towntui.tui.app import TownApp
from towntui.tui.keys import help_of
from towntui.tui.widgets.footer import TownFooter


def _footer_row(app: TownApp) -> str:
    return screen_text(app).splitlines()[-1]


def _column_of(app: TownApp, text: str) -> int:
    """The cell just inside ``text`` (a key as the footer shows it, with a space before)."""
    row = _footer_row(app)
    assert text in row, row
    return cell_len(row[: row.index(text)]) + 1


async def _footer(pilot: Pilot[Any]) -> TownFooter:
    await wait_loaded(pilot)
    await pilot.pause(0.2)
    return pilot.app.screen.query_one(TownFooter)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_footer_is_one_widget(make_app: AppFactory, lang: str) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(100, 24)) as pilot:
        for key in "1343":
            await pilot.press(key)
            footer = await _footer(pilot)
            assert list(footer.children) == []
            assert list(app.screen.query("FooterKey, FooterLabel, KeyGroup")) == []
            assert "?" in _footer_row(app)


async def test_a_click_on_a_key_runs_it(make_app: AppFactory) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(100, 24)) as pilot:
        await _footer(pilot)
        await pilot.click(TownFooter, offset=(_column_of(app, " t Timeline "), 0))
        await wait_for(pilot, lambda: app.current_mode == "timeline")
        await _footer(pilot)
        await pilot.click(TownFooter, offset=(_column_of(app, " 1234 ") + 1, 0))  # "2"
        await wait_for(pilot, lambda: app.current_mode == "search")


async def test_a_click_on_the_palette_key_opens_the_palette(make_app: AppFactory) -> None:
    from textual.command import CommandPalette

    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await _footer(pilot)
        await pilot.click(TownFooter, offset=(_column_of(app, "▏^p 命令"), 0))
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_key_under_the_pointer_says_what_it_does(make_app: AppFactory, lang: str) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(100, 24)) as pilot:
        footer = await _footer(pilot)
        question = next(
            b for _n, b, _e, _t in app.screen.active_bindings.values() if b.action == "keys"
        )
        x = _column_of(app, " ? ")
        await pilot.hover(TownFooter, offset=(x, 0))
        await pilot.pause()
        assert footer.tooltip == help_of(lang, question)
        assert footer.hovered_key == "question_mark" and footer.styles.pointer == "pointer"
        other = "en" if lang == "zh" else "zh"
        await pilot.press("L")  # the help follows the language
        await wait_for(pilot, lambda: footer.tooltip == help_of(other, question))
        await pilot.press("L")
        await wait_for(pilot, lambda: footer.tooltip == help_of(lang, question))
        await pilot.hover(TownFooter, offset=(footer.size.width - 30, 0))  # the gap
        await pilot.pause()
        assert footer.tooltip is None and footer.hovered_key is None


async def test_the_footer_follows_the_language_and_the_width(make_app: AppFactory) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(120, 24)) as pilot:
        await _footer(pilot)
        assert " q Quit " in _footer_row(app)
        await pilot.press("L")
        await wait_for(pilot, lambda: " q 退出 " in _footer_row(app))
        await pilot.resize_terminal(44, 24)
        await wait_for(pilot, lambda: " q 退出 " not in _footer_row(app))
        row = _footer_row(app)
        assert " ? 按键 " in row and row.rstrip().endswith("▏^p 命令"), row
        await pilot.resize_terminal(120, 24)
        await wait_for(pilot, lambda: " q 退出 " in _footer_row(app))


async def test_the_footer_follows_the_focus(make_app: AppFactory) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(100, 24)) as pilot:
        await _footer(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: _footer_row(app).startswith(" esc Back  "))
        assert " ? Keys " not in _footer_row(app)  # the query field takes the letters
        await pilot.press("y", "q", "tab")
        await wait_for(pilot, lambda: " ? Keys " in _footer_row(app))
