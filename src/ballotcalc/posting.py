"""The last safe posting day: the last day a voting paper posted can still arrive by the close.

A postal ballot is lost on papers that arrive after the date of the ballot (s.246: the last day
votes may be cast), and the turnout drive's last call to members is "post it by ...". Post is
delivered on working days only, so the day is counted back from the close in WORKING days, skipping
Saturdays, Sundays and the bank holidays of the part of the UK the ballot is in (England and Wales,
Scotland and Northern Ireland each have their own: `bank_holidays`). Pure: dates in, a date out.

The rule: a paper posted on day P arrives on the Nth working day after P (N = `post_days`, e.g. 3
for second class), so P is the latest working day with N working days after it up to and including
the closing day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from msgspec import Struct

from ballotcalc.bank_holidays import BankHolidays, day_flag

ONE_DAY = dt.timedelta(days=1)
DEFAULT_POST_DAYS = 3
"""Working days a second-class letter may take: Royal Mail's second class aims to deliver in two to
three working days, and the later is the safe one."""
POSTING_RULE = (
    "the last safe posting day is the latest working day with {n} working day{s} after it up to and "
    "including the closing day (post is delivered on working days: weekends and bank holidays are "
    "skipped)"
)


class Posting(Struct, frozen=True):
    """The last safe posting day for a ballot, and the days skipped to find it."""

    post_days: int
    last_day: dt.date
    """The last day a paper posted arrives by the close."""
    calendars: tuple[BankHolidays, ...]
    """The bank-holiday calendars used (said in every output)."""
    skipped: tuple[tuple[dt.date, str], ...]
    """The days after `last_day` up to the close that are not working days, and why."""
    passed: bool | None
    """True when `last_day` is before today (None: today not given)."""

    @property
    def rule(self) -> str:
        return POSTING_RULE.format(n=self.post_days, s="" if self.post_days == 1 else "s")


def last_posting_day(
    closed: dt.date,
    post_days: int,
    calendars: Sequence[BankHolidays],
    today: dt.date | None = None,
) -> Posting:
    """The latest working day with `post_days` working days after it up to and including `closed`."""
    if post_days < 1:
        raise ValueError("post_days must be at least 1")
    skipped: list[tuple[dt.date, str]] = []
    day, counted = closed, 0
    while counted < post_days:  # the Nth working day counted back from the close
        flag = day_flag(day, calendars)
        if flag is None:
            counted += 1
        else:
            skipped.append((day, flag))
        day -= ONE_DAY
    while (flag := day_flag(day, calendars)) is not None:  # the working day before it
        skipped.append((day, flag))
        day -= ONE_DAY
    return Posting(
        post_days=post_days,
        last_day=day,
        calendars=tuple(calendars),
        skipped=tuple(sorted(skipped)),
        passed=None if today is None else today > day,
    )
