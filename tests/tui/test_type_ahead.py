"""Keys typed right after ``/`` belong to the search, however fast they arrive.

A terminal delivers a paste, or a fast typist's keys, in one batch; tmux ``send-keys``
does the same. The keys after ``/`` must land in the query, not on the screen that was
showing, and one-letter keys of the search screen (``t``, ``j``, ``k``) must not fire.
"""

from __future__ import annotations

from textual.widgets import Input

from tests.helpers.tui import AppFactory, burst, wait_for, wait_loaded
from towntui.tui.screens.search import SearchScreen


async def test_a_batch_after_slash_lands_in_the_query(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        burst(app, "/yqtjk")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        query = app.screen.query_one("#query", Input)
        await wait_for(pilot, lambda: query.value == "yqtjk")
        assert isinstance(app.screen, SearchScreen)  # "t" did not open a town


async def test_a_batch_on_a_second_visit_too(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", "escape", "1")
        await pilot.pause()
        burst(app, "/yq")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        query = app.screen.query_one("#query", Input)
        await wait_for(pilot, lambda: query.value == "yq")
        screen = app.screen
        await wait_for(pilot, lambda: bool(screen.hits))
        assert screen.hits[0].label == "云栖小镇"


async def test_slash_in_another_text_field_is_a_slash(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        app.toggle_mark("yunqi")
        app.toggle_mark("yuhuangshan")
        await pilot.press("4", "e")
        await pilot.pause()
        field = app.focused
        if not isinstance(field, Input):  # the dialog may open on its format list
            await pilot.press("tab")
            field = app.focused
        assert isinstance(field, Input)
        await pilot.press("end")  # tab selects the whole field, which a key replaces
        before = field.value
        await pilot.press("slash")
        assert field.value.count("/") == before.count("/") + 1
        assert not isinstance(app.screen, SearchScreen)
