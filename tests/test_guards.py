"""Slips that would fake a mandate (issue 17): each stops with a located error and the fix.

The expected outcomes come from the law and from the rules stated here: a ballot cannot close before
it opens; the opening date chooses the law (uk-ballot-law.md, "Regimes"), so a year typo must not
pick the 2011 rules; a result exists only after the ballot closes (s.246: the date of the ballot is
its last day of voting); a unit is a workplace or employer (s.228), never a total of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, Run

Write = Callable[..., Path]
INVALID = FIXTURES / "invalid"
LIVE = "questions:\n  - {id: s, type: strike}\n"
"""The rest of a live ballot (no figures yet)."""


def ballot(opened: str, closed: str, extra: str = "", *, figures: bool = True) -> str:
    """A one-question ballot: 1,000 entitled, 300 voted (30%), 250 Yes, 50 No."""
    counts = "eligible: 1000\nvotes_cast: 300\nyes: 250\nno: 50\n" if figures else ""
    return f"title: T\nopened: {opened}\nclosed: {closed}\n{extra}{counts}"


# --- dates --------------------------------------------------------------------------------------


def test_year_typo_is_not_a_mandate(run: Run) -> None:
    """Opened 2014 (meant 2024): under the 2024 law a 30% turnout fails the 50% test, so the file
    must not reach a verdict at all, let alone `check`'s exit 0."""
    path = str(INVALID / "opened-year-typo.yaml")
    for command in (["check"], ["summary"], ["notice", "--to", "employer"], ["timeline"]):
        err = run(*command, path, expect=2).stderr
        assert "opened 2014-05-01 and closed 2024-05-29" in err
        assert "long_ballot_confirmed: true" in err


def test_the_2024_dates_give_no_mandate(run: Run, write: Write) -> None:
    """The same figures with the year put right: 2 x 300 < 1,000, the turnout test fails."""
    path = write(ballot("2024-05-01", "2024-05-29"))
    assert run("check", str(path), expect=1)


def test_a_confirmed_long_ballot_is_judged(run: Run, write: Write) -> None:
    """Confirmed: judged by its opening date (2014: gb-pre-2017, majority only, 250 > 50)."""
    path = write(ballot("2014-05-01", "2024-05-29", "long_ballot_confirmed: true\n"))
    out = json.loads(run("result", "--format", "json", str(path)).stdout)["ballots"][0]
    assert out["regime"]["id"] == "gb-pre-2017"
    assert out["units"][0]["questions"][0]["verdict"] == "pass"


@pytest.mark.parametrize(
    ("closed", "code"),
    [("2024-03-25", 0), ("2024-03-26", 2)],  # 84 days (12 weeks) after 2024-01-01; then 85
)
def test_twelve_weeks_is_the_limit(run: Run, write: Write, closed: str, code: int) -> None:
    path = write(ballot("2024-01-01", closed, figures=False) + LIVE)
    run("validate", str(path), expect=code)


def test_closed_before_opened_is_refused_by_new_and_in_a_file(run: Run, write: Write) -> None:
    words = "closed 2024-01-31 is before the ballot opened (2024-02-01)"
    made = run("new", "--no-input", "--title", "T", "--opened", "2024-02-01", "--closed",
               "2024-01-31", "-", expect=2)  # fmt: skip
    assert words in made.stderr
    path = write(ballot("2024-02-01", "2024-01-31", figures=False) + LIVE)
    assert f"{path}:3: closed: {words}" in run("validate", str(path), expect=2).stderr


def test_new_refuses_a_long_ballot_too(run: Run) -> None:
    made = run("new", "--no-input", "--title", "T", "--opened", "2014-05-01", "--closed",
               "2024-05-29", "-", expect=2)  # fmt: skip
    assert "more than 12 weeks" in made.stderr


# --- results before the ballot closed -------------------------------------------------------------


@pytest.mark.parametrize(("today", "code"), [("2024-05-28", 2), ("2024-05-29", 0)])
def test_results_only_once_the_ballot_has_closed(
    run: Run, write: Write, monkeypatch: pytest.MonkeyPatch, today: str, code: int
) -> None:
    """Voting ends on the closing day (s.246), so its result may be entered that day, not before."""
    monkeypatch.setenv("BALLOTCALC_TODAY", today)
    path = write(ballot("2024-05-01", "2024-05-29", "regime: gb-pre-2017\n"))
    err = run("result", str(path), expect=code).stderr
    if code:
        assert f"{path}:3: closed: the ballot closes on 2024-05-29, after today ({today})" in err


