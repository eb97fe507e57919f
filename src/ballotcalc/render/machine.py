"""JSON and CSV: the machine contract. Field names here are promised to users' scripts; keep them.

Percentages are numbers with 2 decimals by default (`--decimals` changes that), rounded so that the
printed figure never contradicts its verdict; a test that is not applied is `null` (empty in CSV).
Output is deterministic: no clock, no locale, keys in a fixed order.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import chain, repeat
from operator import attrgetter
from typing import Any

from ballotcalc._version import __version__
from ballotcalc.judging import BallotOutcome
from ballotcalc.numbers import DEFAULT_DECIMALS, percent, scaled_percent
from ballotcalc.render import NOT_LEGAL_ADVICE, RenderOptions, jsontext
from ballotcalc.render.cells import safe_cell
from ballotcalc.render.jsontext import SLOT, SameShape
from ballotcalc.render.wording import HALF, turnout_pct, yes_pct, yes_pct_of_eligible
from ballotcalc.tally import QuestionOutcome, UnitOutcome
from ballotcalc.units import UnitsSummary

CSV_COLUMNS = (
    "file", "title", "regime", "unit", "eligible", "votes_cast", "turnout_pct", "turnout_met",
    "question", "type", "yes", "no", "spoiled", "yes_pct", "yes_pct_of_eligible", "support_met",
    "majority_met", "verdict", "votes_short", "yes_short", "basis", "decision",
)  # fmt: skip
"""`basis` is "ballot" for a unit judged as a ballot and "information" for one unit's figures in an
aggregated ballot (s.228A), judged alone for information only: not the legal test. `decision` is
the core's `tally.Decision`; `verdict` is its 1.x word (empty for a consultative ballot)."""


UNIT_KEYS = (
    "name", "eligible", "votes_cast", "turnout_pct", "turnout_threshold_pct", "turnout_met",
    "votes_short",
)  # fmt: skip
"""A unit's JSON keys before its "questions", in order."""
QUESTION_KEYS = (
    "id", "type", "yes", "no", "spoiled", "yes_pct", "yes_pct_of_eligible",
    "support_threshold_pct", "support_met", "majority_met", "literal_majority_met", "yes_short",
    "verdict", "decision",
)  # fmt: skip
"""A question's JSON keys, in order."""


def _number(value: Decimal | None) -> float | int | None:
    """A Decimal percentage as a JSON number (shortest form: 49.99, 50.0)."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:  # --decimals 0: a whole number
        return int(value)
    return float(value)


def _pct(
    part: int, whole: int | None, decimals: int, threshold: Fraction | None, strict: bool = False
) -> float | int | None:
    """`numbers.percent_of` as a JSON number, in integer arithmetic (three per unit, 200,000 units).

    The same number `_number(percent_of(...))` gives: int / int is correctly rounded, as is
    float(Decimal).
    """
    if not whole:
        return None
    printed = scaled_percent(part, whole, decimals, threshold=threshold, strict=strict)
    return printed if decimals == 0 else printed / 10**decimals


# What every unit of a ballot shares (its thresholds, its questions) is apart from what each unit
# has of its own, so that the JSON template of a ballot's units can hold the shared values once.


def unit_shared(unit: UnitOutcome) -> dict[str, Any]:
    """The values of `UNIT_KEYS` that are the same for every unit of a ballot."""
    return {"turnout_threshold_pct": _threshold(unit.turnout_threshold)}


def unit_own(unit: UnitOutcome, decimals: int) -> tuple[Any, ...]:
    """The other values of `UNIT_KEYS`, in order (its questions apart)."""
    return (
        unit.name,
        unit.eligible,
        unit.votes_cast,
        _pct(unit.votes_cast, unit.eligible, decimals, unit.turnout_threshold),
        unit.turnout_met,
        unit.votes_short,
    )


def question_shared(q: QuestionOutcome) -> dict[str, Any]:
    """The values of `QUESTION_KEYS` that are the same for this question in every unit."""
    return {"id": q.id, "type": q.type, "support_threshold_pct": _threshold(q.support_threshold)}


def question_own(q: QuestionOutcome, decimals: int) -> tuple[Any, ...]:
    """The other values of `QUESTION_KEYS`, in order."""
    return (
        q.yes,
        q.no,
        q.spoiled,
        _pct(q.yes, q.yes + q.no, decimals, HALF, strict=True),
        _pct(q.yes, q.eligible, decimals, q.support_threshold),
        q.support_met,
        q.majority_met,
        q.literal_majority_met,
        q.yes_short,
        q.decision.verdict,
        q.decision.value,
    )


def _merged(keys: Sequence[str], shared: dict[str, Any], own: Iterable[Any]) -> dict[str, Any]:
    """A record with `keys` in order, each value from `shared` or else the next of `own`."""
    values = iter(own)
    return {key: shared[key] if key in shared else next(values) for key in keys}


def unit_record(unit: UnitOutcome, decimals: int) -> dict[str, Any]:
    record = _merged(UNIT_KEYS, unit_shared(unit), unit_own(unit, decimals))
    record["questions"] = [
        _merged(QUESTION_KEYS, question_shared(q), question_own(q, decimals))
        for q in unit.questions
    ]
    return record


def _skeleton(unit: UnitOutcome) -> dict[str, Any]:
    """The shape of `unit_record` for units like this one: their shared values, `SLOT` for the
    rest."""
    skeleton = _merged(UNIT_KEYS, unit_shared(unit), repeat(SLOT))
    skeleton["questions"] = [
        _merged(QUESTION_KEYS, question_shared(q), repeat(SLOT)) for q in unit.questions
    ]
    return skeleton


def _units_text(units: Sequence[UnitOutcome], decimals: int) -> list[Any] | SameShape:
    """The units for `jsontext`: one template for all when they share their shape, thresholds and
    questions (the units of one ballot do: they are judged by the same tests on the same
    questions), with each unit's own values made only as it is written."""
    if not units or not _all_alike(units):
        return [unit_record(u, decimals) for u in units]
    return SameShape(_skeleton(units[0]), _unit_leaves(units, decimals))


