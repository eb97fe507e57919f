"""Many separate ballots in one file (workplaces or employers, TULRCA s.228): counts, margins.

A union officer reading a 200-unit result wants to know which units may act, which missed and by
how many votes, and the totals. Everything here is computed from the tally's integer outcomes (no
I/O, no rendering), so the table, JSON and CSV agree. Pure: imports no click, rich or yaml.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from ballotcalc.tally import UnitFigures, UnitOutcome, Verdict, needed, share

SortKey = Literal["name", "turnout", "margin"]
SORT_KEYS: tuple[SortKey, ...] = ("name", "turnout", "margin")
STATUSES: tuple[Verdict, ...] = ("pass", "fail", "at-risk")
_WORST = {"fail": 2, "at-risk": 1, "pass": 0}


@dataclass(frozen=True, slots=True)
class QuestionCount:
    """How many units pass, are at risk on, or fail one question."""

    id: str
    passed: int
    at_risk: int
    failed: int


@dataclass(frozen=True, slots=True)
class UnitsSummary:
    """Counts of units with and without a mandate, and the totals of their figures.

    The totals are the sums of the units' figures; under separate ballots (s.228) they are not a
    legal test, only a picture of the whole campaign.
    """

    units: int
    with_mandate: int
    """Units where every question passes."""
    without_mandate: int
    """Units where some question fails or is at risk (units - with_mandate)."""
    questions: tuple[QuestionCount, ...]
    totals: UnitFigures
    turnout: Fraction | None
    """Total votes cast as a share of the total entitled (None if an electorate is unknown)."""
    information_only: bool
    """True for an aggregated ballot: these counts judge each unit alone: not the legal test."""


def summarise(
    units: Sequence[UnitOutcome], totals: UnitFigures, *, information_only: bool = False
) -> UnitsSummary:
    with_mandate = sum(1 for u in units if u.has_mandate)
    ids = [a.id for a in totals.answers]
    counts = []
    for index, qid in enumerate(ids):
        verdicts = [u.questions[index].verdict for u in units]
        counts.append(
            QuestionCount(
                id=qid,
                passed=verdicts.count("pass"),
                at_risk=verdicts.count("at-risk"),
                failed=verdicts.count("fail"),
            )
        )
    return UnitsSummary(
        units=len(units),
        with_mandate=with_mandate,
        without_mandate=len(units) - with_mandate,
        questions=tuple(counts),
        totals=totals,
        turnout=share(totals.votes_cast, totals.eligible),
        information_only=information_only,
    )


def status(unit: UnitOutcome) -> Verdict:
    """The worst verdict over the unit's questions: fail, else at-risk, else pass."""
    return max((q.verdict for q in unit.questions), key=_WORST.__getitem__, default="pass")


def margin(unit: UnitOutcome) -> int | None:
    """Votes to spare on the unit's tightest test; negative: votes short. None if nothing is tested.

    Counted in further votes: turnout `V - needed`; majority `Y - N - 1` (a tie is one Yes short);
    40% support `Y - needed`; where s.297A applies, the literal majority `2Y - V - 1` (one more Yes
    paper raises both Y and V). So a unit that fails by 3 votes has margin -3.
    """
    margins: list[int] = []
    e, v = unit.eligible, unit.votes_cast
    if unit.turnout_threshold is not None and e is not None:
        margins.append(v - needed(unit.turnout_threshold, e))
    for q in unit.questions:
        margins.append(q.yes - q.no - 1)
        if q.support_threshold is not None and e is not None:
            margins.append(q.yes - needed(q.support_threshold, e))
        if q.literal_majority_met is not None:
            margins.append(2 * q.yes - v - 1)
    return min(margins, default=None)


def select(
    units: Sequence[UnitOutcome], *, sort: SortKey | None = None, only: Collection[str] = ()
) -> list[UnitOutcome]:
    """Units to display: those whose `status` is in `only` (all if empty), in the order asked.

    `name` sorts alphabetically (case-insensitively); `turnout` and `margin` lowest first, so the
    units in trouble come first; units without the figure go last. Ties keep the file's order.
    """
    chosen = [u for u in units if not only or status(u) in only]
    if sort == "name":
        chosen.sort(key=lambda u: u.name.casefold())
    elif sort == "turnout":
        chosen.sort(key=lambda u: (u.turnout is None, u.turnout or 0))
    elif sort == "margin":
        chosen.sort(key=lambda u: (margin(u) is None, margin(u) or 0))
    return chosen
