"""Which statutory dates fall on a weekend or a bank holiday, for information only.

TULRCA counts calendar days: a deadline on a Sunday or on Christmas Day is still that day, and
nothing here moves a date. But an officer planning to get a notice to an employer needs to see that
the last day is a Sunday, so every date is flagged. Bank holidays are data that change (a coronation,
a jubilee, a moved May Day), so they come from the maintained `holidays` library, not a table of our
own. Great Britain has two bank-holiday calendars (England and Wales; Scotland) and Northern Ireland
a third; a ballot names its jurisdiction, not its nation, so the calendars are a choice with a
default: England and Wales for `gb`, Northern Ireland for `ni`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class BankHolidays(enum.StrEnum):
    """A bank-holiday calendar of the United Kingdom."""

    ENGLAND_WALES = "england-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    BankHolidays.ENGLAND_WALES: "England and Wales",
    BankHolidays.SCOTLAND: "Scotland",
    BankHolidays.NORTHERN_IRELAND: "Northern Ireland",
}
_SUBDIVISIONS = {
    # England and Wales share their bank holidays (Banking and Financial Dealings Act 1971 Sch 1)
    BankHolidays.ENGLAND_WALES: "ENG",
    BankHolidays.SCOTLAND: "SCT",
    BankHolidays.NORTHERN_IRELAND: "NIR",
}
DEFAULTS = {"gb": (BankHolidays.ENGLAND_WALES,), "ni": (BankHolidays.NORTHERN_IRELAND,)}
"""The calendars a ballot's dates are checked against when none is named, by jurisdiction."""


def weekday(day: dt.date) -> str:
    """The day's English name (not the locale's: output is the same on every machine)."""
    return WEEKDAYS[day.weekday()]


def show(day: dt.date) -> str:
    """A date as sentences give it: ISO, then its weekday."""
    return f"{day.isoformat()} ({weekday(day)})"


@cache
def _calendar(which: BankHolidays) -> HolidayBase:
    import holidays

    return holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[which])


def day_flag(day: dt.date, calendars: Sequence[BankHolidays]) -> str | None:
    """Why `day` is not an ordinary working day ("Sunday", "bank holiday in Scotland: ..."), or
    None for a working day. Information only: the statutory date is unchanged."""
    reasons = [weekday(day)] if day.weekday() >= 5 else []
    for which in calendars:
        name = _calendar(which).get(day)
        if name:
            reasons.append(f"bank holiday in {which.label}: {name}")
    return "; ".join(reasons) or None
