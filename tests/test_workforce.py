"""The workforce behind a notice (`workforce_csv:`, `--workforce`): rows per employer, workplace and
category, each mistake refused at its row and column, and the totals reconciled with `eligible`."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import BALLOTS, Run

from ballotcalc.errors import InputError
from ballotcalc.judging import load_ballot
from ballotcalc.workforce import Affected, load_workforce, parse_workforce_csv

BALLOT = """\
title: Two employers
opened: 2026-03-02
closed: 2026-03-20
figures_explanation: From the membership records on 1 March 2026.
workforce_csv: workforce.csv
units:
  - name: North Trust
    eligible: 30
    votes_cast: 20
    results: {strike: {yes: 15, no: 5}}
    figures_explanation: North's own records.
  - name: South Trust
    eligible: 12
    votes_cast: 10
    results: {strike: {yes: 8, no: 2}}
questions:
  - {id: strike, type: strike}
"""

GOOD = """\
Employer,Site,Job category,Headcount
North Trust,Ward A,Nurse,10
North Trust,Ward B,Nurse,8
North Trust,Ward A,Porter,12
South Trust,Clinic,Nurse,12
"""

Writer = Callable[[str, str], Path]


def ballot_with(write: Writer, csv_text: str, ballot: str = BALLOT) -> Path:
    write(csv_text, "workforce.csv")
    return write(ballot, "ballot.yaml")


def test_rows_totals_and_groupings(write: Writer) -> None:
    file = ballot_with(write, GOOD)
    workforce = load_workforce(load_ballot(file))
    north = workforce.of("North Trust")
    assert north.rows == (
        Affected("Ward A", "Nurse", 10),
        Affected("Ward B", "Nurse", 8),
        Affected("Ward A", "Porter", 12),
    )
    assert north.total == 10 + 8 + 12
    assert north.by_workplace() == (("Ward A", 22), ("Ward B", 8))
    assert north.by_category() == (("Nurse", 18), ("Porter", 12))
    assert north.explanation == "North's own records."
    assert workforce.of("South Trust").explanation == "From the membership records on 1 March 2026."
    assert [e.employer for e in workforce.employers] == ["North Trust", "South Trust"]
    assert workforce.warnings == ()
    assert workforce.file == str(file.parent / "workforce.csv")


def test_employers_are_in_the_ballots_unit_order_whatever_the_csv_order(write: Writer) -> None:
    lines = GOOD.splitlines()
    file = ballot_with(write, "\n".join([lines[0], lines[4], *lines[1:4]]) + "\n")
    workforce = load_workforce(load_ballot(file))
    assert [e.employer for e in workforce.employers] == ["North Trust", "South Trust"]


def test_a_total_that_differs_from_eligible_is_a_warning_naming_both(write: Writer) -> None:
    file = ballot_with(write, GOOD.replace("Ward B,Nurse,8", "Ward B,Nurse,9"))
    workforce = load_workforce(load_ballot(file))
    (warning,) = workforce.warnings
    assert warning.severity == "warning"
    assert str(warning).startswith(f"{workforce.file}:2: column 'Headcount': warning: North Trust")
    assert "31" in warning.message and "30" in warning.message


def test_one_employer_needs_no_employer_column(write: Writer) -> None:
    ballot = """\
