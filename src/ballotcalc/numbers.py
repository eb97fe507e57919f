"""Turning exact shares into printed percentages that never contradict the verdict.

A turnout of 4,999 in 10,000 must not print as "50.0%" next to "fail". Shares are rounded half-up to
the decimals asked for, except where that would put the printed figure on the other side of the
threshold the exact figure was judged against: a failing figure is then rounded down, and a figure
that passes a strict "more than" test is rounded up, at the same number of decimals.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

DEFAULT_DECIMALS = 2
NEAR_THRESHOLD = Fraction(1, 100)
"""Within one percentage point of a threshold, a figure is shown to at least 2 decimals."""


def scaled_percent(
    part: int,
    whole: int,
    decimals: int = DEFAULT_DECIMALS,
    *,
    threshold: Fraction | None = None,
    strict: bool = False,
) -> int:
    """`part / whole` as a percentage times 10**decimals, a whole number, on the verdict's side.

    The same rule as `percent`, in integer arithmetic only (no Fraction is built). `whole` > 0.
    """
    return Percentage(decimals, threshold, strict).scaled(part, whole)


class Percentage:
    """The percentages of shares judged against one threshold (or none), at one number of decimals.

    `scaled` is the rule of `percent` in integer arithmetic, with the threshold's integers worked
    out once here: machine output prints three percentages per unit, a national ballot has
    200,000 units, and every unit of a ballot shares its thresholds, so a renderer makes one
    `Percentage` per threshold and uses it for every unit.
    """

    __slots__ = ("_den", "_num", "_scale", "decimals", "strict", "threshold")

    def __init__(
        self,
        decimals: int = DEFAULT_DECIMALS,
        threshold: Fraction | None = None,
        strict: bool = False,
    ) -> None:
        self.decimals = decimals
        self.threshold = threshold
        """The share the figures were judged against; `strict`: the test is "more than" (a
        majority) rather than "at least" (turnout, support)."""
        self.strict = strict
        self._scale: int = 100 * 10**decimals
        self._num = 0 if threshold is None else threshold.numerator
        self._den = 1 if threshold is None else threshold.denominator

    def scaled(self, part: int, whole: int) -> int:
        """`part / whole` as a percentage times 10**decimals, a whole number (half-up), moved to
        the verdict's side of the threshold where rounding would cross it. `whole` > 0."""
        scale = self._scale
        scaled = part * scale  # the exact percentage is scaled / whole
        printed = (2 * scaled + whole) // (2 * whole)  # floor(scaled / whole + 1/2): half-up
        if self.threshold is not None:
            num, den = self._num, self._den
            if self.strict:
                met, shown_met = part * den > num * whole, printed * den > num * scale
            else:
                met, shown_met = part * den >= num * whole, printed * den >= num * scale
            if met != shown_met:
                printed = -(-scaled // whole) if met else scaled // whole
        return printed


def percent(
    value: Fraction,
    decimals: int = DEFAULT_DECIMALS,
    *,
    threshold: Fraction | None = None,
    strict: bool = False,
) -> Decimal:
    """`value` (a share, 0..1) as a percentage with `decimals` places, on the verdict's side.

    `threshold` is the share the value was judged against; `strict` means the test is "more than"
    (a majority) rather than "at least" (turnout, support).
    """
    printed = scaled_percent(
        value.numerator, value.denominator, decimals, threshold=threshold, strict=strict
    )
    return Decimal(printed).scaleb(-decimals)


def percent_of(
    part: int,
    whole: int | None,
    decimals: int = DEFAULT_DECIMALS,
    *,
    threshold: Fraction | None = None,
    strict: bool = False,
) -> Decimal | None:
    """`percent` of the share `part / whole`, straight from the integers; None if `whole` is 0/None."""
    if not whole:
        return None
    printed = scaled_percent(part, whole, decimals, threshold=threshold, strict=strict)
    return Decimal(printed).scaleb(-decimals)


def decimals_for(value: Fraction, threshold: Fraction | None, base: int) -> int:
    """`base` decimals, raised to 2 when the value is within a point of its threshold."""
    if threshold is not None and abs(value - threshold) < NEAR_THRESHOLD:
        return max(base, 2)
    return base


def whole(n: int) -> str:
    """A count as people write it in a circular: 2,903."""
    return f"{n:,}"