def test_a_live_ballot_may_close_in_the_future(
    run: Run, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BALLOTCALC_TODAY", "2024-05-10")
    path = write(ballot("2024-05-01", "2024-05-29", figures=False) + LIVE)
    run("validate", str(path))


def test_today_that_is_not_a_date(run: Run, write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BALLOTCALC_TODAY", "29/05/2024")
    path = write(ballot("2011-05-01", "2011-05-29"))
    err = run("result", str(path), expect=2).stderr
    assert err.startswith("BALLOTCALC_TODAY: '29/05/2024' is not a date")


# --- percentages typed as counts ----------------------------------------------------------------


@pytest.mark.parametrize(
    "counts",
    [
        "yes: 73\nno: 26\nspoiled: 1\n",  # Yes + No + spoiled = 100
        "yes: 73\nno: 27\nspoiled: 2\n",  # Yes + No = 100 (shares of valid votes)
    ],
)
def test_percentages_typed_as_counts(run: Run, write: Write, counts: str) -> None:
    path = write(f"title: T\nclosed: 2011-05-29\nvotes_cast: 962\n{counts}")
    err = run("check", str(path), expect=2).stderr
    assert f"{path}:4: yes: yes 73" in err and "look like percentages" in err
    assert "counts_not_percentages_confirmed: true" in err


def test_confirmed_counts_are_judged(run: Run, write: Write) -> None:
    """Confirmed, the figures are counts; the 862 papers that answered neither way are still a
    warning (they should be spoiled), and 73 > 26 is a majority under gb-pre-2017."""
    path = write("title: T\nclosed: 2011-05-29\ncounts_not_percentages_confirmed: true\n"
                 "votes_cast: 962\nyes: 73\nno: 26\nspoiled: 1\n")  # fmt: skip
    done = run("check", str(path))
    assert "862 fewer than votes_cast 962" in done.stderr


@pytest.mark.parametrize("votes_cast", [100, 120])
def test_a_small_real_ballot_is_not_taken_for_percentages(
    run: Run, write: Write, votes_cast: int
) -> None:
    """100 papers with 60 Yes and 40 No is an ordinary small ballot; with 120 papers the 20 that
    answered neither way are the usual warning, not percentages (120 is near 100)."""
    path = write(f"title: T\nclosed: 2011-05-29\nvotes_cast: {votes_cast}\nyes: 60\nno: 40\n")
    assert "percentages" not in run("check", str(path)).stderr


# --- total rows ---------------------------------------------------------------------------------


def units_ballot(
    names: tuple[str, str, str],
    third: tuple[int, int, int],
    second: tuple[int, int, int] = (70, 40, 30),
) -> str:
    """Three units: (60 votes, 50 Yes, 10 No), `second`, and `third`."""
    rows = [(names[0], 60, 50, 10), (names[1], *second), (names[2], *third)]
    units = "".join(
        f"  - name: '{name}'\n    votes_cast: {v}\n    results: {{s: {{yes: {y}, no: {n}}}}}\n"
        for name, v, y, n in rows
    )
    return f"title: T\nclosed: 2011-05-29\nquestions:\n  - {{id: s, type: strike}}\nunits:\n{units}"


@pytest.mark.parametrize(
    "name", ["TOTAL", "Grand total", "Sum", "All", "Subtotal", "Sub-total", "Totals:"]
)
def test_a_total_row_by_name_is_never_a_unit(run: Run, write: Write, name: str) -> None:
    path = write(units_ballot(("Leeds", "York", name), (5, 3, 2)))
    err = run("result", str(path), expect=2).stderr
    assert f"{path}:12: units.2.name: '{name}' is a total or subtotal row" in err
    assert "remove the row" in err


def test_a_total_row_by_its_figures(run: Run) -> None:
    """'All employers' is 280/180/110/70: exactly Leeds + York + Hull (100+100+80, 60+70+50,
    50+40+20, 10+30+30), so it is their total, not a fourth employer."""
    path = INVALID / "csv" / "total-row.yaml"
    err = run("result", str(path), expect=2).stderr
    csv = INVALID / "csv" / "total-row.units.csv"
    assert err.startswith(f"{csv}:5: column 'Employer': 'All employers': every figure is the sum")


@pytest.mark.parametrize(
    ("names", "third"),
    [
        (("Leeds", "York", "All Saints School"), (5, 3, 2)),  # a name that only starts like one
        (("Leeds", "York", "Hull"), (60, 50, 10)),  # two workplaces alike are not a total
        (("Leeds", "York", "Hull"), (130, 91, 39)),  # the votes add up, one Yes does not
    ],
)
def test_real_units_are_not_taken_for_totals(
    run: Run, write: Write, names: tuple[str, str, str], third: tuple[int, int, int]
) -> None:
    path = write(units_ballot(names, third))
    assert "total" not in run("result", str(path)).stderr


def test_a_unit_with_no_votes_does_not_make_a_twin_a_total(run: Run, write: Write) -> None:
    """Hull equals Leeds + York only because York had no votes: two like workplaces, not a total."""
    path = write(units_ballot(("Leeds", "York", "Hull"), (60, 50, 10), second=(0, 0, 0)))
    assert "total" not in run("result", str(path)).stderr


# --- documents from figures that do not add up ----------------------------------------------------

UNRECONCILED = "title: T\nclosed: 2011-05-29\nvotes_cast: 60\nyes: 40\nno: 10\n"
"""40 Yes + 10 No + 0 spoiled = 50 answers, but 60 papers: 10 are unaccounted for."""


def test_no_statutory_notice_from_figures_that_do_not_add_up(run: Run, write: Write) -> None:
    path = write(UNRECONCILED)
    out = path.parent / "notice.md"
    done = run("notice", "--to", "employer", str(path), "-o", str(out), expect=2)
    assert done.stderr.startswith(
        f"{path}:4: yes: question q1: Yes + No + spoiled = 50, not the 60 votes cast: a "
        "statutory notice is not made"
    )
    assert "--figures-as-reported" in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["markdown", "text", "html"])
def test_the_notice_records_figures_taken_as_reported(run: Run, write: Write, fmt: str) -> None:
    path = write(UNRECONCILED)
    done = run("notice", "--to", "members", "--figures-as-reported", "--format", fmt, str(path))
    text = " ".join(done.stdout.split())
    assert "as the scrutineer reported them" in text
    assert "Yes + No + spoiled = 50, not the 60 votes cast" in text


def test_figures_that_add_up_need_no_record(run: Run, write: Write) -> None:
    path = write("title: T\nclosed: 2011-05-29\nvotes_cast: 60\nyes: 40\nno: 10\nspoiled: 10\n")
    plain = run("notice", "--to", "members", str(path)).stdout
    assert run("notice", "--to", "members", "--figures-as-reported", str(path)).stdout == plain
    assert "reported them" not in plain


@pytest.mark.parametrize("fmt", ["markdown", "text", "html"])
def test_the_circular_carries_a_caution(run: Run, write: Write, fmt: str) -> None:
    text = " ".join(run("summary", "--format", fmt, str(write(UNRECONCILED))).stdout.split())
    assert "Caution: these figures do not add up" in text.replace("!! ", "")
    assert "Yes + No + spoiled = 50, not the 60 votes cast" in text.replace("!! ", "")


def test_a_unit_that_does_not_add_up_is_located_and_named(run: Run, write: Write) -> None:
    """York: 40 + 20 = 60 answers of 70 papers; its results are on line 11."""
    path = write(units_ballot(("Leeds", "York", "Hull"), (30, 20, 10), second=(70, 40, 20)))
    err = run("notice", "--to", "members", str(path), expect=2).stderr
    assert err.startswith(
        f"{path}:11: units.1.results.s: York, question s: Yes + No + spoiled = 60"
    )
    summary = " ".join(run("summary", str(path)).stdout.split())
    assert "York, question s: Yes + No + spoiled = 60, not the 70 votes cast" in summary


def test_a_total_row_after_a_name_with_a_line_break(run: Run, write: Write) -> None:
    """A name may hold a line break (quoted YAML); the row after it is still found by its index."""
    path = write(units_ballot(("Leeds\\nNorth", "York", "Total"), (5, 3, 2)).replace(
        "'Leeds\\nNorth'", '"Leeds\\nNorth"'))  # fmt: skip
    assert (
        f"{path}:12: units.2.name: 'Total' is a total" in run("result", str(path), expect=2).stderr
    )
