"""One decision, made once in the core: mandate, at risk or no mandate; for a consultative ballot
the indicative outcome, which is never a mandate (issue 17, item 1).

Every expected outcome here is worked out from the law in the test: a ballot not held under TULRCA
s.226 gives no mandate whatever its figures; a statutory question gives a mandate only if every
integer test holds (`2V >= E` where the 50% test applies, `Y > N`, and `5Y >= 2E` where the 40% test
applies), and is at risk where s.297A's literal reading `2Y > V` fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import Run

from ballotcalc.tally import Answers, AppliedTests, Decision, UnitFigures, tally_unit

# Two workplaces, consultative: Yes has a majority in both (300 > 100, 210 > 90), so an officer
# reading "2 of 2 units have a mandate" would think she may call action. She may not.
CONSULTATIVE_UNITS = """\
title: Indicative ballot over pay
kind: consultative
closed: 2024-05-29
questions:
  - {id: q1, type: strike}
units:
  - name: North depot
    eligible: 1000
    votes_cast: 400
    results: {q1: {yes: 300, no: 100, spoiled: 0}}
  - name: South depot
    eligible: 600
    votes_cast: 300
    results: {q1: {yes: 210, no: 90, spoiled: 0}}
"""

CONSULTATIVE_ONE = """\
title: Indicative
kind: consultative
opened: 2024-05-01
closed: 2024-05-29
eligible: 1000
votes_cast: 100
yes: 60
no: 40
"""

# A statutory ballot that passes every test under gb-tua-2016 (opened 2023): 600 of 1,000 voted
# (2V >= E), 500 Yes against 100 No (Y > N, and 2Y > V). Not an important public service.
STATUTORY_PASS = """\
title: Statutory
opened: 2023-01-10
closed: 2023-02-07
eligible: 1000
votes_cast: 600
yes: 500
no: 100
"""

Write = Callable[..., Path]


def test_consultative_units_never_have_a_mandate(run: Run, write: Write) -> None:
    path = write(CONSULTATIVE_UNITS)
    table = run("result", str(path)).stdout
    assert "have a mandate" not in table and "has a mandate" not in table
    assert "2 of 2 units" in table  # Yes had a majority in both (computed above)
    ballot = json.loads(run("result", str(path), "--format", "json").stdout)["ballots"][0]
    summary = ballot["summary"]
    assert summary["consultative"] is True
    assert (summary["with_mandate"], summary["without_mandate"]) == (0, 2)
    assert summary["with_majority_for"] == 2
    assert summary["questions"][0]["decisions"] == {
        "consultative_majority_for": 2,
        "consultative_majority_against": 0,
        "consultative_tie": 0,
    }
    assert [u["questions"][0]["decision"] for u in ballot["units"]] == [
        "consultative_majority_for"
    ] * 2
    assert [u["questions"][0]["verdict"] for u in ballot["units"]] == [None, None]


def test_consultative_units_circular_speaks_of_majorities(run: Run, write: Write) -> None:
    path = write(CONSULTATIVE_UNITS)
    for fmt in ("markdown", "text", "html"):
        out = run("summary", str(path), "--format", fmt).stdout
        assert "have a mandate" not in out and "There is a mandate" not in out, fmt
        assert "2 of 2 units" in out, fmt


def test_consultative_units_are_not_called_separate_ballots_under_s228(
    run: Run, write: Write
) -> None:
    """s.228 (separate workplace ballots, each judged on every test) is about ballots held under
    s.226; a consultative ballot is not one, so its units are counted on their own, and neither
    the result, its notes nor the circular speak of s.228 or of tests applying to them."""
    path = write(CONSULTATIVE_UNITS)
    table = run("result", str(path)).stdout
    notes = json.loads(run("result", str(path), "--format", "json").stdout)["ballots"][0]["notes"]
    circulars = [run("summary", str(path), "--format", f).stdout for f in ("markdown", "text")]
    for out in (table, "\n".join(notes), *circulars):
        assert "s.228" not in out and "every test applies" not in out
    assert "counted on its own" in table and any("counted on its own" in n for n in notes)
    statutory = write(
        CONSULTATIVE_UNITS.replace("kind: consultative\n", "opened: 2024-05-01\n"), "statutory.yaml"
    )
    assert "s.228" in run("result", str(statutory)).stdout  # a statutory ballot's units are


def test_check_consultative_is_no_mandate_and_exits_1(run: Run, write: Write) -> None:
    path = write(CONSULTATIVE_ONE)
    out = run("check", str(path), expect=1).stdout
    assert out.splitlines() == [
        f"{path}: q1: no mandate (consultative): Yes had a majority",
    ]
    ok = run("check", str(path), "--consultative-ok").stdout
    assert "no mandate (consultative)" in ok


def test_consultative_ok_does_not_excuse_a_statutory_failure(run: Run, write: Write) -> None:
    # 499 of 1,000 voted: 2V = 998 < E = 1,000, the 50% turnout test fails by one vote.
    failing = write(
        STATUTORY_PASS.replace("votes_cast: 600", "votes_cast: 499")
        .replace("no: 100", "no: 0")
        .replace("yes: 500", "yes: 499"),
        "fail.yaml",
    )
    out = run("check", str(failing), "--consultative-ok", expect=1).stdout
    assert "NO MANDATE" in out and "1 more vote was needed" in out
    run("check", str(write(STATUTORY_PASS, "pass.yaml")), "--consultative-ok")


def test_check_regime_consultative_is_no_mandate(run: Run, write: Write) -> None:
    path = write(STATUTORY_PASS)
    run("check", str(path))  # a mandate under its own regime
    out = run("check", str(path), "--regime", "consultative", expect=1).stdout
    assert "no mandate (consultative)" in out and ": mandate" not in out


def test_check_help_documents_the_consultative_exit_code(run: Run) -> None:
    text = " ".join(run("check", "--help").stdout.split())
    assert "consultative" in text and "--consultative-ok" in text
    assert "no mandate (consultative)" in text


def test_timeline_regime_consultative_never_says_the_mandate_covers(run: Run, write: Write) -> None:
    path = write(STATUTORY_PASS)
    for fmt in ("table", "json", "csv"):
        out = run("timeline", str(path), "--regime", "consultative", "--format", fmt).stdout
        assert "The mandate covers" not in out, fmt
        assert "mandate-end" not in out and "Mandate ends" not in out, fmt
    out = run("timeline", str(write(CONSULTATIVE_ONE, "c.yaml"))).stdout
    assert "The mandate covers" not in out


def test_target_on_a_closed_units_ballot_says_it_has_closed(run: Run, write: Write) -> None:
    """A units ballot with results is closed: `target` says so, not "eligible: is required"."""
    err = run("target", str(write(CONSULTATIVE_UNITS)), expect=2).stderr
    assert "has closed" in err and "eligible" not in err


# `result` and `check` on a live ballot (no results yet): tests/test_live_result.py


# --- the core, driven directly ------------------------------------------------------------------

TUA = AppliedTests(turnout=Fraction(1, 2), support=Fraction(2, 5), literal_majority=True)
CONSULTATIVE = AppliedTests(turnout=None, support=None, literal_majority=False, gives_mandate=False)


def one(e: int, v: int, y: int, n: int, s: int, tests: AppliedTests) -> Decision:
    unit = UnitFigures("u", e, v, (Answers("q", "strike", y, n, s),))
    return tally_unit(unit, tests).questions[0].decision


@given(
    st.integers(0, 500).flatmap(
        lambda v: st.tuples(
            st.just(v),
            st.integers(0, v).flatmap(lambda y: st.tuples(st.just(y), st.integers(0, v - y))),
        )
    ),
    st.integers(0, 1000),
)
def test_consultative_decision_is_the_majority_and_never_a_mandate(
    figures: tuple[int, tuple[int, int]], extra: int
) -> None:
    v, (y, n) = figures
    e = v + extra
    decision = one(e, v, y, n, v - y - n, CONSULTATIVE)
    expected = (
        Decision.CONSULTATIVE_MAJORITY_FOR
        if y > n
        else Decision.CONSULTATIVE_TIE
        if y == n
        else Decision.CONSULTATIVE_MAJORITY_AGAINST
    )
    assert decision is expected
    assert not decision.mandate and decision.verdict is None


@given(
    st.integers(1, 400).flatmap(
        lambda e: st.tuples(
            st.just(e),
            st.integers(0, e).flatmap(
                lambda v: st.tuples(
                    st.just(v),
                    st.integers(0, v).flatmap(
                        lambda y: st.tuples(st.just(y), st.integers(0, v - y))
                    ),
                )
            ),
        )
    )
)
def test_statutory_decision_and_its_shortfalls_follow_the_integer_tests(
    figures: tuple[int, tuple[int, tuple[int, int]]],
) -> None:
    e, (v, (y, n)) = figures
    s = v - y - n
    unit = tally_unit(UnitFigures("u", e, v, (Answers("q", "strike", y, n, s),)), TUA)
    q = unit.questions[0]
    turnout, majority, support, literal = 2 * v >= e, y > n, 5 * y >= 2 * e, 2 * y > v
    if turnout and majority and support:
        expected = Decision.MANDATE if literal else Decision.AT_RISK
    else:
        expected = Decision.NO_MANDATE
    assert q.decision is expected
    shorts = {short.test: short.votes for short in unit.shortfalls(q)}
    if expected is Decision.MANDATE:
        assert shorts == {}
    if not turnout:  # the least further returns with 2(V + k) >= E
        k = shorts["turnout"]
        assert 2 * (v + k) >= e and 2 * (v + k - 1) < e
    if not majority:  # the least further Yes with Y + k > N
        k = shorts["majority"]
        assert y + k > n and y + k - 1 <= n
    if not support:  # the least further Yes with 5(Y + k) >= 2E
        k = shorts["support"]
        assert 5 * (y + k) >= 2 * e and 5 * (y + k - 1) < 2 * e
    if expected is Decision.AT_RISK:  # the least further Yes papers with 2(Y + k) > V + k
        k = shorts["literal_majority"]
        assert 2 * (y + k) > v + k and 2 * (y + k - 1) <= v + k - 1
    assert set(shorts) <= {"turnout", "majority", "support", "literal_majority"}
    assert ("turnout" in shorts) is (not turnout and expected is not Decision.MANDATE)
