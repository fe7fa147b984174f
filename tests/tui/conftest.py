"""Shared fixtures for the TUI tests: an app factory isolated from the user's settings."""

from __future__ import annotations

import asyncio
import gc
import io
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console, RenderableType
from textual.pilot import Pilot
from textual.widgets import Static

from towntui.core.loader import bundled_data_dir
from towntui.tui.app import TownApp
from towntui.tui.loading import Loading

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"

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


@pytest.fixture(autouse=True)
def _own_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app under test keeps its load cache in the test's folder, not the user's."""
    monkeypatch.setenv("TOWNTUI_CACHE_DIR", str(tmp_path / "load-cache"))


@pytest.fixture(autouse=True)
def _unfreeze_collector() -> Iterator[None]:
    """An app freezes its objects once loaded (``gc.freeze``); give them back after each
    test, so the apps of earlier tests can be collected."""
    yield
    gc.unfreeze()


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh settings folder (``TOWNTUI_CONFIG_DIR``); no ``TOWNTUI_DATA`` folders."""
    folder = tmp_path / "config"
    monkeypatch.setenv("TOWNTUI_CONFIG_DIR", str(folder))
    monkeypatch.delenv("TOWNTUI_DATA", raising=False)
    return folder


@pytest.fixture
def make_app(config_dir: Path) -> AppFactory:
    """``make_app(dirs=[...], **options)`` → a :class:`TownApp` on the mini data by default."""

    def make(dirs: list[Path] | None = None, **options: Any) -> TownApp:
        return TownApp(dirs=dirs if dirs is not None else [MINI], **options)

    return make


@pytest.fixture
def bundled_dirs() -> list[Path]:
    """The bundled data folder alone."""
    return [bundled_data_dir()]


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
