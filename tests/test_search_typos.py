"""Typos at speed (issue 17 goal 8): a pinyin pattern that checks the next character
before its choices, literal scans of only the plain lines with a Latin letter or digit,
fuzzy entries made one score at a time, patterns compiled only when scanned. Every hit
must stay the same: each query typed key by key into an index with these and one
without, and the parts against their definitions."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import pytest
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from towntui.core.loader import load
from towntui.core.model import Dataset
from towntui.core.search import Hit, SearchIndex, fuzzy, pinyin
from towntui.core.search.pinyin import readings
from towntui.core.search.scan import LATIN

pytestmark = pytest.mark.usefixtures("collector_restored")

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@pytest.fixture(scope="module")
def generated(gen: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """40 generated towns of 30 entities (English names, tags, roles, summaries)."""
    out = tmp_path_factory.mktemp("gen") / "typos"
    gen.generate(out, towns=40, entities=30, metrics=3, events=10, seed=11)
    return load([out])


@contextmanager
def _lookahead(n: int) -> Iterator[None]:
    was = pinyin.LOOKAHEAD
    pinyin.LOOKAHEAD = n
    try:
        yield
    finally:
        pinyin.LOOKAHEAD = was


@pytest.fixture(scope="module")
def both(generated: Dataset) -> tuple[SearchIndex, SearchIndex]:
    """This index, and one as before: no Latin view (searched with no lookahead)."""
    new, old = SearchIndex(generated), SearchIndex(generated)
    assert new._latin is not None
    old._latin = None
    return new, old


def _rows(hits: list[Hit]) -> list[tuple[object, ...]]:
    return [(h.kind, h.id, h.label, h.positions, h.score, h.field, h.how) for h in hits]


def _queries(ds: Dataset) -> list[str]:
    """Pinyin with a wrong letter at every place and of every kind, and the queries
    around them: pinyin, initials, English, Latin with Chinese, digits."""
    rng = random.Random(5)
    out = ["xq", "yunqx", "5g", "a1", "云x", "x云", "kind:company xinq", "ai 小镇"]
    for e in sorted(ds.entities.values(), key=lambda e: e.id)[::7]:
        spelled = "".join(readings(c)[0] if readings(c) else c for c in e.name)
        if len(spelled) >= 6:
            at = rng.randrange(1, 6)
            wrong = rng.choice([c for c in _LETTERS if c != spelled[at]])
            out += [spelled[:at] + wrong + spelled[at + 1 : 7], spelled[:6] + wrong]
            out.append(spelled[:at] + spelled[at + 1 : 7])  # a letter left out
        out.append("".join(readings(c)[0][0] for c in e.name if readings(c))[:4])
        if e.name_en:
            name = e.name_en.lower()
            out.append(name[:3] + rng.choice(_LETTERS) + name[4:8])
    return out


def test_typos_typed_key_by_key_give_the_same_hits(
    generated: Dataset, both: tuple[SearchIndex, SearchIndex]
) -> None:
    new, old = both
    checked = 0
    for q in _queries(generated):
        for k in range(1, len(q) + 1):
            typed = q[:k]
            with _lookahead(0):
                want = _rows(old.search(typed))
            assert _rows(new.search(typed)) == want, typed
            checked += 1
        with _lookahead(0):
            want_total, want_all = old.total(q), _rows(old.search(q, limit=500))
        assert new.total(q) == want_total, q
        assert _rows(new.search(q, limit=500)) == want_all, q
    assert checked > 400


def test_a_pinyin_pattern_looks_ahead_and_matches_the_same_lines(
    generated: Dataset, both: tuple[SearchIndex, SearchIndex]
) -> None:
    new = both[0]
    table, text = new._table, new._projected.text
    assert "(?=" in table.pattern("xinlii")[0]
    queries = {q[:k] for q in _queries(generated) for k in range(2, len(q) + 1)}
    queries |= {"zh", "zhon", "changs", "xian", "yunqi", "yq", "xinlii", "a"}
    for q in sorted(queries):
        spell = q.replace(" ", "")
        if not any("a" <= c <= "z" for c in spell):
            continue
        with _lookahead(0):
            before = table.pattern(spell)
        after = table.pattern(spell)
        starts = [m.start() for m in re.finditer(before[0], text)]
        assert [m.start() for m in re.finditer(after[0], text)] == starts, q
        assert after[1] == before[1]


def test_the_latin_view_holds_every_plain_line_with_a_letter_or_digit(
    both: tuple[SearchIndex, SearchIndex],
) -> None:
    new = both[0]
    latin, plain = new._latin, new._plain
    assert latin is not None
    want = [
        e
        for k, e in zip(plain.line_of_entries(), plain.ids, strict=True)
        if not LATIN.isdisjoint(plain.line(k))
    ]
    assert list(latin.ids) == want
    assert latin.text == "".join(
        plain.line(k) for k in range(len(plain.offsets) - 1) if not LATIN.isdisjoint(plain.line(k))
    )
    new.clear_cache()
    p = new._pass("xin")
    assert p.literal.origin[0][0] is latin and p.prefix.origin[0][0] is latin
    assert new._pass("云").literal.origin[0][0] is plain


def test_a_stream_with_nothing_to_scan_compiles_no_pattern(
    both: tuple[SearchIndex, SearchIndex],
) -> None:
    new = both[0]
    new.clear_cache()
    assert not new.search("qqqqzx")  # every tier scanned, nothing found
    longer = new._pass("qqqqzxv")
    assert isinstance(longer.literal.pattern, str)
    assert not list(longer.literal)


def _eager(keys: fuzzy.FuzzyKeys, text: str) -> list[tuple[int, float, tuple[int, ...]]]:
    """:meth:`FuzzyKeys.find` as it was: every key over the cutoff scored, the best 200
    keys' entries listed, then sorted by score and entry."""
    found = process.extract(
        text, keys._keys, scorer=fuzz.ratio, processor=None, limit=None, score_cutoff=fuzzy.CUTOFF
    )
    found.sort(key=lambda f: (-f[1], keys._ordinal[f[2]]))
    out = []
    for choice, score, p in found[:200]:
        ops = Indel.opcodes(text, choice)
        same = [j for tag, _, _, d1, d2 in ops if tag == "equal" for j in range(d1, d2)]
        for x in keys._packed[keys._start[p] : keys._start[p + 1]]:
            e, offset = divmod(x, 2**20)
            out.append((e, float(score), tuple(offset + j for j in same)))
    out.sort(key=lambda x: (-x[1], x[0]))
    return out


