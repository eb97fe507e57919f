"""Messages an officer can act on (issue 17), and the spellings officers use that are accepted.

Expected verdicts come from the law (uk-ballot-law.md): under s.297A (ballots opened from
1 March 2017) spoiled papers are votes cast, so Y > N with 2Y <= V is "at risk"; the 40% support
test applies only to an important public service.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, Run

Write = Callable[..., Path]
INVALID = FIXTURES / "invalid"
AFTER_S297A = "opened: 2018-05-01\nclosed: 2018-05-29\n"


def verdicts(run: Run, path: Path) -> list[dict[str, Any]]:
    out = json.loads(run("result", "--format", "json", str(path)).stdout)
    questions: list[dict[str, Any]] = out["ballots"][0]["units"][0]["questions"]
    return questions


# --- British spelling ---------------------------------------------------------------------------

SPOILT_FORMS = {
    "shorthand": "eligible: 200\nvotes_cast: 105\nyes: 50\nno: 45\nspoilt: 10\n",
    "long form": "eligible: 200\nvotes_cast: 105\nquestions:\n  - {id: q1, type: strike}\n"
    "results:\n  q1: {yes: 50, no: 45, spoilt: 10}\n",
}


@pytest.mark.parametrize("form", sorted(SPOILT_FORMS))
def test_spoilt_counts_as_spoiled(run: Run, write: Write, form: str) -> None:
    """50 Yes, 45 No, 10 spoilt of 105 (52.5% of 200 voted): 50 > 45, but 2 x 50 = 100 is not
    more than 105 votes cast, so at risk; were `spoilt` dropped, 50 + 45 would not be 105."""
    path = write(f"title: T\n{AFTER_S297A}{SPOILT_FORMS[form]}")
    (q,) = verdicts(run, path)
    assert (q["spoiled"], q["verdict"]) == (10, "at-risk")


def test_spoilt_in_an_inline_unit(run: Run, write: Write) -> None:
    path = write(
        f"title: T\n{AFTER_S297A}questions:\n  - {{id: s, type: strike}}\nunits:\n"
        "  - {name: A, eligible: 200, votes_cast: 105, results: {s: {yes: 50, no: 45, spoilt: 10}}}\n"
    )
    (q,) = verdicts(run, path)
    assert (q["spoiled"], q["verdict"]) == (10, "at-risk")


def test_spoiled_and_spoilt_together_in_the_shorthand(run: Run, write: Write) -> None:
    path = write("title: T\nclosed: 2011-05-29\nvotes_cast: 60\nyes: 50\nno: 5\nspoiled: 5\n"
                 "spoilt: 5\n")  # fmt: skip
    err = run("validate", str(path), expect=2).stderr
    assert f"{path}:7: spoilt: give either 'spoiled' or 'spoilt'" in err


# --- important_public_service: none ---------------------------------------------------------------


@pytest.mark.parametrize("service", ["", "important_public_service: none\n"])
def test_no_important_public_service(run: Run, write: Write, service: str) -> None:
    """350 Yes of 1,000 entitled is under 40%: the support test would fail it. `none` means the
    test does not apply, as when the key is left out: 600 of 1,000 voted, 350 > 250, 700 > 600."""
    path = write(f"title: T\n{AFTER_S297A}{service}eligible: 1000\nvotes_cast: 600\n"
                 "yes: 350\nno: 250\n")  # fmt: skip
    (q,) = verdicts(run, path)
    assert (q["support_met"], q["verdict"]) == (None, "pass")


def test_new_offers_none_and_the_file_it_writes_with_it_loads(run: Run, write: Write) -> None:
    path = write(f"title: T\n{AFTER_S297A}important_public_service: none\n"
                 "questions:\n  - {id: s, type: strike}\n")  # fmt: skip
    run("validate", str(path))


# --- dates, counts, files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("29/05/2024", "dates are written YYYY-MM-DD: did you mean 2024-05-29?"),
        ("1.5.2024", "dates are written YYYY-MM-DD: did you mean 2024-05-01?"),
        # no such day: nothing to suggest
        ("31/02/2024", "must be a date written YYYY-MM-DD, not '31/02/2024'"),
        ("May 29 2024", "must be a date written YYYY-MM-DD, not 'May 29 2024'"),
    ],
)
def test_a_date_in_another_form(run: Run, write: Write, written: str, message: str) -> None:
    path = write(f"title: T\nclosed: {written}\nquestions:\n  - {{id: s, type: strike}}\n")
    assert f"{path}:2: closed: {message}" in run("validate", str(path), expect=2).stderr


def test_a_return_date_in_another_form(run: Run, write: Write) -> None:
    path = write("title: T\nclosed: 2024-05-29\nquestions:\n  - {id: s, type: strike}\n"
                 "returns:\n  - {date: 08/05/2024, returned: 10}\n")  # fmt: skip
    err = run("validate", str(path), expect=2).stderr
    assert (
        f"{path}:6: returns.0.date: dates are written YYYY-MM-DD: did you mean 2024-05-08?" in err
    )


@pytest.mark.parametrize(
    ("written", "fix"), [("7,90", "790"), ("1,234", "1234"), ("12,345,678", "12345678")]
)
def test_a_count_with_a_comma_in_block_style(
    run: Run, write: Write, written: str, fix: str
) -> None:
    path = write(f"title: T\nclosed: 2011-05-29\nvotes_cast: 797\nyes: {written}\nno: 7\n")
    err = run("validate", str(path), expect=2).stderr
    assert f"{path}:4: yes: " in err and f"a count with a comma; write {fix}" in err


def test_a_long_count_with_commas_in_a_flow_mapping_is_one_error(run: Run, write: Write) -> None:
    path = write("title: T\nclosed: 2011-05-29\nvotes_cast: 1234567\n"
                 "questions:\n  - {id: s, type: strike}\nresults:\n  s: {yes: 1,234,560, no: 7}\n")  # fmt: skip
    lines = run("validate", str(path), expect=2).stderr.strip().splitlines()
    assert lines == [
        f"{path}:7: results.s: 'yes' is a count written with a comma (1,234,560), which YAML "
        "splits into keys; write it as plain digits: yes: 1234560"
    ]


def test_a_tab_deeper_in_the_file(run: Run, write: Write) -> None:
    path = write("title: T\nclosed: 2011-05-29\nvotes_cast: 60\nquestions:\n  - id: s\n"
                 "    type: strike\nresults:\n  s:\n\tyes: 50\n")  # fmt: skip
    err = run("validate", str(path), expect=2).stderr
    assert err.strip() == f"{path}:9: indent with spaces, not a tab (line 9)"


def test_a_csv_file_given_as_the_ballot(run: Run, write: Write) -> None:
    path = write('workplace,votes cast,yes,no\n"Leeds, North",60,50,10\n', "units.csv")
    err = run("result", str(path), expect=2).stderr
    assert err.startswith(f"{path}:1: this is a CSV: name it in a ballot file as `units_csv:`")


# --- figures that do not add up -------------------------------------------------------------------


def test_the_shorthand_sum_names_its_field_and_line(run: Run, write: Write) -> None:
    path = write("title: T\nclosed: 2011-05-29\nvotes_cast: 60\nyes: 40\nno: 10\n")
    err = run("validate", str(path)).stderr
    assert err.startswith(f"{path}:4: yes: warning: yes + no + spoiled = 40 + 10 + 0 = 50")


@pytest.mark.parametrize(
    ("dates", "cited"),
    [
        ("opened: 2011-10-10\nclosed: 2011-11-08\n", False),  # before s.297A (1 March 2017)
        ("opened: 2018-05-01\nclosed: 2018-05-29\n", True),  # gb-tua-2016: s.297A in force
        ("opened: 2026-03-01\nclosed: 2026-03-29\n", True),  # gb-era-2025: s.68 not commenced
        ("jurisdiction: ni\nopened: 2018-05-01\nclosed: 2018-05-29\n", False),  # not in NI law
        ("kind: consultative\nopened: 2018-05-01\nclosed: 2018-05-29\n", False),  # not s.226
    ],
)
def test_s297a_is_cited_only_where_it_governs(
    run: Run, write: Write, dates: str, cited: bool
) -> None:
    path = write(f"title: T\n{dates}eligible: 100\nvotes_cast: 60\nyes: 50\nno: 10\nspoiled: 3\n")
    err = run("validate", str(path), expect=2).stderr
    assert "the difference is exactly the spoiled papers" in err
    assert ("s.297A" in err) is cited, err


def test_the_pre_2017_fixture_does_not_cite_s297a(run: Run) -> None:
    err = run("validate", str(INVALID / "votes-cast-without-spoiled.pre-2017.yaml"), expect=2)
    assert "s.297A" not in err.stderr
