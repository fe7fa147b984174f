"""The load cache: a second start reuses parsed files, and never serves stale data."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from towntui.core.cache import LoadCache, folder_cache_path
from towntui.core.cache import store as cache_module
from towntui.core.loader import load


@pytest.fixture
def data(tmp_path: Path, mini_dir: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(mini_dir, root)
    return root


def cache_path(tmp_path: Path, data: str = "data") -> Path:
    """The cache file of the towns of ``tmp_path / data``."""
    return folder_cache_path(tmp_path / "cache", str((tmp_path / data / "towns").resolve()))


def cache_at(tmp_path: Path) -> LoadCache:
    return LoadCache(tmp_path / "cache")


def test_warm_load_equals_cold_load_and_hits_every_town(tmp_path: Path, data: Path) -> None:
    cold = load([data], cache=cache_at(tmp_path))
    warm_cache = cache_at(tmp_path)
    warm = load([data], cache=warm_cache)
    assert warm == cold
    assert (warm_cache.hits, warm_cache.misses) == (3, 0)


def test_a_closed_cache_holds_nothing_and_leaves_the_file_alone(tmp_path: Path, data: Path) -> None:
    load([data], cache=cache_at(tmp_path))
    cache = cache_at(tmp_path)
    assert len(cache) == 3
    cache.close()
    saved = (cache_path(tmp_path)).read_bytes()
    assert len(cache) == 0
    load([data], cache=cache)  # every file is read again, and nothing is written
    assert (cache.hits, cache.misses) == (0, 3)
    cache.save()
    assert (cache_path(tmp_path)).read_bytes() == saved


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
    cache_file = cache_path(tmp_path)
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(content)
    cache = LoadCache(cache_file.parent)
    ds = load([data], cache=cache)
    assert [t.id for t in ds.towns] == ["qiantang", "yuhuangshan", "yunqi"]
    assert cache.misses == 3
    rewritten = LoadCache(cache_file.parent)
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
    assert len(list((tmp_path / "c").glob("load-*.json"))) == 1


def test_a_touched_file_of_the_same_size_is_read_again(tmp_path: Path, data: Path) -> None:
    load([data], cache=cache_at(tmp_path))
    path = data / "towns" / "yunqi.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("云栖小镇", "云栖大镇"), "utf-8")  # same size in bytes
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    cache = cache_at(tmp_path)
    town = load([data], cache=cache).town("yunqi")
    assert town is not None and town.name == "云栖大镇"
    assert (cache.hits, cache.misses) == (2, 1)


def test_a_changed_registry_validates_every_file_again(tmp_path: Path, data: Path) -> None:
    load([data], cache=cache_at(tmp_path))
    registry = data / "metrics.toml"
    registry.write_text(
        registry.read_text("utf-8") + '\n[[metric]]\nkey = "new_one"\nlabel = "新"\n'
        'label_en = "New"\nunit = "家"\n',
        "utf-8",
    )
    cache = cache_at(tmp_path)
    load([data], cache=cache)
    assert (cache.hits, cache.misses) == (0, 3)


def test_a_cache_from_another_version_is_ignored(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "__version__", "0.0.0-other")
    load([data], cache=cache_at(tmp_path))
    monkeypatch.undo()
    cache = cache_at(tmp_path)
    assert len(cache) == 0
    ds = load([data], cache=cache)
    assert len(ds.towns) == 3 and cache.misses == 3
    again = cache_at(tmp_path)
    load([data], cache=again)
    assert again.hits == 3


def test_a_cache_for_another_model_shape_is_ignored(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "SHAPE", "[('Town', ('id',))]")
    load([data], cache=cache_at(tmp_path))
    monkeypatch.undo()
    cache = cache_at(tmp_path)
    assert len(cache) == 0
    assert len(load([data], cache=cache).towns) == 3


def test_a_truncated_cache_is_ignored(tmp_path: Path, data: Path) -> None:
    load([data], cache=cache_at(tmp_path))
    cache_file = cache_path(tmp_path)
    cache_file.write_bytes(cache_file.read_bytes()[:40])
    cache = cache_at(tmp_path)
    ds = load([data], cache=cache)
    assert [t.id for t in ds.towns] == ["qiantang", "yuhuangshan", "yunqi"]
    assert cache.misses == 3


def test_a_damaged_entry_costs_only_its_file(tmp_path: Path, data: Path) -> None:
    cold = load([data], cache=cache_at(tmp_path))
    cache_file = cache_path(tmp_path)
    raw = bytearray(cache_file.read_bytes())
    raw[-20:] = b"\xff" * 20  # the end of the last entry
    cache_file.write_bytes(bytes(raw))
    cache = cache_at(tmp_path)
    assert load([data], cache=cache) == cold
    assert (cache.hits, cache.misses) == (2, 1)
    repaired = cache_at(tmp_path)
    load([data], cache=repaired)
    assert repaired.hits == 3


@pytest.fixture
def other(tmp_path: Path, data: Path) -> Path:
    """A copy of ``data``; both were loaded once through the cache."""
    copy = tmp_path / "other"
    shutil.copytree(data, copy)
    load([data], cache=cache_at(tmp_path))
    load([copy], cache=cache_at(tmp_path))
    return copy


def test_entries_of_other_folders_are_kept_and_not_decoded(
    tmp_path: Path, data: Path, other: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[object] = []
    real_entry = cache_module._entry

    def counting_entry(value: object) -> cache_module.Entry:
        decoded.append(value)
        return real_entry(value)

    cache = cache_at(tmp_path)
    assert len(cache) == 6
    monkeypatch.setattr(cache_module, "_entry", counting_entry)
    load([data], cache=cache)
    assert len(decoded) == 3 and cache.hits == 3
    monkeypatch.undo()
    again = cache_at(tmp_path)
    load([other], cache=again)
    assert again.hits == 3


def test_a_cache_that_cannot_be_written_costs_nothing(tmp_path: Path, data: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache folder should be", "utf-8")
    cache = LoadCache(blocker / "cache")
    ds = load([data], cache=cache)
    assert len(ds.towns) == 3


def test_the_caller_saves_when_autosave_is_off(tmp_path: Path, data: Path) -> None:
    cache = cache_at(tmp_path)
    cache.autosave = False
    load([data], cache=cache)
    cache_file = cache_path(tmp_path)
    assert not cache_file.exists()
    cache.save()
    assert cache_file.is_file()


def test_each_data_folder_has_its_own_cache_file(
    tmp_path: Path, data: Path, other: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17 goal 6: a start reads the cache of the folders it loads, no other."""
    mine, theirs = cache_path(tmp_path), cache_path(tmp_path, "other")
    assert mine != theirs and mine.is_file() and theirs.is_file()
    before = theirs.read_bytes()
    read: list[Path] = []
    real_read = cache_module.read_file

    def spy(path: Path, limit: int | None = None) -> tuple[bytes | None, str | None]:
        read.append(path)
        return real_read(path, limit)

    monkeypatch.setattr(cache_module, "read_file", spy)
    path = data / "towns" / "yunqi.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("云栖小镇", "云栖新镇"), "utf-8")
    cache = cache_at(tmp_path)
    assert load([data], cache=cache).town("yunqi").name == "云栖新镇"  # type: ignore[union-attr]
    assert read == [mine] and (cache.hits, cache.misses) == (2, 1)
    assert theirs.read_bytes() == before  # untouched


def test_the_single_cache_file_of_earlier_versions_is_removed(tmp_path: Path, data: Path) -> None:
    old = tmp_path / "cache" / "load-cache.json"
    old.parent.mkdir(mode=0o700)
    old.write_bytes(b"towntui-load-cache 0123\n{}\n")
    kept = tmp_path / "kept"
    kept.write_text("not the cache's", "utf-8")
    cache = cache_at(tmp_path)
    assert len(load([data], cache=cache).towns) == 3 and cache.misses == 3
    assert not old.exists() and cache_path(tmp_path).is_file()
    old.symlink_to(kept)  # a link is removed, never what it points at
    load([data], cache=cache_at(tmp_path))
    assert not old.is_symlink() and kept.read_text("utf-8") == "not the cache's"
