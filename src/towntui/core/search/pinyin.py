"""Pinyin readings and pinyin matching for search.

Every Chinese character gets the *set* of its readings (``栖`` → ``{qi, xi}``), computed
once when an index is built. A query matches a run of characters when, character by
character, it consumes one of:

* a full reading (``yun`` for ``云``),
* an initial: the first letter of a reading, or ``zh``/``ch``/``sh``,
* a prefix of a reading, for the last character only (``yunq`` → ``云栖``),
* the character itself (``yun栖``), or, for any other character, that character.

Two matchers implement this rule: :class:`SymbolTable` compiles a query into a regular
expression over *projected* text (each Chinese character replaced by a symbol that stands
for its reading set), used to scan thousands of names at C speed; :func:`match` is a small
memoised walk over one text that returns the matched character positions. Neither ever
enumerates the combinations of readings.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path

#: Two-letter initials that may stand for a whole syllable on their own.
TWO_LETTER_INITIALS = frozenset({"zh", "ch", "sh"})

#: Characters that never appear in projected or plain search text (line structure).
RESERVED = "\x00\x03\t\n"

_FIRST_SYMBOL = 0xE000
_LAST_SYMBOL = 0xF8FF
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")

#: How many characters after its first one a pinyin pattern checks before trying its
#: choices (see :func:`_alternatives`; 0: none; tests compare the matches of both ways).
LOOKAHEAD = 1


#: Finds a CJK ideograph (the same ranges as :func:`is_han`).
HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ffff]")


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a CJK ideograph (the characters that have pinyin)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF


class _Table:
    """pypinyin's single-character readings, compact: sorted code points and one string.

    The table as a dict (41,000 pairs of small strings) holds about 6 MB for as long as
    the app runs; here it is about 1 MB. ``get(code)`` is ``"qī,xī"`` or None.
    """

    __slots__ = ("_codes", "_offsets", "_text")

    #: the first bytes of the table's file form (see :meth:`to_bytes`)
    MAGIC = b"towntui-pinyin-1\n"

    def __init__(self, codes: array[int], offsets: array[int], text: str) -> None:
        self._codes = codes
        self._offsets = offsets
        self._text = text

    @classmethod
    def from_dict(cls, table: dict[str, str]) -> _Table:
        """The table of pypinyin's ``pinyin_dict.json`` (decimal code point → readings)."""
        pairs = sorted((int(k), v) for k, v in table.items() if k.isdigit())
        return cls(
            array("I", [code for code, _ in pairs]),
            array("I", accumulate((len(v) for _, v in pairs), initial=0)),
            "".join(v for _, v in pairs),
        )

    def to_bytes(self) -> bytes:
        """The file form: ``MAGIC``, the entry count ``n`` as 4 bytes, ``n`` code points
        and ``n + 1`` character offsets (unsigned 32-bit, little-endian), then the
        readings as UTF-8. Loading it is two ``array.frombytes`` and one decode."""
        codes, offsets = array("I", self._codes), array("I", self._offsets)
        if sys.byteorder == "big":  # pragma: no cover - not on the platforms we test
            codes.byteswap()
            offsets.byteswap()
        n = len(codes).to_bytes(4, "little")
        return self.MAGIC + n + codes.tobytes() + offsets.tobytes() + self._text.encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> _Table:
        """The table of :meth:`to_bytes`; ValueError if ``data`` is not one."""
        head = len(cls.MAGIC)
        if not data.startswith(cls.MAGIC) or len(data) < head + 4:
            raise ValueError("not a towntui pinyin table")
        n = int.from_bytes(data[head : head + 4], "little")
        codes_at = head + 4
        offsets_at = codes_at + 4 * n
        text_at = offsets_at + 4 * (n + 1)
        if len(data) < text_at:
            raise ValueError("truncated pinyin table")
        codes, offsets = array("I"), array("I")
        if codes.itemsize != 4:  # pragma: no cover - no such platform in use
            raise ValueError("no 4-byte unsigned array type")
        codes.frombytes(data[codes_at:offsets_at])
        offsets.frombytes(data[offsets_at:text_at])
        if sys.byteorder == "big":  # pragma: no cover
            codes.byteswap()
            offsets.byteswap()
        text = data[text_at:].decode("utf-8")
        if offsets[0] != 0 or offsets[-1] != len(text):
            raise ValueError("pinyin table offsets do not match its text")
        return cls(codes, offsets, text)

    def codes(self) -> Sequence[int]:
        """Every code point the table has readings for, ascending."""
        return self._codes

    def get(self, code: int) -> str | None:
        k = bisect_left(self._codes, code)
        if k == len(self._codes) or self._codes[k] != code:
            return None
        return self._text[self._offsets[k] : self._offsets[k + 1]]


