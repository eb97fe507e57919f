"""Units (separate workplace or employer ballots, TULRCA s.228) and aggregation (s.228A).

Expected verdicts are worked out here from the law's integer tests (2V >= E, Y > N, 5Y >= 2E and,
under s.297A, 2Y > V for "at risk"), never copied from the code's output.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import BALLOTS, Run

from ballotcalc.errors import InputError
from ballotcalc.judging import BallotOutcome, LoadedBallot, judge, load_ballot
from ballotcalc.loading import Document
from ballotcalc.model import validate
from ballotcalc.tally import Decision
from ballotcalc.units import margin, select

INLINE = BALLOTS / "illustrative-nhs-trusts-2022.yaml"
FROM_CSV = BALLOTS / "illustrative-nhs-trusts-2022-csv.yaml"
UNITS_CSV = BALLOTS / "illustrative-nhs-trusts-2022-units.csv"

HEAD = """\
title: T
opened: 2022-10-06
closed: 2022-11-02
important_public_service: health
questions:
  - {id: strike, type: strike}
  - {id: asos, type: asos}
"""


def law_verdict(e: int, v: int, y: int, n: int) -> str:
    """gb-tua-2016 in an important public service, written from the statute's integer forms."""
    if not (2 * v >= e and y > n and 5 * y >= 2 * e):
        return "fail"
    return "at-risk" if not 2 * y > v else "pass"


def raw_rows() -> list[dict[str, str]]:
    """The example's CSV read independently (plain csv module, commas stripped by hand)."""
    with UNITS_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def num(cell: str) -> int:
    return int(cell.replace(",", ""))


# --- the shipped example ------------------------------------------------------------------------


def test_inline_and_csv_forms_give_the_same_units(run: Run) -> None:
    inline = json.loads(run("result", str(INLINE), "--format", "json").stdout)["ballots"][0]
    from_csv = json.loads(run("result", str(FROM_CSV), "--format", "json").stdout)["ballots"][0]
    assert len(inline["units"]) == 14
    assert inline["units"] == from_csv["units"]
    assert inline["summary"] == from_csv["summary"]
    assert from_csv["units_csv"]["file"].endswith("illustrative-nhs-trusts-2022-units.csv")


