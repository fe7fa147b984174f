"""The guided tour in the app: every stop of the bundled tour, forward and back, in both
languages, with its screen and caption; the presenter's keys; ASCII mode."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.helpers import bundled
from tests.helpers.tui import AppFactory, screen_text, wait_for, wait_loaded
from towntui.core.loader import bundled_data_dir
from towntui.core.tour import DEFAULT_TOUR, Stop, Tour, load_tours
from towntui.tui.app import TownApp
from towntui.tui.dialogs.event import EventDetail
from towntui.tui.messages import OpenTown
from towntui.tui.screens.entity import EntityScreen
from towntui.tui.screens.search import SearchScreen
from towntui.tui.screens.timeline import TimelineScreen
from towntui.tui.screens.towns import TownsScreen
from towntui.tui.tour import TourPlan
from towntui.tui.widgets.tour_caption import TourCaption

pytestmark = pytest.mark.slow


def story() -> Tour:
    return load_tours([bundled_data_dir()], bundled.dataset()).tours[DEFAULT_TOUR]


async def start(pilot: Pilot[Any], tour: Tour, **plan: Any) -> TownApp:
    app = pilot.app
    assert isinstance(app, TownApp)
    app.tour_typing_delay = 0
    await wait_loaded(pilot)
    app.start_tour(tour, **plan)
    await settled(pilot)
    return app


async def settled(pilot: Pilot[Any]) -> None:
    """Wait until the stop's actions are all done and the screen has caught up."""
    app = pilot.app
    assert isinstance(app, TownApp)
    await wait_for(pilot, lambda: not app.tour_busy, tries=300)
    await pilot.pause()
    await pilot.pause(0.05)


def caption_shown(app: TownApp) -> str:
    """The plain text of the caption box on the top screen."""
    box = app.screen.query_one(TourCaption)
    assert box.display, "the caption box is hidden"
    return str(box.render())


def check_stop(app: TownApp, stop: Stop, index: int, lang: str) -> None:
    """The app shows ``stop``: its screen, what its actions opened, its caption."""
    assert app.tour_view is not None and app.tour_view.index == index
    assert app.current_mode == stop.screen, (index, app.current_mode)
    top = app.screen
    kind, value = stop.actions[-1].kind, stop.actions[-1].value
    if kind == "event":
        assert isinstance(top, EventDetail) and top._event.id == value
    elif kind == "entity":
        assert isinstance(top, EntityScreen) and top.entity_id == value
    elif kind == "town":
        assert isinstance(top, TownsScreen) and app.current_town == value
        assert top._highlighted_id() == value
    elif kind == "search":
        assert isinstance(top, SearchScreen)
        assert top.query_one("#query").value == value  # type: ignore[attr-defined]
        hit = top.selected_hit()
        assert hit is not None and hit.label == "云栖小镇"
    elif kind == "compare":
        assert app.marked == list(value)
    elif kind == "keys":
        assert isinstance(top, TimelineScreen)
        event = top.current_event
        assert event is not None and event.id == bundled.dataset().events[-1].id
    caption = stop.caption_en if lang == "en" else stop.caption_zh
    assert caption in caption_shown(app)
    assert caption[:12] in screen_text(app)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_bundled_tour_forward_and_back(make_app: AppFactory, lang: str) -> None:
    tour = story()
    app = make_app(dirs=[bundled_data_dir()], lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, tour)
        check_stop(app, tour.stops[0], 0, lang)
        for i, stop in enumerate(tour.stops[1:], 1):
            await pilot.press("space" if i % 2 else "right")
            await settled(pilot)
            check_stop(app, stop, i, lang)
        for i in range(len(tour.stops) - 2, -1, -1):
            await pilot.press("left")
            await settled(pilot)
            check_stop(app, tour.stops[i], i, lang)
        await pilot.press("left")  # at the first stop: stays
        await settled(pilot)
        check_stop(app, tour.stops[0], 0, lang)


async def test_the_caption_follows_the_language(make_app: AppFactory) -> None:
    tour = story()
    app = make_app(dirs=[bundled_data_dir()], lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, tour)
        await pilot.press("space", "space")  # the town stop: no dialog over the screen
        await settled(pilot)
        assert tour.stops[2].caption_zh in caption_shown(app)
        await pilot.press("L")
        await pilot.pause()
        assert tour.stops[2].caption_en in caption_shown(app)
        assert tour.title_en in str(app.screen.query_one(TourCaption).border_title)


