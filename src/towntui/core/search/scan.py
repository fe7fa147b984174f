"""Scanning machinery for :mod:`towntui.core.search`: line views, lazy match streams and
per-letter pinyin views.

A :class:`View` is many searchable texts joined into one string, one line each (a newline,
then the text), so one compiled regular expression scans thousands of them at C speed; a
bisect on the line offsets turns a match position back into a line. A :class:`Stream` is
the lines of some views that match one pattern, found lazily, in order.

Entries come in ranking order, and entries with equal texts are mostly neighbours (a
bucket of tags, roles or districts sorts by text), so a view keeps a run of equal
neighbouring lines once, standing for all the run's entries in order: at 100k entities a
third to two fifths less text to scan, for the same results in the same order.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, chain, compress, islice, repeat
from operator import ne, sub
from re import Match

from towntui.core.search.pinyin import SymbolTable, char_class

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")

#: Whether views keep a run of equal neighbouring lines once (tests compare the results
#: of both ways).
RUNS = True


class View:
    """Lines in ranking order: line ``k`` is ``text[offsets[k]:offsets[k + 1]]``, a newline
    followed by the searchable text of entry ``ids[k]`` or, when ``first`` is set, of
    each of the entries ``ids[first[k]:first[k + 1]]`` (a run of equal texts, kept once).
    """

    __slots__ = ("first", "ids", "offsets", "text")

    def __init__(
        self, lines: Sequence[str], ids: Sequence[int], first: array[int] | None = None
    ) -> None:
        self.text = "".join(lines)
        self.offsets = array("i", accumulate(map(len, lines), initial=0))
        self.ids = ids
        self.first = first

    @classmethod
    def joined(cls, texts: Sequence[str], ids: Sequence[int]) -> View:
        """A view of ``texts`` (no newlines in them), without a string per line."""
        view = cls.__new__(cls)
        view.text = "\n" + "\n".join(texts) if texts else ""
        view.offsets = array("i", accumulate((len(t) + 1 for t in texts), initial=0))
        view.ids = ids
        view.first = None
        return view

    @classmethod
    def runs(cls, lines: Sequence[str], ids: Sequence[int]) -> View:
        """A view of ``lines`` (each with its leading newline) of entries ``ids``, each run
        of equal neighbouring lines kept once."""
        n = len(lines)
        keep = [True, *map(ne, lines[1:], lines[:-1])] if n else []
        if not RUNS or all(keep):
            return cls(lines, ids)
        first = array("i", compress(range(n), keep))
        first.append(n)
        return cls(list(compress(lines, keep)), ids, first)

    def line(self, k: int) -> str:
        """The text of line ``k``, with its leading newline."""
        return self.text[self.offsets[k] : self.offsets[k + 1]]

    def entries_from(self, k: int) -> int:
        """How many entries lines ``k`` and after stand for."""
        return len(self.ids) - (k if self.first is None else self.first[k])

    def line_of_entries(self) -> Iterator[int]:
        """For each entry of ``ids`` in turn, its line."""
        if self.first is None:
            return iter(range(len(self.ids)))
        first = self.first
        return chain.from_iterable(map(repeat, range(len(first) - 1), map(sub, first[1:], first)))


class Stream:
    """The entries whose line matches one pattern, found lazily in ranking order.

    ``sources`` are the (view, position) pairs still to scan: a longer query starts from
    the lines its prefix matched so far plus what its prefix has not scanned yet, so a
    keystroke scans only survivors, and only as far as the hits it needs.
    """

    __slots__ = ("complete", "found", "lines", "origin", "pattern", "sources")

    def __init__(self, pattern: re.Pattern[str] | str, sources: list[tuple[View, int]]) -> None:
        #: the pattern, or its text until the first scan compiles it (a stream that is
        #: never scanned, or has nothing to scan, costs no compile)
        self.pattern = pattern
        self.origin = tuple(sources)
        self.sources = sources
        self.found: list[int] = []
        self.complete = not sources
        self.lines = sum(v.entries_from(bisect_right(v.offsets, at) - 1) for v, at in sources)

    def advance(self, more: int) -> None:
        """Scan on until ``more`` further entries are found or every line is scanned."""
        found, target = self.found, len(self.found) + more
        if not self.sources:
            return
        if isinstance(self.pattern, str):
            self.pattern = re.compile(self.pattern)
        search = self.pattern.search
        while self.sources and len(found) < target:
            view, pos = self.sources[0]
            text, offsets, ids, first = view.text, view.offsets, view.ids, view.first
            while len(found) < target:
                m = search(text, pos)
                if m is None:
                    pos = len(text)
                    break
                k = bisect_right(offsets, m.start()) - 1
                if first is None:
                    found.append(ids[k])
                else:  # the run's entries, in order
                    found.extend(ids[first[k] : first[k + 1]])
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
    table: SymbolTable,
    projected: View,
    share: float | None = None,
    pause: Callable[[], None] | None = None,
) -> dict[str, View]:
    """For each letter, the projected lines a pinyin query starting with it can match.

    A match's first character takes the query's first letter, so it is that letter or
    a character with a reading that starts with it. ``"^x"`` keys the lines starting
    with such a character, whole. ``"x"`` keys the lines having one anywhere, for the
    letters in less than ``share`` (default :data:`VIEW_SHARE`) of the lines (a query
    starting with another letter scans ``projected`` itself); each of its lines starts
    at the first such character, since no match can start before it (about a third
    less text). A view's lines are in ``projected``'s order, with its entries.

    ``pause``, if given, is called between chunks of :data:`SCAN_CHUNK` characters: it
    may block (the app holds the builder there while keys come in, so that the builder
    does not hold the interpreter while a keystroke is handled).
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
        start = _gather(_finditer("\n" + cls + "[^\n]*", text, pause), projected, "", len(ids))
        if start is not None:
            views["^" + c] = start
        # ... and lines from their first fitting character on (a match takes the rest of
        # its line, so the next match is in a later line).
        anywhere = _gather(_finditer(cls + "[^\n]*", text, pause), projected, "\n", most)
        if anywhere is not None:
            views[c] = anywhere
    return views


