"""Search over towns, entities and event titles, built for per-keystroke use.

``SearchIndex(dataset).search("yq kind:company")`` returns ranked :class:`Hit` records.
Matching is Chinese/English substring (case-insensitive), pinyin (full, initials, mixed,
every reading of polyphonic characters; see :mod:`towntui.core.pinyin`) and, when the
strict tiers find little, fuzzy matching with rapidfuzz.

Ranking, best first: exact text, literal prefix, pinyin from the start, literal substring,
pinyin anywhere, fuzzy. Within a tier, names beat aliases beat English names beat tags,
districts and roles; towns beat entities beat events; shorter texts come first.

Speed: every searchable text is one line of big strings (plain folded text, and
pinyin-projected text, see :mod:`towntui.core.scan`), in ranking order, so a tier is a
regular-expression scan at C speed, and it scans only as far as the hits it must return.
Like fzf, what a query matched is kept (in a bounded cache): a longer query scans only
the survivors of its longest cached prefix plus what that prefix has not scanned yet, and
backspacing returns cached results. Pinyin readings, and for each letter the lines a
pinyin query starting with it can match, are computed when the index is built.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from towntui.core.gcpause import gc_paused
from towntui.core.model import (
    ENTITY_KIND_LABELS,
    ENTITY_KINDS,
    RECORD_KIND_LABELS,
    Dataset,
    Entity,
    Event,
    Town,
    other_name,
    same_name,
)
from towntui.core.pinyin import HAN_RE as _HAN
from towntui.core.pinyin import RESERVED, SymbolTable, fold, is_han, match
from towntui.core.scan import FuzzyKeys, Stream, View, joined_in_batches
from towntui.core.scan import letter_views as letter_views_of

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
#: The fuzzy tier runs when the strict tiers found fewer hits than this.
FUZZY_BELOW = 5

#: The longest query searched, in characters, filters included. Longer ones (a paste of
#: a whole page) find nothing and :meth:`SearchIndex.problems` says why: no name is this
#: long, and matching costs grow with the query.
MAX_QUERY_CHARS = 200
_CACHE_SIZE = 128
_UNLIMITED = 1 << 62
#: Between the facts of a hit's ``context`` (``Yunqi Town · 西湖区 · 特色小镇``).
CONTEXT_SEP = " · "


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


def _kind_names() -> dict[str, str]:
    """Every name ``kind:`` accepts (folded) → the kind: the kinds themselves and their
    labels in the app, in Chinese and English (``人物``, ``小镇``, ``事件`` …)."""
    names: dict[str, str] = {}
    # record kinds first: "event" is a timeline event; entities of kind event are
    # activities (活动), a filter of their own
    for kind, labels in RECORD_KIND_LABELS.items():
        for name in (kind, *labels):
            names.setdefault(name.casefold(), kind)
    for kind, labels in ENTITY_KIND_LABELS.items():
        for name in (kind, *labels):
            names.setdefault(name.casefold(), _entity_filter(kind))
    return names


def _entity_filter(kind: str) -> str:
    """The ``kind:`` an entity kind is filtered by: the kind itself, but ``activity``
    for entities of kind ``event`` (``event`` is a timeline event)."""
    return "activity" if kind == "event" else kind


#: ``kind:`` values: kinds and their Chinese and English labels (see :func:`_kind_names`).
KIND_NAMES: dict[str, str] = _kind_names()


def kinds_named(value: str) -> frozenset[str]:
    """The kinds a ``kind:`` value names: a kind or label, else every one it begins."""
    want = value.strip().casefold()
    if not want:
        return frozenset()
    if want in KIND_NAMES:
        return frozenset({KIND_NAMES[want]})
    return frozenset(kind for name, kind in KIND_NAMES.items() if name.startswith(want))


def parse_query(text: str) -> ParsedQuery:
    """Split ``text`` into free text and ``kind:``/``town:`` filters.

    Filter names are case-insensitive; a kind is named as in the app, in either language
    (``kind:company``, ``kind:企业``, ``kind:人物``) and ``kind:comp`` completes to
    ``company``. A filter with a space after the colon takes the next word
    (``kind: company``); an empty filter at the end (``kind:`` while typing) is ignored.
    Several ``kind:`` filters widen the kinds; several ``town:`` filters must all hold.
    A query longer than :data:`MAX_QUERY_CHARS` is not searched: it parses to no text
    and no filters, with a problem saying so.
    """
    if len(text) > MAX_QUERY_CHARS:
        return ParsedQuery(
            text="",
            problems=(
                f"query too long: {len(text):,} characters (at most {MAX_QUERY_CHARS} "
                "are searched)",
            ),
        )
    words: list[str] = []
    kinds: set[str] | None = None
    towns: list[str] = []
    problems: list[str] = []
    tokens = text.split()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        name, sep, value = token.partition(":")
        key = name.lower()
        if not sep or key not in ("kind", "town"):
            words.append(token)
            continue
        if not value and i < len(tokens):
            value = tokens[i]
            i += 1
        if not value:
            continue
        if key == "town":
            towns.append(value)
            continue
        found = kinds_named(value)
        if not found:
            problems.append(
                f'unknown kind "{value.lower()}": expected one of {", ".join(KINDS)} '
                f"(or {', '.join(zh for zh, _ in ENTITY_KIND_LABELS.values())}, "
                f"{', '.join(zh for zh, _ in RECORD_KIND_LABELS.values())})"
            )
        kinds = (kinds or set()) | found
    return ParsedQuery(
        text=" ".join(words),
        kinds=None if kinds is None else frozenset(kinds),
        towns=tuple(towns),
        problems=tuple(problems),
    )


class IndexCancelled(Exception):
    """Raised by :class:`SearchIndex` when its ``stop`` callback asks it to give up."""


#: Field names by code: an entry's field is one byte of ``_entry_field``.
_FIELDS: tuple[str, ...] = tuple(_FIELD_RANK)
_FIELD_CODE = {f: i for i, f in enumerate(_FIELDS)}
_FUZZY_CODES = frozenset(_FIELD_CODE[f] for f in _FUZZY_FIELDS)


@dataclass(frozen=True, slots=True)
class _Pass:
    """What one query text matches, tier by tier: the streams a longer query narrows."""

    prefix: Stream
    literal: Stream
    start: Stream | None
    anywhere: Stream | None
    exact: bool = True


def _ranked(docs: array[int], texts: list[str], records: list[Town | Entity | Event]) -> list[int]:
    """The order of one bucket's entries: shorter texts first, then by text and record id."""
    return sorted(range(len(texts)), key=lambda j: (len(texts[j]), texts[j], records[docs[j]].id))


