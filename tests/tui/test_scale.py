"""The app at scale: a generated folder of 200 towns fills the screens as it loads.

The load is made deterministic by holding the loader at a given file (a gate in the
progress hook), so the tests see the app *during* the load: progress in the header,
the towns loaded so far in the list, search answering "loading" without raising.
"""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from tests.helpers.tui import AppFactory, LoaderGate, settle, wait_for, wait_loaded
from towntui.core.cache import LoadCache, folder_cache_path
from towntui.core.loader import load
from towntui.tui import app as app_module
from towntui.tui import loading as loading_module
from towntui.tui.app import TownApp
from towntui.tui.screens.search import SearchScreen
from towntui.tui.screens.towns import TownsScreen

TOWNS = 200
FILES = TOWNS + 2  # metrics.toml and sources.toml first
HOLD_AT = 80
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder of 200 small generated towns (benchmarks/generate.py)."""
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("generated")
    module.generate(out, TOWNS, 5, metrics=3, events=4)
    return out


def held_gate(monkeypatch: pytest.MonkeyPatch) -> LoaderGate:
    """Holds the loader once ``HOLD_AT`` files are done, with partial datasets often."""
    monkeypatch.setattr(app_module, "PREVIEW_EVERY", 0.02)
    monkeypatch.setattr(loading_module, "LOADER_PREVIEW_EVERY", 0.02)
    return LoaderGate(monkeypatch, at=HOLD_AT)


def town_rows(app: TownApp) -> int:
    screen = app.get_screen_stack("towns")[0]
    assert isinstance(screen, TownsScreen)
    return screen.query_one("#town-list", OptionList).option_count


async def test_towns_arrive_while_loading_with_progress(
    make_app: AppFactory, generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = held_gate(monkeypatch)
    app = make_app(dirs=[generated])
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await wait_for(pilot, gate.held.is_set, tries=500)
            # the towns loaded so far are on screen, the rest is still to come
            await wait_for(pilot, lambda: town_rows(app) > 0)
            assert not app.loaded
            assert town_rows(app) < HOLD_AT
            assert town_rows(app) == len(app.dataset.towns)
            # the header says how far the load is
            await wait_for(pilot, lambda: f"{HOLD_AT}/{FILES}" in app.sub_title)
            # the first town's profile can be read already
            await pilot.press("down", "up")
            screen = app.screen
            assert isinstance(screen, TownsScreen)
            town = screen.selected_town()
            assert town is not None and town.id == "syn-0000"
        finally:
            gate.open.set()
        await wait_loaded(pilot)
        assert town_rows(app) == TOWNS
        assert app.sub_title == ""
        assert app.dataset == load([generated])  # the final data, linked and checked


async def test_typing_in_search_while_loading_then_results(
    make_app: AppFactory, generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    last = tomllib.loads((generated / "towns" / f"syn-{TOWNS - 1:04d}.toml").read_text("utf-8"))
    word = str(last["town"]["name_en"]).split()[0].lower()
    gate = held_gate(monkeypatch)
    app = make_app(dirs=[generated])
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await wait_for(pilot, gate.held.is_set, tries=500)
            await pilot.press("slash")
            await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
            await pilot.press(*word)  # typing fast, while the load is held
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            assert screen.query_one("#query").value == word  # type: ignore[attr-defined]
            assert not app.loaded and screen.hits == []
        finally:
            gate.open.set()
        await wait_loaded(pilot)
        await wait_for(pilot, lambda: bool(screen.hits))
        assert last["town"]["id"] in [hit.id for hit in screen.hits]


async def test_the_app_loads_through_the_cache(
    make_app: AppFactory, generated: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    cold = LoadCache(cache_dir)
    app = make_app(dirs=[generated], cache=cold)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await app.workers.wait_for_complete()
    assert (cold.hits, cold.misses) == (0, TOWNS)
    assert list(cache_dir.glob("load-*.json"))  # saved once the data was shown
    assert len(cold) == 0  # and let go of, not held as long as the app runs
    assert app.search_index is not None and app.search_index._by_letter  # views built last
    warm = LoadCache(cache_dir)
    app = make_app(dirs=[generated], cache=warm)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        assert town_rows(app) == TOWNS
    assert (warm.hits, warm.misses) == (TOWNS, 0)


async def test_the_app_uses_the_user_cache_folder(
    make_app: AppFactory, generated: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("TOWNTUI_CACHE_DIR", str(folder))
    app = make_app(dirs=[generated])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await app.workers.wait_for_complete()
    assert len(list(folder.glob("load-*.json"))) == 1


@pytest.mark.parametrize("content", [b"", b"garbage", b"\x80\x05K\x01."])
async def test_a_corrupt_cache_does_not_stop_the_app(
    make_app: AppFactory, generated: Path, tmp_path: Path, content: bytes, **_: Any
) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o700, parents=True)
    (cache_dir / f"load-{'0' * 20}.json").write_bytes(content)
    cache_file = folder_cache_path(cache_dir, str((generated / "towns").resolve()))
    cache_file.write_bytes(content)
    app = make_app(dirs=[generated], cache=LoadCache(cache_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        assert town_rows(app) == TOWNS
        assert not app.dataset.problems


async def test_quitting_mid_load_stops_the_loader_and_keeps_its_work(
    make_app: AppFactory, generated: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    gate = held_gate(monkeypatch)
    cache_dir = tmp_path / "cache"
    app = make_app(dirs=[generated], cache=LoadCache(cache_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, gate.held.is_set, tries=500)
        await pilot.press("q")
    gate.open.set()  # the loader goes on to the next file, sees the app gone and stops
    await settle(lambda: any(cache_dir.glob("load-*.json")))
    assert not app.loaded
    kept = len(LoadCache(cache_dir))
    assert HOLD_AT - 2 <= kept < TOWNS  # what was parsed is kept for the next start
