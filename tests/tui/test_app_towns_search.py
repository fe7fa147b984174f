"""Pilot tests of the app shell, the Towns screen, Search and the entity detail."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, OptionList, Static

from tests.helpers.tui import AppFactory, plain, wait_for, wait_loaded
from towntui.core import loader
from towntui.core.model import Dataset
from towntui.tui.app import TownApp
from towntui.tui.dialogs.keys import HelpScreen
from towntui.tui.dialogs.problems import ProblemsScreen
from towntui.tui.screens.entity import EntityScreen
from towntui.tui.screens.search import SearchScreen
from towntui.tui.screens.timeline import TimelineScreen
from towntui.tui.screens.towns import TownsScreen


def option_texts(app: TownApp, selector: str) -> list[str]:
    """The plain text of every option of an OptionList on the current screen."""
    olist = app.screen.query_one(selector, OptionList)
    return [str(olist.get_option_at_index(i).prompt) for i in range(olist.option_count)]


async def search_for(pilot: Any, text: str) -> SearchScreen:
    """Open Search with ``/``, type ``text`` and wait for its results."""
    await pilot.press("slash")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SearchScreen))
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await wait_for(pilot, lambda: screen.query_one("#query", Input).has_focus)
    await pilot.press(*text)
    await wait_for(pilot, lambda: screen.hits and screen._query == text)
    return screen


async def test_first_screen_paints_before_the_data_loads(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real_load = loader.load

    def slow_load(dirs: Any = None, *, progress: Any = None, **kw: Any) -> Dataset:
        if progress is not None:
            progress(1, 4)
        release.wait(10)
        return real_load(dirs, progress=progress, **kw)

    monkeypatch.setattr(loader, "load", slow_load)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, TownsScreen)
        assert not app.loaded
        assert "正在载入数据" in plain(screen.query_one("#profile", Static))
        # a slow load shows its progress in the header
        await wait_for(pilot, lambda: "1/4" in app.sub_title)
        # keys work while loading
        await pilot.press("L")
        assert app.lang == "en"
        release.set()
        await wait_loaded(pilot)
        assert app.sub_title == ""
        names = option_texts(app, "#town-list")
        assert any("云栖小镇" in n for n in names)


async def test_towns_list_and_profile(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        rows = option_texts(app, "#town-list")
        assert len(rows) == len(app.dataset.towns) == 3
        yunqi = next(r for r in rows if "云栖小镇" in r)
        assert "Yunqi Town" in yunqi and "西湖区" in yunqi and "特色小镇" in yunqi
        screen = app.screen
        assert isinstance(screen, TownsScreen)
        screen.select_town("yunqi")
        await pilot.pause()
        profile = plain(screen.query_one("#profile", Static), width=80)
        assert "以云计算为核心的产业小镇" in profile
        # headline metric with unit and year; entity grouped under its kind
        assert "7.67亿元" in profile and "2019" in profile
        assert "企业 (1)" in profile and "阿里云 (Alibaba Cloud)" in profile
        assert "2025云栖大会" in profile
        await pilot.press("L")
        profile = plain(screen.query_one("#profile", Static), width=80)
        assert "An industry town built around cloud computing." in profile
        assert "Fiscal revenue" in profile and "company (1)" in profile


async def test_a_held_arrow_key_draws_the_profile_where_the_cursor_stops(
    make_app: AppFactory,
) -> None:
    """A held key sends moves faster than a profile is laid out (~0.1 s for a town of
    100 entities): the profile is drawn at the first move and where the cursor stops,
    not for every town passed, so the cursor never lags behind the key."""
    app = make_app(dirs=[loader.bundled_data_dir()])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, TownsScreen)
        drawn: list[str] = []
        real = screen._show_profile

        def show() -> None:
            town = screen.selected_town()
            drawn.append(town.id if town else "")
            real()

        screen._show_profile = show  # type: ignore[method-assign]
        for _ in range(5):  # one burst, as a held key sends it
            app.post_message(events.Key("down", None))
        town_list = screen.query_one("#town-list", OptionList)
        await wait_for(pilot, lambda: town_list.highlighted == 5 and screen._profile_timer is None)
        await pilot.pause()
        stop = screen.selected_town()
        assert stop is not None and drawn[-1] == stop.id
        assert 1 <= len(drawn) < 5
        assert stop.name in plain(screen.query_one("#profile", Static), width=80)
        # a single move later draws at once
        await pilot.pause(0.2)
        await pilot.press("up")
        await pilot.pause()
        above = screen.selected_town()
        assert above is not None and drawn[-1] == above.id
        assert above.name in plain(screen.query_one("#profile", Static), width=80)


async def test_mark_two_towns_for_comparison(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        ids = [t.id for t in app.dataset.towns]
        await pilot.press("space", "down", "space")
        assert app.marked == ids[:2]
        rows = option_texts(app, "#town-list")
        # the mark is a glyph, not only a colour
        assert rows[0].startswith(app.glyphs.marked) and rows[1].startswith(app.glyphs.marked)
        assert rows[2].startswith(app.glyphs.unmarked)
        await pilot.press("space")
        assert app.marked == ids[:1]
        await pilot.press("space")
        assert app.marked == ids[:2]


@pytest.mark.parametrize("where", ["mini", "bundled"])
async def test_typing_yq_finds_yunqi_first(
    make_app: AppFactory, bundled_dirs: list[Path], where: str
) -> None:
    app = make_app(dirs=bundled_dirs) if where == "bundled" else make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        if app.dataset.town("yunqi") is None:
            pytest.skip("the bundled data has no 云栖小镇 profile yet")
        screen = await search_for(pilot, "yq")
        assert screen.hits[0].kind == "town" and screen.hits[0].id == "yunqi"
        first = option_texts(app, "#results")[0]
        assert first.startswith("云栖小镇")


async def test_search_highlights_the_matched_characters(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        screen = await search_for(pilot, "Alibaba")
        hit = screen.hits[0]
        assert hit.id == "alibaba-cloud"
        prompt = screen.query_one("#results", OptionList).get_option_at_index(0).prompt
        styled = {
            i
            for span in prompt.spans
            for i in range(span.start, span.end)
            if "underline" in str(span.style)
        }
        # what matched is highlighted (in Chinese beside the name it leads with: 阿里云)
        matched = "".join(hit.label[p] for p in hit.positions)
        assert "".join(str(prompt)[i] for i in sorted(styled)) == matched == "Alibaba"
        assert str(prompt).startswith("阿里云")
        assert "云栖小镇" in str(prompt)  # its town
        # results that arrive for a query the user has typed past are dropped
        await pilot.press(*"zzz")
        await wait_for(pilot, lambda: screen._query == "Alibabazzz")
        await app.workers.wait_for_complete()
        await pilot.pause()
        current = screen.hits
        screen._show([hit], "Alibaba", 1)
        assert screen.hits is current


async def test_open_entity_then_its_town(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await search_for(pilot, "Alibaba")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EntityScreen))
        record = plain(app.screen.query_one("#entity-record", Static), width=90)
        assert "阿里云" in record and "Alibaba Cloud" in record
        assert "云计算企业" in record  # what it is
        assert "云栖小镇" in record  # its town
        assert "云栖大会" in record and "2025云栖大会" in record  # every event naming it
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TownsScreen))
        screen = app.screen
        assert isinstance(screen, TownsScreen)
        town = screen.selected_town()
        assert town is not None and town.id == "yunqi"


async def test_entity_timeline_is_one_key_away(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        app.open_entity("alibaba-cloud")
        await wait_for(pilot, lambda: isinstance(app.screen, EntityScreen))
        await pilot.press("l")
        await wait_for(pilot, lambda: app.current_mode == "timeline")
        await app.workers.wait_for_complete()
        await pilot.pause()
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        events = timeline._timeline.events
        assert events and all("alibaba-cloud" in e.entities for e in events)


async def test_question_mark_lists_the_keys(make_app: AppFactory) -> None:
    app = make_app(lang="en")  # (in Chinese the same keys are listed in Chinese)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: bool(app.screen.query("#help-keys")))
        assert isinstance(app.screen, HelpScreen)
        text = plain(app.screen.query_one("#help-keys", Static))
        for expected in ("space", "Mark the town for comparison", "Quit", "ctrl+p", "zh/en"):
            assert expected in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TownsScreen))


async def test_y_copies_the_selected_town(make_app: AppFactory) -> None:
    app = make_app()
    copied: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        screen = app.screen
        assert isinstance(screen, TownsScreen)
        screen.select_town("yunqi")
        await pilot.press("y")
        assert copied and copied[-1].startswith("云栖小镇 (Yunqi Town)")


HOSTILE = """
[town]
id = "hostile"
name = "[bold]x[/]"
name_en = "Evil \\u001b[31mRed\\u001b[0m"
district = "[red]区[/red]"
summary = "[link=http://x]click[/link] \\u0007"
summary_en = "s"

