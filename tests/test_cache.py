"""The load cache: a second start reuses parsed files, and never serves stale data."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from towntui.core.cache import LoadCache
from towntui.core.loader import load


@pytest.fixture
def data(tmp_path: Path, mini_dir: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(mini_dir, root)
    return root


def cache_at(tmp_path: Path) -> LoadCache:
    return LoadCache(tmp_path / "cache" / "load-cache.pickle")


def test_warm_load_equals_cold_load_and_hits_every_town(tmp_path: Path, data: Path) -> None:
    cold = load([data], cache=cache_at(tmp_path))
    warm_cache = cache_at(tmp_path)
    warm = load([data], cache=warm_cache)
    assert warm == cold
    assert (warm_cache.hits, warm_cache.misses) == (3, 0)


def test_a_changed_file_is_read_again(tmp_path: Path, data: Path) -> None:
    load([data], cache=cache_at(tmp_path))
    path = data / "towns" / "yunqi.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("云栖小镇", "云栖新镇"), "utf-8")
    os.utime(path, ns=(1, 1))  # even with an odd mtime, the size differs too
    cache = cache_at(tmp_path)
    town = load([data], cache=cache).town("yunqi")
    assert town is not None and town.name == "云栖新镇"
    assert cache.misses == 1


def test_problems_are_replayed_from_the_cache(tmp_path: Path, data: Path) -> None:
    path = data / "towns" / "qiantang.toml"
    path.write_text(path.read_text("utf-8").replace('unit = "家"', 'unit = "亿圆"', 1), "utf-8")
    cold = load([data], cache=cache_at(tmp_path))
    warm = load([data], cache=cache_at(tmp_path))
    assert [str(p) for p in warm.problems] == [str(p) for p in cold.problems]
    assert any('unknown unit "亿圆"' in str(p) for p in warm.problems)


@pytest.mark.parametrize(
    "content",
    [
        b"not a pickle at all",
        b"",
        pickle.dumps({"format": 999, "version": "0", "entries": {}}),
        pickle.dumps(["unexpected", "shape"]),
    ],
)
def test_corrupt_or_foreign_cache_is_ignored(tmp_path: Path, data: Path, content: bytes) -> None:
    cache_file = tmp_path / "cache" / "load-cache.pickle"
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(content)
    cache = LoadCache(cache_file)
    ds = load([data], cache=cache)
    assert [t.id for t in ds.towns] == ["qiantang", "yuhuangshan", "yunqi"]
    assert cache.misses == 3
    rewritten = LoadCache(cache_file)
    load([data], cache=rewritten)
    assert rewritten.hits == 3  # the bad cache was replaced by a good one


def test_disabled_cache_writes_nothing(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOWNTUI_NO_CACHE", "1")
    monkeypatch.setenv("TOWNTUI_CACHE_DIR", str(tmp_path / "c"))
    load([data], cache=LoadCache.default())
    assert not (tmp_path / "c").exists()
    monkeypatch.delenv("TOWNTUI_NO_CACHE")
    load([data], cache=LoadCache.default())
    assert (tmp_path / "c" / "load-cache.pickle").is_file()
