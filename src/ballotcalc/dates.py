"""Statutory date arithmetic, pure: the days that follow from a ballot, and how they are counted.

TULRCA counts in two ways, and mixing them up is how a day of action gets voided:
* "a period of N months (or weeks) beginning with" a day includes that day, so it ends on the day
  before the corresponding day N months later (closes 10 March, 6 months: last day 9 September);
* "no later than the Nth day before" a day is that day minus N (action on the 15th, 14 days:
  the employer must receive the notice by the 1st).
Where the corresponding day does not exist (31 August + 6 months), the sources do not settle the
answer: ballotcalc takes the last day of the month as the corresponding day (which ends the period
a day earlier than any other reading, the safe side for the union) and flags the date to check.
"""

from __future__ import annotations

import calendar
import datetime as dt

from msgspec import Struct

ONE_DAY = dt.timedelta(days=1)


class StatutoryDay(Struct, frozen=True):
    """A day the law fixes, with whether it rests on an unsettled month-end reading."""

    day: dt.date
    to_check: bool = False


def add_months(day: dt.date, months: int) -> StatutoryDay:
    """The corresponding day `months` later, clamped to the month's end (flagged) if it is missing."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if day.day > last:
        return StatutoryDay(dt.date(year, month, last), to_check=True)
    return StatutoryDay(dt.date(year, month, day.day))


def months_beginning_with(day: dt.date, months: int) -> StatutoryDay:
    """Last day of "a period of `months` months beginning with" `day`."""
    corresponding = add_months(day, months)
    return StatutoryDay(corresponding.day - ONE_DAY, corresponding.to_check)


def weeks_beginning_with(day: dt.date, weeks: int) -> dt.date:
    """Last day of "a period of `weeks` weeks beginning with" `day`."""
    return day + dt.timedelta(weeks=weeks) - ONE_DAY


def nth_day_before(day: dt.date, n: int) -> dt.date:
    """The last day something may be received when it must arrive "no later than the Nth day
    before" `day`."""
    return day - dt.timedelta(days=n)


def earliest_after_notice(received: dt.date, n: int) -> dt.date:
    """The first day of action allowed when notice of N days was received on `received`."""
    return received + dt.timedelta(days=n)
