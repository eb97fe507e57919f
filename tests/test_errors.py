"""Bad files: one clear line each, naming file, line and field, exit code 2, never a traceback.

Fixtures in tests/fixtures/invalid/ are named after their fault.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, Run

INVALID = FIXTURES / "invalid"

EXPECTED = {
    "alias.yaml": ":3: anchors and aliases",
    "boolean-count.yaml": ":4: yes: must be a whole number, not true",
    "count-over-votes-cast.pcs-2019-asos.yaml": ":14: results.asos: yes + no + spoiled = "
    "59,296 + 5,092 + 1,064 = 65,452, more than votes_cast 59,452",
    "duplicate-key.yaml": ":4: duplicate key 'yes' (first given on line 2)",
    "eligible-missing-where-needed.yaml": ":1: eligible: is required: regime gb-tua-2016",
    "float-count.yaml": ":3: votes_cast: must be a whole number, not 120.0",
    "leading-zero-count.yaml": ":3: votes_cast: must be a whole number written plainly",
    "negative-count.yaml": ":4: yes: must be at least 0 (got -100)",
    "no-date-no-regime.yaml": ":1: no date to choose the legal regime by: add 'opened:'",
    "not-a-mapping.yaml": ":1: a ballot file must be a mapping",
    "not-utf8.yaml": ":1: is not UTF-8 text (byte 0xe9",
    "separator-count.yaml": ":3: votes_cast: must be a whole number written plainly",
    "unknown-key-typo.yaml": ":8: results.q.spolied: unknown key; did you mean 'spoiled'?",
    "unknown-regime.yaml": ":2: regime: unknown regime 'gb-1906'",
    "votes-cast-over-eligible.yaml": ":4: votes_cast: votes_cast 120 is more than eligible 100",
    "unknown-regime-live.yaml": ":2: regime: unknown regime 'gb-tua-2017' (known: gb-pre-2017,",
    "shorthand-yes-without-no.yaml": ":1: no: is required",
    "title-only.yaml": ":1: questions: is required",
    "units-with-top-level-eligible.yaml": ":3: eligible: must not be given with units",
    "units-with-units-csv.yaml": ":4: units_csv: use either units (a list in this file) or "
    "units_csv (a CSV file), not both",
    "union-only-spaces.yaml": ":2: union: must not be empty or only spaces",
    "opened-datetime.yaml": ":2: opened: must be a date written YYYY-MM-DD, not "
    "'2019-03-18T00:00:00'",
    "opened-number.yaml": ":2: opened: must be a date written YYYY-MM-DD, not number 1552867200",
    "aggregation-without-units.yaml": ":3: aggregation: applies only to a ballot with units",
    "results-without-votes-cast.yaml": ":1: votes_cast: is required when results are given",
    "votes-cast-without-spoiled.pcs-2018.yaml": ":13: results.strike: yes + no + spoiled = 50,726 "
    "+ 8,528 + 31 = 59,285, more than votes_cast 59,254; the difference is exactly the spoiled papers",
    # Guards against a false mandate (issue 17): each names the fault and the fix.
    "closed-before-opened.yaml": ":3: closed: closed 2024-05-01 is before the ballot opened "
    "(2024-05-29)",
    # 2014-05-01 to 2024-05-29: 10 years of 365 days, 3 leap days (2016, 2020, 2024), 28 days.
    "opened-year-typo.yaml": f":4: opened: opened 2014-05-01 and closed 2024-05-29, "
    f"{10 * 365 + 3 + 28:,} days later: more than 12 weeks",
    "results-before-closing.yaml": ":3: closed: the ballot closes on 2099-05-29, after today",
    "percentages-as-counts.yaml": ":5: yes: yes 73, no 26, spoiled 1 (together 100) look like "
    "percentages, not counts: 962 papers were returned",
    "total-row-inline.yaml": ":12: units.2.name: 'TOTAL' is a total or subtotal row",
    # Messages an officer can act on (issue 17).
    "date-day-first.yaml": ":3: closed: dates are written YYYY-MM-DD: did you mean 2024-05-29?",
    "tab-indentation.yaml": ":6: indent with spaces, not a tab (line 6)",
    "comma-in-count.yaml": ":7: results.asos: 'yes' is a count written with a comma (7,90), which "
    "YAML splits into keys; write it as plain digits: yes: 790",
    "csv-given-as-ballot.yaml": ":1: this is a CSV: name it in a ballot file as `units_csv:`",
    "spoiled-and-spoilt.yaml": ":7: results.strike.spoilt: give either 'spoiled' or 'spoilt' "
    "(the same count), not both",
    "votes-cast-without-spoiled.pre-2017.yaml": ":10: results.strike: yes + no + spoiled = "
    "50 + 10 + 3 = 63, more than votes_cast 60; the difference is exactly the spoiled papers",
}


def test_every_invalid_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("command", ["result", "check", "validate"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_file_gives_one_located_error(run: Run, command: str, name: str) -> None:
    path = str(INVALID / name)
    result = run(command, path, expect=2)
    lines = result.stderr.strip().splitlines()
    assert lines, "no error printed"
    assert lines[0].startswith(path + EXPECTED[name]), lines[0]
    assert result.stdout == ""


def test_all_errors_are_reported_at_once(run: Run, write: Callable[..., Path]) -> None:
    path = write(
        "title: Many faults\nclosed: 2011-01-01\nvotes_cast: ten\neligible: 1.5\n"
        "questions:\n  - id: q\n    type: strik\nresults:\n  q: {yes: -1, no: 2}\n"
    )
    lines = run("validate", str(path), expect=2).stderr.strip().splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "eligible",
        "votes_cast",
        "questions.0.type",
        "results.q.yes",
    ]
    assert [line.split(":")[1] for line in lines] == ["4", "3", "7", "9"]


@pytest.mark.parametrize(
    ("body", "line", "says"),
    [
        ("questions: strike\n", ":2: questions: must be a list (", "not text 'strike'"),
        ("questions:\n  - strike\n", ":3: questions.0: must be a mapping of keys to values", ""),
        ("results: 5\n", ":2: results: must be a mapping of keys to values", "not number 5"),
        ("aggregation: sum\n", ":2: aggregation: must be one of 'separate' or 'aggregate'", ""),
        ("eligible: 2000000000\n", ":2: eligible: must be at most 1,000,000,000", ""),
        (
            "questions:\n  - {id: strike, type: strik}\n",
            ":3: questions.0.type: must be one of 'strike', 'asos' or 'other'",
            "not 'strik'",
        ),
    ],
)
def test_a_value_of_the_wrong_shape_is_said_in_a_ballot_files_words(
    run: Run, write: Callable[..., Path], body: str, line: str, says: str
) -> None:
    """Never the validator's own wording ("Input should be a valid dictionary or instance of
    Counts"), which names our classes: what the value must be, in the file's terms, and what it
    was."""
    err = run("validate", str(write("title: t\n" + body)), expect=2).stderr
    assert line in err and says in err
    assert "Input should" not in err and "instance of" not in err


def test_errors_are_capped(run: Run, write: Callable[..., Path]) -> None:
    results = "".join(f"  q{i}: {{yes: many, no: 1}}\n" for i in range(80))
    questions = "questions:\n  - {id: q0, type: strike}\n"
    path = write(f"title: x\nclosed: 2011-01-01\nvotes_cast: 1\n{questions}results:\n{results}")
    lines = run("validate", str(path), expect=2).stderr.strip().splitlines()
    assert len(lines) == 51
    assert lines[-1] == "... and 30 more"


def test_shorthand_errors_point_at_what_was_written(run: Run, write: Callable[..., Path]) -> None:
    path = write("title: x\nclosed: 2011-01-01\nvotes_cast: 10\nyes: 5\nno: many\n")
    err = run("result", str(path), expect=2).stderr
    assert err.startswith(f"{path}:5: no: must be a whole number")


def test_fewer_answers_than_papers_is_a_warning_not_an_error(
    run: Run, write: Callable[..., Path]
) -> None:
    path = write("title: x\nclosed: 2011-01-01\nvotes_cast: 10\nyes: 5\nno: 3\n")
    result = run("result", "--format", "json", str(path))
    assert (
        "warning: yes + no + spoiled = 5 + 3 + 0 = 8, 2 fewer than votes_cast 10" in result.stderr
    )
    assert '"verdict": "pass"' in result.stdout


def test_shorthand_and_long_form_together_is_an_error(run: Run, write: Callable[..., Path]) -> None:
    path = write(
        "title: x\nclosed: 2011-01-01\nvotes_cast: 10\nyes: 5\nno: 3\n"
        "results:\n  q1: {yes: 9, no: 1}\n"
    )
    err = run("result", str(path), expect=2).stderr
    assert err.startswith(f"{path}:6: results: use either 'questions'/'results' or the single")


def test_live_ballot_points_to_target(run: Run, write: Callable[..., Path]) -> None:
    path = write(
        "title: x\nopened: 2019-01-01\neligible: 100\nquestions:\n"
        "  - id: strike\n    type: strike\n"
    )
    assert "no results yet" in run("check", str(path), expect=2).stderr
    assert "ballotcalc target" in run("check", str(path), expect=2).stderr
    assert f"`ballotcalc target {path}`" in run("result", str(path)).stdout.replace("\n", " ")
    run("validate", str(path))


def test_missing_file(run: Run, tmp_path: Path) -> None:
    err = run("result", str(tmp_path / "nope.yaml"), expect=2).stderr
    assert err.strip() == f"{tmp_path / 'nope.yaml'}: no such file"


def test_internal_error_is_one_line_unless_debug(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import ballotcalc.judging

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(ballotcalc.judging, "tally_units", broken)
    result = run("result", "ballots/jcp-2011.yaml", expect=2)
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "please report" in result.stderr
    assert "Traceback" not in result.stderr


def test_shorthand_counts_with_units_point_at_the_counts(
    run: Run, write: Callable[..., Path]
) -> None:
    """The file says `yes:`/`no:`, not `results:`: the error points at what was written."""
    path = write("title: x\nclosed: 2011-01-01\nunits_csv: u.csv\nyes: 3\nno: 2\n")
    err = run("validate", str(path), expect=2).stderr
    assert err.startswith(f"{path}:4: yes: must not be given with units")
