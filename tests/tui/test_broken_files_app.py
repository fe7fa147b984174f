"""Every kind of broken file, in the app: it opens, the rest loads, the problems are listed.

The cases are those of ``tests/broken_cases.py`` (shared with the loader and CLI tests).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from broken_cases import CASES, Case, build, located
from textual.widgets import OptionList, Static

from tests.helpers.tui import AppFactory, plain, wait_for, wait_loaded
from towntui.tui.dialogs.problems import ProblemsScreen
from towntui.tui.screens.towns import TownsScreen


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_app_opens_loads_the_rest_and_lists_the_problem(
    case: Case, make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build(case, tmp_path / "data", monkeypatch)
    app = make_app(dirs=[root], lang="en")
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(pilot)
        assert isinstance(app.screen, TownsScreen)
        assert tuple(sorted(t.id for t in app.dataset.towns)) == case.towns
        town_list = app.screen.query_one("#town-list", OptionList)
        assert town_list.option_count == len(case.towns)
        # one notification says there are problems and shows the first
        notes = [n for n in app._notifications if n.title == "Data problems"]
        assert len(notes) == 1 and "error" in notes[0].message
        # the problems screen lists this one with its file, line and column
        app.show_problems()
        await wait_for(pilot, lambda: bool(app.screen.query("#help-keys")))
        assert isinstance(app.screen, ProblemsScreen)
        listed = plain(app.screen.query_one("#help-keys", Static), width=400)
        line = next((ln for ln in listed.splitlines() if case.expect in ln), None)
        assert line is not None, listed
        assert f"/{located(case)} " in line or f" {located(case)} " in line, line
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TownsScreen))
        # and the app still works: the good town's profile shows
        await pilot.press("1", "j", "k")
        screen = app.screen
        assert isinstance(screen, TownsScreen)
        screen.select_town("good")
        await pilot.pause()
        assert "好小镇" in plain(screen.query_one("#profile", Static))
