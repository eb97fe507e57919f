"""The workforce behind a notice: who is concerned by a ballot or affected by action, per employer.

A notice of ballot (TULRCA s.226A(2)) and a notice of industrial action (s.234A(3)) list the
categories of employee and the workplaces, with the total and (by version) the numbers in each,
"as accurate as is reasonably practicable in the light of the information in the possession of the
union" (s.226A(2D), s.234A(3D)). Officers build them from a membership export; this module reads
that export (`workforce_csv:` in the ballot file, or `--workforce PATH`) into plain, checked rows:

* one row per employer, workplace and category with its number; the employer column may be left
  out where the ballot has one employer (a ballot without units, or with one unit);
* headers match case-, space- and punctuation-insensitively, with aliases (`Site`, `Job category`,
  `Headcount`...); a column that is not used is a warning;
* refused, each at its row and column: a total or subtotal row (it would count everyone twice), a
  duplicate workplace + category for one employer, a blank or vague workplace or category
  ("unknown", "n/a", "tbc", "various": Network Rail v RMT [2010] EWHC 1084 (QB), where "unknown"
  workplaces helped win an injunction), a number that is not a whole number above zero, an
  employer that is not a unit of the ballot, a unit with no rows;
* warned: an employer's total that differs from the ballot's `eligible` for it (people join and
  leave between the ballot and a notice, but the officer must see the difference).

The CSV plumbing (path confinement, reading, decoding, header keys, numbers) is the units CSV's
(`judging.units_csv_path`, `loading`, `units_csv`); only the fields and the checks are new here.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from ballotcalc.errors import InputError, Problem
from ballotcalc.guards import is_total_name
from ballotcalc.loading import decode_text, read_bytes
from ballotcalc.units_csv import count_cell, data_rows, header_key, open_table, shown

if TYPE_CHECKING:
    from ballotcalc.judging import LoadedBallot

EMPLOYER_ALIASES = frozenset(
    {"employer", "employername", "company", "organisation", "organization", "unit", "unitname",
     "trust", "body"}
)  # fmt: skip
WORKPLACE_ALIASES = frozenset(
    {"workplace", "workplacename", "site", "sitename", "location", "placeofwork", "depot",
     "office", "base", "premises", "school", "establishment"}
)  # fmt: skip
CATEGORY_ALIASES = frozenset(
    {"category", "categoryofemployee", "employeecategory", "jobcategory", "staffcategory",
     "grade", "jobtitle", "role", "occupation", "jobrole", "staffgroup"}
)  # fmt: skip
NUMBER_ALIASES = frozenset(
    {"number", "headcount", "count", "employees", "numberofemployees", "affected",
     "numberaffected", "affectedemployees", "concerned", "numberconcerned", "members", "staff"}
)  # fmt: skip
FIELDS = ("employer", "workplace", "category", "number")
VAGUE = frozenset(
    {"", "unknown", "notknown", "na", "nk", "tbc", "tba", "tbd", "various", "unspecified",
     "notspecified", "none", "misc", "miscellaneous"}
)  # fmt: skip
"""Header keys (`header_key`) of a workplace or category an employer cannot identify."""
MAX_COLUMNS = 100
"""A workforce CSV needs four columns; exports carry a few more, never hundreds."""
VAGUE_LESSON = (
    "name the {field} so the employer can identify it (Network Rail v RMT [2010] EWHC 1084 (QB): "
    "'unknown' workplaces in the notices helped win an injunction)"
)


class Affected(Struct, frozen=True):
    """One row: employees concerned (s.226A) or affected (s.234A) at a workplace in a category."""

    workplace: str
    category: str
    number: int


class EmployerWorkforce(Struct, frozen=True):
    """One employer's rows, as a notice to that employer lists them."""

    employer: str
    """The unit's name (a ballot without units: the ballot's `named()`)."""
    rows: tuple[Affected, ...]
    """In file order."""
    explanation: str | None
    """`figures_explanation` for this employer (its unit's own, else the ballot's)."""
    eligible: int | None = None
    """The ballot's `eligible` for this employer, to reconcile the total with (None: not given)."""

    @property
    def total(self) -> int:
        return sum(row.number for row in self.rows)

    def by_workplace(self) -> tuple[tuple[str, int], ...]:
        """Each workplace once, in the order first seen, with its number summed over categories."""
        return _summed((row.workplace, row.number) for row in self.rows)

    def by_category(self) -> tuple[tuple[str, int], ...]:
        """Each category once, in the order first seen, with its number summed over workplaces."""
        return _summed((row.category, row.number) for row in self.rows)


