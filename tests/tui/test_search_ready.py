"""Issue 17 goal 3 in the app: with a saved search index, Search works while the data
is still loading (results shown before ``DataLoaded``); a result opened then opens, on
the right town or entity, once the data is in; a stale saved index is never used."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.helpers.tui import AppFactory, LoaderGate, plain, wait_for, wait_loaded
from towntui.core.cache import LoadCache
from towntui.core.search.saved import INDEX_PREFIX
from towntui.tui.app import TownApp
from towntui.tui.screens.search import SearchScreen


async def _first_start(make_app: AppFactory, data: Path, cache: Path) -> None:
    """A start that builds the index and saves it (for the next start)."""
    app = make_app(dirs=[data], cache=LoadCache(cache))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await app.workers.wait_for_complete()  # the views, then the save
    assert len(list(cache.glob(INDEX_PREFIX + "*"))) == 1


@pytest.fixture(autouse=True)
def early_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """These small folders stand for a large one: the saved index is read before the
    towns (a small folder reads the towns first; see the last test)."""
    monkeypatch.setattr("towntui.tui.loading.EARLY_INDEX_BYTES", 0)


@pytest.fixture
def data(mini_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(mini_dir, folder)
    return folder


async def _search(app: TownApp, pilot: object, query: str) -> SearchScreen:
    await pilot.press("2")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))  # type: ignore[arg-type]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one("#query", Input).value = query
    await wait_for(pilot, lambda: bool(screen.hits), tries=250)  # type: ignore[arg-type]
    return screen


async def _held_start(
    make_app: AppFactory, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> tuple[TownApp, LoaderGate]:
    """An app whose index was saved by an earlier start, and whose data load stops
    after one file until ``gate.open`` is set."""
    cache = tmp_path / "cache"
    await _first_start(make_app, data, cache)
    gate = LoaderGate(monkeypatch, at=1)
    return make_app(dirs=[data], cache=LoadCache(cache), lang=lang), gate


def _status(screen: SearchScreen) -> str:
    return plain(screen.query_one("#search-status", Static))


def _opened(app: TownApp, kind: str, target: str) -> bool:
    """Whether the app shows town ``target``'s profile or entity ``target``'s detail."""
    from towntui.tui.screens.entity import EntityScreen

    if kind == "town":
        return app.current_mode == "towns" and app.current_town == target
    return isinstance(app.screen, EntityScreen) and app.screen.entity_id == target


@pytest.mark.parametrize(
    ("lang", "query", "kind", "target", "waiting"),
    [
        ("en", "钱塘", "town", "qiantang", "once the data is in"),
        ("zh", "敦和", "entity", "dunhe", "数据载入后打开"),
    ],
)
async def test_search_shows_results_before_the_data_and_opens_them_after(
    make_app: AppFactory,
    data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    query: str,
    kind: str,
    target: str,
    waiting: str,
) -> None:
    app, gate = await _held_start(make_app, data, tmp_path, monkeypatch, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _search(app, pilot, query)
        assert gate.held.is_set() and not app.loaded  # results before the data
        assert (screen.hits[0].kind, screen.hits[0].id) == (kind, target)
        await pilot.press("enter")  # opened before the data is in: it waits
        await pilot.pause()
        assert app.current_mode == "search" and not _opened(app, kind, target)
        assert waiting in _status(screen)
        assert not list(app._notifications)  # no "not loaded" warning
        gate.open.set()
        await wait_loaded(pilot)
        await wait_for(pilot, lambda: _opened(app, kind, target))


async def test_a_new_query_drops_what_was_opened_before_the_data(
    make_app: AppFactory, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, gate = await _held_start(make_app, data, tmp_path, monkeypatch, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _search(app, pilot, "钱塘")
        await pilot.press("enter")
        screen.query_one("#query", Input).value = "云栖"
        await wait_for(pilot, lambda: screen.hits and screen.hits[0].id == "yunqi")
        gate.open.set()
        await wait_loaded(pilot)
        await pilot.pause(0.1)
        assert app.current_mode == "search"  # nothing opened by itself


async def test_a_stale_saved_index_is_never_used(
    make_app: AppFactory, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    await _first_start(make_app, data, cache)
    path = data / "towns" / "qiantang.toml"
    path.write_text(path.read_text("utf-8").replace("钱塘智慧城", "钱塘新城"), "utf-8")
    gate = LoaderGate(monkeypatch, at=1)
    app = make_app(dirs=[data], cache=LoadCache(cache), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, gate.held.is_set)
        await pilot.pause(0.2)
        assert app.search_index is None  # the saved one is of the old file
        gate.open.set()
        await wait_loaded(pilot)
        assert not app._loading.index_restored
        assert app.search_index is not None
        assert [h.id for h in app.search_index.search("钱塘新城")][:1] == ["qiantang"]
        assert all(h.label != "钱塘智慧城" for h in app.search_index.search("钱塘智慧城"))


async def test_an_index_read_early_is_replaced_if_a_file_changes_during_the_load(
    make_app: AppFactory, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, gate = await _held_start(make_app, data, tmp_path, monkeypatch, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.search_index is not None)
        early = app.search_index
        path = data / "towns" / "yunqi.toml"
        path.write_text(path.read_text("utf-8") + "\n", "utf-8")  # touched mid-load
        gate.open.set()
        await wait_loaded(pilot)
        assert app.search_index is not early  # built again from the data loaded
        assert not app._loading.index_restored


async def test_the_cursor_stays_on_its_result_as_the_data_comes_in(
    make_app: AppFactory, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, gate = await _held_start(make_app, data, tmp_path, monkeypatch, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _search(app, pilot, "kind:town")
        assert len(screen.hits) == 3 and not app.loaded
        await pilot.press("down", "down")
        chosen = screen.selected_hit()
        assert chosen is not None and chosen == screen.hits[2]
        gate.open.set()
        await wait_loaded(pilot)
        await pilot.pause()
        after = screen.selected_hit()  # the results were listed again with the data
        assert after is not None and (after.kind, after.id) == (chosen.kind, chosen.id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.current_mode == "towns")
        assert app.current_town == chosen.id


async def test_the_app_does_not_say_indexing_with_the_saved_index_in(
    make_app: AppFactory, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from towntui.tui import app as app_module
    from towntui.tui.loading import Loading

    cache = tmp_path / "cache"
    await _first_start(make_app, data, cache)
    monkeypatch.setattr(app_module, "PROGRESS_DELAY", 0.0)
    held, go = threading.Event(), threading.Event()
    real = Loading._index

    def index(loading: Loading, *args: object) -> None:  # the data is in, not yet sent
        held.set()
        go.wait(20)
        real(loading, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Loading, "_index", index)
    app = make_app(dirs=[data], cache=LoadCache(cache), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, held.is_set)
        await wait_for(pilot, lambda: app._indexing and app.search_index is not None)
        app._loading_tick()
        assert app.sub_title.startswith("loading") and "indexing" not in app.sub_title
        go.set()
        await wait_loaded(pilot)


async def test_a_small_folder_is_painted_before_its_saved_index_is_read(
    make_app: AppFactory, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    await _first_start(make_app, data, cache)
    monkeypatch.setattr("towntui.tui.loading.EARLY_INDEX_BYTES", 1 << 40)
    order: list[str] = []
    app = make_app(dirs=[data], cache=LoadCache(cache))
    original_post = app.post_message

    def spy(message: object) -> bool:
        order.append(type(message).__name__)
        return original_post(message)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "post_message", spy)
    async with app.run_test() as pilot:
        await wait_loaded(pilot)
    seen = [n for n in order if n in ("DataPreview", "IndexReady", "DataLoaded")]
    assert seen and seen[0] == "DataPreview", seen
    assert "IndexReady" not in seen  # read after the paint, sent with the data
