"""Issue 17 goal 7: the search index's per-letter pinyin views and its Latin view are
saved with it, so a warm start builds nothing and typing is fast from the first key.

The views are restored as they were built (never derived again), give the very results
of built ones, are read only when asked for (a one-shot query does without them), and
a damaged views section is never used. While they are built, the builder pauses when
asked to (the app asks while keys come in).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from tests.test_search_saved import _rows, _words
from tests.test_search_saved import generated as generated  # the generated folder (a fixture)
from towntui.core.cache import sections
from towntui.core.loader import load
from towntui.core.model import Dataset
from towntui.core.search import IndexCancelled, SearchIndex, scan
from towntui.core.search import index as index_module
from towntui.core.search.saved import SavedIndex
from towntui.core.search.scan import View

pytestmark = pytest.mark.usefixtures("collector_restored")


@pytest.fixture(scope="module")
def dataset(generated: Path) -> Dataset:
    return load([generated])


def _saved(folder: Path, generated: Path, index: SearchIndex) -> SavedIndex:
    saved = SavedIndex.beside(folder, [generated])
    assert saved is not None and saved.save(index, 0)
    again = SavedIndex.beside(folder, [generated])
    assert again is not None
    return again


def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: Any, **__: Any) -> Any:
        raise AssertionError("a view was built")

    monkeypatch.setattr(index_module, "letter_views_of", fail)
    monkeypatch.setattr(index_module, "latin_view", fail)


def test_the_views_are_saved_and_restored_as_built(
    dataset: Dataset, generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = SearchIndex(dataset)
    assert built.has_views
    saved = _saved(tmp_path, generated, built)
    restored = saved.load()
    assert restored is not None and not restored.has_views  # a one-shot query: none read
    bare = saved.load()
    assert bare is not None
    _no_build(monkeypatch)
    assert saved.load_views(restored)
    assert restored.has_views
    restored.add_letter_views()  # nothing left to build
    assert restored._by_letter.keys() == built._by_letter.keys()
    for key, view in built._by_letter.items():
        mine = restored._by_letter[key]
        assert (mine.text, list(mine.offsets), list(mine.ids)) == (
            view.text,
            list(view.offsets),
            list(view.ids),
        )
        assert (None if mine.first is None else list(mine.first)) == (
            None if view.first is None else list(view.first)
        )
    assert built._latin is not None and restored._latin is not None
    assert restored._latin.text == built._latin.text
    assert list(restored._latin.ids) == list(built._latin.ids)
    for query in [*_words(dataset), "x", "zh", "sheng", "yq", "a1", "b", "c "]:
        for limit in (1, 50):
            a = _rows(list(built.search(query, limit)))
            assert _rows(list(restored.search(query, limit))) == a, query
            assert _rows(list(bare.search(query, limit))) == a, query
        assert restored.total(query) == built.total(query) == bare.total(query)


def test_an_index_saved_without_views_has_none_to_restore(
    dataset: Dataset, generated: Path, tmp_path: Path
) -> None:
    saved = _saved(tmp_path, generated, SearchIndex(dataset, letter_views=False))
    restored = saved.load()
    assert restored is not None
    assert not saved.load_views(restored)
    assert not restored.has_views


def _views_section(path: Path) -> tuple[int, int]:
    """Where the views' text section lies in the file: (offset, length)."""
    found = sections.read_sections(path, 1 << 30)
    assert found is not None
    header, _ = found
    raw = path.read_bytes()
    at = raw.index(b"\n", raw.index(b"\n") + 1) + 1
    for name, _code, length, _crc in header["sections"]:
        if name == "views_text":
            return at, length
        at += length
    raise AssertionError("no views section")


