"""JSON and CSV: the machine contract. Field names here are promised to users' scripts; keep them.

Percentages are numbers with 2 decimals by default (`--decimals` changes that), rounded so that the
printed figure never contradicts its verdict; a test that is not applied is `null` (empty in CSV).
Output is deterministic: no clock, no locale, keys in a fixed order.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import orjson

from ballotcalc._version import __version__
from ballotcalc.judging import BallotOutcome, BallotStatus, Entry, Listed
from ballotcalc.model import Ballot
from ballotcalc.numbers import DEFAULT_DECIMALS, Percentage, percent
from ballotcalc.render import NOT_LEGAL_ADVICE, RenderOptions
from ballotcalc.render.cells import safe_cell
from ballotcalc.render.wording import HALF, turnout_pct, yes_pct, yes_pct_of_eligible
from ballotcalc.tally import Decision, QuestionOutcome, UnitOutcome, Verdict
from ballotcalc.units import UnitsSummary

CSV_COLUMNS = (
    "file", "title", "regime", "unit", "eligible", "votes_cast", "turnout_pct", "turnout_met",
    "question", "type", "yes", "no", "spoiled", "yes_pct", "yes_pct_of_eligible", "support_met",
    "majority_met", "verdict", "votes_short", "yes_short", "basis", "decision", "status",
    "knife_edges",
)  # fmt: skip
"""`basis` is "ballot" for a unit judged as a ballot and "information" for one unit's figures in an
aggregated ballot (s.228A), judged alone for information only: not the legal test. `decision` is
the core's `tally.Decision`; `verdict` is its 1.x word (empty for a consultative ballot). `status`
is `judging.BallotStatus`: `judged`, or for a ballot without results yet (listed in an overview,
one row with no unit) `live` or `planned`. `knife_edges` lists the statutory tests met with little
to spare as `test:votes_to_spare`, joined by `;` (empty when there is none)."""


def _number(value: Decimal | None) -> float | int | None:
    """A Decimal percentage as a JSON number (shortest form: 49.99, 50.0)."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:  # --decimals 0: a whole number
        return int(value)
    return float(value)


_DECISION_FIELDS: dict[Decision, tuple[Verdict | None, str]] = {
    d: (d.verdict, d.value) for d in Decision
}
"""Each decision's `verdict` and `decision` fields, looked up once per question rather than read
through the enum's properties (several times slower, for every question of every unit)."""


class _Threshold:
    """A threshold as the records use it: its `Percentage` and its own figure as printed."""

    __slots__ = ("percentage", "shown")

    def __init__(self, decimals: int, threshold: Fraction | None) -> None:
        self.percentage = Percentage(decimals, threshold)
        self.shown = None if threshold is None else float(percent(threshold, 2))


