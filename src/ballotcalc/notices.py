"""What a judged ballot allows and what must be told about it, as data computed once.

The mandate period (s.234; NI art 117), the notice-of-action period (s.234A; NI art 118) and the
items of the result notice (s.231 to members, s.231A to the employer; NI arts 112 and 113), each per
regime and in the regime's own statutory words (rules/regimes.yaml, `wordings`). The circular, the
notice and the timeline all print these; none works them out again. Pure: no I/O, no rendering.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from ballotcalc.dates import StatutoryDay, months_beginning_with, weeks_beginning_with
from ballotcalc.rules import MandateKind, Regime, ResultNotice
from ballotcalc.tally import Decision

if TYPE_CHECKING:
    from ballotcalc.judging import BallotOutcome
    from ballotcalc.tally import UnitOutcome

PER_QUESTION_ITEMS = frozenset({"yes", "no", "spoiled", "support"})
"""s.231 items given once for each question; the others are given once for each ballot."""


class MandatePeriod(Struct, frozen=True):
    """How long a ballot supports action, from the date of the ballot (its closing day, s.246).

    `begin-within` (before 2017, and NI): action must BEGIN by `last_day`; `expires` (from 2017):
    the mandate ENDS on `last_day`. Either may be longer by agreement (`*_if_agreed`).
    """

    kind: MandateKind
    date_of_ballot: dt.date
    length: int
    unit: Literal["weeks", "months"]
    last_day: StatutoryDay
    length_if_agreed: int | None
    last_day_if_agreed: StatutoryDay | None


def mandate_period(regime: Regime, closed: dt.date | None) -> MandatePeriod | None:
    """The regime's mandate counted from `closed`; None without a mandate or a closing date."""
    mandate = regime.mandate
    if mandate is None or closed is None:
        return None
    ballot_day = closed

    def in_weeks(n: int) -> StatutoryDay:
        return StatutoryDay(weeks_beginning_with(ballot_day, n))

    def in_months(n: int) -> StatutoryDay:
        return months_beginning_with(ballot_day, n)

    unit: Literal["weeks", "months"]
    if mandate.kind == "begin-within" and mandate.weeks is not None:
        length, agreed, unit, last_day = mandate.weeks, mandate.weeks_if_agreed, "weeks", in_weeks
    elif mandate.kind == "expires" and mandate.months is not None:
        length, agreed, unit, last_day = (
            mandate.months,
            mandate.months_if_agreed,
            "months",
            in_months,
        )
    else:  # pragma: no cover - the rules data gives each mandate its length
        raise ValueError(f"regime {regime.id}: a mandate without its length")
    return MandatePeriod(
        kind=mandate.kind,
        date_of_ballot=closed,
        length=length,
        unit=unit,
        last_day=last_day(length),
        length_if_agreed=agreed,
        last_day_if_agreed=last_day(agreed) if agreed else None,
    )


class NoticePeriod(Struct, frozen=True):
    """Days before the (first) day of action the employer must have received notice (s.234A(4))."""

    days: int
    days_if_agreed: int | None
    """A shorter period if the union and the employer agree (gb-tua-2016 only), else None."""


def notice_period(regime: Regime) -> NoticePeriod | None:
    if regime.notice_days is None:
        return None
    return NoticePeriod(regime.notice_days, regime.notice_days_if_agreed or None)


def mandate_questions(outcome: BallotOutcome) -> tuple[str, ...]:
    """The ids of the questions that give a mandate (in at least one unit, for separate ballots)."""
    return tuple(
        q.id
        for index, q in enumerate(outcome.questions)
        if any(unit.questions[index].decision is Decision.MANDATE for unit in outcome.units)
    )


class StatutoryItem(Struct, frozen=True):
    """One item of the result information, in the regime's statutory words."""

    key: str
    """The wording's statement key: entitled, votes_cast, yes, no, spoiled, turnout or
    turnout_not, support or support_not."""
    kind: str
    """The s.231 item this is (the key without `_not`), for counting kinds of item."""
    statement: str
    """The statutory words (a per-question item says "the question"; a renderer names it)."""
    figure: int | None
    """The figure, or None for a statement that is itself the information (50% / 40%)."""
    question: str | None
    """The question's id, for an item given once per question."""


def result_notice(outcome: BallotOutcome) -> ResultNotice:
    """The regime's result notice. Raises ValueError for a ballot that has none (consultative:
    s.231 and s.231A apply to ballots held under s.226)."""
    if outcome.consultative or outcome.regime.notice is None:
        raise ValueError(
            "a consultative ballot has no statutory notice (s.231 and s.231A apply "
            "to industrial action ballots)"
        )
    return outcome.regime.notice


def result_items(outcome: BallotOutcome, unit: UnitOutcome) -> tuple[StatutoryItem, ...]:
    """Exactly the regime's `information_items` for one separate ballot, in statutory order, one
    per question where due, in the words of the regime's version of s.231.

    The 40% statement is given only where the support test applies to this ballot (an important
    public service under gb-tua-2016: s.231(g) "where section 226(2B) applies"); the 50% statement
    says "is" or "is not" as the turnout was.
    """
    regime = outcome.regime
    words = result_notice(outcome).wording.statements
    items: list[StatutoryItem] = []

    def add(key: str, figure: int | None, question: str | None = None) -> None:
        items.append(StatutoryItem(key, key.removesuffix("_not"), words[key], figure, question))

    for item in regime.information_items:
        if item == "entitled":
            add("entitled", unit.eligible)
        elif item == "votes_cast":
            add("votes_cast", unit.votes_cast)
        elif item in PER_QUESTION_ITEMS - {"support"}:
            for q in unit.questions:
                add(item, getattr(q, item), q.id)
        elif item == "turnout":
            if unit.turnout_met is None:
                raise ValueError(f"{regime.id}: turnout item without a turnout test")
            add("turnout" if unit.turnout_met else "turnout_not", None)
        elif item == "support":
            if outcome.tests.support is None:
                continue
            for q in unit.questions:
                add("support" if q.support_met else "support_not", None, q.id)
        else:  # pragma: no cover - guarded by a test over the shipped table
            raise ValueError(f"unknown information item '{item}' in regime {regime.id}")
    return tuple(items)
