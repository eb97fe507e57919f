"""The day each employer was told its result (`told_employer`, per unit in the ballot file or in
the units CSV's optional column) starts its s.234A notice period on `timeline --unit`; under
separate ballots (s.228) a unit that failed has no mandate on its own timeline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import BALLOTS, Run
from forty_employers import BALLOT_TOLD, CLOSED, employers, write_ballot

EMPLOYERS = employers()


@pytest.fixture
def ballot(tmp_path: Path) -> Path:
    return write_ballot(tmp_path)


def employer_told(run: Run, ballot: Path, *extra: str) -> list[str]:
    out = run("timeline", str(ballot), "--format", "json", *extra).stdout
    return [
        e["date"] for e in json.loads(out)["timeline"]["entries"] if e["key"] == "employer-told"
    ]


def test_timeline_for_a_unit_uses_its_own_told_employer_else_the_ballots(
    run: Run, ballot: Path
) -> None:
    passed = [e for e in EMPLOYERS if e.votes_cast * 2 >= e.eligible]  # 50% turnout, s.226(2)
    own = next(e for e in passed if e.told is not None and e.told != BALLOT_TOLD)
    without = next(e for e in passed if e.told is None)
    assert employer_told(run, ballot, "--unit", own.name) == [str(own.told)]
    assert employer_told(run, ballot, "--unit", without.name) == [str(BALLOT_TOLD)]
    assert employer_told(run, ballot) == [str(BALLOT_TOLD)]


def test_a_unit_told_later_cannot_act_as_early(run: Run, ballot: Path) -> None:
    late = max((e for e in EMPLOYERS if e.told is not None and e.votes_cast * 2 >= e.eligible),
               key=lambda e: e.told or CLOSED)  # fmt: skip
    assert late.told is not None and late.told > BALLOT_TOLD
    first_day = late.told + dt.timedelta(days=14)  # gb-tua-2016: 14 days' notice, s.234A(4)
    args = ("timeline", str(ballot), "--unit", late.name, "--action-on")
    run(*args, str(first_day - dt.timedelta(days=1)), expect=1)
    run(*args, str(first_day), expect=0)


def test_a_unit_that_failed_has_no_mandate_on_its_timeline(run: Run, ballot: Path) -> None:
    failed = next(e for e in EMPLOYERS if e.votes_cast * 2 < e.eligible)
    out = run("timeline", str(ballot), "--unit", failed.name, "--format", "json").stdout
    data = json.loads(out)["timeline"]
    assert not any(e["key"].startswith("mandate-end") for e in data["entries"])
    assert any(f"at {failed.name}" in note for note in data["notes"])


def test_an_unknown_unit_on_the_timeline_is_refused(run: Run, ballot: Path) -> None:
    refused = run("timeline", str(ballot), "--unit", "Aldwick", expect=2)
    assert refused.stderr.startswith(f"{ballot}: --unit: no unit is named 'Aldwick'")


def test_a_told_employer_cell_that_is_not_a_date_is_refused_where_it_is(
    run: Run, ballot: Path, tmp_path: Path
) -> None:
    csv = tmp_path / "forty-units.csv"
    lines = csv.read_text("utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",03/10/2024"
    csv.write_text("\n".join(lines) + "\n", "utf-8")
    refused = run("validate", str(ballot), expect=2)
    assert refused.stderr.startswith(f"{csv}:4: column 'Told employer': ")
    assert "2024-10-03" in refused.stderr


def test_unit_on_a_ballot_without_units_is_refused(run: Run) -> None:
    refused = run("timeline", str(BALLOTS / "jcp-2011.yaml"), "--unit", "North", expect=2)
    assert refused.stderr == f"{BALLOTS / 'jcp-2011.yaml'}: --unit: the ballot has no units\n"


def test_a_units_timeline_names_no_other_unit(run: Run, ballot: Path) -> None:
    own = EMPLOYERS[4]
    out = run("timeline", str(ballot), "--unit", own.name, "--format", "csv").stdout
    assert own.name in out
    assert not [e.name for e in EMPLOYERS if e is not own and e.name in out]


def _with_mapped_column(ballot: Path, header: str) -> Path:
    """The forty-employer ballot, its CSV's told_employer column renamed to `header` (a name
    ballotcalc does not know) and mapped back with `units_csv_columns:`."""
    csv = ballot.parent / "forty-units.csv"
    lines = csv.read_text("utf-8").splitlines()
    assert lines[0].endswith(",Told employer")
    lines[0] = lines[0].removesuffix("Told employer") + header
    csv.write_text("\n".join(lines) + "\n", "utf-8")
    with ballot.open("a", encoding="utf-8") as file:
        file.write(f'units_csv_columns:\n  "{header}": told_employer\n')
    return csv


def test_a_column_mapped_to_told_employer_starts_that_units_notice_period(
    run: Run, ballot: Path
) -> None:
    """`units_csv_columns: {Result sent: told_employer}`: each unit's own day, from that column,
    is on its timeline (s.231A, s.234A), as with the column's own name."""
    _with_mapped_column(ballot, "Result sent")
    passed = [e for e in EMPLOYERS if e.votes_cast * 2 >= e.eligible]  # 50% turnout, s.226(2)
    own = [e for e in passed if e.told is not None and e.told != BALLOT_TOLD][:3]
    assert len(own) == 3
    for employer in own:
        assert employer_told(run, ballot, "--unit", employer.name) == [str(employer.told)]
    without = next(e for e in passed if e.told is None)
    assert employer_told(run, ballot, "--unit", without.name) == [str(BALLOT_TOLD)]
    late = max(own, key=lambda e: e.told or CLOSED)
    assert late.told is not None
    first_day = late.told + dt.timedelta(days=14)  # gb-tua-2016: 14 days' notice, s.234A(4)
    args = ("timeline", str(ballot), "--unit", late.name, "--action-on")
    run(*args, str(first_day - dt.timedelta(days=1)), expect=1)
    run(*args, str(first_day), expect=0)


def test_a_bad_date_in_a_mapped_told_employer_column_names_its_line_and_column(
    run: Run, ballot: Path
) -> None:
    csv = _with_mapped_column(ballot, "Result sent")
    lines = csv.read_text("utf-8").splitlines()
    lines[6] = lines[6].rsplit(",", 1)[0] + ",2024-13-01"
    csv.write_text("\n".join(lines) + "\n", "utf-8")
    refused = run("validate", str(ballot), expect=2)
    assert refused.stderr.startswith(f"{csv}:7: column 'Result sent': ")
    assert refused.stderr.count("\n") == 1
