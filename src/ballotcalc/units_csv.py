"""A CSV of units (workplaces or employers) -> plain data in the shape of `model.Unit`.

Scrutineers and membership systems export one row per workplace or employer, with headers that
differ from one export to the next. This module matches those headers to the ballot's fields and
turns the cells into plain ints and strings; validation (`model.Unit`) and the count checks then
treat these units exactly like inline ones, with errors pointing at the CSV file, row and column.

Rules, chosen so that no figure is lost or invented without a word:

* Headers match case-insensitively, ignoring spaces, underscores and punctuation, with common
  aliases (`Workplace`, `Employer`, `Entitled`, `Returned`, `Votes cast`...); a question's counts
  are `<id> yes`, `<id>_no`, `<id>: spoiled` (or spoilt/invalid), for each question id in the
  ballot file (plain `yes`, `no`, `spoiled` where the ballot has one question).
  `name`, `votes_cast` and each question's yes and no columns are required; `eligible` and the
  spoiled columns may be left out (spoiled is then 0, as in a ballot file).
* A column that is not used is a warning and ignored (exports carry regions, percentages...), except
  one that looks like a count (it ends in yes/no/spoiled, or is one typo from a known header): that
  is an error, because a misspelt `strike spolied` would otherwise drop spoiled papers silently.
* Two columns meaning the same field are an error; so are a row with more or fewer cells than the
  header, a count that is not a whole number, and an empty file.
* Counts are whole numbers, with thousands separators allowed (`"1,234"`, which must be quoted in a
  CSV); blank lines (and rows of empty cells, as spreadsheets export) are ignored; UTF-8 with or
  without a byte-order mark.

The row loop does plain string work only (no pydantic per row) so that 200,000 rows stay quick.

What an error may show of the file, and how much work a file can ask for:

* A file whose first row names no field of a unit at all (not one header matches) is not taken
  for a units CSV: the error says so and quotes nothing from it. A ballot file from someone else
  could name another file (`units_csv:` is confined to the ballot's folder unless the user allows
  more, see `judging.units_csv_path`), and its first line must not end up in a pasted error.
* Headers and cells are quoted only from a file that has a recognised header, and then at most
  `MAX_QUOTED` characters of each; the header is listed at most `MAX_LISTED` cells long.
* At most `MAX_COLUMNS` columns, refused before any per-column work (a 10 MB row of a million
  empty cells is one error, not a minute of matching); every per-column check is one pass.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter, methodcaller
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from ballotcalc.errors import InputError, Problem
from ballotcalc.loading import PathKey, decode_text

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "unit", "unitname", "workplace", "workplacename", "employer", "employername",
             "site", "branch", "organisation", "organization", "organisationname", "establishment",
             "bargainingunit"),
    "eligible": ("eligible", "entitled", "entitledtovote", "eligibletovote", "numberentitled", "numberentitledtovote",
                 "numbereligible", "electorate", "balloted", "noentitled", "membersballoted",
                 "numberballoted", "membersentitled", "totalballoted", "memberseligible"),
    "votes_cast": ("votescast", "returned", "papersreturned", "ballotsreturned", "turnoutcount",
                   "votes", "totalvotes", "totalvotescast", "numbervoting", "ballotpapersreturned",
                   "totalreturned", "votesreturned", "returns"),
    "group": ("group",),  # text, optional: the unit's region or sector (the ballot's group_by)
    "told_employer": ("toldemployer", "employertold"),
}  # fmt: skip
"""The unit's own fields: each header key (`header_key`) that names one. Data, not code: a new
spelling met in an export is one more entry here. `told_employer` (optional; YYYY-MM-DD, blank when
not recorded) is the day that employer was told its result (s.231A)."""
TEXT_FIELDS: tuple[PathKey, ...] = (("name",), ("group",), ("told_employer",))
"""Columns taken as text (validated by `model.Unit`); every other column is a count."""
ANSWER_ALIASES: dict[str, tuple[str, ...]] = {
    "yes": ("yes", "yesvotes", "votesyes"),
    "no": ("no", "novotes", "votesno"),
    "spoiled": ("spoiled", "spoilt", "invalid", "spoiledpapers", "spoiltpapers", "void",
                "spoiledvotes", "spoiltvotes"),
}  # fmt: skip
"""A question's answers: written before or after the question's name (`Strike yes`, `Yes -
Strike`, `Strike: Yes`, `Yes (ASOS)`), or alone where the ballot has one question."""
QUESTION_TYPE_NAMES: dict[str, tuple[str, ...]] = {
    "strike": ("strike", "strikeaction", "strikes"),
    "asos": ("asos", "actionshortofstrike", "actionshortofastrike", "shortofstrike",
             "shortofastrike", "actionshortofstrikeaction", "industrialactionshortofstrike",
             "industrialactionshortofastrike"),
    "other": (),
}  # fmt: skip
"""How exports name a question of each type (`model.QuestionType`), besides its id. A name that
two questions of one type would share is ambiguous, and a header using it is refused."""
COLUMN_TARGET = re.compile(
    r"(name|eligible|votes_cast|group|told_employer|ignore)|([A-Za-z][A-Za-z0-9_-]{0,39})\.(yes|no|spoiled|spoilt)"
)
"""What a `units_csv_columns:` entry maps a header to: a unit field, `<question id>.<answer>`, or
`ignore` (a column the export carries that is not a unit's field: left out without a warning)."""
_ANSWER_WORDS = frozenset({"yes", "no", "spoiled", "spoilt", "invalid", "void"})
_ANSWER_ENDINGS = tuple(a for names in ANSWER_ALIASES.values() for a in names)
_NOT_KEY = re.compile(r"[^0-9a-z]+")
_NUMBER_WITH_SEPARATORS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
MAX_DIGITS = 12
MAX_COLUMNS = 1_000
"""Far more than a ballot needs (name, eligible, votes cast and three per question)."""
MAX_QUOTED = 60
"""Characters of a header or cell quoted in an error; the rest is cut (`shown`)."""
MAX_LISTED = 20
"""Header cells listed in an error about a missing column."""


def shown(text: str) -> str:
    """A header or cell as quoted in a message: at most `MAX_QUOTED` characters."""
    if len(text) <= MAX_QUOTED:
        return text
    return f"{text[:MAX_QUOTED]}... ({len(text):,} characters)"


def header_key(header: str) -> str:
    """A header as matched: case-folded, without spaces, underscores or punctuation."""
    return _NOT_KEY.sub("", header.casefold())


class UnitsTable(Struct, frozen=True):
    """Units read from a CSV: plain data, where each row was, and the header behind each field."""

    file: str
    sha256: str
    units: list[dict[str, Any]]
    """Plain data shaped like `model.Unit`: name, eligible (absent without a column), votes_cast,
    results."""
    lines: list[int]
    """The line each unit's row starts on, by unit index."""
    columns: dict[PathKey, str]
    """From a path within a unit (e.g. ('results', 'strike', 'yes')) to its header as written."""
    warnings: tuple[Problem, ...]

    def locate(self, index: int, rest: PathKey) -> tuple[int | None, str | None]:
        """The line and the column description for `units.<index>.<rest>`."""
        line = self.lines[index] if 0 <= index < len(self.lines) else None
        if rest in self.columns:
            return line, f"column '{self.columns[rest]}'"
        if len(rest) == 2 and rest[0] == "results":
            headers = [h for path, h in self.columns.items() if path[:2] == rest]
            if headers:
                return line, "columns " + ", ".join(f"'{h}'" for h in headers)
        if rest and rest[0] in ("eligible", "votes_cast", "name", "group", "told_employer"):
            return line, str(rest[0])
        return line, None


class HeaderMatcher(Struct, frozen=True):
    """Which unit field each header names, for one ballot's questions and its own mapping.

    Built once per file from the tables above (`header_matcher`); matching a header is then a
    dictionary look-up of its `header_key`.
    """

    fields: dict[str, PathKey]
    """Every accepted header key -> the unit field it fills (the ballot's mapping included)."""
    ambiguous: dict[str, tuple[PathKey, ...]]
    """Keys that name a field of more than one question (a type name two questions share)."""
    mapped: dict[str, str]
    """The ballot's `units_csv_columns:` by header key -> the header as the ballot file writes it."""
    ignored: frozenset[str]
    """Header keys the ballot maps to `ignore`."""
    question_ids: tuple[str, ...]


def header_matcher(
    question_ids: Sequence[str],
    question_types: Sequence[str] | None = None,
    columns: Mapping[str, str] | None = None,
) -> HeaderMatcher:
    """The matcher for a ballot: its questions' ids (and types, whose common names match too) and
    its `units_csv_columns:` (header as written -> `name`, `eligible`, `votes_cast` or
    `<question id>.<answer>`), which comes before any alias."""
    fields: dict[str, PathKey] = {}
    for field, keys in FIELD_ALIASES.items():
        fields.update(dict.fromkeys(keys, (field,)))
    named: dict[str, set[str]] = {}
    """A question's name in a header (its id, or a name of its type) -> the question ids."""
    for qid, qtype in zip(question_ids, question_types or [""] * len(question_ids), strict=True):
        for name in QUESTION_TYPE_NAMES.get(qtype, ()):
            named.setdefault(name, set()).add(qid)
    for qid in question_ids:  # an id is one question's own name, whatever its type's names
        named[header_key(qid)] = {qid}
    if len(question_ids) == 1:
        named[""] = {question_ids[0]}  # plain `yes`, `no`, `spoiled`
    ambiguous: dict[str, tuple[PathKey, ...]] = {}
    for name, qids in named.items():
        for answer, endings in ANSWER_ALIASES.items():
            paths = tuple(("results", qid, answer) for qid in sorted(qids))
            for ending in endings:
                for key in (name + ending, ending + name):
                    if len(paths) == 1:
                        fields[key] = paths[0]
                    else:
                        ambiguous[key] = paths
    mapped: dict[str, str] = {}
    ignored: set[str] = set()
    for written, target in (columns or {}).items():
        match = COLUMN_TARGET.fullmatch(target)
        if match is None:  # pragma: no cover - the model refuses these first
            raise ValueError(f"units_csv_columns: '{target}' is not a unit field")
        field, qid, answer = match.groups()
        key = header_key(written)
        mapped[key] = written
        if field == "ignore":
            ignored.add(key)
            continue
        fields[key] = (
            (field,) if field else ("results", qid, "spoiled" if answer == "spoilt" else answer)
        )
        ambiguous.pop(key, None)
    return HeaderMatcher(fields, ambiguous, mapped, frozenset(ignored), tuple(question_ids))


def _closest(key: str, matcher: HeaderMatcher) -> PathKey | None:
    """The field whose known header is nearest to `key` (for a suggestion), if any is near."""
    near = difflib.get_close_matches(key, matcher.fields, n=1, cutoff=0.75)
    return matcher.fields[near[0]] if near else None


def _looks_like_counts(cell: str, key: str, matcher: HeaderMatcher) -> bool:
    """An unused header that is probably a misspelt or mismatched count column, not an extra:
    it begins or ends with an answer (`Spoilt - Strke`, `strike spolied` is one typo from a known
    header), or is one typo from a known header. `No.` at the start is "number", not an answer."""
    from ballotcalc.model import one_edit_apart

    words = _NOT_KEY.split(cell.casefold())
    words = [w for w in words if w]
    starts = bool(words) and words[0] in _ANSWER_WORDS and not cell.lstrip().startswith("No.")
    return (
        starts
        or key.endswith(_ANSWER_ENDINGS)
        or any(one_edit_apart(key, known) for known in matcher.fields)
    )


def _header_problem(
    cell: str, key: str, matcher: HeaderMatcher, display: str, line: int
) -> tuple[Problem, tuple[PathKey, ...]]:
    """The one problem (error or warning) with a header that names no field, and the fields it
    stands for (the ones suggested), whose "no column" error would only say it again."""
    written = shown(cell)
    at = f"column '{written}'"
    map_it = f'or name it in the ballot file\'s units_csv_columns: ("{written}": <field>)'
    if key in matcher.ambiguous:
        paths = matcher.ambiguous[key]
        could = " or ".join(f"{p[1]}.{p[2]}" for p in paths)
        problem = Problem(
            display,
            f"is ambiguous: it could be {could} (questions of the same type); name its question "
            f"in the header, {map_it}",
            line=line,
            path=at,
        )
        return problem, paths
    if not _looks_like_counts(cell, key, matcher):
        warning = Problem(
            display, "is not a field of a unit; ignored", line=line, path=at, severity="warning"
        )
        return warning, ()
    close = _closest(key, matcher)
    qids = matcher.question_ids
    first = qids[0] if qids else "strike"
    hint = (
        f"did you mean {_describe(close)}? Or name it"
        if close
        else f"expected e.g. '{first} yes', '{first} no', '{first} spoiled'; or name it"
    )
    problem = Problem(
        display,
        f"looks like a count but matches no field for the ballot's questions "
        f"({', '.join(qids)}); {hint} in the ballot file's units_csv_columns: "
        f'("{written}": <field>)',
        line=line,
        path=at,
    )
    return problem, () if close is None else (close,)


def parse_units_csv(
    raw: bytes,
    display: str,
    question_ids: Sequence[str],
    *,
    question_types: Sequence[str] | None = None,
    columns: Mapping[str, str] | None = None,
) -> UnitsTable:
    """Read a units CSV for a ballot's questions (ids; with their types, the types' common names
    match too) and its `units_csv_columns:` mapping. Raises `InputError` listing every problem
    (file, line, column) found: one per bad header, never one per row for a header's fault."""
    text = decode_text(raw, display)
    digest = hashlib.sha256(raw).hexdigest()
    reader, header, header_line = open_table(
        text,
        display,
        "is empty: expected a header row (e.g. workplace, eligible, votes cast, <question> yes, "
        "<question> no) and one row per unit",
    )
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if len(header) > MAX_COLUMNS:
        raise InputError.single(
            display,
            f"has {len(header):,} columns; a units CSV has at most {MAX_COLUMNS:,} (the unit's "
            "name, eligible, votes cast and three per question)",
            line=header_line,
        )
    matcher = header_matcher(question_ids, question_types, columns)
    fields = matcher.fields
    keys = [header_key(cell) for cell in header]
    if not any(key in fields for key in keys):
        separator = (
            "; its cells must be separated by commas, not semicolons or tabs"
            if len(header) == 1 and (";" in header[0] or "\t" in header[0])
            else ""
        )
        raise InputError.single(
            display,
            f"is not a units CSV that ballotcalc recognises: none of the {len(header):,} cells of "
            f"its first row names a field of a unit (expected a header such as {_example(question_ids)})"
            f"{separator}; its content is not shown",
            line=header_line,
        )
    slots: list[tuple[int, PathKey, str]] = []
    """(cell index, field path, header as written) for each used column."""
    unnamed: list[int] = []
    taken: dict[PathKey, str] = {}
    said: set[PathKey] = set()
    """Fields a bad header's error already names: no second error that their column is missing."""
    for index, (cell, key) in enumerate(zip(header, keys, strict=True)):
        written = shown(cell)
        if not key:
            unnamed.append(index)
            continue
        if key in matcher.ignored:
            continue
        path = fields.get(key)
        if path is None:
            problem, stands_for = _header_problem(cell, key, matcher, display, header_line)
            (warnings if problem.severity == "warning" else problems).append(problem)
            said.update(stands_for)
            continue
        if path in taken:
            problems.append(
                Problem(
                    display,
                    f"means the same as column '{taken[path]}' ({'.'.join(map(str, path))}); keep one",
                    line=header_line,
                    path=f"column '{written}'",
                )
            )
            continue
        taken[path] = written
        slots.append((index, path, written))
    present = set(keys)
    for key, written in matcher.mapped.items():
        if key not in present:
            near = difflib.get_close_matches(key, dict(zip(keys, header, strict=True)), n=1)
            suggestion = (
                f" (the closest is '{shown(dict(zip(keys, header, strict=True))[near[0]])}')"
                if near
                else ""
            )
            problems.append(
                Problem(
                    display,
                    f"has no column '{shown(written)}', which the ballot file's "
                    f"units_csv_columns: names{suggestion}",
                    line=header_line,
                )
            )
    required: list[PathKey] = [("name",), ("votes_cast",)]
    for qid in question_ids:
        required += [("results", qid, "yes"), ("results", qid, "no")]
    for path in required:
        if path not in taken and path not in said:
            problems.append(
                Problem(
                    display,
                    f"no column for {_describe(path)} (header: {_listed(header)})",
                    line=header_line,
                )
            )
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        problems.append(
            Problem(
                display,
                "cells must be separated by commas, not semicolons or tabs",
                line=header_line,
            )
        )
    if problems:
        raise InputError(problems)

    width = len(header)
    units: list[dict[str, Any]] = []
    lines: list[int] = []
    name_at = next(i for i, p, _ in slots if p == ("name",))
    group_at = next((i for i, p, _ in slots if p == ("group",)), None)
    told_at = next((i for i, p, _ in slots if p == ("told_employer",)), None)
    number_slots = [(i, p, w) for i, p, w in slots if p not in TEXT_FIELDS]
    counts_of = itemgetter(*(i for i, _, _ in number_slots))
    """A row's count cells, as a tuple (there are at least three: votes cast, yes and no)."""
    own_counts = [(str(p[0]), at) for at, (_, p, _) in enumerate(number_slots) if len(p) == 1]
    answers = [
        (qid, [(str(p[2]), at) for at, (_, p, _) in enumerate(number_slots) if p[1:2] == (qid,)])
        for qid in question_ids
    ]
    """Where each count goes, worked out once rather than per row: a unit's own counts (field,
    place among the row's counts), and each question's answers (question id, [(answer, place)])."""
    for start, row in data_rows(reader, width, display, problems):
        for index in unnamed:
            if row[index].strip():
                problems.append(
                    Problem(
                        display,
                        f"a value ('{shown(row[index].strip())}') in a column with no header",
                        line=start,
                        path=f"column {index + 1}",
                    )
                )
        cells: tuple[str, ...] = counts_of(row)
        digits = "".join(cells)
        numbers: list[int | None]
        if (
            digits.isdigit()
            and digits.isascii()
            and "" not in cells
            and max(map(len, cells)) <= MAX_DIGITS
        ):  # the usual row: plain digits in every count cell
            numbers = list(map(int, cells))
        else:
            numbers = [
                count_cell(
                    cell.strip(),
                    path,
                    Problem(display, "", start, f"column '{written}'"),
                    problems,
                )
                for cell, (_, path, written) in zip(cells, number_slots, strict=True)
            ]
        unit: dict[str, Any] = {"name": row[name_at]}
        for key, at in own_counts:
            value = numbers[at]
            if value is not None or key == "eligible":  # left empty: eligible unknown
                unit[key] = value
        results: dict[str, dict[str, int]] = {}
        for qid, places in answers:
            counts = results[qid] = {}
            for key, at in places:
                value = numbers[at]
                if value is not None:  # left empty: spoiled 0 (or a problem already said)
                    counts[key] = value
        unit["results"] = results
        if group_at is not None:
            unit["group"] = row[group_at].strip() or None
        if told_at is not None and row[told_at].strip():
            unit["told_employer"] = row[told_at].strip()
        units.append(unit)
        lines.append(start)
    if problems:
        raise InputError(problems)
    if not units:
        raise InputError.single(
            display,
            "has a header but no units (one row per workplace or employer is needed)",
            line=header_line,
        )
    used = {path: written for _, path, written in slots}
    return UnitsTable(display, digest, units, lines, used, tuple(warnings))


def count_cell(cell: str, path: PathKey, at: Problem, problems: list[Problem]) -> int | None:
    """A count cell (stripped) as a whole number, or None: left empty (eligible unknown, spoiled
    0), or not a number, which adds a problem placed at `at` (as does an empty required count)."""
    if not cell:
        if path[0] == "votes_cast" or path[-1] in ("yes", "no"):
            problems.append(replace(at, message="is empty; a count is needed"))
        return None
    if cell.isascii() and cell.isdigit() and len(cell) <= MAX_DIGITS:
        return int(cell)
    if _NUMBER_WITH_SEPARATORS.fullmatch(cell) and len(cell) <= MAX_DIGITS + 4:
        return int(cell.replace(",", ""))
    problems.append(
        replace(
            at,
            message="must be a whole number (digits, optionally with thousands separators such "
            f"as \"1,234\"), not '{shown(cell)}'",
        )
    )
    return None


def _refuse_wide_lines(lines: list[str], display: str) -> None:
    """Refuse a line with more commas than `MAX_COLUMNS` allows before the CSV parser makes a
    million cells of it (one pass of `str.count` over the lines, at C speed)."""
    if not lines or max(map(methodcaller("count", ","), lines)) < MAX_COLUMNS:
        return
    number, line = next((n, t) for n, t in enumerate(lines, 1) if t.count(",") >= MAX_COLUMNS)
    raise InputError.single(
        display,
        f"has {line.count(','):,} commas on one line: more than the {MAX_COLUMNS:,} columns a "
        "units CSV may have (the unit's name, eligible, votes cast and three per question)",
        line=number,
    )


def open_table(text: str, display: str, empty: str) -> tuple[Any, list[str], int]:
    """A CSV file's reader, placed after its header, the header (each cell stripped) and the line
    it is on. Every CSV ballotcalc reads starts so: over-long lines refused, a broken first row or a
    file with no header at all one located error (`empty` says what was expected)."""
    physical = text.splitlines(keepends=True)
    _refuse_wide_lines(physical, display)
    reader = csv.reader(physical, strict=True)
    try:
        header, header_line = _first_row(reader)
    except csv.Error as exc:
        raise InputError.single(
            display, f"is not a valid CSV file: {exc}", line=reader.line_num
        ) from None
    if header is None:
        raise InputError.single(display, empty, line=1)
    return reader, header, header_line


def data_rows(
    reader: Any, width: int, display: str, problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    """Each row after the header that is not blank, with the line it starts on. A row with other
    than `width` cells is a problem (added to `problems`) and skipped; broken CSV ends the rows with
    one problem at the line where it broke."""
    end_of_previous = reader.line_num
    try:
        for row in reader:
            start, end_of_previous = end_of_previous + 1, reader.line_num
            if not "".join(row).strip():
                continue
            if len(row) != width:
                problems.append(
                    Problem(
                        display,
                        f"has {len(row)} cells but the header has {width}; check for a stray or "
                        "missing comma (a number such as 1,234 must be in quotes)",
                        line=start,
                    )
                )
                continue
            yield start, row
    except csv.Error as exc:
        problems.append(Problem(display, f"is not valid CSV here: {exc}", line=end_of_previous + 1))


def _first_row(reader: Any) -> tuple[list[str] | None, int]:
    """The header: the first row that is not blank, and its line."""
    while True:
        start = reader.line_num + 1
        row = next(reader, None)
        if row is None:
            return None, start
        if any(cell.strip() for cell in row):
            return [cell.strip() for cell in row], start


def _listed(header: Sequence[str]) -> str:
    """The header as listed in an error: its first `MAX_LISTED` cells, each `shown`."""
    cells = ", ".join(shown(cell) for cell in header[:MAX_LISTED])
    more = len(header) - MAX_LISTED
    return cells + (f", ... and {more:,} more" if more > 0 else "")


def _example(question_ids: Sequence[str]) -> str:
    first = question_ids[0] if question_ids else "strike"
    return f"workplace, eligible, votes cast, {first} yes, {first} no"


def _describe(path: PathKey) -> str:
    if path == ("eligible",):
        return "the number entitled to vote (e.g. 'eligible', 'entitled')"
    if path == ("name",):
        return "the unit's name (e.g. 'workplace', 'employer', 'name')"
    if path == ("votes_cast",):
        return "votes cast (e.g. 'votes cast', 'returned')"
    return f"question '{path[1]}' {path[2]} (e.g. '{path[1]} {path[2]}')"
