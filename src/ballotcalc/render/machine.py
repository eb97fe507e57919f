"""JSON and CSV: the machine contract. Field names here are promised to users' scripts; keep them.

Percentages are numbers with 2 decimals by default (`--decimals` changes that), rounded so that the
printed figure never contradicts its verdict; a test that is not applied is `null` (empty in CSV).
Output is deterministic: no clock, no locale, keys in a fixed order.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from ballotcalc._version import __version__
from ballotcalc.judging import BallotOutcome
from ballotcalc.numbers import DEFAULT_DECIMALS, percent
from ballotcalc.render import NOT_LEGAL_ADVICE, RenderOptions
from ballotcalc.render.wording import turnout_pct, yes_pct, yes_pct_of_eligible
from ballotcalc.tally import QuestionOutcome, UnitOutcome
from ballotcalc.units import UnitsSummary

CSV_COLUMNS = (
    "file", "title", "regime", "unit", "eligible", "votes_cast", "turnout_pct", "turnout_met",
    "question", "type", "yes", "no", "spoiled", "yes_pct", "yes_pct_of_eligible", "support_met",
    "majority_met", "verdict", "votes_short", "yes_short", "basis",
)  # fmt: skip
"""`basis` is "ballot" for a unit judged as a ballot and "information" for one unit's figures in an
aggregated ballot (s.228A), judged alone for information only: not the legal test."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _number(value: Decimal | None) -> float | int | None:
    """A Decimal percentage as a JSON number (shortest form: 49.99, 50.0)."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:  # --decimals 0: a whole number
        return int(value)
    return float(value)


def question_record(unit: UnitOutcome, q: QuestionOutcome, decimals: int) -> dict[str, Any]:
    return {
        "id": q.id,
        "type": q.type,
        "yes": q.yes,
        "no": q.no,
        "spoiled": q.spoiled,
        "yes_pct": _number(yes_pct(q, decimals)),
        "yes_pct_of_eligible": _number(yes_pct_of_eligible(q, decimals)),
        "support_threshold_pct": _threshold(q.support_threshold),
        "support_met": q.support_met,
        "majority_met": q.majority_met,
        "literal_majority_met": q.literal_majority_met,
        "yes_short": q.yes_short,
        "verdict": q.verdict,
    }


def unit_record(unit: UnitOutcome, decimals: int) -> dict[str, Any]:
    return {
        "name": unit.name,
        "eligible": unit.eligible,
        "votes_cast": unit.votes_cast,
        "turnout_pct": _number(turnout_pct(unit, decimals)),
        "turnout_threshold_pct": _threshold(unit.turnout_threshold),
        "turnout_met": unit.turnout_met,
        "votes_short": unit.votes_short,
        "questions": [question_record(unit, q, decimals) for q in unit.questions],
    }


def _threshold(value: Any) -> float | None:
    return None if value is None else float(percent(value, 2))


def ballot_record(outcome: BallotOutcome, decimals: int) -> dict[str, Any]:
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
        "units": [unit_record(u, decimals) for u in outcome.units],
        "aggregation": outcome.aggregation,
        "information_units": [unit_record(u, decimals) for u in outcome.information_units],
        "summary": summary_record(outcome.summary, decimals),
        "units_csv": None
        if outcome.units_csv is None
        else {"file": outcome.units_csv.file, "sha256": outcome.units_csv.sha256},
    }


def summary_record(summary: UnitsSummary | None, decimals: int) -> dict[str, Any] | None:
    """Counts of units with and without a mandate, and the totals (which are not a legal test)."""
    if summary is None:
        return None
    totals = summary.totals
    return {
        "information_only": summary.information_only,
        "units": summary.units,
        "with_mandate": summary.with_mandate,
        "without_mandate": summary.without_mandate,
        "questions": [
            {"id": c.id, "pass": c.passed, "at_risk": c.at_risk, "fail": c.failed}
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


def render_json(outcomes: Sequence[BallotOutcome], options: RenderOptions) -> str:
    decimals = DEFAULT_DECIMALS if options.decimals is None else options.decimals
    document = {
        "ballotcalc": __version__,
        "disclaimer": NOT_LEGAL_ADVICE,
        "ballots": [ballot_record(o, decimals) for o in outcomes],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will show as text, never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


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
                    q.support_met, q.majority_met, q.verdict, unit.votes_short, q.yes_short,
                    basis,
                )  # fmt: skip
                yield [safe_cell(v) for v in row]


def render_csv(outcomes: Sequence[BallotOutcome], options: RenderOptions) -> str:
    decimals = DEFAULT_DECIMALS if options.decimals is None else options.decimals
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(outcomes, decimals))
    return buffer.getvalue()