class Workforce(Struct, frozen=True):
    """The workforce CSV, read and checked against the ballot's units."""

    file: str
    """The CSV's path as shown in messages."""
    employers: tuple[EmployerWorkforce, ...]
    """In the ballot's unit order."""
    warnings: tuple[Problem, ...]
    """Located, severity="warning"."""
    sha256: str = ""
    """The hash of the CSV's bytes (for an audit of what a notice was made from)."""

    def of(self, employer: str) -> EmployerWorkforce:
        """The rows of one employer (a unit's name as the ballot writes it). KeyError if none."""
        for found in self.employers:
            if found.employer == employer:
                return found
        raise KeyError(employer)


def _summed(pairs: Iterator[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    totals: dict[str, int] = {}
    for name, number in pairs:
        totals[name] = totals.get(name, 0) + number
    return tuple(totals.items())


def _name_key(name: str) -> str:
    """An employer's name as matched against the ballot's units: case and spacing ignored."""
    return " ".join(name.split()).casefold()


def load_workforce(
    loaded: LoadedBallot, path: str | None = None, *, allow_outside_paths: bool = False
) -> Workforce:
    """Read and check the workforce CSV behind a ballot's notices. Raises `InputError` (located).

    `path` (`--workforce PATH`) is read as given; otherwise the ballot's `workforce_csv:`, relative
    to the ballot file's folder and confined to it unless `allow_outside_paths`, as `units_csv` is.
    """
    from ballotcalc.judging import units_csv_path

    ballot = loaded.ballot
    if path is not None:
        display, target = path, Path(path)
    elif ballot.workforce_csv is not None:
        written = ballot.workforce_csv
        found = units_csv_path(Path(loaded.file), written, allow_outside_paths, "a workforce CSV")
        if isinstance(found, str):
            raise InputError([loaded.problem(("workforce_csv",), found)])
        display = os.path.normpath(os.path.join(os.path.dirname(loaded.file), written))
        target = found
    else:
        raise InputError.single(
            loaded.file,
            "has no workforce: give `workforce_csv:` in the ballot file (a CSV of employer, "
            "workplace, category, number) or --workforce PATH",
        )
    raw = read_bytes(target, display)
    units = ballot.units or ()
    employers: list[Employer]
    if units:
        employers = [
            (u.name, u.figures_explanation or ballot.figures_explanation, u.eligible) for u in units
        ]
    else:
        employers = [(ballot.named(), ballot.figures_explanation, ballot.eligible)]
    return parse_workforce_csv(raw, display, employers)


Employer = tuple[str, str | None, int | None]
"""A unit of the ballot as the workforce is checked against it: name, explanation, eligible."""


def parse_workforce_csv(raw: bytes, display: str, employers: list[Employer]) -> Workforce:
    """Read a workforce CSV for the ballot's `employers` (in unit order). Raises `InputError`
    listing every problem (file, line, column); warnings are in the result."""
    text = decode_text(raw, display)
    reader, header, header_line = open_table(
        text,
        display,
        "is empty: expected a header row (employer, workplace, category, number) and one row per "
        "workplace and category",
    )
    if len(header) > MAX_COLUMNS:
        raise InputError.single(
            display,
            f"has {len(header):,} columns; a workforce CSV has at most {MAX_COLUMNS:,} "
            "(employer, workplace, category, number)",
            line=header_line,
        )
    aliases = {
        "employer": EMPLOYER_ALIASES,
        "workplace": WORKPLACE_ALIASES,
        "category": CATEGORY_ALIASES,
        "number": NUMBER_ALIASES,
    }
    field_of = {key: name for name, keys in aliases.items() for key in keys}
    if not any(header_key(cell) in field_of for cell in header):
        raise InputError.single(
            display,
            f"is not a workforce CSV that ballotcalc recognises: none of the {len(header):,} "
            "cells of its first row names a field (expected a header such as employer, "
            "workplace, category, number); its content is not shown",
            line=header_line,
        )
    problems: list[Problem] = []
    warnings: list[Problem] = []
    at: dict[str, int] = {}
    written: dict[str, str] = {}
    for index, cell in enumerate(header):
        name = field_of.get(header_key(cell))
        if name is None:
            warnings.append(
                Problem(
                    display,
                    "is not a field of a workforce CSV (employer, workplace, category, number); "
                    "ignored",
                    line=header_line,
                    path=f"column '{shown(cell)}'",
                    severity="warning",
                )
            )
        elif name in at:
            problems.append(
                Problem(
                    display,
                    f"means the same as column '{written[name]}' ({name}); keep one",
                    line=header_line,
                    path=f"column '{shown(cell)}'",
                )
            )
        else:
            at[name] = index
            written[name] = shown(cell)
    needed = ["workplace", "category", "number"] + (["employer"] if len(employers) > 1 else [])
    for name in needed:
        if name not in at:
            alias = {
                "workplace": "'workplace', 'site'",
                "category": "'category', 'job category', 'grade'",
                "number": "'number', 'headcount'",
                "employer": "'employer' (the ballot has several units)",
            }[name]
            problems.append(
                Problem(display, f"no column for the {name} (e.g. {alias})", line=header_line)
            )
    if problems:
        raise InputError(problems)

    def column(name: str) -> str:
        return f"column '{written[name]}'"

    by_key = {_name_key(name): name for name, _, _ in employers}
    rows: dict[str, list[Affected]] = {name: [] for name, _, _ in employers}
    first_line: dict[str, int] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for start, row in data_rows(reader, len(header), display, problems):
        cells = {name: row[index].strip() for name, index in at.items()}
        total = next(
            (n for n in ("employer", "workplace", "category") if is_total_name(cells.get(n, ""))),
            None,
        )
        if total is not None:
            problems.append(
                Problem(
                    display,
                    f"'{shown(cells[total])}' is a total or subtotal row, not a {total}: "
                    "remove the row (ballotcalc adds up each employer's rows itself)",
                    line=start,
                    path=column(total),
                )
            )
            continue
        if "employer" in cells:
            named = cells["employer"]
            employer = by_key.get(_name_key(named))
            if employer is None:
                known = ", ".join(f"'{shown(n)}'" for n, _, _ in employers[:5])
                more = "..." if len(employers) > 5 else ""
                problems.append(
                    Problem(
                        display,
                        f"'{shown(named)}' is not a unit of the ballot (its units: "
                        f"{known}{more}); each employer's name must be a unit's name"
                        if named
                        else "is empty: name the employer (a unit of the ballot)",
                        line=start,
                        path=column("employer"),
                    )
                )
                continue
        else:
            employer = employers[0][0]
        ok = True
        for name in ("workplace", "category"):
            if header_key(cells[name]) in VAGUE:
                ok = False
                what = f"'{shown(cells[name])}'" if cells[name] else "empty"
                problems.append(
                    Problem(
                        display,
                        f"is {what}: " + VAGUE_LESSON.format(field=name),
                        line=start,
                        path=column(name),
                    )
                )
        number = _positive(cells["number"], Problem(display, "", start, column("number")))
        if isinstance(number, Problem):
            problems.append(number)
            continue
        if not ok:
            continue
        key = (employer, _name_key(cells["workplace"]), _name_key(cells["category"]))
        if key in seen:
            problems.append(
                Problem(
                    display,
                    f"workplace '{shown(cells['workplace'])}' and category "
                    f"'{shown(cells['category'])}' for {employer} are already on line "
                    f"{seen[key]}: give each workplace and category once (add the numbers)",
                    line=start,
                    path=column("workplace"),
                )
            )
            continue
        seen[key] = start
        first_line.setdefault(employer, start)
        rows[employer].append(Affected(cells["workplace"], cells["category"], number))
    for name, _, _ in employers:
        if not rows[name] and not problems:
            problems.append(
                Problem(
                    display,
                    f"has no rows for {name}: every unit of the ballot needs its workforce "
                    "(its workplaces, categories and numbers)",
                    line=header_line,
                )
            )
    if problems:
        raise InputError(problems)
    found = tuple(
        EmployerWorkforce(name, tuple(rows[name]), explanation, eligible)
        for name, explanation, eligible in employers
    )
    for entry in found:
        if entry.eligible is not None and entry.total != entry.eligible:
            warnings.append(
                Problem(
                    display,
                    f"{entry.employer}: the workforce totals {entry.total:,} but the ballot has "
                    f"{entry.eligible:,} eligible; people join and leave, but check the figures "
                    "the notice will give",
                    line=first_line[entry.employer],
                    path=column("number"),
                    severity="warning",
                )
            )
    digest = hashlib.sha256(raw).hexdigest()
    return Workforce(display, found, tuple(warnings), digest)


def _positive(cell: str, at: Problem) -> int | Problem:
    """A number cell as a whole number above zero, or the problem with it."""
    if not cell:
        return Problem(at.file, "is empty; a number above zero is needed", at.line, at.path)
    if cell.startswith("-") and cell[1:].strip().replace(",", "").isdigit():
        return Problem(
            at.file,
            f"is {cell}: a number of employees is above zero (leave out a row with nobody)",
            at.line,
            at.path,
        )
    found: list[Problem] = []
    value = count_cell(cell, ("number",), at, found)
    if value is None:
        return found[0]
    if value == 0:
        return Problem(
            at.file,
            "is 0: a number of employees is above zero (leave out a row with nobody)",
            at.line,
            at.path,
        )
    return value
