"""The notices the union gives an employer ahead of a ballot and ahead of action, decided once.

* The notice of ballot (TULRCA s.226A; NI art 105): received no later than the 7th day before the
  opening day, with the lists of categories and workplaces and the figures its version requires.
* The notice of industrial action (s.234A; NI art 118): received within the period that begins
  with the day the employer was told the result (s.231A) and ends the 7th, 14th (7 if agreed) or
  10th day before the first day of action, with the lists, the figures, the explanation and
  whether the action is continuous or discontinuous.

Which version applies is the regime in force on the deciding day (rules/notices.yaml says which
day decides, and gives each version's items in statutory order and words). Everything a notice
would fail on in law is a `Refusal` with its rule, so the command can refuse the notice (or mark
it DRAFT) rather than let an officer send one that voids the action. Pure: no I/O, no rendering.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from msgspec import Struct

from ballotcalc.bank_holidays import show
from ballotcalc.notice_deadlines import Deadline, Employer, ballot_deadlines
from ballotcalc.plan import Agreements, Cite, check_plan, inside_mandate, ordinal, regime_on
from ballotcalc.rules import NoticeItemRule, NoticeVersion, Regime, Settings, rulebook
from ballotcalc.tally import Decision

if TYPE_CHECKING:
    from ballotcalc.judging import BallotOutcome
    from ballotcalc.model import Ballot, NoticeGiven
    from ballotcalc.tally import UnitOutcome

ACTION_TYPES = {"strike": "strike action", "asos": "action short of a strike"}
"""The types of action a notice of action can announce: a question of that type must have given
a mandate at the employer."""


class EmployerFigures(Protocol):
    """The workforce behind one employer's notice (workforce.EmployerWorkforce has this shape)."""

    @property
    def employer(self) -> str: ...
    @property
    def explanation(self) -> str | None: ...
    @property
    def total(self) -> int: ...
    def by_workplace(self) -> tuple[tuple[str, int], ...]: ...
    def by_category(self) -> tuple[tuple[str, int], ...]: ...


class ActionDays(Struct, frozen=True):
    """s.234A(3)(b): continuous action from a day, or discontinuous action on listed days."""

    continuous_from: dt.date | None
    days: tuple[dt.date, ...]

    def __post_init__(self) -> None:
        if (self.continuous_from is None) == (not self.days):
            raise ValueError("action is either continuous from a day or on listed days")

    @property
    def continuous(self) -> bool:
        return self.continuous_from is not None

    @property
    def first(self) -> dt.date:
        return self.continuous_from or min(self.days)

    @property
    def last(self) -> dt.date:
        """The last day named: for continuous action, the day it begins."""
        return self.continuous_from or max(self.days)


class Entry(Struct, frozen=True):
    """One item of a notice as it will read: the statute's words and what the union states."""

    rule: NoticeItemRule
    number: int | None = None
    """`total`: the total number."""
    day: dt.date | None = None
    """`date`: the opening day."""
    names: tuple[str, ...] = ()
    """`list`: the categories or the workplaces, in the order first given."""
    counts: tuple[tuple[str, int], ...] = ()
    """`count_by`: the number per category or per workplace."""
    text: str | None = None
    """`explanation`: the union's own words."""
    action: ActionDays | None = None


class Refusal(Struct, frozen=True):
    """Why the notice would fail in law if sent as it is, and the rule."""

    says: str
    rule: str


class AdvanceNotice(Struct, frozen=True):
    """One employer's notice of ballot or of industrial action, decided in full."""

    version: NoticeVersion
    regime: str
    """The regime in force on the deciding day, which chose the version."""
    deciding: str
    """Which day chose the version, in words (with the day)."""
    employer: str
    union: str | None
    ballot: str
    received: dt.date
    action_type: str | None
    """Action notices: strike or asos (`ACTION_TYPES`)."""
    entries: tuple[Entry, ...]
    deadlines: tuple[Deadline, ...]
    """Notices of ballot: the days the notice and the sample voting paper must arrive by."""
    refusals: tuple[Refusal, ...]
    officer_notes: tuple[str, ...]
    """For the officer, never in the notice: unverified points, assumptions made."""

    @property
    def lawful(self) -> bool:
        return not self.refusals


def _entries(
    version: NoticeVersion,
    figures: EmployerFigures,
    opening_day: dt.date | None,
    action: ActionDays | None,
) -> tuple[Entry, ...]:
    """Exactly the version's items, in statutory order, filled from the workforce."""
    by = {"category": figures.by_category(), "workplace": figures.by_workplace()}
    out: list[Entry] = []
    for rule in version.items:
        match rule.kind:
            case "statement":
                out.append(Entry(rule))
            case "date":
                out.append(Entry(rule, day=opening_day))
            case "list":
                out.append(Entry(rule, names=tuple(name for name, _ in by[rule.of or ""])))
            case "count_by":
                out.append(Entry(rule, counts=by[rule.of or ""]))
            case "total":
                out.append(Entry(rule, number=figures.total))
            case "explanation":
                out.append(Entry(rule, text=figures.explanation))
            case "action":
                out.append(Entry(rule, action=action))
    return tuple(out)


