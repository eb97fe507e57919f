"""`ballotcalc target` for ballots with units, the recent pace, per-test figures and the posting day.

Expected figures come from the law (turnout: 2R >= E, so ceil(E/2) returns; support: 5Y >= 2E, so
ceil(2E/5) Yes) and from arithmetic written out here, never from the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from tests.conftest import BALLOTS, Run

from ballotcalc.bank_holidays import BankHolidays
from ballotcalc.errors import InputError
from ballotcalc.judging import load_ballot
from ballotcalc.planning import DEFAULT_RECENT_DAYS, plan, plan_units
from ballotcalc.posting import last_posting_day
from ballotcalc.render.target_units import CSV_COLUMNS

D = dt.date
Write = Callable[..., Path]
LIVE_NHS = str(BALLOTS / "illustrative-nhs-trusts-2022-live.yaml")


def flat(text: str) -> str:
    """Output with its line wrapping undone (the table wraps long values to the width)."""
    return " ".join(text.split())


def ceil_div(a: int, b: int) -> int:
    """Rounded up, by integers only: the least n with n * b >= a."""
    return (a + b - 1) // b


def turnout_needed(e: int) -> int:
    """Least R with R/E >= 50%, by search: 2R >= E."""
    return next(r for r in range(e + 1) if 2 * r >= e)


def yes_needed(e: int) -> int:
    """Least Y with Y/E >= 40%, by search: 5Y >= 2E."""
    return next(y for y in range(e + 1) if 5 * y >= 2 * e)


HEAD = """\
title: Live units
opened: 2023-01-09
closed: 2023-02-06
{extra}questions:
  - id: strike
    type: strike
units:
"""
HEALTH = "important_public_service: health\n"


def units_file(write: Write, units: str, extra: str = HEALTH, name: str = "ballot.yaml") -> Path:
    return write(HEAD.format(extra=extra) + units, name)


# Three units, counted to the end of 2023-01-27 (19 days from the opening, both counted; 10 days
# left to the close on 2023-02-06):
#   Alder: 2,000 entitled; 740 returned (668 three days before: 24 a day lately), Yes 600 of 740.
#   Birch: 1,000 entitled; 520 returned, Yes 450: both tests met.
#   Cedar: 800 entitled; no count yet.
UNITS = """\
  - name: Alder
    eligible: 2000
    returns:
      - {date: 2023-01-13, returned: 300}
      - {date: 2023-01-24, returned: 668}
      - {date: 2023-01-27, returned: 740, yes: 600}
  - name: Birch
    eligible: 1000
    returns:
      - {date: 2023-01-20, returned: 400}
      - {date: 2023-01-27, returned: 520, yes: 450}
  - name: Cedar
    eligible: 800