def test_example_verdicts_follow_the_integer_tests() -> None:
    outcome = judge(load_ballot(FROM_CSV))
    rows = raw_rows()
    assert [u.name for u in outcome.units] == [r["Employer"] for r in rows]
    for unit, row in zip(outcome.units, rows, strict=True):
        e, v = num(row["Entitled to vote"]), num(row["Votes cast"])
        strike = law_verdict(e, v, num(row["Strike Yes"]), num(row["Strike No"]))
        asos = law_verdict(e, v, num(row["ASOS: yes"]), num(row["asos_no"]))
        assert [q.verdict for q in unit.questions] == [strike, asos], unit.name
        assert unit.votes_short == max(0, (e + 1) // 2 - v)


def test_example_shows_near_misses_in_votes() -> None:
    units = {u.name: u for u in judge(load_ballot(INLINE)).units}
    # 575 of 1,150 needed (half, rounded up); 574 voted: one vote short.
    assert units["Brampton Community Health NHS Trust"].votes_short == 1
    assert units["Carrow Ambulance Service NHS Trust"].votes_short == 3  # ceil(3205/2) = 1603
    # 40% of 5,610 is 2,244; 2,200 Yes: 44 short, turnout met.
    dunmore = units["Dunmore University Hospitals NHS Trust"]
    assert (dunmore.turnout_met, dunmore.questions[0].yes_short) == (True, 44)
    assert units["Ingleby Specialist Orthopaedic Centre"].questions[0].verdict == "at-risk"


def test_totals_add_up() -> None:
    outcome = judge(load_ballot(FROM_CSV))
    rows = raw_rows()
    assert outcome.summary is not None
    totals = outcome.summary.totals
    assert totals.eligible == sum(num(r["Entitled to vote"]) for r in rows) == 29_985
    assert totals.votes_cast == sum(num(r["Votes cast"]) for r in rows) == 15_506
    assert totals.answers[0].yes == sum(num(r["Strike Yes"]) for r in rows)
    assert totals.answers[1].spoiled == sum(num(r["asos-spoilt"]) for r in rows)
    # by hand from the file's comment: six employers with both mandates
    assert (outcome.summary.with_mandate, outcome.summary.without_mandate) == (6, 8)
    strike = outcome.summary.questions[0]
    assert (strike.mandate, strike.at_risk, strike.no_mandate) == (6, 1, 7)


# --- properties ---------------------------------------------------------------------------------

COUNT = st.integers(min_value=0, max_value=400)


@st.composite
def unit_data(draw: st.DrawFn, index: int) -> dict[str, Any]:
    e = draw(st.integers(min_value=1, max_value=800))
    v = draw(st.integers(min_value=0, max_value=e))
    results = {}
    for qid in ("strike", "asos"):
        y = draw(st.integers(min_value=0, max_value=v))
        n = draw(st.integers(min_value=0, max_value=v - y))
        results[qid] = {"yes": y, "no": n, "spoiled": v - y - n}
    return {"name": f"Unit {index}", "eligible": e, "votes_cast": v, "results": results}


@st.composite
def units_list(draw: st.DrawFn, min_size: int = 1, max_size: int = 8) -> list[dict[str, Any]]:
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    return [draw(unit_data(i)) for i in range(size)]


def judged(units: list[dict[str, Any]], aggregation: str = "separate") -> BallotOutcome:
    data = {
        "title": "T", "opened": "2022-10-06", "closed": "2022-11-02",
        "important_public_service": "health", "aggregation": aggregation,
        "questions": [{"id": "strike", "type": "strike"}, {"id": "asos", "type": "asos"}],
        "units": units,
    }  # fmt: skip
    document = Document(file="h.yaml", data=data, lines=None, sha256="")
    ballot, problems = validate(document)
    assert ballot is not None and not [p for p in problems if p.severity == "error"], problems
    return judge(LoadedBallot(document, ballot, tuple(problems)))


@settings(max_examples=150, deadline=None)
@given(units_list())
def test_unit_counts_sum_to_totals(units: list[dict[str, Any]]) -> None:
    outcome = judged(units)
    summary = outcome.summary
    assert summary is not None
    assert summary.totals.eligible == sum(u["eligible"] for u in units)
    assert summary.totals.votes_cast == sum(u["votes_cast"] for u in units)
    for index, qid in enumerate(("strike", "asos")):
        for answer in ("yes", "no", "spoiled"):
            expected = sum(u["results"][qid][answer] for u in units)
            assert getattr(summary.totals.answers[index], answer) == expected
        c = summary.questions[index]
        assert c.mandate + c.at_risk + c.no_mandate == len(units)
    assert summary.with_mandate + summary.without_mandate == summary.units == len(units)


@settings(max_examples=150, deadline=None)
@given(units_list())
def test_a_units_verdict_never_contradicts_its_integer_tests(units: list[dict[str, Any]]) -> None:
    outcome = judged(units)
    for unit, raw in zip(outcome.units, units, strict=True):
        e, v = raw["eligible"], raw["votes_cast"]
        for q in unit.questions:
            counts = raw["results"][q.id]
            assert q.verdict == law_verdict(e, v, counts["yes"], counts["no"])
        expected_status = max(
            (q.verdict for q in unit.questions), key=["pass", "at-risk", "fail"].index
        )
        assert unit.decision.verdict == expected_status
        m = margin(unit)
        assert m is not None and (m >= 0) == (unit.decision is Decision.MANDATE)


@settings(max_examples=100, deadline=None)
@given(units_list(max_size=1))
def test_separate_and_aggregate_agree_for_one_unit(units: list[dict[str, Any]]) -> None:
    separate = judged(units, "separate")
    aggregate = judged(units, "aggregate")
    assert [q.verdict for q in separate.units[0].questions] == [
        q.verdict for q in aggregate.units[0].questions
    ]
    assert separate.units[0].votes_short == aggregate.units[0].votes_short
    assert aggregate.information_units == separate.units


@settings(max_examples=100, deadline=None)
@given(units_list(min_size=2), st.randoms(use_true_random=False))
def test_reordering_units_changes_no_verdict(
    units: list[dict[str, Any]], rnd: random.Random
) -> None:
    shuffled = units[:]
    rnd.shuffle(shuffled)
    for aggregation in ("separate", "aggregate"):
        first = {
            u.name: u
            for u in (
                *judged(units, aggregation).units,
                *judged(units, aggregation).information_units,
            )
        }
        second = {
            u.name: u
            for u in (
                *judged(shuffled, aggregation).units,
                *judged(shuffled, aggregation).information_units,
            )
        }
        assert first == second


@settings(max_examples=100, deadline=None)
@given(units_list(min_size=2))
def test_aggregate_judges_the_sum(units: list[dict[str, Any]]) -> None:
    outcome = judged(units, "aggregate")
    e = sum(u["eligible"] for u in units)
    v = sum(u["votes_cast"] for u in units)
    assert len(outcome.units) == 1
    for q in outcome.units[0].questions:
        y = sum(u["results"][q.id]["yes"] for u in units)
        n = sum(u["results"][q.id]["no"] for u in units)
        assert q.verdict == law_verdict(e, v, y, n)
    assert len(outcome.information_units) == len(units)
    assert outcome.summary is not None and outcome.summary.information_only


# --- the file format: errors ---------------------------------------------------------------------


def problems_of(write: Any, text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        judge(load_ballot(write(HEAD + text)))
    return [str(p) for p in caught.value.problems]


UNIT = """\
  - name: {name}
    eligible: 100
    votes_cast: 60
    results:
      strike: {{yes: 40, no: 20, spoiled: 0}}
      asos: {{yes: 45, no: 15, spoiled: 0}}
"""


def test_top_level_figures_are_refused_with_units(write: Any) -> None:
    message = problems_of(write, "eligible: 5\nunits:\n" + UNIT.format(name="A"))
    assert len(message) == 1
    assert ":8: eligible: must not be given with units" in message[0]


def test_units_and_units_csv_are_exclusive(write: Any) -> None:
    message = problems_of(write, "units_csv: u.csv\nunits:\n" + UNIT.format(name="A"))
    assert any(":8: units_csv: use either units" in m for m in message)


def test_duplicate_unit_names_name_both_lines(write: Any) -> None:
    text = "units:\n" + UNIT.format(name="Leeds") + UNIT.format(name="leeds")
    message = problems_of(write, text)
    assert [m.split(": ", 1)[1] for m in message] == [
        "units.1.name: unit name 'leeds' is used twice (first at line 9); each separate ballot "
        "needs its own name"
    ]
    assert message[0].split(":")[1] == "15"


def test_count_check_per_unit_names_the_unit_path_and_line(write: Any) -> None:
    bad = UNIT.format(name="B").replace("{yes: 40, no: 20,", "{yes: 50, no: 20,")
    message = problems_of(write, "units:\n" + UNIT.format(name="A") + bad)
    assert len(message) == 1
    assert (
        ":19: units.1.results.strike: yes + no + spoiled = 50 + 20 + 0 = 70, more than "
        "votes_cast 60" in message[0]
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("eligible: 100", "eligible: 50"),
            ":17: units.1.votes_cast: votes_cast 60 is more than eligible 50",
        ),
        (
            ("      asos: {yes: 45, no: 15, spoiled: 0}\n", ""),
            ":18: units.1.results: no result for question 'asos'",
        ),
        (
            ("asos: {", "other: {"),
            ":20: units.1.results.other: there is no question with id 'other' (questions: "
            "strike, asos)",
        ),
        (
            ("{yes: 40, no: 20, spoiled: 0}", "{yes: 40, no: 10, spoiled: 0}"),
            ":19: units.1.results.strike: warning: yes + no + spoiled = 40 + 10 + 0 = 50, 10 "
            "fewer than votes_cast 60",
        ),
    ],
)
def test_each_units_figures_are_checked_like_a_ballots(
    write: Any, change: tuple[str, str], expected: str
) -> None:
    """A unit among others that are fine: each check on a whole ballot's figures finds it too."""
    odd = UNIT.format(name="B").replace(*change)
    text = "units:\n" + UNIT.format(name="A") + odd + UNIT.format(name="C")
    messages: list[str]
    try:
        messages = [str(p) for p in load_ballot(write(HEAD + text)).warnings]
    except InputError as exc:
        messages = [str(p) for p in exc.problems]
    assert [m for m in messages if expected in m], messages


