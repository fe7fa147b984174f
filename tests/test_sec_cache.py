"""Issue 16: the load cache can be planted, linked, flipped or stale: none of it runs code,
hangs, grows without bound or shows wrong data, and ``validate`` never reads it."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import within
from towntui.cli import main
from towntui.core.cache import LoadCache, folder_cache_path
from towntui.core.cache import store as cache_module
from towntui.core.loader import load

TOWNS = ["qiantang", "yuhuangshan", "yunqi"]


@pytest.fixture
def data(tmp_path: Path, mini_dir: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(mini_dir, root)
    return root


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "cache"
    path.mkdir(mode=0o700)
    return path


def cache_file(folder: Path, data: str = "data") -> Path:
    """The cache file in ``folder`` of the towns of the data folder ``data`` beside it."""
    return folder_cache_path(folder, str((folder.parent / data / "towns").resolve()))


class _Planted:
    """A pickle that, when loaded, creates a file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


def test_a_planted_pickle_runs_no_code(tmp_path: Path, data: Path, folder: Path) -> None:
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_Planted(marker))
    for path in (
        folder / cache_module.CACHE_NAME,
        folder / "load-cache.pickle",
        cache_file(folder),
    ):
        path.write_bytes(payload)
    cache = LoadCache(folder)
    ds = load([data], cache=cache)
    assert not marker.exists()
    assert [t.id for t in ds.towns] == TOWNS
    assert cache.misses == 3


def test_the_cache_is_not_a_pickle(data: Path, folder: Path) -> None:
    load([data], cache=LoadCache(folder))
    raw = cache_file(folder).read_bytes()
    assert raw.startswith(cache_module.MAGIC)
    with pytest.raises(pickle.UnpicklingError):
        pickle.loads(raw)


def test_a_round_trip_rebuilds_the_same_dataset(data: Path, folder: Path) -> None:
    cold = load([data], cache=LoadCache(folder))
    warm_cache = LoadCache(folder)
    warm = load([data], cache=warm_cache)
    assert warm == cold and warm_cache.hits == 3
    for a, b in zip(warm.towns, cold.towns, strict=True):
        assert type(a.aliases) is tuple and a.aliases == b.aliases
        assert all(type(e.towns) is tuple for e in a.entities)


def test_the_cache_and_its_folder_are_private(tmp_path: Path, data: Path) -> None:
    where = tmp_path / "new" / "cache"
    load([data], cache=LoadCache(where))
    assert stat.S_IMODE(where.stat().st_mode) == 0o700
    (written,) = where.iterdir()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def _warm(data: Path, folder: Path) -> LoadCache:
    cache = LoadCache(folder)
    load([data], cache=cache)
    return cache


def test_a_cache_file_owned_by_someone_else_is_not_read(data: Path, folder: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("chown to another user needs root")
    load([data], cache=LoadCache(folder))
    os.chown(cache_file(folder), 65534, 65534)
    cache = _warm(data, folder)
    assert cache.hits == 0 and cache.refused is not None


def test_a_cache_folder_owned_by_someone_else_is_not_used(data: Path, folder: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("chown to another user needs root")
    load([data], cache=LoadCache(folder))
    before = cache_file(folder).read_bytes()
    os.chown(folder, 65534, 65534)
    cache = _warm(data, folder)
    assert cache.hits == 0 and cache.refused is not None
    assert cache_file(folder).read_bytes() == before  # nor written


@pytest.mark.parametrize("mode", [0o622, 0o606])
def test_a_cache_file_others_may_write_is_not_read(data: Path, folder: Path, mode: int) -> None:
    load([data], cache=LoadCache(folder))
    os.chmod(cache_file(folder), mode)
    cache = _warm(data, folder)
    assert cache.hits == 0 and cache.refused is not None


@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o770])
def test_a_cache_folder_others_may_write_is_not_used(
    tmp_path: Path, data: Path, folder: Path, mode: int
) -> None:
    load([data], cache=LoadCache(folder))
    os.chmod(folder, mode)
    cache = _warm(data, folder)
    assert cache.hits == 0 and cache.refused is not None
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, mode)
    load([data], cache=LoadCache(shared))
    assert list(shared.iterdir()) == []  # nothing is written there either


