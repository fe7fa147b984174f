"""Compare towns side by side: one row per registry metric, in the row's unit.

:func:`compare` lines the towns up; :func:`sort_rows` orders the rows (by registry
order, coverage or spread) for a view.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from towntui.core import units
from towntui.core.model import Dataset, Metric, MetricDef, Town

#: The registry key of a town's area: a town's identity area (``area = ...`` in its
#: file) counts as a figure of this metric when it has no keyed area metric.
AREA = "area"

#: Row orders a view can ask :func:`sort_rows` for.
SORTS: tuple[str, ...] = ("metric", "coverage", "spread")


@dataclass(frozen=True, slots=True)
class CompareCell:
    """One town's value for a row, converted to the row's canonical unit."""

    value: float
    year: int | None
    qualifier: str | None
    original: Metric


@dataclass(frozen=True, slots=True)
class CompareRow:
    """A registry metric with one cell per town (None: missing, never zero)."""

    metric: MetricDef
    cells: tuple[CompareCell | None, ...]
    leaders: tuple[int, ...]

    @property
    def coverage(self) -> int:
        """How many towns have a value."""
        return sum(c is not None for c in self.cells)

    @property
    def max_value(self) -> float:
        """The largest absolute value in the row (0 when all are missing)."""
        return max((abs(c.value) for c in self.cells if c is not None), default=0.0)


@dataclass(frozen=True, slots=True)
class CompareTable:
    """Towns side by side; ``year`` None means each town's latest value."""

    towns: tuple[Town, ...]
    rows: tuple[CompareRow, ...]
    year: int | None


def area_metric(town: Town, mdef: MetricDef) -> Metric | None:
    """The town's identity area as a figure of the registry metric ``mdef`` (labelled as
    the registry labels it), or None when the town gives no area."""
    if town.area is None:
        return None
    a = town.area
    return Metric(
        label=mdef.label,
        value=a.value,
        unit=a.unit,
        source=a.source or "",
        key=mdef.key,
        label_en=mdef.label_en,
        year=a.year,
        qualifier=a.qualifier,
        note=a.note,
        note_en=a.note_en,
        town=town.id,
    )


def candidates(town: Town, mdef: MetricDef) -> list[Metric]:
    """A town's figures for the registry metric ``mdef``: its metrics with that key, or
    for :data:`AREA` without one, its identity area (see :func:`area_metric`)."""
    found = [m for m in town.metrics if m.key == mdef.key]
    if mdef.key == AREA and not found:
        area = area_metric(town, mdef)
        if area is not None:
            found.append(area)
    return found


def pick(metrics: Sequence[Metric], year: int | None) -> Metric | None:
    """The one of ``metrics`` for ``year``, or the latest when ``year`` is None (undated
    ones count as oldest); None when there is none."""
    if year is not None:
        return next((m for m in metrics if m.year == year), None)
    best: Metric | None = None
    for m in metrics:
        if best is None or (m.year if m.year is not None else -1) > (
            best.year if best.year is not None else -1
        ):
            best = m
    return best


def _cell(town: Town, mdef: MetricDef, year: int | None) -> CompareCell | None:
    """The town's figure for ``mdef`` (for ``year``, or its latest) in the registry unit,
    or None when it has none in a unit that converts."""
    m = pick(candidates(town, mdef), year)
    if m is None or not units.compatible(m.unit, mdef.unit):
        return None
    return CompareCell(units.convert(m.value, m.unit, mdef.unit), m.year, m.qualifier, m)


def _leaders(cells: Sequence[CompareCell | None], higher_is_better: bool) -> tuple[int, ...]:
    """Indices of the best value (ties share it); none with fewer than two values."""
    present = [(i, c.value) for i, c in enumerate(cells) if c is not None]
    if len(present) < 2:
        return ()
    best = (max if higher_is_better else min)(v for _, v in present)
    return tuple(i for i, v in present if abs(v - best) <= 1e-9 * max(1.0, abs(best)))


def compare(
    ds: Dataset, town_ids: Sequence[str], *, year: int | None = None, include_empty: bool = False
) -> CompareTable:
    """Line up ``town_ids`` on every registry metric of ``ds``; return the table.

    Values are converted to the registry unit; ``year`` picks that year's figures (None:
    each town's latest). A row where no town has a value is left out unless
    ``include_empty``. Leaders are marked only when two or more towns have a value; ties
    share the lead. Unknown town ids are skipped.
    """
    towns = tuple(t for t in (ds.town(i) for i in town_ids) if t is not None)
    rows: list[CompareRow] = []
    for mdef in ds.registry.values():
        cells = tuple(_cell(town, mdef, year) for town in towns)
        if include_empty or any(c is not None for c in cells):
            rows.append(CompareRow(mdef, cells, _leaders(cells, mdef.higher_is_better)))
    return CompareTable(towns, tuple(rows), year)


def available_years(ds: Dataset, town_ids: Sequence[str]) -> list[int]:
    """Years (sorted) for which any of these towns has a comparable (keyed) figure or
    its identity area."""
    years: set[int] = set()
    for tid in town_ids:
        town = ds.town(tid)
        if town is None:
            continue
        for m in town.metrics:
            if m.key is not None and m.year is not None:
                years.add(m.year)
        if town.area is not None and town.area.year is not None:
            years.add(town.area.year)
    return sorted(years)


def spread(row: CompareRow) -> float:
    """How far apart the row's values are: largest over smallest absolute value (``inf``
    when the smallest is 0; 0 with fewer than two values)."""
    values = [abs(c.value) for c in row.cells if c is not None]
    if len(values) < 2:
        return 0.0
    low = min(values)
    return math.inf if low == 0 else max(values) / low


def sort_rows(rows: Sequence[CompareRow], how: str) -> list[CompareRow]:
    """``rows`` in registry order (``metric``), most towns first (``coverage``), or widest
    spread first (``spread``); ties keep registry order. Returns a new list."""
    if how == "coverage":
        return sorted(rows, key=lambda r: -r.coverage)
    if how == "spread":
        return sorted(rows, key=lambda r: -spread(r))
    return list(rows)
