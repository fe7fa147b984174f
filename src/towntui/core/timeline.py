"""The timeline: every event of every town in date order, filtered, with density.

Also the pure parts of a timeline view: which filters hide an event
(:func:`hiding_filters`), the year-range parser (:func:`parse_range`) and the row a
"next/previous year" jump lands on (:func:`year_jump`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence

from towntui.core.frozen import frozen
from towntui.core.i18n import Msg, MsgError
from towntui.core.model import Dataset, Event

DEFAULT_FROM = 2007
DEFAULT_TO = 2025


@frozen
class Timeline:
    """Events in date order and the number of events in each year of the range."""

    events: tuple[Event, ...]
    density: tuple[tuple[int, int], ...]
    year_from: int | None
    year_to: int | None
    #: Events that pass every filter but the year range (so a screen can say they exist).
    outside: int = 0

    @property
    def years(self) -> tuple[int, ...]:
        """The years that have at least one event, in order."""
        return tuple(sorted({e.date.year for e in self.events}))


def _matches(
    ev: Event,
    towns: Collection[str] | None,
    categories: Collection[str] | None,
    entity: str | None,
) -> bool:
    """Whether ``ev`` passes the town, category and entity filters (None: no filter)."""
    return (
        (towns is None or any(t in towns for t in ev.towns))
        and (categories is None or ev.category in categories)
        and (entity is None or entity in ev.entities)
    )


def in_range(year: int, year_from: int | None, year_to: int | None) -> bool:
    """Whether ``year`` lies in ``year_from``–``year_to`` (None leaves that end open)."""
    return (year_from is None or year >= year_from) and (year_to is None or year <= year_to)


def timeline(
    ds: Dataset,
    *,
    towns: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
    year_from: int | None = DEFAULT_FROM,
    year_to: int | None = DEFAULT_TO,
    entity: str | None = None,
) -> Timeline:
    """Events of ``ds`` filtered by towns involved, categories, year range and entity.

    ``None`` for a filter leaves it off, for ``year_from``/``year_to`` leaves that end
    open. Returns a :class:`Timeline` whose ``density`` lists every year of the range
    (open ends take the first/last event's year), zeros included, and whose ``outside``
    counts the events only the year range hides.
    """
    town_set = set(towns) if towns is not None else None
    cat_set = set(categories) if categories is not None else None
    out: list[Event] = []
    outside = 0
    for ev in ds.events:
        if not _matches(ev, town_set, cat_set, entity):
            continue
        if not in_range(ev.date.year, year_from, year_to):
            outside += 1
            continue
        out.append(ev)
    counts = Counter(e.date.year for e in out)
    lo = year_from if year_from is not None else min(counts, default=None)
    hi = year_to if year_to is not None else max(counts, default=None)
    density: tuple[tuple[int, int], ...] = ()
    if lo is not None and hi is not None and lo <= hi:
        density = tuple((y, counts.get(y, 0)) for y in range(lo, hi + 1))
    return Timeline(tuple(out), density, year_from, year_to, outside)


def default_range(
    ds: Dataset,
    *,
    towns: Iterable[str] | None = None,
    entity: str | None = None,
) -> tuple[int, int]:
    """The year range ``(from, to)`` a timeline opens on: 2007–2025, widened to every
    event of ``towns`` (all towns when ``None``) and ``entity``, so no event of what is
    shown is hidden.
    """
    town_set = set(towns) if towns is not None else None
    years = [
        ev.date.year
        for ev in ds.events
        if (town_set is None or town_set.intersection(ev.towns))
        and (entity is None or entity in ev.entities)
    ]
    if not years:
        return DEFAULT_FROM, DEFAULT_TO
    return min(DEFAULT_FROM, min(years)), max(DEFAULT_TO, max(years))


def hiding_filters(
    ev: Event,
    *,
    towns: Collection[str] | None,
    categories: Collection[str] | None,
    entity: str | None,
    year_range: tuple[int | None, int | None] | None,
) -> list[str]:
    """Which filters hide ``ev``: a list of ``"town"``, ``"category"``, ``"entity"`` and
    ``"year"``, in that order (empty when the event shows). None for a filter means it is
    off; ``year_range`` None means the range follows the events (it never hides one)."""
    hidden: list[str] = []
    if towns is not None and not any(t in towns for t in ev.towns):
        hidden.append("town")
    if categories is not None and ev.category not in categories:
        hidden.append("category")
    if entity is not None and entity not in ev.entities:
        hidden.append("entity")
    if year_range is not None and not in_range(ev.date.year, *year_range):
        hidden.append("year")
    return hidden


def parse_range(text: str) -> tuple[int | None, int | None]:
    """``2010-2020``, ``2015``, ``2010-``, ``-2015`` or ``all`` → (from, to), None for
    an open end.

    Raises :class:`~towntui.core.i18n.MsgError` (a ``ValueError``) with a message in
    both languages for anything else.
    """
    raw = text.strip().replace("→", "-").replace("–", "-").replace(" ", "")
    if raw.casefold() in ("", "all", "*", "全部"):
        return None, None
    lo_s, sep, hi_s = raw.partition("-")
    try:
        lo = int(lo_s) if lo_s else None
        hi = int(hi_s) if hi_s else None
    except ValueError:
        raise MsgError(
            Msg(
                f"not a year range: {text!r} (e.g. 2010-2020, 2015, all)",
                f"不是年份范围：{text!r}（例如 2010-2020、2015、all）",
            )
        ) from None
    if not sep:
        hi = lo
    if lo is not None and hi is not None and lo > hi:
        raise MsgError(Msg(f"{lo} is after {hi}", f"{lo} 在 {hi} 之后"))
    return lo, hi


def range_error(text: str, lang: str = "en") -> str | None:
    """Why ``text`` is not a year range :func:`parse_range` reads (in ``lang``), or None
    when it is."""
    try:
        parse_range(text)
    except MsgError as exc:
        return exc.text(lang)
    return None


def year_jump(years: Sequence[int | None], year: int | None, step: int) -> int | None:
    """Where a jump from ``year`` lands in a list of rows given by their years (None for
    a row that is no event): the first row of the next year with events (``step`` > 0)
    or of the previous one (``step`` < 0), the first event row when ``year`` is None;
    None when there is no such row."""
    rows = [(i, y) for i, y in enumerate(years) if y is not None]
    if year is None or step > 0:
        return next((i for i, y in rows if year is None or y > year), None)
    earlier = [y for _, y in rows if y < year]
    if not earlier:
        return None
    return next(i for i, y in rows if y == earlier[-1])


def first_row_from(years: Sequence[int | None], year: int) -> int | None:
    """The first row (in a list of rows given by their years, None for a row that is no
    event) of ``year`` or a later year; None when there is none."""
    return next((i for i, y in enumerate(years) if y is not None and y >= year), None)