def _cite(jurisdiction: str, section: str) -> str:
    return rulebook().cite(jurisdiction, section)


def _version_refusals(
    version: NoticeVersion, figures: EmployerFigures, received: dt.date
) -> list[Refusal]:
    """What the version itself demands: a day it covers, and an explanation where it has one."""
    refusals = []
    if received < version.received_from:
        refusals.append(
            Refusal(
                f"ballotcalc holds the content of these notices from "
                f"{show(version.received_from)} only; a notice received on {show(received)} "
                "fell under earlier wording",
                version.source,
            )
        )
    if version.has("explanation") and not (figures.explanation or "").strip():
        cite = next(i.cite for i in version.items if i.key == "explanation")
        refusals.append(
            Refusal(
                f"this version of the notice must explain how the figures were arrived at, and "
                f"no explanation is given for {figures.employer} (figures_explanation, for the "
                "ballot or this employer)",
                cite,
            )
        )
    return refusals


def notice_of_ballot(
    ballot: Ballot,
    figures: EmployerFigures,
    *,
    received: dt.date,
    settings: Settings | None = None,
) -> AdvanceNotice:
    """The s.226A notice for one employer, received on `received` (the day that chooses it)."""
    settings = settings or Settings()
    jurisdiction = ballot.jurisdiction
    regime = _regime_on(jurisdiction, received, settings)
    version = regime.ballot_notice
    assert version is not None  # every statutory regime has one; `_regime_on` never consults
    rule = f"{_cite(jurisdiction, '226A')}(1)"
    refusals = _version_refusals(version, figures, received)
    found: tuple[Deadline, ...] = ()
    notes = [version.caution] if version.caution else []
    if ballot.kind != "statutory":
        refusals.append(
            Refusal(
                "a consultative ballot is not held under s.226: it needs no notice of ballot "
                "and can give no mandate",
                _cite(jurisdiction, "226"),
            )
        )
    opened = ballot.opened
    if opened is None:
        refusals.append(
            Refusal(
                "the opening day of the ballot (opened) is needed: the notice states it, and must "
                "be received by the 7th day before it",
                f"{rule}(a), (2)(b)",
            )
        )
    else:
        notice_by, sample_by = found = ballot_deadlines(opened)
        if received > notice_by.day:
            refusals.append(
                Refusal(
                    f"received on {show(received)}, too late: the employer must receive the notice "
                    f"of ballot no later than the {ordinal(notice_by.days)} day before the opening "
                    f"day {show(opened)}, that is by {show(notice_by.day)}; move the opening day "
                    f"to {show(received + dt.timedelta(days=notice_by.days))} or later",
                    f"{rule}(a)",
                )
            )
        notes.append(
            f"The sample voting paper must reach the employer by {show(sample_by.day)} "
            f"({rule}(b)); it is sent separately."
        )
    return AdvanceNotice(
        version=version,
        regime=regime.id,
        deciding=f"the day the employer receives it, {show(received)}",
        employer=figures.employer,
        union=ballot.union,
        ballot=ballot.title,
        received=received,
        action_type=None,
        entries=_entries(version, figures, opened, None),
        deadlines=found,
        refusals=tuple(refusals),
        officer_notes=tuple(notes),
    )


def notice_of_action(
    outcome: BallotOutcome,
    unit: UnitOutcome,
    figures: EmployerFigures,
    *,
    received: dt.date,
    action: ActionDays,
    action_type: str | None,
    told: dt.date | None,
    given: Sequence[NoticeGiven] = (),
    agreements: Agreements | None = None,
    settings: Settings | None = None,
) -> AdvanceNotice:
    """The s.234A notice for one employer (`unit`), received on `received`.

    `told`: the day this employer was told the result (s.231A), if recorded; `given`: the
    notices it has already received (from `notices:`), which decide the version when one for the
    same action came first (SI 2026/3 Sch 2 para 10; Trade Union Act 2016 s.8(2)).
    """
    settings = settings or Settings()
    agreements = agreements or Agreements()
    ballot = outcome.ballot
    jurisdiction = ballot.jurisdiction
    refusals: list[Refusal] = []
    notes: list[str] = []
    chosen_type = _action_type(outcome, unit, action_type, refusals)
    earlier = sorted(
        g.received
        for g in given
        if g.kind == "action" and g.received < received and g.action in (None, chosen_type)
    )
    deciding_day = earlier[0] if earlier else received
    deciding = (
        f"the first notice for this action, received on {show(deciding_day)}"
        if earlier
        else f"the day the employer receives it, {show(received)} (no earlier notice recorded "
        "for this action)"
    )
    regime = _regime_on(jurisdiction, deciding_day, settings)
    version = regime.action_notice
    assert version is not None
    if version.caution:
        notes.append(version.caution)
    refusals += _version_refusals(version, figures, received)
    if told is None and ballot.closed is not None:
        notes.append(
            f"No day is recorded for telling {figures.employer} the result (told_employer): "
            f"the notice period is counted from the date of the ballot, {show(ballot.closed)}, "
            "the earliest it can begin. A notice received before the employer is told the "
            f"result does not count ({_cite(jurisdiction, '234A')}(4)(a))."
        )
    cite = _citer(jurisdiction)
    plan = check_plan(
        action_on=action.first,
        received=received,
        told=told,
        closed=ballot.closed,
        regime=outcome.regime,
        on=lambda _day: regime,  # the deciding day's period governs every notice for the action
        mandate="mandate",  # whether there is one for this action: `_action_type` decided
        agreements=agreements,
        cite=cite,
    )
    refusals += [Refusal(c.says, c.rule) for c in plan.checks if not c.ok]
    notes += plan.notes
    if plan.relies_on:
        notes += [f"Relies on: {what}." for what in plan.relies_on]
    mandate = outcome.regime.mandate
    # a mandate that expires must cover every day; one that says when action must begin (before
    # 2017, and NI) is met by the first day, which `check_plan` checked
    if ballot.closed is not None and mandate is not None and mandate.kind == "expires":
        last = inside_mandate(
            action.last, closed=ballot.closed, regime=outcome.regime, agreements=agreements,
            cite=cite,
        )  # fmt: skip
        if not last.ok:
            refusals.append(Refusal(last.says, last.rule))
    return AdvanceNotice(
        version=version,
        regime=regime.id,
        deciding=deciding,
        employer=figures.employer,
        union=ballot.union,
        ballot=ballot.title,
        received=received,
        action_type=chosen_type,
        entries=_entries(version, figures, ballot.opened, action),
        deadlines=(),
        refusals=tuple(dict.fromkeys(refusals)),
        officer_notes=tuple(notes),
    )