title: One employer
employer: Example Rail Ltd
opened: 2026-03-02
closed: 2026-03-20
eligible: 25
votes_cast: 20
question: Strike?
yes: 15
no: 5
workforce_csv: staff.csv
"""
    write("workplace,category,number\nDepot,Driver,20\nDepot,Guard,5\n", "staff.csv")
    workforce = load_workforce(load_ballot(write(ballot, "ballot.yaml")))
    (only,) = workforce.employers
    assert only.employer == "Example Rail Ltd"
    assert only.total == 25
    assert only.explanation is None


def problems(write: Writer, csv_text: str) -> list[str]:
    file = ballot_with(write, csv_text)
    with pytest.raises(InputError) as caught:
        load_workforce(load_ballot(file))
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("row", "column", "says"),
    [
        ("North Trust,Ward A,Nurse,3", "Site", "already on line 2"),
        ("North Trust,Unknown,Nurse,3", "Site", "Network Rail v RMT"),
        ("North Trust,n/a,Nurse,3", "Site", "Network Rail v RMT"),
        ("North Trust,,Nurse,3", "Site", "is empty"),
        ("North Trust,Ward C,TBC,3", "Job category", "Network Rail v RMT"),
        ("North Trust,Ward C,Various,3", "Job category", "name the category"),
        ("North Trust,Ward C,Nurse,0", "Headcount", "is 0"),
        ("North Trust,Ward C,Nurse,-4", "Headcount", "is -4"),
        ("North Trust,Ward C,Nurse,lots", "Headcount", "whole number"),
        ("North Trust,Ward C,Nurse,", "Headcount", "is empty"),
        ("East Trust,Ward C,Nurse,3", "Employer", "'East Trust' is not a unit of the ballot"),
        (",Ward C,Nurse,3", "Employer", "name the employer"),
        ("North Trust,Total,,30", "Site", "is a total or subtotal row"),
        ("North Trust,Ward C,Subtotal,3", "Job category", "is a total or subtotal row"),
        ("Grand total,,,42", "Employer", "is a total or subtotal row"),
    ],
)
def test_each_bad_row_is_refused_at_its_line_and_column(
    write: Writer, tmp_path: Path, row: str, column: str, says: str
) -> None:
    (found,) = problems(write, GOOD + row + "\n")
    assert found.startswith(f"{tmp_path / 'workforce.csv'}:6: column '{column}': ")
    assert says in found


def test_a_duplicate_ignores_case_and_spacing(write: Writer) -> None:
    (found,) = problems(write, GOOD + "north trust, ward  a ,NURSE,3\n")
    assert "already on line 2" in found


def test_a_unit_with_no_rows_is_refused(write: Writer) -> None:
    (found,) = problems(write, GOOD.replace("South Trust,Clinic,Nurse,12\n", ""))
    assert "has no rows for South Trust" in found


@pytest.mark.parametrize(
    ("header", "says"),
    [
        ("Employer,Site,Job category", "no column for the number"),
        ("Site,Job category,Headcount", "no column for the employer"),
        ("Employer,Site,Grade,Job category,Headcount", "means the same as column 'Grade'"),
    ],
)
def test_header_problems(write: Writer, header: str, says: str) -> None:
    found = problems(write, header + "\n")
    assert any(says in p and ":1: " in p for p in found), found


def test_an_unused_column_is_a_warning(write: Writer) -> None:
    text = GOOD.replace("Headcount", "Headcount,Region").replace("\n", ",X\n")
    text = text.replace("Headcount,Region,X", "Headcount,Region")
    workforce = load_workforce(load_ballot(ballot_with(write, text)))
    assert [w.path for w in workforce.warnings] == ["column 'Region'"]


def test_workforce_csv_is_confined_to_the_ballots_folder(write: Writer, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(GOOD, "workforce.csv")
    file = write(BALLOT.replace("workforce.csv", "../workforce.csv"), "sub/ballot.yaml")
    loaded = load_ballot(file)
    with pytest.raises(InputError) as caught:
        load_workforce(loaded)
    line = BALLOT.splitlines().index("workforce_csv: workforce.csv") + 1
    assert str(caught.value.problems[0]).startswith(f"{file}:{line}: workforce_csv: ")
    assert "a workforce CSV must be in it" in str(caught.value.problems[0])
    assert load_workforce(loaded, allow_outside_paths=True).of("South Trust").total == 12


def test_the_path_given_is_read_instead_and_none_at_all_is_refused(
    write: Writer, tmp_path: Path
) -> None:
    other = write(GOOD.replace("Clinic", "Surgery"), "other.csv")
    loaded = load_ballot(ballot_with(write, GOOD))
    assert load_workforce(loaded, str(other)).of("South Trust").rows[0].workplace == "Surgery"
    bare = load_ballot(write(BALLOT.replace("workforce_csv: workforce.csv\n", ""), "bare.yaml"))
    with pytest.raises(InputError) as caught:
        load_workforce(bare)
    assert "workforce_csv:" in str(caught.value) and "--workforce" in str(caught.value)


def test_figures_explanation_is_refused_nowhere(write: Writer) -> None:
    loaded = load_ballot(ballot_with(write, GOOD))
    assert loaded.ballot.figures_explanation == "From the membership records on 1 March 2026."
    assert loaded.ballot.units is not None
    assert loaded.ballot.units[0].figures_explanation == "North's own records."


def test_validate_reads_the_workforce_and_a_workforce_csv_stands_for_its_ballot(
    run: Run, write: Writer, tmp_path: Path
) -> None:
    """A pre-commit hook given only the changed workforce CSV checks it through its ballot."""
    ballot_with(write, GOOD.replace("Clinic,Nurse,12", "Clinic,Nurse,0"))
    csv_file = tmp_path / "workforce.csv"
    for named in (tmp_path / "ballot.yaml", csv_file):
        err = run("validate", str(named), expect=2).stderr
        assert err.startswith(f"{csv_file}:5: column 'Headcount': is 0"), err
    csv_file.write_text(GOOD.replace("Ward B,Nurse,8", "Ward B,Nurse,9"), "utf-8")
    err = run("validate", str(csv_file)).stderr
    assert err.startswith(f"{csv_file}:2: column 'Headcount': warning: North Trust"), err


SHIPPED = BALLOTS / "illustrative-national-2024.yaml"


def test_the_shipped_national_ballot_has_40_employers_each_reconciled() -> None:
    """Each employer's headcount, summed here from the CSV itself, is what the loader totals and
    the ballot's entitled to vote for that employer (the units CSV, read here too)."""
    loaded = load_ballot(SHIPPED)
    workforce = load_workforce(loaded)
    assert len(workforce.employers) == 40
    assert workforce.warnings == ()
    folder = SHIPPED.parent
    sums: dict[str, int] = {}
    with open(folder / "illustrative-national-2024-workforce.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sums[row["Employer"]] = sums.get(row["Employer"], 0) + int(row["Members"])
    with open(folder / "illustrative-national-2024-units.csv", encoding="utf-8") as f:
        issued = "Ballot papers issued"
        entitled = {r["Employer Name"]: int(r[issued].replace(",", "")) for r in csv.DictReader(f)}
    assert sums == entitled
    assert {e.employer: e.total for e in workforce.employers} == sums
    assert all(e.explanation for e in workforce.employers)


def test_the_shipped_40_employer_workforce_gives_40_notices_of_ballot(
    run: Run, tmp_path: Path
) -> None:
    """Issue 19's "done when": one notice of ballot per employer, each from its own rows."""
    out = tmp_path / "notices"
    out.mkdir()
    # opens 16 Sep 2024: received by the 7th day before, 9 Sep (the 2005 version, with numbers
    # per category and per workplace and the explanation)
    run("notice", str(SHIPPED), "--of", "ballot", "--received", "2024-09-09", "-o", f"{out}/")
    written = sorted(out.iterdir())
    assert len(written) == 40
    one = next(p for p in written if p.name.startswith("Abbeyfield")).read_text("utf-8")
    assert "Abbeyfield Field Junior School" in one
    assert "Ashcombe" not in one
    assert "2 September 2024" in one  # the explanation this version requires


CELLS = st.sampled_from(
    ["North Trust", "South Trust", "Ward A", "Nurse", "unknown", "", "0", "-3", "12", "1,234",
     "Total", '"', ",", "\n", "\ufeff", "x" * 70]
)  # fmt: skip


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    header=st.lists(
        st.sampled_from(["Employer", "Site", "Grade", "Number", "Region", ""]), max_size=6
    ),
    rows=st.lists(st.lists(CELLS, max_size=6), max_size=6),
)
def test_any_csv_gives_rows_or_located_errors_never_a_crash(
    header: list[str], rows: list[list[str]]
) -> None:
    """Whatever the export holds, the loader returns checked rows or raises InputError whose
    problems each name the file; it never raises anything else."""
    text = "\n".join(",".join(r) for r in [header, *rows])
    employers = [("North Trust", None, 10), ("South Trust", "x", None)]
    try:
        found = parse_workforce_csv(text.encode(), "w.csv", employers)
    except InputError as exc:
        assert all(p.file == "w.csv" and p.message for p in exc.problems)
        return
    for entry in found.employers:
        assert entry.rows and all(row.number > 0 for row in entry.rows)
        assert entry.total == sum(n for _, n in entry.by_workplace())
