"""Issue 10 item 18 in the app: a name whose English form is the same is shown once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import OptionList, Static

from tests.helpers.tui import AppFactory, plain, wait_for, wait_loaded
from towntui.core.model import both_names
from towntui.tui.dialogs.event import EventDetail, event_text
from towntui.tui.screens.entity import EntityScreen
from towntui.tui.screens.towns import TownsScreen

from .test_app_towns_search import option_texts, search_for

SAME = """
[town]
id = "same"
name = "Same Park"
name_en = "same  park"
kind = "Park"
kind_en = "park"
summary = "简介。"
summary_en = "A summary."

[[events]]
id = "same-launch"
date = "2020"
title = "Launch Day"
title_en = "launch day"
category = "launch"
entities = ["chipco"]
source = "a000-yunqi"

[[entities]]
id = "chipco"
name = "Chipco"
name_en = "CHIPCO"
kind = "company"
"""


def test_both_names_shows_a_same_name_once() -> None:
    # (labels.name_of was never used by the app and is gone; both_names is what it wrapped)
    assert both_names("Intel", "Intel") == "Intel"
    assert both_names("Intel", " intel") == "Intel"
    assert both_names("阿里云", "Alibaba Cloud") == "阿里云 (Alibaba Cloud)"


async def test_intel_is_named_once_in_the_profile_and_its_record(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        screen = app.screen
        assert isinstance(screen, TownsScreen)
        screen.select_town("yunqi")
        await pilot.pause()
        profile = plain(screen.query_one("#profile", Static), width=200)
        assert "Intel" in profile
        assert "Intel (Intel)" not in profile
        assert "Brian Krzanich (Brian Krzanich)" not in profile
        app.open_entity("intel")
        await wait_for(pilot, lambda: isinstance(app.screen, EntityScreen))
        await wait_for(pilot, lambda: bool(app.screen.query("#entity-record")))
        record = plain(app.screen.query_one("#entity-record", Static), width=120)
        first = record.splitlines()[0]
        assert first.count("Intel") == 1, first


async def test_a_same_english_name_is_shown_once_everywhere(
    make_app: AppFactory, make_data: Callable[..., Path]
) -> None:
    data = make_data({"towns/same.toml": SAME})
    app = make_app(dirs=[data], lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        # the town list and the profile title
        row = next(r for r in option_texts(app, "#town-list") if "Same Park" in r)
        assert row.casefold().count("same") == 1, row
        screen = app.screen
        assert isinstance(screen, TownsScreen)
        screen.select_town("same")
        await pilot.pause()
        profile = plain(screen.query_one("#profile", Static), width=120)
        assert profile.splitlines()[0].casefold().count("same") == 1, profile
        assert "Chipco (CHIPCO)" not in profile and "Chipco" in profile
        # a search result
        search = await search_for(pilot, "chipco")
        hit_row = option_texts(app, "#results")[0]
        assert hit_row.casefold().count("chipco") == 1, hit_row
        assert search.hits[0].id == "chipco"
        # town search result: the second line does not repeat the name
        await pilot.press(*["backspace"] * 6, *"same")
        await wait_for(pilot, lambda: search._query == "same" and bool(search.hits))
        town_row = next(r for r in option_texts(app, "#results") if "Same Park" in r)
        assert town_row.casefold().count("same") == 1, town_row
        # the event dialog and its copy text
        ds = app.dataset
        event = next(e for e in ds.events if e.id == "same-launch")
        app.push_screen(EventDetail(event, ds, lang="en", g=app.glyphs))
        await wait_for(pilot, lambda: isinstance(app.screen, EventDetail))
        await wait_for(pilot, lambda: bool(app.screen.query("#body Static")))
        body = plain(app.screen.query_one("#body Static", Static), width=100)
        assert body.casefold().count("launch day") == 1, body
        assert body.casefold().count("same park") == 1, body
        entities = app.screen.query_one("#entities", OptionList)
        assert str(entities.get_option_at_index(0).prompt).casefold().count("chipco") == 1
        assert event_text(event, ds, "en").casefold().count("launch day") == 1