#: The table shipped with towntui: pypinyin's ``pinyin_dict.json`` in the form of
#: :meth:`_Table.to_bytes` (loads in about 1 ms where the JSON parse took 20–45 ms).
#: Written by ``benchmarks/gen_pinyin_table.py``; a test checks it against pypinyin.
TABLE_FILE = Path(__file__).with_name("pinyin_table.bin")


@cache
def _table() -> _Table:
    """pypinyin's table of single characters (code point → ``"qī,xī"``).

    Read from the file shipped beside this module; without it (or if it is damaged),
    from pypinyin's data file, without importing ``pypinyin``, whose import also loads
    its phrase dictionary (about 58 MB that search never uses).
    """
    try:
        return _Table.from_bytes(TABLE_FILE.read_bytes())
    except (OSError, ValueError):
        return _table_from_pypinyin()


def _table_from_pypinyin() -> _Table:
    """The table parsed from pypinyin's ``pinyin_dict.json`` (or its API)."""
    spec = importlib.util.find_spec("pypinyin")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            with (Path(folder) / "pinyin_dict.json").open(encoding="utf-8") as fh:
                table: dict[str, str] = json.load(fh)
            return _Table.from_dict(table)
        except (OSError, ValueError):
            continue
    return _Table.from_dict(_table_from_api())


def _table_from_api() -> dict[str, str]:  # pragma: no cover - a pypinyin without the file
    from pypinyin.pinyin_dict import pinyin_dict

    return {str(k): v for k, v in pinyin_dict.items()}


