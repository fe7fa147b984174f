"""Scanning machinery for :mod:`towntui.core.search`: line views, lazy match streams,
per-letter pinyin views and the fuzzy key index.

A :class:`View` is many searchable texts joined into one string, one line each (a newline,
then the text), so one compiled regular expression scans thousands of them at C speed; a
bisect on the line offsets turns a match position back into a line. A :class:`Stream` is
the lines of some views that match one pattern, found lazily, in order.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, islice, repeat
from re import Match

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from towntui.core.pinyin import SymbolTable, char_class

#: Fuzzy matches score at least this (rapidfuzz ``ratio``, 0-100).
CUTOFF = 70.0
_WORD = re.compile(r"[^\s]{3,}")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


class View:
    """Lines in ranking order: line ``k`` is ``text[offsets[k]:offsets[k + 1]]``, a newline
    followed by the searchable text of entry ``ids[k]``."""

    __slots__ = ("ids", "offsets", "text")

    def __init__(self, lines: Sequence[str], ids: Sequence[int]) -> None:
        self.text = "".join(lines)
        self.offsets = array("i", accumulate(map(len, lines), initial=0))
        self.ids = ids

    @classmethod
    def joined(cls, texts: Sequence[str], ids: Sequence[int]) -> View:
        """A view of ``texts`` (no newlines in them), without a string per line."""
        view = cls.__new__(cls)
        view.text = "\n" + "\n".join(texts) if texts else ""
        view.offsets = array("i", accumulate((len(t) + 1 for t in texts), initial=0))
        view.ids = ids
        return view

    def line(self, k: int) -> str:
        """The text of line ``k``, with its leading newline."""
        return self.text[self.offsets[k] : self.offsets[k + 1]]


class Stream:
    """The entries whose line matches one pattern, found lazily in ranking order.

    ``sources`` are the (view, position) pairs still to scan: a longer query starts from
    the lines its prefix matched so far plus what its prefix has not scanned yet, so a
    keystroke scans only survivors, and only as far as the hits it needs.
    """

    __slots__ = ("complete", "found", "lines", "origin", "pattern", "sources")

    def __init__(self, pattern: re.Pattern[str], sources: list[tuple[View, int]]) -> None:
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


#: A letter gets its own "anywhere" view only when fewer than this share of the projected
#: lines have a character whose reading starts with it. Common initials (y, x, j, s, z,
#: q ...) appear in 40-50 % of Chinese names, so their view would save a pinyin scan
#: little (a full scan is 1.2-1.6 times as long) for a copy of most of the lines.
VIEW_SHARE = 0.4


def letter_views(
    table: SymbolTable, projected: View, share: float | None = None
) -> dict[str, View]:
    """For each letter, the projected lines a pinyin query starting with it can match.

    A match's first character takes the query's first letter, so it is that letter or
    a character with a reading that starts with it. ``"^x"`` keys the lines starting
    with such a character, whole. ``"x"`` keys the lines having one anywhere, for the
    letters in less than ``share`` (default :data:`VIEW_SHARE`) of the lines (a query
    starting with another letter scans ``projected`` itself); each of its lines starts
    at the first such character, since no match can start before it (about a third
    less text). A view's lines are in ``projected``'s order, with its entries.
    """
    text, ids = projected.text, projected.ids
    most = (VIEW_SHARE if share is None else share) * len(ids)
    members: dict[str, set[str]] = {c: {c} for c in _LETTERS}
    for code, letters in table.initials().items():
        for c in letters:
            members[c].add(chr(code))
    views: dict[str, View] = {}
    for c in sorted(_LETTERS):
        cls = char_class(members[c])
        # Whole lines whose first character fits ...
        start = _gather(re.finditer("\n" + cls + "[^\n]*", text), projected, "", len(ids))
        if start is not None:
            views["^" + c] = start
        # ... and lines from their first fitting character on (a match takes the rest of
        # its line, so the next match is in a later line).
        anywhere = _gather(re.finditer(cls + "[^\n]*", text), projected, "\n", most)
        if anywhere is not None:
            views[c] = anywhere
    return views


def _gather(matches: Iterator[Match[str]], view: View, lead: str, most: float) -> View | None:
    """A view of ``matches``, each after ``lead``; None if there are none or more than
    ``most``. No two matches may share a line of ``view``.

    Batches of a few thousand matches are joined as they come (no list of every line
    is held). A match's line is the number of newlines up to its first character,
    counted from the previous match on: only maps of built-ins run per match.
    """
    text, ids = view.text, view.ids
    chunks: list[str] = []
    lengths = array("i")
    at = array("i")
    upto, lines = 0, 0  # newlines in text[:upto]
    extra = len(lead)
    while batch := list(islice(matches, 4096)):
        after = list(map((1).__add__, map(Match.start, batch)))
        counts = map(text.count, repeat("\n"), [upto, *after[:-1]], after)
        ks = list(accumulate(counts, initial=lines))[1:]  # newlines through each match
        at.extend(map(ids.__getitem__, map((-1).__add__, ks)))
        if len(at) > most:
            return None
        upto, lines = after[-1], ks[-1]
        pieces = list(map(Match.group, batch))
        lengths.extend(map(extra.__add__, map(len, pieces)))
        chunks.append(lead + lead.join(pieces))
    return _assembled(chunks, lengths, at) if at else None


def joined_in_batches(texts: Iterable[str], ids: array[int]) -> View:
    """A view of ``texts`` (one per entry of ``ids``; no newlines in them), joined a few
    thousand at a time, so no list of every text is held (for texts made on the fly)."""
    chunks: list[str] = []
    lengths = array("i")
    it = iter(texts)
    while batch := list(islice(it, 4096)):
        lengths.extend([len(t) + 1 for t in batch])
        chunks.append("\n" + "\n".join(batch))
    return _assembled(chunks, lengths, ids)


def _assembled(chunks: list[str], lengths: array[int], ids: array[int]) -> View:
    """The view whose text is ``chunks`` joined, with lines of ``lengths``, of ``ids``."""
    out = View.joined((), ids)
    out.text = "".join(chunks)
    out.offsets = array("i", accumulate(lengths, initial=0))
    return out


class FuzzyKeys:
    """Name-like texts and their words, for fuzzy matching with rapidfuzz.

    Keys are stored grouped by length and ASCII characters (``ratio`` cannot reach the
    cutoff for keys too long, too short or with too few characters in common), in one
    list; ``_span`` gives each group's slice of it. Key ``p``'s entries and offsets are
    ``_packed[_start[p]:_start[p + 1]]``, each ``entry << 20 | offset``; ``_ordinal[p]``
    is the key's first-seen order, which breaks ties between equal scores. Non-ASCII keys
    are also joined in a view, shortest first, for the sieve.
    """

    def __init__(self, texts: Iterable[tuple[int, str]]) -> None:
        choices: dict[str, int | array[int]] = {}
        for i, t in texts:
            words = [(t, 0)]
            if " " in t:
                words += [(m.group(), m.start()) for m in _WORD.finditer(t) if m.start() < 2**20]
            for word, at in words:
                prior = choices.get(word)
                packed = i << 20 | at
                if prior is None:
                    choices[word] = packed
                elif isinstance(prior, int):
                    choices[word] = array("q", (prior, packed))
                else:
                    prior.append(packed)
        grouped: dict[tuple[int, int], array[int]] = {}
        for ordinal, key in enumerate(choices):
            group = (len(key), len(key.encode("ascii", "ignore")))
            grouped.setdefault(group, array("i")).append(ordinal)
        first_seen = list(choices)
        self._keys: list[str] = []
        self._ordinal = array("i")
        self._start = array("i", [0])
        self._packed = array("q")
        self._span: dict[tuple[int, int], tuple[int, int]] = {}
        for group, ordinals in grouped.items():
            lo = len(self._keys)
            for ordinal in ordinals:
                key = first_seen[ordinal]
                self._keys.append(key)
                self._ordinal.append(ordinal)
                value = choices[key]
                if isinstance(value, int):
                    self._packed.append(value)
                else:
                    self._packed.extend(value)
                self._start.append(len(self._packed))
            self._span[group] = (lo, len(self._keys))
        del choices, grouped, first_seen
        # Non-ASCII keys, shortest first, for the sieve; ``_wide_at[n]`` spans length n.
        keys = self._keys
        wide = sorted(
            (p for p, k in enumerate(keys) if not k.isascii()), key=lambda p: len(keys[p])
        )
        self._wide = View.joined([keys[p] for p in wide], array("i", wide))
        self._wide_at: dict[int, tuple[int, int]] = {}
        for k, p in enumerate(wide):
            n, at = len(keys[p]), self._wide.offsets[k]
            self._wide_at[n] = (self._wide_at.get(n, (at, 0))[0], self._wide.offsets[k + 1])

    def find(self, text: str) -> list[tuple[int, float, tuple[int, ...]]]:
        """Entries whose name-like texts (or their words) are close to ``text``."""
        la, qa = len(text), len(text.encode("ascii", "ignore"))
        keys: list[str] = []
        bases: list[int] = []  # where each group starts in ``keys`` ...
        firsts: list[int] = []  # ... and in ``_keys``
        groups = []
        for (lb, ka), (lo, hi) in self._span.items():
            # ratio = 200 * common / (la + lb), and common is at most this bound
            common = min(qa, ka) + min(la - qa, lb - ka)
            if 200 * common >= CUTOFF * (la + lb) - 1:
                groups.append((lb, ka))
                bases.append(len(keys))
                firsts.append(lo)
                keys += self._keys[lo:hi]

        where: list[int] | None = None
        if qa < la and len(keys) > 2000:
            keys, where = self._sieve(text, set(groups))

        def position(i: int) -> int:
            """Where ``keys[i]`` is in ``_keys``."""
            if where is not None:
                return where[i]
            g = bisect_right(bases, i) - 1
            return firsts[g] + i - bases[g]

        found = process.extract(
            text, keys, scorer=fuzz.ratio, processor=None, limit=None, score_cutoff=CUTOFF
        )
        ordinal = self._ordinal
        found.sort(key=lambda f: (-f[1], ordinal[position(f[2])]))
        out: list[tuple[int, float, tuple[int, ...]]] = []
        for choice, score, i in found[:200]:
            ops = Indel.opcodes(text, choice)
            same = [
                j for tag, _, _, d1, d2 in ops if tag == "equal" for j in range(int(d1), int(d2))
            ]
            p = position(i)
            for e, offset in (
                divmod(x, 2**20) for x in self._packed[self._start[p] : self._start[p + 1]]
            ):
                out.append((e, float(score), tuple(offset + j for j in same)))
        out.sort(key=lambda x: (-x[1], x[0]))
        return out

    def _sieve(self, text: str, groups: set[tuple[int, int]]) -> tuple[list[str], list[int]]:
        """The keys of ``groups`` that hold enough characters of ``text`` to reach the cutoff,
        with their positions in ``_keys``.

        Every character a key has in common with ``text`` is one of ``text``'s characters,
        so a key needs at least ``need`` of them; a regex finds those among the non-ASCII
        keys at C speed (the ASCII-only groups are taken whole).
        """
        keys: list[str] = []
        where: list[int] = []
        for group in sorted(groups):
            if group[0] == group[1]:
                lo, hi = self._span[group]
                keys += self._keys[lo:hi]
                where += range(lo, hi)
        cls = char_class(set(text))
        view = self._wide
        offsets = view.offsets
        for lb in sorted({lb for lb, ka in groups if ka < lb and lb in self._wide_at}):
            # ratio >= cutoff needs 200 * common >= cutoff * (la + lb)
            need = max(1, -(-(int(CUTOFF) * (len(text) + lb) - 1) // 200))
            more = f"(?:[^\n]*?{cls}){{{need - 1}}}" if need > 1 else ""
            search = re.compile(cls + more).search
            pos, end = self._wide_at[lb]
            while (m := search(view.text, pos, end)) is not None:
                k = bisect_right(offsets, m.start()) - 1
                p = view.ids[k]
                key = self._keys[p]
                if (lb, len(key.encode("ascii", "ignore"))) in groups:
                    keys.append(key)
                    where.append(p)
                pos = offsets[k + 1]
        return keys, where
