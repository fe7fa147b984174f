"""The unit table: conversions a user relies on when comparing towns."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from towntui.core import units


def test_trillion_and_hundred_million_yuan_compare_in_one_unit() -> None:
    assert units.convert(1.5, "万亿元", "亿元") == 15000
    assert units.convert(7.67, "亿元", "亿元") == 7.67
    assert units.convert(7.67, "亿元", "万元") == 76700


def test_mu_compares_with_square_kilometres() -> None:
    km2 = units.convert(3000, "亩", "平方公里")
    assert km2 == pytest.approx(2.0)
    assert units.convert(3.5, "平方公里", "万平方米") == 350


def test_people_and_organisations_do_not_mix() -> None:
    assert units.compatible("万人", "人")
    assert units.compatible("位", "人")
    assert not units.compatible("家", "人")
    with pytest.raises(units.UnitError, match="cannot convert"):
        units.convert(1, "家", "人")


def test_unknown_unit_is_named() -> None:
    with pytest.raises(units.UnitError, match='unknown unit "亿圆"'):
        units.unit("亿圆")
    assert not units.is_unit("亿圆")


def test_dollars_are_not_yuan() -> None:
    assert units.convert(1.5, "亿美元", "万美元") == 15000
    assert not units.compatible("亿美元", "亿元")


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "shown"),
    [
        (1.5, "万亿元", None, "1.5万亿元"),
        (1.85, "万家", "超", "超1.85万家"),
        (3000, "人", "近", "近3000人"),
        (3000, "亩", "余", "3000余亩"),
        (0.615, "平方公里", None, "0.615平方公里"),
    ],
)
def test_quantities_read_as_the_articles_write_them(
    value: float, unit: str, qualifier: str | None, shown: str
) -> None:
    assert units.format_quantity(value, unit, qualifier) == shown


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.sampled_from(sorted(units.UNITS)),
)
def test_round_trip_within_a_dimension(value: float, symbol: str) -> None:
    dim = units.UNITS[symbol].dimension
    for other in (u for u in units.UNITS.values() if u.dimension == dim):
        there = units.convert(value, symbol, other.symbol)
        back = units.convert(there, other.symbol, symbol)
        assert math.isclose(back, value, rel_tol=1e-9, abs_tol=1e-9)


@given(st.text())
def test_unit_lookup_finds_known_units_and_names_unknown_ones(text: str) -> None:
    if units.is_unit(text):
        assert units.unit(text).symbol == text
    else:
        with pytest.raises(units.UnitError, match="unknown unit"):
            units.unit(text)