def toneless(reading: str) -> str:
    """``qī`` → ``qi``, ``lǜ`` → ``lv``, ``ế`` → ``ê`` (pypinyin's NORMAL style)."""
    decomposed = unicodedata.normalize("NFD", reading.lower())
    decomposed = decomposed.replace("u\u0308", "v").replace("e\u0302", "ê")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of one character (``ü`` also as ``u``); ``()`` if none."""
    if not is_han(ch):
        return ()
    marked = _table().get(ord(ch))
    if not marked:
        return ()
    out: list[str] = []
    for r in marked.split(","):
        r = toneless(r.strip())
        for variant in (r, r.replace("v", "u")):
            if variant and variant.isascii() and variant.isalpha() and variant not in out:
                out.append(variant)
    return tuple(out)


def fold(text: str) -> str:
    """Lower-case ``text`` one character at a time, so indices stay aligned."""
    folded = text.lower()
    # str.lower is per character except for the final sigma and characters that lower
    # to several (İ): only then is the slow path needed.
    if len(folded) != len(text) or "\u03a3" in text:
        out = []
        for ch in text:
            low = ch.lower()
            out.append(low if len(low) == 1 else ch)
        folded = "".join(out)
    elif folded == text:
        folded = text  # keep one string, not an equal copy
    if any(c in folded for c in RESERVED):
        folded = folded.translate({ord(c): "\x00" for c in RESERVED})
    return folded


def match(query: str, text: str, *, start_only: bool = False) -> tuple[int, ...] | None:
    """Positions in ``text`` of the characters a pinyin/mixed ``query`` matches, or None.

    ``query`` must already be folded with spaces removed. The match covering the text
    start wins, then the leftmost one. With ``start_only`` only a match at 0 counts.

    A depth-first walk over the states (character ``i`` of the text, ``p`` characters of
    the query consumed), each tried once, with an explicit stack: a query or text of
    thousands of characters needs no recursion (the stack is one frame per character).
    """
    if not query:
        return None
    walk = _Walk(query, text)
    starts = range(1) if start_only else range(walk.n)
    for s in starts:
        if walk.walk(s):
            return walk.positions(s)
    return None


class _Walk:
    """The memoised walk of :func:`match` over one text for one query."""

    __slots__ = ("low", "m", "n", "query", "taken", "text")

    def __init__(self, query: str, text: str) -> None:
        self.query = query
        self.text = text
        self.low = fold(text)
        self.n, self.m = len(self.low), len(query)
        #: (i, p) → the query position after character i in the match found from there,
        #: or -1 when there is none
        self.taken: dict[tuple[int, int], int] = {}

    def known(self, i: int, p: int) -> bool | None:
        """Whether the rest of the query matches from (i, p); None if not yet known."""
        if p == self.m:
            return True
        if i >= self.n:
            return False
        q = self.taken.get((i, p))
        return None if q is None else q >= 0

    def steps(self, i: int, p: int) -> list[int]:
        """The query positions character ``i`` can take the walk to, longest first."""
        query, m = self.query, self.m
        ch = self.low[i]
        nexts: list[int] = []
        if ch == query[p]:
            nexts.append(p + 1)
        for r in readings(self.text[i]):
            if query.startswith(r, p):
                nexts.append(p + len(r))
            if r[0] == query[p]:
                nexts.append(p + 1)
            if r[:2] in TWO_LETTER_INITIALS and query.startswith(r[:2], p):
                nexts.append(p + 2)
            if r.startswith(query[p:]):
                nexts.append(m)
        return sorted(set(nexts), reverse=True)

    def walk(self, i0: int) -> bool:
        """Whether the whole query matches from character ``i0``."""
        if (found := self.known(i0, 0)) is not None:
            return found
        taken = self.taken
        stack: list[tuple[int, int, list[int], int]] = [(i0, 0, self.steps(i0, 0), 0)]
        while stack:
            i, p, nexts, k = stack[-1]
            while k < len(nexts):
                after = self.known(i + 1, nexts[k])
                if after is None:  # not walked yet: walk it first, then come back here
                    stack[-1] = (i, p, nexts, k)
                    stack.append((i + 1, nexts[k], self.steps(i + 1, nexts[k]), 0))
                    break
                if after:
                    taken[(i, p)] = nexts[k]
                    stack.pop()
                    break
                k += 1
            else:
                taken[(i, p)] = -1
                stack.pop()
        return taken[(i0, 0)] >= 0

    def positions(self, s: int) -> tuple[int, ...]:
        """The characters of the match found from ``s`` (after :meth:`walk` found one)."""
        positions: list[int] = []
        i, p = s, 0
        while p != self.m:
            positions.append(i)
            p = self.taken[(i, p)]
            i += 1
        return tuple(positions)


class SymbolTable:
    """Projects text to one symbol per character and compiles queries against it.

    A Chinese character becomes a private-use symbol that stands for its set of
    readings (characters with the same set share a symbol); any other character
    becomes its lower-case self. Symbols are numbered in reading order, so the
    characters a query letter may stand for mostly form contiguous ranges.
    """

    def __init__(
        self, texts: Iterable[str], *, sets: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        # ``sets`` (each character's readings, as :attr:`reading_sets` holds them) stand
        # for the texts when given: a saved search index restores its table from them
        sets = _reading_sets(texts) if sets is None else sets
        #: Each Chinese character of the texts → its readings, sorted.
        self.reading_sets = sets
        distinct = sorted({s for s in sets.values() if s})
        # Past the BMP private-use area, use supplementary plane 15 instead.
        base = 0xF0000 if len(distinct) > _LAST_SYMBOL - _FIRST_SYMBOL else _FIRST_SYMBOL
        code = {s: chr(base + i) for i, s in enumerate(distinct)}
        self._symbol: dict[str, str] = {ch: code[s] for ch, s in sets.items() if s}
        self._full: dict[str, set[str]] = {}
        self._prefix: dict[str, set[str]] = {}
        for rs, sym in code.items():
            for r in rs:
                self._full.setdefault(r, set()).add(sym)
                for k in range(1, len(r) + 1):
                    self._prefix.setdefault(r[:k], set()).add(sym)
        self._symbols = frozenset(code.values())
        self._translate: dict[int, str] = {ord(c): "\x00" for c in RESERVED}
        self._translate.update({ord(s): "\x00" for s in self._symbols})
        self._translate.update({ord(ch): s for ch, s in self._symbol.items()})

    def initials(self) -> dict[int, str]:
        """A ``str.translate`` table from each symbol to the first letters of its readings."""
        out: dict[str, set[str]] = {}
        for reading, syms in self._full.items():
            for sym in syms:
                out.setdefault(sym, set()).add(reading[0])
        return {ord(sym): "".join(sorted(letters)) for sym, letters in out.items()}

    def project(self, text: str) -> str:
        """``text`` with every character replaced by its symbol (same length)."""
        return fold(text).translate(self._translate)

    def _unit(self, unit: str, last: bool) -> set[str]:
        """The symbols (and literal characters) that may consume ``unit``."""
        if len(unit) == 1:
            found = {unit}
            if unit in _LETTERS:
                found |= self._prefix.get(unit, set())
            elif unit in self._symbol:
                found.add(self._symbol[unit])
            return found
        found = set(self._full.get(unit, ()))
        if last or unit in TWO_LETTER_INITIALS:
            found |= self._prefix.get(unit, set())
        return found

    def pattern(self, query: str, *, max_len: int = 6000) -> tuple[str, bool]:
        """A regex over projected text matching ``query``, and whether it is exact.

        The regex is built over the splits of the query into units. When the query is
        so long that the regex would pass ``max_len`` characters, the regex of its
        longest fitting prefix is returned with ``exact`` False: every match of the
        query is still a match of it, and the caller checks candidates with
        :func:`match`. A query with Chinese characters is never exact either, because
        characters with the same readings share a symbol.
        """
        exact = not any(is_han(ch) for ch in query)
        text = self._compile(query, max_len)
        if text is not None:
            return text, exact
        # A longer prefix makes a longer regex: look for the longest that fits by halving
        # (a few compiles, not one per character). Any prefix would be correct.
        best, lo, hi = None, 1, len(query) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            found = self._compile(query[:mid], max_len)
            if found is None:
                hi = mid - 1
            else:
                best, lo = found, mid + 1
        return ("(?!)" if best is None else best), False

    def _compile(self, query: str, max_len: int) -> str | None:
        """The regex of ``query``, or None when it would pass ``max_len`` characters.

        ``rest[p]`` is the regex of ``query[p:]`` (None if no split into units matches).
        It depends only on later positions, so the positions the splits from 0 reach are
        built from the end back: no recursion per character.
        """
        n = len(query)
        units = self._units(query)
        rest: dict[int, str | None] = {n: ""}
        # heads[p][j]: the characters at offset j of a match of rest[p], for the first
        # LOOKAHEAD offsets that every match has (each unit takes one character)
        heads: dict[int, list[set[str]]] = {n: []}
        for p in range(n - 1, -1, -1):
            if p not in units:
                continue
            firsts: list[tuple[set[str], str]] = []
            after: list[list[set[str]]] = []
            for k, syms in units[p]:
                tail = rest[p + k]
                if tail is not None:
                    firsts.append((syms, tail))
                    after.append(heads[p + k])
            ahead = [
                set().union(*(h[j] for h in after)) for j in range(min(map(len, after), default=0))
            ]
            out = _alternatives(firsts, lead=p == 0, ahead=ahead[:LOOKAHEAD])
            if out is not None and len(out) > max_len:
                return None
            rest[p] = out
            heads[p] = [set().union(*(syms for syms, _ in firsts)), *ahead][:LOOKAHEAD]
        return rest[0] or "(?!)"

    def _units(self, query: str) -> dict[int, list[tuple[int, set[str]]]]:
        """For each position the splits of ``query`` from 0 reach: the units that may
        start there, as (length, the symbols that may consume it)."""
        n = len(query)
        units: dict[int, list[tuple[int, set[str]]]] = {}
        reach = [False] * (n + 1)
        reach[0] = True
        for p in range(n):
            if not reach[p]:
                continue
            found: list[tuple[int, set[str]]] = []
            for k in range(1, min(6, n - p) + 1):
                unit = query[p : p + k]
                if k > 1 and not unit.isascii():
                    break
                syms = self._unit(unit, p + k == n)
                if syms:
                    found.append((k, syms))
                    reach[p + k] = True
            units[p] = found
        return units


def _reading_sets(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each Chinese character in ``texts`` → its readings, sorted (``()`` if none)."""
    chars = {ch for ch in set("".join(texts)) if is_han(ch)}
    return {ch: tuple(sorted(readings(ch))) for ch in chars}


