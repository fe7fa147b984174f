"""Building the search index: cancelling a build, the per-letter views' trade-off, and the
loader's pause of the garbage collector."""

from __future__ import annotations

import gc
import string
from pathlib import Path
from types import ModuleType

import pytest

from towntui.core.loader import load
from towntui.core.model import Dataset
from towntui.core.search import Hit, IndexCancelled, SearchIndex, scan
from towntui.core.search.pinyin import readings

pytestmark = pytest.mark.usefixtures("collector_restored")


@pytest.fixture(scope="module")
def generated(gen: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """30 generated towns of 40 entities: names full of common initials."""
    out = tmp_path_factory.mktemp("gen") / "syn"
    gen.generate(out, towns=30, entities=40, metrics=3, events=10, seed=11)
    return load([out])


def _rows(hits: list[Hit]) -> list[tuple[object, ...]]:
    return [(h.kind, h.id, h.label, h.positions, h.score, h.field, h.how) for h in hits]


def _pinyin_queries(ds: Dataset) -> list[str]:
    """Letters, letter pairs, and full and initial pinyin of names' middle characters."""
    out = list(string.ascii_lowercase)
    out += [a + b for a in "yxjszqctw" for b in "aeiouhlnxyz"]
    for e in list(ds.entities.values())[::23]:
        han = [c for c in e.name if readings(c)]
        for start in (0, 1, 2):
            run = han[start : start + 3]
            if run:
                out.append("".join(readings(c)[0] for c in run))
                out.append("".join(readings(c)[0][0] for c in run))
    return out


def test_a_build_gives_up_when_told_to_stop(generated: Dataset) -> None:
    with pytest.raises(IndexCancelled):
        SearchIndex(generated, stop=lambda: True)
    calls = 0

    def later() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3  # partway through the build

    with pytest.raises(IndexCancelled):
        SearchIndex(generated, stop=later)
    assert calls == 4


def test_a_build_that_is_never_stopped_works(generated: Dataset) -> None:
    index = SearchIndex(generated, stop=lambda: False)
    assert len(index) == len(SearchIndex(generated))
    name = next(iter(generated.entities.values())).name
    assert index.search(name, limit=5)[0].label == name


@pytest.mark.parametrize("which", ["bundled", pytest.param("generated", marks=pytest.mark.slow)])
def test_letters_without_a_view_find_the_same_as_with_one(
    which: str, generated: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Common initials scan every projected line instead of a view of their own: the
    results must be those a view would give, hit for hit."""
    ds = load() if which == "bundled" else generated
    monkeypatch.setattr(scan, "VIEW_SHARE", 1.01)
    every = SearchIndex(ds)
    monkeypatch.setattr(scan, "VIEW_SHARE", 0.0)
    none = SearchIndex(ds)
    assert not [k for k in none._by_letter if not k.startswith("^")]
    assert len([k for k in every._by_letter if not k.startswith("^")]) > 10
    queries = _pinyin_queries(ds)
    assert len(queries) > 60
    found = 0
    for q in queries:
        for n in range(1, len(q) + 1):  # typed one key at a time, as the app does
            a, b = every.search(q[:n]), none.search(q[:n])
            assert _rows(a) == _rows(b), q[:n]
            found += any(h.field == "pinyin" for h in a)
    assert found > 100


def test_the_loader_pauses_the_collector_and_gives_it_back(tmp_path: Path) -> None:
    seen: list[bool] = []
    gc.enable()
    load(progress=lambda done, total: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()
    gc.disable()
    load()
    assert not gc.isenabled()  # someone else's choice stays


def test_an_index_build_pauses_the_collector_and_gives_it_back(generated: Dataset) -> None:
    seen: list[bool] = []

    def stop() -> bool:
        seen.append(gc.isenabled())
        return False

    gc.enable()
    SearchIndex(generated, stop=stop)
    assert seen and not any(seen)
    assert gc.isenabled()
    with pytest.raises(IndexCancelled):
        SearchIndex(generated, stop=lambda: True)
    assert gc.isenabled()  # also when the build gives up
    gc.disable()
    SearchIndex(generated)
    assert not gc.isenabled()


@pytest.mark.slow
def test_letter_views_added_later_change_speed_not_results(generated: Dataset) -> None:
    """The app makes search ready before the per-letter views and adds them after."""
    full = SearchIndex(generated)
    later = SearchIndex(generated, letter_views=False)
    assert not later._by_letter
    queries = _pinyin_queries(generated)
    before = [_rows(later.search(q)) for q in queries]  # also fills its caches
    later.add_letter_views()
    assert later._by_letter.keys() == full._by_letter.keys()
    assert [_rows(later.search(q)) for q in queries] == before
    assert before == [_rows(full.search(q)) for q in queries]
    with pytest.raises(IndexCancelled):
        SearchIndex(generated, letter_views=False).add_letter_views(stop=lambda: True)
