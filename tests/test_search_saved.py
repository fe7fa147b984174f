"""Issue 17 goal 3: the search index saved beside the load cache.

A saved index gives the same results as a built one; it is used only for the very files
it was built from (a stale one is rebuilt and rewritten), a damaged one is ignored and
rewritten, another folder's files are never touched, and ``towntui search`` with a
saved index neither loads the data nor builds anything.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.cli import run_cli
from towntui.core.cache import sections
from towntui.core.loader import load
from towntui.core.model import Dataset
from towntui.core.search import Hit, SearchIndex
from towntui.core.search.pinyin import readings
from towntui.core.search.saved import INDEX_PREFIX, SavedIndex, dump, restore

pytestmark = pytest.mark.usefixtures("collector_restored")


@pytest.fixture(scope="module")
def generated(gen: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 generated towns of 30 entities (names full of polyphonic characters)."""
    out = tmp_path_factory.mktemp("gen") / "syn"
    gen.generate(out, towns=20, entities=30, metrics=3, events=8, seed=5)
    return out


@pytest.fixture(scope="module")
def indexes(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    """The index built from the generated folder, and the same index saved and read."""
    ds = load([generated])
    built = SearchIndex(ds, letter_views=False)
    folder = tmp_path_factory.mktemp("cache")
    saved = SavedIndex.beside(folder, [generated])
    assert saved is not None and saved.save(built, len(ds.problems))
    again = SavedIndex.beside(folder, [generated])
    assert again is not None
    restored = again.load()
    assert restored is not None
    return SearchIndex(ds, letter_views=False), restored


def _rows(hits: list[Hit]) -> list[tuple[object, ...]]:
    return [
        (h.kind, h.id, h.label, h.positions, h.score, h.field, h.how, h.towns, h.context, h.name)
        for h in hits
    ]


def _words(ds: Dataset) -> list[str]:
    """Pieces of names, their pinyin and initials, English words and filters."""
    out = ["kind:company", "kind:town", "kind:event", "town:syn-0003", "town:zz"]
    for e in list(ds.entities.values())[::7]:
        out += [e.name[:2], e.name[1:4], *(e.name_en or "").lower().split()[:1]]
        han = [c for c in e.name[:3] if readings(c)]
        out.append("".join(readings(c)[0] for c in han))
        out.append("".join(readings(c)[0][0] for c in han))
    return [w for w in out if w]


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_saved_index_gives_what_a_built_one_does(
    indexes: tuple[SearchIndex, SearchIndex], generated: Path, data: st.DataObject
) -> None:
    built, restored = indexes
    words = _words(load([generated]))
    parts = data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=2))
    cut = data.draw(st.integers(min_value=1, max_value=12))
    query = " ".join(parts)[:cut] if data.draw(st.booleans()) else " ".join(parts)
    limit = data.draw(st.sampled_from([1, 5, 50]))
    a, b = built.search(query, limit), restored.search(query, limit)
    assert _rows(list(a)) == _rows(list(b))
    assert a.problems == b.problems
    assert built.total(query) == restored.total(query)


def test_a_restored_index_saves_as_it_was_read(
    indexes: tuple[SearchIndex, SearchIndex], tmp_path: Path
) -> None:
    built, restored = indexes
    assert len(restored) == len(built)
    again = restore(dump(restored))
    for query in ("yq", "kind:town", "xin"):
        assert _rows(list(again.search(query))) == _rows(list(built.search(query)))


def test_typos_and_letter_views_work_on_a_restored_index(
    indexes: tuple[SearchIndex, SearchIndex],
) -> None:
    built, restored = indexes
    name = next(d for d in range(len(built)) if len(built._name(d)) >= 6)
    typo = built._name(name)[:-1] + "x"  # the fuzzy tier
    assert _rows(list(restored.search(typo))) == _rows(list(built.search(typo)))
    again = restore(dump(restored))  # with the fuzzy keys made
    assert _rows(list(again.search(typo))) == _rows(list(built.search(typo)))
    restored.add_letter_views()
    built.add_letter_views()
    for q in ("x", "xin", "yq", "zh", "sheng"):
        assert _rows(list(restored.search(q))) == _rows(list(built.search(q)))