class _Records:
    """The records of units and their questions at one number of decimals, every field by name.

    A national ballot has 200,000 units and three percentages each, all judged against the same
    thresholds (the tally gives every unit of a ballot the same threshold objects), so each
    threshold's `Percentage` and printed figure are made once here, and made again only for a unit
    whose threshold is another object.
    """

    __slots__ = ("_divisor", "_support", "_turnout", "_yes", "decimals")

    def __init__(self, decimals: int) -> None:
        self.decimals = decimals
        self._divisor = 10**decimals
        self._turnout = _Threshold(decimals, None)
        self._support = _Threshold(decimals, None)
        self._yes = Percentage(decimals, HALF, strict=True)
        """Yes as a share of valid votes, on the side of the majority test (more than half)."""

    def _pct(self, percentage: Percentage, part: int, whole: int | None) -> float | int | None:
        """`numbers.percent_of` as a JSON number: the same number `_number(percent_of(...))`
        gives, since int / int is correctly rounded, as is float(Decimal)."""
        if not whole:
            return None
        printed = percentage.scaled(part, whole)
        return printed if self.decimals == 0 else printed / self._divisor

    def unit(self, unit: UnitOutcome) -> dict[str, Any]:
        """One unit and its questions, in the order scripts see them."""
        turnout = self._turnout
        if turnout.percentage.threshold is not unit.turnout_threshold:
            turnout = self._turnout = _Threshold(self.decimals, unit.turnout_threshold)
        return {
            "name": unit.name,
            "eligible": unit.eligible,
            "votes_cast": unit.votes_cast,
            "turnout_pct": self._pct(turnout.percentage, unit.votes_cast, unit.eligible),
            "turnout_threshold_pct": turnout.shown,
            "turnout_met": unit.turnout_met,
            "votes_short": unit.votes_short,
            "questions": [self.question(unit, q) for q in unit.questions],
        }

    def question(self, unit: UnitOutcome, q: QuestionOutcome) -> dict[str, Any]:
        """One question's figures, tests and verdict in one unit; `knife_edges` (added in 2.x,
        after every older field) the tests met with little to spare."""
        support = self._support
        if support.percentage.threshold is not q.support_threshold:
            support = self._support = _Threshold(self.decimals, q.support_threshold)
        verdict, decision = _DECISION_FIELDS[q.decision]
        return {
            "id": q.id,
            "type": q.type,
            "yes": q.yes,
            "no": q.no,
            "spoiled": q.spoiled,
            "yes_pct": self._pct(self._yes, q.yes, q.yes + q.no),
            "yes_pct_of_eligible": self._pct(support.percentage, q.yes, q.eligible),
            "support_threshold_pct": support.shown,
            "support_met": q.support_met,
            "majority_met": q.majority_met,
            "literal_majority_met": q.literal_majority_met,
            "yes_short": q.yes_short,
            "verdict": verdict,
            "decision": decision,
            "knife_edges": [{"test": m.test, "votes_to_spare": m.votes} for m in q.knife_edges],
        }


UnitsValue = Callable[[Sequence[UnitOutcome], int], Any]
"""What a list of units becomes in a ballot's record: their records (`unit_records`), or a stand-in
that `json_pieces` writes in batches."""


def unit_records(units: Sequence[UnitOutcome], decimals: int) -> list[dict[str, Any]]:
    return list(map(_Records(decimals).unit, units))


def ballot_record(
    outcome: BallotOutcome, decimals: int, units: UnitsValue = unit_records
) -> dict[str, Any]:
    """One ballot as JSON data."""
    return {
        **_identity(outcome.file, outcome.sha256, outcome.ballot),
        "regime": {"id": outcome.regime.id, "name": outcome.regime.name},
        "notes": list(outcome.notes),
        "warnings": [str(w) for w in outcome.warnings],
        "units": units(outcome.units, decimals),
        "aggregation": outcome.aggregation,
        "information_units": units(outcome.information_units, decimals),
        "summary": summary_record(outcome.summary, decimals),
        "units_csv": None
        if outcome.units_csv is None
        else {"file": outcome.units_csv.file, "sha256": outcome.units_csv.sha256},
        "status": BallotStatus.JUDGED.value,
    }


def _identity(file: str, sha256: str, ballot: Ballot) -> dict[str, Any]:
    """The first keys of every ballot's record, judged or open: which file, and what it says of
    itself."""
    return {
        "file": file,
        "sha256": sha256,
        "title": ballot.title,
        "union": ballot.union,
        "employer": ballot.employer,
        "kind": ballot.kind,
        "jurisdiction": ballot.jurisdiction,
        "opened": None if ballot.opened is None else ballot.opened.isoformat(),
        "closed": None if ballot.closed is None else ballot.closed.isoformat(),
    }


