"""The audit pack: what a union's lawyer asks for when an employer threatens an injunction.

For one ballot: the exact inputs (sha256 of the ballot file, its units CSV and its workforce CSV),
the version of each notice's content chosen and why (the day that decides it), each employer's
workforce total and how it reconciles with the ballot's number entitled to vote, and every deadline
with its statutory words and source. Every decision here is made elsewhere and only gathered: the
regime (`judging.choose_regime`), the deadlines and the recorded notices (`notice_deadlines`), the
notice period in force on a day (`plan.regime_on`, `plan.latest_receipt`), the workforce
(`workforce`). Pure: loaded inputs in, a frozen `Audit` out; `render.audit` formats it.
"""

from __future__ import annotations

import datetime as dt

from msgspec import Struct

from ballotcalc.bank_holidays import show
from ballotcalc.errors import InputError
from ballotcalc.judging import LoadedBallot, choose_regime
from ballotcalc.notice_deadlines import (
    Cite,
    RecordedNotice,
    ballot_deadlines,
    check_recorded,
    deadline_rules,
)
from ballotcalc.plan import RegimeOn, latest_receipt, notice_days, ordinal, regime_on
from ballotcalc.rules import NoticeVersion, Regime, Settings, rulebook
from ballotcalc.workforce import Workforce


class Input(Struct, frozen=True):
    """A file the audit was made from, and the hash of its bytes."""

    role: str
    file: str
    sha256: str


class VersionChoice(Struct, frozen=True):
    """The version of a notice's content in force for one notice, and the day that chose it."""

    notice: str
    """The provision as cited where the ballot is held (e.g. "TULRCA s.226A")."""
    employer: str | None
    """None: every employer of the ballot."""
    day: dt.date | None
    why: str
    version: NoticeVersion | None
    """The version of the regime in force on the deciding day (rules/notices.yaml); None: no day
    to choose by, or no regime."""
    decided_by: str
    regime: str | None = None
    """The regime in force on the deciding day, which names the version."""


class Reconciliation(Struct, frozen=True):
    """One employer's workforce total against the ballot's number entitled to vote there."""

    employer: str
    total: int
    eligible: int | None
    explanation: str | None
    workplaces: tuple[tuple[str, int], ...]
    categories: tuple[tuple[str, int], ...]

    @property
    def difference(self) -> int | None:
        """Workforce total minus eligible (None: eligible not given)."""
        return None if self.eligible is None else self.total - self.eligible

    @property
    def says(self) -> str:
        """How the two figures reconcile, in words."""
        difference = self.difference
        if difference is None:
            return "the ballot gives no number entitled to vote here: nothing to reconcile with"
        if difference == 0:
            return "the workforce total is the number entitled to vote"
        more = "more" if difference > 0 else "fewer"
        return (
            f"the workforce total is {abs(difference):,} {more} than the {self.eligible:,} "
            "entitled to vote: people join and leave, but the notice must give the figures as "
            "accurately as reasonably practicable on the union's information (s.226A(2D), "
            "s.234A(3D))"
        )


class DeadlineLine(Struct, frozen=True):
    """A deadline (or the start of a period), its day, and the rule in the statutory words."""

    what: str
    day: dt.date | None
    cited: str
    words: str
    source: str
    counted: str


class Audit(Struct, frozen=True):
    file: str
    title: str
    union: str | None
    jurisdiction: str
    opened: dt.date | None
    closed: dt.date | None
    regime: Regime | None
    regime_notes: tuple[str, ...]
    inputs: tuple[Input, ...]
    versions: tuple[VersionChoice, ...]
    employers: tuple[Reconciliation, ...]
    deadlines: tuple[DeadlineLine, ...]
    recorded: tuple[RecordedNotice, ...]
    warnings: tuple[str, ...]
    """Every warning found (workforce, recorded notices), as FILE:LINE: field: message lines."""
    notes: tuple[str, ...]


class Planned(Struct, frozen=True):
    """What the officer says of notices not yet recorded (all optional)."""

    ballot_notice_received: dt.date | None = None
    action_notice_received: dt.date | None = None
    action_from: dt.date | None = None
    """The first day of the action a planned notice of action is for."""


