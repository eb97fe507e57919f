"""Statutory date arithmetic, against the law's own worked examples and an independent calendar.

The independent computation below counts months by stepping one month at a time and finds a month's
length from the first of the next month, so it shares no code (and no `calendar.monthrange`) with
`ballotcalc.dates`.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballotcalc.dates import (
    StatutoryDay,
    add_months,
    earliest_after_notice,
    months_beginning_with,
    nth_day_before,
    weeks_beginning_with,
)

D = dt.date


# --- worked examples from the reference (uk-ballot-law.md, "Dates a union needs") ---------------


def test_six_months_beginning_with_10_march_ends_9_september() -> None:
    assert months_beginning_with(D(2024, 3, 10), 6) == StatutoryDay(D(2024, 9, 9), to_check=False)


def test_action_on_the_15th_under_14_days_notice_must_arrive_by_the_1st() -> None:
    assert nth_day_before(D(2024, 3, 15), 14) == D(2024, 3, 1)


def test_notice_received_on_the_1st_allows_action_on_the_15th_and_not_before() -> None:
    assert earliest_after_notice(D(2024, 3, 1), 14) == D(2024, 3, 15)
    # a day later is one day too late for action on the 15th
    assert earliest_after_notice(D(2024, 3, 2), 14) == D(2024, 3, 16)


def test_ballot_notice_seventh_and_sample_paper_third_day_before_opening() -> None:
    # s.226A: opening on Friday 28 October 2011
    assert nth_day_before(D(2011, 10, 28), 7) == D(2011, 10, 21)
    assert nth_day_before(D(2011, 10, 28), 3) == D(2011, 10, 25)


def test_four_weeks_beginning_with_includes_the_first_day() -> None:
    # 4 weeks beginning with Thursday 17 Nov 2011 are 17 Nov .. 14 Dec (28 days, both ends in)
    end = weeks_beginning_with(D(2011, 11, 17), 4)
    assert end == D(2011, 12, 14)
    assert (end - D(2011, 11, 17)).days + 1 == 28


# --- month ends and leap years ------------------------------------------------------------------


def test_31_august_plus_6_months_is_clamped_and_flagged() -> None:
    # 31 Aug + 6 months: there is no 31 February; clamp to 28 Feb (2025 is not a leap year), flag.
    assert add_months(D(2024, 8, 31), 6) == StatutoryDay(D(2025, 2, 28), to_check=True)
    assert months_beginning_with(D(2024, 8, 31), 6) == StatutoryDay(D(2025, 2, 27), to_check=True)


def test_31_august_plus_6_months_into_a_leap_february() -> None:
    assert add_months(D(2023, 8, 31), 6) == StatutoryDay(D(2024, 2, 29), to_check=True)
    assert months_beginning_with(D(2023, 8, 31), 6) == StatutoryDay(D(2024, 2, 28), to_check=True)


def test_29_february_plus_12_months() -> None:
    assert add_months(D(2024, 2, 29), 12) == StatutoryDay(D(2025, 2, 28), to_check=True)
    assert add_months(D(2024, 2, 29), 48) == StatutoryDay(D(2028, 2, 29), to_check=False)


def test_period_ending_across_29_february() -> None:
    # 6 months beginning with 1 Sep 2023: corresponding day 1 Mar 2024, last day 29 Feb 2024
    assert months_beginning_with(D(2023, 9, 1), 6) == StatutoryDay(D(2024, 2, 29))
    # and in a common year, 28 Feb
    assert months_beginning_with(D(2022, 9, 1), 6) == StatutoryDay(D(2023, 2, 28))


def test_30_days_months_and_year_ends() -> None:
    assert add_months(D(2024, 1, 31), 3) == StatutoryDay(D(2024, 4, 30), to_check=True)
    assert add_months(D(2024, 12, 31), 1) == StatutoryDay(D(2025, 1, 31))
    assert months_beginning_with(D(2024, 12, 31), 12) == StatutoryDay(D(2025, 12, 30))
    assert months_beginning_with(D(2024, 7, 31), 9) == StatutoryDay(D(2025, 4, 29), to_check=True)


def test_period_of_one_month_beginning_on_the_first() -> None:
    assert months_beginning_with(D(2025, 2, 1), 1) == StatutoryDay(D(2025, 2, 28))


def test_nth_day_before_crosses_months_and_leap_day() -> None:
    assert nth_day_before(D(2024, 3, 7), 7) == D(2024, 2, 29)
    assert nth_day_before(D(2023, 3, 7), 7) == D(2023, 2, 28)
    assert nth_day_before(D(2025, 1, 5), 10) == D(2024, 12, 26)


# --- properties against an independent computation -----------------------------------------------


def _month_length(year: int, month: int) -> int:
    """Days in a month, from the first of the next month (no calendar module)."""
    first_next = D(year + 1, 1, 1) if month == 12 else D(year, month + 1, 1)
    return (first_next - D(year, month, 1)).days


def _corresponding(day: dt.date, months: int) -> tuple[dt.date, bool]:
    """The same day of the month `months` later, stepping a month at a time; clamped if missing."""
    year, month = day.year, day.month
    for _ in range(months):
        month += 1
        if month == 13:
            year, month = year + 1, 1
    length = _month_length(year, month)
    return D(year, month, min(day.day, length)), day.day > length


days = st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31))


@given(day=days, months=st.integers(min_value=0, max_value=36))
def test_add_months_matches_an_independent_calendar(day: dt.date, months: int) -> None:
    expected, flagged = _corresponding(day, months)
    assert add_months(day, months) == StatutoryDay(expected, flagged)


@given(day=days, months=st.integers(min_value=1, max_value=36))
def test_months_beginning_with_ends_the_day_before_the_corresponding_day(
    day: dt.date, months: int
) -> None:
    corresponding, flagged = _corresponding(day, months)
    result = months_beginning_with(day, months)
    assert result.day == corresponding - dt.timedelta(days=1)
    assert result.to_check == flagged
    # the period includes its first day and is never empty
    assert result.day >= day
    if not flagged:  # the day after the period is the same day of the month
        assert (result.day + dt.timedelta(days=1)).day == day.day


@given(a=days, b=days, months=st.integers(min_value=1, max_value=12))
def test_later_start_never_ends_earlier(a: dt.date, b: dt.date, months: int) -> None:
    first, second = sorted((a, b))
    assert months_beginning_with(first, months).day <= months_beginning_with(second, months).day


@given(day=days, weeks=st.integers(min_value=1, max_value=12))
def test_weeks_beginning_with_holds_exactly_7n_days_both_ends_included(
    day: dt.date, weeks: int
) -> None:
    end = weeks_beginning_with(day, weeks)
    counted = sum(1 for k in range(0, 7 * weeks + 7) if day + dt.timedelta(days=k) <= end)
    assert counted == 7 * weeks
    assert end.weekday() == (day.weekday() + 6) % 7  # ends the day before the same weekday


@given(day=days, n=st.integers(min_value=0, max_value=30))
def test_nth_day_before_and_earliest_after_notice_are_inverse(day: dt.date, n: int) -> None:
    last = nth_day_before(day, n)
    # counting back day by day: n steps, exclusive of the day of action
    stepped = day
    for _ in range(n):
        stepped = D.fromordinal(stepped.toordinal() - 1)
    assert last == stepped
    assert earliest_after_notice(last, n) == day


@pytest.mark.parametrize("months", [6, 9, 12])
def test_every_day_of_a_leap_year_gives_a_valid_period(months: int) -> None:
    day = D(2024, 1, 1)
    while day.year == 2024:
        result = months_beginning_with(day, months)
        corresponding, flagged = _corresponding(day, months)
        assert result == StatutoryDay(corresponding - dt.timedelta(days=1), flagged)
        day += dt.timedelta(days=1)