def open_record(entry: Entry) -> dict[str, Any]:
    """A ballot without results yet (in an overview, or given alone): the keys of `ballot_record`,
    nothing judged."""
    assert entry.loaded is not None
    return {
        **_identity(entry.file, entry.loaded.document.sha256, entry.loaded.ballot),
        "regime": None,
        "notes": [],
        "warnings": [str(w) for w in entry.loaded.warnings],
        "units": [],
        "aggregation": None,
        "information_units": [],
        "summary": None,
        "units_csv": None,
        "status": str(entry.status),
    }


def summary_record(summary: UnitsSummary | None, decimals: int) -> dict[str, Any] | None:
    """Counts of units with and without a mandate, and the totals (which are not a legal test)."""
    if summary is None:
        return None
    totals = summary.totals
    return {
        "information_only": summary.information_only,
        "units": summary.units,
        "consultative": summary.consultative,
        "with_mandate": summary.with_mandate,
        "without_mandate": summary.without_mandate,
        "with_majority_for": summary.majority_for,
        "questions": [
            {
                "id": c.id,
                "pass": c.mandate,
                "at_risk": c.at_risk,
                "fail": c.no_mandate,
                "decisions": {d.value: n for d, n in c.decisions.items()},
            }
            for c in summary.questions
        ],
        "totals": {
            "eligible": totals.eligible,
            "votes_cast": totals.votes_cast,
            "turnout_pct": None
            if summary.turnout is None
            else _number(percent(summary.turnout, decimals)),
            "questions": [
                {"id": a.id, "yes": a.yes, "no": a.no, "spoiled": a.spoiled} for a in totals.answers
            ],
        },
    }


def json_document(
    outcomes: Sequence[Listed], options: RenderOptions, units: UnitsValue = unit_records
) -> dict[str, Any]:
    """The `--format json` document as plain data (`units`: as in `ballot_record`); an open
    ballot's entry (an overview's) is `open_record`."""
    decimals = document_decimals(options)
    return {
        "ballotcalc": __version__,
        "disclaimer": NOT_LEGAL_ADVICE,
        "ballots": [
            ballot_record(o, decimals, units) if isinstance(o, BallotOutcome) else open_record(o)
            for o in outcomes
        ],
    }


JSON_OPTIONS = orjson.OPT_INDENT_2
"""orjson's indented form is `json.dumps(indent=2, ensure_ascii=False)`'s, byte for byte, on our
data, except a float under 1e-4, which only `--decimals 5` or 6 can give: orjson writes 0.00005
and 1e-6 where json.dumps writes 5e-05 and 1e-06. Valid JSON and the same number either way, for
a percentage no real ballot has (a turnout under 0.0001%), so it is left as orjson writes it.
orjson 3.11.7 changed how floats are written: hence its lower bound in pyproject.toml."""

BATCH = 1000
"""Units encoded per call to orjson when a ballot's units are written in batches."""


def render_json(outcomes: Sequence[Listed], options: RenderOptions) -> str:
    """`json_document` as JSON indented by two spaces (orjson), ending in a newline."""
    return b"".join(json_pieces(outcomes, options)).decode()