def _all_alike(units: Sequence[UnitOutcome]) -> bool:
    """Every unit has the first one's turnout threshold and questions (ids, types, support
    thresholds), compared list against list (which finds the same object equal at once)."""
    first = units[0]
    count = len(units)
    if list(map(attrgetter("turnout_threshold"), units)) != [first.turnout_threshold] * count:
        return False
    if list(map(len, map(attrgetter("questions"), units))) != [len(first.questions)] * count:
        return False
    questions = list(chain.from_iterable(map(attrgetter("questions"), units)))
    return all(
        list(map(attrgetter(name), questions))
        == [getattr(q, name) for q in first.questions] * count
        for name in ("id", "type", "support_threshold")
    )


def _unit_leaves(units: Sequence[UnitOutcome], decimals: int) -> Iterator[list[Any]]:
    for u in units:
        row = list(unit_own(u, decimals))
        for q in u.questions:
            row += question_own(q, decimals)
        yield row


_THRESHOLDS: dict[tuple[int, int], float] = {}
"""Thresholds as printed, by (numerator, denominator): a ballot has one or two, used per unit."""


def _threshold(value: Fraction | None) -> float | None:
    if value is None:
        return None
    key = (value.numerator, value.denominator)
    shown = _THRESHOLDS.get(key)
    if shown is None:
        shown = _THRESHOLDS[key] = float(percent(value, 2))
    return shown


def ballot_record(
    outcome: BallotOutcome,
    decimals: int,
    units: Callable[[Sequence[UnitOutcome], int], Any] | None = None,
) -> dict[str, Any]:
    """One ballot as JSON data; `units` turns a list of units into JSON (default: records)."""
    if units is None:
        units = _unit_records
    ballot = outcome.ballot
    return {
        "file": outcome.file,
        "sha256": outcome.sha256,
        "title": ballot.title,
        "union": ballot.union,
        "employer": ballot.employer,
        "kind": ballot.kind,
        "jurisdiction": ballot.jurisdiction,
        "opened": None if ballot.opened is None else ballot.opened.isoformat(),
        "closed": None if ballot.closed is None else ballot.closed.isoformat(),
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
    }


def _unit_records(units: Sequence[UnitOutcome], decimals: int) -> list[dict[str, Any]]:
    return [unit_record(u, decimals) for u in units]


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
    outcomes: Sequence[BallotOutcome],
    options: RenderOptions,
    units: Callable[[Sequence[UnitOutcome], int], Any] | None = None,
) -> dict[str, Any]:
    """The `--format json` document as plain data (`units`: as in `ballot_record`)."""
    decimals = DEFAULT_DECIMALS if options.decimals is None else options.decimals
    return {
        "ballotcalc": __version__,
        "disclaimer": NOT_LEGAL_ADVICE,
        "ballots": [ballot_record(o, decimals, units) for o in outcomes],
    }


def render_json(outcomes: Sequence[BallotOutcome], options: RenderOptions) -> str:
    """`json_document` as indented JSON, written by `jsontext` (units from one template)."""
    return "".join(json_pieces(outcomes, options))


def json_pieces(outcomes: Sequence[BallotOutcome], options: RenderOptions) -> Iterator[str]:
    """The text of `render_json` in pieces, in order, made as they are written (`jsontext`)."""
    return jsontext.pieces(json_document(outcomes, options, _units_text), end="\n")


def csv_rows(outcomes: Sequence[BallotOutcome], decimals: int) -> Iterator[list[str]]:
    for outcome in outcomes:
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
                    q.yes_short, basis, q.decision.value,
                )  # fmt: skip
                yield [safe_cell(v) for v in row]


def render_csv(outcomes: Sequence[BallotOutcome], options: RenderOptions) -> str:
    decimals = DEFAULT_DECIMALS if options.decimals is None else options.decimals
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(outcomes, decimals))
    return buffer.getvalue()