def audit(
    loaded: LoadedBallot,
    workforce: Workforce | None,
    planned: Planned | None = None,
    *,
    regime: str | None = None,
    settings: Settings | None = None,
) -> Audit:
    """Gather the audit of one ballot (see the module docstring)."""
    planned = planned or Planned()
    settings = settings or Settings()
    ballot = loaded.ballot
    book = rulebook()
    place = ballot.jurisdiction

    def cite(section: str) -> str:
        return book.cite(place, section)

    notes: list[str] = []
    chosen: Regime | None = None
    regime_notes: tuple[str, ...] = ()
    try:
        choice = choose_regime(loaded, regime, settings)
        chosen, regime_notes = choice.regime, choice.notes
    except InputError as exc:  # no date to choose by: said, not guessed
        if (regime or ballot.regime) is not None:
            raise
        notes.append(
            f"No regime could be chosen ({exc.problems[0].message}): the notices of action are "
            "not checked."
        )
    on = None
    if chosen is not None:
        on = regime_on(place, chosen, (regime or ballot.regime) is not None, settings)
    recorded = check_recorded(loaded, on, cite)
    inputs = [Input("ballot file", loaded.file, loaded.document.sha256)]
    if loaded.units_table is not None:
        inputs.append(Input("units CSV", loaded.units_table.file, loaded.units_table.sha256))
    if workforce is not None:
        inputs.append(Input("workforce CSV", workforce.file, workforce.sha256))
    else:
        notes.append(
            "No workforce CSV was given (workforce_csv: or --workforce): the categories, "
            "workplaces and numbers behind the notices are not audited."
        )
    decided_by = deadline_rules().decided_by
    versions: list[VersionChoice] = []

    def choose_version(section: str, employer: str | None, day: dt.date | None, why: str) -> None:
        in_force = on(day) if on is not None and day is not None else None
        version = None
        if in_force is not None:
            version = in_force.ballot_notice if section == "226A" else in_force.action_notice
        versions.append(
            VersionChoice(
                cite(section),
                employer,
                day,
                why,
                version,
                decided_by[section],
                None if in_force is None else in_force.id,
            )
        )

    def version_226a(employer: str | None, day: dt.date | None, why: str) -> None:
        choose_version("226A", employer, day, why)

    ballot_notices = [r for r in recorded.notices if r.notice.kind == "ballot"]
    if planned.ballot_notice_received is not None:
        day = planned.ballot_notice_received
        version_226a(None, day, f"received on {show(day)}, as given (--ballot-notice-received)")
    for r in ballot_notices:
        version_226a(
            r.employer, r.notice.received, f"recorded as received on {show(r.notice.received)}"
        )
    if not versions:
        if ballot.opened is not None:
            last = ballot_deadlines(ballot.opened)[0].day
            version_226a(
                None,
                last,
                f"no day of receipt given or recorded: the version in force on {show(last)}, the "
                "last day the notice may be received; one received earlier may fall under an "
                "earlier version",
            )
        else:
            version_226a(None, None, "no day of receipt and no opening date: not chosen")
    first_action: dict[str, RecordedNotice] = {}
    for r in recorded.notices:
        if r.notice.kind == "action":
            earlier = first_action.get(r.employer)
            if earlier is None or r.notice.received < earlier.notice.received:
                first_action[r.employer] = r
    for employer, r in first_action.items():
        day = r.notice.received
        choose_version(
            "234A",
            employer,
            day,
            f"the first notice of action recorded for {employer} was received on {show(day)}",
        )
    deadlines = _deadlines(loaded, recorded.notices, cite)
    if planned.action_notice_received is not None or planned.action_from is not None:
        deadlines += _planned_action(planned, on, chosen, cite, notes)
        if planned.action_notice_received is not None:
            day = planned.action_notice_received
            choose_version(
                "234A",
                None,
                day,
                f"received on {show(day)}, as given (--action-notice-received), unless a "
                "notice for the same action was received earlier (then that day decides)",
            )
    employers: list[Reconciliation] = []
    warnings = [str(p) for p in recorded.warnings]
    if workforce is not None:
        warnings = [str(p) for p in workforce.warnings] + warnings
        employers = [
            Reconciliation(
                e.employer, e.total, e.eligible, e.explanation, e.by_workplace(), e.by_category()
            )
            for e in workforce.employers
        ]
    notes.extend(recorded.notes)
    return Audit(
        file=loaded.file,
        title=ballot.title,
        union=ballot.union,
        jurisdiction=place,
        opened=ballot.opened,
        closed=ballot.closed,
        regime=chosen,
        regime_notes=tuple(regime_notes),
        inputs=tuple(inputs),
        versions=tuple(versions),
        employers=tuple(employers),
        deadlines=tuple(deadlines),
        recorded=recorded.notices,
        warnings=tuple(warnings),
        notes=tuple(notes),
    )