#: A literal query with one of these characters can only match a line that has it.
LATIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def latin_view(plain: View, pause: Callable[[], None] | None = None) -> View | None:
    """The lines of ``plain`` (folded text) that have a Latin letter or a digit, whole,
    in order, with their entries: all that a literal query holding one can match. At
    100k entities they are three fifths of the plain text's characters, and all ASCII,
    so a literal scan of them reads a third of the bytes. None if there are none.
    ``pause`` as for :func:`letter_views`."""
    found = _finditer("\n[^a-z0-9\n]*[a-z0-9][^\n]*", plain.text, pause)
    return _gather(found, plain, "", len(plain.ids))


#: Characters a view's builder scans between two calls of its ``pause``: a regular
#: expression scan holds the interpreter until it returns, and a batch of a few thousand
#: matches of a rare letter took a scan of the whole text (tens of milliseconds).
SCAN_CHUNK = 1 << 16


def _finditer(pattern: str, text: str, pause: Callable[[], None] | None) -> Iterator[Match[str]]:
    """The matches of ``pattern`` in ``text``, as :func:`re.finditer` finds them for a
    pattern whose matches hold no newline but a first one, found in chunks of about
    :data:`SCAN_CHUNK` characters that end before a newline, with ``pause`` (if given)
    called before each."""
    compiled = re.compile(pattern)
    pos, end = 0, len(text)
    while pos < end:
        stop = text.find("\n", pos + SCAN_CHUNK)
        stop = end if stop < 0 else stop
        if pause is not None:
            pause()
        yield from compiled.finditer(text, pos, stop)
        pos = stop


def _gather(matches: Iterator[Match[str]], view: View, lead: str, most: float) -> View | None:
    """A view of ``matches``, each after ``lead``; None if there are none or more than
    ``most``. No two matches may share a line of ``view``.

    Batches of a few thousand matches are joined as they come (no list of every line
    is held). A match's line is the number of newlines up to its first character,
    counted from the previous match on: only maps of built-ins run per match.
    """
    text, ids, first = view.text, view.ids, view.first
    chunks: list[str] = []
    lengths = array("i")
    at = array("i")
    sizes = array("i")  # entries per line, when ``view`` keeps runs
    upto, lines = 0, 0  # newlines in text[:upto]
    extra = len(lead)
    while batch := list(islice(matches, 4096)):
        after = list(map((1).__add__, map(Match.start, batch)))
        counts = map(text.count, repeat("\n"), [upto, *after[:-1]], after)
        ks = list(accumulate(counts, initial=lines))[1:]  # newlines through each match
        if first is None:
            at.extend(map(ids.__getitem__, map((-1).__add__, ks)))
        else:  # line k - 1 stands for the entries ids[first[k - 1]:first[k]]
            starts = list(map(first.__getitem__, map((-1).__add__, ks)))
            ends = list(map(first.__getitem__, ks))
            at.extend(chain.from_iterable(map(ids.__getitem__, map(slice, starts, ends))))
            sizes.extend(map(sub, ends, starts))
        if len(at) > most:
            return None
        upto, lines = after[-1], ks[-1]
        pieces = list(map(Match.group, batch))
        lengths.extend(map(extra.__add__, map(len, pieces)))
        chunks.append(lead + lead.join(pieces))
    if not at:
        return None
    return _assembled(chunks, lengths, at, None if first is None else sizes)


def joined_in_batches(texts: Iterable[str], ids: Sequence[int]) -> View:
    """A view of ``texts`` (one per entry of ``ids``; no newlines in them), joined a few
    thousand at a time, so no list of every text is held (for texts made on the fly);
    each run of equal neighbouring texts is kept once."""
    chunks: list[str] = []
    lengths = array("i")
    sizes = array("i")  # entries per kept line
    it = iter(texts)
    last: str | None = None
    while batch := list(islice(it, 4096)):
        keep = [batch[0] != last, *map(ne, batch[1:], batch[:-1])] if RUNS else [True] * len(batch)
        kept = list(compress(batch, keep))
        # each kept text stands for itself and the equal texts right after it; the texts
        # before the batch's first kept one go on the last batch's last run
        at = list(compress(range(len(batch)), keep))
        if not keep[0]:
            sizes[-1] += at[0] if at else len(batch)
        sizes.extend(map(sub, [*at[1:], len(batch)], at))
        if kept:
            lengths.extend([len(t) + 1 for t in kept])
            chunks.append("\n" + "\n".join(kept))
        last = batch[-1]
    if len(sizes) == len(ids):
        return _assembled(chunks, lengths, ids, None)
    return _assembled(chunks, lengths, ids, sizes)


def _assembled(
    chunks: list[str], lengths: array[int], ids: Sequence[int], sizes: array[int] | None
) -> View:
    """The view whose text is ``chunks`` joined, with lines of ``lengths``, of ``ids``;
    line k stands for ``sizes[k]`` entries (one each without ``sizes``)."""
    out = View.joined((), ids)
    out.text = "".join(chunks)
    out.offsets = array("i", accumulate(lengths, initial=0))
    if sizes is not None:
        out.first = array("i", accumulate(sizes, initial=0))
    return out
