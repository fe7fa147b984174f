"""Find a town, an entity or an event from what a user typed: the one town matcher.

It has two modes. *Resolve* (:func:`resolve_town`, :func:`resolve_entity`, for the
command line) finds exactly one record or raises an error that lists the candidates
("did you mean"). *Rank* (:func:`rank_towns`, for the app's town pickers) orders the
records a query matches while typing; its loose form :func:`filter_ids` is the set of
towns a search's ``town:`` filter names. A name is matched by its id, Chinese name,
English name, aliases, and the pinyin of its Chinese names: full (``yunqi``), initials
(``yq``), mixed (``yun栖``) and every reading of a polyphonic character (``yunxi``).

:func:`resolve` takes the first tier that matches, and within a tier exactly one record
must match (more than one is *ambiguous*):

1. the id; 2. the Chinese or English name; 3. an alias (all ignoring case);
4. the whole pinyin or initials of a name or alias (``yunqixiaozhen``, ``yqxz``);
5. the start of any of these, or pinyin from the start of a name (``yq``, ``yhs``);
6. a part of any of these, or pinyin inside a name (``智慧城``);
7. a close spelling (``qiantnag``), when one record is clearly closest.

So an exact id or name always wins over a pinyin reading of another record.

Pinyin readings and rapidfuzz are imported only when a name does not match exactly, so
a command that names a town by its id or name starts without them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

from towntui.core.frozen import frozen
from towntui.core.model import Dataset, Entity, Event, Town

#: how many candidates an error lists at most
MAX_SUGGESTIONS = 10


class Named(Protocol):
    """A record with an id, names and aliases (a town or an entity)."""

    # read-only properties, so frozen dataclasses (Town, Entity) fit

    @property
    def id(self) -> str:
        """The record's id."""

    @property
    def name(self) -> str:
        """Its Chinese name."""

    @property
    def name_en(self) -> str | None:
        """Its English name, if any."""

    @property
    def aliases(self) -> tuple[str, ...]:
        """Its other names."""


R = TypeVar("R", bound=Named)


class NotFound(LookupError):
    """No record, or more than one, matches; ``suggestions`` are the closest ones."""

    what = "record"

    def __init__(self, text: str, suggestions: list[str], *, ambiguous: bool = False) -> None:
        self.text = text
        self.suggestions = suggestions
        self.ambiguous = ambiguous
        what = f"ambiguous {self.what}" if ambiguous else f"unknown {self.what}"
        hint = f"; did you mean: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"{what} '{text}'{hint}")


class TownNotFound(NotFound):
    """No town, or more than one, matches."""

    what = "town"


class EntityNotFound(NotFound):
    """No entity, or more than one, matches."""

    what = "entity"


class EventNotFound(NotFound):
    """No event has this id."""

    what = "event"


def spell(name: str, *, initials: bool) -> str:
    """``云栖小镇`` → ``yunqixiaozhen`` (or ``yqxz``), each character's first reading."""
    from towntui.core.search.pinyin import readings

    out = []
    for ch in name:
        found = readings(ch)
        out.append((found[0][0] if initials else found[0]) if found else ch.casefold())
    return "".join(out)


@frozen
class NameKeys:
    """What a record can be found by, folded: ``keys`` (names and their pinyin spellings)
    and ``chinese`` (the names with Chinese characters, for pinyin matching)."""

    names: tuple[str, ...]
    aliases: tuple[str, ...]
    spelled: tuple[str, ...]
    keys: tuple[str, ...]
    chinese: tuple[str, ...]


def _fold(text: str) -> str:
    return text.strip().casefold()


def _names(record: Named) -> tuple[str, ...]:
    """The record's Chinese and English names, folded."""
    return tuple(_fold(n) for n in (record.name, record.name_en) if n)


def _aliases(record: Named) -> tuple[str, ...]:
    """The record's aliases, folded."""
    return tuple(_fold(a) for a in record.aliases if a)