def test_a_symlinked_cache_file_is_not_followed(tmp_path: Path, data: Path, folder: Path) -> None:
    load([data], cache=LoadCache(folder))
    real = tmp_path / "elsewhere"
    os.replace(cache_file(folder), real)
    cache_file(folder).symlink_to(real)
    cache = _warm(data, folder)
    assert cache.hits == 0
    assert not cache_file(folder).is_symlink()  # replaced by a file of our own on save
    assert _warm(data, folder).hits == 3


def test_a_cache_linked_to_dev_zero_is_refused_at_once(data: Path, folder: Path) -> None:
    cache_file(folder).symlink_to("/dev/zero")
    cache = within(20, lambda: _warm(data, folder))
    assert cache.hits == 0


def test_a_fifo_cache_does_not_hang(data: Path, folder: Path) -> None:
    os.mkfifo(cache_file(folder))
    cache = within(20, lambda: _warm(data, folder))
    assert cache.hits == 0


def test_a_cache_over_the_size_cap_is_not_read(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load([data], cache=LoadCache(folder))
    size = cache_file(folder).stat().st_size
    monkeypatch.setattr(cache_module, "MAX_CACHE_BYTES", size - 1)
    cache = _warm(data, folder)
    assert cache.hits == 0 and cache.refused is not None


def test_save_keeps_the_cache_under_the_size_cap(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load([data], cache=LoadCache(folder))
    full = cache_file(folder).stat().st_size
    monkeypatch.setattr(cache_module, "MAX_CACHE_BYTES", full * 2 // 3)
    cache_file(folder).unlink()
    load([data], cache=LoadCache(folder))  # the newest entries are kept
    assert cache_file(folder).stat().st_size <= full * 2 // 3
    assert 1 <= _warm(data, folder).hits < 3


def test_every_flipped_byte_is_detected(tmp_path: Path, data: Path, folder: Path) -> None:
    """A flip anywhere costs a re-read of the file at most: never different data."""
    cold = load([data], cache=LoadCache(folder))
    good = cache_file(folder).read_bytes()
    step = max(1, len(good) // 400)
    for at in range(0, len(good), step):
        flipped = bytearray(good)
        flipped[at] ^= 0x01
        cache_file(folder).write_bytes(bytes(flipped))
        cache_file(folder).chmod(0o600)
        assert load([data], cache=LoadCache(folder)) == cold, at


def test_validate_never_reads_the_cache(
    data: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TOWNTUI_NO_CACHE", raising=False)
    monkeypatch.delenv("TOWNTUI_DATA", raising=False)
    monkeypatch.setenv("TOWNTUI_CACHE_DIR", str(folder))
    load([data], cache=LoadCache.default())
    used: list[object] = []
    real_get = LoadCache.get

    def spy(self: LoadCache, key: Any) -> Any:
        used.append(key)
        return real_get(self, key)

    monkeypatch.setattr(LoadCache, "get", spy)
    assert main(["--no-bundled", "validate", str(data)]) == 0
    assert main(["--no-bundled", "--data", str(data), "validate"]) == 0
    capsys.readouterr()
    assert used == []


def test_a_same_size_edit_with_its_mtime_restored_is_read_again(data: Path, folder: Path) -> None:
    load([data], cache=LoadCache(folder))
    path = data / "towns" / "yunqi.toml"
    before = path.stat()
    path.write_text(path.read_text("utf-8").replace("云栖小镇", "云栖大镇"), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    cache = LoadCache(folder)
    town = load([data], cache=cache).town("yunqi")
    assert town is not None and town.name == "云栖大镇"
    assert cache.misses == 1


def test_a_file_replaced_by_another_of_the_same_size_and_mtime_is_read_again(
    data: Path, folder: Path
) -> None:
    load([data], cache=LoadCache(folder))
    path = data / "towns" / "yunqi.toml"
    before = path.stat()
    new = path.with_suffix(".new")
    new.write_text(path.read_text("utf-8").replace("云栖小镇", "云栖大镇"), "utf-8")
    os.utime(new, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(new, path)  # a new inode
    cache = LoadCache(folder)
    town = load([data], cache=cache).town("yunqi")
    assert town is not None and town.name == "云栖大镇"
