"""The statutory dates that follow from a ballot, each with the rule it comes from.

Pure: a validated ballot in, a frozen `Timeline` out; the arithmetic is `ballotcalc.dates`. A date
that cannot be worked out (no opening date, no closing date) is left out with a note saying why,
never guessed. Two choices are made here and said in the output:
* the mandate and the tests follow the regime chosen by the OPENING date (as for `result`);
* the notice-of-action period follows the regime in force on the day the employer RECEIVES the
  notice (uk-ballot-law.md, "Terms"), which may differ from the ballot's own.
Provisions are cited as TULRCA 1992 sections in Great Britain and as TULR(NI) Order 1995 articles
in Northern Ireland (the citation table in rules/regimes.yaml).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from msgspec import Struct
from msgspec.structs import replace

from ballotcalc.bank_holidays import DEFAULTS, BankHolidays, day_flag, show
from ballotcalc.dates import (
    months_beginning_with,
    weeks_beginning_with,
)
from ballotcalc.errors import InputError, Problem
from ballotcalc.judging import choose_regime, judge
from ballotcalc.notice_deadlines import RecordedNotices, ballot_deadlines, check_recorded
from ballotcalc.notices import mandate_period, mandate_questions
from ballotcalc.plan import (
    Agreements,
    MandateState,
    Plan,
    RegimeOn,
    check_plan,
    latest_receipt,
    notice_days,
    ordinal,
    regime_on,
)
from ballotcalc.rules import Regime, Settings, rulebook
from ballotcalc.tally import Decision

if TYPE_CHECKING:
    from ballotcalc.judging import LoadedBallot
    from ballotcalc.model import Unit

Kind = Literal["deadline", "event", "period-end"]
SCRUTINEER_LIMIT = 50
"""A scrutineer is required where more than this many are entitled to vote (s.226C)."""
CALENDAR_DAYS_NOTE = (
    "Weekends and bank holidays are flagged for information only: the statute counts calendar "
    "days, so a date on such a day stays that day. A notice due on a Sunday must still be "
    "received by then, so in practice it is sent before."
)


class Entry(Struct, frozen=True):
    """One date, what it is, and the rule it comes from."""

    key: str
    """A stable name (also the iCalendar UID's seed), e.g. `mandate-end`."""
    what: str
    day: dt.date
    rule: str
    kind: Kind
    to_check: bool = False
    """The date rests on an unsettled month-end reading (`dates.add_months`)."""
    note: str | None = None
    day_flag: str | None = None
    """Why the day is not a working day (weekend, bank holiday), for information only."""


class Timeline(Struct, frozen=True):
    file: str
    sha256: str
    title: str
    regime: Regime | None
    consultative: bool
    entries: tuple[Entry, ...]
    """In date order (ties in the order the law runs)."""
    notes: tuple[str, ...]
    plan: Plan | None = None
    """The verdict on the day of action or notice given; None when neither was given."""
    bank_holidays: tuple[BankHolidays, ...] = ()
    """The bank-holiday calendars the dates were flagged against."""
    warnings: tuple[Problem, ...] = ()
    """Recorded notices that were not in time (`notice_deadlines`), located in the ballot file."""


def timeline(
    loaded: LoadedBallot,
    *,
    action_on: dt.date | None = None,
    notice_received: dt.date | None = None,
    employer_told: dt.date | None = None,
    agreements: Agreements | None = None,
    regime: str | None = None,
    settings: Settings | None = None,
    bank_holidays: Sequence[BankHolidays] = (),
    unit: Unit | None = None,
) -> Timeline:
    """Every date that follows from the ballot, plus those for a day of action or a notice given,
    and, when either is given, whether the plan is possible.

    `unit`: one unit of the ballot (an employer): its `told_employer` (else the ballot's) is the
    day notice of action can first be received (s.234A(4)(a)), and, for separate ballots (s.228),
    only the questions that passed in that unit give it a mandate."""
    settings = settings or Settings()
    ballot = loaded.ballot
    notes: list[str] = []
    override = regime or ballot.regime
    chosen: Regime | None
    try:
        # the one chooser every command uses: an unknown id in the file is located (FILE:LINE)
        choice = choose_regime(loaded, regime, settings)
        chosen = choice.regime
        notes.extend(choice.notes)
    except InputError as exc:
        if override is not None:
            raise
        chosen = None  # nothing to choose by: the dates that need a regime are left out
        notes.append(f"No regime could be chosen: {exc.problems[0].message}.")
    if employer_told is not None and ballot.closed is not None and employer_told < ballot.closed:
        raise InputError(
            [
                loaded.problem(
                    ("closed",),
                    f"the employer cannot have been told the result on {employer_told} "
                    "(--employer-told): the ballot closed later, on this day",
                )
            ]
        )
    told_as = "as given (--employer-told)"
    told_recorded = ballot.told_employer
    if unit is not None and unit.told_employer is not None:
        told_recorded = unit.told_employer
    if employer_told is None and told_recorded is not None:
        employer_told = told_recorded
        told_as = "as recorded in the ballot file" + (
            f" for {unit.name}" if unit is not None and unit.told_employer is not None else ""
        )
    planned = action_on is not None or notice_received is not None
    calendars = tuple(bank_holidays) or DEFAULTS[ballot.jurisdiction]
    done = _Finisher(loaded, chosen, calendars, unit=None if unit is None else unit.name)
    # a regime that gives no mandate (`--regime consultative`) makes the ballot consultative too
    consultative = ballot.kind != "statutory" or (chosen is not None and chosen.mandate is None)
    entries: list[Entry] = []
    cite = _citer(ballot.jurisdiction)
    if ballot.jurisdiction == "ni":
        notes.append(
            "Northern Ireland: provisions are cited as articles of the TULR(NI) Order 1995 where "
            "the article is confirmed, otherwise as the equivalent of the TULRCA 1992 section."
        )

    def plan(state: MandateState, on: RegimeOn | None = None) -> Plan | None:
        if not planned:
            return None
        return check_plan(
            action_on=action_on,
            received=notice_received,
            told=employer_told,
            closed=ballot.closed,
            regime=chosen,
            on=on,
            mandate=state,
            agreements=agreements or Agreements(),
            cite=cite,
        )

    if consultative:
        if ballot.survey:  # the consultative regime's own note speaks of a ballot: not this
            notes[:] = [n for n in notes if n not in (chosen.notes if chosen else ())]
        notes.append(
            ("A survey puts no question to a vote" if ballot.survey else "A consultative ballot "
             "is not held under TULRCA s.226") + ": no statutory date follows from it beyond "
            "its closing date, and it gives no mandate for action."
        )  # fmt: skip
        if ballot.closed is not None:
            entries.append(
                Entry(
                    "date-of-ballot",
                    "Survey closes" if ballot.survey else "Ballot closes (consultative)",
                    ballot.closed,
                    "the ballot's own closing date",
                    "event",
                )
            )
        else:
            notes.append("The closing date is not given.")
        return done(True, entries, notes, plan("consultative"))

    entries += _before_opening(ballot.opened, cite, notes)
    eligible = ballot.eligible if unit is None else unit.eligible
    entries += _after_closing(ballot.closed, eligible, chosen, cite, notes)
    recorded = check_recorded(
        loaded,
        None
        if chosen is None
        else regime_on(ballot.jurisdiction, chosen, override is not None, settings),
        cite,
        agreed=(agreements or Agreements()).notice,
    )
    entries += _recorded_entries(loaded, recorded, cite, unit)
    notes.extend(recorded.notes)
    done = replace(done, warnings=recorded.warnings)
    passing = _questions_with_mandate(loaded, override, settings, unit)
    if passing is not None and not passing:
        entries = [e for e in entries if e.key not in MANDATE_KEYS]
        notes.insert(
            0,
            f"NO MANDATE: no question of {_whose(unit)} passed its statutory tests (see "
            "`ballotcalc result`), so there is no mandate and no day of action can be "
            "called on it; the mandate dates are left out.",
        )
        return done(False, entries, notes, plan("none"))
    if passing:
        notes.insert(0, f"The mandate covers: {', '.join(passing)} (the questions that passed).")

    on: RegimeOn | None = None
    if employer_told is not None and (planned or told_recorded is not None):
        entries.append(
            Entry(
                "employer-told",
                "Employer told the result",
                employer_told,
                f"{told_as}; notice of action can be received from this day; " + cite("231A"),
                "event",
            )
        )
    if planned:
        if chosen is None:
            notes.append("Notice of action dates are left out: no regime could be chosen.")
        else:
            on = regime_on(ballot.jurisdiction, chosen, override is not None, settings)
            if action_on is not None:
                entries += _notice_for(action_on, on, chosen, cite, notes)
            if notice_received is not None:
                entries += _earliest_action(notice_received, on, chosen, cite, notes)
    return done(False, entries, notes, plan("unknown" if passing is None else "mandate", on))


def _whose(unit: Unit | None) -> str:
    return "this ballot" if unit is None else f"the separate ballot (s.228) at {unit.name}"


MANDATE_KEYS = frozenset(
    {"mandate-end", "mandate-end-if-agreed", "action-begin-by", "action-begin-by-if-agreed"}
)


def _questions_with_mandate(
    loaded: LoadedBallot, regime: str | None, settings: Settings, unit: Unit | None = None
) -> list[str] | None:
    """The questions that passed (in at least one unit, for separate workplace ballots; in `unit`
    alone where one is given); None for a live ballot or one that cannot be judged."""
    if loaded.status.open:
        return None
    try:
        outcome = judge(loaded, regime=regime, settings=settings)
    except InputError:
        return None
    if unit is not None and outcome.aggregation == "separate":
        own = next(u for u in outcome.units if u.name == unit.name)
        return [q.id for q in own.questions if q.decision is Decision.MANDATE]
    return list(mandate_questions(outcome))


class _Finisher(Struct, frozen=True):
    """Puts the entries in order, flags their days and gathers the notes into a `Timeline`."""

    loaded: LoadedBallot
    regime: Regime | None
    calendars: tuple[BankHolidays, ...]
    warnings: tuple[Problem, ...] = ()
    unit: str | None = None

    def __call__(
        self, consultative: bool, entries: list[Entry], notes: list[str], plan: Plan | None
    ) -> Timeline:
        order = {e.key: i for i, e in enumerate(entries)}
        flagged = [replace(e, day_flag=day_flag(e.day, self.calendars)) for e in entries]
        if plan is not None:
            notes.extend(plan.notes)
        if any(e.day_flag for e in flagged):
            notes.append(CALENDAR_DAYS_NOTE)
        notes = list(dict.fromkeys(notes))  # the same remark from two variants is said once
        return Timeline(
            file=self.loaded.file,
            sha256=self.loaded.document.sha256,
            title=self.loaded.ballot.title
            if self.unit is None
            else f"{self.loaded.ballot.title}: {self.unit}",
            regime=self.regime,
            consultative=consultative,
            entries=tuple(sorted(flagged, key=lambda e: (e.day, order[e.key]))),
            notes=tuple(notes),
            plan=plan,
            bank_holidays=self.calendars,
            warnings=self.warnings,
        )


def _citer(jurisdiction: str) -> Callable[[str], str]:
    """Cites a provision by its GB section as it is cited where the ballot is held (the table in
    rules/regimes.yaml: TULR(NI) Order 1995 articles in Northern Ireland)."""
    book = rulebook()

    def cite(section: str) -> str:
        return book.cite(jurisdiction, section)

    return cite


def _before_opening(
    opened: dt.date | None, cite: Callable[[str], str], notes: list[str]
) -> list[Entry]:
    if opened is None:
        notes.append(
            "The opening date is not given: the ballot notice and sample voting paper "
            "deadlines (s.226A) are left out."
        )
        return []
    return [
        *(
            Entry(d.key, what, d.day, cite(d.rule.section), "deadline", note=d.counted)
            for d, what in zip(
                ballot_deadlines(opened),
                (
                    "Notice of the ballot must reach the employer (latest day)",
                    "Sample voting paper must reach the employer (latest day)",
                ),
                strict=True,
            )
        ),
        Entry(
            "opened",
            "Ballot opens (first voting paper sent)",
            opened,
            cite("226A"),
            "event",
            note="the opening day chooses the legal regime",
        ),
    ]


def _after_closing(
    closed: dt.date | None,
    eligible: int | None,
    regime: Regime | None,
    cite: Callable[[str], str],
    notes: list[str],
) -> list[Entry]:
    if closed is None:
        notes.append(
            "The closing date (the date of the ballot, s.246) is not given: the "
            "scrutineer's report, the s.231B window and the mandate are left out."
        )
        return []
    out = [
        Entry(
            "date-of-ballot",
            "Date of the ballot (last day votes may be cast)",
            closed,
            cite("246"),
            "event",
        )
    ]
    if eligible is not None and eligible <= SCRUTINEER_LIMIT:
        notes.append(
            f"{eligible} are entitled to vote, not more than {SCRUTINEER_LIMIT}: no "
            "scrutineer is required (s.226C), so there is no report date or s.231B "
            "window, unless the union's ballots held together for this dispute have more "
            f"than {SCRUTINEER_LIMIT} entitled in all."
        )
    else:
        if eligible is None:
            notes.append(
                "The number entitled is not given: the scrutineer dates assume more than "
                f"{SCRUTINEER_LIMIT} are entitled (s.226C: no scrutineer is required for "
                f"{SCRUTINEER_LIMIT} or fewer)."
            )
        out.append(
            Entry(
                "scrutineer-report",
                "Scrutineer's report due (latest day)",
                weeks_beginning_with(closed, 4),
                cite("226B"),
                "deadline",
                note="within 4 weeks beginning with the date of the ballot",
            )
        )
        window = months_beginning_with(closed, 6)
        out.append(
            Entry(
                "report-request-window",
                "Last day to ask for the scrutineer's report",
                window.day,
                cite("231B"),
                "period-end",
                window.to_check,
                "6 months beginning with the date of the ballot; anyone entitled to "
                "vote, or their employer, may ask",
            )
        )
    if regime is None:
        return out
    period = mandate_period(regime, closed)  # the core's mandate dates (ballotcalc.notices)
    if period is None:
        notes.append(f"Regime {regime.id} gives no mandate, so no mandate dates follow.")
    elif period.kind == "begin-within":
        out.append(
            Entry(
                "action-begin-by",
                "Action must begin by (mandate)",
                period.last_day.day,
                cite("234"),
                "period-end",
                note=f"{period.length} weeks beginning with the date of the ballot "
                f"({regime.id}); once begun in time there is no expiry",
            )
        )
        if period.last_day_if_agreed is not None:
            out.append(
                Entry(
                    "action-begin-by-if-agreed",
                    "Action must begin by, if union and employer agree",
                    period.last_day_if_agreed.day,
                    cite("234"),
                    "period-end",
                    note=f"{period.length_if_agreed} weeks beginning with the date of the "
                    f"ballot ({regime.id})",
                )
            )
    else:
        end = period.last_day
        out.append(
            Entry(
                "mandate-end",
                "Mandate ends (last day)",
                end.day,
                cite("234"),
                "period-end",
                end.to_check,
                f"{period.length} months beginning with the date of the ballot ({regime.id})",
            )
        )
        if period.last_day_if_agreed is not None:
            agreed = period.last_day_if_agreed
            out.append(
                Entry(
                    "mandate-end-if-agreed",
                    "Mandate ends if union and employer agree",
                    agreed.day,
                    cite("234"),
                    "period-end",
                    agreed.to_check,
                    f"up to {period.length_if_agreed} months beginning with the date "
                    f"of the ballot ({regime.id})",
                )
            )
    if any(e.to_check for e in out):
        notes.append(
            "A date marked 'check' ends a period begun on a day its last month does not "
            "have (e.g. 31 August + 6 months): the sources do not settle it; ballotcalc "
            "takes the month's last day as the corresponding day (the earlier answer)."
        )
    return out


def _notice_for(
    action_on: dt.date,
    regime_on: RegimeOn,
    ballot_regime: Regime,
    cite: Callable[[str], str],
    notes: list[str],
) -> list[Entry]:
    out = [
        Entry("action-on", "Day of action (as given)", action_on, "as given (--action-on)", "event")
    ]
    normal_day = None
    for agreed in (False, True):
        found = latest_receipt(action_on, regime_on, agreed)
        if found is None:  # pragma: no cover - every statutory regime has a notice period
            continue
        day, regime, short = found
        if agreed and day == normal_day:
            continue  # no shorter agreed period applies on the day that matters
        normal_day = normal_day or day
        n = notice_days(regime, agreed)
        suffix = "-if-agreed" if agreed else ""
        note = (
            f"no later than the {ordinal(n or 0)} day before the day of action ({regime.id}, "
            "in force on the day the employer receives the notice)"
        )
        if regime.id != ballot_regime.id:
            notes.append(
                f"The notice for action on {show(action_on)} would be received on {show(day)}, under "
                f"{regime.id} ({n} days), not the ballot's own regime "
                f"{ballot_regime.id}: the notice period is chosen by the day the employer "
                "receives the notice."
            )
        if short:
            listed = ", ".join(show(d) for d in short)
            notes.append(
                f"For action on {show(action_on)}{' (if agreed)' if agreed else ''}: a notice "
                f"received on {listed} would NOT be in time (a longer period applied on "
                f"that day), though {show(day)} is."
            )
        out.append(
            Entry(
                f"notice-for-action{suffix}",
                "Employer must receive notice of the action by"
                + (" (if agreed)" if agreed else ""),
                day,
                cite("234A"),
                "deadline",
                note=note,
            )
        )
    return out


def _earliest_action(
    received: dt.date,
    regime_on: RegimeOn,
    ballot_regime: Regime,
    cite: Callable[[str], str],
    notes: list[str],
) -> list[Entry]:
    out = [
        Entry(
            "notice-received",
            "Employer receives notice of action (as given)",
            received,
            "as given (--notice-received)",
            "event",
        )
    ]
    regime = regime_on(received)
    if regime.id != ballot_regime.id:
        notes.append(
            f"A notice received on {show(received)} falls under {regime.id}, not the ballot's "
            f"own regime {ballot_regime.id}: the notice period is chosen by the day the "
            "employer receives the notice."
        )
    variants = [False] + ([True] if regime.notice_days_if_agreed else [])
    for agreed in variants:
        n = notice_days(regime, agreed)
        if n is None:
            continue
        out.append(
            Entry(
                "earliest-action" + ("-if-agreed" if agreed else ""),
                "Earliest day of action" + (" (if agreed)" if agreed else ""),
                received + dt.timedelta(days=n),
                cite("234A"),
                "event",
                note=f"{n} days after the notice is received ({regime.id})",
            )
        )
    return out


def _recorded_entries(
    loaded: LoadedBallot,
    recorded: RecordedNotices,
    cite: Callable[[str], str],
    only: Unit | None = None,
) -> list[Entry]:
    """Each employer told the result on a day of its own, and each notice recorded under
    `notices:`, as events; an action notice also with the last day it could arrive for its first
    day of action. Each carries the core's decision (`notice_deadlines`) as its note; a notice
    written at the top of the file of a ballot with units is each employer's, one entry each. With
    `only` (`timeline --unit`), that employer's notices alone; the day it was told is the
    timeline's own `employer-told` entry."""
    ballot = loaded.ballot
    out: list[Entry] = []
    for index, unit in enumerate(ballot.units or ()):
        if only is not None:
            break
        if unit.told_employer is not None:
            out.append(
                Entry(
                    f"employer-told-{index}",
                    f"{unit.name} told the result",
                    unit.told_employer,
                    "as recorded in the ballot file; its notice of action can be received from "
                    "this day; " + cite("231A"),
                    "event",
                )
            )
    unit_at = {unit.name: index for index, unit in enumerate(ballot.units or ())}
    for r in recorded.notices:
        if only is not None and r.employer != only.name:
            continue
        where = "-".join(map(str, r.path))
        if r.path[:1] != ("units",) and r.employer in unit_at:
            # a notice written at the top of the file, received by each employer of the ballot
            where = f"units-{unit_at[r.employer]}-{where}"
        flag = {"late": "NOT IN TIME: ", "early": "TOO EARLY: "}.get(r.status, "")
        if r.notice.kind == "ballot":
            out.append(
                Entry(
                    f"recorded-{where}",
                    f"{r.employer} received the notice of the ballot",
                    r.notice.received,
                    cite("226A"),
                    "event",
                    note=flag + r.says,
                )
            )
            continue
        what = "continuous action" if r.notice.continuous_from else "discontinuous action"
        days = "" if r.notice.days is None else f", {len(r.notice.days)} day(s)"
        action = f"{r.notice.action} " if r.notice.action else ""
        out.append(
            Entry(
                f"recorded-{where}",
                f"{r.employer} received a notice of {action}action ({what}{days})",
                r.notice.received,
                cite("234A"),
                "event",
                note=flag + r.says,
            )
        )
        if r.deadline is not None and r.first_day is not None:
            out.append(
                Entry(
                    f"recorded-{where}-by",
                    f"{r.employer}: notice of action for {show(r.first_day)} must arrive by",
                    r.deadline.day,
                    cite("234A"),
                    "deadline",
                    note=r.deadline.counted,
                )
            )
            if r.notice.ceased is not None:
                out.append(
                    Entry(
                        f"recorded-{where}-ceased",
                        f"{r.employer}: continuous action ceased to be authorised",
                        r.notice.ceased,
                        cite("234A") + "(7)",
                        "event",
                        note="action authorised again later needs a new notice, unless it was "
                        "suspended by agreement with the employer or to obey a court "
                        "(s.234A(7A), (7B))",
                    )
                )
            out.append(
                Entry(
                    f"recorded-{where}-first-day",
                    f"{r.employer}: first day of action notified",
                    r.first_day,
                    "as recorded in the ballot file (notices:)",
                    "event",
                )
            )
    return out
