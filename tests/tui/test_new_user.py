"""What a new user tripped over in the app (issue 10): each test failed before its fix.

Keys are sent the way a terminal delivers them: one at a time with ``pilot.press``, or
a whole burst queued at once (a fast typist, a paste without bracketed paste, a laggy
SSH link), which is when a priority binding can jump the queue.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

from tests.tui.conftest import AppFactory, wait_for, wait_loaded
from towntui.tui.app import TownApp
from towntui.tui.screens.search import SearchScreen


def _burst(app: TownApp, text: str) -> None:
    """Queue every key of ``text`` at once, as a terminal does with a paste."""
    names = {"/": "slash", ".": "full_stop", "-": "minus", "_": "underscore", " ": "space"}
    for ch in text:
        app.post_message(events.Key(names.get(ch, ch), ch))


def screen_text(app: TownApp) -> str:
    """What the terminal shows, as plain text (modal dialogs included)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return "\n".join("".join(seg.text for seg in strip) for strip in update.strips)  # type: ignore[attr-defined]


# ------------------------------------------------------------------ 1. "/" in inputs


async def test_a_slash_in_a_burst_stays_where_it_was_typed_in_search(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        _burst(app, "a/b")
        query = app.screen.query_one("#query", Input)
        await wait_for(pilot, lambda: len(query.value) == 3)
        assert query.value == "a/b"


async def test_a_slash_typed_from_the_towns_screen_then_more_slashes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        _burst(app, "/a/b")  # the first "/" opens search, the second is text
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        query = app.screen.query_one("#query", Input)
        await wait_for(pilot, lambda: len(query.value) == 3)
        assert query.value == "a/b"


async def test_an_export_path_typed_in_a_burst_is_the_path_written(
    make_app: AppFactory, tmp_path: Path
) -> None:
    from towntui.tui.screens.export_dialog import ExportDialog

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        app.toggle_mark("yunqi")
        app.toggle_mark("yuhuangshan")
        await pilot.press("4", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))
        field = app.screen.query_one("#path", Input)
        field.focus()
        field.value = ""
        await pilot.pause()
        target = tmp_path / "x" / "cmp.toml"
        target.parent.mkdir()
        _burst(app, str(target))
        await wait_for(pilot, lambda: len(field.value) == len(str(target)))
        assert field.value == str(target)


# ------------------------------------------------------------------ 4. y in dialogs


async def test_y_copies_the_event_in_the_event_dialog(make_app: AppFactory) -> None:
    from towntui.tui.widgets.event_detail import EventDetail

    app = make_app()
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: app.screen.id != "_default" and bool(app.screen.children))
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventDetail))
        hint = str(app.screen.query_one("#hint").render())
        assert "y" in hint
        await pilot.press("y")
        await pilot.pause()
        assert copied and "2007" in copied[0]


# ------------------------------------------------------------------ 5. dialog placement


async def test_the_problems_dialog_sits_centred_like_the_other_dialogs(
    make_app: AppFactory,
) -> None:
    from towntui.tui.screens.problems import ProblemsScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        app.show_problems()
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        await pilot.pause()
        pane = app.screen.query_one("#help-pane").region
        assert pane.y >= 1, "over the header"
        assert pane.x > 0 and pane.right < 80, "not centred"
        assert abs(pane.x - (80 - pane.right)) <= 1
        top = screen_text(app).splitlines()[0]
        assert "towntui" in top  # the header is still visible