def test_a_damaged_views_section_is_never_used(
    dataset: Dataset, generated: Path, tmp_path: Path
) -> None:
    saved = _saved(tmp_path, generated, SearchIndex(dataset))
    at, length = _views_section(saved.path)
    raw = bytearray(saved.path.read_bytes())
    raw[at + length // 2] ^= 0x01
    saved.path.write_bytes(bytes(raw))
    assert sections.read_sections(saved.path, 1 << 30) is None  # the file is damaged
    again = SavedIndex.beside(tmp_path, [generated])
    assert again is not None
    restored = again.load()  # (the sections a one-shot query reads are intact)
    if restored is not None:
        assert not again.load_views(restored)
        assert not restored.has_views


def test_views_of_another_file_are_not_taken(
    dataset: Dataset, generated: Path, tmp_path: Path
) -> None:
    """A file written again between reading the index and its views (another process
    built it anew) gives no views to the index read first."""
    saved = _saved(tmp_path, generated, SearchIndex(dataset))
    restored = saved.load()
    assert restored is not None
    other = SavedIndex.beside(tmp_path, [generated])
    assert other is not None
    smaller = SearchIndex(load([generated]))
    assert other.save(smaller, 1)  # another header (problems), other sections
    assert not saved.load_views(restored)


def test_the_builder_pauses_while_the_hook_holds_it(dataset: Dataset) -> None:
    index = SearchIndex(dataset, letter_views=False)
    entered = threading.Event()
    release = threading.Event()
    calls: list[int] = []

    def pause() -> None:
        calls.append(1)
        if len(calls) == 1:
            entered.set()
            assert release.wait(30)

    worker = threading.Thread(target=index.add_letter_views, kwargs={"pause": pause})
    worker.start()
    assert entered.wait(30)
    assert not index.has_views  # held in the pause
    assert worker.is_alive()
    for query in ("yq", "sheng", "x"):  # searching works meanwhile
        index.search(query)
    release.set()
    worker.join(30)
    assert not worker.is_alive()
    assert index.has_views
    assert len(calls) >= 2  # between batches, not once for the whole build
    built = SearchIndex(dataset)
    index.clear_cache()
    for query in _words(dataset):
        assert _rows(list(index.search(query))) == _rows(list(built.search(query)))


def test_saving_pauses_between_sections_and_writes_the_same_file(
    dataset: Dataset, generated: Path, tmp_path: Path
) -> None:
    """The app saves the index in the loader thread while the user may type: it pauses
    between sections as the builder does between batches."""
    index = SearchIndex(dataset)
    plain = _saved(tmp_path / "a", generated, index)
    calls: list[int] = []
    paused = SavedIndex.beside(tmp_path / "b", [generated], plain.stamps)
    assert paused is not None
    (tmp_path / "b").mkdir(mode=0o700)
    assert paused.save(index, 0, pause=lambda: calls.append(1))
    assert len(calls) > 20
    assert paused.path.read_bytes() == plain.path.read_bytes()


def _parts(view: View | None) -> object:
    if view is None:
        return None
    first = None if view.first is None else list(view.first)
    return view.text, list(view.offsets), list(view.ids), first


@pytest.mark.parametrize("chunk", [1, 7, 300])
def test_views_built_in_chunks_are_those_built_at_once(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """The builder scans the text a chunk at a time (so that it can pause often): the
    views are the same for any chunk size."""
    index = SearchIndex(dataset, letter_views=False)
    monkeypatch.setattr(scan, "SCAN_CHUNK", 1 << 40)
    whole = scan.letter_views(index._table, index._projected)
    latin = scan.latin_view(index._plain)
    monkeypatch.setattr(scan, "SCAN_CHUNK", chunk)
    calls: list[int] = []
    chunked = scan.letter_views(index._table, index._projected, pause=lambda: calls.append(1))
    assert {k: _parts(v) for k, v in chunked.items()} == {k: _parts(v) for k, v in whole.items()}
    assert _parts(scan.latin_view(index._plain)) == _parts(latin)
    assert len(calls) > 26 * 2


def test_a_save_given_up_in_a_pause_leaves_nothing(
    dataset: Dataset, generated: Path, tmp_path: Path
) -> None:
    """The app quitting while its loader saves (paused for the user) gives the save up:
    no file, no temporary file left."""
    folder = tmp_path / "c"
    folder.mkdir(mode=0o700)
    saved = SavedIndex.beside(folder, [generated])
    assert saved is not None
    calls: list[int] = []

    def pause() -> None:
        calls.append(1)
        if len(calls) > 12:  # (in the writing)
            raise IndexCancelled

    with pytest.raises(IndexCancelled):
        saved.save(SearchIndex(dataset), 0, pause)
    assert list(folder.iterdir()) == []
