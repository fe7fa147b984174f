"""State flows one way (issue 11): screens watch the app's state and re-render only what
shows it; navigation is asked for with messages, handled by the app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.tui import AppFactory, wait_for, wait_loaded
from towntui.tui.palette import app_commands
from towntui.tui.screens.compare import CompareScreen
from towntui.tui.screens.search import SearchScreen
from towntui.tui.screens.timeline import TimelineScreen
from towntui.tui.screens.towns import TownsScreen

from .test_app_towns_search import search_for

TUI = Path(__file__).resolve().parents[2] / "src" / "towntui" / "tui"


async def test_marking_a_town_redraws_what_shows_marks_and_nothing_else(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    for cls, name in (
        (SearchScreen, "run_search"),
        (TimelineScreen, "_rebuild"),
        (TownsScreen, "refresh_data"),
        (CompareScreen, "_rebuild"),
    ):
        real = getattr(cls, name)

        def spy(
            self: object, *args: object, _real: object = real, _n: str = cls.__name__, **kw: object
        ) -> None:
            calls.append(_n)
            _real(self, *args, **kw)  # type: ignore[operator]

        monkeypatch.setattr(cls, name, spy)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await search_for(pilot, "yq")  # Search has a query and results
        await pilot.press("escape", "escape", "3")  # back to Towns, then the Timeline
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await pilot.press("4")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, TownsScreen))
        calls.clear()
        await pilot.press("space")
        await wait_for(pilot, lambda: len(app.marked) == 1)
        await pilot.pause()
        assert "SearchScreen" not in calls
        assert "TimelineScreen" not in calls
        assert "TownsScreen" in calls  # its rows show the mark
        assert "CompareScreen" in calls  # the marked towns are its columns


async def test_a_town_opened_from_search_is_selected_even_if_it_was_already_current(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        towns = app.get_screen_stack("towns")[0]
        assert isinstance(towns, TownsScreen)
        first = towns.selected_town()
        assert first is not None
        await pilot.press("tab")  # the profile pane has the focus now
        app.open_town(first.id)
        await wait_for(pilot, lambda: towns.query_one("#town-list").has_focus)
        assert towns.selected_town() == first


def test_no_screen_reaches_the_app_by_getattr_or_by_name() -> None:
    """One typed way to reach the app: ``self.state`` (screens) or ``self.state``
    (dialogs); no ``getattr(self.app, ...)``, no import of the app module below it."""
    offenders: list[str] = []
    for path in sorted(TUI.rglob("*.py")):
        if path.name == "app.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"getattr\(\s*self\.app", text):
            offenders.append(f"{path.name}: getattr(self.app, ...)")
        if re.search(r"from towntui\.tui\.app import|from towntui\.tui import app\b", text):
            offenders.append(f"{path.name}: imports tui/app.py")
    assert not offenders, offenders


async def test_palette_help_names_the_keys_bound_now(make_app: AppFactory) -> None:
    """Command help is built from the bindings (by id), not hand-typed "(q)" strings: a
    user keymap changes what it says."""
    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        helps = {c.name: c.help for c in app_commands(app, app.screen)}
        assert helps["go: search"].endswith("(2 or /)")
        assert helps["app: quit"].endswith("(q)")
        assert helps["app: copy"].endswith("(y)")
        assert any(h.endswith("(space)") for n, h in helps.items() if n.startswith("towns: mark"))
        app.set_keymap({"quit": "x", "goto.towns": "f1"})
        await pilot.pause()
        helps = {c.name: c.help for c in app_commands(app, app.screen)}
        assert helps["app: quit"].endswith("(x)")
        assert helps["go: towns"].endswith("(f1)")
        app.lang = "zh"
        helps = {c.name: c.help for c in app_commands(app, app.screen)}
        assert helps["前往：搜索"].endswith("(2 或 /)")
