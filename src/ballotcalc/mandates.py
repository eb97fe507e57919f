"""The register of mandates: for every ballot, unit and question, what it allows on a given day.

A national campaign runs many separate ballots (s.228) over months: officers need to know which
employers can act today, until when, and which need a new ballot before when. This module decides
that from judged ballots, once; `render.mandates` only formats it. Pure: no I/O, no clock (the day
is given; the command takes it from `--on` or `guards.today`).

Every date comes from `notices.mandate_period` (through `BallotOutcome.mandate`): the mandate runs
from the date of the ballot (its closing day, s.246) to the last day of the regime's period
(s.234(1): six months from 2017, or, before 2017 and in Northern Ireland, the period within which
action must BEGIN; NI art 117). Nothing here counts a period again.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ballotcalc.tally import Decision

if TYPE_CHECKING:
    from ballotcalc.judging import BallotOutcome, Entry
    from ballotcalc.rules import MandateKind


class Status(enum.StrEnum):
    """Where one question of one unit stands on the day asked about."""

    LIVE = "live"
    """A mandate, and the day is within its period (the last day itself included)."""
    AT_RISK = "at-risk"
    """Within the period, but the question passes every test except the literal s.297A reading
    (2Y > V), which is unsettled: not a safe mandate."""
    EXPIRED = "expired"
    """A mandate (or an at-risk one) whose period ended before the day."""
    NOT_YET = "not-yet"
    """A mandate whose ballot closes after the day asked about (a date in the past was asked)."""
    NONE = "none"
    """No mandate: the question failed, the ballot is consultative or a survey, or the regime
    gives none."""
    UNDATED = "undated"
    """A mandate, but the ballot file gives no closing date to count its period from."""
    OPEN = "open"
    """The ballot has no results yet (open or planned): no mandate to speak of."""


class Reballot(enum.StrEnum):
    """What the unit needs for action on this question beyond the mandate it has."""

    BEFORE = "before"
    """A live mandate: a new ballot must close by `reballot_by` for action to go on without a gap
    (action after the last day needs a new ballot's mandate)."""
    NOW = "now"
    """No mandate now (none, or expired): any action needs a new ballot first."""
    NOT_APPLICABLE = ""
    """The ballot is still open, or its dates are not known."""


@dataclass(frozen=True, slots=True)
class MandateLine:
    """One question of one unit (a separate ballot) of one ballot file, as of `Register.on`."""

    file: str
    title: str
    regime: str | None
    unit: str
    """The unit's name (for a ballot without units: the employer, or the title)."""
    question: str | None
    """The question's id; None for an open ballot (one line for the whole ballot)."""
    question_type: str | None
    decision: Decision | None
    status: Status
    kind: MandateKind | None
    """expires (the mandate ends on `last_day`) or begin-within (action must begin by it)."""
    date_of_ballot: dt.date | None
    """The close of the ballot: the mandate runs from this day (s.246)."""
    last_day: dt.date | None
    last_day_to_check: bool
    """The last day rests on an unsettled month-end reading (`dates.add_months`)."""
    last_day_if_agreed: dt.date | None
    """The last day if the union and the employer agree a longer period (s.234(2)), else None."""
    days_left: int | None
    """Days of the period left, counting the day asked about: 1 on the last day, 0 after it;
    None where there is no mandate or no date."""
    reballot: Reballot
    reballot_by: dt.date | None
    """For `Reballot.BEFORE`: the last day of the current mandate."""

    @property
    def has_mandate(self) -> bool:
        """The question gave a mandate (live or not), or one at risk under s.297A."""
        return self.decision in (Decision.MANDATE, Decision.AT_RISK)


@dataclass(frozen=True, slots=True)
class Register:
    """Every ballot's mandates per unit and question, as of one day, in ballot order."""

    on: dt.date
    lines: tuple[MandateLine, ...]

    def count(self, status: Status) -> int:
        return sum(1 for line in self.lines if line.status is status)


def register(entries: Iterable[Entry], on: dt.date) -> Register:
    """The register of the ballots in `entries` (judged or open; broken files are left out: the
    command reports their errors) as of `on`."""
    lines: list[MandateLine] = []
    for entry in entries:
        if entry.outcome is not None:
            lines += ballot_lines(entry.outcome, on)
        elif entry.loaded is not None:
            ballot = entry.loaded.ballot
            lines.append(
                MandateLine(
                    file=entry.file,
                    title=ballot.title,
                    regime=None,
                    unit=ballot.named(),
                    question=None,
                    question_type=None,
                    decision=None,
                    status=Status.OPEN,
                    kind=None,
                    date_of_ballot=ballot.closed,
                    last_day=None,
                    last_day_to_check=False,
                    last_day_if_agreed=None,
                    days_left=None,
                    reballot=Reballot.NOT_APPLICABLE,
                    reballot_by=None,
                )
            )
    return Register(on, tuple(lines))


def ballot_lines(outcome: BallotOutcome, on: dt.date) -> list[MandateLine]:
    """One line per unit the law judges (each unit, or the one sum of an aggregated ballot) and
    question."""
    ballot = outcome.ballot
    lines = []
    for unit in outcome.units:
        for q in unit.questions:
            given = q.decision in (Decision.MANDATE, Decision.AT_RISK)
            period = outcome.mandate if given else None  # no mandate: no period to show
            status = line_status(q.decision, period.date_of_ballot if period else None,
                                 period.last_day.day if period else None, on)  # fmt: skip
            live = status in (Status.LIVE, Status.AT_RISK, Status.NOT_YET)
            lines.append(
                MandateLine(
                    file=outcome.file,
                    title=ballot.title,
                    regime=outcome.regime.id,
                    unit=unit.name,
                    question=q.id,
                    question_type=q.type,
                    decision=q.decision,
                    status=status,
                    kind=period.kind if period else None,
                    date_of_ballot=ballot.closed,
                    last_day=period.last_day.day if period else None,
                    last_day_to_check=bool(period and period.last_day.to_check),
                    last_day_if_agreed=(
                        period.last_day_if_agreed.day
                        if period and period.last_day_if_agreed
                        else None
                    ),
                    days_left=_days_left(status, period.last_day.day if period else None, on),
                    reballot=(
                        Reballot.BEFORE
                        if live
                        else Reballot.NOW
                        if status in (Status.NONE, Status.EXPIRED)
                        else Reballot.NOT_APPLICABLE
                    ),
                    reballot_by=period.last_day.day if live and period else None,
                )
            )
    return lines


def line_status(
    decision: Decision, start: dt.date | None, last_day: dt.date | None, on: dt.date
) -> Status:
    """A question's status on `on`, from its decision and its mandate period (`start` to
    `last_day`, both days included)."""
    if decision not in (Decision.MANDATE, Decision.AT_RISK):
        return Status.NONE
    if start is None or last_day is None:
        # a regime without a mandate gives no MANDATE decision; a missing date leaves it undated
        return Status.UNDATED
    if on < start:
        return Status.NOT_YET
    if on > last_day:
        return Status.EXPIRED
    return Status.LIVE if decision is Decision.MANDATE else Status.AT_RISK


def _days_left(status: Status, last_day: dt.date | None, on: dt.date) -> int | None:
    if last_day is None or status in (Status.NONE, Status.OPEN, Status.UNDATED):
        return None
    if status is Status.EXPIRED:
        return 0
    return (last_day - on).days + 1


def ends(lines: Sequence[MandateLine]) -> list[MandateLine]:
    """The lines whose mandate has a last day (a calendar's events): mandates and at-risk ones."""
    return [line for line in lines if line.has_mandate and line.last_day is not None]
