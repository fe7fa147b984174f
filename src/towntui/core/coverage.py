"""How much of the registry the data covers: per metric, which towns and years have a
figure; per town, how many of the given metrics it has a figure of."""

from __future__ import annotations

from collections.abc import Sequence

from towntui.core.compare import candidates
from towntui.core.frozen import frozen
from towntui.core.model import Dataset, MetricDef


@frozen
class MetricCoverage:
    """A registry metric and the figures of it: the towns that have one (in the
    dataset's order), the years (sorted), how many figures and how many are undated."""

    metric: MetricDef
    towns: tuple[str, ...]
    years: tuple[int, ...]
    values: int
    undated: int


def metric_coverage(ds: Dataset, town_ids: Sequence[str] | None = None) -> list[MetricCoverage]:
    """One :class:`MetricCoverage` per registry metric, in registry order, counting the
    towns ``town_ids`` (default: every town); a town's identity area counts for ``area``."""
    towns = ds.towns if town_ids is None else [t for t in map(ds.town, town_ids) if t]
    out = []
    for mdef in ds.registry.values():
        have: list[str] = []
        years: set[int] = set()
        values = undated = 0
        for town in towns:
            found = candidates(town, mdef)
            if found:
                have.append(town.id)
            values += len(found)
            undated += sum(m.year is None for m in found)
            years.update(m.year for m in found if m.year is not None)
        out.append(MetricCoverage(mdef, tuple(have), tuple(sorted(years)), values, undated))
    return out


def town_coverage(ds: Dataset, town_ids: Sequence[str], keys: Sequence[str]) -> dict[str, int]:
    """For each of ``town_ids`` (unknown ones skipped), how many of the registry metrics
    ``keys`` it has at least one figure of."""
    mdefs = [ds.registry[k] for k in keys if k in ds.registry]
    out: dict[str, int] = {}
    for tid in town_ids:
        town = ds.town(tid)
        if town is not None:
            out[tid] = sum(bool(candidates(town, m)) for m in mdefs)
    return out
