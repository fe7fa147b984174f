"""The one unit table: every unit a figure may be written in, and how units convert.

A unit belongs to a *dimension* (money in yuan, money in dollars, organisations,
people, things, area, share, mass, duration, age, money per area) and has a *factor*
to the dimension's base unit. Two quantities compare only within one dimension:
``1.5 万亿元`` and ``7.67 亿元`` are both ``cny``; ``3000 亩`` and ``3.5 平方公里``
are both ``area``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as written, its dimension and its factor to the dimension's base."""

    symbol: str
    dimension: str
    factor: float
    english: str


class UnitError(ValueError):
    """An unknown unit, or a conversion between dimensions."""


_MAGNITUDES: tuple[tuple[str, float, str], ...] = (
    ("", 1.0, ""),
    ("千", 1e3, "thousand "),
    ("万", 1e4, "10k "),
    ("十万", 1e5, "100k "),
    ("百万", 1e6, "million "),
    ("千万", 1e7, "10 million "),
    ("亿", 1e8, "100 million "),
    ("万亿", 1e12, "trillion "),
)

# base symbol, dimension, English name, which magnitude prefixes it takes
_BASES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("元", "cny", "yuan", ("", "千", "万", "十万", "百万", "千万", "亿", "万亿")),
    ("美元", "usd", "US dollars", ("", "千", "万", "百万", "千万", "亿", "万亿")),
    ("家", "organisations", "organisations", ("", "千", "万")),
    ("所", "organisations", "institutions", ("",)),
    ("人", "people", "people", ("", "千", "万")),
    ("位", "people", "people", ("", "万")),
    ("名", "people", "people", ("", "万")),
    ("人次", "visits", "visits", ("", "万", "亿")),
    ("个", "items", "items", ("", "千", "万")),
    ("项", "items", "items", ("", "千", "万")),
    ("件", "items", "items", ("", "千", "万")),
    ("款", "items", "titles", ("", "千", "万")),
    ("部", "items", "works", ("", "千", "万")),
    ("支", "items", "items", ("", "千", "万")),
    ("座", "items", "items", ("", "千", "万")),
    ("栋", "items", "buildings", ("", "千", "万")),
    ("只", "items", "items", ("", "千", "万")),
    ("台", "items", "units", ("", "千", "万")),
    ("场", "items", "sessions", ("", "千", "万")),
    ("次", "items", "times", ("", "千", "万", "亿")),
    ("颗", "items", "items", ("", "千", "万")),
    ("辆", "items", "vehicles", ("", "千", "万")),
    ("吨", "mass", "tonnes", ("", "千", "万", "亿")),
)

_SPECIAL: tuple[Unit, ...] = (
    Unit("公里", "length", 1000.0, "km"),
    Unit("平方米", "area", 1.0, "m²"),
    Unit("万平方米", "area", 1e4, "10k m²"),
    Unit("平方千米", "area", 1e6, "km²"),
    Unit("平方公里", "area", 1e6, "km²"),
    Unit("公顷", "area", 1e4, "hectares"),
    Unit("亩", "area", 10000.0 / 15.0, "mu"),
    Unit("万亩", "area", 1e4 * 10000.0 / 15.0, "10k mu"),
    Unit("%", "share", 1.0, "%"),
    Unit("‰", "share", 0.1, "per mille"),
    Unit("个百分点", "share_points", 1.0, "percentage points"),
    Unit("倍", "ratio", 1.0, "times"),
    Unit("年", "years", 1.0, "years"),
    Unit("个月", "months", 1.0, "months"),
    Unit("天", "days", 1.0, "days"),
    Unit("岁", "age", 1.0, "years old"),
    Unit("元/亩", "cny_per_mu", 1.0, "yuan per mu"),
    Unit("万元/亩", "cny_per_mu", 1e4, "10k yuan per mu"),
    Unit("元/平方米", "cny_per_m2", 1.0, "yuan per m²"),
    Unit("兆瓦", "power", 1e6, "MW"),
    Unit("千瓦", "power", 1e3, "kW"),
    Unit("GW", "power", 1e9, "GW"),
    Unit("吉瓦", "power", 1e9, "GW"),
)


