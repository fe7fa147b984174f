"""The fuzzy tier of search: close spellings of name-like texts, with rapidfuzz.

:class:`FuzzyKeys` holds every name, alias, English name and title (and their words)
once, grouped so that a query is compared only with the keys that could reach the cutoff.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from towntui.core.search.pinyin import char_class
from towntui.core.search.scan import View

#: Fuzzy matches score at least this (rapidfuzz ``ratio``, 0-100).
CUTOFF = 70.0
_WORD = re.compile(r"[^\s]{3,}")


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
        self._keys: list[str] = []
        self._ordinal = array("i")
        self._start = array("i", [0])
        self._packed = array("q")
        self._span: dict[tuple[int, int], tuple[int, int]] = {}
        self._pack(_choices(texts))
        self._wide_keys()

    def _pack(self, choices: dict[str, int | array[int]]) -> None:
        """Store the keys of ``choices`` grouped by (length, ASCII characters), each with
        its packed entries and offsets."""
        grouped: dict[tuple[int, int], array[int]] = {}
        for ordinal, key in enumerate(choices):
            group = (len(key), len(key.encode("ascii", "ignore")))
            grouped.setdefault(group, array("i")).append(ordinal)
        first_seen = list(choices)
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

    def _wide_keys(self) -> None:
        """Non-ASCII keys, shortest first, for the sieve; ``_wide_at[n]`` spans length n."""
        keys = self._keys
        wide = sorted(
            (p for p, k in enumerate(keys) if not k.isascii()), key=lambda p: len(keys[p])
        )
        self._wide = View.joined([keys[p] for p in wide], array("i", wide))
        self._wide_at: dict[int, tuple[int, int]] = {}
        for k, p in enumerate(wide):
            n, at = len(keys[p]), self._wide.offsets[k]
            self._wide_at[n] = (self._wide_at.get(n, (at, 0))[0], self._wide.offsets[k + 1])

    def find(self, text: str) -> Iterator[tuple[int, float, tuple[int, ...]]]:
        """Entries whose name-like texts (or their words) are close to ``text``, best
        score first, then by entry (found as the caller reads on)."""
        la, qa = len(text), len(text.encode("ascii", "ignore"))
        keys: list[str] = []
        bases: list[int] = []  # where each group starts in ``keys`` ...
        firsts: list[int] = []  # ... and in ``_keys``
        groups = []
        spans = []
        for (lb, ka), (lo, hi) in self._span.items():
            # ratio = 200 * common / (la + lb), and common is at most this bound
            common = min(qa, ka) + min(la - qa, lb - ka)
            if 200 * common >= CUTOFF * (la + lb) - 1:
                groups.append((lb, ka))
                spans.append((lo, hi))

        where: list[int] | None = None
        if qa < la and sum(hi - lo for lo, hi in spans) > 2000:  # no list of them all
            keys, where = self._sieve(text, set(groups))
        else:
            for lo, hi in spans:
                bases.append(len(keys))
                firsts.append(lo)
                keys += self._keys[lo:hi]

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
        return self._entries(
            text, [(choice, score, position(i)) for choice, score, i in found[:200]]
        )

    def _entries(
        self, text: str, found: list[tuple[str, float, int]]
    ) -> Iterator[tuple[int, float, tuple[int, ...]]]:
        """The entries of the keys ``found`` (key, score, position in ``_keys``; best score
        first), by score and then entry, with the positions of ``text``'s characters.

        Made one score at a time, as the caller reads on: a search that has its hits
        from the best scores never spells out the thousands of entries of the others.
        """
        start = 0
        while start < len(found):
            score = found[start][1]
            end = start
            while end < len(found) and found[end][1] == score:
                end += 1
            level: list[tuple[int, float, tuple[int, ...]]] = []
            for choice, _, p in found[start:end]:
                ops = Indel.opcodes(text, choice)
                same = [
                    j
                    for tag, _, _, d1, d2 in ops
                    if tag == "equal"
                    for j in range(int(d1), int(d2))
                ]
                for e, offset in (
                    divmod(x, 2**20) for x in self._packed[self._start[p] : self._start[p + 1]]
                ):
                    level.append((e, float(score), tuple(offset + j for j in same)))
            level.sort(key=itemgetter(0))  # stable: as one sort by (-score, entry)
            yield from level
            start = end

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
        other = "[^\n" + (cls[1:] if cls.startswith("[") else cls + "]")  # the rest
        view = self._wide
        offsets = view.offsets
        for lb in sorted({lb for lb, ka in groups if ka < lb and lb in self._wide_at}):
            # ratio >= cutoff needs 200 * common >= cutoff * (la + lb)
            need = max(1, -(-(int(CUTOFF) * (len(text) + lb) - 1) // 200))
            # the next of the query's characters, skipping others: no backtracking
            more = f"(?:{other}*{cls}){{{need - 1}}}" if need > 1 else ""
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


class LazyKeys:
    """Fuzzy keys made on first use by ``make(source)`` (a restored index's: most
    one-shot queries never need them); ``source`` is let go once they are made."""

    def __init__(self, source: Any, make: Callable[[Any], FuzzyKeys]) -> None:
        self.source = source
        self._make = make
        #: The keys, once made.
        self.keys: FuzzyKeys | None = None

    def find(self, text: str) -> Iterator[tuple[int, float, tuple[int, ...]]]:
        """As :meth:`FuzzyKeys.find`."""
        if self.keys is None:
            self.keys = self._make(self.source)
            self.source = None
        return self.keys.find(text)


def _choices(texts: Iterable[tuple[int, str]]) -> dict[str, int | array[int]]:
    """Every key (a text, and each word of three or more characters in a text with
    spaces) → its packed ``entry << 20 | offset`` (an int, or an array when several)."""
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
    return choices