"""
AS_OF = D(2023, 1, 27)
CLOSED = D(2023, 2, 6)
OPENED = D(2023, 1, 9)
ELAPSED = (AS_OF - OPENED).days + 1  # 19
LEFT = (CLOSED - AS_OF).days  # 10: the days after the last count, the closing day included


def test_each_units_figures_from_the_arithmetic(write: Write) -> None:
    p = plan_units(load_ballot(units_file(write, UNITS)))
    by_name = {u.name: u for u in p.units}
    alder = by_name["Alder"].position
    assert ELAPSED == 19 and LEFT == 10
    assert alder.returned == 740 and alder.as_of == AS_OF and alder.days_left == LEFT
    # turnout: ceil(2000/2) = 1000 returns; 260 more; 26 a day over the 10 days left
    assert alder.turnout is not None
    assert alder.turnout.needed == turnout_needed(2000) == 1000
    assert alder.turnout.still == 1000 - 740
    assert alder.turnout.per_day == ceil_div(1000 - 740, LEFT) == 26
    # support: ceil(2 * 2000 / 5) = 800 Yes; 600 counted; 200 more; 20 a day
    assert alder.support is not None
    assert alder.support.needed == yes_needed(2000) == 800
    assert alder.support.so_far == 600 and not alder.support.estimated
    assert alder.support.still == 800 - 600
    assert alder.support.per_day == ceil_div(200, LEFT)
    # the pace so far: 740 over 19 days; recent: 72 over the last 3 days
    assert alder.average is not None and alder.average.rate == Fraction(740, ELAPSED)
    assert alder.recent is not None and alder.recent.rate == Fraction(740 - 668, 3) == 24
    assert alder.recent.first_day == D(2023, 1, 25) and alder.recent.days == 3
    # projections: the last count plus the pace times the days left, whole papers only
    assert alder.average.projected_returns == 740 + (740 * LEFT) // ELAPSED
    assert alder.recent.projected_returns == 740 + 24 * LEFT == 980
    # Yes at the close at the unit's own share (600 of 740), rounded down
    assert alder.recent.projected_yes == (600 * 980) // 740
    birch = by_name["Birch"].position
    assert birch.turnout is not None and birch.turnout.still == 0  # 520 >= 500
    assert birch.support is not None and birch.support.still == 0  # 450 >= 400
    assert birch.group == "met"
    cedar = by_name["Cedar"].position
    assert cedar.returned is None and cedar.group == "no-returns"
    assert cedar.turnout is not None and cedar.turnout.still is None  # not "800 still needed"


def test_front_loaded_returns_recent_pace_says_out_of_reach(write: Write) -> None:
    """The last three days ran at 24 a day while 26 a day are needed: the average since the opening
    (740 over 19 days, about 39 a day) says the turnout will be met; the recent pace says not."""
    p = plan_units(load_ballot(units_file(write, UNITS)))
    alder = next(u for u in p.units if u.name == "Alder").position
    assert alder.turnout is not None and alder.turnout.per_day == 26
    assert alder.recent is not None and alder.recent.rate == 24 < 26
    assert alder.average is not None and alder.average.rate > 26
    assert alder.average.projected_returns >= 1000  # the average: reachable
    assert alder.recent.projected_returns < 1000  # the recent pace: short
    assert alder.average.meets is True and alder.recent.meets is False
    assert alder.group == "out-of-reach"


SINGLE = """\
title: Front-loaded
opened: 2023-01-09
closed: 2023-02-06
eligible: 2000
question: Strike?
returns:
  - {date: 2023-01-13, returned: 300}
  - {date: 2023-01-24, returned: 668}
  - {date: 2023-01-27, returned: 740}
