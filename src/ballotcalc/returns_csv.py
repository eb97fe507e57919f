"""A CSV of interim counts per unit -> each unit's `returns`, for `target` on a ballot still open.

A national ballot across 40 employers is chased employer by employer, and the scrutineer's daily
figures come as a sheet: one row per unit and day (unit, date, returned, and optionally yes). This
module reads that sheet into the `returns` of the units listed in the ballot file, with the same
checks as returns written inline (`model.returns_problems`), each placed at its line of the CSV.

Rules, chosen so that no count is lost or put against the wrong employer:

* Headers match as a units CSV's do (case, spaces and punctuation ignored; `units_csv.header_key`),
  with a few names each (`unit`/`employer`/`workplace`, `date`/`day`, `returned`/`papers returned`,
  `yes`); a header that is none of them is an error, one per header, never one per row.
* A unit name must be one of the ballot's units (case and surrounding spaces aside); an unknown one
  is refused with the closest name suggested, because a misspelt employer would otherwise show as
  "no returns" while its count sits in the sheet.
* Rows may come in any order (a sheet is often by day, all units at a time); each unit's counts are
  put in date order, and then must be cumulative, inside the ballot's dates and never above its
  number entitled to vote. A unit with no row has no returns (shown as such, not as zero).
* The CSV plumbing (UTF-8 with or without a byte-order mark, the limit on columns, blank rows, and
  numbers with thousands separators) is the units CSV's, reused.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence

from msgspec import Struct

from ballotcalc.errors import InputError, Problem
from ballotcalc.loading import decode_text
from ballotcalc.model import Ballot, Return, returns_problems
from ballotcalc.units_csv import (
    FIELD_ALIASES,
    count_cell,
    data_rows,
    header_key,
    open_table,
    shown,
)

FIELDS: dict[str, frozenset[str]] = {
    "unit": frozenset(FIELD_ALIASES["name"]),
    "date": frozenset({"date", "day", "countdate", "dateofcount", "asat", "asof", "on"}),
    "returned": frozenset(FIELD_ALIASES["votes_cast"]) | {"returnedsofar"},
    "yes": frozenset({"yes", "yesvotes", "yessofar", "yescount"}),
}  # fmt: skip
"""Each column of a returns CSV, and the header keys (`header_key`) that name it."""
REQUIRED = ("unit", "date", "returned")
MAX_COUNT = 10**9
"""The largest count a ballot file takes (`model.Count`)."""
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", re.ASCII)
EXPECTED = "unit, date, returned and optionally yes"


class _Row(Struct, frozen=True):
    unit: int
    day: dt.date
    returned: int
    yes: int | None
    line: int


def attach_returns(ballot: Ballot, raw: bytes, display: str) -> Ballot:
    """The ballot with each unit's `returns` read from the returns CSV `raw` (shown as `display`).

    Raises `InputError` listing every problem found, each at its line of the CSV."""
    assert ballot.units is not None  # validation refuses returns_csv without units
    text = decode_text(raw, display)
    reader, header, header_line = open_table(
        text, display, f"is empty: expected a header row ({EXPECTED}) and one row per count"
    )
    columns = _columns(header, header_line, display)
    names = [unit.name for unit in ballot.units]
    index_of = {name.strip().casefold(): i for i, name in enumerate(names)}
    problems: list[Problem] = []
    rows: list[_Row] = []
    for start, cells in data_rows(reader, len(header), display, problems):
        row = _row(cells, columns, start, display, index_of, names, problems)
        if row is not None:
            rows.append(row)
    if not rows and not problems:
        raise InputError.single(
            display, "has a header but no counts (one row per unit and day)", line=header_line
        )
    per_unit: list[list[_Row]] = [[] for _ in names]
    for row in rows:
        per_unit[row.unit].append(row)
    updated = []
    for unit, counts in zip(ballot.units, per_unit, strict=True):
        counts.sort(key=lambda r: r.day)
        entries = [Return(date=r.day, returned=r.returned, yes=r.yes) for r in counts]
        lines = [r.line for r in counts]
        for index, field, message in returns_problems(
            entries,
            ballot.opened,
            ballot.closed,
            unit.eligible,
            None,
            earlier=[f"line {n}" for n in lines].__getitem__,
        ):
            problems.append(
                Problem(
                    display,
                    f"{unit.name}: {message}",
                    line=lines[index],
                    path=f"column '{columns[field][1]}'" if field in columns else None,
                )
            )
        updated.append(unit.model_copy(update={"returns": entries or None}))
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line or 0))
    return ballot.model_copy(update={"units": updated})


def _columns(header: Sequence[str], line: int, display: str) -> dict[str, tuple[int, str]]:
    """Each field's column (index, header as written). One error per header that is not a field,
    is a second column for a field, or is missing."""
    keys = {key: field for field, keys in FIELDS.items() for key in keys}
    if not any(header_key(cell) in keys for cell in header):
        raise InputError.single(
            display,
            f"is not a returns CSV that ballotcalc recognises: none of the {len(header):,} cells "
            f"of its first row names a column ({EXPECTED}); its content is not shown",
            line=line,
        )
    problems: list[Problem] = []
    columns: dict[str, tuple[int, str]] = {}
    for index, cell in enumerate(header):
        written = shown(cell)
        field = keys.get(header_key(cell))
        if field is None:
            close = difflib.get_close_matches(header_key(cell), list(keys), n=1)
            hint = f"; did you mean '{keys[close[0]]}'?" if close else ""
            problems.append(
                Problem(
                    display,
                    f"is not a column of a returns CSV ({EXPECTED}){hint}",
                    line=line,
                    path=f"column '{written}'",
                )
            )
        elif field in columns:
            problems.append(
                Problem(
                    display,
                    f"means the same as column '{columns[field][1]}' ({field}); keep one",
                    line=line,
                    path=f"column '{written}'",
                )
            )
        else:
            columns[field] = (index, written)
    for field in REQUIRED:
        if field not in columns:
            problems.append(Problem(display, f"no column for {field} ({EXPECTED})", line=line))
    if problems:
        raise InputError(problems)
    return columns


def _row(
    cells: Sequence[str],
    columns: dict[str, tuple[int, str]],
    line: int,
    display: str,
    index_of: dict[str, int],
    names: Sequence[str],
    problems: list[Problem],
) -> _Row | None:
    """One count, or None with its problems added."""
    found = len(problems)

    def at(field: str, message: str) -> None:
        problems.append(Problem(display, message, line=line, path=f"column '{columns[field][1]}'"))

    name = cells[columns["unit"][0]].strip()
    unit = index_of.get(name.casefold())
    if unit is None:
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        at("unit", f"'{shown(name)}' is not one of the ballot's units{hint}")
    day = _day(cells[columns["date"][0]].strip(), lambda m: at("date", m))
    counts: dict[str, int | None] = {}
    for field in ("returned", "yes"):
        if field not in columns:
            counts[field] = None
            continue
        cell = cells[columns[field][0]].strip()
        if not cell:
            if field == "returned":
                at(field, "is empty; a count is needed")
            counts[field] = None
            continue
        written = columns[field][1]
        value = count_cell(
            cell, (field,), Problem(display, "", line, f"column '{written}'"), problems
        )
        if value is not None and value > MAX_COUNT:
            at(field, f"{value:,} is more than any count a ballot can have")
            value = None
        counts[field] = value
    returned = counts["returned"]
    if len(problems) > found or unit is None or day is None or returned is None:
        return None
    return _Row(unit, day, returned, counts["yes"], line)


def _day(cell: str, error: Callable[[str], None]) -> dt.date | None:
    """A date written YYYY-MM-DD; a UK day-first date is refused with the date it means."""
    if _ISO_DAY.fullmatch(cell):
        try:
            return dt.date.fromisoformat(cell)
        except ValueError:
            error(f"'{cell}' is not a date")
            return None
    match = _DAY_FIRST.fullmatch(cell)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            meant = dt.date(year, month, day)
        except ValueError:
            meant = None
        if meant is not None:
            error(f"dates are written YYYY-MM-DD: did you mean {meant}?")
            return None
    error(f"must be a date written YYYY-MM-DD, not '{shown(cell)}'")
    return None
