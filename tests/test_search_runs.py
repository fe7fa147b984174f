"""Views keep a run of equal neighbouring lines once (issue 17 goal 8): less text to scan,
and every result the same as with one line per entry, in the same order."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from types import ModuleType

import pytest

from towntui.core.loader import load
from towntui.core.model import Dataset
from towntui.core.search import Hit, SearchIndex, scan
from towntui.core.search.pinyin import readings
from towntui.core.search.scan import View, joined_in_batches

pytestmark = pytest.mark.usefixtures("collector_restored")


@pytest.fixture(scope="module")
def generated(gen: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """40 generated towns of 30 entities: many entities share tags and roles."""
    out = tmp_path_factory.mktemp("gen") / "syn"
    gen.generate(out, towns=40, entities=30, metrics=3, events=10, seed=7)
    return load([out])


@pytest.fixture(scope="module")
def both(generated: Dataset) -> tuple[SearchIndex, SearchIndex]:
    """The index with runs kept once, and the one with a line per entry (as before)."""
    new = SearchIndex(generated)
    scan.RUNS = False
    try:
        old = SearchIndex(generated)
    finally:
        scan.RUNS = True
    return new, old


def _rows(hits: list[Hit]) -> list[tuple[object, ...]]:
    return [(h.kind, h.id, h.label, h.positions, h.score, h.field, h.how) for h in hits]


def _queries(ds: Dataset) -> list[str]:
    """Queries of every kind bench.py types: pinyin, initials, Chinese, English, tags,
    roles, typos, filters."""
    rng = random.Random(3)
    entities = sorted(ds.entities.values(), key=lambda e: e.id)
    out = ["y", "x", "zh", "jin", "kind:company x", "town:syn-0001 y"]
    for e in entities[::9]:
        spelled = "".join(readings(c)[0] if readings(c) else c for c in e.name)
        initials = "".join(readings(c)[0][0] for c in e.name if readings(c))
        out += [spelled[:6], initials[:5], e.name[1:4]]
        if e.name_en:
            out.append(e.name_en.lower()[:7])
        out += [t[:3] for t in e.tags[:1]]
        if e.role:
            out.append(e.role[:2])
        if len(spelled) >= 6:
            at = rng.randrange(2, 6)
            out.append(spelled[:at] + "q" + spelled[at + 1 : 6])
    return out


def _typed(q: str) -> Iterator[str]:
    return (q[:k] for k in range(1, len(q) + 1))


def test_views_keep_runs_once(both: tuple[SearchIndex, SearchIndex]) -> None:
    new, old = both
    assert new._plain.first is not None and old._plain.first is None
    assert len(new._plain.text) < 0.9 * len(old._plain.text)
    assert len(new._projected.text) < 0.9 * len(old._projected.text)
    for e in range(0, len(new._entry_text), 97):  # every entry still finds its text
        assert new._folded(e) == old._folded(e)


def test_every_keystroke_gives_the_same_hits_in_the_same_order(
    generated: Dataset, both: tuple[SearchIndex, SearchIndex]
) -> None:
    """Differential: each query typed key by key into both indexes (so narrowing and the
    caches run as in the app), hits, scores, positions and totals alike."""
    new, old = both
    checked = 0
    for q in _queries(generated):
        for typed in _typed(q):
            assert _rows(new.search(typed)) == _rows(old.search(typed)), typed
            checked += 1
        assert new.total(q) == old.total(q), q
        assert _rows(new.search(q, limit=500)) == _rows(old.search(q, limit=500)), q
    assert checked > 500


def test_runs_across_batches_and_views_of_found_lines() -> None:
    texts = ["a"] * 5000 + ["b", "b", "c"] + ["a"] * 4100 + ["d"]
    view = joined_in_batches(texts, range(len(texts)))
    assert view.text == "\na\nb\nc\na\nd"
    assert list(view.first or ()) == [0, 5000, 5002, 5003, 9103, 9104]
    assert list(view.line_of_entries())[4998:5004] == [0, 0, 1, 1, 2, 3]
    stream = scan.Stream(re.compile("[bd]"), [(view, 0)])
    assert list(stream) == [5000, 5001, 9103]
    runs = View.runs(["\nx", "\nx", "\ny"], [7, 8, 9])
    assert (runs.text, list(runs.first or ()), runs.entries_from(1)) == ("\nx\ny", [0, 2, 3], 1)


def test_letter_views_of_a_view_with_runs_hold_every_entry(
    both: tuple[SearchIndex, SearchIndex],
) -> None:
    new, old = both
    assert new._by_letter.keys() == old._by_letter.keys()
    for key, view in new._by_letter.items():
        want = old._by_letter[key]
        assert sorted(view.ids) == sorted(want.ids), key
        assert view.entries_from(0) == len(want.ids)


def test_the_fuzzy_sieve_keeps_exactly_the_keys_with_enough_query_characters(
    both: tuple[SearchIndex, SearchIndex],
) -> None:
    """The sieve's regex (the query's characters with the others skipped, no
    backtracking) against its definition, counted key by key."""
    from towntui.core.search import fuzzy

    keys = both[0]._fuzzy
    for text in ("科技有限公", "云栖", "北光玉云计算", "数据-中心", "a科b"):
        groups = set(keys._span)
        got, where = keys._sieve(text, groups)
        assert [keys._keys[p] for p in where] == got
        wide = set(text)
        want = set()
        for (lb, ka), (lo, hi) in keys._span.items():
            if ka == lb:
                want.update(range(lo, hi))
            elif lb in keys._wide_at:
                need = max(1, -(-(int(fuzzy.CUTOFF) * (len(text) + lb) - 1) // 200))
                want.update(
                    p for p in range(lo, hi) if sum(c in wide for c in keys._keys[p]) >= need
                )
        assert set(where) == want, text
