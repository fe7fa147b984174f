"""Search over towns, entities and event titles, built for per-keystroke use.

``SearchIndex(dataset).search("yq kind:company")`` returns ranked :class:`Hit` records.
Matching is Chinese/English substring (case-insensitive), pinyin (full, initials, mixed,
every reading of polyphonic characters; see :mod:`towntui.core.pinyin`) and, when the
strict tiers find little, fuzzy matching with rapidfuzz.

Ranking, best first: exact text, literal prefix, pinyin from the start, literal substring,
pinyin anywhere, fuzzy. Within a tier, names beat aliases beat English names beat tags,
districts and roles; towns beat entities beat events; shorter texts come first.

Speed: every searchable text is one line of two big strings (plain folded text, and
pinyin-projected text), in ranking order, so a tier is one regular-expression scan at C
speed. Like fzf, the lines that matched a query are kept (in a bounded cache): a longer
query scans only the survivors of its longest cached prefix, and backspacing returns
cached results. Pinyin readings are computed when the index is built.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from towntui.core.model import ENTITY_KINDS, Dataset, Entity
from towntui.core.pinyin import HAN_RE as _HAN
from towntui.core.pinyin import RESERVED, SymbolTable, char_class, fold, is_han, match

HitKind = Literal["town", "entity", "event"]

#: Every value ``kind:`` accepts: ``town``, the entity kinds, and ``event``.
KINDS: tuple[str, ...] = ("town", *ENTITY_KINDS)

_FIELD_RANK = {
    "name": 0,
    "title": 0,
    "alias": 1,
    "name_en": 2,
    "title_en": 2,
    "tag": 3,
    "district": 4,
    "district_en": 4,
    "role": 5,
    "role_en": 5,
}
_KIND_RANK = {"town": 0, "entity": 1, "event": 2}
_FUZZY_FIELDS = frozenset({"name", "alias", "name_en", "title", "title_en"})
_TIER_SCORE = (100.0, 90.0, 80.0, 70.0, 60.0)
_TIER_HOW = ("exact", "prefix", "pinyin", "substring", "pinyin")
_FUZZY_CUTOFF = 70.0
_WORD = re.compile(r"[^\s]{3,}")
#: One shared frozenset per kind, so documents do not each carry their own.
_KINDSET: dict[str, frozenset[str]] = {k: frozenset({k}) for k in (*KINDS, "event")}
#: The fuzzy tier runs when the strict tiers found fewer hits than this.
FUZZY_BELOW = 5
_CACHE_SIZE = 128


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result.

    ``label`` is the text that matched (a name, alias, English name, tag or title) and
    ``positions`` the indices of its characters to highlight; ``field`` says which field
    matched (``"pinyin"`` for a pinyin match, whose record field is in ``origin``);
    ``towns`` are the ids of the towns the record belongs to; ``context`` is one line of
    explanation (kind, role, date, town). ``name`` is the record's own name and ``how``
    the tier: exact, prefix, pinyin, substring, fuzzy or filter.
    """

    kind: HitKind
    id: str
    label: str
    positions: tuple[int, ...]
    score: float
    field: str
    towns: tuple[str, ...]
    entity_kind: str | None
    context: str
    name: str = ""
    origin: str = ""
    how: str = ""


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query split into free text and filters.

    ``kinds`` is None without a ``kind:`` filter, else the kinds a hit may have
    (``event`` means timeline events and entities of kind event). ``towns`` holds each
    ``town:`` value; a hit must belong to a town matching every one. ``problems``
    explains filters that match nothing (an unknown kind).
    """

    text: str
    kinds: frozenset[str] | None = None
    towns: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def has_filters(self) -> bool:
        """Whether any filter was given."""
        return self.kinds is not None or bool(self.towns)


def parse_query(text: str) -> ParsedQuery:
    """Split ``text`` into free text and ``kind:``/``town:`` filters.

    Filter names are case-insensitive; an empty value (``kind:`` while typing) is
    ignored; ``kind:comp`` completes to ``company``. Several ``kind:`` filters widen
    the kinds; several ``town:`` filters must all hold.
    """
    words: list[str] = []
    kinds: set[str] | None = None
    towns: list[str] = []
    problems: list[str] = []
    for token in text.split():
        name, sep, value = token.partition(":")
        key = name.lower()
        if not sep or key not in ("kind", "town"):
            words.append(token)
            continue
        if not value:
            continue
        if key == "town":
            towns.append(value)
            continue
        value = value.lower()
        found = {value} if value in KINDS else {k for k in KINDS if k.startswith(value)}
        if not found:
            problems.append(f'unknown kind "{value}": expected one of {", ".join(KINDS)}')
        kinds = (kinds or set()) | found
    return ParsedQuery(
        text=" ".join(words),
        kinds=None if kinds is None else frozenset(kinds),
        towns=tuple(towns),
        problems=tuple(problems),
    )


@dataclass(frozen=True, slots=True)
class _Doc:
    """A searchable record: a town, an entity or an event."""

    kind: HitKind
    id: str
    name: str
    towns: tuple[str, ...]
    kinds: frozenset[str]
    entity_kind: str | None
    about: str


class _View:
    """Lines in ranking order: line ``k`` is ``text[offsets[k]:offsets[k + 1]]``, a newline
    followed by the searchable text of entry ``ids[k]``."""

    __slots__ = ("ids", "offsets", "text")

    def __init__(self, lines: Sequence[str], ids: Sequence[int]) -> None:
        self.text = "".join(lines)
        self.offsets = array("i", accumulate(map(len, lines), initial=0))
        self.ids = ids

    def line(self, k: int) -> str:
        """The text of line ``k``, with its leading newline."""
        return self.text[self.offsets[k] : self.offsets[k + 1]]


class _Stream:
    """The entries whose line matches one pattern, found lazily in ranking order.

    ``sources`` are the (view, position) pairs still to scan: a longer query starts from
    the lines its prefix matched so far plus what its prefix has not scanned yet, so a
    keystroke scans only survivors, and only as far as the hits it needs.
    """

    __slots__ = ("complete", "found", "lines", "origin", "pattern", "sources")

    def __init__(self, pattern: re.Pattern[str], sources: list[tuple[_View, int]]) -> None:
        self.pattern = pattern
        self.origin = tuple(sources)
        self.sources = sources
        self.found: list[int] = []
        self.complete = not sources
        self.lines = sum(len(v.ids) - bisect_right(v.offsets, at) + 1 for v, at in sources)

    def advance(self, more: int) -> None:
        """Scan on until ``more`` further entries are found or every line is scanned."""
        found, search = self.found, self.pattern.search
        target = len(found) + more
        while self.sources and len(found) < target:
            view, pos = self.sources[0]
            text, offsets, ids = view.text, view.offsets, view.ids
            while len(found) < target:
                m = search(text, pos)
                if m is None:
                    pos = len(text)
                    break
                k = bisect_right(offsets, m.start()) - 1
                found.append(ids[k])
                pos = offsets[k + 1]
            if pos >= len(text):
                self.sources.pop(0)
            else:
                self.sources[0] = (view, pos)
        self.complete = not self.sources

    def __iter__(self) -> Iterator[int]:
        """Every matching entry, scanning as the caller goes."""
        i, chunk = 0, 32
        while True:
            if i < len(self.found):
                yield self.found[i]
                i += 1
            elif self.complete:
                return
            else:
                self.advance(chunk)
                chunk = min(chunk * 2, 4096)


@dataclass(frozen=True, slots=True)
class _Pass:
    """What one query text matches, tier by tier: the streams a longer query narrows."""

    prefix: _Stream
    literal: _Stream
    start: _Stream | None
    anywhere: _Stream | None
    exact: bool = True


class SearchIndex:
    """An immutable search index over a dataset, with a bounded per-query cache."""

    def __init__(self, dataset: Dataset) -> None:
        self._docs: list[_Doc] = []
        raw: list[tuple[int, str, str]] = []
        self._collect(dataset, raw)
        docs = self._docs
        raw.sort(
            key=lambda r: (
                _FIELD_RANK[r[1]],
                _KIND_RANK[docs[r[0]].kind],
                len(r[2]),
                r[2],
                docs[r[0]].id,
            )
        )
        self._entry_doc = [d for d, _, _ in raw]
        self._entry_field = [f for _, f, _ in raw]
        self._entry_text = [t for _, _, t in raw]
        self._entry_fold = [fold(t) for t in self._entry_text]
        self._table = SymbolTable(self._entry_text)
        self._plain = _View(["\n" + t for t in self._entry_fold], range(len(raw)))
        han = array("i", (i for i, t in enumerate(self._entry_text) if _HAN.search(t)))
        lines = ["\n" + self._table.project(self._entry_text[i]) for i in han]
        self._projected = _View(lines, han)
        self._by_letter = self._letter_views(lines, han)
        self._projected_line = array("i", [-1]) * len(raw)
        for k, e in enumerate(han):
            self._projected_line[e] = k
        # Entries by folded text, for the exact tier (a bisect finds a text's run).
        self._by_text = array("i", sorted(range(len(raw)), key=self._entry_fold.__getitem__))
        # Fuzzy keys: name-like texts and their words, each with its entries and offsets
        # packed as ``entry << 20 | offset`` (one int when there is one).
        self._fuzzy_choices: dict[str, int | array[int]] = {}
        choices = self._fuzzy_choices
        for i, t in enumerate(self._entry_fold):
            if self._entry_field[i] in _FUZZY_FIELDS:
                words = [(t, 0)]
                if " " in t:
                    words += [
                        (m.group(), m.start()) for m in _WORD.finditer(t) if m.start() < 2**20
                    ]
                for word, at in words:
                    prior = choices.get(word)
                    packed = i << 20 | at
                    if prior is None:
                        choices[word] = packed
                    elif isinstance(prior, int):
                        choices[word] = array("q", (prior, packed))
                    else:
                        prior.append(packed)
        # Keys grouped by (length, ASCII characters): ``ratio`` cannot reach the cutoff
        # for keys too long, too short or with too few characters in common.
        self._fuzzy_groups: dict[tuple[int, int], tuple[list[str], list[int]]] = {}
        for i, key in enumerate(self._fuzzy_choices):
            group = (len(key), len(key.encode("ascii", "ignore")))
            keys, ids = self._fuzzy_groups.setdefault(group, ([], []))
            keys.append(key)
            ids.append(i)
        # Non-ASCII keys, shortest first, for the sieve; ``_wide_at[n]`` spans length n.
        wide = sorted(
            ((len(k), i, k) for i, k in enumerate(self._fuzzy_choices) if not k.isascii())
        )
        self._fuzzy_wide = _View(
            ["\n" + k for _, _, k in wide], array("i", (i for _, i, _ in wide))
        )
        self._wide_at: dict[int, tuple[int, int]] = {}
        for k, (n, _, _) in enumerate(wide):
            at = self._fuzzy_wide.offsets[k]
            self._wide_at[n] = (self._wide_at.get(n, (at, 0))[0], self._fuzzy_wide.offsets[k + 1])
        listing = sorted(
            range(len(docs)),
            key=lambda d: (_KIND_RANK[docs[d].kind], docs[d].entity_kind or "", docs[d].name),
        )
        self._listing = listing
        self._town_docs: dict[str, list[int]] = {}
        for d in listing:
            for t in docs[d].towns:
                self._town_docs.setdefault(t, []).append(d)
        self._list_pos = {d: i for i, d in enumerate(listing)}
        self._town_names = [(t.id, [t.id, t.name, t.name_en, *t.aliases]) for t in dataset.towns]
        self._town_filter: dict[str, frozenset[str]] = {}
        self._passes: OrderedDict[str, _Pass] = OrderedDict()
        self._results: OrderedDict[tuple[str, int], list[Hit]] = OrderedDict()
        self._lock = threading.Lock()

    def _letter_views(self, lines: list[str], han: Sequence[int]) -> dict[str, _View]:
        """For each letter, the projected lines a pinyin query starting with it can match.

        A match's first character takes the query's first letter, so it is that letter or
        a character with a reading that starts with it. ``"x"`` keys the lines having such
        a character anywhere; ``"^x"`` those starting with one.
        """
        table = self._table.initials()
        letters: dict[str, tuple[str, str]] = {}
        found: dict[str, list[int]] = {}
        for k, line in enumerate(lines):
            got = letters.get(line)
            if got is None:
                inits = line.translate(table)
                anywhere = "".join(sorted({c for c in inits if "a" <= c <= "z"}))
                start = "".join(c for c in line[1:2].translate(table) if "a" <= c <= "z")
                got = letters[line] = (anywhere, start)
            for c in got[0]:
                found.setdefault(c, []).append(k)
            for c in got[1]:
                found.setdefault("^" + c, []).append(k)
        return {
            key: _View([lines[k] for k in ks], array("i", (han[k] for k in ks)))
            for key, ks in found.items()
        }

    def _collect(self, ds: Dataset, raw: list[tuple[int, str, str]]) -> None:
        """Fill the documents and their (doc, field, text) entries."""
        town_name = {t.id: t.name for t in ds.towns}

        def add(doc: _Doc, fields: list[tuple[str, str | None]]) -> None:
            index = len(self._docs)
            self._docs.append(doc)
            seen: set[tuple[str, str]] = set()
            for fname, text in fields:
                if text and text.strip() and (fname, text) not in seen:
                    seen.add((fname, text))
                    raw.append((index, fname, text))

        entities: dict[str, Entity] = {e.id: e for t in ds.towns for e in t.entities}
        entities.update(ds.entities)
        for t in ds.towns:
            about = _join(t.name_en, t.district, t.kind)
            add(
                _Doc("town", t.id, t.name, (t.id,), _KINDSET["town"], None, about),
                [
                    ("name", t.name),
                    ("name_en", t.name_en),
                    *(("alias", a) for a in t.aliases),
                    ("district", t.district),
                    ("district_en", t.district_en),
                ],
            )
            for ev in t.events:
                home = ev.town or t.id
                towns = tuple(dict.fromkeys((home, *ev.towns)))
                about = _join(str(ev.date), town_name.get(home), ev.category)
                add(
                    _Doc("event", ev.id, ev.title, towns, _KINDSET["event"], None, about),
                    [("title", ev.title), ("title_en", ev.title_en)],
                )
        for e in entities.values():
            towns = tuple(dict.fromkeys(x for x in (e.town, *e.towns) if x))
            about = _join(e.kind, e.role or e.role_en, town_name.get(e.town))
            add(
                _Doc(
                    "entity",
                    e.id,
                    e.name,
                    towns,
                    _KINDSET.setdefault(e.kind, frozenset({e.kind})),
                    e.kind,
                    about,
                ),
                [
                    ("name", e.name),
                    ("name_en", e.name_en),
                    *(("alias", a) for a in e.aliases),
                    *(("tag", g) for g in e.tags),
                    ("role", e.role),
                    ("role_en", e.role_en),
                ],
            )

    def __len__(self) -> int:
        """The number of searchable records."""
        return len(self._docs)

    # ----------------------------------------------------------------- public API

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """The best ``limit`` hits for ``query`` (free text plus optional filters)."""
        if limit <= 0:
            return []
        parsed = parse_query(query)
        text = _normalise(parsed.text)
        key = (f"{text}\x00{sorted(parsed.kinds or ())}\x00{parsed.towns}", limit)
        with self._lock:
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return list(cached)
            hits = self._search(parsed, text, limit)
            self._results[key] = hits
            while len(self._results) > _CACHE_SIZE:
                self._results.popitem(last=False)
            return list(hits)

    def clear_cache(self) -> None:
        """Forget cached query results (for benchmarks: time a search from scratch)."""
        with self._lock:
            self._passes.clear()
            self._results.clear()
            self._town_filter.clear()

    def town_ids(self, value: str) -> frozenset[str]:
        """The towns a ``town:`` filter value names: by id, name, alias or pinyin."""
        v = _normalise(value)
        cached = self._town_filter.get(v)
        if cached is not None:
            return cached
        compact = v.replace(" ", "")
        found = set()
        for tid, names in self._town_names:
            if compact and (
                v == tid or any(v in fold(n) or match(compact, n) is not None for n in names)
            ):
                found.add(tid)
        if len(self._town_filter) >= _CACHE_SIZE:
            self._town_filter.clear()
        self._town_filter[v] = frozenset(found)
        return self._town_filter[v]

    # ----------------------------------------------------------------- matching

    def _search(self, parsed: ParsedQuery, text: str, limit: int) -> list[Hit]:
        keep = self._filter(parsed)
        if not text:
            if not parsed.has_filters:
                return []
            return self._list(keep, limit)
        p = self._pass(text)
        spell = text.replace(" ", "")
        groups = self._groups(text, p)
        hits: list[Hit] = []
        seen: set[int] = set()
        for tier, entries in enumerate(groups):
            for e in entries:
                d = self._entry_doc[e]
                if d in seen or not keep(d):
                    continue
                positions = self._positions(tier, text, spell, e, p.exact)
                if positions is None:
                    continue
                seen.add(d)
                hits.append(self._hit(e, tier, positions))
                if len(hits) >= limit:
                    return hits
        if len(hits) < min(limit, FUZZY_BELOW) and len(text) >= 3:
            for e, score, positions in self._fuzzy(text):
                d = self._entry_doc[e]
                if d in seen or not keep(d):
                    continue
                seen.add(d)
                hits.append(self._hit(e, 5, positions, score))
                if len(hits) >= limit:
                    break
        return hits

    def _pass(self, text: str) -> _Pass:
        """The streams of ``text``, narrowed from those of its longest cached prefix."""
        cached = self._passes.get(text)
        if cached is not None:
            self._passes.move_to_end(text)
            return cached
        parent: _Pass | None = None
        for end in range(len(text) - 1, 0, -1):
            parent = self._passes.get(text[:end])
            if parent is not None:
                break
        literal = re.escape(text)
        spell = text.replace(" ", "")
        start = anywhere = None
        exact = True
        if any("a" <= c <= "z" for c in spell):
            body, exact = self._table.pattern(spell)
            first = spell[0]
            start = self._narrow(
                parent.start if parent else None,
                "\n(?:" + body + ")",
                self._by_letter.get("^" + first, self._projected),
            )
            anywhere = self._narrow(
                parent.anywhere if parent else None,
                body,
                self._by_letter.get(first, self._projected),
            )
        result = _Pass(
            self._narrow(parent.prefix if parent else None, "\n" + literal),
            self._narrow(parent.literal if parent else None, literal),
            start,
            anywhere,
            exact,
        )
        self._passes[text] = result
        while len(self._passes) > _CACHE_SIZE:
            self._passes.popitem(last=False)
        return result

    def _narrow(self, parent: _Stream | None, pattern: str, pinyin: _View | None = None) -> _Stream:
        """A stream for ``pattern`` over what ``parent`` matched and has yet to scan.

        Without a parent, a literal stream scans every plain line and a pinyin stream
        (``pinyin`` given) the projected lines its first letter allows.
        """
        compiled = re.compile(pattern)
        plain = pinyin is None
        if parent is None:
            return _Stream(compiled, [(self._plain if pinyin is None else pinyin, 0)])
        if parent.complete and len(parent.found) * 2 > parent.lines:
            return _Stream(compiled, list(parent.origin))
        if not parent.found:
            return _Stream(compiled, list(parent.sources))
        if plain:
            lines = [self._plain.line(e) for e in parent.found]
        else:
            where = self._projected_line
            lines = [self._projected.line(where[e]) for e in parent.found]
        return _Stream(compiled, [(_View(lines, list(parent.found)), 0), *parent.sources])

    def _groups(self, text: str, p: _Pass) -> list[Iterable[int]]:
        """The tiers' entries, each in ranking order (pinyin ones still to be checked)."""
        return [
            self._exact(text),
            p.prefix,
            p.start or (),
            p.literal,
            p.anywhere or (),
        ]

    def _exact(self, text: str) -> list[int]:
        """The entries whose folded text is ``text``, in ranking order."""
        order, folded = self._by_text, self._entry_fold
        at = bisect_left(order, text, key=folded.__getitem__)
        end = bisect_right(order, text, lo=at, key=folded.__getitem__)
        return sorted(order[at:end])

    def _positions(
        self, tier: int, text: str, spell: str, e: int, exact: bool
    ) -> tuple[int, ...] | None:
        """Where ``text`` matches entry ``e`` in ``tier``; None if it does not after all."""
        if tier in (0, 1, 3):
            at = self._entry_fold[e].find(text)
            return tuple(range(at, at + len(text)))
        label = self._entry_text[e]
        if not exact and not all(c in self._entry_fold[e] for c in spell if is_han(c)):
            return None
        return match(spell, label, start_only=tier == 2)

    def _fuzzy(self, text: str) -> list[tuple[int, float, tuple[int, ...]]]:
        """Entries whose name-like texts (or their words) are close to ``text``."""
        la, qa = len(text), len(text.encode("ascii", "ignore"))
        keys: list[str] = []
        ids: list[int] = []
        groups = []
        for (lb, ka), (group_keys, group_ids) in self._fuzzy_groups.items():
            # ratio = 200 * common / (la + lb), and common is at most this bound
            common = min(qa, ka) + min(la - qa, lb - ka)
            if 200 * common >= _FUZZY_CUTOFF * (la + lb) - 1:
                groups.append((lb, ka))
                keys += group_keys
                ids += group_ids
        if qa < la and len(keys) > 2000:
            keys, ids = self._fuzzy_sieve(text, set(groups))
        found = process.extract(
            text, keys, scorer=fuzz.ratio, processor=None, limit=None, score_cutoff=_FUZZY_CUTOFF
        )
        found.sort(key=lambda f: (-f[1], ids[f[2]]))
        out: list[tuple[int, float, tuple[int, ...]]] = []
        for choice, score, _ in found[:200]:
            ops = Indel.opcodes(text, choice)
            same = [
                j for tag, _, _, d1, d2 in ops if tag == "equal" for j in range(int(d1), int(d2))
            ]
            packed = self._fuzzy_choices[choice]
            for e, offset in (divmod(x, 2**20) for x in _listed(packed)):
                out.append((e, float(score), tuple(offset + j for j in same)))
        out.sort(key=lambda x: (-x[1], x[0]))
        return out

    def _fuzzy_sieve(self, text: str, groups: set[tuple[int, int]]) -> tuple[list[str], list[int]]:
        """The keys of ``groups`` that hold enough characters of ``text`` to reach the cutoff.

        Every character a key has in common with ``text`` is one of ``text``'s characters,
        so a key needs at least ``need`` of them; a regex finds those among the non-ASCII
        keys at C speed (the ASCII-only groups are taken whole).
        """
        keys: list[str] = []
        ids: list[int] = []
        for group in sorted(groups):
            if group[0] == group[1]:
                keys += self._fuzzy_groups[group][0]
                ids += self._fuzzy_groups[group][1]
        cls = char_class(set(text))
        view = self._fuzzy_wide
        line, offsets = view.line, view.offsets
        for lb in sorted({lb for lb, ka in groups if ka < lb and lb in self._wide_at}):
            # ratio >= cutoff needs 200 * common >= cutoff * (la + lb)
            need = max(1, -(-(int(_FUZZY_CUTOFF) * (len(text) + lb) - 1) // 200))
            more = f"(?:[^\n]*?{cls}){{{need - 1}}}" if need > 1 else ""
            search = re.compile(cls + more).search
            pos, end = self._wide_at[lb]
            while (m := search(view.text, pos, end)) is not None:
                k = bisect_right(offsets, m.start()) - 1
                key = line(k)[1:]
                if (lb, len(key.encode("ascii", "ignore"))) in groups:
                    keys.append(key)
                    ids.append(view.ids[k])
                pos = offsets[k + 1]
        return keys, ids

    # ----------------------------------------------------------------- filters

    def _filter(self, parsed: ParsedQuery) -> _Keep:
        towns = [self.town_ids(v) for v in parsed.towns]
        return _Keep(self._docs, parsed.kinds, towns)

    def _list(self, keep: _Keep, limit: int) -> list[Hit]:
        """Every record passing the filters, in listing order (towns first)."""
        pool = self._listing
        if keep.towns:
            merged = {d for t in keep.towns[0] for d in self._town_docs.get(t, ())}
            pool = sorted(merged, key=self._list_pos.__getitem__)
        hits: list[Hit] = []
        for d in pool:
            if keep(d):
                doc = self._docs[d]
                hits.append(
                    Hit(
                        kind=doc.kind,
                        id=doc.id,
                        label=doc.name,
                        positions=(),
                        score=0.0,
                        field="title" if doc.kind == "event" else "name",
                        towns=doc.towns,
                        entity_kind=doc.entity_kind,
                        context=_context(doc, doc.name),
                        name=doc.name,
                        origin="title" if doc.kind == "event" else "name",
                        how="filter",
                    )
                )
                if len(hits) >= limit:
                    break
        return hits

    def _hit(self, e: int, tier: int, positions: tuple[int, ...], fz: float = 0.0) -> Hit:
        doc = self._docs[self._entry_doc[e]]
        origin = self._entry_field[e]
        label = self._entry_text[e]
        kind_rank = _KIND_RANK[doc.kind] * 0.25
        if tier < 5:
            score = _TIER_SCORE[tier] - _FIELD_RANK[origin] - kind_rank
            how = _TIER_HOW[tier]
        else:
            score = fz / 2 - _FIELD_RANK[origin] * 0.1 - kind_rank * 0.1
            how = "fuzzy"
        return Hit(
            kind=doc.kind,
            id=doc.id,
            label=label,
            positions=positions,
            score=round(score, 3),
            field="pinyin" if tier in (2, 4) else origin,
            towns=doc.towns,
            entity_kind=doc.entity_kind,
            context=_context(doc, label),
            name=doc.name,
            origin=origin,
            how=how,
        )


class _Keep:
    """The filter predicate over document indices."""

    def __init__(
        self, docs: list[_Doc], kinds: frozenset[str] | None, towns: list[frozenset[str]]
    ) -> None:
        self.docs = docs
        self.kinds = kinds
        self.towns = towns

    def __call__(self, d: int) -> bool:
        doc = self.docs[d]
        if self.kinds is not None and not (doc.kinds & self.kinds):
            return False
        return all(any(t in allowed for t in doc.towns) for allowed in self.towns)


def _normalise(text: str) -> str:
    """Fold case, drop reserved characters and collapse spaces."""
    text = "".join(ch for ch in text if ch not in RESERVED and ch.isprintable())
    return " ".join(fold(text).split())


def _listed(packed: int | array[int]) -> Sequence[int]:
    """A packed fuzzy choice value as a sequence."""
    return (packed,) if isinstance(packed, int) else packed


def _join(*parts: str | None) -> str:
    """Non-empty parts joined with a middle dot, on one line."""
    return " ".join(" · ".join(dict.fromkeys(p for p in parts if p)).split())


def _context(doc: _Doc, label: str) -> str:
    """One line about a record: its name (when the label is something else) and facts."""
    return doc.about if label == doc.name else _join(doc.name, doc.about)
