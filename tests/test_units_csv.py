"""Reading units from a CSV export: headers, encodings, separators, and errors that name the CSV
file, its line and its column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Run

from ballotcalc.errors import InputError
from ballotcalc.judging import judge, load_ballot
from ballotcalc.units_csv import header_key, parse_units_csv

QIDS = ("strike", "asos")
GOOD_HEADER = "Workplace,Eligible,Votes cast,Strike Yes,Strike No,Strike Spoiled,Asos Yes,Asos No"

BALLOT = """\
title: T
opened: 2022-10-06
closed: 2022-11-02
units_csv: units.csv
questions:
  - {id: strike, type: strike}
  - {id: asos, type: asos}
"""


def parse(text: str | bytes, qids: tuple[str, ...] = QIDS) -> list[dict[str, object]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_units_csv(raw, "u.csv", qids).units


def errors(text: str | bytes, qids: tuple[str, ...] = QIDS) -> list[str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InputError) as caught:
        parse_units_csv(raw, "u.csv", qids)
    return [str(p) for p in caught.value.problems]


def test_plain_rows_become_units() -> None:
    units = parse(GOOD_HEADER + "\nLeeds,100,60,40,18,2,45,15\n")
    assert units == [{
        "name": "Leeds", "eligible": 100, "votes_cast": 60,
        "results": {"strike": {"yes": 40, "no": 18, "spoiled": 2}, "asos": {"yes": 45, "no": 15}},
    }]  # fmt: skip


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("workplace", "name"), ("Employer", "name"), ("UNIT", "name"), ("Name", "name"),
        ("entitled", "eligible"), ("Eligible", "eligible"), ("Entitled to vote", "eligible"),
        ("returned", "votes_cast"), ("Votes Cast", "votes_cast"), ("votes_cast", "votes_cast"),
        ("Turnout count", "votes_cast"), ("strike_yes", "strike.yes"), ("Strike Yes", "strike.yes"),
        ("strike: yes", "strike.yes"), ("strike-no", "strike.no"), ("STRIKE NO", "strike.no"),
        ("strike spoiled", "strike.spoiled"), ("Strike (spoilt)", "strike.spoiled"),
        ("strike invalid", "strike.spoiled"),
    ],
)  # fmt: skip
def test_header_aliases(header: str, field: str) -> None:
    columns = {
        "name": "workplace", "eligible": "eligible", "votes_cast": "votes cast",
        "strike.yes": "strike yes", "strike.no": "strike no", "strike.spoiled": "strike spoiled",
    }  # fmt: skip
    columns[field] = header
    values = {"name": "A", "eligible": "10", "votes_cast": "6", "strike.yes": "4",
              "strike.no": "1", "strike.spoiled": "1"}  # fmt: skip
    text = ",".join(columns.values()) + "\n" + ",".join(values[k] for k in columns) + "\n"
    table = parse_units_csv(text.encode(), "u.csv", ("strike",))
    assert table.units == [
        {
            "name": "A",
            "eligible": 10,
            "votes_cast": 6,
            "results": {"strike": {"yes": 4, "no": 1, "spoiled": 1}},
        }
    ]
    assert not table.warnings


def test_header_key_ignores_case_spaces_underscores_and_punctuation() -> None:
    assert header_key("Strike: Yes") == header_key("strike_yes") == header_key(" STRIKE-yes ")


def test_one_question_ballot_takes_plain_yes_no() -> None:
    units = parse("Unit,Eligible,Returned,Yes,No,Spoiled\nA,10,6,4,1,1\n", ("q1",))
    assert units[0]["results"] == {"q1": {"yes": 4, "no": 1, "spoiled": 1}}


def test_bom_crlf_and_blank_lines() -> None:
    text = "\ufeff" + GOOD_HEADER + "\r\n\r\nA,100,60,40,18,2,45,15\r\n,,,,,,,\r\n\r\n"
    units = parse(text.encode("utf-8"))
    assert [u["name"] for u in units] == ["A"]


def test_thousands_separators_in_quoted_cells() -> None:
    units = parse(GOOD_HEADER + '\nA,"12,345","6,789","5,000","1,700",89,"6,000",789\n')
    assert (units[0]["eligible"], units[0]["votes_cast"]) == (12_345, 6_789)
    assert units[0]["results"]["strike"] == {"yes": 5_000, "no": 1_700, "spoiled": 89}


@pytest.mark.parametrize("cell", ["ten", "12.0", "-5", "1,23", "1 234", "1.234", "12,34,567", "²"])
def test_non_numeric_cell_names_file_row_and_column(cell: str) -> None:
    text = GOOD_HEADER + f'\nA,100,60,40,18,2,45,15\nB,100,"{cell}",40,18,2,45,15\n'
    assert errors(text) == [
        f"u.csv:3: column 'Votes cast': must be a whole number (digits, optionally with thousands "
        f"separators such as \"1,234\"), not '{cell}'"
    ]


def test_every_bad_cell_is_reported() -> None:
    text = GOOD_HEADER + "\nA,x,60,40,18,2,45,15\nB,100,60,y,18,2,45,15\n"
    found = errors(text)
    assert [m.split(": ")[0:2] for m in found] == [
        ["u.csv:2", "column 'Eligible'"],
        ["u.csv:3", "column 'Strike Yes'"],
    ]


def test_missing_column() -> None:
    text = "Workplace,Eligible,Votes cast,Strike Yes,Strike No\nA,10,6,4,2\n"
    found = errors(text)
    assert len(found) == 2
    assert found[0].startswith("u.csv:1: no column for question 'asos' yes")
    assert found[1].startswith("u.csv:1: no column for question 'asos' no")


def test_missing_name_or_votes_column() -> None:
    found = errors("Eligible,Strike Yes,Strike No,Asos yes,Asos no\n10,4,2,4,2\n")
    assert [f.split(" (")[0] for f in found] == [
        "u.csv:1: no column for the unit's name",
        "u.csv:1: no column for votes cast",
    ]


def test_extra_column_is_a_warning_and_ignored() -> None:
    table = parse_units_csv(
        (GOOD_HEADER + ",Region,Turnout %\nA,100,60,40,18,2,45,15,North,60\n").encode(),
        "u.csv",
        QIDS,
    )
    assert [str(w) for w in table.warnings] == [
        "u.csv:1: column 'Region': warning: is not a field of a unit; ignored",
        "u.csv:1: column 'Turnout %': warning: is not a field of a unit; ignored",
    ]
    assert "Region" not in table.units[0]


@pytest.mark.parametrize(
    ("header", "hint"),
    [
        ("Strike Spolied", "did you mean question 'strike' spoiled"),
        ("Q3 Yes", "expected e.g. 'strike yes'"),
    ],
)
def test_extra_column_that_looks_like_a_count_is_an_error(header: str, hint: str) -> None:
    found = errors(GOOD_HEADER + f",{header}\nA,100,60,40,18,2,45,15,0\n")
    assert len(found) == 1
    assert found[0].startswith(f"u.csv:1: column '{header}': looks like a count")
    assert hint in found[0]


def test_two_columns_for_one_field() -> None:
    found = errors(GOOD_HEADER + ",Employer\nA,100,60,40,18,2,45,15,X\n")
    assert found == [
        "u.csv:1: column 'Employer': means the same as column 'Workplace' (name); keep one"
    ]


def test_wrong_number_of_cells() -> None:
    found = errors(GOOD_HEADER + "\nA,100,1,234,40,18,2,45,15\n")
    assert found[0].startswith("u.csv:2: has 9 cells but the header has 8")


def test_empty_required_cell() -> None:
    found = errors(GOOD_HEADER + "\nA,100,60,,18,2,45,15\n")
    assert found == ["u.csv:2: column 'Strike Yes': is empty; a count is needed"]


def test_empty_eligible_and_spoiled_cells_are_allowed() -> None:
    units = parse(GOOD_HEADER + "\nA,,60,40,18,,45,15\n")
    assert units[0]["eligible"] is None
    assert units[0]["results"]["strike"] == {"yes": 40, "no": 18}


@pytest.mark.parametrize("text", [b"", b"\xef\xbb\xbf", b"\n\n  \n", b",,,\n"])
def test_empty_file(text: bytes) -> None:
    found = errors(text)
    assert len(found) == 1 and found[0].startswith("u.csv:1: is empty: expected a header row")


def test_header_without_rows() -> None:
    assert errors(GOOD_HEADER + "\n\n") == [
        "u.csv:1: has a header but no units (one row per workplace or employer is needed)"
    ]


def test_semicolons_are_explained() -> None:
    found = errors(GOOD_HEADER.replace(",", ";") + "\nA;1;1;1;0;0;1;0\n")
    assert any("separated by commas, not semicolons" in f for f in found)


def test_not_utf8_names_the_line() -> None:
    found = errors(GOOD_HEADER.encode() + b"\nCaf\xe9,100,60,40,18,2,45,15\n")
    assert found[0].startswith("u.csv:2: is not UTF-8 text")


# --- through the ballot file: same validation and count checks as inline units --------------------

Write = Callable[..., Path]


def load_errors(write: Write, csv_text: str, ballot: str = BALLOT) -> list[str]:
    write(csv_text, "units.csv")
    with pytest.raises(InputError) as caught:
        judge(load_ballot(write(ballot, "b.yaml")))
    return [str(p) for p in caught.value.problems]


def test_duplicate_names_name_the_csv_rows(write: Write) -> None:
    text = (
        GOOD_HEADER + "\nLeeds,100,60,40,18,2,45,15\nYork,100,60,40,18,2,45,15\n"
        " leeds ,100,60,40,18,2,45,15\n"
    )
    found = load_errors(write, text)
    assert [f.split("/")[-1] for f in found] == [
        "units.csv:4: column 'Workplace': unit name 'leeds' is used twice (first at line 2); "
        "each separate ballot needs its own name"
    ]


def test_count_check_names_the_csv_row_and_columns(write: Write) -> None:
    found = load_errors(write, GOOD_HEADER + "\nA,100,60,50,18,2,45,15\n")
    assert len(found) == 1
    assert (
        found[0]
        .split("/")[-1]
        .startswith(
            "units.csv:2: columns 'Strike Yes', 'Strike No', 'Strike Spoiled': yes + no + spoiled = "
            "50 + 18 + 2 = 70, more than votes_cast 60"
        )
    )


def test_model_limits_apply_to_csv_units(write: Write) -> None:
    found = load_errors(write, GOOD_HEADER + "\n,100,60,40,18,2,45,15\n")
    assert (
        found[0]
        .split("/")[-1]
        .startswith("units.csv:2: column 'Workplace': must not be empty or only spaces")
    )


def test_missing_eligible_column_under_a_turnout_regime(write: Write) -> None:
    text = "Workplace,Votes cast,Strike Yes,Strike No,Asos Yes,Asos No\nA,6,4,2,4,2\nB,6,4,2,4,2\n"
    found = load_errors(write, text)
    assert [f.split("/")[-1].split(": is required")[0] for f in found] == [
        "units.csv:2: eligible",
        "units.csv:3: eligible",
    ]


def test_missing_csv_file(write: Write) -> None:
    found = load_errors(write, "", BALLOT.replace("units.csv", "nowhere.csv"))
    assert found[0].endswith("nowhere.csv: no such file")


def test_top_level_figures_with_units_csv(write: Write) -> None:
    found = load_errors(
        write, GOOD_HEADER + "\nA,100,60,40,18,2,45,15\n", BALLOT + "votes_cast: 60\n"
    )
    assert found[0].split("/")[-1] == (
        "b.yaml:8: votes_cast: must not be given with units: each unit has its own votes_cast "
        "(the totals are worked out from them)"
    )


def test_csv_warnings_reach_the_command(run: Run, write: Write) -> None:
    write(GOOD_HEADER + ",Region\nA,100,60,40,18,2,45,15,North\n", "units.csv")
    result = run("result", str(write(BALLOT, "b.yaml")), "--format", "json")
    assert "column 'Region': warning: is not a field of a unit; ignored" in result.stderr
