"""The register of mandates: for every ballot, unit and question, what it allows on a given day.

A national campaign runs many separate ballots (s.228) over months: officers need to know which
employers can act today, until when, and which need a new ballot before when. This module decides
that from judged ballots, once; `render.mandates` only formats it. Pure: no I/O, no clock (the day
is given; the command takes it from `--on` or `guards.today`).

Every date comes from `notices.mandate_period` (through `BallotOutcome.mandate`): the mandate runs
from the date of the ballot (its closing day, s.246) to the last day of the regime's period
(s.234(1): six months from 2017, or, before 2017 and in Northern Ireland, the period within which
action must BEGIN; NI art 117). Nothing here counts a period again.

Where the ballot file records the s.234A notices of action an employer has received (`notices:`,
per unit or for the ballot; `advance_notices.employers` reads them), each line lists the ones for
its type of action and says what further action would need a new notice: any action, where none is
recorded; days after the last notified day of discontinuous action; action after continuous action
ceased (s.234A(7)); or, where the notices run to the last day of a mandate that ends then, nothing
but a new ballot. Notified days after the mandate's last day are flagged: no notice covers them,
only a new ballot's mandate can.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

from ballotcalc.tally import Decision

if TYPE_CHECKING:
    from ballotcalc.judging import BallotOutcome, Entry
    from ballotcalc.model import NoticeGiven
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


class NoticeNeed(enum.StrEnum):
    """What further action on a question with a mandate needs by way of a s.234A notice, from the
    notices of action the ballot file records for the employer."""

    NOT_APPLICABLE = ""
    """No mandate to act on (none, expired, undated, or an open ballot)."""
    NONE_RECORDED = "none-recorded"
    """No notice of action is recorded for this type of action: any day of action needs one."""
    AFTER = "after"
    """Discontinuous action is notified up to `notice_covers_to`: a day after it needs a new
    notice. (For a mandate that ends, `notice_covers_to` is before its last day: there are days
    after it within the mandate.)"""
    CEASED = "ceased"
    """Continuous action was notified and ceased on `notice_covers_to`: action again needs a new
    notice (s.234A(7)), unless it was suspended by agreement or to obey a court. (For a mandate
    that ends, before its last day.)"""
    MANDATE_ENDS = "mandate-ends"
    """The notices run to the last day of a mandate that ends there (`expires`), or past it: no
    day after them is within this mandate, so further action needs a new ballot, not a new notice.
    `notice_covers_to` is the mandate's last day; notified days after it are `beyond_mandate`."""
    COVERED = "covered"
    """Continuous action notified and not ceased: covered to the end of the mandate."""


class ActionNotice(Struct, frozen=True):
    """A s.234A notice the employer received, as recorded (`notices:` with `kind: action`)."""

    received: dt.date
    action: str | None
    continuous_from: dt.date | None
    days: tuple[dt.date, ...]
    ceased: dt.date | None

    def covers(self, day: dt.date) -> bool:
        """Action on `day` is among what this notice notified."""
        if self.continuous_from is not None:
            return self.continuous_from <= day and (self.ceased is None or day <= self.ceased)
        return day in self.days


class MandateLine(Struct, frozen=True):
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
    told_employer: dt.date | None = None
    """The day the employer was told the result (s.231A), as recorded."""
    notices: tuple[ActionNotice, ...] = ()
    """The notices of action recorded for this employer and this question's type of action."""
    notified_on: bool | None = None
    """Action on the day asked about is notified by one of `notices` (None: no mandate then)."""
    notice_need: NoticeNeed = NoticeNeed.NOT_APPLICABLE
    notice_covers_to: dt.date | None = None
    """For `NoticeNeed.AFTER` and `CEASED`: the last day the notices cover."""
    beyond_mandate: tuple[dt.date, ...] = ()
    """Notified days (or a continuous action's first day) after the mandate's last day: no notice
    covers them; they need a new ballot's mandate."""

    @property
    def has_mandate(self) -> bool:
        """The question gave a mandate (live or not), or one at risk under s.297A."""
        return self.decision in (Decision.MANDATE, Decision.AT_RISK)


