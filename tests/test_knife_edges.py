"""Knife-edges (issue 20 item 6): a test met with little to spare is flagged in the tables, in JSON
(`knife_edges` per question) and in CSV, so nobody mistakes it for a comfortable mandate.

Every margin here is worked out in the test from the law's integer tests: the 50% turnout test
needs ceil(E/2) returns, the 40% support test ceil(2E/5) Yes votes, the majority Y > N. A test met
with 10 votes or fewer to spare, or with no more than 1 point of its base (E for turnout and support,
Y + N for the majority), is a knife-edge.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import BALLOTS, Run

from ballotcalc.api import RenderOptions, judge, load_ballot, render
from ballotcalc.tally import Answers, AppliedTests, UnitFigures, tally_unit

Write = Callable[..., Path]


def ballot(
    eligible: int, votes: int, yes: int, no: int, *, ips: bool = False, kind: str = ""
) -> str:
    spoiled = votes - yes - no
    return (
        "title: Knife-edge test ballot\nclosed: 2024-05-29\n"
        + ("important_public_service: health\n" if ips else "")
        + (f"kind: {kind}\n" if kind else "")
        + f"eligible: {eligible}\nvotes_cast: {votes}\n"
        "questions:\n  - {id: strike, type: strike}\n"
        f"results:\n  strike: {{yes: {yes}, no: {no}, spoiled: {spoiled}}}\n"
    )


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def edges(run: Run, path: Path) -> list[dict[str, object]]:
    doc = json.loads(run("result", str(path), "--format", "json", expect=None).stdout)
    edges: list[dict[str, object]] = doc["ballots"][0]["units"][0]["questions"][0]["knife_edges"]
    return edges


def test_turnout_met_by_three_votes_is_a_knife_edge_in_json_and_csv(run: Run, write: Write) -> None:
    e = 1000
    v = ceil_div(e, 2) + 3  # 503 returns: three more than the 500 the 50% test needs
    path = write(ballot(e, v, yes=400, no=100))  # majority: 400 > 100 by far
    assert edges(run, path) == [{"test": "turnout", "votes_to_spare": v - ceil_div(e, 2)}]
    rows = list(csv.DictReader(io.StringIO(run("result", str(path), "--format", "csv").stdout)))
    assert rows[0]["knife_edges"] == "turnout:3"
    assert list(rows[0])[-1] == "knife_edges"  # added at the end: older columns keep their place


def test_a_comfortable_mandate_has_no_knife_edge(run: Run, write: Write) -> None:
    # 600 of 1,000: 100 to spare, more than 10 votes and more than 1 point (10) of E
    path = write(ballot(1000, 600, yes=400, no=150))
    assert edges(run, path) == []
    assert "knife-edge" not in run("result", str(path)).stdout


def test_one_point_of_a_large_electorate_is_a_knife_edge(run: Run, write: Write) -> None:
    e = 100_000
    spare = e // 100  # exactly 1 point of E: 1,000 returns to spare, far more than 10 votes
    path = write(ballot(e, ceil_div(e, 2) + spare, yes=40_000, no=11_000))
    assert edges(run, path) == [{"test": "turnout", "votes_to_spare": spare}]
    path = write(ballot(e, ceil_div(e, 2) + spare + 1, yes=40_000, no=11_001), "over.yaml")
    assert edges(run, path) == []


def test_majority_and_support_knife_edges(run: Run, write: Write) -> None:
    e, v = 1000, 850
    yes = ceil_div(2 * e, 5) + 5  # 405 Yes: five more than the 400 the 40% test needs
    no = yes - 4  # 401 No: Yes leads by 4, so 3 more No votes would still leave a majority
    path = write(ballot(e, v, yes=yes, no=no, ips=True))
    assert edges(run, path) == [
        {"test": "majority", "votes_to_spare": yes - no - 1},
        {"test": "support", "votes_to_spare": yes - ceil_div(2 * e, 5)},
    ]
    out = run("result", str(path)).stdout
    assert "knife-edge" in out
    assert "majority met with 3 votes to spare" in out
    assert "40% support met with 5 votes to spare" in out


def test_no_votes_to_spare_is_said_in_words(run: Run, write: Write) -> None:
    path = write(ballot(1000, 500, yes=400, no=90))  # exactly half: 2V = E
    assert edges(run, path) == [{"test": "turnout", "votes_to_spare": 0}]
    assert "turnout met with no votes to spare" in run("result", str(path)).stdout


def test_a_failed_test_is_short_not_a_knife_edge(run: Run, write: Write) -> None:
    path = write(ballot(1000, 499, yes=400, no=90))  # 499 < 500: one short
    assert edges(run, path) == []
    assert "knife-edge" not in run("result", str(path), expect=None).stdout


def test_a_consultative_ballot_has_no_knife_edge(run: Run, write: Write) -> None:
    # Yes leads by one: a knife-edge majority if this were a statutory ballot, but a consultative
    # ballot applies no statutory test, so nothing is flagged.
    path = write(ballot(1000, 500, yes=250, no=249, kind="consultative"))
    assert edges(run, path) == []
    assert "knife-edge" not in run("result", str(path), expect=None).stdout


@pytest.mark.parametrize("width", [40, 60, 120])
def test_tables_flag_knife_edges_at_every_width(write: Write, width: int) -> None:
    path = write(ballot(1000, 503, yes=400, no=100))
    out = render([judge(load_ballot(path))], "table", RenderOptions(width=width))
    # once beside the decision (a table's Decision cell, or a block's decision line), once in the
    # sentence saying which test and by how much
    assert out.count("knife-edge") == 2
    assert "turnout met with 3 votes to spare" in " ".join(out.split())


def test_units_table_lists_each_units_knife_edges() -> None:
    """The NHS ballot, worked here: Elsworth meets 50% turnout exactly (450 of 900: none to
    spare); Dunmore's asos meets 40% support with 2,300 - ceil(2 x 5,610 / 5) = 56 Yes to spare,
    within 1 point (56.1) of its 5,610 entitled; Ingleby's strike (at risk) with 45 - 40 = 5."""
    outcome = judge(load_ballot(BALLOTS / "illustrative-nhs-trusts-2022.yaml"))
    assert 2300 - ceil_div(2 * 5610, 5) == 56 and 56 * 100 <= 5610
    for width in (60, 120):
        out = " ".join(render([outcome], "table", RenderOptions(width=width)).split())
        assert "turnout: 0 to spare" in out or "turnout: no votes to spare" in out
        assert "asos: 56 Yes to spare" in out or "asos 40% support: 56 votes to spare" in out
        assert "strike: 5 Yes to spare" in out or "strike 40% support: 5 votes to spare" in out
    doc = json.loads(render([outcome], "json"))
    by_name = {u["name"]: u for u in doc["ballots"][0]["units"]}
    dunmore = by_name["Dunmore University Hospitals NHS Trust"]["questions"]
    assert [q["knife_edges"] for q in dunmore] == [[], [{"test": "support", "votes_to_spare": 56}]]


