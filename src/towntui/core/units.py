"""The one unit table: every unit a figure may be written in, and how units convert.

A unit belongs to a *dimension* (money in yuan, money in dollars, organisations,
people, things, area, share, mass, duration, age, money per area) and has a *factor*
to the dimension's base unit. Two quantities compare only within one dimension:
``1.5 万亿元`` and ``7.67 亿元`` are both ``cny``; ``3000 亩`` and ``3.5 平方公里``
are both ``area``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from towntui.core.frozen import frozen


@frozen
class Unit:
    """A unit as written, its dimension and its factor to the dimension's base.

    ``english`` is its label in English (``CNY 100m`` for 亿元, ``km²``, ``people``).
    In English a figure is shown in ``en_base`` (``CNY``, ``people``, ``km²``): the
    value times ``en_factor``, written as money (``CNY 767m``), a count (``480,000
    people``) or a measure (``3.5 km²``) by ``en_style``; ``en_per`` ends a rate
    (``CNY 1.2m per mu``)."""

    symbol: str
    dimension: str
    factor: float
    english: str
    en_base: str = ""
    en_factor: float = 1.0
    en_style: str = "measure"
    en_per: str = ""


class UnitError(ValueError):
    """An unknown unit, or a conversion between dimensions."""


_MAGNITUDES: tuple[tuple[str, float], ...] = (
    ("", 1.0),
    ("千", 1e3),
    ("万", 1e4),
    ("十万", 1e5),
    ("百万", 1e6),
    ("千万", 1e7),
    ("亿", 1e8),
    ("万亿", 1e12),
)

# base symbol, dimension, English base, which magnitude prefixes it takes
_BASES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("元", "cny", "CNY", ("", "千", "万", "十万", "百万", "千万", "亿", "万亿")),
    ("美元", "usd", "USD", ("", "千", "万", "百万", "千万", "亿", "万亿")),
    ("家", "organisations", "firms", ("", "千", "万")),
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
    Unit("公里", "length", 1000.0, "km", "km"),
    Unit("平方米", "area", 1.0, "m²", "m²"),
    Unit("万平方米", "area", 1e4, "10k m²", "m²", 1e4),
    Unit("平方千米", "area", 1e6, "km²", "km²"),
    Unit("平方公里", "area", 1e6, "km²", "km²"),
    Unit("公顷", "area", 1e4, "hectares", "hectares"),
    Unit("亩", "area", 10000.0 / 15.0, "mu", "mu"),
    Unit("万亩", "area", 1e4 * 10000.0 / 15.0, "10k mu", "mu", 1e4),
    Unit("%", "share", 1.0, "%", "%"),
    Unit("‰", "share", 0.1, "per mille", "per mille"),
    Unit("个百分点", "share_points", 1.0, "percentage points", "percentage points"),
    Unit("倍", "ratio", 1.0, "times", "times"),
    Unit("年", "years", 1.0, "years", "years"),
    Unit("个月", "months", 1.0, "months", "months"),
    Unit("天", "days", 1.0, "days", "days"),
    Unit("岁", "age", 1.0, "years", "years"),
    Unit("元/亩", "cny_per_mu", 1.0, "CNY per mu", "CNY", 1.0, "money", " per mu"),
    Unit("万元/亩", "cny_per_mu", 1e4, "CNY 10k per mu", "CNY", 1e4, "money", " per mu"),
    Unit("元/平方米", "cny_per_m2", 1.0, "CNY per m²", "CNY", 1.0, "money", " per m²"),
    Unit("兆瓦", "power", 1e6, "MW", "MW"),
    Unit("千瓦", "power", 1e3, "kW", "kW"),
    Unit("GW", "power", 1e9, "GW", "GW"),
    Unit("吉瓦", "power", 1e9, "GW", "GW"),
)

#: The magnitude of a unit label in English: ``CNY 100m``, ``10k people``.
_SCALE_LABELS: Mapping[float, str] = MappingProxyType(
    {1e3: "1k", 1e4: "10k", 1e5: "100k", 1e6: "1m", 1e7: "10m", 1e8: "100m", 1e12: "1tn"}
)


def _based(symbol: str, dim: str, factor: float, en_base: str) -> Unit:
    """A unit of :data:`_BASES`: money (yuan, dollars) or a count, with its label."""
    money = dim in ("cny", "usd")
    scale = _SCALE_LABELS.get(factor, "")
    label = f"{en_base} {scale}" if money else f"{scale} {en_base}"
    style = "money" if money else "count"
    return Unit(symbol, dim, factor, label.strip(), en_base, factor, style)


def _build() -> Mapping[str, Unit]:
    table: dict[str, Unit] = {}
    mags = dict(_MAGNITUDES)
    for base, dim, en_base, prefixes in _BASES:
        for p in prefixes:
            table[p + base] = _based(p + base, dim, mags[p], en_base)
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


# ------------------------------------------------------------------ display in a language

#: How a qualifier reads in English, around the number (or the sum of money) it
#: qualifies: ``over 480,000 people``, ``1,000+ firms``, ``nearly 3,000``. 达 (reaches)
#: says the figure is exact, so it adds no word. The JSON keeps the qualifier as written
#: (and ``qualifier_en``, the word of :data:`QUALIFIERS`).
QUALIFIER_EN: Mapping[str, str] = MappingProxyType(
    {
        "超": "over {}",
        "超过": "over {}",
        "逾": "over {}",
        "突破": "over {}",
        "破": "over {}",
        "达": "{}",
        "余": "{}+",
        "多": "{}+",
        "以上": "at least {}",
        "近": "nearly {}",
        "将近": "nearly {}",
        "不到": "under {}",
        "不足": "under {}",
        "约": "about {}",
        "左右": "about {}",
    }
)

#: The singular of an English unit name, used for exactly one (``1 firm``).
_SINGULAR: Mapping[str, str] = MappingProxyType(
    {
        "people": "person",
        "firms": "firm",
        "institutions": "institution",
        "visits": "visit",
        "items": "item",
        "titles": "title",
        "works": "work",
        "buildings": "building",
        "units": "unit",
        "sessions": "session",
        "times": "time",
        "vehicles": "vehicle",
        "tonnes": "tonne",
        "years": "year",
        "months": "month",
        "days": "day",
        "hectares": "hectare",
        "percentage points": "percentage point",
    }
)

#: Units written without a space after the number in English (``50%``).
_TIGHT: frozenset[str] = frozenset({"%"})


def group(value: float, min_digits: int = 4) -> str:
    """``value`` as :func:`format_value` writes it, thousands grouped by commas when the
    whole part has ``min_digits`` digits or more: ``480,000``, ``1,682``, ``15,000.5``."""
    text = format_value(value)
    whole, dot, frac = text.partition(".")
    digits = whole.lstrip("-")
    if not digits.isdigit() or len(digits) < min_digits:
        return text
    return f"{int(whole):,}" + dot + frac


def _exact(value: float) -> float:
    """``value`` to 12 significant digits: no float noise from a scaling."""
    return float(f"{value:.12g}")


def _scaled(value: float, steps: tuple[tuple[float, str], ...]) -> str:
    """``value`` in the largest of ``steps`` (factor, word) it reaches, else grouped."""
    for factor, word in steps:
        if abs(value) >= factor:
            return group(_exact(value / factor)) + word
    return group(value)


_MONEY_STEPS = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))
_COUNT_STEPS = ((1e9, " billion"), (1e6, " million"))


def _english(value: float, u: Unit) -> tuple[str, str]:
    """A figure in English as (the part a qualifier wraps, what follows it)."""
    n = _exact(value * u.en_factor) if value == value and abs(value) < 1e300 else value
    if u.en_style == "money":
        return f"{u.en_base} {_scaled(n, _MONEY_STEPS)}", u.en_per
    number = _scaled(n, _COUNT_STEPS) if u.en_style == "count" else group(n)
    name = _SINGULAR.get(u.en_base, u.en_base) if n == 1 else u.en_base
    return number, name if u.en_base in _TIGHT else f" {name}"


def qualify_en(text: str, qualifier: str | None) -> str:
    """``text`` (a number, or a sum of money) with ``qualifier`` read as English words:
    ``over 480,000``, ``1,000+``; an unknown qualifier is kept as written before it."""
    if not qualifier:
        return text
    template = QUALIFIER_EN.get(qualifier)
    return template.format(text) if template else f"{qualifier} {text}"


def display_quantity(
    value: float, unit_symbol: str, qualifier: str | None = None, lang: str = "zh"
) -> str:
    """A figure for the interface in ``lang``: in Chinese as the article writes it
    (``超48万人``, :func:`format_quantity`); in English with its unit in English, a count
    as a plain number and the qualifier as a word (``over 480,000 people``, ``CNY
    767m``, ``about 3.5 km²``). An unknown unit is kept as written. Never raises."""
    if lang != "en":
        return format_quantity(value, unit_symbol, qualifier)
    u = UNITS.get(unit_symbol)
    if u is None:
        return qualify_en(group(value), qualifier) + (f" {unit_symbol}" if unit_symbol else "")
    head, tail = _english(value, u)
    return qualify_en(head, qualifier) + tail


def display_number(value: float, qualifier: str | None = None, lang: str = "zh") -> str:
    """A number under a unit shown elsewhere (a compare row's label), with its
    qualifier: ``约12,000`` / ``12,000左右`` in Chinese (grouped from 10,000 up), ``about
    12,000`` / ``3,000+`` in English (grouped from 1,000 up), the same words as
    :func:`display_quantity`. Never raises."""
    if lang != "en":
        return qualify(group(value, 5), "", qualifier)
    return qualify_en(group(value), qualifier)


def unit_label(unit_symbol: str, lang: str = "zh") -> str:
    """A unit as a label in ``lang``: as written in Chinese (``亿元``), its English form
    otherwise (``CNY 100m``, ``km²``, ``people``); an unknown unit as written."""
    u = UNITS.get(unit_symbol)
    return u.english if lang == "en" and u is not None else unit_symbol


#: The superscript two of ``km²`` and ``m²`` is drawn two cells wide by some CJK
#: terminals: ``--ascii`` writes ``sq km`` and ``sq m`` instead.
_ASCII_FORMS: tuple[tuple[str, str], ...] = (("km²", "sq km"), ("m²", "sq m"))


def ascii_units(text: str) -> str:
    """``text`` (an English figure or unit label) with ``km²`` as ``sq km`` and ``m²``
    as ``sq m``: only ASCII in the units (``--ascii``)."""
    for fancy, plain in _ASCII_FORMS:
        text = text.replace(fancy, plain)
    return text
