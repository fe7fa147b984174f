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
from towntui.core.search import index as index_module
from towntui.core.search.pinyin import readings
from towntui.core.search.scan import (
    View,
    candidates,
    joined_in_batches,
    letter_groups,
    lines_of,
)

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


def _typed_alike(ds: Dataset, new: SearchIndex, old: SearchIndex) -> None:
    """Each query typed key by key into both indexes (so narrowing and the caches run as
    in the app): hits, scores, positions and totals alike."""
    checked = 0
    for q in _queries(ds):
        for typed in _typed(q):
            assert _rows(new.search(typed)) == _rows(old.search(typed)), typed
            checked += 1
        assert new.total(q) == old.total(q), q
        assert _rows(new.search(q, limit=500)) == _rows(old.search(q, limit=500)), q
    assert checked > 500


def test_every_keystroke_gives_the_same_hits_in_the_same_order(
    generated: Dataset, both: tuple[SearchIndex, SearchIndex]
) -> None:
    """Differential: each query typed key by key into both indexes (so narrowing and the
    caches run as in the app), hits, scores, positions and totals alike."""
    _typed_alike(generated, *both)


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


@pytest.fixture(scope="module")
def masked(generated: Dataset) -> tuple[SearchIndex, SearchIndex]:
    """The index with letter masks, and one without (each pinyin scan over its letter's
    whole view, as before)."""
    new = SearchIndex(generated)
    old = SearchIndex(generated)
    old._masks = {}
    assert new._masks
    return new, old


def test_the_lines_a_pinyin_query_matches_hold_the_letters_it_needs(
    generated: Dataset, masked: tuple[SearchIndex, SearchIndex]
) -> None:
    """Every projected line the pinyin regex of a query matches is among the candidate
    lines of its letter groups (``chani`` needs a c-character, and an n- or i-one)."""
    ix = masked[0]
    assert letter_groups(ix._table, "chani") == ["c", "ni"]
    assert letter_groups(ix._table, "xlsj") == ["j", "l", "s", "x"]
    view = ix._projected
    lines = view.text.split("\n")[1:]
    checked = 0
    for q in _queries(generated):
        spell = q.replace(" ", "")
        if not spell.isascii() or not spell.isalpha():
            continue
        for typed in _typed(spell):
            body, exact = ix._table.pattern(typed)
            bits = candidates(ix._masks, letter_groups(ix._table, typed))
            if not exact or bits is None:
                continue
            pattern = re.compile(body)
            for k, line in enumerate(lines):
                if pattern.search(line):
                    assert bits >> k & 1, (typed, line)
                    checked += 1
    assert checked > 1000


def test_a_view_of_candidate_lines_keeps_their_entries_in_order() -> None:
    texts = ["a"] * 3 + ["b", "c", "c", "d"]
    view = joined_in_batches(texts, range(10, 17))
    sub = lines_of(view, 0b1010)  # lines 1 ("b") and 3 ("d")
    assert (sub.text, list(sub.ids), list(sub.first or ())) == ("\nb\nd", [13, 16], [0, 1, 2])
    assert list(scan.Stream(re.compile("[bd]"), [(sub, 0)])) == [13, 16]
    assert lines_of(view, 0).text == ""
    lazy = scan.LinesOf(view, 0b1010, 2)
    assert lazy.entries_after(0) == 2  # an estimate, nothing copied yet
    assert list(scan.Stream(re.compile("[bd]"), [(lazy, 0)])) == [13, 16]
    assert (lazy.text, lazy.entries_after(0)) == ("\nb\nd", 2)


def test_every_keystroke_gives_the_same_hits_with_letter_masks(
    generated: Dataset, masked: tuple[SearchIndex, SearchIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Differential, as above: pinyin scans over the candidate lines only (always, here,
    however many they are) find what full scans find."""
    monkeypatch.setattr(index_module, "_CANDIDATES_BELOW", 0)
    _typed_alike(generated, *masked)
