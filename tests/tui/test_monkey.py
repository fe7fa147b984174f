"""A monkey at the keyboard: thousands of seeded random keys on every screen.

At 80x24, 40x12 and 200x60, with the bundled data and with the hostile data of
``tests/hostile_data.py``: no exception, every frame drawn to the screen's width with
no raw control character, and at the end the app still answers (``1`` shows the
towns). Quitting is disarmed (``app.exit`` only counts) so ``q``, ``ctrl+q`` and the
palette's "app: quit" can be pressed too. A failure names the seed and the last keys.
"""

from __future__ import annotations

import random
import re
import string
from pathlib import Path
from typing import Any

import pytest
from hostile_data import write_hostile
from textual import events
from textual.app import App, ComposeResult
from textual.command import CommandList, CommandPalette
from textual.containers import Vertical
from textual.keys import _character_to_key
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList

from tests.helpers.tui import AppFactory, wait_for, wait_loaded
from towntui.core.loader import bundled_data_dir
from towntui.tui.app import TownApp
from towntui.tui.palette import TownCommandPalette
from towntui.tui.screens.towns import TownsScreen
from towntui.tui.widgets.safe_list import SafeOptionList

pytestmark = pytest.mark.slow

#: keys the app and its screens bind, weighted towards navigation
BOUND = [
    *["1", "2", "3", "4"] * 3,
    "slash",
    "question_mark",
    *["tab", "shift+tab", "escape", "enter"] * 3,
    *["up", "down", "left", "right", "j", "k"] * 3,
    "pageup",
    "pagedown",
    "home",
    "end",
    "left_square_bracket",
    "right_square_bracket",
    "g",
    "G",
    "space",
    "e",
    "L",
    "y",
    "ctrl+p",
    "a",
    "d",
    "x",
    "s",
    "Y",
    "t",
    "c",
    "f",
    "r",
    "o",
    "l",
    "n",
    "q",
    "ctrl+q",
    "backspace",
    "delete",
]
TYPED = [*string.ascii_letters, *string.digits, "-", ":", "[", "]", "$"]
KEYS_PER_RUN = 500
BATCH = 25
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def random_keys(rng: random.Random, n: int) -> list[str]:
    """``n`` keys: three in four from the bound keys, the rest typed characters."""
    return [rng.choice(BOUND) if rng.random() < 0.75 else rng.choice(TYPED) for _ in range(n)]


def check_frame(app: TownApp) -> None:
    """The current screen draws exactly to the terminal's size, with no raw controls."""
    width, height = app.size
    strips = app.screen._compositor.render_strips()
    assert len(strips) == height
    for strip in strips:
        assert strip.cell_length == width, repr(strip.text)
        assert not CONTROL.search(strip.text), repr(strip.text)


async def check_settled_frame(pilot: Any) -> None:
    """:func:`check_frame` once the screen has been laid out.

    Right after a burst the current screen may have just been pushed and not yet
    arranged (no strips at all); give it a few frames before checking, and fail if it
    never draws.
    """
    app = pilot.app
    for _ in range(50):
        if app.screen._compositor.render_strips():
            break
        await pilot.pause(0.02)
    check_frame(app)


async def back_to_towns(pilot: Any) -> None:
    """Close dialogs and leave inputs the way a user would, then press ``1``."""
    app = pilot.app
    for _ in range(12):
        if isinstance(app.screen, ModalScreen | CommandPalette):
            await pilot.press("escape")
        elif isinstance(app.focused, Input):
            await pilot.press("tab")
        else:
            break
    await pilot.press("1")
    await wait_for(pilot, lambda: isinstance(app.screen, TownsScreen))


def send_keys(app: TownApp, keys: list[str]) -> None:
    """Queue key events as a fast typist would: without waiting for each to be handled.

    This is what ``Pilot.press`` does minus its wait for idle after every key, which
    would make thousands of keys take minutes.
    """
    driver = app._driver
    assert driver is not None
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        char = key if len(key) == 1 else None
        if name == "space":
            char = " "
        event = events.Key(name, char)
        event.set_sender(app)
        driver.send_message(event)