def test_a_question_without_a_mandate_lists_its_knife_edges_in_json_not_the_table(
    run: Run, write: Write
) -> None:
    # 499 of 1,000: turnout one short, so no mandate; Yes leads No by 2 (1 to spare): the JSON
    # keeps that data, but the table does not call a question without a mandate a knife-edge.
    path = write(ballot(1000, 499, yes=240, no=238))
    assert edges(run, path) == [{"test": "majority", "votes_to_spare": 240 - 238 - 1}]
    assert "knife-edge" not in run("result", str(path)).stdout


@given(
    e=st.integers(1, 5000),
    data=st.data(),
    support=st.booleans(),
    literal=st.booleans(),
    gives_mandate=st.booleans(),
)
def test_knife_edges_are_the_margins_flagged_by_the_law(
    e: int, data: st.DataObject, support: bool, literal: bool, gives_mandate: bool
) -> None:
    """`QuestionOutcome.knife_edges` (decided by the tally) is the tests met with 10 votes or fewer, or 1
    point of their base, to spare, worked out here from the integers: turnout V - ceil(E/2) of E,
    majority Y - N - 1 of Y + N, support Y - ceil(2E/5) of E, literal majority 2Y - V - 1 of V."""
    v = data.draw(st.integers(0, e))
    yes = data.draw(st.integers(0, v))
    no = data.draw(st.integers(0, v - yes))
    tests = AppliedTests(
        Fraction(1, 2) if gives_mandate else None,
        Fraction(2, 5) if support and gives_mandate else None,
        literal and gives_mandate,
        gives_mandate,
    )
    out = tally_unit(
        UnitFigures("U", e, v, (Answers("q", "strike", yes, no, v - yes - no),)), tests
    )
    q = out.questions[0]
    expected: list[tuple[str, int]] = []
    if gives_mandate:
        figures = [("turnout", v - ceil_div(e, 2), e), ("majority", yes - no - 1, yes + no)]
        if support:
            figures.append(("support", yes - ceil_div(2 * e, 5), e))
        if literal:
            figures.append(("literal_majority", 2 * yes - v - 1, v))
        expected = [(t, n) for t, n, base in figures if n >= 0 and (n <= 10 or 100 * n <= base)]
    assert [(m.test, m.votes) for m in q.knife_edges] == expected
    if gives_mandate:  # and the same as filtering every margin by Margin.knife_edge
        assert [(m.test, m.votes) for m in out.margins(q) if m.knife_edge] == expected
