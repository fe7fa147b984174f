"""Helpers for the app's tests: wait for a load or a condition, read what the screen
shows, type a burst of keys, hold the loader mid-load."""

from __future__ import annotations

import asyncio
import gc
import io
import threading
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console, RenderableType
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from towntui.tui.app import TownApp
from towntui.tui.loading import Loading

#: ``make_app(dirs=[...], **options)`` → a :class:`TownApp` (the ``make_app`` fixture).
AppFactory = Callable[..., TownApp]


class LoaderGate:
    """Holds the app's loader (in its thread) once ``at`` files are done, until
    :attr:`open` is set; notes whether the garbage collector was on at that point."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, at: int) -> None:
        self.held = threading.Event()
        self.open = threading.Event()
        self.gc_on_while_held: bool | None = None
        real = Loading.progress_from_thread

        def progress(loading: Loading, done: int, total: int) -> None:
            real(loading, done, total)
            if done == at and not self.held.is_set():
                self.gc_on_while_held = gc.isenabled()
                self.held.set()
                self.open.wait(20)

        monkeypatch.setattr(Loading, "progress_from_thread", progress)


async def settle(condition: Callable[[], bool], tries: int = 250) -> None:
    """Wait until ``condition`` holds (or ``tries`` looks 20 ms apart pass), after an
    app has quit and its loader thread winds down."""
    for _ in range(tries):
        if condition():
            return
        await asyncio.sleep(0.02)


async def wait_loaded(pilot: Pilot[Any]) -> None:
    """Let the app finish loading its data (the load runs in a worker thread)."""
    app = pilot.app
    assert isinstance(app, TownApp)
    await app.workers.wait_for_complete()
    for _ in range(100):
        if app.loaded:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert app.loaded, "the data never finished loading"


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], tries: int = 100) -> None:
    """Pause until ``condition()`` holds (a worker finished, a screen switched)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition(), "condition never became true"


def plain(renderable: RenderableType | Static, width: int = 100) -> str:
    """What a renderable (or a Static's content) prints as, as plain text."""
    if isinstance(renderable, Static):
        renderable = renderable.content  # type: ignore[assignment]
    console = Console(
        width=width, record=True, color_system=None, force_terminal=False, file=io.StringIO()
    )
    console.print(renderable)
    return console.export_text()


def screen_text(app: App[Any]) -> str:
    """What the terminal shows, as plain text (modal dialogs included)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return "\n".join("".join(seg.text for seg in strip) for strip in update.strips)  # type: ignore[attr-defined]


#: The key names of the characters whose key is not the character itself.
_KEY_NAMES = {"/": "slash", ".": "full_stop", "-": "minus", "_": "underscore", " ": "space"}


def burst(app: App[Any], text: str) -> None:
    """Queue every key of ``text`` at once, as a terminal does with a paste."""
    for ch in text:
        app.post_message(events.Key(_KEY_NAMES.get(ch, ch), ch))
