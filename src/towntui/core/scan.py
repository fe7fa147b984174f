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
from itertools import accumulate

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


def letter_views(table: SymbolTable, projected: View) -> dict[str, View]:
    """For each letter, the projected lines a pinyin query starting with it can match.

    A match's first character takes the query's first letter, so it is that letter or
    a character with a reading that starts with it. ``"x"`` keys the lines having such
    a character anywhere; ``"^x"`` those starting with one. Lines are sliced from
    ``projected`` one at a time and each view is joined in turn, so building them holds
    no list of every line.
    """
    initials = table.initials()
    text, offsets, ids = projected.text, projected.offsets, projected.ids
    found: dict[str, array[int]] = {}
    for k in range(len(ids)):
        line = text[offsets[k] : offsets[k + 1]]
        for c in _LETTERS.intersection(line.translate(initials)):
            found.setdefault(c, array("i")).append(k)
        for c in _LETTERS.intersection(line[1:2].translate(initials)):
            found.setdefault("^" + c, array("i")).append(k)
    views: dict[str, View] = {}
    for key in sorted(found):
        ks = found.pop(key)
        lines = "".join([text[offsets[k] : offsets[k + 1]] for k in ks])
        view = View.joined((), array("i", (ids[k] for k in ks)))
        view.text = lines
        view.offsets = array("i", accumulate((offsets[k + 1] - offsets[k] for k in ks), initial=0))
        views[key] = view
    return views


class FuzzyKeys:
    """Name-like texts and their words, for fuzzy matching with rapidfuzz.

    Each key keeps its entries and offsets packed as ``entry << 20 | offset`` (one int
    when there is one). Keys are grouped by length and ASCII characters, since ``ratio``
    cannot reach the cutoff for keys too long, too short or with too few characters in
    common; non-ASCII keys are also joined in a view, shortest first, for the sieve.
    """

    def __init__(self, texts: Iterable[tuple[int, str]]) -> None:
        self._choices: dict[str, int | array[int]] = {}
        choices = self._choices
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
        self._groups: dict[tuple[int, int], tuple[list[str], list[int]]] = {}
        for i, key in enumerate(self._choices):
            group = (len(key), len(key.encode("ascii", "ignore")))
            keys, ids = self._groups.setdefault(group, ([], []))
            keys.append(key)
            ids.append(i)
        # Non-ASCII keys, shortest first, for the sieve; ``_wide_at[n]`` spans length n.
        wide = sorted(((len(k), i, k) for i, k in enumerate(self._choices) if not k.isascii()))
        self._wide = View(["\n" + k for _, _, k in wide], array("i", (i for _, i, _ in wide)))
        self._wide_at: dict[int, tuple[int, int]] = {}
        for k, (n, _, _) in enumerate(wide):
            at = self._wide.offsets[k]
            self._wide_at[n] = (self._wide_at.get(n, (at, 0))[0], self._wide.offsets[k + 1])

    def find(self, text: str) -> list[tuple[int, float, tuple[int, ...]]]:
        """Entries whose name-like texts (or their words) are close to ``text``."""
        la, qa = len(text), len(text.encode("ascii", "ignore"))
        keys: list[str] = []
        ids: list[int] = []
        groups = []
        for (lb, ka), (group_keys, group_ids) in self._groups.items():
            # ratio = 200 * common / (la + lb), and common is at most this bound
            common = min(qa, ka) + min(la - qa, lb - ka)
            if 200 * common >= CUTOFF * (la + lb) - 1:
                groups.append((lb, ka))
                keys += group_keys
                ids += group_ids
        if qa < la and len(keys) > 2000:
            keys, ids = self._sieve(text, set(groups))
        found = process.extract(
            text, keys, scorer=fuzz.ratio, processor=None, limit=None, score_cutoff=CUTOFF
        )
        found.sort(key=lambda f: (-f[1], ids[f[2]]))
        out: list[tuple[int, float, tuple[int, ...]]] = []
        for choice, score, _ in found[:200]:
            ops = Indel.opcodes(text, choice)
            same = [
                j for tag, _, _, d1, d2 in ops if tag == "equal" for j in range(int(d1), int(d2))
            ]
            packed = self._choices[choice]
            for e, offset in (divmod(x, 2**20) for x in _listed(packed)):
                out.append((e, float(score), tuple(offset + j for j in same)))
        out.sort(key=lambda x: (-x[1], x[0]))
        return out

    def _sieve(self, text: str, groups: set[tuple[int, int]]) -> tuple[list[str], list[int]]:
        """The keys of ``groups`` that hold enough characters of ``text`` to reach the cutoff.

        Every character a key has in common with ``text`` is one of ``text``'s characters,
        so a key needs at least ``need`` of them; a regex finds those among the non-ASCII
        keys at C speed (the ASCII-only groups are taken whole).
        """
        keys: list[str] = []
        ids: list[int] = []
        for group in sorted(groups):
            if group[0] == group[1]:
                keys += self._groups[group][0]
                ids += self._groups[group][1]
        cls = char_class(set(text))
        view = self._wide
        line, offsets = view.line, view.offsets
        for lb in sorted({lb for lb, ka in groups if ka < lb and lb in self._wide_at}):
            # ratio >= cutoff needs 200 * common >= cutoff * (la + lb)
            need = max(1, -(-(int(CUTOFF) * (len(text) + lb) - 1) // 200))
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


def _listed(packed: int | array[int]) -> Sequence[int]:
    """A packed fuzzy choice value as a sequence."""
    return (packed,) if isinstance(packed, int) else packed