def test_fuzzy_entries_come_one_score_at_a_time_as_before(
    both: tuple[SearchIndex, SearchIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = both[0]._fuzzy
    assert isinstance(keys, fuzzy.FuzzyKeys)
    some = [keys._keys[p] for p in range(0, len(keys._keys), 37)]
    for text in ["xinlii", "zhejiang", "toen", "hangzou", "科技有线", *some[:40]]:
        assert list(keys.find(text)) == _eager(keys, text), text

    calls: list[Any] = []
    real = fuzzy.Indel.opcodes

    def counted(a: str, b: str) -> Any:
        calls.append(b)
        return real(a, b)

    monkeypatch.setattr(fuzzy.Indel, "opcodes", counted)
    for text in ("towm", "tovn", "xinlii", "zhejiang", "hangzou"):
        every = _eager(keys, text)
        if every and every[-1][1] < every[0][1]:
            break
    else:
        pytest.fail("no query with fuzzy hits of several scores")
    found = process.extract(
        text, keys._keys, scorer=fuzz.ratio, processor=None, limit=None, score_cutoff=fuzzy.CUTOFF
    )
    best = sum(1 for f in found if f[1] == every[0][1])  # keys of the best score
    calls.clear()
    got = keys.find(text)
    assert next(iter(got)) == every[0]
    assert len(calls) == best < min(200, len(found))  # the other keys wait