async def run_monkey(app: TownApp, size: tuple[int, int], seed: int) -> None:
    rng = random.Random(seed)
    quits: list[object] = []
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        app.exit = lambda *a, **k: quits.append(a)  # type: ignore[method-assign]
        history: list[str] = []
        for _ in range(KEYS_PER_RUN // BATCH):
            keys = random_keys(rng, BATCH)
            history = [*history, *keys][-60:]
            send_keys(app, keys)
            await pilot.pause()
            assert app.is_running, f"seed {seed}: stopped after {history}"
            await check_settled_frame(pilot)
        await back_to_towns(pilot)
        screen = app.screen
        assert isinstance(screen, TownsScreen)
        towns = screen.query_one("#town-list", OptionList)
        assert towns.option_count == len(app.dataset.towns) > 0
        await pilot.press("j")
        assert screen.selected_town() is not None
        check_frame(app)
        del app.exit  # type: ignore[method-assign]


SIZES = [(80, 24), (40, 12), (200, 60)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_monkey_on_the_bundled_data(
    make_app: AppFactory, size: tuple[int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the export dialog writes beside the working directory
    await run_monkey(make_app(dirs=[bundled_data_dir()]), size, seed=size[0] * 1000 + size[1])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_monkey_on_hostile_data(
    make_app: AppFactory, size: tuple[int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = write_hostile(tmp_path / "data")
    await run_monkey(make_app(dirs=[data]), size, seed=7 + size[0])


@pytest.mark.parametrize("key", ["pagedown", "pageup", "down", "end"])
async def test_palette_survives_keys_typed_before_it_is_drawn(
    make_app: AppFactory, key: str
) -> None:
    """Found by the monkey: ``ctrl+p`` then at once ``pagedown`` crashed Textual's palette."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        send_keys(app, ["ctrl+p", key])
        await pilot.pause()
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        assert app.is_running
        await pilot.press("escape")


@pytest.mark.parametrize(
    ("mode", "keys"),
    [
        ("3", ["f", "enter", "enter"]),  # year-range prompt
        ("3", ["t", "enter", "enter"]),  # town picker
        ("3", ["c", "enter", "enter"]),  # category picker
        ("1", ["ctrl+p", "enter", "enter"]),  # palette
        ("1", ["question_mark", "escape", "escape"]),  # keys screen
    ],
)
async def test_a_dialog_closes_once_when_keys_come_in_a_burst(
    make_app: AppFactory, mode: str, keys: list[str]
) -> None:
    """Found by the monkey: a second enter popped the screen below (ScreenStackError)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press(mode)
        send_keys(app, keys)
        await pilot.pause(0.1)
        assert app.is_running
        await back_to_towns(pilot)


class _ListHost(App[None]):
    """An option list given no rows, as in a terminal too small for it."""

    CSS = "#box { height: 0; }"

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield SafeOptionList(*[f"option {i}" for i in range(20)], id="list")


async def test_page_keys_on_a_list_with_no_room_for_its_lines() -> None:
    """Found by the monkey (terminal resized to a few rows): ``pagedown`` on a list that
    could lay out no lines raised KeyError in Textual's OptionList."""
    app = _ListHost()
    async with app.run_test(size=(40, 10)) as pilot:
        olist = app.query_one("#list", SafeOptionList)
        olist.focus()
        olist.highlighted = 3
        await pilot.pause()
        await pilot.press("pagedown", "pageup", "down", "pagedown")
        assert app.is_running and olist.highlighted == 4


async def test_palette_results_after_it_closed_are_dropped(make_app: AppFactory) -> None:
    """Found by the monkey: a palette search finishing after ``escape`` (keys in a burst)
    refreshed a list that was gone and failed with NoMatches."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        palette = app.screen
        assert isinstance(palette, TownCommandPalette)
        command_list = palette.query_one(CommandList)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
        palette._refresh_command_list(command_list, [], True)  # what the late worker does
        await pilot.pause()
        assert app.is_running