def _action_type(
    outcome: BallotOutcome, unit: UnitOutcome, asked: str | None, refusals: list[Refusal]
) -> str | None:
    """The type of action announced: one a question gave a mandate for at this employer."""
    cite = _cite(outcome.ballot.jurisdiction, "226")
    mandated = [
        q.type for q in unit.questions if q.decision is Decision.MANDATE and q.type in ACTION_TYPES
    ]
    types = list(dict.fromkeys(mandated))
    if asked is not None:
        if asked in types:
            return asked
        refusals.append(
            Refusal(
                f"the ballot gave no mandate for {ACTION_TYPES.get(asked, asked)} at "
                f"{unit.name}"
                + (f" (it did for {', '.join(ACTION_TYPES[t] for t in types)})" if types else ""),
                cite,
            )
        )
        return None
    if len(types) == 1:
        return types[0]
    if not types:
        refusals.append(
            Refusal(
                f"no question of the ballot gave a mandate at {unit.name}: no action can be "
                "called there",
                cite,
            )
        )
    else:
        refusals.append(
            Refusal(
                f"the ballot gave mandates for {' and '.join(ACTION_TYPES[t] for t in types)} at "
                f"{unit.name}: say which this notice announces (--action strike or --action asos)",
                cite,
            )
        )
    return None


def _citer(jurisdiction: str) -> Cite:
    def cite(section: str) -> str:
        return _cite(jurisdiction, section)

    return cite


def _regime_on(jurisdiction: str, day: dt.date, settings: Settings) -> Regime:
    """The statutory regime in force on `day` where the ballot is held (never consultative)."""
    return regime_on(jurisdiction, rulebook().regimes[0], False, settings)(day)


# --- one notice per employer ----------------------------------------------------------------------


def action_notices(
    outcome: BallotOutcome,
    chosen: Sequence[Employer],
    figures_of: Callable[[str], EmployerFigures],
    *,
    received: dt.date,
    action: ActionDays,
    action_type: str | None,
    agreements: Agreements | None = None,
    settings: Settings | None = None,
) -> list[AdvanceNotice]:
    """The s.234A notice for each chosen employer, judged on its own unit's result (or, for an
    aggregated ballot (s.228A), on the aggregate every employer shares)."""
    by_name = {unit.name: unit for unit in outcome.units}
    aggregate = outcome.aggregation == "aggregate"
    if action_type is None:
        # one type for every employer, or the officer says which: an employer must never get a
        # notice of action short of a strike because it alone had no mandate to strike
        mandated = {
            q.type
            for employer in chosen
            for q in (outcome.units[0] if aggregate else by_name[employer.name]).questions
            if q.decision is Decision.MANDATE and q.type in ACTION_TYPES
        }
        if len(mandated) == 1:
            action_type = mandated.pop()
        elif mandated:
            raise ValueError(
                "the ballot gave mandates for "
                + " and ".join(ACTION_TYPES[t] for t in sorted(mandated, reverse=True))
                + ": say which action the notices announce (--action strike or --action asos)"
            )
    return [
        notice_of_action(
            outcome,
            outcome.units[0] if aggregate else by_name[employer.name],
            figures_of(employer.name),
            received=received,
            action=action,
            action_type=action_type,
            told=employer.told,
            given=employer.given,
            agreements=agreements,
            settings=settings,
        )
        for employer in chosen
    ]