[[entities]]
id = "evil-co"
name = "[b]坏公司[/b]"
kind = "company"
"""


async def test_hostile_names_are_shown_literally(make_app: AppFactory, make_data: Any) -> None:
    data = make_data({"towns/hostile.toml": HOSTILE})
    app = make_app(dirs=[data])
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, TownsScreen)
        screen.select_town("hostile")
        await pilot.pause()
        row = next(r for r in option_texts(app, "#town-list") if "x[/]" in r)
        assert "[bold]x[/]" in row and "[red]区[/red]" in row
        profile = plain(screen.query_one("#profile", Static))
        assert "[bold]x[/]" in profile
        assert "Evil ␛[31mRed␛[0m" in profile and "\x1b" not in profile
        assert "[link=http://x]click[/link] ␇" in profile
        assert "[b]坏公司[/b]" in profile


async def test_problems_are_reported_once_and_listed(make_app: AppFactory, make_data: Any) -> None:
    data = make_data({"towns/broken.toml": "[town]\nid = 'broken'\nname = 1\n"})
    app = make_app(dirs=[data], lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        assert app.dataset.problems
        notes = [n for n in app._notifications if n.title == "Data problems"]
        assert len(notes) == 1
        app.show_problems()
        await wait_for(pilot, lambda: bool(app.screen.query("#help-keys")))
        assert isinstance(app.screen, ProblemsScreen)
        listed = plain(app.screen.query_one("#help-keys", Static), width=200)
        for problem in app.dataset.problems:
            assert problem.message in listed