"""


def test_single_ballot_front_loaded_shows_both_paces(run: Run, write: Write) -> None:
    path = write(SINGLE)
    p = plan(load_ballot(path), regime="gb-tua-2016")
    assert p.position.recent is not None and p.position.recent.rate == 24
    assert p.per_day_needed == ceil_div(turnout_needed(2000) - 740, LEFT) == 26
    assert p.position.average is not None and p.position.average.meets is True
    assert p.position.recent.meets is False
    out = run("target", str(path), "--regime", "gb-tua-2016").stdout
    lines = out.splitlines()
    recent_at = next(i for i, line in enumerate(lines) if line.startswith("Recent pace"))
    so_far_at = next(i for i, line in enumerate(lines) if line.startswith("Pace so far"))
    assert "24.00 returns a day" in lines[recent_at]
    assert "SHORT of the turnout threshold" in lines[recent_at + 1]
    assert "meets every test" in lines[so_far_at + 1]
    assert "26 returns (rounded up)" in out


def test_still_needed_none_is_not_said_while_the_support_test_needs_yes(
    run: Run, write: Write
) -> None:
    """Turnout reached (600 of 1,000) but Yes 350 of the 400 needed: each test has its own line."""
    path = write(
        "title: t\nopened: 2023-01-09\nclosed: 2023-02-06\neligible: 1000\n"
        f"{HEALTH}question: Strike?\n"
        "returns:\n  - {date: 2023-01-27, returned: 600, yes: 353}\n"
    )
    out = run("target", str(path)).stdout
    assert "none: the turnout threshold is reached" in out
    assert "Still needed  none" not in out and "Still needed: none" not in out
    assert f"{yes_needed(1000) - 353} Yes" in out
    # 47 Yes over 10 days: 5 a day (4.7 rounded up)
    assert f"{ceil_div(yes_needed(1000) - 353, LEFT)} Yes (rounded up)" in out
    assert ceil_div(47, 10) == 5


@pytest.mark.parametrize(
    ("closed", "post_days", "calendar", "expected"),
    [
        # Easter 2024: Good Friday 29 March, Easter Monday 1 April (England and Wales). Closing on
        # Tuesday 2 April, 3 working days: Tue 2 Apr, Thu 28 Mar, Wed 27 Mar; posted the working
        # day before, Tuesday 26 March.
        (D(2024, 4, 2), 3, BankHolidays.ENGLAND_WALES, D(2024, 3, 26)),
        # Scotland has no Easter Monday holiday: Tue 2, Mon 1 Apr, Thu 28 Mar -> Wed 27 March.
        (D(2024, 4, 2), 3, BankHolidays.SCOTLAND, D(2024, 3, 27)),
        # Christmas 2025: Thu 25 and Fri 26 December. Closing Tuesday 30 December, 2 working
        # days: Tue 30, Mon 29; the working day before is Wednesday 24 December.
        (D(2025, 12, 30), 2, BankHolidays.ENGLAND_WALES, D(2025, 12, 24)),
        # An ordinary week: closing Friday 10 May 2024, 3 days: Fri, Thu, Wed -> Tuesday 7 May.
        (D(2024, 5, 10), 3, BankHolidays.ENGLAND_WALES, D(2024, 5, 7)),
    ],
)
def test_last_posting_day_by_hand(
    closed: dt.date, post_days: int, calendar: BankHolidays, expected: dt.date
) -> None:
    assert last_posting_day(closed, post_days, (calendar,)).last_day == expected


def test_posting_day_in_the_output_names_the_calendar(run: Run, write: Write) -> None:
    path = write(
        "title: t\nopened: 2024-03-11\nclosed: 2024-04-02\neligible: 100\nquestion: Strike?\n"
        "returns:\n  - {date: 2024-03-20, returned: 30}\n"
    )
    out = flat(run("target", str(path)).stdout)
    assert "2024-03-26 (Tuesday)" in out and "England and Wales bank holidays" in out
    assert "Easter Monday" in out and "Good Friday" in out
    scottish = flat(run("target", str(path), "--bank-holidays", "scotland").stdout)
    assert "2024-03-27 (Wednesday)" in scottish and "Scotland bank holidays" in scottish
    record = json.loads(run("target", str(path), "--format", "json").stdout)["target"]
    assert record["last_posting_day"] == "2024-03-26"
    assert record["bank_holidays"] == ["england-wales"]  # a list, as in timeline's JSON
    row = next(csv.DictReader(io.StringIO(run("target", str(path), "--format", "csv").stdout)))
    assert row["bank_holidays"] == "england-wales"


def test_posting_day_passed_is_said_by_today(
    run: Run, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(
        "title: t\nopened: 2024-03-11\nclosed: 2024-04-02\neligible: 100\nquestion: Strike?\n"
    )
    monkeypatch.setenv("BALLOTCALC_TODAY", "2024-03-26")
    assert "PASSED" not in run("target", str(path)).stdout
    monkeypatch.setenv("BALLOTCALC_TODAY", "2024-03-27")
    assert "PASSED" in run("target", str(path)).stdout


def test_units_table_groups_closest_first(run: Run, write: Write) -> None:
    more = (
        "  - name: Dogwood\n    eligible: 100\n    returns:\n"
        "      - {date: 2023-01-24, returned: 30, yes: 30}\n"
        "      - {date: 2023-01-27, returned: 45, yes: 45}\n"
        "  - name: Elm\n    eligible: 100\n    returns:\n"
        "      - {date: 2023-01-24, returned: 10, yes: 10}\n"
        "      - {date: 2023-01-27, returned: 45, yes: 45}\n"
    )
    # Dogwood: 5 a day lately, 5 more needed over 10 days: within reach, gap 5.
    # Elm: same 45 but about 11.7 a day lately: within reach, gap 5 as well; name breaks the tie.
    path = units_file(write, UNITS + more)
    p = plan_units(load_ballot(path))
    dogwood = next(u for u in p.units if u.name == "Dogwood").position
    assert dogwood.turnout is not None  # 5 more over 10 days: 1 a day (0.5 rounded up)
    assert dogwood.turnout.per_day == ceil_div(turnout_needed(100) - 45, LEFT) == 1
    order = [(u.name, u.position.group) for u in p.units]
    assert order == [
        ("Birch", "met"),
        ("Dogwood", "within-reach"),
        ("Elm", "within-reach"),
        ("Alder", "out-of-reach"),
        ("Cedar", "no-returns"),
    ]
    out = run("target", str(path)).stdout
    headings = [
        "Met: every test reached",
        "Within reach at the recent pace (2)",
        "Out of reach at the recent pace (1)",
        "No returns yet (1)",
    ]
    at = [out.index(h) for h in headings]
    assert at == sorted(at)
    assert "no returns yet" in out
    assert "not legal advice" in out


def test_units_sorted_by_gap_within_a_group(write: Write) -> None:
    units = "".join(
        f"  - name: {name}\n    eligible: 1000\n    returns:\n"
        f"      - {{date: 2023-01-24, returned: {n - 300}, yes: {n - 300}}}\n"
        f"      - {{date: 2023-01-27, returned: {n}, yes: {n}}}\n"
        for name, n in (("Far", 420), ("Near", 480), ("Mid", 450))
    )
    p = plan_units(load_ballot(units_file(write, units)))
    assert [u.name for u in p.units] == ["Near", "Mid", "Far"]
    assert [u.position.gap for u in p.units] == [500 - 480, 500 - 450, 500 - 420]


def test_units_csv_and_json_shapes(run: Run, write: Write) -> None:
    path = str(units_file(write, UNITS))
    rows = list(csv.DictReader(io.StringIO(run("target", path, "--format", "csv").stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["unit"] for r in rows] == ["Birch", "Alder", "Cedar"]
    alder = rows[1]
    assert alder["returns_still_needed"] == "260" and alder["returns_per_day_needed"] == "26"
    assert alder["yes_still_needed"] == "200" and alder["recent_rate_per_day"] == "24.00"
    assert alder["recent_meets"] == "false" and alder["average_meets"] == "true"
    cedar = rows[2]
    assert cedar["returned"] == "" and cedar["group"] == "no-returns"
    record = json.loads(run("target", path, "--format", "json").stdout)
    assert "not legal advice" in record["disclaimer"]
    target = record["target"]
    assert [u["name"] for u in target["units"]] == ["Birch", "Alder", "Cedar"]
    unit = target["units"][1]
    assert unit["turnout"] == {
        "needed": 1000,
        "so_far": 740,
        "so_far_estimated": False,
        "still_needed": 260,
        "per_day_needed": 26,
    }
    assert unit["recent_pace"]["rate_per_day"] == 24.0
    assert target["units"][2]["returned"] is None
    assert target["totals"]["groups"] == {
        "met": 1,
        "within-reach": 0,
        "out-of-reach": 1,
        "unknown": 0,
        "no-returns": 1,
    }
    assert target["totals"]["returned"] == 740 + 520
    assert target["totals"]["returns_still_needed"] == 260 + 0
    assert target["totals"]["legal_test"] is False


def test_yes_share_option_stands_for_units_without_a_yes_count(write: Write) -> None:
    units = "  - name: Fir\n    eligible: 1000\n    returns:\n      - {date: 2023-01-27, returned: 505}\n"
    path = units_file(write, units)
    no_share = plan_units(load_ballot(path)).units[0]
    assert no_share.position.support is not None and no_share.position.support.so_far is None
    assert no_share.position.group == "unknown"
    with_share = plan_units(load_ballot(path), yes_share=Fraction(7, 10)).units[0]
    support = with_share.position.support
    assert support is not None and support.estimated and with_share.yes_share_from == "option"
    assert support.so_far == (7 * 505) // 10 == 353  # 70% of 505 is 353.5: rounded down
    assert support.still == yes_needed(1000) - 353


def test_aggregated_ballot_adds_the_units_on_common_days(write: Write) -> None:
    path = units_file(write, UNITS.replace("  - name: Cedar\n    eligible: 800\n", ""),
                      extra="aggregation: aggregate\n")  # fmt: skip
    p = plan_units(load_ballot(path))
    assert p.aggregate is not None
    # the only day both units counted: 2023-01-27, 740 + 520 of 3,000
    assert p.aggregate.as_of == AS_OF and p.aggregate.returned == 740 + 520
    assert p.aggregate.turnout is not None
    assert p.aggregate.turnout.still == turnout_needed(3000) - 1260


def test_shipped_live_example(run: Run) -> None:
    out = run("target", LIVE_NHS).stdout
    assert "Garside" in out and "No returns yet (1)" in out
    assert "Out of reach at the recent pace" in out
    assert "ILLUSTRATIVE" in out


def test_closed_units_ballot_still_points_to_result(run: Run) -> None:
    err = run("target", str(BALLOTS / "illustrative-nhs-trusts-2022.yaml"), expect=2).stderr
    assert "has closed" in err and "eligible: is required" not in err


def test_returned_option_with_units_is_refused(run: Run, write: Write) -> None:
    path = str(units_file(write, UNITS))
    err = run("target", path, "--returned", "5", "--on", "2023-01-28", expect=2).stderr
    assert "for a ballot without units" in err


def test_recent_default_is_the_cores() -> None:
    from ballotcalc.commands.target import RECENT_DAYS

    assert RECENT_DAYS == DEFAULT_RECENT_DAYS


# --- the file: live units and their checks -----------------------------------------------------


def test_live_unit_returns_are_checked_and_located(run: Run, write: Write) -> None:
    units = (
        "  - name: Alder\n    eligible: 100\n    returns:\n"
        "      - {date: 2023-01-13, returned: 30}\n"
        "      - {date: 2023-01-20, returned: 20}\n"
        "      - {date: 2023-01-27, returned: 120, yes: 130}\n"
    )
    err = run("target", str(units_file(write, units)), expect=2).stderr
    assert ":13: units.0.returns.1.returned: 20 is fewer than the 30" in err
    assert ":14: units.0.returns.2.yes: 130 Yes is more than the 120" in err
    assert ":14: units.0.returns.2.returned: 120 is more than eligible 100" in err


def test_units_all_counted_or_none(run: Run, write: Write) -> None:
    units = (
        "  - name: Alder\n    eligible: 100\n    votes_cast: 60\n"
        "    results: {strike: {yes: 40, no: 20}}\n"
        "  - name: Birch\n    eligible: 100\n"
    )
    err = run("validate", str(units_file(write, units, extra="")), expect=2).stderr
    assert "units.1.votes_cast: is required: other units have their results" in err
    assert "units.1.results: is required" in err


def test_unit_returns_typo_suggests_the_key(run: Run, write: Write) -> None:
    units = (
        "  - name: Alder\n    eligible: 100\n    returns:\n      - {date: 2023-01-13, retuned: 3}\n"
    )
    err = run("target", str(units_file(write, units)), expect=2).stderr
    assert "did you mean 'returned'?" in err


# --- a returns CSV ----------------------------------------------------------------------------

NAMES = "  - name: Alder\n    eligible: 2000\n  - name: Birch\n    eligible: 1000\n"


def csv_ballot(write: Write, body: str) -> Path:
    write(body, "returns.csv")
    return units_file(write, NAMES, extra=f"{HEALTH}returns_csv: returns.csv\n")


def test_returns_csv_gives_the_same_figures_as_inline(run: Run, write: Write) -> None:
    body = (
        "Employer,Date,Returned,Yes\n"
        "Alder,2023-01-13,300,\n"
        "Birch,2023-01-20,400,\n"
        "alder ,2023-01-24,668,\n"  # case and spaces aside
        "Alder,2023-01-27,740,600\n"
        "Birch,2023-01-27,520,450\n"
    )
    path = str(csv_ballot(write, body))
    inline = str(units_file(write, UNITS.replace("  - name: Cedar\n    eligible: 800\n", ""),
                            name="inline.yaml"))  # fmt: skip
    a = json.loads(run("target", path, "--format", "json").stdout)["target"]["units"]
    b = json.loads(run("target", inline, "--format", "json").stdout)["target"]["units"]
    assert a == b


def test_returns_csv_bad_headers_one_error_each(run: Run, write: Write) -> None:
    rows = "".join(f"Alder,2023-01-{d:02d},{d}\n" for d in range(10, 28))
    err = run("target", str(csv_ballot(write, "Unit,Dat,Returned,Region\n" + rows)), expect=2)
    lines = err.stderr.strip().splitlines()
    assert lines == [
        f"{lines[0].split(':')[0]}:1: column 'Dat': is not a column of a returns CSV "
        "(unit, date, returned and optionally yes); did you mean 'date'?",
        f"{lines[0].split(':')[0]}:1: column 'Region': is not a column of a returns CSV "
        "(unit, date, returned and optionally yes)",
        f"{lines[0].split(':')[0]}:1: no column for date (unit, date, returned and optionally yes)",
    ]
    assert lines[0].split(":")[0].endswith("returns.csv")


def test_returns_csv_rows_located(run: Run, write: Write) -> None:
    body = (
        "unit,date,returned,yes\n"
        "Alder,2023-01-13,300,\n"  # line 2
        "Alderr,2023-01-14,310,\n"  # 3: unknown unit
        "Birch,27/01/2023,10,\n"  # 4: day first
        "Birch,2023-01-20,abc,\n"  # 5: not a number
        "Alder,2023-01-20,200,\n"  # 6: fewer than line 2
        "Birch,2023-01-21,1001,\n"  # 7: more than eligible
        "Birch,2023-01-22,5,9\n"  # 8: yes over returned (and fewer than line 7)
        "Alder,2023-01-13,300,\n"  # 9: given twice
    )
    err = run("target", str(csv_ballot(write, body)), expect=2).stderr
    assert (
        "returns.csv:3: column 'unit': 'Alderr' is not one of the ballot's units; did you mean 'Alder'?"
        in err
    )
    assert (
        "returns.csv:4: column 'date': dates are written YYYY-MM-DD: did you mean 2023-01-27?"
        in err
    )
    assert "returns.csv:5: column 'returned': must be a whole number" in err
    assert "returns.csv:6: column 'returned': Alder: 200 is fewer than the 300" in err
    assert "returns.csv:7: column 'returned': Birch: 1,001 is more than eligible 1,000" in err
    assert "returns.csv:8: column 'yes': Birch: 9 Yes is more than the 5" in err
    assert "returns.csv:9: column 'date': Alder: 2023-01-13 is given twice (line 2 too)" in err
    assert "Traceback" not in err


def test_returns_csv_needs_listed_units_and_not_both(run: Run, write: Write) -> None:
    write("unit,date,returned\nAlder,2023-01-13,3\n", "returns.csv")
    both = units_file(
        write,
        "  - name: Alder\n    eligible: 10\n    returns:\n      - {date: 2023-01-13, returned: 3}\n",
        extra="returns_csv: returns.csv\n",
    )
    err = run("target", str(both), expect=2).stderr
    assert "use either returns under each unit or returns_csv" in err
    alone = write(
        "title: t\nopened: 2023-01-09\nclosed: 2023-02-06\neligible: 10\nquestion: Strike?\n"
        "returns_csv: returns.csv\n",
        "alone.yaml",
    )
    assert "needs the units listed" in run("target", str(alone), expect=2).stderr


def test_returns_csv_outside_the_folder_is_refused(write: Write, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-returns.csv"
    outside.write_text("unit,date,returned\nAlder,2023-01-13,3\n", encoding="utf-8")
    try:
        path = units_file(write, NAMES, extra=f"returns_csv: ../{outside.name}\n")
        with pytest.raises(InputError) as caught:
            load_ballot(path)
        assert "a returns CSV must be in it" in str(caught.value.problems[0])
    finally:
        outside.unlink()


def test_a_projection_exactly_at_the_threshold_meets_it(write: Write) -> None:
    """25 returns over the 10 days from 9 to 18 January is 2.5 a day; 10 days left (to the close
    on the 28th) bring 25 more: exactly 50 of 100, which meets 50% (2R >= E)."""
    path = write(
        "title: t\nopened: 2023-01-09\nclosed: 2023-01-28\neligible: 100\nquestion: Strike?\n"
        "returns:\n  - {date: 2023-01-18, returned: 25}\n"
    )
    p = plan(load_ballot(path), regime="gb-tua-2016")
    average = p.position.average
    assert average is not None and average.rate == Fraction(25, 10)
    assert average.projected_returns == 25 + (25 * 10) // 10 == turnout_needed(100)
    assert average.turnout_met is True and average.meets is True
