"""What ballotcalc reads: regular files only, a units CSV only from the ballot's folder (unless the
user allows more), no quoting of a file that is not a units CSV, and bounded work on a wide CSV.

Reproducers from the hostile end-to-end runs (issue 16, "Also found") are here, each in a child
process (`run_capped`) where a hang would otherwise stop the suite: the time limit is a guard, not
an assertion.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from ballotcalc.errors import InputError
from ballotcalc.units_csv import MAX_COLUMNS, MAX_QUOTED, parse_units_csv
from conftest import Run
from test_hostile import run_capped

BALLOT = """\
title: T
opened: 2022-10-06
closed: 2022-11-02
units_csv: {units}
questions:
  - {{id: strike, type: strike}}
"""
HEADER = "Workplace,Eligible,Votes cast,Strike Yes,Strike No"
ROWS = "Leeds,100,60,40,20\nYork,50,30,10,20\n"
SECRET = "root:$6$saltsalt$hashhashhash:19000:0:99999:7:::"
"""The first line of a file that must never be printed (as /etc/shadow's would be)."""


def assert_no_secret(text: str) -> None:
    for part in ("saltsalt", "hashhash", "99999", "daemon"):
        assert part not in text, text


def ballot_in(folder: Path, units: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ballot.yaml"
    path.write_text(BALLOT.format(units=units), encoding="utf-8")
    return path


def secret_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SECRET + "\ndaemon:*:19000:0:99999:7:::\n", encoding="utf-8")
    return path


# --- special files as inputs ---------------------------------------------------------------------


@pytest.mark.parametrize("command", ["result", "check", "validate", "summary", "timeline"])
def test_fifo_as_ballot_file_is_refused_at_once(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "ballot.yaml"
    os.mkfifo(fifo)
    done = run_capped(fifo, command)  # nobody ever writes to the FIFO: a hang fails here
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr.strip()
        == f"{fifo}: is a FIFO (named pipe), not a regular file; save the data to a file first"
    )


def test_fifo_as_units_csv_is_refused_at_once(tmp_path: Path) -> None:
    ballot = ballot_in(tmp_path, "units.csv")
    os.mkfifo(tmp_path / "units.csv")
    done = run_capped(ballot, "result", "--format", "json")
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == (
        f"{tmp_path / 'units.csv'}: is a FIFO (named pipe), not a regular file; "
        "save the data to a file first"
    )


def test_directory_as_units_csv(run: Run, tmp_path: Path) -> None:
    ballot = ballot_in(tmp_path, "units.csv")
    (tmp_path / "units.csv").mkdir()
    result = run("validate", str(ballot), expect=2)
    assert result.stderr.strip() == f"{tmp_path / 'units.csv'}: is a directory, not a file"


def test_socket_as_units_csv(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ballot = ballot_in(tmp_path, "s.csv")
    monkeypatch.chdir(tmp_path)  # a socket's path is limited to about 100 characters
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind("s.csv")
        result = run("validate", str(ballot), expect=2)
    assert result.stderr.strip() == f"{tmp_path / 's.csv'}: is a socket, not a regular file"


def test_device_as_units_csv(run: Run, tmp_path: Path) -> None:
    import stat

    ballot = ballot_in(tmp_path, "zero.csv")
    try:  # /dev/zero's numbers: reading it would never end
        os.mknod(tmp_path / "zero.csv", 0o666 | stat.S_IFCHR, os.makedev(1, 5))
    except PermissionError:
        message = "cannot make a device node here (not root, or no CAP_MKNOD)"
        print(f"SKIP: {message}")
        pytest.skip(message)
    result = run("validate", str(ballot), expect=2)
    assert result.stderr.strip() == f"{tmp_path / 'zero.csv'}: is a device, not a regular file"


# --- where a units CSV may be -----------------------------------------------------------------------


def test_units_csv_in_the_folder_or_below_is_read(run: Run, tmp_path: Path) -> None:
    for units in ("units.csv", "exports/units.csv", "exports/../units.csv"):
        ballot = ballot_in(tmp_path, units)
        csv_path = tmp_path / units
        csv_path.parent.mkdir(parents=True, exist_ok=True)
        csv_path.write_text(f"{HEADER}\n{ROWS}", encoding="utf-8")
        run("validate", str(ballot))


def test_symbolic_link_that_stays_inside_is_read(run: Run, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "units.csv").write_text(f"{HEADER}\n{ROWS}", encoding="utf-8")
    (tmp_path / "units.csv").symlink_to(tmp_path / "data" / "units.csv")
    run("validate", str(ballot_in(tmp_path, "units.csv")))


OUTSIDE = {
    "absolute": lambda tmp: str(secret_file(tmp / "etc" / "shadow")),
    "climbs-out": lambda tmp: "../etc/shadow",
    "climbs-out-via-a-subfolder": lambda tmp: "sub/../../etc/shadow",
}


@pytest.mark.parametrize("case", sorted(OUTSIDE))
def test_path_outside_the_folder_is_refused(run: Run, tmp_path: Path, case: str) -> None:
    secret_file(tmp_path / "etc" / "shadow")
    units = OUTSIDE[case](tmp_path)
    ballot = ballot_in(tmp_path / "ballots", units)
    result = run("validate", str(ballot), expect=2)
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith(f"{ballot}:4: units_csv: '{units}' is ")
    assert "--allow-outside-paths" in line and "BALLOTCALC_ALLOW_OUTSIDE_PATHS=1" in line
    assert_no_secret(result.stderr)


def test_absolute_path_is_refused_even_into_the_folder(run: Run, tmp_path: Path) -> None:
    """Decision: a ballot file names its CSV relative to itself, so it moves with its folder."""
    (tmp_path / "units.csv").write_text(f"{HEADER}\n{ROWS}", encoding="utf-8")
    ballot = ballot_in(tmp_path, str(tmp_path / "units.csv"))
    result = run("validate", str(ballot), expect=2)
    assert result.stderr.strip().startswith(
        f"{ballot}:4: units_csv: '{tmp_path / 'units.csv'}' is an absolute path; give a path "
        "relative to the ballot file's folder"
    )
    run("validate", "--allow-outside-paths", str(ballot))


def test_symbolic_link_out_of_the_folder_is_refused(run: Run, tmp_path: Path) -> None:
    secret_file(tmp_path / "etc" / "shadow")
    (tmp_path / "ballots").mkdir()
    (tmp_path / "ballots" / "units.csv").symlink_to(tmp_path / "etc" / "shadow")
    ballot = ballot_in(tmp_path / "ballots", "units.csv")
    result = run("validate", str(ballot), expect=2)
    assert result.stderr.strip().startswith(
        f"{ballot}:4: units_csv: 'units.csv' is outside the ballot file's folder"
    )
    assert_no_secret(result.stderr)


@pytest.mark.parametrize("command", ["check", "validate", "result", "summary", "target"])
def test_every_reading_command_refuses_by_default(run: Run, tmp_path: Path, command: str) -> None:
    (tmp_path / "units.csv").write_text(f"{HEADER}\n{ROWS}", encoding="utf-8")
    ballot = ballot_in(tmp_path / "ballots", "../units.csv")
    result = run(command, str(ballot), expect=2)
    assert "is outside the ballot file's folder" in result.stderr


OPT_INS: dict[str, tuple[list[str], dict[str, str]]] = {
    "option": (["--allow-outside-paths"], {}),
    "environment": ([], {"BALLOTCALC_ALLOW_OUTSIDE_PATHS": "1"}),
}


@pytest.mark.parametrize("how", sorted(OPT_INS))
@pytest.mark.parametrize(
    "command", ["check", "validate", "result", "summary", "notice", "timeline"]
)
def test_opt_in_reads_outside(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, command: str
) -> None:
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "units.csv").write_text(f"{HEADER}\n{ROWS}", encoding="utf-8")
    ballot = ballot_in(tmp_path / "ballots", "../exports/units.csv")
    options, env = OPT_INS[how]
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    extra = ["--to", "members"] if command == "notice" else []
    done = run(command, *extra, *options, str(ballot), expect=None)
    assert done.exit_code in ((0, 1) if command == "check" else (0,)), done.stderr  # never 2


def test_opt_in_still_does_not_quote_a_file_that_is_not_a_units_csv(
    run: Run, tmp_path: Path
) -> None:
    """`units_csv: /etc/shadow` printed the file's first line as a "header"."""
    shadow = secret_file(tmp_path / "etc" / "shadow")
    ballot = ballot_in(tmp_path / "ballots", str(shadow))
    result = run("validate", "--allow-outside-paths", str(ballot), expect=2)
    line = result.stderr.strip()
    assert "\n" not in line, line
    assert line.startswith(f"{shadow}:1: is not a units CSV that ballotcalc recognises")
    assert_no_secret(result.stderr)


def test_library_refuses_by_default(tmp_path: Path) -> None:
    from ballotcalc.api import load_ballot

    (tmp_path / "units.csv").write_text(f"{HEADER}\n{ROWS}", encoding="utf-8")
    ballot = ballot_in(tmp_path / "ballots", "../units.csv")
    with pytest.raises(InputError, match="outside the ballot file's folder"):
        load_ballot(ballot)
    assert len(load_ballot(ballot, allow_outside_paths=True).ballot.units or []) == 2


# --- what an error may quote, and how much work a CSV may ask for -----------------------------------


def errors(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_units_csv(text.encode("utf-8"), "u.csv", ("strike",))
    return [str(p) for p in caught.value.problems]


def test_unrecognised_first_row_is_not_quoted() -> None:
    found = errors("alpha,bravo secret,charlie\n1,2,3\n")
    assert found == [
        "u.csv:1: is not a units CSV that ballotcalc recognises: none of the 3 cells of its first "
        "row names a field of a unit (expected a header such as workplace, eligible, votes cast, "
        "strike yes, strike no); its content is not shown"
    ]


def test_recognised_header_is_quoted_but_long_cells_are_cut() -> None:
    long = "x" * 5_000
    found = errors(f"Workplace,Votes cast,{long} yes\n")
    assert found[0].startswith(f"u.csv:1: column '{'x' * MAX_QUOTED}... (5,004 characters)': ")
    assert all("x" * (MAX_QUOTED + 1) not in f for f in found)


def test_header_listing_is_capped() -> None:
    header = ",".join(["Workplace", *(f"extra{i}" for i in range(100))])
    found = errors(header + "\nLeeds" + ",1" * 100 + "\n")
    listing = next(f for f in found if "no column for votes cast" in f)
    assert "extra18, ... and 81 more)" in listing and "extra19" not in listing


def test_long_bad_cell_is_cut() -> None:
    found = errors(f"{HEADER}\nLeeds,100,{'9x' * 1000},40,20\n")
    assert found == [
        f"u.csv:2: column 'Votes cast': must be a whole number (digits, optionally with thousands "
        f"separators such as \"1,234\"), not '{('9x' * 1000)[:MAX_QUOTED]}... (2,000 characters)'"
    ]


def test_column_cap_boundary() -> None:
    at_cap = ",".join([HEADER, *(f"extra{i}" for i in range(MAX_COLUMNS - 5))])
    row = "Leeds,100,60,40,20" + ",x" * (MAX_COLUMNS - 5)
    table = parse_units_csv(f"{at_cap}\n{row}\n".encode(), "u.csv", ("strike",))
    assert len(table.units) == 1  # 1,000 columns: read (each extra one a warning)
    found = errors(f"{at_cap},one-too-many\n{row},x\n")
    assert found == [
        "u.csv:1: has 1,000 commas on one line: more than the 1,000 columns a units CSV may have "
        "(the unit's name, eligible, votes cast and three per question)"
    ]


def test_wide_row_after_a_good_header_is_refused() -> None:
    found = errors(f"{HEADER}\nLeeds,100,60,40,20\n" + "," * 2_000 + "\n")
    assert found[0].startswith("u.csv:3: has 2,000 commas on one line")


@pytest.mark.parametrize(
    "layout",
    ["header-of-a-million-columns", "blank-rows-of-a-million-cells"],
)
def test_ten_megabyte_wide_csv_is_refused(tmp_path: Path, layout: str) -> None:
    """A 10 MB CSV of 1,000,000 columns took over 40 s; now one error (no timed assertion)."""
    ballot = ballot_in(tmp_path, "units.csv")
    if layout == "header-of-a-million-columns":
        cells = ["Workplace", "Votes cast", "Strike Yes", "Strike No"]
        cells += [f"c{i}" for i in range(1_000_000 - len(cells))]
        text = ",".join(cells) + "\n"
    else:
        text = ("," * 999_999 + "\n") * 5 + f"{HEADER}\n{ROWS}"
    (tmp_path / "units.csv").write_text(text, encoding="utf-8")
    done = run_capped(ballot, "validate")
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "commas on one line: more than the 1,000 columns" in lines[0]
