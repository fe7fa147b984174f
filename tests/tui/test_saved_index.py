"""Issue 17 goal 3 in the app: the search index saved beside the load cache is read at
the next start instead of built, and a changed file makes the app build it again."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers.tui import AppFactory, wait_loaded
from towntui.core.cache import LoadCache
from towntui.core.search import SearchIndex
from towntui.core.search.saved import INDEX_PREFIX
from towntui.tui.app import TownApp


def _rows(index: SearchIndex | None, query: str) -> list[tuple[object, ...]]:
    assert index is not None
    return [(h.kind, h.id, h.label, h.positions, h.score, h.context) for h in index.search(query)]


async def _start(make_app: AppFactory, data: Path, cache: Path) -> TownApp:
    app = make_app(dirs=[data], cache=LoadCache(cache))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await app.workers.wait_for_complete()  # the views, then the save
    return app


async def test_the_app_reads_the_saved_index_at_the_next_start(
    make_app: AppFactory, mini_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(mini_dir, data)
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