def _deadlines(
    loaded: LoadedBallot, recorded: tuple[RecordedNotice, ...], cite: Cite
) -> list[DeadlineLine]:
    """The s.226A deadlines, the start of each employer's s.234A period, and the last day of
    receipt for each recorded notice of action."""
    ballot = loaded.ballot
    rules = deadline_rules()
    out: list[DeadlineLine] = []
    if ballot.opened is not None:
        for d, what in zip(
            ballot_deadlines(ballot.opened),
            ("Notice of the ballot received by", "Sample voting paper received by"),
            strict=True,
        ):
            out.append(
                DeadlineLine(
                    what, d.day, cite(d.rule.section), d.rule.words, d.rule.source, d.counted
                )
            )
    start = rules.action_notice_start
    # the ballot's day once (for every employer without its own), then each unit's own day
    units = ballot.units or []
    own = [(u.name, u.told_employer) for u in units if u.told_employer is not None]
    told: list[tuple[str, dt.date | None]] = []
    if not units:
        told.append((ballot.named(), ballot.told_employer))
    elif len(own) < len(units):
        told.append(("Every other employer" if own else "Every employer", ballot.told_employer))
    told += own
    for employer, day in told:
        if day is None:
            continue
        out.append(
            DeadlineLine(
                f"{employer}: notice of action may be received from",
                day,
                cite("234A"),
                start.words,
                start.source,
                "the day the employer was told the result (told_employer; s.231A)",
            )
        )
    for r in recorded:
        if r.deadline is None or r.notice.kind != "action":
            continue
        out.append(
            DeadlineLine(
                f"{r.employer}: notice of action for {show(r.first_day)} received by"
                if r.first_day
                else f"{r.employer}: notice of action received by",
                r.deadline.day,
                cite("234A"),
                r.deadline.rule.words,
                r.deadline.rule.source,
                r.deadline.counted,
            )
        )
    return out


def _planned_action(
    planned: Planned,
    on: RegimeOn | None,
    chosen: Regime | None,
    cite: Cite,
    notes: list[str],
) -> list[DeadlineLine]:
    """The deadline for a notice of action not yet recorded (--action-from, --action-notice-received)."""
    if on is None or chosen is None:
        notes.append("The planned notice of action is not checked: no regime could be chosen.")
        return []
    rules = deadline_rules()
    first = planned.action_from
    received = planned.action_notice_received
    if first is None:
        assert received is not None
        regime = on(received)
        n = notice_days(regime, agreed=False)
        if n is None:
            return []
        notes.append(
            f"A notice of action received on {show(received)} allows action from "
            f"{show(received + dt.timedelta(days=n))} ({regime.id}: {n} days)."
        )
        return []
    found = latest_receipt(first, on, agreed=False)
    if found is None:  # pragma: no cover - every statutory regime has a notice period
        return []
    day, regime, short = found
    rule = rules.action_notice_end[regime.id]
    n = notice_days(regime, agreed=False) or 0
    if received is not None and received > day:
        notes.append(
            f"A notice of action received on {show(received)} would NOT be in time for "
            f"{show(first)}: the last day is {show(day)} ({regime.id})."
        )
    if short:
        notes.append(
            f"For action on {show(first)}: a notice received on "
            f"{', '.join(show(d) for d in short)} would NOT be in time (a longer period was in "
            f"force on that day), though {show(day)} is."
        )
    return [
        DeadlineLine(
            f"Notice of action for {show(first)} received by (as planned)",
            day,
            cite("234A"),
            rule.words,
            rule.source,
            f"received no later than the {ordinal(n)} day before the first day of action "
            f"({regime.id}, in force on the day of receipt)",
        )
    ]
