"""Words and figures shared by every renderer, so the table, the CSV and a circular agree.

Plain strings only (no rich, no HTML): each renderer escapes them for its own target.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction

from ballotcalc.numbers import decimals_for, percent, percent_of, whole
from ballotcalc.tally import Decision, QuestionOutcome, TestName, UnitOutcome
from ballotcalc.units import QuestionCount

HALF = Fraction(1, 2)
QUESTION_TYPES = {
    "strike": "strike action",
    "asos": "action short of a strike",
    "other": "the question",
}

DECISION_WORDS: dict[Decision, str] = {
    Decision.MANDATE: "mandate",
    Decision.AT_RISK: "at risk",
    Decision.NO_MANDATE: "no mandate",
    Decision.CONSULTATIVE_MAJORITY_FOR: "majority for",
    Decision.CONSULTATIVE_MAJORITY_AGAINST: "majority against",
    Decision.CONSULTATIVE_TIE: "tie",
}
"""The core's decision in a table's, a circular's and `check`'s words: what the question allows,
never "pass" or "fail" (a consultative majority once passed for a mandate that way; `verdict`
keeps those words for JSON and CSV compatibility only)."""
DECISION_HEADLINES: dict[Decision, str] = {
    Decision.CONSULTATIVE_MAJORITY_FOR: "Yes had a majority",
    Decision.CONSULTATIVE_MAJORITY_AGAINST: "No had a majority",
    Decision.CONSULTATIVE_TIE: "Yes and No tied",
}
"""A consultative question's indicative outcome as a sentence's subject."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """User text with control characters (terminal escapes, bidi overrides) made visible and inert."""
    if text.isascii() and text.isprintable():  # nothing to normalise or show: most figures, names
        return text
    return _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        unicodedata.normalize("NFC", text),
    )


def turnout_pct(unit: UnitOutcome, decimals: int) -> Decimal | None:
    return percent_of(unit.votes_cast, unit.eligible, decimals, threshold=unit.turnout_threshold)


def yes_pct(q: QuestionOutcome, decimals: int) -> Decimal | None:
    return percent_of(q.yes, q.yes + q.no, decimals, threshold=HALF, strict=True)


def yes_pct_of_eligible(q: QuestionOutcome, decimals: int) -> Decimal | None:
    return percent_of(q.yes, q.eligible, decimals, threshold=q.support_threshold)


def human_decimals(value: Fraction | None, threshold: Fraction | None, base: int | None) -> int:
    """Decimals for people: 1 by default, 2 near a threshold, or what the user asked for."""
    if base is not None:
        return base
    return 1 if value is None else decimals_for(value, threshold, 1)


def pct_text(value: Decimal | None) -> str:
    return "unknown" if value is None else f"{value}%"


def threshold_text(threshold: Fraction | None) -> str:
    return "" if threshold is None else f"{percent(threshold, 0)}%"


def reasons(unit: UnitOutcome, q: QuestionOutcome, decimals: int | None = None) -> list[str]:
    """Why a question has no mandate or is at risk, in words a branch officer can repeat: one
    sentence for each of the core's `shortfalls` (a mandate or a consultative outcome has none)."""
    out: list[str] = []
    for short in unit.shortfalls(q):
        if short.test == "turnout":
            d = human_decimals(unit.turnout, unit.turnout_threshold, decimals)
            out.append(
                f"turnout {pct_text(turnout_pct(unit, d))} is below the "
                f"{threshold_text(unit.turnout_threshold)} threshold: "
                f"{whole(short.votes)} more {_votes(short.votes)} needed"
            )
        elif short.test == "majority":
            out.append(
                f"no majority: {whole(q.yes)} Yes against {whole(q.no)} No"
                + (" (a tie is not a majority)" if q.tied else "")
            )
        elif short.test == "support":
            d = human_decimals(q.yes_share_of_eligible, q.support_threshold, decimals)
            out.append(
                f"Yes is {pct_text(yes_pct_of_eligible(q, d))} of those entitled, below the "
                f"{threshold_text(q.support_threshold)} support threshold: {whole(short.votes)} "
                f"more Yes {_votes(short.votes)} needed"
            )
        else:
            out.append(
                f"Yes ({whole(q.yes)}) beats No ({whole(q.no)}) but is not more than half of all "
                f"{whole(unit.votes_cast)} votes cast including spoiled papers; s.297A counts "
                "spoiled papers as votes, and whether that applies to the majority test is "
                "unsettled"
            )
    return out


def count_text(c: QuestionCount) -> str:
    """ "strike: 6 mandate, 1 at risk, 7 no mandate" (an at-risk or tie count only when there is
    one)."""
    parts = [
        f"{n} {DECISION_WORDS[d]}"
        for d, n in c.decisions.items()
        if n or d not in (Decision.AT_RISK, Decision.CONSULTATIVE_TIE)
    ]
    return f"{c.id}: {', '.join(parts)}"


def _votes(n: int | None) -> str:
    return "vote was" if n == 1 else "votes were"


def test_label(q: QuestionOutcome, test: TestName) -> str:
    """A test as a table or circular names it: "turnout", "majority", "40% support"."""
    if test == "support":
        return f"{threshold_text(q.support_threshold)} support"
    return TEST_NAMES[test]


TEST_NAMES: dict[TestName, str] = {
    "turnout": "turnout",
    "majority": "majority",
    "support": "support",
    "literal_majority": "majority of all votes cast (s.297A)",
}


def spare_text(votes: int) -> str:
    """ "3 votes to spare", "1 vote to spare", "no votes to spare": a knife-edge's margin."""
    if votes == 0:
        return "no votes to spare"
    return f"{whole(votes)} {'vote' if votes == 1 else 'votes'} to spare"
