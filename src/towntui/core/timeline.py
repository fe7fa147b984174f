"""The timeline: every event of every town in date order, filtered, with density."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from towntui.core.model import Dataset, Event

DEFAULT_FROM = 2007
DEFAULT_TO = 2025


@dataclass(frozen=True, slots=True)
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

    ``None`` for ``year_from``/``year_to`` leaves that end open. ``density`` lists every
    year of the range (open ends take the first/last event's year), zeros included.
    """
    town_set = set(towns) if towns is not None else None
    cat_set = set(categories) if categories is not None else None
    out: list[Event] = []
    outside = 0
    for ev in ds.events:
        if town_set is not None and not town_set.intersection(ev.towns):
            continue
        if cat_set is not None and ev.category not in cat_set:
            continue
        if entity is not None and entity not in ev.entities:
            continue
        y = ev.date.year
        if (year_from is not None and y < year_from) or (year_to is not None and y > year_to):
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
    """The year range a timeline opens on: 2007–2025, widened to every event of ``towns``
    (all towns when ``None``) and ``entity``, so no event of what is shown is hidden.
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