def json_pieces(outcomes: Sequence[Listed], options: RenderOptions) -> Iterator[bytes]:
    """The text of `render_json` in pieces, in order, each ballot's units `BATCH` at a time, as
    the UTF-8 bytes orjson writes.

    A national ballot's records would hold several times the memory of its outcomes (200,000
    units: 400 MB more at the peak), so its units are made and encoded a batch at a time. The
    document is encoded with a marker string in place of each list of units; orjson writes the
    marker as a JSON string we then find, and where it stood each batch goes, encoded by orjson
    and moved right to the marker's indent. A JSON string never holds a raw newline (orjson
    writes it as \\n), so every newline in orjson's text is layout and moving it is safe; the
    result is the text orjson gives for the whole document (tests/test_scale.py checks).

    Bytes, not text: 20,000 units are 15 MB of JSON, and the command writes them to standard
    output's binary layer as they are, rather than decoding them to text here for the text layer
    to encode again (and click to search for colour codes, which JSON never holds: orjson escapes
    every control character).
    """
    deferred: list[Sequence[UnitOutcome]] = []

    def stand_in(units: Sequence[UnitOutcome], decimals: int) -> str:
        deferred.append(units)
        return f"{_MARKER}{len(deferred) - 1}"

    document = json_document(outcomes, options, stand_in)
    decimals = document_decimals(options)
    text = orjson.dumps(document, option=JSON_OPTIONS) + b"\n"
    marker = orjson.dumps(_MARKER)[:-1]  # the opening quote and the marker as written
    parts = text.split(marker)
    if len(parts) != len(deferred) + 1:  # pragma: no cover - the marker holds a random token
        raise RuntimeError("a JSON marker for the units was found more or less than once")
    yield parts[0]
    for index, part in enumerate(parts[1:]):
        digits, _, rest = part.partition(b'"')
        key_line = parts[index][parts[index].rfind(b"\n") + 1 :]  # b'    "units": '
        indent = len(key_line) - len(key_line.lstrip(b" "))
        yield from _units_text(deferred[int(digits)], decimals, b"\n" + b" " * indent)
        yield rest


def document_decimals(options: RenderOptions) -> int:
    return DEFAULT_DECIMALS if options.decimals is None else options.decimals


_MARKER = f"\x00ballotcalc-units-{os.urandom(16).hex()}-"
"""Stands in for a list of units while the rest of the document is encoded. The NUL is written
escaped, the random token makes it unique: no text in a ballot can hold it."""


def _units_text(units: Sequence[UnitOutcome], decimals: int, newline: bytes) -> Iterator[bytes]:
    """A list of unit records as orjson writes it, for a list whose key line starts `newline`."""
    if not units:
        yield b"[]"
        return
    for start in range(0, len(units), BATCH):
        batch = orjson.dumps(
            unit_records(units[start : start + BATCH], decimals), option=JSON_OPTIONS
        )
        items = batch[1:-2]  # "[" + "\n  {...},\n  {...}" + "\n]": the items
        yield (b"[" if start == 0 else b",") + items.replace(b"\n", newline)
    yield newline + b"]"


_STATUS = CSV_COLUMNS.index("status")


def csv_rows(outcomes: Sequence[Listed], decimals: int) -> Iterator[list[str]]:
    judged = BallotStatus.JUDGED.value
    for outcome in outcomes:
        if isinstance(outcome, Entry):  # open: one row, its file and title and status
            title = "" if outcome.ballot is None else outcome.ballot.title
            cells = [outcome.file, title] + [""] * (len(CSV_COLUMNS) - 2)
            cells[_STATUS] = str(outcome.status)
            yield [safe_cell(v) for v in cells]
            continue
        units = [(u, "ballot") for u in outcome.units]
        units += [(u, "information") for u in outcome.information_units]
        for unit, basis in units:
            t = turnout_pct(unit, decimals)
            for q in unit.questions:
                row = (
                    outcome.file, outcome.ballot.title, outcome.regime.id, unit.name,
                    unit.eligible, unit.votes_cast, t, unit.turnout_met, q.id, q.type,
                    q.yes, q.no, q.spoiled, yes_pct(q, decimals), yes_pct_of_eligible(q, decimals),
                    q.support_met, q.majority_met, q.decision.verdict, unit.votes_short,
                    q.yes_short, basis, q.decision.value, judged, _knife_edge_cell(q),
                )  # fmt: skip
                yield [safe_cell(v) for v in row]


def _knife_edge_cell(q: QuestionOutcome) -> str:
    """The CSV's `knife_edges`: "turnout:3;support:12", or empty."""
    return ";".join(f"{m.test}:{m.votes}" for m in q.knife_edges)


def render_csv(outcomes: Sequence[Listed], options: RenderOptions) -> str:
    decimals = DEFAULT_DECIMALS if options.decimals is None else options.decimals
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(outcomes, decimals))
    return buffer.getvalue()