class Register(Struct, frozen=True):
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
    from ballotcalc.notice_deadlines import employers

    ballot = outcome.ballot
    records = {employer.name: employer for employer in employers(ballot)}
    lines = []
    for unit in outcome.units:
        employer = records.get(unit.name)
        told = employer.told if employer else ballot.told_employer
        given = employer.given if employer else tuple(ballot.notices or ())
        for q in unit.questions:
            gives = q.decision in (Decision.MANDATE, Decision.AT_RISK)
            period = outcome.mandate if gives else None  # no mandate: no period to show
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
            lines[-1] = with_notices(lines[-1], told, action_notices(given, q.type), on)
    return lines


def action_notices(given: Iterable[NoticeGiven], question_type: str) -> tuple[ActionNotice, ...]:
    """The recorded notices of action for a question's type of action (a notice that names no
    type counts for each: the ballot gave a mandate for one type only), by day received."""
    found = [
        ActionNotice(g.received, g.action, g.continuous_from, tuple(g.days or ()), g.ceased)
        for g in given
        if g.kind == "action" and g.action in (None, question_type)
    ]
    return tuple(sorted(found, key=lambda n: n.received))


def with_notices(
    line: MandateLine, told: dt.date | None, notices: tuple[ActionNotice, ...], on: dt.date
) -> MandateLine:
    """`line` with the notices recorded for it and what further action would need."""
    from msgspec.structs import replace

    acting = line.status in (Status.LIVE, Status.AT_RISK, Status.NOT_YET)
    beyond: list[dt.date] = []
    if line.last_day is not None:
        for n in notices:
            if n.continuous_from is not None:
                beyond += [n.continuous_from] if n.continuous_from > line.last_day else []
            elif line.kind == "begin-within":  # only the first day must fall in the period
                beyond += [min(n.days)] if min(n.days) > line.last_day else []
            else:
                beyond += [day for day in n.days if day > line.last_day]
    need, covers_to = NoticeNeed.NOT_APPLICABLE, None
    if acting:
        need, covers_to = notice_need(notices, line.last_day if line.kind == "expires" else None)
    return replace(
        line,
        told_employer=told,
        notices=notices,
        notified_on=any(n.covers(on) for n in notices) if acting else None,
        notice_need=need,
        notice_covers_to=covers_to,
        beyond_mandate=tuple(sorted(set(beyond))),
    )


def notice_need(
    notices: tuple[ActionNotice, ...], ends: dt.date | None
) -> tuple[NoticeNeed, dt.date | None]:
    """What further action under a mandate needs, from the notices recorded, and the last day
    they cover (for `AFTER`, `CEASED` and `MANDATE_ENDS`).

    `ends` is the last day of a mandate that ends then (s.234(1) from 2017: `expires`), else None
    (before 2017 and in Northern Ireland action must only BEGIN within the period, and may go on
    after it). Under a mandate that ends, only what is notified within it counts here: a day after
    the last day needs a new ballot whatever notice was given (those days are `beyond_mandate`),
    so the notices never point at a day after the mandate ends.
    """
    continuous = [
        n for n in notices
        if n.continuous_from is not None and (ends is None or n.continuous_from <= ends)
    ]  # fmt: skip
    if any(n.ceased is None for n in continuous):
        return NoticeNeed.COVERED, None
    if not notices:
        return NoticeNeed.NONE_RECORDED, None
    ceased = max((n.ceased for n in continuous if n.ceased is not None), default=None)
    notified = max(
        (day for n in notices for day in n.days if ends is None or day <= ends), default=None
    )
    if ceased is None and notified is None:  # every notice is for days after the mandate
        return NoticeNeed.NONE_RECORDED, None
    covers_to = max(d for d in (ceased, notified) if d is not None)
    if ends is not None and covers_to >= ends:
        return NoticeNeed.MANDATE_ENDS, ends
    return (NoticeNeed.CEASED if covers_to == ceased else NoticeNeed.AFTER), covers_to


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