def _projected_view(table: SymbolTable, texts: list[str], han: array[int]) -> View:
    """The projected texts of entries ``han``, one line each."""
    project = table.project
    return joined_in_batches((project(texts[i]) for i in han), han)


class SearchIndex:
    """An immutable search index over a dataset, with a bounded per-query cache.

    ``stop``, if given, is called now and then while the index is built; when it
    returns true the build gives up with :class:`IndexCancelled` (an app quitting
    mid-build need not wait for it).

    With ``letter_views=False`` the per-letter pinyin views (a third of the build
    time) are left to :meth:`add_letter_views`, which may run while the index is in
    use: results are the same with or without them, only slower without.
    """

    def __init__(
        self,
        dataset: Dataset,
        stop: Callable[[], bool] | None = None,
        *,
        letter_views: bool = True,
    ) -> None:
        self._stop = stop
        self._by_letter: dict[str, View] = {}  # pinyin views by first letter (or "^x")
        with gc_paused():  # a million short-lived objects, no cycles (see loader.load)
            self._build(dataset)
        self._stop = None
        if letter_views:
            self.add_letter_views(stop)

    def add_letter_views(self, stop: Callable[[], bool] | None = None) -> None:
        """Build the per-letter pinyin views (if the index was built without them) and
        put them to use; searches may run meanwhile. ``stop`` as for the build."""
        if self._by_letter:
            return
        self._stop = stop
        try:
            with gc_paused():
                self._check()
                views = letter_views_of(self._table, self._projected)
                self._check()
        finally:
            self._stop = None
        with self._lock:
            self._by_letter = views
            self._passes.clear()  # streams made without the views scan more than needed

    def _build(self, dataset: Dataset) -> None:
        # Documents (towns, entities, events) as parallel lists: the record, the towns
        # it belongs to (usually the record's own tuple) and a code into ``_kind_info``.
        self._records: list[Town | Entity | Event] = []
        self._doc_towns: list[tuple[str, ...]] = []
        self._doc_kind = bytearray()
        self._kind_info: list[tuple[HitKind, str | None, frozenset[str]]] = []
        self._kind_code: dict[tuple[HitKind, str | None], int] = {}
        # Entries (doc, field code, text) in buckets by (field rank, kind rank), so the
        # ranking sort needs keys for one bucket at a time (one tuple per entry for all
        # of them at once was ~50 MB at 100k entities).
        buckets: dict[tuple[int, int], tuple[array[int], bytearray, list[str]]] = {}
        self._collect(dataset, buckets)
        self._check()
        records = self._records
        self._entry_doc = array("i")
        fields = bytearray()
        self._entry_text: list[str] = []
        for rank in sorted(buckets):
            docs, codes, texts = buckets.pop(rank)
            order = _ranked(docs, texts, records)
            self._entry_doc.extend([docs[j] for j in order])
            fields.extend([codes[j] for j in order])
            self._entry_text.extend([texts[j] for j in order])
        self._entry_field = bytes(fields)
        del fields
        self._check()
        count = len(self._entry_text)
        # Lower-cased texts live only in the plain view (``_folded`` slices one out);
        # the list is kept just long enough for the exact-tier order and fuzzy keys.
        folded = [fold(t) for t in self._entry_text]
        self._plain = View.joined(folded, range(count))
        self._by_text = array("i", sorted(range(count), key=folded.__getitem__))
        self._check()
        fuzzy = _FUZZY_CODES
        field = self._entry_field
        self._fuzzy = FuzzyKeys((i, t) for i, t in enumerate(folded) if field[i] in fuzzy)
        del folded
        self._check()
        self._table = SymbolTable(self._entry_text)
        han = array("i", (i for i, t in enumerate(self._entry_text) if _HAN.search(t)))
        self._projected = _projected_view(self._table, self._entry_text, han)
        self._check()
        self._projected_line = array("i", [-1]) * count
        for k, e in enumerate(han):
            self._projected_line[e] = k
        self._check()
        info, codes = self._kind_info, self._doc_kind
        listing = sorted(
            range(len(records)),
            key=lambda d: (_KIND_RANK[info[codes[d]][0]], info[codes[d]][1] or "", self._name(d)),
        )
        self._listing = array("i", listing)
        self._town_docs: dict[str, array[int]] = {}
        for d in listing:
            for t in self._doc_towns[d]:
                self._town_docs.setdefault(t, array("i")).append(d)
        self._list_pos = array("i", [0]) * len(listing)
        for i, d in enumerate(listing):
            self._list_pos[d] = i
        del listing
        self._town_names = [(t.id, [t.id, t.name, t.name_en, *t.aliases]) for t in dataset.towns]
        self._town_filter: dict[str, frozenset[str]] = {}
        self._passes: OrderedDict[str, _Pass] = OrderedDict()
        self._results: OrderedDict[tuple[str, int], list[Hit]] = OrderedDict()
        self._totals: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.RLock()  # search() holds it while it calls town_ids()

    def _check(self) -> None:
        """Give up the build if ``stop`` says so."""
        if self._stop is not None and self._stop():
            raise IndexCancelled

    def _collect(
        self, ds: Dataset, buckets: dict[tuple[int, int], tuple[array[int], bytearray, list[str]]]
    ) -> None:
        """Fill the documents, and ``buckets`` with their entries (doc, field code, text)
        by (field rank, kind rank)."""
        self._town_name = {t.id: t.name for t in ds.towns}
        code_of = _FIELD_CODE

        def add(
            record: Town | Entity | Event,
            towns: tuple[str, ...],
            kind: HitKind,
            entity_kind: str | None,
            fields: list[tuple[str, str | None]],
        ) -> None:
            index = len(self._records)
            self._records.append(record)
            self._doc_towns.append(towns)
            code = self._kind_code.get((kind, entity_kind))
            if code is None:
                # one per code, shared by its records
                kinds = frozenset({_entity_filter(entity_kind) if entity_kind else kind})
                code = self._kind_code[(kind, entity_kind)] = len(self._kind_info)
                self._kind_info.append((kind, entity_kind, kinds))
            self._doc_kind.append(code)
            seen: set[tuple[str, str]] = set()
            for fname, text in fields:
                if text and text.strip() and (fname, text) not in seen:
                    seen.add((fname, text))
                    rank = (_FIELD_RANK[fname], _KIND_RANK[kind])
                    bucket = buckets.get(rank)
                    if bucket is None:
                        bucket = buckets[rank] = (array("i"), bytearray(), [])
                    bucket[0].append(index)
                    bucket[1].append(code_of[fname])
                    bucket[2].append(text)

        entities: dict[str, Entity] = {e.id: e for t in ds.towns for e in t.entities}
        entities.update(ds.entities)
        for n, t in enumerate(ds.towns):
            if n % 64 == 0:
                self._check()
            add(
                t,
                (t.id,),
                "town",
                None,
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
                towns = ev.towns if towns == ev.towns else towns  # share the record's
                add(ev, towns, "event", None, [("title", ev.title), ("title_en", ev.title_en)])
        for n, e in enumerate(entities.values()):
            if n % 4096 == 0:
                self._check()
            towns = tuple(dict.fromkeys(x for x in (e.town, *e.towns) if x))
            towns = e.towns if towns == e.towns else towns  # share the record's
            add(
                e,
                towns,
                "entity",
                e.kind,
                [
                    ("name", e.name),
                    ("name_en", e.name_en),
                    *(("alias", a) for a in e.aliases),
                    *(("tag", g) for g in e.tags),
                    ("role", e.role),
                    ("role_en", e.role_en),
                ],
            )

    def _name(self, d: int) -> str:
        """The record's own name (an event's title)."""
        r = self._records[d]
        return r.title if isinstance(r, Event) else r.name

    def _folded(self, e: int) -> str:
        """Entry ``e``'s lower-cased text (sliced from the plain view)."""
        offsets = self._plain.offsets
        return self._plain.text[offsets[e] + 1 : offsets[e + 1]]

    def __len__(self) -> int:
        """The number of searchable records."""
        return len(self._records)

    # ----------------------------------------------------------------- public API

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """The best ``limit`` hits for ``query`` (free text plus optional filters).

        :meth:`total` says how many there are in all (``50 of 102``).
        """
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

    def total(self, query: str) -> int:
        """How many hits ``query`` has in all: what :meth:`search` returns with no limit.

        It counts without building the hits, and is cached like the results; a screen
        that shows the first 50 can say "50 of 102".
        """
        parsed = parse_query(query)
        text = _normalise(parsed.text)
        key = f"{text}\x00{sorted(parsed.kinds or ())}\x00{parsed.towns}"
        with self._lock:
            cached = self._totals.get(key)
            if cached is not None:
                self._totals.move_to_end(key)
                return cached
            if not text:
                keep = self._filter(parsed)
                n = sum(1 for d in self._pool(keep) if keep(d)) if parsed.has_filters else 0
            else:
                n = sum(1 for _ in self._matches(parsed, text, _UNLIMITED))
            self._totals[key] = n
            while len(self._totals) > _CACHE_SIZE:
                self._totals.popitem(last=False)
            return n

    def problems(self, query: str) -> tuple[str, ...]:
        """Why filters in ``query`` match nothing: an unknown kind, or a ``town:`` value
        that names no town."""
        parsed = parse_query(query)
        missing = tuple(f'no town matches "{v}"' for v in parsed.towns if not self.town_ids(v))
        return parsed.problems + missing

    def clear_cache(self) -> None:
        """Forget cached query results (for benchmarks: time a search from scratch)."""
        with self._lock:
            self._passes.clear()
            self._results.clear()
            self._totals.clear()
            self._town_filter.clear()

    def town_ids(self, value: str) -> frozenset[str]:
        """The towns a ``town:`` filter value names: by id, name, alias or pinyin."""
        with self._lock:
            return self._town_ids(_normalise(value))

    def _town_ids(self, v: str) -> frozenset[str]:
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
        if not text:
            if not parsed.has_filters:
                return []
            return self._list(self._filter(parsed), limit)
        return [self._hit(*m) for m in self._matches(parsed, text, limit)]

    def _matches(
        self, parsed: ParsedQuery, text: str, limit: int
    ) -> Iterator[tuple[int, int, tuple[int, ...], float]]:
        """The best ``limit`` matches of ``text`` as (entry, tier, positions, fuzzy
        score), one per record, best first."""
        keep = self._filter(parsed)
        p = self._pass(text)
        spell = text.replace(" ", "")
        groups = self._groups(text, p)
        found = 0
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
                yield e, tier, positions, 0.0
                found += 1
                if found >= limit:
                    return
        if found < min(limit, FUZZY_BELOW) and len(text) >= 3:
            for e, score, positions in self._fuzzy.find(text):
                d = self._entry_doc[e]
                if d in seen or not keep(d):
                    continue
                seen.add(d)
                yield e, 5, positions, score
                found += 1
                if found >= limit:
                    return

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

    def _narrow(self, parent: Stream | None, pattern: str, pinyin: View | None = None) -> Stream:
        """A stream for ``pattern`` over what ``parent`` matched and has yet to scan.

        Without a parent, a literal stream scans every plain line and a pinyin stream
        (``pinyin`` given) the projected lines its first letter allows.
        """
        compiled = re.compile(pattern)
        plain = pinyin is None
        if parent is None:
            return Stream(compiled, [(self._plain if pinyin is None else pinyin, 0)])
        if parent.complete and len(parent.found) * 2 > parent.lines:
            return Stream(compiled, list(parent.origin))
        if not parent.found:
            return Stream(compiled, list(parent.sources))
        if plain:
            lines = [self._plain.line(e) for e in parent.found]
        else:
            where = self._projected_line
            lines = [self._projected.line(where[e]) for e in parent.found]
        return Stream(compiled, [(View(lines, list(parent.found)), 0), *parent.sources])

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
        order, folded = self._by_text, self._folded
        at = bisect_left(order, text, key=folded)
        end = bisect_right(order, text, lo=at, key=folded)
        return sorted(order[at:end])

    def _positions(
        self, tier: int, text: str, spell: str, e: int, exact: bool
    ) -> tuple[int, ...] | None:
        """Where ``text`` matches entry ``e`` in ``tier``; None if it does not after all."""
        if tier in (0, 1, 3):
            at = self._folded(e).find(text)
            return tuple(range(at, at + len(text)))
        label = self._entry_text[e]
        if not exact:
            low = self._folded(e)
            if not all(c in low for c in spell if is_han(c)):
                return None
        return match(spell, label, start_only=tier == 2)

    # ----------------------------------------------------------------- filters

    def _filter(self, parsed: ParsedQuery) -> _Keep:
        towns = [self.town_ids(v) for v in parsed.towns]
        kinds = parsed.kinds
        allowed = None
        if kinds is not None:
            allowed = bytes(bool(info[2] & kinds) for info in self._kind_info)
        return _Keep(self._doc_kind, allowed, self._doc_towns, towns)

    def _pool(self, keep: _Keep) -> Sequence[int]:
        """The records a filter-only query lists, in listing order (towns first)."""
        if not keep.towns:
            return self._listing
        merged = {d for t in keep.towns[0] for d in self._town_docs.get(t, ())}
        return sorted(merged, key=self._list_pos.__getitem__)

    def _list(self, keep: _Keep, limit: int) -> list[Hit]:
        """Every record passing the filters, in listing order (towns first)."""
        hits: list[Hit] = []
        for d in self._pool(keep):
            if keep(d):
                name = self._name(d)
                field = "title" if isinstance(self._records[d], Event) else "name"
                hits.append(self._make(d, name, (), 0.0, field, field, "filter"))
                if len(hits) >= limit:
                    break
        return hits

    def _hit(self, e: int, tier: int, positions: tuple[int, ...], fz: float = 0.0) -> Hit:
        d = self._entry_doc[e]
        origin = _FIELDS[self._entry_field[e]]
        kind_rank = _KIND_RANK[self._kind_info[self._doc_kind[d]][0]] * 0.25
        if tier < 5:
            score = _TIER_SCORE[tier] - _FIELD_RANK[origin] - kind_rank
            how = _TIER_HOW[tier]
        else:
            score = fz / 2 - _FIELD_RANK[origin] * 0.1 - kind_rank * 0.1
            how = "fuzzy"
        field = "pinyin" if tier in (2, 4) else origin
        return self._make(d, self._entry_text[e], positions, score, field, origin, how)

    def _make(
        self,
        d: int,
        label: str,
        positions: tuple[int, ...],
        score: float,
        field: str,
        origin: str,
        how: str,
    ) -> Hit:
        """The hit for document ``d`` matched by ``label``."""
        kind, entity_kind, _ = self._kind_info[self._doc_kind[d]]
        name = self._name(d)
        return Hit(
            kind=kind,
            id=self._records[d].id,
            label=label,
            positions=positions,
            score=round(score, 3),
            field=field,
            towns=self._doc_towns[d],
            entity_kind=entity_kind,
            context=self._context(d, name, label),
            name=name,
            origin=origin,
            how=how,
        )

    def _context(self, d: int, name: str, label: str) -> str:
        """One line about a record: its name (if not the label) and facts, made per hit."""
        r = self._records[d]
        if isinstance(r, Town):
            about = _join(other_name(r.name, r.name_en), r.district, r.kind)
        elif isinstance(r, Event):
            towns = self._doc_towns[d]
            home = r.town or (towns[0] if towns else "")
            about = _join(str(r.date), self._town_name.get(home), r.category)
        else:
            about = _join(r.kind, r.role or r.role_en, self._town_name.get(r.town))
        return about if same_name(label, name) else _join(name, about)


class _Keep:
    """The filter predicate over document indices.

    ``allowed`` has a byte per kind code (true if a ``kind:`` filter lets it through),
    or is None without one; ``towns`` holds one set per ``town:`` filter.
    """

    __slots__ = ("allowed", "codes", "doc_towns", "towns")

    def __init__(
        self,
        codes: bytearray,
        allowed: bytes | None,
        doc_towns: list[tuple[str, ...]],
        towns: list[frozenset[str]],
    ) -> None:
        self.codes = codes
        self.allowed = allowed
        self.doc_towns = doc_towns
        self.towns = towns

    def __call__(self, d: int) -> bool:
        if self.allowed is not None and not self.allowed[self.codes[d]]:
            return False
        if not self.towns:
            return True
        mine = self.doc_towns[d]
        return all(any(t in allowed for t in mine) for allowed in self.towns)


def _normalise(text: str) -> str:
    """Fold case, drop reserved characters and collapse spaces."""
    text = "".join(ch for ch in text if ch not in RESERVED and ch.isprintable())
    return " ".join(fold(text).split())


def _join(*parts: str | None) -> str:
    """Non-empty parts joined with :data:`CONTEXT_SEP`, on one line."""
    return " ".join(CONTEXT_SEP.join(dict.fromkeys(p for p in parts if p)).split())