def _alternatives(
    firsts: list[tuple[set[str], str]], *, lead: bool, ahead: Sequence[set[str]] = ()
) -> str | None:
    """The regex of one position from its (first symbols, rest) choices; None if none.

    With ``lead`` (the query start) and several choices, the regex leads with one class
    of every possible first character, then checks which unit it took with a
    one-character lookbehind: a pattern that starts with a class lets the regex engine
    skip non-candidate positions at C speed. ``ahead[j]``, when given, holds the
    characters every choice's rest may have at offset j: a lookahead for them after the
    first character turns most tries (a first character whose next ones fit no choice)
    down at once, before the choices are tried one by one; it matches the same text.
    """
    alts = [char_class(syms) + tail for syms, tail in firsts]
    if lead and len(firsts) > 1:
        every = set().union(*(syms for syms, _ in firsts))
        branches = "|".join(f"(?<={char_class(syms)}){tail}" for syms, tail in firsts)
        look = f"(?={''.join(map(char_class, ahead))})" if ahead else ""
        return f"{char_class(every)}{look}(?:{branches})"
    return None if not alts else alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"


def char_class(chars: Sequence[str] | set[str]) -> str:
    """A regex character class for ``chars``, with runs of code points as ranges."""
    codes = sorted(ord(c) for c in chars)
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(lo if i == j else f"{lo}-{hi}" if j > i + 1 else lo + hi)
        i = j + 1
    if len(codes) == 1:
        return parts[0]
    return f"[{''.join(parts)}]"