def _build() -> Mapping[str, Unit]:
    table: dict[str, Unit] = {}
    mags = {p: (f, en) for p, f, en in _MAGNITUDES}
    for base, dim, english, prefixes in _BASES:
        for p in prefixes:
            f, en = mags[p]
            table[p + base] = Unit(p + base, dim, f, (en + english).strip())
    for u in _SPECIAL:
        table[u.symbol] = u
    return MappingProxyType(table)


#: Every unit the data may use, by its symbol as written in the articles.
UNITS: Mapping[str, Unit] = _build()

#: Qualifiers the articles put before figures, with their English reading and the
#: direction of the doubt they carry (``>`` at least, ``<`` at most, ``~`` about).
QUALIFIERS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "超": ("over", ">"),
        "超过": ("over", ">"),
        "逾": ("over", ">"),
        "突破": ("passing", ">"),
        "破": ("passing", ">"),
        "达": ("reaching", "="),
        "余": ("more than", ">"),
        "多": ("more than", ">"),
        "以上": ("or more", ">"),
        "近": ("nearly", "<"),
        "将近": ("nearly", "<"),
        "不到": ("under", "<"),
        "不足": ("under", "<"),
        "约": ("about", "~"),
        "左右": ("about", "~"),
    }
)


def unit(symbol: str) -> Unit:
    """Look a unit up by its symbol; raise :class:`UnitError` if it is unknown."""
    try:
        return UNITS[symbol]
    except KeyError:
        raise UnitError(f'unknown unit "{symbol}"') from None


def is_unit(symbol: str) -> bool:
    """Whether ``symbol`` (a unit as written) is in the unit table."""
    return symbol in UNITS


def compatible(a: str, b: str) -> bool:
    """Whether quantities in units ``a`` and ``b`` can be compared: both known and of one
    dimension."""
    ua, ub = UNITS.get(a), UNITS.get(b)
    return ua is not None and ub is not None and ua.dimension == ub.dimension


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` converted to ``to_unit`` (12 significant digits).

    Raises :class:`UnitError` for an unknown unit or units of different dimensions.
    """
    src, dst = unit(from_unit), unit(to_unit)
    if src.dimension != dst.dimension:
        raise UnitError(
            f'cannot convert "{from_unit}" ({src.dimension}) to "{to_unit}" ({dst.dimension})'
        )
    # 12 significant digits: enough for any figure, and no float noise like 7.670000001
    # the ratio first: value * factor could overflow where the result does not
    return float(f"{value * (src.factor / dst.factor):.12g}")


def format_value(value: float) -> str:
    """``value`` as text without float noise: ``7.67``, ``1.5``, ``3000``, ``0.615``
    (``NaN`` and infinities too; never raises)."""
    if value != value:  # NaN
        return "NaN"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.6g}" if abs(value) < 1e6 else f"{value:.4f}".rstrip("0").rstrip(".")
    if "e" in text:
        text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text


#: Qualifiers the articles write after the number instead of before it (``1000余家``,
#: ``3平方公里左右``): 余 and 多 go between the number and the unit, 以上 and 左右 after the
#: unit. Every other qualifier goes before the number (``超1.5万亿元``).
BETWEEN_NUMBER_AND_UNIT: frozenset[str] = frozenset({"余", "多"})
AFTER_UNIT: frozenset[str] = frozenset({"以上", "左右"})


def qualify(number: str, unit_symbol: str = "", qualifier: str | None = None) -> str:
    """Put ``qualifier`` where Chinese writes it around an already formatted ``number``
    and its ``unit_symbol`` (which may be empty): ``1000余家``, ``3平方公里左右``,
    ``超1.5万亿元``. Returns the text; no qualifier gives ``number`` + ``unit_symbol``."""
    if qualifier in BETWEEN_NUMBER_AND_UNIT:
        return f"{number}{qualifier}{unit_symbol}"
    if qualifier in AFTER_UNIT:
        return f"{number}{unit_symbol}{qualifier}"
    return f"{qualifier or ''}{number}{unit_symbol}"


def format_quantity(value: float, unit_symbol: str, qualifier: str | None = None) -> str:
    """``超1.5万亿元`` style: qualifier, value and unit as the articles write them.

    Takes the value, its unit symbol and its qualifier (or None); returns the text, the
    qualifier placed by :func:`qualify`.
    """
    return qualify(format_value(value), unit_symbol, qualifier)