def name_keys(record: Named) -> NameKeys:
    """The folded names, aliases and pinyin spellings of ``record``."""
    from towntui.core.search.pinyin import HAN_RE

    names = _names(record)
    aliases = _aliases(record)
    chinese = tuple(n for n in (record.name, *record.aliases) if n and HAN_RE.search(n))
    spelled: list[str] = []
    for n in chinese:
        spelled.append(spell(n, initials=False).replace(" ", ""))
        spelled.append(spell(n, initials=True).replace(" ", ""))
    keys = (_fold(record.id), *names, *aliases, *spelled)
    return NameKeys(
        names, aliases, tuple(dict.fromkeys(spelled)), tuple(dict.fromkeys(keys)), chinese
    )


def _query(text: str) -> str:
    return text.strip().casefold().replace(" ", "")


def match_score(keys: NameKeys, want: str) -> float:
    """How well the folded, space-free query ``want`` matches: 200 a key starts with it,
    190 pinyin from the start of a name, 150 a part of a key, 140 pinyin inside a name,
    otherwise a fuzzy partial ratio (0-100)."""
    from rapidfuzz import fuzz

    from towntui.core.search.pinyin import match as pinyin_match

    best = 0.0
    for name in keys.chinese:
        if pinyin_match(want, name, start_only=True) is not None:
            best = max(best, 190.0)
        elif pinyin_match(want, name) is not None:
            best = max(best, 140.0)
    for key in keys.keys:
        k = key.replace(" ", "")
        if k.startswith(want):
            return 200.0
        if want in k:
            best = max(best, 150.0)
        elif len(want) > 1:
            best = max(best, fuzz.partial_ratio(want, k))
    return best


def rank(records: Sequence[R], query: str, *, cutoff: float = 70.0) -> list[R]:
    """Records matching ``query`` (id, names, aliases, pinyin or initials), best first.

    An empty query keeps every record in its given order.
    """
    want = _query(query)
    if not want:
        return list(records)
    scored: list[tuple[float, int, R]] = []
    for i, record in enumerate(records):
        best = match_score(name_keys(record), want)
        if best >= cutoff:
            scored.append((-best, i, record))
    return [r for _, _, r in sorted(scored, key=lambda s: (s[0], s[1]))]


def filter_ids(records: Iterable[Named], value: str) -> frozenset[str]:
    """The ids of the records a search's ``town:`` filter value names (the rank mode's
    loose form: every record that fits, unordered, without fuzzy spelling).

    ``value`` is folded, with its spaces collapsed, as the search index normalises a
    query. A record fits when ``value`` is its id, is part of its id, name, English name
    or an alias (lower-cased), or reads as pinyin anywhere in one of them.
    """
    from towntui.core.search.pinyin import fold
    from towntui.core.search.pinyin import match as pinyin_match

    compact = value.replace(" ", "")
    if not compact:
        return frozenset()
    found = set()
    for r in records:
        names = [n for n in (r.id, r.name, r.name_en, *r.aliases) if n]
        if value == r.id or any(
            value in fold(n) or pinyin_match(compact, n) is not None for n in names
        ):
            found.add(r.id)
    return frozenset(found)


def rank_towns(towns: Sequence[Town], query: str) -> list[Town]:
    """Towns matching ``query``, best first (the app's town pickers)."""
    return rank(towns, query)


def _label(record: Named) -> str:
    return f"{record.id} ({record.name})"


def _suggest(found: Sequence[Named]) -> list[str]:
    names = [_label(r) for r in found[:MAX_SUGGESTIONS]]
    if len(found) > MAX_SUGGESTIONS:
        names.append(f"… {len(found) - MAX_SUGGESTIONS} more")
    return names


def resolve(
    records: Sequence[R],
    text: str,
    error: Callable[..., NotFound] = NotFound,
) -> R:
    """The one record ``text`` names, by the tiers in this module's description.

    Raises ``error(text, suggestions, ambiguous=...)`` listing the candidates when more
    than one record fits the first tier that matches, or the closest records when none
    does.
    """
    folded = _fold(text)
    want = _query(text)
    if not want:
        raise error(text, _suggest(records))
    exact: list[Callable[[Named], bool]] = [
        lambda r: _fold(r.id) == folded,
        lambda r: folded in _names(r),
        lambda r: folded in _aliases(r),
    ]
    for test in exact:
        if (one := _only([r for r in records if test(r)], text, error)) is not None:
            return one
    return _by_pinyin(records, text, want, error)


