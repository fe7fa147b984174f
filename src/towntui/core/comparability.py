"""Which values of a compare row may be ranked against each other, and who leads.

A leader is named only when every value in the row is for the same year and of the same
scope (``累计`` cumulative, ``当年`` for the year, ``存量`` standing), and when the bounds
the qualifiers make still put one town ahead: ``超 48`` is at least 48 (no upper bound),
``近 3000`` at most 3000, ``约 30`` about 30. Otherwise the row says why there is none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

from towntui.core.units import QUALIFIERS

#: Why a row names no leader: one value only, the values' years or scopes differ, or the
#: qualifiers' bounds leave the order open.
SINGLE, YEARS, SCOPES, BOUNDS = "single", "years", "scopes", "bounds"
STATUSES: tuple[str, ...] = (SINGLE, YEARS, SCOPES, BOUNDS)

#: What a row says when no town leads it although two or more have a value: (zh, en).
WHY: dict[str, tuple[str, str]] = {
    YEARS: ("年份不同", "years differ"),
    SCOPES: ("口径不同", "scopes differ"),
    BOUNDS: ("区间重叠", "bounds overlap"),
}

#: The scopes the data names (``data/README.md``) in English; any other scope is a
#: definition written in the data and is shown as written.
SCOPE_EN: dict[str, str] = {"累计": "cumulative", "当年": "in the year", "存量": "standing"}


def scope_label(scope: str, lang: str) -> str:
    """A figure's or a metric's scope in ``lang``: ``in the year`` for ``当年`` in
    English; as written otherwise."""
    return SCOPE_EN.get(scope, scope) if lang == "en" else scope


class Ranked(Protocol):
    """What ranking needs of a cell (a :class:`towntui.core.compare.CompareCell`)."""

    @property
    def value(self) -> float: ...
    @property
    def year(self) -> int | None: ...
    @property
    def qualifier(self) -> str | None: ...
    @property
    def scope(self) -> str | None: ...


def bound(qualifier: str | None) -> str:
    """The direction of a qualifier's doubt: ``>`` at least (超, 余, 突破 …), ``<`` at
    most (近, 不到 …), ``~`` about (约, 左右), ``=`` exact (none, 达)."""
    if not qualifier:
        return "="
    return QUALIFIERS.get(qualifier, ("", "="))[1]


def interval(value: float, qualifier: str | None) -> tuple[float, float]:
    """The range a value with ``qualifier`` stands for, as (low, high): ``超 48`` is
    (48, inf); ``近 30``, ``约 30`` and ``30`` are (30, 30) as far as ranking goes (a
    value that is nearly or about 30 does not pass a 30 that is written as such)."""
    if bound(qualifier) == ">":
        return value, math.inf
    return value, value


def _close(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def status(cells: Sequence[Ranked | None]) -> str | None:
    """Why the row's values cannot be ranked (:data:`SINGLE`, :data:`YEARS`,
    :data:`SCOPES`), or None when they can (the bounds are checked by :func:`leaders`)."""
    present = [c for c in cells if c is not None]
    if len(present) < 2:
        return SINGLE
    years = {c.year for c in present}
    if len(years) > 1 or None in years:
        return YEARS
    if len({c.scope for c in present}) > 1:
        return SCOPES
    return None


def leaders(
    cells: Sequence[Ranked | None], higher_is_better: bool
) -> tuple[tuple[int, ...], str | None]:
    """The indices of the leading cells (ties share the lead) and why there is none
    (a :data:`STATUSES` entry, None when there are leaders).

    Values are compared as the bounds their qualifiers make (:func:`interval`); the
    leader must be ahead of every other value's far end. Lower-is-better metrics are
    ranked on the negated values, where ``超`` and ``近`` swap sides.
    """
    why = status(cells)
    if why is not None:
        return (), why
    spans: list[tuple[int, float, float]] = []
    for i, c in enumerate(cells):
        if c is None:
            continue
        low, high = interval(c.value, c.qualifier)
        spans.append((i, low, high) if higher_is_better else (i, -high, -low))
    best = max(low for _, low, _ in spans)
    top = tuple(i for i, low, _ in spans if _close(low, best))
    others = [high for i, _, high in spans if i not in top]
    if any(high > best and not _close(high, best) for high in others):
        return (), BOUNDS
    return top, None
