"""Compare towns side by side: metric × town × year, every value in the row's unit.

:func:`compare` lines the towns up in a :class:`Mode` (one year, each town's latest, as of
a year, or a series of every year); :mod:`towntui.core.comparability` decides who leads
a row and why no one does. :func:`sort_rows` orders the rows (by registry order,
coverage or spread) and :func:`sort_towns` the towns (by one row) for a view.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from towntui.core import comparability, units
from towntui.core.frozen import frozen
from towntui.core.model import Dataset, Metric, MetricDef, Source, Town

#: The registry key of a town's area: a town's identity area (``area = ...`` in its
#: file) counts as a figure of this metric when it has no keyed area metric.
AREA = "area"

#: Row orders a view can ask :func:`sort_rows` for.
SORTS: tuple[str, ...] = ("metric", "coverage", "spread")


@frozen
class Mode:
    """Which figures a comparison takes: ``year`` (that year's), ``latest`` (each town's
    newest, its year shown), ``as_of`` (each town's newest not after ``year``) or
    ``series`` (every year, one row per metric and year)."""

    kind: str = "latest"
    year: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in MODES:
            raise ValueError(f"unknown compare mode {self.kind!r}")
        if (self.year is None) != (self.kind in ("latest", "series")):
            raise ValueError(f"compare mode {self.kind!r} with year {self.year!r}")


#: The modes of :class:`Mode`.
MODES: tuple[str, ...] = ("year", "latest", "as_of", "series")
LATEST = Mode()
SERIES = Mode("series")


def parse_mode(text: str) -> Mode | None:
    """A mode as a person types it: ``latest`` / ``最新`` / empty, ``2019``, ``as of 2019``
    / ``<=2019`` / ``截至2019``, ``series`` / ``历年``; None when it is none of these."""
    raw = " ".join(text.strip().casefold().split())
    if raw in ("", "latest", "最新"):
        return LATEST
    if raw in ("series", "all", "历年"):
        return SERIES
    for prefix in ("as of", "asof", "<=", "截至", "截止"):
        if raw.startswith(prefix):
            rest = raw[len(prefix) :].strip().removesuffix("年").strip()
            return Mode("as_of", int(rest)) if rest.isdigit() and len(rest) == 4 else None
    raw = raw.removesuffix("年").strip()
    return Mode("year", int(raw)) if raw.isdigit() and len(raw) == 4 else None


@frozen
class CompareCell:
    """One town's value for a row, converted to the row's canonical unit, with its year,
    qualifier, scope (the figure's own, else the registry's) and the figure as given."""

    value: float
    year: int | None
    qualifier: str | None
    original: Metric
    scope: str | None = None

    @property
    def bound(self) -> str:
        """``>`` at least, ``<`` at most, ``~`` about, ``=`` exact
        (:func:`towntui.core.comparability.bound`)."""
        return comparability.bound(self.qualifier)


@frozen
class CompareRow:
    """A registry metric with one cell per town (None: missing, never zero); ``status``
    says why no town leads (a :data:`towntui.core.comparability.STATUSES` entry), and
    ``year`` is the row's year in a series (None elsewhere, or for undated figures)."""

    metric: MetricDef
    cells: tuple[CompareCell | None, ...]
    leaders: tuple[int, ...]
    status: str | None = None
    year: int | None = None

    @property
    def coverage(self) -> int:
        """How many towns have a value."""
        return sum(c is not None for c in self.cells)

    @property
    def max_value(self) -> float:
        """The largest absolute value in the row (0 when all are missing)."""
        return max((abs(c.value) for c in self.cells if c is not None), default=0.0)

    @property
    def scale(self) -> float | None:
        """What bars of this row are scaled to: the largest value when two or more values
        of one year and scope stand side by side, else None (no bars: a lone value or
        values that are not comparable draw none)."""
        if self.coverage < 2 or self.status in (comparability.SINGLE, comparability.YEARS):
            return None
        if self.status == comparability.SCOPES:
            return None
        return self.max_value


@frozen
class CompareTable:
    """Towns side by side in ``mode``; ``year`` is the mode's year (None: latest or a
    series)."""

    towns: tuple[Town, ...]
    rows: tuple[CompareRow, ...]
    year: int | None
    mode: Mode = LATEST


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


def _newest(metrics: Sequence[Metric]) -> Metric | None:
    """The newest of ``metrics`` (undated ones count as oldest; the first of a tie)."""
    best: Metric | None = None
    for m in metrics:
        if best is None or (m.year if m.year is not None else -1) > (
            best.year if best.year is not None else -1
        ):
            best = m
    return best


def pick(
    metrics: Sequence[Metric],
    year: int | None,
    *,
    mode: Mode | None = None,
    sources: Mapping[str, Source] | None = None,
) -> Metric | None:
    """The one of ``metrics`` that ``mode`` takes (default: ``year``'s, or the latest
    when ``year`` is None); None when there is none.

    In ``as_of`` mode an undated figure counts when its source article is not newer than
    the year (it was true by then), and only when no dated figure qualifies."""
    mode = mode or (LATEST if year is None else Mode("year", year))
    if mode.kind == "year":
        return next((m for m in metrics if m.year == mode.year), None)
    if mode.kind == "as_of" and mode.year is not None:
        return _as_of(metrics, mode.year, sources or {})
    return _newest(metrics)


def _as_of(metrics: Sequence[Metric], year: int, sources: Mapping[str, Source]) -> Metric | None:
    """The newest of ``metrics`` not after ``year``; else an undated one whose source is
    not newer than ``year``."""
    dated = [m for m in metrics if m.year is not None and m.year <= year]
    if dated:
        return _newest(dated)
    undated = (m for m in metrics if m.year is None and m.source in sources)
    return next((m for m in undated if sources[m.source].year <= year), None)


def cell_of(m: Metric, mdef: MetricDef) -> CompareCell | None:
    """Figure ``m`` as a cell of ``mdef``'s row, in the registry unit (None when its unit
    does not convert); its scope is its own, else the registry's."""
    if not units.compatible(m.unit, mdef.unit):
        return None
    value = units.convert(m.value, m.unit, mdef.unit)
    return CompareCell(value, m.year, m.qualifier, m, m.scope or mdef.scope)


def _row(
    mdef: MetricDef, cells: tuple[CompareCell | None, ...], year: int | None = None
) -> CompareRow:
    lead, why = comparability.leaders(cells, mdef.higher_is_better)
    return CompareRow(mdef, cells, lead, why, year)


def _series_rows(ds: Dataset, towns: Sequence[Town], mdef: MetricDef) -> list[CompareRow]:
    """One row per year any town has a figure of ``mdef`` for (undated figures last,
    in a row of their own)."""
    found = [candidates(t, mdef) for t in towns]
    years = sorted({m.year for ms in found for m in ms}, key=lambda y: (y is None, y or 0))
    rows = []
    for y in years:
        cells = []
        for ms in found:
            m = next((m for m in ms if m.year == y), None)
            cells.append(None if m is None else cell_of(m, mdef))
        rows.append(_row(mdef, tuple(cells), y))
    return rows


def _metric_rows(
    ds: Dataset, towns: Sequence[Town], mdef: MetricDef, mode: Mode
) -> list[CompareRow]:
    """The rows of one registry metric: one, or one per year in a series."""
    if mode.kind == "series":
        return _series_rows(ds, towns, mdef)
    cells = []
    for town in towns:
        m = pick(candidates(town, mdef), mode.year, mode=mode, sources=ds.sources)
        cells.append(None if m is None else cell_of(m, mdef))
    return [_row(mdef, tuple(cells))]


def compare(
    ds: Dataset,
    town_ids: Sequence[str],
    *,
    year: int | None = None,
    include_empty: bool = False,
    mode: Mode | None = None,
    metrics: Sequence[str] | None = None,
    hide_empty_towns: bool = False,
    common_only: bool = False,
) -> CompareTable:
    """Line up ``town_ids`` on the registry metrics of ``ds``; return the table.

    ``mode`` picks the figures (default: ``year``'s, or each town's latest when ``year``
    is None). Values are converted to the registry unit. ``metrics`` (registry keys)
    limits and orders the rows; unknown keys and town ids are skipped. A row where no
    town has a value is left out unless ``include_empty``; ``common_only`` keeps only
    metrics every town has a value of; ``hide_empty_towns`` drops towns with no value in
    any row. Leaders follow :func:`towntui.core.comparability.leaders`.
    """
    mode = mode or (LATEST if year is None else Mode("year", year))
    towns = tuple(t for t in (ds.town(i) for i in town_ids) if t is not None)
    rows: list[CompareRow] = []
    for key in _keys(ds, metrics):
        found = _metric_rows(ds, towns, ds.registry[key], mode)
        if not common_only or _everyone_has(found, len(towns)):
            rows += [r for r in found if include_empty or r.coverage]
    table = CompareTable(towns, tuple(rows), mode.year if mode.kind != "series" else None, mode)
    return without_empty_towns(table) if hide_empty_towns else table


def _keys(ds: Dataset, metrics: Sequence[str] | None) -> list[str]:
    """The registry keys of ``metrics`` (all by default) in order, once each."""
    keys = list(ds.registry) if metrics is None else [k for k in metrics if k in ds.registry]
    return list(dict.fromkeys(keys))


def _everyone_has(rows: Sequence[CompareRow], towns: int) -> bool:
    """Whether each of the ``towns`` columns has a value in one of ``rows``."""
    return all(any(r.cells[i] for r in rows) for i in range(towns))


def without_empty_towns(table: CompareTable) -> CompareTable:
    """``table`` less the towns that have no value in any of its rows (leaders and
    statuses are the same: a missing value takes no part in them)."""
    keep = [i for i in range(len(table.towns)) if any(r.cells[i] for r in table.rows)]
    return _columns(table, keep)


def _columns(table: CompareTable, order: Sequence[int]) -> CompareTable:
    """``table`` with its towns (and every row's cells) in ``order`` (indices)."""
    rows = []
    for r in table.rows:
        cells = tuple(r.cells[i] for i in order)
        leaders = tuple(order.index(i) for i in r.leaders if i in order)
        rows.append(CompareRow(r.metric, cells, leaders, r.status, r.year))
    towns = tuple(table.towns[i] for i in order)
    return CompareTable(towns, tuple(rows), table.year, table.mode)


def sort_towns(table: CompareTable, row: int) -> CompareTable:
    """``table`` with its towns ordered by their values in row ``row``: best first (as
    the metric's ``higher_is_better`` says), missing values last, ties in the old order."""
    r = table.rows[row]
    sign = -1 if r.metric.higher_is_better else 1

    def key(i: int) -> tuple[bool, float]:
        c = r.cells[i]
        return (c is None, 0.0 if c is None else sign * c.value)

    return _columns(table, sorted(range(len(table.towns)), key=key))


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
