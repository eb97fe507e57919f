"""Many separate ballots in one file (workplaces or employers, TULRCA s.228): counts, margins.

A union officer reading a 200-unit result wants to know which units may act, which missed and by
how many votes, and the totals. Everything here is computed from the tally's integer outcomes (no
I/O, no rendering), so the table, JSON and CSV agree. Pure: imports no click, rich or yaml.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Collection, Sequence
from fractions import Fraction

from msgspec import Struct

from ballotcalc.tally import (
    CONSULTATIVE_DECISIONS,
    STATUTORY_DECISIONS,
    Decision,
    UnitFigures,
    UnitOutcome,
    share,
)

DETAILS_UNITS = 20
"""Above this many units a summary leaves out each unit's own section unless asked (`--details`):
the national picture, the table and the chart say what a campaign needs, on a few pages."""


class SortKey(enum.StrEnum):
    """Orders of the per-unit table (`--sort`)."""

    NAME = "name"
    TURNOUT = "turnout"
    MARGIN = "margin"


class QuestionCount(Struct, frozen=True):
    """How many units reached each decision on one question (every decision of the ballot's kind
    is a key, with 0 where no unit reached it)."""

    id: str
    decisions: dict[Decision, int]

    @property
    def mandate(self) -> int:
        return self.decisions.get(Decision.MANDATE, 0)

    @property
    def at_risk(self) -> int:
        return self.decisions.get(Decision.AT_RISK, 0)

    @property
    def no_mandate(self) -> int:
        """Units without a mandate on this question (for a consultative ballot: every unit)."""
        return sum(n for d, n in self.decisions.items() if d is not Decision.MANDATE) - self.at_risk


class UnitsSummary(Struct, frozen=True):
    """Counts of units with and without a mandate, and the totals of their figures.

    The totals are the sums of the units' figures; under separate ballots (s.228) they are not a
    legal test, only a picture of the whole campaign. A consultative ballot's units never count as
    having a mandate: `with_mandate` is 0 and `majority_for` counts the units where Yes had a
    majority on every question.
    """

    units: int
    consultative: bool
    with_mandate: int
    """Units where every question gives a mandate (0 for a consultative ballot)."""
    without_mandate: int
    """Units where some question has no mandate or is at risk (units - with_mandate)."""
    majority_for: int | None
    """Consultative ballots only: units where Yes had a majority on every question (else None)."""
    questions: tuple[QuestionCount, ...]
    totals: UnitFigures
    turnout: Fraction | None
    """Total votes cast as a share of the total entitled (None if an electorate is unknown)."""
    information_only: bool
    """True for an aggregated ballot: these counts judge each unit alone: not the legal test."""


def summarise(
    units: Sequence[UnitOutcome],
    totals: UnitFigures,
    *,
    consultative: bool = False,
    information_only: bool = False,
) -> UnitsSummary:
    """The counts of `units` by decision: mandates for a statutory ballot, majorities for a
    consultative one (whose units never count as having a mandate)."""
    # Each question's decisions, unit by unit: a national ballot's 200,000 units are counted a
    # whole column at a time (in C), not unit by unit through `UnitOutcome.has_mandate`.
    columns = [[u.questions[index].decision for u in units] for index in range(len(totals.answers))]
    mandate = Decision.MANDATE
    # a unit has a mandate where every question gives one (a unit without questions: vacuously)
    with_mandate = (
        sum(map(all, zip(*[[d is mandate for d in column] for column in columns], strict=True)))
        if columns
        else sum(1 for u in units if u.has_mandate)
    )
    kinds = CONSULTATIVE_DECISIONS if consultative else STATUTORY_DECISIONS
    counts = [
        QuestionCount(id=a.id, decisions={**dict.fromkeys(kinds, 0), **Counter(column)})
        for a, column in zip(totals.answers, columns, strict=True)
    ]
    majority_for = None
    if consultative:
        majority_for = sum(
            1
            for u in units
            if all(q.decision is Decision.CONSULTATIVE_MAJORITY_FOR for q in u.questions)
        )
    return UnitsSummary(
        units=len(units),
        consultative=consultative,
        with_mandate=with_mandate,
        without_mandate=len(units) - with_mandate,
        majority_for=majority_for,
        questions=tuple(counts),
        totals=totals,
        turnout=share(totals.votes_cast, totals.eligible),
        information_only=information_only,
    )


ONLY_NAMES: dict[str, Decision] = {
    **{d.value.replace("_", "-"): d for d in Decision},
    "pass": Decision.MANDATE,
    "fail": Decision.NO_MANDATE,
}
"""The names `--only` takes: each decision (hyphenated), and the 1.x words pass and fail."""


def margin(unit: UnitOutcome) -> int | None:
    """Votes to spare on the unit's tightest test; negative: votes short. None if nothing is tested.

    The tests and their arithmetic are `UnitOutcome.margins`: so a unit that fails by 3 votes has
    margin -3.
    """
    return min((m.votes for q in unit.questions for m in unit.margins(q)), default=None)


def select(
    units: Sequence[UnitOutcome],
    *,
    sort: SortKey | str | None = None,
    only: Collection[Decision | str] = (),
) -> list[UnitOutcome]:
    """Units to display: those whose worst decision is in `only` (all if empty), in the order asked.

    `name` sorts alphabetically (case-insensitively); `turnout` and `margin` lowest first, so the
    units in trouble come first; units without the figure go last. Ties keep the file's order.
    """
    wanted = {Decision(d) for d in only}
    chosen = [u for u in units if not wanted or u.decision in wanted]
    if sort == "name":
        chosen.sort(key=lambda u: u.name.casefold())
    elif sort == "turnout":
        chosen.sort(key=lambda u: (u.turnout is None, u.turnout or 0))
    elif sort == "margin":
        chosen.sort(key=lambda u: (margin(u) is None, margin(u) or 0))
    return chosen


class MandateGroup(Struct, frozen=True):
    """The units whose questions with a mandate are exactly `mandated` (question ids, in the
    ballot's order; empty: no mandate on any question).

    A national campaign is read by these groups ("which employers can strike, which only take
    action short of a strike, which none"), so a unit with a mandate for one question only is never
    counted among the units with none. `at_risk` names the units of the group with some question
    at risk (s.297A), which is not a mandate and must be flagged beside the unit's name.
    """

    mandated: tuple[str, ...]
    units: tuple[UnitOutcome, ...]
    at_risk: tuple[UnitOutcome, ...]


def mandate_groups(
    units: Sequence[UnitOutcome], question_ids: Sequence[str]
) -> tuple[MandateGroup, ...]:
    """The units grouped by the questions they have a mandate for, in the file's order within a
    group: every question first, then each combination with the earlier questions first, none last.
    Groups without units are left out. One pass over the units (a national ballot has 200,000)."""
    found: dict[tuple[str, ...], list[UnitOutcome]] = {}
    for unit in units:
        key = tuple(q.id for q in unit.questions if q.decision is Decision.MANDATE)
        found.setdefault(key, []).append(unit)
    order = {qid: index for index, qid in enumerate(question_ids)}

    def rank(key: tuple[str, ...]) -> tuple[int, list[int]]:
        return (-len(key), [order[qid] for qid in key])

    return tuple(
        MandateGroup(
            mandated=key,
            units=tuple(found[key]),
            at_risk=tuple(
                u for u in found[key] if any(q.decision is Decision.AT_RISK for q in u.questions)
            ),
        )
        for key in sorted(found, key=rank)
    )


class GroupRollup(Struct, frozen=True):
    """One group of units (a region, a sector: the ballot's `group_by`) at a glance.

    Information only, never a legal test: under separate ballots (s.228) each unit is judged on
    its own, and a group's totals decide nothing. `mandates` are the group's units by the questions
    they have a mandate for (`mandate_groups`)."""

    name: str
    units: int
    mandates: tuple[MandateGroup, ...]
    eligible: int | None
    """The group's units' entitled, summed (None if any unit's is unknown)."""
    votes_cast: int

    @property
    def turnout(self) -> Fraction | None:
        """The group's votes cast as a share of its entitled: a picture, not a test."""
        return share(self.votes_cast, self.eligible)


def group_rollups(
    units: Sequence[UnitOutcome], groups: Sequence[str | None], question_ids: Sequence[str]
) -> tuple[GroupRollup, ...]:
    """A roll-up per group, in the order each group first appears; `groups[i]` is the group of
    `units[i]` (a unit without one is in no roll-up)."""
    members: dict[str, list[UnitOutcome]] = {}
    for unit, group in zip(units, groups, strict=True):
        if group is not None:
            members.setdefault(group, []).append(unit)
    rollups = []
    for name, grouped in members.items():
        unknown = any(u.eligible is None for u in grouped)
        rollups.append(
            GroupRollup(
                name=name,
                units=len(grouped),
                mandates=mandate_groups(grouped, question_ids),
                eligible=None if unknown else sum(u.eligible or 0 for u in grouped),
                votes_cast=sum(u.votes_cast for u in grouped),
            )
        )
    return tuple(rollups)
