"""Units and qualifiers in English: one formatter for the profile, compare, the event
dialog and the CLI (``display_quantity``, ``display_number``, ``unit_label``).

Chinese mode shows every figure as the article writes it (``超48万人``); English mode
reads it as English (``over 480,000 people``): the unit in its English form, a count as
a plain number, money as ``CNY 767m``, the qualifier as a word.
"""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from towntui.core import units

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "shown"),
    [
        (48, "万人", "超", "over 480,000 people"),
        (3000, "人", "近", "nearly 3,000 people"),
        (1, "人", None, "1 person"),
        (1000, "家", "余", "1,000+ firms"),
        (1682, "家", "达", "1,682 firms"),
        (1, "家", None, "1 firm"),
        (7.67, "亿元", None, "CNY 767m"),
        (93, "亿元", "破", "over CNY 9.3bn"),
        (1.5, "万亿元", None, "CNY 1.5tn"),
        (500, "万元", "超", "over CNY 5m"),
        (120, "万元/亩", "超", "over CNY 1.2m per mu"),
        (2.1, "亿美元", None, "USD 210m"),
        (3.5, "平方公里", "约", "about 3.5 km²"),
        (3, "平方公里", "左右", "about 3 km²"),
        (0.615, "平方公里", None, "0.615 km²"),
        (3000, "亩", "余", "3,000+ mu"),
        (15, "万平方米", None, "150,000 m²"),
        (108, "公里", None, "108 km"),
        (33.5, "岁", None, "33.5 years"),
        (50, "%", "超", "over 50%"),
        (1, "%", "不到", "under 1%"),
        (3000, "人", "以上", "at least 3,000 people"),
        (3.2, "亿人次", None, "320 million visits"),
        (480, "万人", None, "4.8 million people"),
    ],
)
def test_english_quantities(value: float, unit: str, qualifier: str | None, shown: str) -> None:
    assert units.display_quantity(value, unit, qualifier, "en") == shown


@pytest.mark.parametrize(
    ("value", "unit", "qualifier"),
    [(48, "万人", "超"), (1000, "家", "余"), (3, "平方公里", "左右"), (7.67, "亿元", None)],
)
def test_chinese_quantities_stay_as_written(value: float, unit: str, qualifier: str | None) -> None:
    assert units.display_quantity(value, unit, qualifier, "zh") == units.format_quantity(
        value, unit, qualifier
    )


def test_compare_number_and_profile_quantity_read_the_same() -> None:
    """Compare shows the number under the row's unit, the profile with its unit: the
    same words either way (``over 480,000``), never a sign like ``>480,000``."""
    converted = units.convert(48, "万人", "人")
    assert units.display_number(converted, "超", "en") == "over 480,000"
    assert units.display_quantity(48, "万人", "超", "en").startswith("over 480,000 ")
    assert units.display_number(3000, "近", "en") == "nearly 3,000"
    assert units.display_number(3000, "余", "en") == "3,000+"
    assert units.display_number(12000, "约", "zh") == "约12,000"
    assert units.display_number(12000, "左右", "zh") == "12,000左右"
    assert units.display_number(1000, None, "zh") == "1000"


@pytest.mark.parametrize(
    ("unit", "label"),
    [
        ("亿元", "CNY 100m"),
        ("万元", "CNY 10k"),
        ("元", "CNY"),
        ("亿美元", "USD 100m"),
        ("平方公里", "km²"),
        ("亩", "mu"),
        ("家", "firms"),
        ("人", "people"),
        ("岁", "years"),
        ("公里", "km"),
        ("%", "%"),
        ("万平方米", "10k m²"),
        ("万元/亩", "CNY 10k per mu"),
    ],
)
def test_unit_labels(unit: str, label: str) -> None:
    assert units.unit_label(unit, "en") == label
    assert units.unit_label(unit, "zh") == unit


def test_every_unit_and_qualifier_has_an_english_form() -> None:
    for symbol in units.UNITS:
        assert not CJK.search(units.unit_label(symbol, "en")), symbol
        assert not CJK.search(units.display_quantity(2, symbol, None, "en")), symbol
    for q in units.QUALIFIERS:
        assert not CJK.search(units.display_number(5, q, "en")), q


numbers = (
    st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(allow_nan=False, allow_infinity=False, min_value=-1e7, max_value=1e7)
)
symbols = st.sampled_from(sorted(units.UNITS)) | st.text(max_size=6)
qualifiers = st.none() | st.sampled_from(sorted(units.QUALIFIERS)) | st.text(max_size=3)


@given(numbers, symbols, qualifiers)
def test_display_never_raises(value: float, symbol: str, qualifier: str | None) -> None:
    for lang in ("zh", "en"):
        assert units.display_quantity(value, symbol, qualifier, lang)
        assert units.display_number(value, qualifier, lang)
        units.unit_label(symbol, lang)


@given(
    st.floats(min_value=1, max_value=1e11, allow_nan=False),
    st.sampled_from(["人", "万人", "家", "元", "万元", "亿元", "平方公里", "亩", "万亩"]),
)
def test_english_keeps_the_value(value: float, symbol: str) -> None:
    """The English text, read back, is the value in the unit's English base (to the
    precision shown): nothing is lost or scaled wrong."""
    text = units.display_quantity(value, symbol, None, "en")
    m = re.search(r"([\d,]+(?:\.\d+)?)(?: ?(m|bn|tn|million|billion))?\b", text)
    assert m is not None, text
    shown = float(m.group(1).replace(",", ""))
    scale = {"m": 1e6, "bn": 1e9, "tn": 1e12, "million": 1e6, "billion": 1e9}
    shown *= scale.get(m.group(2) or "", 1.0)
    u = units.UNITS[symbol]
    expected = value * u.en_factor
    assert math.isclose(shown, expected, rel_tol=1e-3), (text, expected)
