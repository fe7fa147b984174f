"""Compare towns side by side: one row per registry metric, in the row's unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from towntui.core import units
from towntui.core.model import Dataset, Metric, MetricDef, Town


@dataclass(frozen=True, slots=True)
class Cell:
    """One town's value for a row, converted to the row's canonical unit."""

    value: float
    year: int | None
    qualifier: str | None
    original: Metric


@dataclass(frozen=True, slots=True)
class CompareRow:
    """A registry metric with one cell per town (None: missing, never zero)."""

    metric: MetricDef
    cells: tuple[Cell | None, ...]
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


def _area_metric(town: Town) -> Metric | None:
    if town.area is None:
        return None
    a = town.area
    return Metric(
        label="面积",
        value=a.value,
        unit=a.unit,
        source=a.source or "",
        key="area",
        label_en="Area",
        year=a.year,
        qualifier=a.qualifier,
        note=a.note,
        town=town.id,
    )


def candidates(town: Town, key: str) -> list[Metric]:
    """A town's metrics with this registry key (its identity area counts for ``area``)."""
    found = [m for m in town.metrics if m.key == key]
    if key == "area" and not found:
        area = _area_metric(town)
        if area is not None:
            found.append(area)
    return found


def pick(metrics: Sequence[Metric], year: int | None) -> Metric | None:
    """The metric for ``year``, or the latest one (undated ones count as oldest)."""
    if year is not None:
        return next((m for m in metrics if m.year == year), None)
    best: Metric | None = None
    for m in metrics:
        if best is None or (m.year if m.year is not None else -1) > (
            best.year if best.year is not None else -1
        ):
            best = m
    return best


def compare(
    ds: Dataset, town_ids: Sequence[str], *, year: int | None = None, include_empty: bool = False
) -> CompareTable:
    """Line up ``town_ids`` on every registry metric.

    Values are converted to the registry unit. A row where no town has a value is left
    out unless ``include_empty``. Leaders are marked only when two or more towns have a
    value; ties share the lead.
    """
    towns = tuple(t for t in (ds.town(i) for i in town_ids) if t is not None)
    rows: list[CompareRow] = []
    for mdef in ds.registry.values():
        cells: list[Cell | None] = []
        for town in towns:
            m = pick(candidates(town, mdef.key), year)
            if m is None or not units.compatible(m.unit, mdef.unit):
                cells.append(None)
                continue
            value = units.convert(m.value, m.unit, mdef.unit)
            cells.append(Cell(value, m.year, m.qualifier, m))
        present = [(i, c.value) for i, c in enumerate(cells) if c is not None]
        if not present and not include_empty:
            continue
        leaders: tuple[int, ...] = ()
        if len(present) >= 2:
            best = (max if mdef.higher_is_better else min)(v for _, v in present)
            leaders = tuple(i for i, v in present if abs(v - best) <= 1e-9 * max(1.0, abs(best)))
        rows.append(CompareRow(mdef, tuple(cells), leaders))
    return CompareTable(towns, tuple(rows), year)


def available_years(ds: Dataset, town_ids: Sequence[str]) -> list[int]:
    """Years for which any of these towns has a comparable (keyed) figure."""
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