def test_unit_without_eligible_under_a_turnout_regime(write: Any) -> None:
    unit = UNIT.format(name="A").replace("    eligible: 100\n", "")
    message = problems_of(write, "units:\n" + unit)
    assert message[0].endswith(
        "units.0.eligible: is required: regime gb-tua-2016 applies a "
        "turnout or support test, which needs the number entitled to vote"
    )


def test_unknown_key_in_a_unit_suggests_the_field(write: Any) -> None:
    unit = UNIT.format(name="A").replace("votes_cast", "votes_cats")
    message = problems_of(write, "units:\n" + unit)
    assert any("units.0.votes_cats: unknown key; did you mean 'votes_cast'?" in m for m in message)


def test_aggregation_without_units_is_an_error(write: Any) -> None:
    text = (
        "aggregation: aggregate\neligible: 10\nvotes_cast: 6\nresults:\n"
        "  strike: {yes: 4, no: 2}\n  asos: {yes: 4, no: 2}\n"
    )
    assert any(
        "aggregation: applies only to a ballot with units" in m for m in problems_of(write, text)
    )


# --- the command: --sort, --only, overview --------------------------------------------------------


def unit_lines(stdout: str) -> list[str]:
    """The units in the order the per-unit table (or its stacked blocks) lists them: a unit's row,
    or block, starts at the line's first column with its name, whose first word is its own place."""
    names = {r["Employer"].split()[0]: r["Employer"] for r in raw_rows()}
    assert len(names) == len(raw_rows())  # each name's first word is unique
    return [
        names[line.split()[0]]
        for line in stdout.splitlines()
        if line[:1].strip() and line.split()[0] in names
    ]


