"""The header is one widget that draws its icon and titles itself (issue 17, goal 1)."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from tests.helpers.tui import AppFactory, screen_text, wait_for, wait_loaded
from towntui.core.catalogue import key_help
from towntui.tui.widgets.header import TownHeader


@pytest.mark.parametrize("key", ["1", "3", "4"])
async def test_the_header_is_one_widget(make_app: AppFactory, key: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press(key)
        await pilot.pause(0.2)
        header = app.screen.query_one(TownHeader)
        assert list(header.children) == []
        assert list(app.screen.query("Header, HeaderIcon, HeaderTitle, HeaderClockSpace")) == []
        assert screen_text(app).splitlines()[0].startswith(" =  ")


async def test_the_header_shows_the_progress_in_the_sub_title(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await wait_loaded(pilot)
        app.sub_title = "载入 3/4"
        await wait_for(pilot, lambda: "towntui — 载入 3/4" in screen_text(app).splitlines()[0])
        app.sub_title = "x" * 80
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
        assert top.rstrip().endswith("x…") and len(top) == 60, top
        app.sub_title = ""
        await wait_for(pilot, lambda: "—" not in screen_text(app).splitlines()[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_click_on_the_icon_opens_the_palette(make_app: AppFactory, lang: str) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        header = app.screen.query_one(TownHeader)
        await pilot.hover(TownHeader, offset=(2, 0))
        await pilot.pause()
        assert header.icon_hovered and header.tooltip == key_help(lang, "command_palette", "")
        other = "en" if lang == "zh" else "zh"
        await pilot.press("L")
        await wait_for(pilot, lambda: header.tooltip == key_help(other, "command_palette", ""))
        await pilot.press("L")
        await pilot.pause()
        await pilot.hover(TownHeader, offset=(40, 0))
        await pilot.pause()
        assert not header.icon_hovered and header.tooltip is None
        await pilot.click(TownHeader, offset=(40, 0))  # the title: nothing
        await pilot.pause(0.2)
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TownHeader, offset=(2, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
