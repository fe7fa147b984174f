"""Issue 17 goal 3 in the app: the search index saved beside the load cache is read at
the next start instead of built, and a changed file makes the app build it again."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from tests.helpers.tui import AppFactory, wait_loaded
from towntui.core import gcpause
from towntui.core.cache import LoadCache
from towntui.core.loader import load
from towntui.core.search import IndexCancelled, SearchIndex
from towntui.core.search import index as index_module
from towntui.core.search.saved import INDEX_PREFIX, SavedIndex
from towntui.tui.app import TownApp
from towntui.tui.loading import Loading


def _rows(index: SearchIndex | None, query: str) -> list[tuple[object, ...]]:
    assert index is not None
    return [(h.kind, h.id, h.label, h.positions, h.score, h.context) for h in index.search(query)]


@pytest.fixture
def data(tmp_path: Path, mini_dir: Path) -> Path:
    """A copy of the mini data folder (the tests change its files)."""
    root = tmp_path / "data"
    shutil.copytree(mini_dir, root)
    return root


async def _start(make_app: AppFactory, data: Path, cache: Path) -> TownApp:
    app = make_app(dirs=[data], cache=LoadCache(cache))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await app.workers.wait_for_complete()  # the views, then the save
    return app


async def test_the_app_reads_the_saved_index_at_the_next_start(
    make_app: AppFactory, data: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = await _start(make_app, data, cache)
    assert not first._loading.index_restored
    assert len(list(cache.glob(INDEX_PREFIX + "*"))) == 1  # saved once built
    second = await _start(make_app, data, cache)
    assert second._loading.index_restored
    assert second.search_index is not None and second.search_index._by_letter  # views too
    for query in ("yq", "云栖", "yunqi", "kind:town", "alibaba"):
        assert _rows(second.search_index, query) == _rows(first.search_index, query)
    path = data / "towns" / "yunqi.toml"
    path.write_text(path.read_text("utf-8").replace("云栖小镇", "云栖新镇"), "utf-8")
    third = await _start(make_app, data, cache)
    assert not third._loading.index_restored  # stale: built again
    assert _rows(third.search_index, "云栖新镇")
    fourth = await _start(make_app, data, cache)
    assert fourth._loading.index_restored and _rows(fourth.search_index, "云栖新镇")


def _no_views_built(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: Any, **__: Any) -> Any:
        raise AssertionError("a view was built")

    monkeypatch.setattr(index_module, "letter_views_of", fail)
    monkeypatch.setattr(index_module, "latin_view", fail)


async def test_a_warm_start_reads_the_views_and_builds_nothing(
    make_app: AppFactory, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = await _start(make_app, data, cache)
    assert not first._loading.views_restored
    with monkeypatch.context() as m:
        _no_views_built(m)
        second = await _start(make_app, data, cache)
    assert second._loading.index_restored and second._loading.views_restored
    assert second.search_index is not None and second.search_index.has_views
    assert "letter_views" in second.load_times  # IndexComplete came all the same
    for query in ("yq", "云栖", "yunqi", "kind:town", "alibaba", "x"):
        assert _rows(second.search_index, query) == _rows(first.search_index, query)


async def test_views_missing_from_a_saved_index_are_built_and_saved(
    make_app: AppFactory, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index saved without views (as the CLI saves it) has them built by the app,
    which saves it again with them: the start after that builds nothing."""
    cache = tmp_path / "cache"
    saved = SavedIndex.beside(cache, [data])
    assert saved is not None
    cache.mkdir(mode=0o700)
    assert saved.save(SearchIndex(load([data]), letter_views=False), 0)
    second = await _start(make_app, data, cache)
    assert second._loading.index_restored and not second._loading.views_restored
    assert second.search_index is not None and second.search_index.has_views
    with monkeypatch.context() as m:
        _no_views_built(m)
        third = await _start(make_app, data, cache)
    assert third._loading.index_restored and third._loading.views_restored


def test_the_views_builder_waits_while_the_user_types(monkeypatch: pytest.MonkeyPatch) -> None:
    """:meth:`Loading.pause_while_busy` returns once the user stops typing, or the app
    quits; never waits without a ``busy`` hook."""
    loading = Loading(App(), None, None)
    loading.pause_while_busy()  # no hook: at once
    answers = iter([True, True, True, False])
    asked: list[bool] = []

    def busy() -> bool:
        asked.append(next(answers))
        return asked[-1]

    waits: list[float] = []
    monkeypatch.setattr(loading._stop, "wait", lambda t: waits.append(t) or False)
    loading.busy = busy
    loading.pause_while_busy()
    assert asked == [True, True, True, False] and len(waits) == 3
    loading.busy = lambda: True  # typing on and on, then the app quits
    monkeypatch.setattr(loading._stop, "wait", lambda t: len(waits) > 5 or bool(waits.append(t)))
    loading.pause_while_busy()


def test_the_collector_is_on_while_the_builder_waits(
    monkeypatch: pytest.MonkeyPatch, collector_restored: None
) -> None:
    """The views are built with the collector held off; while the builder waits for the
    user, the hold is let go (a long burst of typing makes garbage), then taken again."""
    loading = Loading(App(), None, None)
    seen: list[bool] = []
    answers = iter([True, True, False])
    loading.busy = lambda: next(answers)
    monkeypatch.setattr(loading._stop, "wait", lambda t: seen.append(gc.isenabled()) or False)
    gc.enable()
    with gcpause.gc_paused():
        loading.pause_while_busy()
        assert not gc.isenabled()
    assert seen == [True, True]


def test_the_loader_gives_its_work_up_in_a_pause_when_the_app_quits() -> None:
    loading = Loading(App(), None, None)
    loading._pause_or_quit()  # not quitting: goes on
    loading.stop()
    with pytest.raises(IndexCancelled):
        loading._pause_or_quit()
