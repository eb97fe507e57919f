"""`ballotcalc target` and the planning core: expected figures from the law (2V >= E, 5Y >= 2E,
s.246) and from arithmetic written out here, never from the code under test."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import BALLOTS, Run

from ballotcalc.errors import InputError
from ballotcalc.judging import load_ballot
from ballotcalc.planning import PlanningError, plan
from ballotcalc.render.target import CSV_COLUMNS

D = dt.date
HMRC = str(BALLOTS / "hmrc-2011.yaml")
Write = Callable[..., Path]

LIVE = """\
title: Live test ballot
opened: {opened}
closed: {closed}
eligible: {eligible}
{extra}questions:
  - id: strike
    type: strike
{returns}"""


def live(
    write: Write,
    *,
    opened: str = "2023-01-09",
    closed: str = "2023-02-06",
    eligible: int = 1000,
    extra: str = "",
    returns: str = "",
) -> Path:
    return write(
        LIVE.format(opened=opened, closed=closed, eligible=eligible, extra=extra, returns=returns)
    )


def days_inclusive(first: dt.date, last: dt.date) -> int:
    """Days from `first` to `last`, both counted, by stepping a day at a time."""
    n, day = 0, first
    while day <= last:
        n, day = n + 1, day + dt.timedelta(days=1)
    return n


# --- the live example, hmrc-2011 ----------------------------------------------------------------


def test_hmrc_under_its_own_regime_has_nothing_to_chase(run: Run) -> None:
    out = run("target", HMRC).stdout
    assert "gb-pre-2017" in out
    assert "nothing to chase" in out
    assert "Returns needed" not in out
    assert "not legal advice" in out
    record = json.loads(run("target", HMRC, "--format", "json").stdout)["target"]
    assert record["status"] == "no-threshold"
    assert record["returns_target"] is None and record["still_needed"] is None
    assert record["returned"] == 5200


def test_hmrc_under_the_2016_act(run: Run) -> None:
    record = json.loads(run("target", HMRC, "--regime", "gb-tua-2016", "--format", "json").stdout)[
        "target"
    ]
    e, returned = 21_000, 5_200
    opened, closed, as_of = D(2011, 10, 28), D(2011, 11, 17), D(2011, 11, 11)
    # 2V >= E: the least V is 10,500 (10,499 fails: 20,998 < 21,000)
    target = next(v for v in range(e + 1) if 2 * v >= e)
    assert target == 10_500
    # days after 11 Nov up to and including 17 Nov: 12, 13, 14, 15, 16, 17
    left = 6
    elapsed = days_inclusive(opened, as_of)  # 28 Oct .. 11 Nov
    total = days_inclusive(opened, closed)  # 28 Oct .. 17 Nov
    assert (elapsed, total) == (15, 21)
    per_day = next(n for n in range(target) if n * left >= target - returned)
    projected = returned * total // elapsed
    crossing = next(k for k in range(1, 1000) if returned * k >= target * elapsed)
    assert record["status"] == "chase"
    assert record["returns_target"] == target
    assert record["still_needed"] == target - returned == 5_300
    assert record["days_left"] == left
    assert record["days_elapsed"] == elapsed
    assert record["per_day_needed"] == per_day == 884
    assert record["rate_per_day"] == 346.67
    assert record["projected_returns"] == projected == 7_280
    assert record["projected_turnout_pct"] == 34.67
    assert record["projected_met"] is False
    assert record["crossing_day"] == str(opened + dt.timedelta(days=crossing - 1)) == "2011-11-27"
    assert record["crossing_in_time"] is False
    # the shop is not an important public service: no 40% test, and the output says why
    assert record["yes_needed"] is None
    assert any("40% support test is not applied" in n for n in record["notes"])


def test_hmrc_table_shows_the_figures_and_the_chart(run: Run) -> None:
    out = run("target", HMRC, "--regime", "gb-tua-2016").stdout
    for text in (
        "10,500",
        "5,300",
        "884",
        "2011-11-27",
        "AFTER the close",
        "s.246",
        "│",
        "█",
        "░",
        "not legal advice",
    ):
        assert text in out, text


def test_hmrc_csv_has_the_same_figures_as_json(run: Run) -> None:
    args = ("target", HMRC, "--regime", "gb-tua-2016")
    record = json.loads(run(*args, "--format", "json").stdout)["target"]
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert len(rows) == 1 and tuple(rows[0]) == CSV_COLUMNS
    for column in CSV_COLUMNS:
        value = record[column]
        expected = (
            ""
            if value is None
            else str(value).lower()
            if isinstance(value, bool)
            else f"{value:.2f}"
            if isinstance(value, float)
            else " ".join(value)  # a list in JSON (bank_holidays), space-separated in CSV
            if isinstance(value, list)
            else str(value)
        )
        assert rows[0][column] == expected, column


def test_check_on_a_live_ballot_points_to_target(run: Run) -> None:
    """(`result` shows a live ballot as open: tests/test_live_result.py.)"""
    result = run("check", HMRC, expect=2)
    assert "has no results yet" in result.stderr
    assert "ballotcalc target" in result.stderr
    assert result.stderr.startswith(f"{HMRC}:")
    assert result.stdout == ""


def test_a_count_from_the_command_line(run: Run) -> None:
    record = json.loads(
        run(
            "target",
            HMRC,
            "--regime",
            "gb-tua-2016",
            "--returned",
            "6000",
            "--on",
            "2011-11-14",
            "--format",
            "json",
        ).stdout
    )["target"]
    assert record["as_of"] == "2011-11-14"
    assert record["still_needed"] == 10_500 - 6_000
    assert record["days_left"] == 3  # 15, 16, 17 November
    assert record["per_day_needed"] == 1_500
    assert [c["returned"] for c in record["counts"]] == [1450, 2900, 4100, 5200, 6000]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--returned", "100"), "--returned and --on go together"),
        (("--on", "2011-11-14"), "--returned and --on go together"),
        (("--returned", "5000", "--on", "2011-11-14"), "fewer than the 5,200"),
        (("--returned", "5300", "--on", "2011-11-10"), "more than the 5,200"),
        (("--returned", "4000", "--on", "2011-11-08"), "already has a count for 2011-11-08"),
        (("--returned", "100", "--on", "2011-10-27"), "before the ballot opened"),
        (("--returned", "9000", "--on", "2011-11-18"), "after the ballot closed"),
        (("--returned", "21001", "--on", "2011-11-14"), "more than eligible 21,000"),
        (("--yes-share", "120"), "from 0 to 100"),
        (("--yes-share", "lots"), "not a percentage"),
        (("--regime", "gb-nope"), "unknown regime"),
    ],
)
def test_bad_options_exit_2_with_a_message(run: Run, args: tuple[str, ...], message: str) -> None:
    result = run("target", HMRC, *args, expect=2)
    assert message in result.stderr


# --- the returns list in the ballot file ---------------------------------------------------------


@pytest.mark.parametrize(
    ("returns", "line", "path", "message"),
    [
        (
            "  - {date: 2023-01-20, returned: 300}\n  - {date: 2023-01-25, returned: 250}\n",
            10,
            "returns.1.returned",
            "fewer than the 300 of the entry before",
        ),
        ("  - {date: 2023-01-08, returned: 10}\n", 9, "returns.0.date", "before the ballot opened"),
        ("  - {date: 2023-02-07, returned: 10}\n", 9, "returns.0.date", "after the ballot closed"),
        (
            "  - {date: 2023-01-20, returned: 10}\n  - {date: 2023-01-20, returned: 20}\n",
            10,
            "returns.1.date",
            "given twice",
        ),
        (
            "  - {date: 2023-01-20, returned: 10}\n  - {date: 2023-01-19, returned: 20}\n",
            10,
            "returns.1.date",
            "date order",
        ),
        (
            "  - {date: 2023-01-20, returned: 1001}\n",
            9,
            "returns.0.returned",
            "more than eligible 1,000",
        ),
        (
            "  - {date: 2023-01-20, returnd: 10}\n",
            9,
            "returns.0.returnd",
            "did you mean 'returned'",
        ),
        ("  - {date: 2023-01-20, returned: '10'}\n", 9, "returns.0.returned", "whole number"),
    ],
)
def test_bad_returns_are_errors_naming_the_entry(
    run: Run, write: Write, returns: str, line: int, path: str, message: str
) -> None:
    file = live(write, returns="returns:\n" + returns)
    result = run("target", str(file), expect=2)
    assert f"{file}:{line}: {path}: " in result.stderr
    assert message in result.stderr
    # the same errors from validate, which a live ballot otherwise passes
    assert message in run("validate", str(file), expect=2).stderr


def test_a_good_live_ballot_validates(run: Run, write: Write) -> None:
    file = live(write, returns="returns:\n  - {date: 2023-01-20, returned: 300}\n")
    assert run("validate", str(file)).stdout == ""


def test_returns_above_the_final_votes_cast_are_an_error(write: Write) -> None:
    file = write(
        "title: t\nclosed: 2023-02-06\neligible: 100\nvotes_cast: 50\nquestions:\n"
        "  - {id: strike, type: strike}\nresults:\n  strike: {yes: 40, no: 10}\n"
        "returns:\n  - {date: 2023-02-01, returned: 60}\n"
    )
    with pytest.raises(InputError) as info:
        load_ballot(file)
    assert "returns.0.returned: 60 is more than the final votes_cast 50" in str(info.value)


# --- thresholds, days and the 40% test -----------------------------------------------------------


@pytest.mark.parametrize(
    ("eligible", "returned", "still"), [(16, 8, 0), (17, 8, 1), (10_000, 4_999, 1)]
)
def test_the_turnout_line_is_inclusive(
    write: Write, eligible: int, returned: int, still: int
) -> None:
    # 8 of 16 is exactly 50% and passes; 8 of 17 and 4,999 of 10,000 fall short by one
    file = live(
        write,
        eligible=eligible,
        returns=f"returns:\n  - {{date: 2023-01-20, returned: {returned}}}\n",
    )
    p = plan(load_ballot(file))
    assert p.still_needed == still
    assert p.met is (still == 0)


def test_a_count_on_the_closing_day_leaves_no_day(write: Write) -> None:
    file = live(write, returns="returns:\n  - {date: 2023-02-06, returned: 400}\n")
    p = plan(load_ballot(file))
    assert p.days_left == 0
    assert p.per_day_needed is None
    assert p.still_needed == 100
    assert p.crossing_in_time is False


def test_no_count_yet_spreads_the_target_over_the_whole_ballot(write: Write) -> None:
    file = live(write)  # opens Monday 9 January, closes Monday 6 February 2023: 29 days
    p = plan(load_ballot(file))
    assert p.as_of is None and p.returned == 0
    assert p.days_left == days_inclusive(D(2023, 1, 9), D(2023, 2, 6)) == 29
    assert p.per_day_needed == 18  # 500 / 29 = 17.2, rounded up
    assert p.rate is None and p.projected_returns is None
    assert len(p.chart) == 29 and p.chart[-1].line == 500


HEALTH = "important_public_service: health\n"


def test_forty_percent_test_with_an_assumed_yes_share(run: Run, write: Write) -> None:
    file = live(write, extra=HEALTH, returns="returns:\n  - {date: 2023-01-20, returned: 300}\n")
    record = json.loads(run("target", str(file), "--yes-share", "80", "--format", "json").stdout)[
        "target"
    ]
    # 5Y >= 2E: 400 Yes of 1,000; at 80% Yes of returns, V with 4V/5 >= 400: V = 500
    assert record["yes_needed"] == next(y for y in range(1001) if 5 * y >= 2 * 1000) == 400
    assert record["support_returns_needed"] == next(v for v in range(1001) if 4 * v >= 5 * 400)
    assert record["support_returns_needed"] == 500
    assert record["support_still_needed"] == 200
    assert record["support_reachable"] is True
    assert record["overall_still_needed"] == 200  # turnout needs 500 too


def test_forty_percent_test_above_the_turnout_target(write: Write) -> None:
    file = live(write, extra=HEALTH, returns="returns:\n  - {date: 2023-01-20, returned: 300}\n")
    p = plan(load_ballot(file), yes_share=Fraction(3, 5))
    # 60% Yes: V with 3V/5 >= 400 is 667 (666 gives 399.6)
    assert p.support is not None and p.support.returns_needed == 667
    assert p.still_needed == 200 and p.overall_still_needed == 367


def test_forty_percent_test_out_of_reach(run: Run, write: Write) -> None:
    file = live(write, extra=HEALTH)
    out = run("target", str(file), "--yes-share", "30").stdout
    # 30% Yes of even all 1,000 is 300 < 400
    assert "not reachable at 30.00% Yes" in out
    p = plan(load_ballot(file), yes_share=Fraction(3, 10))
    assert p.support is not None and p.support.reachable is False


def test_forty_percent_test_without_a_share_asks_for_one(run: Run, write: Write) -> None:
    out = run("target", str(live(write, extra=HEALTH))).stdout
    assert "400 Yes needed (40.00% of 1,000 entitled" in out
    assert "--yes-share" in out


def test_forty_percent_test_uses_the_yes_share_so_far(run: Run, write: Write) -> None:
    """The latest count that gives Yes answers sets the share: 210 of 300 is 70%."""
    returns = (
        "returns:\n  - {date: 2023-01-13, returned: 100, yes: 90}\n"
        "  - {date: 2023-01-20, returned: 300, yes: 210}\n  - {date: 2023-01-23, returned: 350}\n"
    )
    file = live(write, extra=HEALTH, returns=returns)
    p = plan(load_ballot(file))
    # 400 Yes needed; at 210/300 of returns, V with 210V >= 400 * 300: V = 572 (571 gives 399.7)
    expected = next(v for v in range(1001) if 210 * v >= 400 * 300)
    assert p.support is not None and p.support.yes_share == Fraction(210, 300)
    assert p.support.returns_needed == expected == 572
    assert p.support.still_needed == expected - 350
    assert any("210 Yes of 300" in note for note in p.notes)
    out = run("target", str(file)).stdout
    assert "572 at 70.00% Yes" in out
    overridden = plan(load_ballot(file), yes_share=Fraction(4, 5))
    assert overridden.support is not None and overridden.support.returns_needed == 500
    assert not any("Yes of 300" in note for note in overridden.notes)


def test_yes_so_far_above_the_papers_returned_is_an_error(run: Run, write: Write) -> None:
    file = live(
        write, extra=HEALTH, returns="returns:\n  - {date: 2023-01-20, returned: 300, yes: 301}\n"
    )
    line = next(n for n, text in enumerate(file.read_text().splitlines(), 1) if "yes: 301" in text)
    err = run("target", str(file), expect=2).stderr
    assert f"{file}:{line}: returns.0.yes: 301 Yes is more than the 300 papers returned" in err


def test_consultative_ballot_has_nothing_to_chase(run: Run, write: Write) -> None:
    file = live(write, extra="kind: consultative\n")
    out = run("target", str(file)).stdout
    assert "Consultative ballot: no threshold, nothing to chase." in out
    assert plan(load_ballot(file)).status == "consultative"


def test_era_2025_threshold_and_s68(run: Run, write: Write) -> None:
    file = live(write, opened="2026-03-02", closed="2026-03-30")
    assert plan(load_ballot(file)).target == 500
    record = json.loads(
        run("target", str(file), "--s68-from", "2026-01-01", "--format", "json").stdout
    )["target"]
    assert record["regime"] == "gb-era-2025-s68" and record["status"] == "no-threshold"


def test_missing_closing_date_or_eligible_is_an_input_error(run: Run, write: Write) -> None:
    no_close = write(
        "title: t\nopened: 2023-01-09\neligible: 10\nquestions:\n  - {id: strike, type: strike}\n"
    )
    assert "closed: is required for 'target'" in run("target", str(no_close), expect=2).stderr
    no_e = write(
        "title: t\nopened: 2023-01-09\nclosed: 2023-02-06\nquestions:\n"
        "  - {id: strike, type: strike}\n",
        "e.yaml",
    )
    assert "eligible: is required" in run("target", str(no_e), expect=2).stderr


def test_planning_errors_are_ballotcalc_errors(write: Write) -> None:
    with pytest.raises(PlanningError):
        plan(load_ballot(live(write)), returned=5, on=None)


# --- properties ----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    eligible=st.integers(min_value=1, max_value=200_000),
    length=st.integers(min_value=1, max_value=60),
    data=st.data(),
)
def test_figures_meet_their_definitions(eligible: int, length: int, data: st.DataObject) -> None:
    from ballotcalc.loading import parse_yaml
    from ballotcalc.model import validate

    opened = D(2024, 1, 1)
    closed = opened + dt.timedelta(days=length - 1)
    at = data.draw(st.integers(min_value=0, max_value=length - 1))
    returned = data.draw(st.integers(min_value=0, max_value=eligible))
    text = (
        f"title: p\nopened: {opened}\nclosed: {closed}\neligible: {eligible}\n"
        "questions:\n  - {id: s, type: strike}\nreturns:\n"
        f"  - {{date: {opened + dt.timedelta(days=at)}, returned: {returned}}}\n"
    )
    document = parse_yaml(text.encode(), "p.yaml")
    ballot, problems = validate(document)
    assert ballot is not None and not problems
    from ballotcalc.judging import LoadedBallot

    p = plan(LoadedBallot(document=document, ballot=ballot, warnings=()), regime="gb-tua-2016")
    target = p.target
    assert target is not None and p.still_needed is not None
    assert 2 * target >= eligible > 2 * (target - 1)
    assert p.still_needed == max(0, target - returned)
    elapsed, left = at + 1, length - 1 - at
    assert (p.days_elapsed, p.days_left) == (elapsed, left)
    if p.still_needed and left:
        assert p.per_day_needed is not None
        assert p.per_day_needed * left >= p.still_needed > (p.per_day_needed - 1) * left
    assert p.projected_returns == min(eligible, returned * length // elapsed)
    assert p.projected_met == (returned * length >= target * elapsed)
    if returned >= target:
        assert p.crossing_in_time is True
    elif returned:
        assert p.crossing_day is not None
        k = (p.crossing_day - opened).days + 1
        assert returned * k >= target * elapsed > returned * (k - 1)
        assert p.crossing_in_time == (p.crossing_day <= closed) == p.projected_met


def test_target_on_a_closed_ballot_points_to_result(run: Run) -> None:
    pcs = str(BALLOTS / "pcs-2019-pay.yaml")
    result = run("target", pcs, expect=2)
    assert f"{pcs}:" in result.stderr and "use 'ballotcalc result'" in result.stderr
