"""Property tests for the unit table: arbitrary input raises only :class:`UnitError`.

The documented contract of ``towntui.core.units``: ``unit`` and ``convert`` raise
``UnitError`` (a ``ValueError``) for an unknown unit or a conversion across
dimensions and nothing else; ``is_unit`` and ``compatible`` answer any string;
``format_value`` and ``format_quantity`` format any float (NaN and infinities too)
without raising, and never show float noise or exponent notation.
"""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from towntui.core import units

KNOWN = sorted(units.UNITS)
symbols = st.sampled_from(KNOWN) | st.text(max_size=8)
# every number a TOML file can hold: 64-bit integers and any float
numbers = (
    st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6)
)
qualifiers = st.none() | st.sampled_from(sorted(units.QUALIFIERS)) | st.text(max_size=3)


@given(symbols)
def test_lookup_answers_or_raises_unit_error(symbol: str) -> None:
    assert units.is_unit(symbol) == (symbol in units.UNITS)
    try:
        found = units.unit(symbol)
    except units.UnitError as exc:
        assert not units.is_unit(symbol)
        assert isinstance(exc, ValueError) and "unknown unit" in str(exc)
    else:
        assert found.symbol == symbol and found.factor > 0


@given(symbols, symbols)
def test_compatible_is_symmetric_and_never_raises(a: str, b: str) -> None:
    assert units.compatible(a, b) == units.compatible(b, a)
    if units.compatible(a, b):
        assert units.is_unit(a) and units.is_unit(b)


@given(numbers, symbols, symbols)
def test_convert_returns_a_float_or_raises_unit_error(value: float, a: str, b: str) -> None:
    try:
        out = units.convert(value, a, b)
    except units.UnitError as exc:
        assert not units.compatible(a, b)
        assert "unknown unit" in str(exc) or "cannot convert" in str(exc)
        return
    assert units.compatible(a, b)
    assert isinstance(out, float)
    if math.isnan(value):
        assert math.isnan(out)
    elif a == b and math.isfinite(value):
        assert math.isclose(out, value, rel_tol=1e-11)


@given(numbers)
def test_format_value_never_raises_and_has_no_float_noise(value: float) -> None:
    text = units.format_value(value)
    assert text and "e" not in text.lower().replace("inf", "").replace("nan", "")
    if isinstance(value, float) and math.isfinite(value) and abs(value) < 1e15:
        assert math.isclose(float(text), value, rel_tol=1e-5, abs_tol=1e-6)


@given(numbers, symbols, qualifiers)
def test_format_quantity_never_raises(value: float, symbol: str, qualifier: str | None) -> None:
    text = units.format_quantity(value, symbol, qualifier)
    assert symbol in text
    if qualifier:
        assert qualifier in text


def test_a_huge_value_in_its_own_unit_comes_back_unchanged() -> None:
    # found by Hypothesis: value * factor overflowed to inf before the division
    value = 1.797693134862316e299
    assert math.isclose(units.convert(value, "GW", "GW"), value, rel_tol=1e-11)