async def test_escape_leaves_the_tour_where_it_is_and_the_app_stays_usable(
    make_app: AppFactory,
) -> None:
    tour = story()
    app = make_app(dirs=[bundled_data_dir()], lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, tour)
        await pilot.press("space", "space")
        await settled(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.tour_view is None and not app.touring
        assert app.current_mode == "towns" and app.current_town == "yuhuangshan"
        assert not app.screen.query_one(TourCaption).display
        await pilot.press("space")  # the Towns screen's own key again: mark the town
        await pilot.pause()
        assert app.marked == ["yuhuangshan"]
        await pilot.press("3")
        await pilot.pause()
        assert app.current_mode == "timeline"


async def test_a_dialog_opened_over_a_stop_keeps_its_keys(make_app: AppFactory) -> None:
    tour = story()
    app = make_app(dirs=[bundled_data_dir()], lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, tour)
        await pilot.press("space", "space")  # the third stop: a town's profile
        await settled(pilot)
        await pilot.press("question_mark")  # the keys of the screen, over the stop
        await wait_for(pilot, lambda: len(app.screen_stack) == 2)
        await pilot.press("escape")  # closes the keys, not the tour
        await wait_for(pilot, lambda: len(app.screen_stack) == 1)
        assert app.touring and isinstance(app.screen, TownsScreen)
        await pilot.press("space")
        await settled(pilot)
        check_stop(app, tour.stops[3], 3, "en")


async def test_the_end_of_the_tour_and_loop(make_app: AppFactory) -> None:
    tour = story()
    last = len(tour.stops) - 1
    app = make_app(dirs=[bundled_data_dir()], lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, tour, loop=True)
        for _ in range(last):
            await pilot.press("right")
            await settled(pilot)
        assert app.tour_view is not None and app.tour_view.index == last
        await pilot.press("right")  # --loop: from the last stop to the first
        await settled(pilot)
        check_stop(app, tour.stops[0], 0, "en")
        app.start_tour(tour)  # no loop: past the last stop the tour ends
        await settled(pilot)
        for _ in range(last + 1):
            await pilot.press("right")
            await settled(pilot)
        assert app.tour_view is None


async def test_auto_advance_and_pause(make_app: AppFactory) -> None:
    tour = story()
    app = make_app(dirs=[bundled_data_dir()], lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, tour, auto=0.5)
        assert app.tour_view is not None and app.tour_view.auto
        await wait_for(pilot, lambda: app.tour_view is not None and app.tour_view.index >= 1)
        await pilot.press("p")
        await settled(pilot)
        view = app.tour_view
        assert view is not None and not view.auto
        assert "p auto" in caption_shown(app) or view.index > 0  # small screens: first stop
        for _ in range(5):
            await pilot.pause(0.05)
        assert app.tour_view is not None and app.tour_view.index == view.index
        await pilot.press("p")  # resume
        moved = lambda: app.tour_view is not None and app.tour_view.index > view.index  # noqa: E731
        await wait_for(pilot, moved)


async def test_a_manual_tour_starts_advancing_with_p(make_app: AppFactory) -> None:
    tour = story()
    app = make_app(dirs=[bundled_data_dir()], lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot, tour)
        assert "p auto" in caption_shown(app)
        await pilot.press("p")
        await pilot.pause()
        assert app.tour_view is not None and app.tour_view.auto
        assert "p pause" in caption_shown(app)


async def test_the_tour_from_the_command_line_plan_and_the_palette(
    make_app: AppFactory,
) -> None:
    tour = story()
    app = make_app(dirs=[bundled_data_dir()], lang="en")
    app.tour_plan = TourPlan(tour)
    app.tour_typing_delay = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await settled(pilot)
        check_stop(app, tour.stops[0], 0, "en")
        await pilot.press("escape")
        await pilot.pause()
        await app.run_action("start_tour")  # the palette's "tour: start"
        await settled(pilot)
        check_stop(app, tour.stops[0], 0, "en")


async def test_ascii_and_no_color(make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    tour = story()
    app = make_app(dirs=[bundled_data_dir()], lang="en", ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, tour)
        text = screen_text(app)
        assert "space/-> next  <- back" in text
        assert "→" not in caption_shown(app)
        assert not any(ch in text for ch in "─━│┃╭╮╰╯")
        check_stop(app, tour.stops[0], 0, "en")


async def test_without_a_tour_the_presenter_keys_do_what_they_always_did(
    make_app: AppFactory,
) -> None:
    app = make_app(dirs=[bundled_data_dir()], lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("space")  # Towns: mark the town under the cursor
        await pilot.pause()
        assert app.marked == [app.dataset.towns[0].id]
        assert not any(box.display for box in app.screen.query(TourCaption))


async def test_no_caption_box_is_made_until_a_tour_runs(make_app: AppFactory) -> None:
    # a screen made with no tour running has no caption box to mount and style
    app = make_app(dirs=[bundled_data_dir()], lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        assert not app.screen.query(TourCaption)
        await start(pilot, story())
        assert caption_shown(app)
        assert len(app.screen.query(TourCaption)) == 1


async def test_a_stop_that_comes_while_the_app_closes_opens_nothing(
    make_app: AppFactory,
) -> None:
    """Seen once in CI, an auto-advancing tour ending with the app: its stop's
    ``OpenTown`` was handled after Textual had closed every screen, and switching to
    Towns raised ``ScreenStackError`` (the test failed on the app's exception). While
    the app closes, a switch of screens does nothing."""
    app = make_app(dirs=[bundled_data_dir()], lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await app.run_action("goto('search')")
        await pilot.pause()
        stacks = {mode: list(stack) for mode, stack in app._screen_stacks.items()}
        app._running = False  # as Textual's shutdown: not running, every screen closed
        for stack in app._screen_stacks.values():
            stack.clear()
        try:
            app.on_open_town(OpenTown("yunqi"))  # no ScreenStackError
        finally:
            app._running = True
            for mode, screens in stacks.items():
                app._screen_stacks[mode][:] = screens
        assert app.current_mode == "search"