# ----------------------------------------------------------------- through the CLI


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The CLI with a load cache (and saved index) folder of its own."""
    folder = tmp_path / "cache"
    monkeypatch.delenv("TOWNTUI_NO_CACHE", raising=False)
    monkeypatch.delenv("TOWNTUI_DATA", raising=False)
    monkeypatch.setenv("TOWNTUI_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def data(tmp_path: Path, mini_dir: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(mini_dir, root)
    return root


def _index_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(INDEX_PREFIX + "*"))


def _search(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, "search", *args, data=data)


def _no_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: Any, **__: Any) -> Dataset:
        raise AssertionError("the data was loaded")

    monkeypatch.setattr("towntui.core.loader.load", fail)  # (cli.context imports it when it loads)


def test_the_cli_saves_the_index_and_then_neither_loads_nor_builds(
    capsys: pytest.CaptureFixture[str], cached: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = [
        _search(capsys, data, q, *fmt)
        for q in ("yq", "云栖", "kind:town")
        for fmt in ((), ("--json",))
    ]
    assert len(_index_files(cached)) == 1
    _no_load(monkeypatch)
    monkeypatch.setattr(SearchIndex, "__init__", None)  # no build either
    again = [
        _search(capsys, data, q, *fmt)
        for q in ("yq", "云栖", "kind:town")
        for fmt in ((), ("--json",))
    ]
    assert again == first
    assert first[0][0] == 0 and "云栖" in first[0][1]
    assert json.loads(first[1][1])["results"]


def test_the_problems_note_is_kept_with_a_saved_index(
    capsys: pytest.CaptureFixture[str], cached: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (data / "towns" / "broken.toml").write_text("[town\n", "utf-8")
    first = _search(capsys, data, "yq")
    assert "1 problem in data" in first[2]
    _no_load(monkeypatch)
    assert _search(capsys, data, "yq") == first


def test_a_stale_index_is_rebuilt_and_rewritten(
    capsys: pytest.CaptureFixture[str], cached: Path, data: Path
) -> None:
    _search(capsys, data, "yq")
    (saved,) = _index_files(cached)
    path = data / "towns" / "yunqi.toml"
    path.write_text(path.read_text("utf-8").replace("云栖小镇", "云栖新镇"), "utf-8")
    stale = SavedIndex.beside(cached, [data])
    assert stale is not None and stale.load() is None
    code, out, _ = _search(capsys, data, "云栖新镇", "--json")
    assert code == 0 and json.loads(out)["results"][0]["name"] == "云栖新镇"
    fresh = SavedIndex.beside(cached, [data])
    assert fresh is not None and fresh.load() is not None  # written again
    assert _index_files(cached) == [saved]


def test_a_new_or_removed_file_makes_the_index_stale(
    capsys: pytest.CaptureFixture[str], cached: Path, data: Path
) -> None:
    _search(capsys, data, "yq")
    extra = data / "towns" / "copy.toml"
    extra.write_text((data / "towns" / "yunqi.toml").read_text("utf-8"), "utf-8")
    stale = SavedIndex.beside(cached, [data])
    assert stale is not None and stale.load() is None
    _search(capsys, data, "yq")
    extra.unlink()
    gone = SavedIndex.beside(cached, [data])
    assert gone is not None and gone.load() is None


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "pickle", "empty"])
def test_a_damaged_index_is_ignored_and_rewritten(
    capsys: pytest.CaptureFixture[str],
    cached: Path,
    data: Path,
    tmp_path: Path,
    damage: str,
) -> None:
    good = _search(capsys, data, "yq", "--json")
    (saved,) = _index_files(cached)
    raw = saved.read_bytes()
    marker = tmp_path / "code-ran"
    bad = {
        "flip": lambda: (
            raw[: len(raw) // 2] + bytes([raw[len(raw) // 2] ^ 1]) + raw[len(raw) // 2 + 1 :]
        ),
        "truncate": lambda: raw[: len(raw) - 7],
        "garbage": lambda: b"\x00garbage" * 100,
        "pickle": lambda: pickle.dumps(_Planted(marker)),
        "empty": lambda: b"",
    }[damage]()
    saved.write_bytes(bad)
    assert _search(capsys, data, "yq", "--json") == good
    assert not marker.exists()
    again = SavedIndex.beside(cached, [data])
    assert again is not None and again.load() is not None  # rewritten


def test_every_section_is_checked(
    cached: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _search(capsys, data, "yq")
    (saved,) = _index_files(cached)
    raw = saved.read_bytes()
    step = max(1, len(raw) // 300)
    for at in range(0, len(raw), step):
        flipped = bytearray(raw)
        flipped[at] ^= 0x10
        saved.write_bytes(bytes(flipped))
        assert sections.read_sections(saved, 1 << 30) is None, at


class _Planted:
    """A pickle that, when loaded, creates a file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


def test_another_folders_files_are_untouched(
    capsys: pytest.CaptureFixture[str], cached: Path, data: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    shutil.copytree(data, other)
    _search(capsys, data, "yq")
    _search(capsys, other, "yq")
    files = sorted(cached.iterdir())
    assert len(files) == 4  # a load cache file and an index file per folder
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    path = data / "towns" / "yunqi.toml"
    path.write_text(path.read_text("utf-8").replace("云栖小镇", "云栖新镇"), "utf-8")
    _search(capsys, data, "yq")
    changed = [f for f in files if (f.read_bytes(), f.stat().st_mtime_ns) != before[f]]
    assert len(changed) == 2  # this folder's load cache and index
    other_files = [f for f in files if f not in changed]
    assert all(before[f] == (f.read_bytes(), f.stat().st_mtime_ns) for f in other_files)


def test_no_index_is_saved_without_a_cache(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cached: Path, data: Path
) -> None:
    monkeypatch.setenv("TOWNTUI_NO_CACHE", "1")
    assert _search(capsys, data, "yq")[0] == 0
    assert not cached.exists()


def test_an_index_in_a_folder_others_may_write_is_not_used(
    capsys: pytest.CaptureFixture[str], cached: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _search(capsys, data, "yq")
    os.chmod(cached, 0o777)
    stale = SavedIndex.beside(cached, [data])
    assert stale is not None and stale.load() is None
    os.chmod(cached, 0o700)
    (saved,) = _index_files(cached)
    os.chmod(saved, 0o666)
    assert stale.load() is None
