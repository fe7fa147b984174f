"""``SearchIndex.count``: the app's count of all hits gives up when the next key comes
(issue 17 goal 7: a count held the index for seconds at 100,000 entities, and the next
keystroke's search waited for it)."""

from __future__ import annotations

import pytest

from towntui.core.loader import load
from towntui.core.search import SearchIndex
from towntui.core.search import index as index_module


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load())


def test_count_is_the_total_when_nothing_stops_it(index: SearchIndex) -> None:
    for query in ("y", "yq", "云", "kind:event", "zzzz"):
        assert index.count(query, stop=lambda: False) == index.total(query)


def test_count_gives_up_when_asked_and_is_not_cached(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "_STOP_EVERY", 1)
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return True

    assert index.count("x", stop=stop) is None
    assert asked == [1]  # asked once, after the first hit
    assert index.count("x") == len(index.search("x", limit=10_000)) > 1
