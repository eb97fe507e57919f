"""`ballotcalc timeline` checks a plan: every expected date here is counted out by hand from the
statute's rule, never taken from the code's output.

* s.234A(4)(b): notice received "no later than the Nth day before" the first day of action, so
  received on or before day A - N; N = 14 under gb-tua-2016 (7 if the union and the employer
  agree), 10 under gb-era-2025 (no agreement), 7 before 2017 and in Northern Ireland.
* s.234A(4)(a) with s.231A: the period begins with the day the employer is told the result, which
  can be no earlier than the date of the ballot (the closing date, s.246).
* s.234: "a period of 6 months beginning with the date of the ballot" ends the day before the
  corresponding day 6 months later; up to 9 months if agreed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Run

D = dt.date
DAY = dt.timedelta(days=1)
Write = Callable[..., Path]

CLOSED = D(2024, 9, 30)  # a Monday
PASSING = """\
title: Plan test
opened: {opened}
closed: {closed}
eligible: 1000
votes_cast: 600
important_public_service: health
{extra}questions:
  - {{id: strike, type: strike}}
results:
  strike: {{yes: 500, no: 100, spoiled: 0}}
"""
"""600 of 1,000 voted (60% >= 50%); 500 Yes of 1,000 entitled (50% >= 40%); 500 > 100: a mandate."""


def passing(
    write: Write, *, opened: str = "2024-09-02", closed: D = CLOSED, extra: str = ""
) -> str:
    return str(
        write(PASSING.format(opened=opened, closed=closed.isoformat(), extra=extra), "plan.yaml")
    )


def timeline(*args: str, run: Run, expect: int) -> dict[str, Any]:
    out = run("timeline", *args, "--format", "json", expect=expect).stdout
    got: dict[str, Any] = json.loads(out)["timeline"]
    return got


def verdict(*args: str, run: Run, expect: int) -> dict[str, Any]:
    """The plan; exit 0 exactly when it is possible, 1 otherwise."""
    plan: dict[str, Any] = timeline(*args, run=run, expect=expect)["plan"]
    assert (plan["verdict"] == "possible") == (expect == 0)
    return plan


def failed(plan: dict[str, Any]) -> list[str]:
    return [c["says"] for c in plan["checks"] if not c["ok"]]


def show(day: D) -> str:
    """How a sentence names a day: ISO date, then the weekday (written out here, not computed)."""
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    return f"{day.isoformat()} ({names[day.weekday()]})"


# --- a notice deadline before the employer can be told the result --------------------------------


def test_notice_deadline_before_the_ballot_closed_is_not_possible(run: Run, write: Write) -> None:
    # the case: action on Thursday 10 October 2024 needs notice by 26 September (14
    # days), four days before the ballot closed on 30 September
    file = passing(write)
    action = D(2024, 10, 10)
    deadline = action - 14 * DAY
    assert deadline == D(2024, 9, 26) < CLOSED
    plan = verdict(file, "--action-on", str(action), run=run, expect=1)
    [why] = failed(plan)
    assert f"no later than {show(deadline)}" in why
    assert f"before the date of the ballot, {show(CLOSED)}" in why
    # 7 days (received by 3 October) would fit, but only by agreement
    assert f"received by {show(action - 7 * DAY)}" in why
    assert "--notice-agreed" in why
    # the earliest day without agreement: told on the closing day, plus 14 days
    assert f"earliest day of action is {show(CLOSED + 14 * DAY)}" in why
    table = run("timeline", file, "--action-on", str(action), expect=1).stdout
    assert "PLAN NOT POSSIBLE" in table
    assert "inside the mandate" not in table


def test_stating_the_agreement_makes_seven_days_possible_and_says_so(
    run: Run, write: Write
) -> None:
    file = passing(write)
    plan = verdict(file, "--action-on", "2024-10-10", "--notice-agreed", run=run, expect=0)
    assert plan["relies_on"] == ["the union and the employer agreed a notice period of 7 days"]
    table = run("timeline", file, "--action-on", "2024-10-10", "--notice-agreed").stdout
    assert "PLAN POSSIBLE" in table and "Relies on: the union and the employer agreed" in table


def test_fourteen_days_from_the_closing_day_is_the_first_possible_day(
    run: Run, write: Write
) -> None:
    file = passing(write)
    first = CLOSED + 14 * DAY  # told the result on the closing day at the earliest
    verdict(file, "--action-on", str(first), run=run, expect=0)
    verdict(file, "--action-on", str(first - DAY), run=run, expect=1)


def test_too_early_even_with_agreement(run: Run, write: Write) -> None:
    # action on 5 October: 14 days -> 21 September, 7 days -> 28 September: both before 30 Sept
    plan = verdict(
        passing(write), "--action-on", "2024-10-05", "--notice-agreed", run=run, expect=1
    )
    [why] = failed(plan)
    assert f"earliest day of action is {show(CLOSED + 14 * DAY)}" in why
    assert "--notice-agreed" not in why


def test_employer_told_later_than_the_closing_day(run: Run, write: Write) -> None:
    file = passing(write)
    told = D(2024, 10, 3)
    action = CLOSED + 14 * DAY  # possible if told on the closing day; not if told on 3 October
    plan = verdict(
        file, "--action-on", str(action), "--employer-told", str(told), run=run, expect=1
    )
    [why] = failed(plan)
    assert f"the day the employer was told the result, {show(told)}" in why
    assert f"earliest day of action is {show(told + 14 * DAY)}" in why
    verdict(
        file, "--action-on", str(told + 14 * DAY), "--employer-told", str(told), run=run, expect=0
    )


def test_employer_told_before_the_ballot_closed_is_bad_input(run: Run, write: Write) -> None:
    file = passing(write)
    err = run(
        "timeline", file, "--employer-told", "2024-09-29", "--action-on", "2024-10-20", expect=2
    )
    line = Path(file).read_text().splitlines().index(f"closed: {CLOSED}") + 1
    assert err.stderr.startswith(f"{file}:{line}: closed: ")
    assert "2024-09-29" in err.stderr


def test_notice_received_before_the_result_does_not_count(run: Run, write: Write) -> None:
    file = passing(write)
    plan = verdict(file, "--notice-received", "2024-09-29", run=run, expect=1)
    assert any(
        "does not count" in why and "A fresh notice is needed" in why for why in failed(plan)
    )
    # received on the closing day it counts: action from 14 October
    got = timeline(file, "--notice-received", str(CLOSED), run=run, expect=0)
    assert got["plan"]["verdict"] == "possible"
    earliest = {e["key"]: e["date"] for e in got["entries"]}["earliest-action"]
    assert earliest == str(CLOSED + 14 * DAY)


# --- a notice period shorter than the regime allows ---------------------------------------------


def test_seven_days_under_the_2016_act_needs_the_employers_agreement(
    run: Run, write: Write
) -> None:
    # the case: received Tuesday 8 October, action Tuesday 15 October: 7 days
    file = passing(write)
    args = (file, "--notice-received", "2024-10-08", "--action-on", "2024-10-15")
    [why] = failed(verdict(*args, run=run, expect=1))
    assert "7 days" in why and "needs the employer's agreement" in why
    assert f"no later than the 14th day before the day of action, {show(D(2024, 10, 1))}" in why
    assert f"earliest day of action is {show(D(2024, 10, 22))}" in why
    assert "--notice-agreed" in why
    plan = verdict(*args, "--notice-agreed", run=run, expect=0)
    assert plan["relies_on"] == ["the union and the employer agreed a notice period of 7 days"]


@pytest.mark.parametrize(("received", "expect"), [("2024-10-01", 0), ("2024-10-02", 1)])
def test_fourteen_days_boundary(run: Run, write: Write, received: str, expect: int) -> None:
    # action on 15 October: "no later than the 14th day before" is 1 October; 2 October is late
    verdict(
        passing(write),
        "--notice-received",
        received,
        "--action-on",
        "2024-10-15",
        run=run,
        expect=expect,
    )


def test_six_days_is_too_short_even_with_agreement(run: Run, write: Write) -> None:
    plan = verdict(
        passing(write),
        *("--notice-received", "2024-10-09", "--action-on", "2024-10-15", "--notice-agreed"),
        run=run,
        expect=1,
    )
    [why] = failed(plan)
    assert "6 days" in why and "too short" in why
    assert f"earliest day of action on this notice is {show(D(2024, 10, 16))}" in why  # 9 + 7


def test_notice_received_after_the_day_of_action(run: Run, write: Write) -> None:
    args = ("--notice-received", "2024-10-20", "--action-on", "2024-10-15")
    [why] = failed(verdict(passing(write), *args, run=run, expect=1))
    assert "is not before the day of action" in why
    assert show(D(2024, 11, 3)) in why  # 20 October + 14 days


def test_era_2025_ten_days_and_no_agreement(run: Run, write: Write) -> None:
    # opened 2 March 2026 (gb-era-2025), closed 30 March: 10 days' notice, never fewer by agreement
    file = passing(write, opened="2026-03-02", closed=D(2026, 3, 30))
    received = D(2026, 3, 30)
    verdict(
        file,
        *("--notice-received", str(received), "--action-on", str(received + 10 * DAY)),
        run=run,
        expect=0,
    )
    short = ("--notice-received", str(received), "--action-on", str(received + 9 * DAY))
    verdict(file, *short, run=run, expect=1)
    got = timeline(file, *short, "--notice-agreed", run=run, expect=1)
    assert got["plan"]["verdict"] == "not-possible"
    assert any("--notice-agreed has no effect" in n for n in got["notes"])


def test_northern_ireland_seven_days(run: Run, write: Write) -> None:
    # NI: 7 days (TULR(NI) Order 1995 art 118(4)(b)); no 14-day rule
    file = passing(write, extra="jurisdiction: ni\n")
    verdict(file, "--notice-received", "2024-10-01", "--action-on", "2024-10-08", run=run, expect=0)
    verdict(file, "--notice-received", "2024-10-02", "--action-on", "2024-10-08", run=run, expect=1)


# --- action after the mandate's last day --------------------------------------------------------


def test_action_after_the_mandate_is_not_possible(run: Run, write: Write) -> None:
    file = passing(write)
    last = D(2025, 3, 29)  # 6 months beginning with 30 Sept 2024: corresponding day 30 Mar 2025
    extended = D(2025, 6, 29)  # 9 months: corresponding day 30 June 2025
    verdict(file, "--action-on", str(last), run=run, expect=0)
    [why] = failed(verdict(file, "--action-on", str(last + DAY), run=run, expect=1))
    assert f"the mandate's last day is {show(last)}" in why
    assert f"run to 9 months ({show(extended)})" in why and "--mandate-extended" in why
    plan = verdict(file, "--action-on", str(extended), "--mandate-extended", run=run, expect=0)
    assert plan["relies_on"] == [
        "the union and the employer agreed to extend the mandate to 9 months"
    ]
    [why] = failed(
        verdict(file, "--action-on", str(extended + DAY), "--mandate-extended", run=run, expect=1)
    )
    assert "a new ballot is needed" in why


def test_earliest_action_on_a_notice_after_the_mandate(run: Run, write: Write) -> None:
    # notice received 20 March 2025: earliest action 3 April, after the last day (29 March)
    plan = verdict(passing(write), "--notice-received", "2025-03-20", run=run, expect=1)
    [why] = failed(plan)
    assert why.startswith(f"The earliest day of action on this notice, {show(D(2025, 4, 3))},")


def test_pre_2017_action_must_begin_within_four_weeks(run: Run, write: Write) -> None:
    # opened 3 Oct 2016, closed 31 Oct 2016: begin within 4 weeks beginning with 31 October,
    # i.e. by 27 November 2016 (8 weeks if agreed: by 25 December)
    file = passing(write, opened="2016-10-03", closed=D(2016, 10, 31))
    verdict(file, "--action-on", "2016-11-27", run=run, expect=0)
    [why] = failed(verdict(file, "--action-on", "2016-11-28", run=run, expect=1))
    assert f"action must begin by {show(D(2016, 11, 27))}" in why
    verdict(file, "--action-on", "2016-12-25", "--mandate-extended", run=run, expect=0)


def test_a_failed_ballot_is_never_inside_the_mandate(run: Run, write: Write) -> None:
    # 450 of 1,000 voted: fails the 50% turnout test (s.226(2)(a)(iia)), so no mandate at all
    text = Path(passing(write)).read_text().replace("votes_cast: 600", "votes_cast: 450")
    text = text.replace("yes: 500, no: 100", "yes: 400, no: 50")
    file = write(text, "failed.yaml")
    table = run("timeline", str(file), "--action-on", "2024-10-20", expect=1).stdout
    assert "PLAN NOT POSSIBLE" in table and "inside the mandate" not in table


def test_without_a_plan_the_exit_code_is_zero(run: Run, write: Write) -> None:
    assert timeline(passing(write), run=run, expect=0)["plan"] is None


def test_a_plan_without_a_closing_date_cannot_be_checked(run: Run, write: Write) -> None:
    file = write(
        "title: T\nopened: 2024-09-02\neligible: 10\nquestions:\n  - {id: s, type: strike}\n"
    )
    plan = timeline(str(file), "--action-on", "2024-10-20", run=run, expect=1)["plan"]
    assert plan["verdict"] == "cannot-check"


# --- weekdays and bank holidays: information, never a moved date --------------------------------


def entries(*args: str, run: Run, expect: int = 0) -> dict[str, dict[str, Any]]:
    return {e["key"]: e for e in timeline(*args, run=run, expect=expect)["entries"]}


def test_a_deadline_on_christmas_day_is_flagged_not_moved(run: Run, write: Write) -> None:
    # action on Wednesday 8 January 2025: 14 days before is Wednesday 25 December 2024
    got = timeline(passing(write), "--action-on", "2025-01-08", run=run, expect=0)
    notice = {e["key"]: e for e in got["entries"]}["notice-for-action"]
    assert (notice["date"], notice["weekday"]) == ("2024-12-25", "Wednesday")
    assert "bank holiday in England and Wales" in notice["day_flag"]
    assert any("the statute counts calendar days" in n for n in got["notes"])
    assert got["bank_holidays"] == ["england-wales"]


def test_a_weekend_is_flagged(run: Run, write: Write) -> None:
    got = entries(passing(write), run=run)
    # scrutineer's report: 4 weeks beginning with Monday 30 Sept 2024 end on Sunday 27 October
    report = got["scrutineer-report"]
    assert (report["date"], report["weekday"], report["day_flag"]) == (
        "2024-10-27",
        "Sunday",
        "Sunday",
    )
    # 6 months beginning with 30 September 2024 end on Saturday 29 March 2025
    end = got["mandate-end"]
    assert (end["date"], end["weekday"], end["day_flag"]) == ("2025-03-29", "Saturday", "Saturday")


def test_working_days_are_not_flagged(run: Run, write: Write) -> None:
    got = entries(passing(write), run=run)
    assert got["date-of-ballot"]["day_flag"] is None  # Monday 30 September 2024
    assert got["opened"]["day_flag"] is None  # Monday 2 September 2024


@pytest.mark.parametrize(
    ("extra", "options", "holiday", "working"),
    [
        # Scotland's summer bank holiday is the first Monday of August (5 Aug 2024); England and
        # Wales have theirs on the last Monday (26 Aug 2024)
        ("", ("--bank-holidays", "scotland"), "2024-08-05", "2024-08-26"),
        ("", (), "2024-08-26", "2024-08-05"),
        # Northern Ireland: 12 July (Battle of the Boyne), a Friday in 2024; not in England
        ("jurisdiction: ni\n", (), "2024-07-12", "2024-08-05"),
        ("", (), "2024-08-26", "2024-07-12"),
    ],
)
def test_bank_holidays_by_part_of_the_uk(
    run: Run, write: Write, extra: str, options: tuple[str, ...], holiday: str, working: str
) -> None:
    # a ballot opening 7 days after the day tested puts its s.226A notice deadline on that day
    def notice_flag(day: str) -> str | None:
        opened = D.fromisoformat(day) + 7 * DAY
        file = passing(write, opened=str(opened), closed=opened + 28 * DAY, extra=extra)
        entry = entries(file, *options, run=run)["ballot-notice"]
        assert entry["date"] == day
        flag: str | None = entry["day_flag"]
        return flag

    assert "bank holiday in" in (notice_flag(holiday) or "")
    assert notice_flag(working) is None


def test_scotland_and_england_together(run: Run, write: Write) -> None:
    opened = D(2024, 8, 12)  # notice deadline Monday 5 August: Scotland only
    file = passing(write, opened=str(opened), closed=opened + 28 * DAY)
    both = ("--bank-holidays", "england-wales", "--bank-holidays", "scotland")
    flag = entries(file, *both, run=run)["ballot-notice"]["day_flag"]
    assert flag.startswith("bank holiday in Scotland")


def test_table_and_csv_show_the_weekday(run: Run, write: Write) -> None:
    file = passing(write)
    table = run("timeline", file).stdout
    assert "2024-09-30 Mon" in table  # the date of the ballot
    assert "not a working day: Sunday" in table  # the scrutineer's report, 27 October
    rows = run("timeline", file, "--format", "csv").stdout.splitlines()
    header = rows[0].split(",")
    assert header[3:6] == ["date", "weekday", "day_flag"]
    assert any(",2024-10-27,Sunday,Sunday," in row for row in rows)


# --- the day the employer was told, recorded in the ballot file ---------------------------------


def test_told_employer_in_the_file_is_used_as_the_start_of_the_notice_period(
    run: Run, write: Write
) -> None:
    told = D(2024, 10, 3)
    file = passing(write, extra=f"told_employer: {told}\n")
    action = CLOSED + 14 * DAY  # possible if told on the closing day; not if told on 3 October
    [why] = failed(verdict(file, "--action-on", str(action), run=run, expect=1))
    assert f"earliest day of action is {show(told + 14 * DAY)}" in why
    verdict(file, "--action-on", str(told + 14 * DAY), run=run, expect=0)
    # without a plan, the recorded day is still on the timeline, as an event
    entries = timeline(file, run=run, expect=0)["entries"]
    assert [e["date"] for e in entries if e["key"] == "employer-told"] == [str(told)]


def test_told_employer_before_the_close_is_refused_where_it_is_written(
    run: Run, write: Write
) -> None:
    file = passing(write, extra="told_employer: 2024-09-29\n")
    line = Path(file).read_text().splitlines().index("told_employer: 2024-09-29") + 1
    err = run("validate", file, expect=2).stderr
    assert err.startswith(f"{file}:{line}: told_employer: 2024-09-29 is before the ballot closed")