def test_sort_by_name_turnout_and_margin(run: Run) -> None:
    rows = raw_rows()
    by_name = unit_lines(run("result", str(INLINE), "--sort", "name").stdout)
    assert by_name == sorted((r["Employer"] for r in rows), key=str.casefold)
    by_turnout = unit_lines(run("result", str(INLINE), "--sort", "turnout").stdout)
    from fractions import Fraction

    turnout = {
        r["Employer"]: Fraction(num(r["Votes cast"]), num(r["Entitled to vote"])) for r in rows
    }
    assert [turnout[n] for n in by_turnout] == sorted(turnout.values())
    by_margin = unit_lines(run("result", str(INLINE), "--sort", "margin").stdout)
    assert by_margin[0] == "Fenwick Hospitals NHS Foundation Trust"  # 360 votes short
    assert by_margin[-1] == "Larchfield Hospitals NHS Trust"  # 250 to spare on turnout


def test_only_filters_the_table_not_the_json(run: Run) -> None:
    table = run("result", str(INLINE), "--only", "fail").stdout
    shown = unit_lines(table)
    assert len(shown) == 7 and "Ashby Hospitals NHS Trust" not in shown
    assert "Showing 7 of 14 units" in table
    at_risk = unit_lines(run("result", str(INLINE), "--only", "at-risk").stdout)
    assert at_risk == ["Ingleby Specialist Orthopaedic Centre"]
    passing = unit_lines(run("result", str(INLINE), "--only", "pass").stdout)
    assert len(passing) == 6
    data = json.loads(run("result", str(INLINE), "--only", "fail", "--format", "json").stdout)
    assert len(data["ballots"][0]["units"]) == 14


def test_select_keeps_file_order_on_ties() -> None:
    outcome = judge(load_ballot(INLINE))
    ones = [u.name for u in select(outcome.units, sort="margin") if margin(u) == -1]
    assert ones == [u.name for u in outcome.units if margin(u) == -1]


def test_table_shows_counts_and_votes_short(run: Run) -> None:
    out = run("result", str(FROM_CSV)).stdout
    assert "6 of 14 units have a mandate for every question; 8 do not." in out
    assert "360 votes" in out and "strike: 44 Yes" in out and "1 vote " in out
    assert "29,985" in out and "15,506" in out


def test_csv_gives_every_unit_and_question(run: Run) -> None:
    out = run("result", str(FROM_CSV), "--format", "csv", "--only", "pass").stdout
    rows = list(csv.DictReader(out.splitlines()))
    assert len(rows) == 28 and {r["basis"] for r in rows} == {"ballot"}


LIVE = "title: Live\nclosed: 2030-01-31\nquestions:\n  - {id: strike, type: strike}\n"
BROKEN = "title: Broken\nclosed: 2020-01-01\neligible: ten\nvotes_cast: 1\n"


