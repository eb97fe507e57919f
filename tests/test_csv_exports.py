"""Units CSVs as membership systems export them: the header forms officers meet, the ballot file's
`units_csv_columns:` for anything else, and one error per bad header (never one per row)."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import BALLOTS, Run

from ballotcalc.errors import InputError
from ballotcalc.judging import judge, load_ballot
from ballotcalc.tally import Decision
from ballotcalc.units_csv import UnitsTable, parse_units_csv

# Question ids unlike their types' names, so a header can only reach them through the type.
IDS = ("q_s", "q_a")
TYPES = ("strike", "asos")
BASE = {
    "name": "Workplace", "eligible": "Eligible", "votes_cast": "Votes cast",
    "q_s.yes": "q_s yes", "q_s.no": "q_s no", "q_s.spoiled": "q_s spoiled",
    "q_a.yes": "q_a yes", "q_a.no": "q_a no", "q_a.spoiled": "q_a spoiled",
}  # fmt: skip
VALUES = {
    "name": "Leeds", "eligible": "100", "votes_cast": "60",
    "q_s.yes": "41", "q_s.no": "17", "q_s.spoiled": "2",
    "q_a.yes": "44", "q_a.no": "13", "q_a.spoiled": "3",
}  # fmt: skip
"""Every count different, so a header sent to the wrong field shows in the unit read."""
EXPECTED = {
    "name": "Leeds", "eligible": 100, "votes_cast": 60,
    "results": {"q_s": {"yes": 41, "no": 17, "spoiled": 2},
                "q_a": {"yes": 44, "no": 13, "spoiled": 3}},
}  # fmt: skip


def table_with(field: str, header: str, columns: dict[str, str] | None = None) -> UnitsTable:
    headers = {**BASE, field: header}
    text = ",".join(f'"{h}"' for h in headers.values()) + "\n"
    text += ",".join(VALUES[k] for k in headers) + "\n"
    return parse_units_csv(text.encode(), "u.csv", IDS, question_types=TYPES, columns=columns)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Employer Name", "name"), ("EMPLOYER  NAME", "name"), ("Organisation", "name"),
        ("Members Balloted", "eligible"), ("No. entitled", "eligible"),
        ("Number entitled to vote", "eligible"),
        ("Returned", "votes_cast"), ("Papers returned", "votes_cast"),
        ("Ballot papers returned", "votes_cast"),
        ("Yes - Strike", "q_s.yes"), ("No \u2013 Strike", "q_s.no"), ("No - Strike", "q_s.no"),
        ("Spoilt - Strike", "q_s.spoiled"), ("Spoiled - Strike", "q_s.spoiled"),
        ("Strike: Yes", "q_s.yes"), ("Strike: No", "q_s.no"), ("strike_spoilt", "q_s.spoiled"),
        ("Invalid (strike)", "q_s.spoiled"), ("Strike action - yes", "q_s.yes"),
        ("Yes (ASOS)", "q_a.yes"), ("No (ASOS)", "q_a.no"), ("Spoilt (ASOS)", "q_a.spoiled"),
        ("Action short of strike: Yes", "q_a.yes"), ("No - Action short of a strike", "q_a.no"),
        ("Yes votes - ASOS", "q_a.yes"), ("q_a: No", "q_a.no"),
    ],
)  # fmt: skip
def test_export_header_forms_map_to_their_field(header: str, field: str) -> None:
    table = table_with(field, header)
    assert table.units == [EXPECTED]
    assert table.columns[(field,) if "." not in field else ("results", *field.split("."))] == (
        header
    )
    assert not table.warnings


@pytest.mark.parametrize(
    ("header", "target", "field"),
    [
        ("Ballot papers issued", "eligible", "eligible"),
        ("Y Strike", "q_s.yes", "q_s.yes"),
        ("N/Strike", "q_s.no", "q_s.no"),
        ("Rejected (ASOS)", "q_a.spoilt", "q_a.spoiled"),
        ("Site code", "name", "name"),
    ],
)
def test_units_csv_columns_maps_any_other_header(header: str, target: str, field: str) -> None:
    # the mapping is matched as headers are: case, spaces and punctuation aside
    table = table_with(field, header, columns={header.upper() + " ": target})
    assert table.units == [EXPECTED]


def test_a_mapping_comes_before_the_built_in_names() -> None:
    """An export whose "Returned" column is the papers sent out: the ballot file says so, and the
    column is read as the number entitled, not as votes cast."""
    text = "Workplace,Returned,Votes,q_s yes,q_s no,q_a yes,q_a no\nA,10,6,4,2,5,1\n"
    table = parse_units_csv(
        text.encode(), "u.csv", IDS, question_types=TYPES, columns={"Returned": "eligible"}
    )
    assert (table.units[0]["eligible"], table.units[0]["votes_cast"]) == (10, 6)


def test_a_column_mapped_to_ignore_is_left_out_without_a_warning() -> None:
    text = "Workplace,Region,Returned,Votes,q_s yes,q_s no,q_a yes,q_a no\nA,North,10,6,4,2,5,1\n"
    table = parse_units_csv(
        text.encode(), "u.csv", IDS, question_types=TYPES,
        columns={"region": "ignore", "Returned": "ignore"},
    )  # fmt: skip
    # "Returned" would be votes cast: ignored, "Votes" is; nothing is warned about
    assert (table.units[0]["votes_cast"], table.warnings) == (6, ())
    assert "North" not in str(table.units)


def test_a_type_name_two_questions_share_is_ambiguous() -> None:
    text = "Workplace,Eligible,Votes cast,Yes - Strike,day1 no,day2 yes,day2 no\nA,10,6,4,2,4,2\n"
    with pytest.raises(InputError) as caught:
        parse_units_csv(
            text.encode(), "u.csv", ("day1", "day2"), question_types=("strike", "strike")
        )
    found = [str(p) for p in caught.value.problems]
    assert found[0] == (
        "u.csv:1: column 'Yes - Strike': is ambiguous: it could be day1.yes or day2.yes "
        "(questions of the same type); name its question in the header, or name it in the "
        'ballot file\'s units_csv_columns: ("Yes - Strike": <field>)'
    )
    assert len(found) == 1  # day1's Yes is missing: said once, by the header's error


def test_a_mapped_header_missing_from_the_file_is_one_error() -> None:
    text = ",".join(BASE.values()) + "\n" + ",".join(VALUES.values()) + "\n"
    with pytest.raises(InputError) as caught:
        parse_units_csv(
            text.encode(), "u.csv", IDS, question_types=TYPES, columns={"Eligible ": "eligible",
                                                                          "Votes cats": "votes_cast"}
        )  # fmt: skip
    assert [str(p) for p in caught.value.problems] == [
        "u.csv:1: has no column 'Votes cats', which the ballot file's units_csv_columns: names "
        "(the closest is 'Votes cast')"
    ]


# --- the shipped export: 40 employers -----------------------------------------------------------

EXPORT = BALLOTS / "illustrative-national-2024-units.csv"
NATIONAL = BALLOTS / "illustrative-national-2024.yaml"


def _copy_national(tmp_path: Path, header: Callable[[str], str] = lambda h: h) -> Path:
    lines = EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / EXPORT.name).write_text(header(lines[0]) + "".join(lines[1:]), encoding="utf-8")
    shutil.copy(NATIONAL, tmp_path / NATIONAL.name)
    return tmp_path / NATIONAL.name


@pytest.mark.parametrize(
    ("bad", "closest"),
    [
        ("Spoilt - Strke", "question 'q_s'"),  # replaced below by the shipped ids
        ("Yes - Strik", "question 'strike' yes"),
        ("Spoilt", "question"),
    ],
)
def test_one_error_per_bad_header_on_a_40_row_file(
    run: Run, tmp_path: Path, bad: str, closest: str
) -> None:
    original = "Spoilt - Strike" if bad.startswith("Spoilt") else "Yes - Strike"
    ballot = _copy_national(tmp_path, lambda h: h.replace(original, bad))
    result = run("result", str(ballot), expect=2)
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"{tmp_path / EXPORT.name}:1: column '{bad}': looks like a count")
    if bad == "Spoilt - Strke":
        closest = "did you mean question 'strike' spoiled"
    assert closest in errors[0]


def test_several_bad_headers_each_one_error(run: Run, tmp_path: Path) -> None:
    ballot = _copy_national(
        tmp_path,
        lambda h: h.replace("Yes - Strike", "Yes - Strik").replace("Yes (ASOS)", "Yes (ASO)"),
    )
    result = run("result", str(ballot), expect=2)
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert [e.split(": looks like")[0] for e in errors] == [
        f"{tmp_path / EXPORT.name}:1: column 'Yes - Strik'",
        f"{tmp_path / EXPORT.name}:1: column 'Yes (ASO)'",
    ]


def _expected_decisions() -> dict[str, tuple[bool, bool]]:
    """Each employer's mandates worked out here from the CSV's own figures, by the law: gb-tua-2016
    (opened 2024), an important public service (education): at least 50% of those entitled voted
    (s.226(2)(a)(iia)), Yes is at least 40% of those entitled (s.226(2B)), and Yes is more than
    half of the votes cast, spoiled papers included (s.226(2)(b), s.297A)."""
    rows = list(csv.reader(io.StringIO(EXPORT.read_text(encoding="utf-8"))))
    decisions = {}
    for row in rows[1:]:
        name, _region, e, v, sy, _sn, _ss, ay, _an, _as = row
        e_, v_, sy_, ay_ = (int(x.replace(",", "")) for x in (e, v, sy, ay))

        def passes(yes: int, e: int = e_, v: int = v_) -> bool:
            return 2 * v >= e and 10 * yes >= 4 * e and 2 * yes > v

        decisions[name] = (passes(sy_), passes(ay_))
    return decisions


def test_the_shipped_export_is_judged_per_employer() -> None:
    outcome = judge(load_ballot(NATIONAL))
    expected = _expected_decisions()
    assert len(expected) == 40
    got = {
        u.name: tuple(q.decision is Decision.MANDATE for q in u.questions) for u in outcome.units
    }
    assert got == expected
    counts = sorted(expected.values()).count
    # the mix the example promises
    assert (counts((True, True)), counts((False, True)), counts((False, False))) == (19, 9, 12)
    assert outcome.warnings == ()  # Region is mapped to ignore


# --- units_csv_columns in the ballot file ---------------------------------------------------------

BALLOT = """\
title: T
opened: 2022-10-06
closed: 2022-11-02
units_csv: units.csv
units_csv_columns:
  "Y Strike": {target}
