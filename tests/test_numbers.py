"""Printed percentages: rounded as people expect, but never across the threshold they were judged by."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballotcalc.numbers import percent

HALF, TWO_FIFTHS = Fraction(1, 2), Fraction(2, 5)


@pytest.mark.parametrize("decimals", range(0, 5))
def test_4999_of_10000_never_prints_as_50(decimals: int) -> None:
    shown = percent(Fraction(4999, 10000), decimals, threshold=HALF)
    assert shown < 50


def test_ordinary_rounding_is_half_up() -> None:
    assert percent(Fraction(3010, 7000), 1) == Decimal("43.0")
    assert percent(Fraction(86349, 111670), 2) == Decimal("77.33")  # CWU 2023, published 77.33
    assert percent(Fraction(1, 8), 1) == Decimal("12.5")
    assert percent(Fraction(1, 16), 2) == Decimal("6.25")
    assert percent(Fraction(1, 16), 1) == Decimal("6.3")


def test_a_bare_majority_never_prints_as_50() -> None:
    # 50,001 Yes of 100,000 valid votes is a majority: it must not print as "50%".
    assert percent(Fraction(50001, 100000), 0, threshold=HALF, strict=True) > 50
    # A tie is not a majority and prints as exactly 50.
    assert percent(HALF, 0, threshold=HALF, strict=True) == 50


@given(
    st.integers(0, 10**6),
    st.integers(1, 10**6),
    st.integers(0, 4),
    st.sampled_from([HALF, TWO_FIFTHS]),
    st.booleans(),
)
def test_printed_figure_never_contradicts_the_test(
    part: int, whole: int, decimals: int, threshold: Fraction, strict: bool
) -> None:
    value = Fraction(min(part, whole), whole)
    shown = Fraction(percent(value, decimals, threshold=threshold, strict=strict)) / 100
    met = value > threshold if strict else value >= threshold
    shown_met = shown > threshold if strict else shown >= threshold
    assert met == shown_met
    assert abs(shown - value) <= Fraction(1, 100 * 10**decimals)  # off by at most one last digit
