"""Search over towns, entities and events (titles and summaries), built for per-keystroke use.

``SearchIndex(dataset).search("yq kind:company")`` returns ranked :class:`Hit` records
(with the query's problems, see :class:`SearchResult`).
Matching is Chinese/English substring (case-insensitive), pinyin (full, initials, mixed,
every reading of polyphonic characters; see :mod:`towntui.core.search.pinyin`) and, when the
strict tiers find little, fuzzy matching with rapidfuzz.

Ranking, best first: exact text, literal prefix, pinyin from the start, literal substring,
pinyin anywhere, fuzzy. Within a tier, names beat aliases beat English names beat tags,
districts and roles beat event summaries; towns beat entities beat events; shorter texts
come first.

Speed: every searchable text is one line of big strings (plain folded text, and
pinyin-projected text, see :mod:`towntui.core.search.scan`), in ranking order, so a tier is a
regular-expression scan at C speed, and it scans only as far as the hits it must return.
Like fzf, what a query matched is kept (in a bounded cache): a longer query scans only
the survivors of its longest cached prefix plus what that prefix has not scanned yet, and
backspacing returns cached results. Pinyin readings, and for each letter the lines a
pinyin query starting with it can match, are computed when the index is built; so are
the plain lines with a Latin letter or digit, all that a literal query holding one scans.
These views are saved with the index (:mod:`towntui.core.search.saved`) and put back
with :meth:`SearchIndex.set_views`.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence

from towntui.core.frozen import frozen
from towntui.core.gcpause import gc_paused
from towntui.core.i18n import Msg
from towntui.core.model import Dataset
from towntui.core.resolve import Named, filter_ids
from towntui.core.search.build import FIELD_RANK, FIELDS, KIND_RANK, Corpus, IndexCancelled
from towntui.core.search.hits import Hit, SearchResult
from towntui.core.search.pinyin import is_han, match
from towntui.core.search.query import ParsedQuery, normalise, parse_query
from towntui.core.search.scan import LATIN, Stream, View, latin_view
from towntui.core.search.scan import letter_views as letter_views_of

__all__ = ["FUZZY_BELOW", "IndexCancelled", "SearchIndex"]

_TIER_SCORE = (100.0, 90.0, 80.0, 70.0, 60.0)
_TIER_HOW = ("exact", "prefix", "pinyin", "substring", "pinyin")
#: The fuzzy tier runs when the strict tiers found fewer hits than this.
FUZZY_BELOW = 5
_CACHE_SIZE = 128

#: How many hits :meth:`SearchIndex.count` counts between two looks at its ``stop``.
_STOP_EVERY = 1000
_UNLIMITED = 1 << 62


@frozen
class _Pass:
    """What one query text matches, tier by tier: the streams a longer query narrows."""

    prefix: Stream
    literal: Stream
    start: Stream | None
    anywhere: Stream | None
    exact: bool = True


class SearchIndex(Corpus):
    """An immutable search index over a dataset, with a bounded per-query cache.

    The documents and views come from :class:`~towntui.core.search.build.Corpus`; this
    class adds the tiers that match a query, the filters and the caches.

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
        super().__init__(dataset, stop)
        self._ready(dataset.towns)
        if letter_views:
            self.add_letter_views(stop)

    def _ready(self, towns: Sequence[Named]) -> None:
        """Set up what searching needs beside the corpus (also for a restored index):
        the towns a ``town:`` filter looks in, the caches and the lock."""
        self._by_letter: dict[str, View] = {}  # pinyin views by first letter (or "^x")
        self._latin: View | None = None  # the plain lines with a Latin letter or digit
        self._has_views = False
        self._towns = towns
        self._town_filter: dict[str, frozenset[str]] = {}
        self._passes: OrderedDict[str, _Pass] = OrderedDict()
        self._results: OrderedDict[tuple[str, int], list[Hit]] = OrderedDict()
        self._totals: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.RLock()  # search() holds it while it calls town_ids()

    def add_letter_views(
        self,
        stop: Callable[[], bool] | None = None,
        pause: Callable[[], None] | None = None,
    ) -> None:
        """Build the per-letter pinyin views and the Latin view (if the index has none
        yet: built without them, or restored without them) and put them to use;
        searches may run meanwhile. ``stop`` as for the build, asked between batches of
        a few thousand lines; ``pause``, if given, is called there too and may block
        (see :func:`~towntui.core.search.scan.letter_views`)."""
        if self._has_views:
            return
        self._stop = stop

        def step() -> None:  # between batches: the caller's pause, then its stop
            if pause is not None:
                pause()
            self._check()

        try:
            with gc_paused():
                views = letter_views_of(self._table, self._projected, pause=step)
                latin = latin_view(self._plain, step)
        finally:
            self._stop = None
        self.set_views(views, latin)

    @property
    def has_views(self) -> bool:
        """Whether the per-letter views and the Latin view are in (built or restored)."""
        return self._has_views

    def views(self) -> tuple[dict[str, View], View | None]:
        """The per-letter pinyin views (by first letter, or ``"^x"``) and the Latin view
        (see :mod:`~towntui.core.search.scan`), to be saved with the index."""
        return self._by_letter, self._latin

    def set_views(self, letters: dict[str, View], latin: View | None) -> None:
        """Put views to use: those :meth:`views` gave for this very index (restored from
        a saved index) or :meth:`add_letter_views` built."""
        with self._lock:
            self._by_letter = letters
            self._latin = latin
            self._has_views = True
            self._passes.clear()  # streams made without the views scan more than needed

    # ----------------------------------------------------------------- public API

    def search(self, query: str, limit: int = 50) -> SearchResult:
        """The best ``limit`` hits for ``query`` (free text plus optional filters), with
        the query's problems (see :meth:`problems`), parsed once.

        :meth:`total` says how many hits there are in all (``50 of 102``).
        """
        parsed = parse_query(query)
        problems = self._problems(parsed)
        if limit <= 0:
            return SearchResult((), problems)
        text = normalise(parsed.text)
        key = (f"{text}\x00{sorted(parsed.kinds or ())}\x00{parsed.towns}", limit)
        with self._lock:
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return SearchResult(cached, problems)
            hits = self._search(parsed, text, limit)
            self._results[key] = hits
            while len(self._results) > _CACHE_SIZE:
                self._results.popitem(last=False)
            return SearchResult(hits, problems)

    def total(self, query: str) -> int:
        """How many hits ``query`` has in all: what :meth:`search` returns with no limit.

        It counts without building the hits, and is cached like the results; a screen
        that shows the first 50 can say "50 of 102".
        """
        n = self.count(query)
        assert n is not None  # nothing stops it
        return n

    def count(self, query: str, stop: Callable[[], bool] | None = None) -> int | None:
        """:meth:`total`, given up (None) once ``stop()`` is true, which is asked every
        :data:`_STOP_EVERY` hits: a count in another thread (the app's, after each
        keystroke) then frees the index for the next search at once, instead of holding
        it for seconds while a short query's 100,000 hits are counted."""
        parsed = parse_query(query)
        text = normalise(parsed.text)
        key = f"{text}\x00{sorted(parsed.kinds or ())}\x00{parsed.towns}"
        with self._lock:
            cached = self._totals.get(key)
            if cached is not None:
                self._totals.move_to_end(key)
                return cached
            if not text:
                keep = self._filter(parsed)
                n = sum(1 for d in self._pool(keep) if keep(d)) if parsed.has_filters else 0
            else:  # no positions: a pinyin line the exact pattern found is a match
                n = 0
                for _ in self._matches(parsed, text, _UNLIMITED, count=True):
                    n += 1
                    if stop is not None and not n % _STOP_EVERY and stop():
                        return None
            self._totals[key] = n
            while len(self._totals) > _CACHE_SIZE:
                self._totals.popitem(last=False)
            return n

    def problems(self, query: str) -> tuple[Msg, ...]:
        """Why filters in ``query`` match nothing: an unknown kind, or a ``town:`` value
        that names no town (also on every :class:`SearchResult`)."""
        return self._problems(parse_query(query))

    def _problems(self, parsed: ParsedQuery) -> tuple[Msg, ...]:
        missing = tuple(
            Msg(f'no town matches "{v}"', f'没有与 "{v}" 相符的小镇')
            for v in parsed.towns
            if not self.town_ids(v)
        )
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
            return self._town_ids(normalise(value))

    def _town_ids(self, v: str) -> frozenset[str]:
        cached = self._town_filter.get(v)
        if cached is not None:
            return cached
        if len(self._town_filter) >= _CACHE_SIZE:
            self._town_filter.clear()
        self._town_filter[v] = filter_ids(self._towns, v)
        return self._town_filter[v]

    # ----------------------------------------------------------------- matching

    def _search(self, parsed: ParsedQuery, text: str, limit: int) -> list[Hit]:
        if not text:
            if not parsed.has_filters:
                return []
            return self._list(self._filter(parsed), limit)
        return [self._hit(*m) for m in self._matches(parsed, text, limit)]

    def _matches(
        self, parsed: ParsedQuery, text: str, limit: int, *, count: bool = False
    ) -> Iterator[tuple[int, int, tuple[int, ...], float]]:
        """The best ``limit`` matches of ``text`` as (entry, tier, positions, fuzzy
        score), one per record, best first. With ``count``, only to be counted: the
        pinyin tiers' positions are left empty when the pattern is exact."""
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
                if count and p.exact:
                    positions: tuple[int, ...] | None = ()
                else:
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
        # a query with a Latin letter or digit scans only the plain lines that have one
        plain = self._latin if self._latin is not None and not LATIN.isdisjoint(text) else None
        result = _Pass(
            self._narrow(parent.prefix if parent else None, "\n" + literal, plain=plain),
            self._narrow(parent.literal if parent else None, literal, plain=plain),
            start,
            anywhere,
            exact,
        )
        self._passes[text] = result
        while len(self._passes) > _CACHE_SIZE:
            self._passes.popitem(last=False)
        return result

    def _narrow(
        self,
        parent: Stream | None,
        pattern: str,
        pinyin: View | None = None,
        *,
        plain: View | None = None,
    ) -> Stream:
        """A stream for ``pattern`` over what ``parent`` matched and has yet to scan.

        Without a parent, a literal stream scans the plain lines (``plain``, or every
        one) and a pinyin stream (``pinyin`` given) the projected lines its first
        letter allows. The stream compiles ``pattern`` only if it ever scans.
        """
        if parent is None:
            first = pinyin if pinyin is not None else plain if plain is not None else self._plain
            return Stream(pattern, [(first, 0)])
        if parent.complete and len(parent.found) * 2 > parent.lines:
            return Stream(pattern, list(parent.origin))
        if not parent.found:
            return Stream(pattern, list(parent.sources))
        view, where = (
            (self._plain, self._plain_line)
            if pinyin is None
            else (self._projected, self._projected_line)
        )
        lines = [view.line(where[e]) for e in parent.found]
        return Stream(pattern, [(View.runs(lines, list(parent.found)), 0), *parent.sources])

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
                field = "title" if self._kind_info[self._doc_kind[d]][0] == "event" else "name"
                hits.append(self._make(d, name, (), 0.0, field, field, "filter"))
                if len(hits) >= limit:
                    break
        return hits

    def _hit(self, e: int, tier: int, positions: tuple[int, ...], fz: float = 0.0) -> Hit:
        d = self._entry_doc[e]
        origin = FIELDS[self._entry_field[e]]
        kind_rank = KIND_RANK[self._kind_info[self._doc_kind[d]][0]] * 0.25
        if tier < 5:
            score = _TIER_SCORE[tier] - FIELD_RANK[origin] - kind_rank
            how = _TIER_HOW[tier]
        else:
            score = fz / 2 - FIELD_RANK[origin] * 0.1 - kind_rank * 0.1
            how = "fuzzy"
        field = "pinyin" if tier in (2, 4) else origin
        return self._make(d, self._entry_text[e], positions, score, field, origin, how)


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