questions:
  - {{id: strike, type: strike}}
"""
ROWS = "Employer,Members balloted,Returned,Y Strike,N Strike\nA,10,6,4,2\n"


def test_units_csv_columns_through_the_ballot_file(tmp_path: Path) -> None:
    (tmp_path / "units.csv").write_text(ROWS.replace("N Strike", "No"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(BALLOT.format(target="strike.yes"), encoding="utf-8")
    unit = judge(load_ballot(tmp_path / "b.yaml")).units[0]
    assert (unit.eligible, unit.votes_cast, unit.questions[0].yes, unit.questions[0].no) == (
        10, 6, 4, 2,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("asos.yes", "b.yaml:6: units_csv_columns.Y Strike: 'asos.yes' names question 'asos', "
                     "which is not among the ballot's questions (strike)"),
        ("strike.maybe", "b.yaml:6: units_csv_columns.Y Strike: "),
        ("turnout", "b.yaml:6: units_csv_columns.Y Strike: "),
    ],
)  # fmt: skip
def test_a_bad_mapping_is_located_in_the_ballot_file(
    tmp_path: Path, target: str, message: str
) -> None:
    (tmp_path / "units.csv").write_text(ROWS, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(BALLOT.format(target=target), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_ballot(tmp_path / "b.yaml")
    found = [str(p).split("/")[-1] for p in caught.value.problems]
    assert len(found) == 1 and found[0].startswith(message), found


def test_a_mapping_needs_a_units_csv(tmp_path: Path) -> None:
    text = BALLOT.format(target="strike.yes").replace("units_csv: units.csv\n", "")
    text += (
        "units:\n  - {name: A, eligible: 10, votes_cast: 6, results: {strike: {yes: 4, no: 2}}}\n"
    )
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_ballot(tmp_path / "b.yaml")
    assert [str(p).split("/")[-1] for p in caught.value.problems] == [
        "b.yaml:4: units_csv_columns: maps the headers of a units CSV: it needs units_csv:"
    ]