def _by_pinyin(records: Sequence[R], text: str, want: str, error: Callable[..., NotFound]) -> R:
    """The tiers of :func:`resolve` after the exact ones: whole pinyin or initials, then
    the start, then a part of a name, then a close spelling."""
    keys = [name_keys(r) for r in records]
    spelled = [r for r, k in zip(records, keys, strict=True) if want in k.spelled]
    if (one := _only(spelled, text, error)) is not None:
        return one
    scores = [match_score(k, want) for k in keys]
    for floor in (190.0, 140.0):
        found_at = [i for i, s in enumerate(scores) if s >= floor]
        if len(found_at) == 1:
            return records[found_at[0]]
        if found_at:
            found_at.sort(key=lambda i: -scores[i])
            raise error(text, _suggest([records[i] for i in found_at]), ambiguous=True)
    return _closest(records, text, error)


def _only(found: list[R], text: str, error: Callable[..., NotFound]) -> R | None:
    """The one record of a tier; None if the tier has none; ``error`` if it has more."""
    if len(found) > 1:
        raise error(text, _suggest(found), ambiguous=True)
    return found[0] if found else None


def _closest(records: Sequence[R], text: str, error: Callable[..., NotFound]) -> R:
    """The one record clearly closest in spelling, or ``error`` with the closest three."""
    from rapidfuzz import fuzz, process

    want = _fold(text)
    choices = {
        (i, n): n.casefold()
        for i, r in enumerate(records)
        for n in (r.id, r.name, r.name_en, *r.aliases)
        if n
    }
    scored = process.extract(want, choices, scorer=fuzz.WRatio, limit=None, score_cutoff=50)
    best: dict[int, float] = {}
    for _, score, (index, _name) in scored:
        best[index] = max(best.get(index, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 85 and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= 10):
        return records[ranked[0][0]]
    raise error(text, [_label(records[i]) for i, _ in ranked[:3]])


def resolve_town(ds: Dataset, text: str) -> Town:
    """The town ``text`` names (see :func:`resolve`); :class:`TownNotFound` otherwise."""
    return resolve(ds.towns, text, TownNotFound)


def resolve_entity(ds: Dataset, text: str) -> Entity:
    """The entity ``text`` names (see :func:`resolve`); :class:`EntityNotFound` otherwise."""
    return resolve(list(ds.entities.values()), text, EntityNotFound)


def _event_label(e: Event) -> str:
    return f"{e.id} ({e.date} {e.title})"


def resolve_event(ds: Dataset, text: str) -> Event:
    """The event with the id ``text`` (ignoring case); :class:`EventNotFound` with the
    closest ids and titles otherwise."""
    want = _fold(text)
    events = ds.events
    for e in events:
        if e.id.casefold() == want:
            return e
    if not want:
        raise EventNotFound(text, [])
    from rapidfuzz import fuzz, process

    choices: dict[tuple[int, str], str] = {}
    for i, e in enumerate(events):
        for t in (e.id, e.title, e.title_en):
            if t:
                choices[(i, t)] = t.casefold()
    scored = process.extract(want, choices, scorer=fuzz.WRatio, limit=None, score_cutoff=60)
    best: dict[int, float] = {}
    for _, score, (index, _t) in scored:
        best[index] = max(best.get(index, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], events[kv[0]].sort_key))
    raise EventNotFound(text, [_event_label(events[i]) for i, _ in ranked[:5]])


def exact_matches(records: Iterable[R], text: str) -> list[R]:
    """The records whose id, name, English name or alias is ``text`` (ignoring case)."""
    folded = _fold(text)
    if not folded:
        return []
    return [
        r
        for r in records
        if any(folded == _fold(n) for n in (r.id, r.name, r.name_en, *r.aliases) if n)
    ]