def test_overview_lists_open_and_broken_ballots_and_exits_2(run: Run, tmp_path: Path) -> None:
    for source in (INLINE, BALLOTS / "pcs-2019-pay.yaml"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "live.yaml").write_text(LIVE, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    result = run("result", str(tmp_path), expect=2)
    out = result.stdout
    assert "National pay campaign 2019" in out and "strike: NO MANDATE" in out
    assert "mandate in 6/14 units" in out
    assert "open (no results yet)" in out
    assert "ERROR line 3: eligible:" in out
    assert "broken.yaml:3: eligible: must be a whole number" in result.stderr
    # by date; a file too broken to read its date goes last
    assert (
        out.index("2019-04-29")
        < out.index("2022-11-02")
        < out.index("2030-01-31")
        < out.index("broken.yaml")
    )
    (tmp_path / "broken.yaml").unlink()
    assert "1 open" in run("result", str(tmp_path), expect=0).stdout


def test_two_files_give_the_overview_and_one_file_the_full_view(run: Run) -> None:
    pcs = str(BALLOTS / "pcs-2019-pay.yaml")
    two = run("result", pcs, str(INLINE)).stdout
    assert "2 ballot files: 2 judged" in two
    one = run("result", pcs).stdout
    assert "Questions" in one and "ballot files" not in one
    full = run("result", pcs, str(INLINE), "--full").stdout
    assert "ballot files" not in full and "Questions" in full


def test_shipped_ballots_directory_overview(run: Run) -> None:
    out = run("result", str(BALLOTS)).stdout
    files = list(BALLOTS.glob("*.yaml"))
    live = [
        p
        for p in files
        if "results:" not in p.read_text()
        and "units_csv" not in p.read_text()
        and "\nyes:" not in p.read_text()
        and "\nresponses:" not in p.read_text()  # a survey's figure
    ]
    # the live examples for `target`: a ballot, and one with units
    assert sorted(p.name for p in live) == [
        "hmrc-2011.yaml",
        "illustrative-nhs-trusts-2022-live.yaml",
    ]
    judged = len(files) - len(live)
    assert f"{len(files)} ballot files: {judged} judged, {len(live)} open, 0 with errors" in out


def test_one_live_file_is_open_for_result_and_refused_by_check(run: Run, write: Any) -> None:
    path = str(write(LIVE))
    assert "planned: no results yet" in run("result", path).stdout  # no opening date, no count
    assert "has no results yet" in run("check", path, expect=2).stderr


def test_aggregated_ballot_marks_units_as_information(run: Run, tmp_path: Path) -> None:
    text = INLINE.read_text(encoding="utf-8").replace(
        "aggregation: separate", "aggregation: aggregate"
    )
    path = tmp_path / "agg.yaml"
    path.write_text(text, encoding="utf-8")
    table = run("result", str(path)).stdout
    assert "for information only" in table and "not the legal test" in table
    rows = list(csv.DictReader(run("result", str(path), "--format", "csv").stdout.splitlines()))
    ballot_rows = [r for r in rows if r["basis"] == "ballot"]
    assert len(ballot_rows) == 2 and len(rows) == 2 + 28
    # the sum: 15,506 of 29,985 voted (2V >= E); strike 13,434 Yes >= 40% of 29,985 = 11,994
    assert [(r["votes_cast"], r["verdict"]) for r in ballot_rows] == [("15506", "pass")] * 2
    data = json.loads(run("result", str(path), "--format", "json").stdout)["ballots"][0]
    assert data["aggregation"] == "aggregate" and len(data["information_units"]) == 14
    assert data["summary"]["information_only"] is True


# --- the national picture: units grouped by what they have a mandate for --------------------------


def test_mandate_groups_follow_the_integer_tests() -> None:
    """Each unit lands in the group of exactly the questions the law gives it a mandate for
    (worked out from the CSV here); at-risk units are named; order: both, one, none."""
    from ballotcalc.units import mandate_groups

    outcome = judge(load_ballot(FROM_CSV))
    groups = mandate_groups(outcome.units, ["strike", "asos"])
    expected: dict[tuple[str, ...], list[str]] = {}
    at_risk = []
    for row in raw_rows():
        e, v = num(row["Entitled to vote"]), num(row["Votes cast"])
        strike = law_verdict(e, v, num(row["Strike Yes"]), num(row["Strike No"]))
        asos = law_verdict(e, v, num(row["ASOS: yes"]), num(row["asos_no"]))
        key = tuple(q for q, verdict in (("strike", strike), ("asos", asos)) if verdict == "pass")
        expected.setdefault(key, []).append(row["Employer"])
        if "at-risk" in (strike, asos):
            at_risk.append(row["Employer"])
    assert [g.mandated for g in groups] == [("strike", "asos"), ("asos",), ()]
    for group in groups:
        assert [u.name for u in group.units] == expected[group.mandated]
    assert [u.name for g in groups for u in g.at_risk] == at_risk
    # no unit with a mandate for action short of a strike is counted among those with none
    assert sum(len(g.units) for g in groups) == len(outcome.units)
