"""Whether a planned day of action, or a notice already given, is possible under the law.

An officer asks "can we strike on the 15th?" and needs one answer: possible, or NOT POSSIBLE and
why. Listing the statutory dates beside the plan is not enough (a notice deadline before the ballot
closed once sat next to "inside the mandate"). Each check here is one statutory condition:
* the ballot gives a mandate at all (TULRCA s.226; a consultative ballot never does);
* the notice of action reaches the employer no later than the Nth day before the first day of
  action, N chosen by the regime in force on the day of receipt (s.234A(4)(b));
* and not before the employer was told the result, for the period begins with that day
  (s.234A(4)(a), s.231A), which can be no earlier than the date of the ballot;
* the day of action falls within the mandate (s.234).
A shorter notice period (gb-tua-2016: 7 days) and a longer mandate (6 to 9 months; before 2017 and
in Northern Ireland 4 to 8 weeks to begin) exist only by the union's agreement with the employer:
a plan that needs one is NOT POSSIBLE unless the user states the agreement exists, and a plan that
relies on one says so. Pure: dates and regimes in, a frozen `Plan` out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from msgspec import Struct

from ballotcalc.bank_holidays import show
from ballotcalc.dates import (
    StatutoryDay,
    earliest_after_notice,
    months_beginning_with,
    nth_day_before,
    weeks_beginning_with,
)
from ballotcalc.rules import Regime, Settings, choose, rulebook

Verdict = Literal["possible", "not-possible", "cannot-check"]
MandateState = Literal["mandate", "none", "unknown", "consultative"]
"""What the ballot's result gives: a mandate for at least one question, none, not known yet (no
result, or a result that cannot be judged), or a consultative ballot (never a mandate)."""
RegimeOn = Callable[[dt.date], Regime]
Cite = Callable[[str], str]

NOTICE_AGREED_OPTION = "--notice-agreed"
MANDATE_AGREED_OPTION = "--mandate-extended"


class Agreements(Struct, frozen=True):
    """Agreements between the union and the employer that the user says exist."""

    notice: bool = False
    """The shorter notice period was agreed (gb-tua-2016: 7 days instead of 14)."""
    mandate: bool = False
    """The mandate was extended by agreement (to 9 months; before 2017 and NI: 8 weeks to begin)."""


class Check(Struct, frozen=True):
    """One statutory condition of the plan, met or not, in a sentence, with its rule."""

    ok: bool
    says: str
    rule: str


class Plan(Struct, frozen=True):
    """The verdict on a plan and every check that led to it."""

    verdict: Verdict
    checks: tuple[Check, ...]
    relies_on: tuple[str, ...] = ()
    """The agreements with the employer the plan depends on (as the user stated them)."""
    notes: tuple[str, ...] = ()

    @property
    def possible(self) -> bool:
        return self.verdict == "possible"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- the notice period in force on a day of receipt ---------------------------------------------


def regime_on(
    jurisdiction: str, ballot_regime: Regime, given: bool, settings: Settings
) -> RegimeOn:
    """The regime whose notice period applies to a notice received on a day."""

    def on(day: dt.date) -> Regime:
        if given:  # a regime given explicitly is applied throughout, as asked
            return ballot_regime
        try:
            return choose(
                jurisdiction=jurisdiction,  # type: ignore[arg-type]
                opened=day,
                closed=None,
                override=None,
                settings=settings,
            ).regime
        except LookupError:  # pragma: no cover - the table covers every day
            return ballot_regime

    return on


def notice_days(regime: Regime, agreed: bool) -> int | None:
    """The notice period in days; with `agreed`, the shorter agreed period where one exists."""
    if agreed and regime.notice_days_if_agreed:
        return regime.notice_days_if_agreed
    return regime.notice_days


def latest_receipt(
    action_on: dt.date, on: RegimeOn, agreed: bool
) -> tuple[dt.date, Regime, tuple[dt.date, ...]] | None:
    """The last day the employer may receive notice for action on `action_on`, and earlier days
    that would not do (where a longer period was in force on them)."""
    found: tuple[dt.date, Regime] | None = None
    short: list[dt.date] = []
    # a notice received this many days ahead is in time under every regime: scan no further
    longest = max((r.notice_days or 0) for r in rulebook().regimes)
    for back in range(1, longest + 1):
        day = action_on - dt.timedelta(days=back)
        regime = on(day)
        n = notice_days(regime, agreed)
        if n is None:
            continue
        in_time = back >= n
        if found is None and in_time:
            found = (day, regime)
        elif found is not None and not in_time:
            short.append(day)
    if found is None:
        return None
    return found[0], found[1], tuple(sorted(short))


def _earliest_action(told: dt.date, on: RegimeOn) -> dt.date:
    """The first day of action on a notice received the day the employer is told the result."""
    return earliest_after_notice(told, notice_days(on(told), False) or 0)


# --- the plan ------------------------------------------------------------------------------------


class _Facts(Struct, frozen=True):
    closed: dt.date
    told: dt.date
    told_given: bool
    regime: Regime
    on: RegimeOn
    agreements: Agreements
    cite: Cite

    @property
    def told_text(self) -> str:
        if self.told_given:
            return f"the day the employer was told the result, {show(self.told)}"
        return (
            f"the date of the ballot, {show(self.closed)}, the earliest day the employer can be "
            "told the result"
        )


def check_plan(
    *,
    action_on: dt.date | None,
    received: dt.date | None,
    told: dt.date | None,
    closed: dt.date | None,
    regime: Regime | None,
    on: RegimeOn | None,
    mandate: MandateState,
    agreements: Agreements,
    cite: Cite,
) -> Plan:
    """The verdict on a day of action and/or a notice received, with each condition checked."""
    if mandate == "consultative":
        return Plan(
            "not-possible",
            (
                Check(
                    False,
                    "A consultative ballot gives no mandate: no industrial action can be called "
                    "on it.",
                    cite("226"),
                ),
            ),
        )
    if mandate == "none":
        return Plan(
            "not-possible",
            (
                Check(
                    False,
                    "No question of this ballot passed its statutory tests: there is no mandate, "
                    "so no day of action can be called on it.",
                    cite("226"),
                ),
            ),
        )
    if regime is None or on is None or closed is None:
        why = "no regime could be chosen" if regime is None else "the closing date is not given"
        return Plan(
            "cannot-check",
            (Check(False, f"The plan cannot be checked: {why}.", "the ballot file"),),
        )
    facts = _Facts(closed, told or closed, told is not None, regime, on, agreements, cite)
    checks: list[Check] = []
    relies: list[str] = []
    if mandate == "unknown":
        checks.append(
            Check(
                True,
                "The ballot's result is not known here (no results yet, or figures that "
                "cannot be judged: see `ballotcalc result`): this plan holds only if it gives "
                "a mandate.",
                cite("226"),
            )
        )
    day_of_action = action_on
    if received is not None:
        checks.append(_received_in_time(received, facts))
        if action_on is not None:
            checks.append(_period_between(received, action_on, facts, relies))
        else:
            n = notice_days(on(received), agreements.notice) or 0
            day_of_action = earliest_after_notice(received, n)
    elif action_on is not None:
        checks.append(_deadline_for(action_on, facts, relies))
    if day_of_action is not None:
        checks.append(_inside_mandate(day_of_action, action_on is None, facts, relies))
    notes = _unused_agreements(action_on, received, facts)
    verdict: Verdict = "possible" if all(c.ok for c in checks) else "not-possible"
    return Plan(verdict, tuple(checks), tuple(dict.fromkeys(relies)), notes)


def _received_in_time(received: dt.date, f: _Facts) -> Check:
    rule = f"{f.cite('234A')}(4)(a); {f.cite('231A')}"
    if received >= f.told:
        when = "the day the employer was told" if f.told_given else "the earliest day it can be"
        return Check(
            True,
            f"Notice received on {show(received)}: not before the employer is told the result "
            f"({when}: {show(f.told)}).",
            rule,
        )
    return Check(
        False,
        f"A notice received on {show(received)} does not count: it is before {f.told_text}, and "
        "the notice period begins with the day the employer is told the result. A fresh notice "
        "is needed; "
        f"the earliest day of action on one is {show(_earliest_action(f.told, f.on))}.",
        rule,
    )


def _period_between(received: dt.date, action_on: dt.date, f: _Facts, relies: list[str]) -> Check:
    regime = f.on(received)
    rule = f"{f.cite('234A')}(4)(b)"
    n = regime.notice_days or 0
    short = regime.notice_days_if_agreed
    gap = (action_on - received).days
    if gap <= 0:
        return Check(
            False,
            f"Notice received on {show(received)} is not before the day of action "
            f"{show(action_on)}: the earliest day of action on it is "
            f"{show(earliest_after_notice(received, n))}.",
            rule,
        )
    head = (
        f"Notice received on {show(received)} for action on {show(action_on)}: {gap} days. Under "
        f"{regime.id} (in force on the day of receipt) the employer must receive it no later than "
        f"the {ordinal(n)} day before the day of action, {show(nth_day_before(action_on, n))}"
    )
    if gap >= n:
        return Check(True, f"{head}: in time.", rule)
    if short and gap >= short:
        agreed = f"the union and the employer agreed a notice period of {short} days"
        if f.agreements.notice:
            relies.append(agreed)
            return Check(True, f"{head}, or the {ordinal(short)} day if agreed: {agreed}.", rule)
        return Check(
            False,
            f"{head}; {short} days' notice needs the employer's agreement. Without it the "
            f"earliest day of action is {show(earliest_after_notice(received, n))}. If the union "
            f"and the employer have agreed {short} days, give {NOTICE_AGREED_OPTION}.",
            rule,
        )
    shortest = f" ({short} days even if agreed)" if short else ""
    return Check(
        False,
        f"{head}{shortest}: too short. The earliest day of action on this notice is "
        f"{show(earliest_after_notice(received, short if short and f.agreements.notice else n))}.",
        rule,
    )


def _deadline_for(action_on: dt.date, f: _Facts, relies: list[str]) -> Check:
    rule = f"{f.cite('234A')}(4); {f.cite('231A')}"
    normal = latest_receipt(action_on, f.on, agreed=False)
    agreed = latest_receipt(action_on, f.on, agreed=True)
    assert normal is not None and agreed is not None  # every statutory regime has a period
    day, regime, _ = normal
    n = notice_days(regime, False)
    window = (
        f"For action on {show(action_on)} the employer must receive notice no later than "
        f"{show(day)}, the {ordinal(n or 0)} day before ({regime.id})"
    )
    if day >= f.told:
        return Check(
            True,
            f"{window}, and not before the employer is told the result: on or after "
            f"{show(f.told)}.",
            rule,
        )
    earliest = show(_earliest_action(f.told, f.on))
    a_day, a_regime, _ = agreed
    if a_day != day and a_day >= f.told:
        a_n = notice_days(a_regime, True) or 0
        text = f"the union and the employer agreed a notice period of {a_n} days"
        if f.agreements.notice:
            relies.append(text)
            return Check(
                True,
                f"{window}, or by {show(a_day)} with the agreed {a_n} days' notice, which "
                f"is relied on: {text}. Not before the employer is told the result: on or "
                f"after {show(f.told)}.",
                rule,
            )
        return Check(
            False,
            f"{window}, which is before {f.told_text}. Only {a_n} days' notice (received by "
            f"{show(a_day)}) would fit, and that needs the employer's agreement. Without it the "
            f"earliest day of action is {earliest}. If the union and the employer have agreed "
            f"{a_n} days, give {NOTICE_AGREED_OPTION}.",
            rule,
        )
    return Check(
        False,
        f"{window}, which is before {f.told_text}: notice counts only from the day the employer "
        f"is told the result. The earliest day of action is {earliest}.",
        rule,
    )


def _mandate_ends(closed: dt.date, regime: Regime) -> tuple[StatutoryDay, StatutoryDay | None]:
    m = regime.mandate
    assert m is not None  # only a consultative ballot has none, and it is refused earlier
    if m.kind == "begin-within":
        assert m.weeks is not None
        agreed = m.weeks_if_agreed
        return (
            StatutoryDay(weeks_beginning_with(closed, m.weeks)),
            StatutoryDay(weeks_beginning_with(closed, agreed)) if agreed else None,
        )
    assert m.months is not None
    extended = m.months_if_agreed
    return (
        months_beginning_with(closed, m.months),
        months_beginning_with(closed, extended) if extended else None,
    )


def inside_mandate(
    day: dt.date, *, closed: dt.date, regime: Regime, agreements: Agreements, cite: Cite
) -> Check:
    """Whether a day of action falls within the ballot's mandate (s.234): for a notice's later
    days, where `check_plan` checks its first."""
    facts = _Facts(closed, closed, False, regime, lambda _day: regime, agreements, cite)
    return _inside_mandate(day, False, facts, [])


def _inside_mandate(day: dt.date, earliest: bool, f: _Facts, relies: list[str]) -> Check:
    m = f.regime.mandate
    assert m is not None
    rule = f.cite("234")
    end, extended = _mandate_ends(f.closed, f.regime)
    begin = m.kind == "begin-within"
    what = (
        f"The earliest day of action on this notice, {show(day)},"
        if earliest
        else (f"The day of action {show(day)}")
    )
    period = (
        f"{m.weeks} weeks beginning with the date of the ballot"
        if begin
        else f"{m.months} months beginning with the date of the ballot"
    )
    check_day = " (a month-end date the sources do not settle: check it)"
    limit = "action must begin by" if begin else "the mandate's last day is"
    if day <= end.day:
        return Check(
            True,
            f"{what} is not after the mandate: {limit} {show(end.day)}, {period} ({f.regime.id})"
            + (check_day if end.to_check else "")
            + ".",
            rule,
        )
    if extended is not None and day <= extended.day:
        longer = m.weeks_if_agreed if begin else m.months_if_agreed
        unit = "weeks" if begin else "months"
        text = f"the union and the employer agreed to extend the mandate to {longer} {unit}"
        if f.agreements.mandate:
            relies.append(text)
            return Check(
                True,
                f"{what} is not after the mandate as extended by agreement: {limit} "
                f"{show(extended.day)}" + (check_day if extended.to_check else "") + f" ({text}).",
                rule,
            )
        return Check(
            False,
            f"{what} is after the mandate: {limit} {show(end.day)}, {period} ({f.regime.id}). "
            f"Only if the union and the employer agree can it run to {longer} {unit} "
            f"({show(extended.day)}); if they have agreed, give {MANDATE_AGREED_OPTION}.",
            rule,
        )
    also = (
        f", and {show(extended.day)} even if extended by agreement" if extended is not None else ""
    )
    tail = (
        " (once action has begun in time the ballot stays effective; a first day of action this "
        "late needs a new ballot)."
        if begin
        else ": a new ballot is needed."
    )
    return Check(False, f"{what} is after the mandate: {limit} {show(end.day)}{also}{tail}", rule)


def _unused_agreements(
    action_on: dt.date | None, received: dt.date | None, f: _Facts
) -> tuple[str, ...]:
    """Say so when an agreement is stated that the law does not allow here."""
    notes = []
    day = received or (action_on and nth_day_before(action_on, f.regime.notice_days or 0))
    if f.agreements.notice and day is not None:
        regime = f.on(day)
        if not regime.notice_days_if_agreed:
            notes.append(
                f"{NOTICE_AGREED_OPTION} has no effect: under {regime.id} the notice period "
                f"({regime.notice_days} days) cannot be shortened by agreement."
            )
    if f.agreements.mandate and f.regime.mandate is not None:
        m = f.regime.mandate
        if not (m.weeks_if_agreed or m.months_if_agreed):
            notes.append(
                f"{MANDATE_AGREED_OPTION} has no effect: under {f.regime.id} the mandate "
                "cannot be extended by agreement."
            )
    return tuple(notes)
