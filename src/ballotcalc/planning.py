"""Turnout targets for a ballot that is still open: how many more returns, by when, at what pace.

Pure: a validated ballot in, a frozen `Plan` out; no I/O, no click or rich. Every figure a renderer
shows is computed here, on integers and `Fraction`s, the same way the tally judges a result
(`tally.needed` for "the least whole number that meets the threshold").

How days are counted (and said in every output):
* a scrutineer's count dated D is taken as made at the end of day D;
* days elapsed = the days from the opening day to D, both included;
* days left = the days after D up to and including the closing day, because votes may be cast on
  the closing date (TULRCA s.246: the date of the ballot is the last day votes may be cast).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from ballotcalc.bank_holidays import DEFAULTS, BankHolidays
from ballotcalc.errors import BallotcalcError, InputError
from ballotcalc.judging import choose_regime
from ballotcalc.model import Return
from ballotcalc.posting import DEFAULT_POST_DAYS, Posting, last_posting_day
from ballotcalc.rules import Regime, Settings
from ballotcalc.tally import needed

if TYPE_CHECKING:
    from ballotcalc.judging import LoadedBallot

Status = Literal["chase", "no-threshold", "consultative"]
ONE_DAY = dt.timedelta(days=1)
MAX_CHART_ROWS = 62
"""A ballot open longer than this many days is charted every few days (and on every count day)."""

DAYS_LEFT_RULE = (
    "days left count the days after the last count up to and including the closing day: votes "
    "may be cast on the closing date (TULRCA s.246); a count is taken as made at the end of its day"
)


class PlanningError(BallotcalcError, ValueError):
    """A figure given on the command line that cannot be true for this ballot."""


class Point(Struct, frozen=True):
    """A cumulative count of papers returned, at the end of `day`."""

    day: dt.date
    returned: int


class ChartDay(Struct, frozen=True):
    """One row of the chart: the straight line to the threshold, and the count or projection."""

    day: dt.date
    line: int | None
    """Returns the straight line from 0 at the opening to the threshold at the close reaches by the
    end of this day (rounded up); None where there is no threshold."""
    returned: int | None
    """The scrutineer's count for this day, where there is one."""
    projected: int | None
    """Returns by the end of this day if the current rate holds (days after the last count)."""


class SupportPlan(Struct, frozen=True):
    """The 40% support test (gb-tua-2016, important public services) seen from an open ballot."""

    threshold: Fraction
    yes_needed: int
    """Yes votes needed: the least Y with Y/E >= threshold."""
    yes_share: Fraction | None
    """Assumed Yes as a share of papers returned (spoiled included); None if not given."""
    returns_needed: int | None
    """Papers returned needed for `yes_needed` Yes votes at `yes_share` (None if unknown)."""
    reachable: bool | None
    """Whether `returns_needed` is at most E (at that share the test can be met at all)."""
    still_needed: int | None
    """Further returns needed for the support test at that share (0 if already there)."""


Group = Literal["met", "within-reach", "out-of-reach", "unknown", "no-returns"]
GROUPS: tuple[Group, ...] = ("met", "within-reach", "out-of-reach", "unknown", "no-returns")
"""How a unit stands, in the order they are listed: every test met by the counts so far; not yet,
but the recent pace meets every test by the close; the recent pace does not; not enough to judge
(no Yes share for the 40% test, no pace); no count yet."""
DEFAULT_RECENT_DAYS = 3
RECENT_RULE = (
    "the recent pace is the returns since the latest count at least {n} day{s} before the last one "
    "(or since the opening), per day; the pace so far is the returns per day since the opening day "
    "(both counted)"
)


class Need(Struct, frozen=True):
    """One statutory test seen from an open ballot: what it needs, what is in, the rest, per day."""

    test: Literal["turnout", "support"]
    needed: int
    """Returns needed for the turnout test (least R with R/E >= 50%: ceil(E/2)), or Yes votes for
    the support test (least Y with Y/E >= 40%: ceil(2E/5))."""
    so_far: int | None
    """Returns by the last count, or the Yes votes by then (None: no Yes share known)."""
    estimated: bool
    """`so_far` is Yes estimated from a share (--yes-share, or an earlier count's), not counted."""
    still: int | None
    """needed - so_far, never below 0."""
    per_day: int | None
    """`still` over the days left, rounded up; None when nothing is still needed or no day is left."""

    @property
    def met(self) -> bool | None:
        return None if self.still is None else self.still == 0


class Pace(Struct, frozen=True):
    """Returns a day over a span of days up to the last count, and where that pace leads."""

    first_day: dt.date
    """The first day of the span."""
    days: int
    returns: int
    """Papers returned over the span."""
    rate: Fraction
    projected_returns: int
    """Returns at the close if the pace holds: the last count plus rate x days left, whole papers
    only (rounded down), never more than E."""
    projected_yes: int | None
    """Yes at the close at the Yes share (rounded down); None without a share or support test."""
    turnout_met: bool | None
    """The turnout test is met at the close at this pace (None: no turnout test)."""
    support_met: bool | None
    """The support test is met at the close at this pace (None: no support test, or no share)."""
    meets: bool | None
    """Every test that applies is met at the close at this pace (None: cannot be told)."""


class Position(Struct, frozen=True):
    """Where one separate ballot (a unit, or a ballot without units) stands: the figures `target`
    shows for it. Pure arithmetic on its counts (`position`)."""

    eligible: int | None
    as_of: dt.date | None
    """The day of the last count (None: no count)."""
    returned: int | None
    """Papers returned by the end of `as_of` (None: no count, shown as such, never as 0)."""
    days_elapsed: int | None
    days_left: int | None
    turnout: Need | None
    support: Need | None
    yes_share: Fraction | None
    average: Pace | None
    """The pace so far: since the opening day."""
    recent: Pace | None
    """The pace over the last `recent_days` days (see RECENT_RULE)."""
    group: Group
    gap: int | None
    """Further returns needed for every test (at the Yes share for the 40% test); None if that
    cannot be told. Units are sorted by it within their group."""


class Plan(Struct, frozen=True):
    """Everything `ballotcalc target` reports about one open ballot."""

    file: str
    sha256: str
    title: str
    regime: Regime
    status: Status
    notes: tuple[str, ...]
    eligible: int | None
    opened: dt.date | None
    closed: dt.date
    points: tuple[Point, ...]
    as_of: dt.date | None
    """The day of the latest count (None: no count yet)."""
    returned: int
    """Papers returned by the end of `as_of` (0 without a count)."""
    turnout_threshold: Fraction | None
    turnout_so_far: Fraction | None
    target: int | None
    """Returns needed in total for the turnout test (None where there is none)."""
    still_needed: int | None
    days_elapsed: int | None
    days_left: int | None
    per_day_needed: int | None
    """Further returns needed per remaining day (rounded up); None if none are needed or no day is
    left."""
    rate: Fraction | None
    """Returns per elapsed day so far."""
    projected_returns: int | None
    """Whole returns at the close if the rate holds (rounded down, capped at E)."""
    projected_turnout: Fraction | None
    projected_met: bool | None
    crossing_day: dt.date | None
    """The day the count would reach the turnout target at the current rate (or did, by the counts);
    may fall after the close."""
    crossing_in_time: bool | None
    support: SupportPlan | None
    overall_still_needed: int | None
    """Further returns needed for every test that applies (the larger of turnout and support)."""
    chart: tuple[ChartDay, ...]
    position: Position
    """Each test on its own (turnout in returns, the 40% test in Yes votes), the pace so far and the
    recent pace with the projection from each."""
    recent_days: int
    posting: Posting | None
    """The last safe posting day (None without a closing date)."""

    @property
    def met(self) -> bool | None:
        return None if self.still_needed is None else self.still_needed == 0


def plan(
    loaded: LoadedBallot,
    *,
    returned: int | None = None,
    on: dt.date | None = None,
    yes_share: Fraction | None = None,
    regime: str | None = None,
    settings: Settings | None = None,
    recent_days: int = DEFAULT_RECENT_DAYS,
    post_days: int = DEFAULT_POST_DAYS,
    bank_holidays: Sequence[BankHolidays] = (),
    today: dt.date | None = None,
) -> Plan:
    """What an open ballot still needs. `returned`/`on` add a count to those in the file;
    `yes_share` is the assumed Yes share of papers returned, for the 40% support test;
    `recent_days` the span of the recent pace; `post_days` the working days post takes, on the
    `bank_holidays` calendars (default: the ballot's jurisdiction's); `today` marks a posting day
    that has passed."""
    from ballotcalc.judging import tests_for

    ballot = loaded.ballot
    document = loaded.document
    _check_options(recent_days, post_days)
    if ballot.units is not None:
        raise PlanningError("a ballot with units is planned unit by unit: use plan_units()")
    if not loaded.status.open:
        key = next(k for k in ("results", "units_csv", "units") if getattr(ballot, k) is not None)
        raise InputError.single(
            loaded.file,
            "the ballot has results, so it has closed: use 'ballotcalc result' (target is for a "
            "ballot still open)",
            line=document.line_of((key,)),
            path=key,
        )
    if ballot.closed is None:
        raise InputError.single(
            loaded.file,
            "is required for 'target': the last day votes may be cast (the date of the ballot, "
            "s.246)",
            line=document.line_of(("closed",)),
            path="closed",
        )
    if (returned is None) != (on is None):
        raise PlanningError("--returned and --on go together: the count and the day it was made")
    if yes_share is not None and not 0 <= yes_share <= 1:
        raise PlanningError("--yes-share must be a percentage from 0 to 100")
    choice = choose_regime(loaded, regime, settings or Settings())
    tests, test_notes = tests_for(ballot, choice.regime)
    notes = [*choice.notes, *test_notes]
    e = ballot.eligible
    if e is None and (tests.turnout is not None or tests.support is not None):
        raise InputError.single(
            loaded.file,
            f"is required: regime {choice.regime.id} applies a turnout or support test, which "
            "needs the number entitled to vote",
            line=document.line_of(("eligible",)),
            path="eligible",
        )
    points = _points(ballot.returns or (), returned, on, ballot.opened, ballot.closed, e)
    status: Status = (
        "consultative" if ballot.kind != "statutory"
        else "no-threshold" if tests.turnout is None and tests.support is None
        else "chase"
    )  # fmt: skip
    if status == "consultative":
        notes.append(
            "A consultative ballot has no statutory threshold and gives no mandate: "
            "there is no turnout target to chase."
        )
    elif status == "no-threshold":
        notes.append(
            f"Regime {choice.regime.id} has no turnout or support threshold: there is "
            "nothing to chase; a majority of those voting is enough."
        )
    if ballot.opened is None:
        notes.append(
            "The opening date is not given, so the rate of returns and the projection "
            "cannot be worked out."
        )
    share, counted = yes_share, None
    if share is None and tests.support is not None:
        share = _yes_share_so_far(ballot.returns or (), notes)
        counted = _yes_counted(ballot.returns or (), points)
    notes.append(_sentence(DAYS_LEFT_RULE))
    notes.append(_sentence(recent_rule(recent_days)))
    where = position(
        e, points, ballot.opened, ballot.closed, tests.turnout, tests.support, share, counted,
        recent_days,
    )  # fmt: skip
    posting = posting_day(ballot.jurisdiction, ballot.closed, post_days, bank_holidays, today)
    return _figures(
        loaded, choice.regime, status, tuple(notes), points, tests.turnout, tests.support, share,
        (where, recent_days, posting),
    )  # fmt: skip


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def recent_rule(days: int) -> str:
    return RECENT_RULE.format(n=days, s="" if days == 1 else "s")


def _check_options(recent_days: int, post_days: int) -> None:
    if recent_days < 1:
        raise PlanningError(f"--recent {recent_days}: the recent pace needs at least 1 day")
    if post_days < 1:
        raise PlanningError(f"--post-days {post_days}: post takes at least 1 working day")


def posting_day(
    jurisdiction: str,
    closed: dt.date | None,
    post_days: int,
    bank_holidays: Sequence[BankHolidays],
    today: dt.date | None,
) -> Posting | None:
    """The last safe posting day on the given calendars, else the jurisdiction's (England and Wales
    for gb, Northern Ireland for ni)."""
    if closed is None:
        return None
    calendars = tuple(bank_holidays) or DEFAULTS[jurisdiction]
    return last_posting_day(closed, post_days, calendars, today)


def _yes_counted(entries: Sequence[Return], points: Sequence[Point]) -> int | None:
    """The Yes count of the last count, where the last count gives one (else Yes so far is an
    estimate from the latest share)."""
    if not entries or not points:
        return None
    last = entries[-1]
    return last.yes if last.yes is not None and last.date == points[-1].day else None


def position(
    eligible: int | None,
    points: Sequence[Point],
    opened: dt.date | None,
    closed: dt.date,
    turnout: Fraction | None,
    support: Fraction | None,
    share: Fraction | None,
    yes_counted: int | None,
    recent_days: int,
) -> Position:
    """Where one separate ballot stands on its counts (`points`, cumulative, in date order).

    `share` is the Yes share of papers returned the 40% test assumes; `yes_counted` the Yes of the
    last count where it gives one (else Yes so far is the share of the papers returned, rounded
    down, and marked estimated)."""
    e = eligible
    last = points[-1] if points else None
    r = None if last is None else last.returned
    as_of = None if last is None else last.day
    if as_of is not None:
        days_left: int | None = (closed - as_of).days
    else:
        days_left = None if opened is None else (closed - opened).days + 1
    elapsed = None if opened is None or as_of is None else (as_of - opened).days + 1
    turnout_need = support_need = None
    if turnout is not None and e is not None:
        target = needed(turnout, e)
        still = None if r is None else max(0, target - r)
        turnout_need = Need("turnout", target, r, False, still, _per_day(still, days_left))
    if support is not None and e is not None:
        yes_needed = needed(support, e)
        yes = yes_counted
        if yes is None and share is not None and r is not None:
            yes = (share * r).__floor__()
        still = None if yes is None else max(0, yes_needed - yes)
        estimated = yes is not None and yes_counted is None
        support_need = Need(
            "support", yes_needed, yes, estimated, still, _per_day(still, days_left)
        )
    share = share if support_need is not None else None
    tests = [n for n in (turnout_need, support_need) if n is not None]
    average = recent = None
    if r is not None and as_of is not None and days_left is not None:
        if opened is not None and elapsed:
            average = _pace(opened, elapsed, r, r, days_left, e, share, tests)
        base = next((p for p in reversed(points) if (as_of - p.day).days >= recent_days), None)
        if base is not None:
            span = (as_of - base.day).days
            recent = _pace(
                base.day + ONE_DAY, span, r - base.returned, r, days_left, e, share, tests
            )
        elif average is not None:
            recent = average  # the ballot has not run longer than the span: the same days
    return Position(
        eligible=e,
        as_of=as_of,
        returned=r,
        days_elapsed=elapsed,
        days_left=days_left,
        turnout=turnout_need,
        support=support_need,
        yes_share=share,
        average=average,
        recent=recent,
        group=_group(r, tests, recent),
        gap=_gap(turnout_need, support_need, share),
    )


def _per_day(still: int | None, days_left: int | None) -> int | None:
    return _ceil_div(still, days_left) if still and days_left else None


def _pace(
    first_day: dt.date,
    days: int,
    returns: int,
    returned: int,
    days_left: int,
    e: int | None,
    share: Fraction | None,
    tests: Sequence[Need],
) -> Pace:
    """`returns` over `days` days as a pace, and where it leads from `returned` by the close."""
    rate = Fraction(returns, days)
    projected = returned + (rate * days_left).__floor__()
    if e is not None:
        projected = min(projected, e)
    projected_yes = None if share is None else (share * projected).__floor__()
    turnout_met = support_met = None
    checks: list[bool | None] = []
    for need in tests:
        if need.test == "turnout":
            turnout_met = projected >= need.needed
            checks.append(turnout_met)
        else:
            support_met = None if projected_yes is None else projected_yes >= need.needed
            checks.append(support_met)
    meets = None if not checks else False if False in checks else None if None in checks else True
    return Pace(
        first_day, days, returns, rate, projected, projected_yes, turnout_met, support_met, meets
    )


def _group(returned: int | None, tests: Sequence[Need], recent: Pace | None) -> Group:
    if returned is None:
        return "no-returns"
    if tests and all(n.met for n in tests):
        return "met"
    if recent is None or recent.meets is None:
        return "unknown"
    return "within-reach" if recent.meets else "out-of-reach"


def _gap(turnout: Need | None, support: Need | None, share: Fraction | None) -> int | None:
    """Further returns needed for every test: the turnout's, and the papers that bring the 40%
    test's Yes votes at the Yes share."""
    gaps: list[int | None] = []
    if turnout is not None:
        gaps.append(turnout.still)
    if support is not None:
        if support.still == 0:
            gaps.append(0)
        elif support.still is None or not share:
            gaps.append(None)
        else:
            gaps.append(_ceil_div(support.still, share))
    if not gaps or None in gaps:
        return None
    return max(g for g in gaps if g is not None)


def _yes_share_so_far(entries: Sequence[Return], notes: list[str]) -> Fraction | None:
    """The Yes share of the latest count that gives Yes answers (`yes`), with a note saying so."""
    latest = next((e for e in reversed(entries) if e.yes is not None and e.returned), None)
    if latest is None or latest.yes is None:
        return None
    notes.append(
        f"The 40% test assumes the Yes share so far holds: {latest.yes:,} Yes of {latest.returned:,} "
        f"papers returned by {latest.date} (--yes-share overrides it)."
    )
    return Fraction(latest.yes, latest.returned)


def _points(
    entries: Sequence[Return],
    returned: int | None,
    on: dt.date | None,
    opened: dt.date | None,
    closed: dt.date,
    eligible: int | None,
) -> tuple[Point, ...]:
    """The file's counts (already checked by the model) plus one from the command line, checked."""
    points = [Point(r.date, r.returned) for r in entries]
    if returned is None or on is None:
        return tuple(points)
    if returned < 0:
        raise PlanningError(f"--returned {returned} is negative")
    if opened is not None and on < opened:
        raise PlanningError(f"--on {on} is before the ballot opened ({opened})")
    if on > closed:
        raise PlanningError(f"--on {on} is after the ballot closed ({closed})")
    if eligible is not None and returned > eligible:
        raise PlanningError(f"--returned {returned:,} is more than eligible {eligible:,}")
    if any(p.day == on for p in points):
        raise PlanningError(
            f"the file already has a count for {on}; give a different day or edit the file"
        )
    earlier = [p for p in points if p.day < on]
    later = [p for p in points if p.day > on]
    if earlier and earlier[-1].returned > returned:
        raise PlanningError(
            f"--returned {returned:,} is fewer than the {earlier[-1].returned:,} "
            f"counted on {earlier[-1].day}; returns are cumulative"
        )
    if later and later[0].returned < returned:
        raise PlanningError(
            f"--returned {returned:,} is more than the {later[0].returned:,} "
            f"counted later, on {later[0].day}; returns are cumulative"
        )
    return (*earlier, Point(on, returned), *later)


def _ceil_div(a: int | Fraction, b: int | Fraction) -> int:
    return -((-Fraction(a)) // Fraction(b))


def _figures(
    loaded: LoadedBallot,
    regime: Regime,
    status: Status,
    notes: tuple[str, ...],
    points: tuple[Point, ...],
    turnout: Fraction | None,
    support: Fraction | None,
    yes_share: Fraction | None,
    extra: tuple[Position, int, Posting | None],
) -> Plan:
    ballot = loaded.ballot
    e, opened, closed = ballot.eligible, ballot.opened, ballot.closed
    assert closed is not None
    last = points[-1] if points else None
    as_of = last.day if last else None
    r = last.returned if last else 0
    total_days = None if opened is None else (closed - opened).days + 1
    if as_of is not None:
        days_left: int | None = (closed - as_of).days
    else:
        days_left = total_days
    elapsed = None if opened is None or as_of is None else (as_of - opened).days + 1
    rate = None if not elapsed else Fraction(r, elapsed)

    target = still = per_day = None
    if turnout is not None and e is not None:
        target = needed(turnout, e)
        still = max(0, target - r)
        per_day = _ceil_div(still, days_left) if still and days_left else None

    projected = projected_turnout = None
    projected_met = None
    if rate is not None and total_days is not None:
        # whole papers only: a projection of 10,499.6 returns does not meet a target of 10,500
        projected = (rate * total_days).__floor__()
        if e is not None:
            projected = min(projected, e)
        projected_turnout = None if not e else Fraction(projected, e)
        if target is not None:
            projected_met = projected >= target

    crossing, in_time = _crossing(points, target, rate, opened, closed)
    support_plan = _support(support, e, yes_share, r)
    overall = None
    if still is not None or (support_plan and support_plan.still_needed is not None):
        overall = max(still or 0, (support_plan.still_needed or 0) if support_plan else 0)
    return Plan(
        file=loaded.file,
        sha256=loaded.document.sha256,
        title=ballot.title,
        regime=regime,
        status=status,
        notes=notes,
        eligible=e,
        opened=opened,
        closed=closed,
        points=points,
        as_of=as_of,
        returned=r,
        turnout_threshold=turnout,
        turnout_so_far=None if not e else Fraction(r, e),
        target=target,
        still_needed=still,
        days_elapsed=elapsed,
        days_left=days_left,
        per_day_needed=per_day,
        rate=rate,
        projected_returns=projected,
        projected_turnout=projected_turnout,
        projected_met=projected_met,
        crossing_day=crossing,
        crossing_in_time=in_time,
        support=support_plan,
        overall_still_needed=overall,
        chart=_chart(points, target, rate, opened, closed, as_of, e),
        position=extra[0],
        recent_days=extra[1],
        posting=extra[2],
    )


def _crossing(
    points: tuple[Point, ...],
    target: int | None,
    rate: Fraction | None,
    opened: dt.date | None,
    closed: dt.date,
) -> tuple[dt.date | None, bool | None]:
    """When the turnout target was reached (by the counts) or would be (at the current rate)."""
    if target is None:
        return None, None
    for p in points:
        if p.returned >= target:
            return p.day, True
    if not rate or opened is None:
        return None, (False if rate == 0 else None)
    # the least whole number of days k from the opening (both ends in) with k * rate >= target
    k = _ceil_div(target, rate)
    day = opened + dt.timedelta(days=k - 1)
    return day, day <= closed


def _support(
    threshold: Fraction | None, e: int | None, share: Fraction | None, r: int
) -> SupportPlan | None:
    if threshold is None or e is None:
        return None
    yes_needed = needed(threshold, e)
    returns_needed = reachable = still = None
    if share is not None:
        if share == 0:
            reachable = False
        else:
            returns_needed = _ceil_div(yes_needed, share)
            reachable = returns_needed <= e
            still = max(0, returns_needed - r) if reachable else None
    return SupportPlan(
        threshold=threshold,
        yes_needed=yes_needed,
        yes_share=share,
        returns_needed=returns_needed,
        reachable=reachable,
        still_needed=still,
    )


def _chart(
    points: tuple[Point, ...],
    target: int | None,
    rate: Fraction | None,
    opened: dt.date | None,
    closed: dt.date,
    as_of: dt.date | None,
    e: int | None,
) -> tuple[ChartDay, ...]:
    """One row per day of the ballot (every few days for a long one, always on count days)."""
    if opened is None or closed < opened:
        return ()
    total = (closed - opened).days + 1
    step = _ceil_div(total, MAX_CHART_ROWS)
    counts = {p.day: p.returned for p in points}
    rows = []
    for k in range(1, total + 1):
        day = opened + dt.timedelta(days=k - 1)
        if (k - 1) % step and day not in counts and day not in (closed, as_of):
            continue
        line = None if target is None else _ceil_div(target * k, total)
        projected = None
        if rate is not None and as_of is not None and day > as_of:
            projected = int(rate * k)
            if e is not None:
                projected = min(projected, e)
        rows.append(ChartDay(day=day, line=line, returned=counts.get(day), projected=projected))
    return tuple(rows)


# --- a ballot with units: the turnout drive employer by employer -----------------------------------


class UnitTarget(Struct, frozen=True):
    """One unit (a separate ballot, s.228) of a ballot still open, and where it stands."""

    name: str
    position: Position
    yes_share_from: Literal["count", "option"] | None
    """Where the Yes share for the 40% test came from: the unit's own latest `yes`, or
    --yes-share for a unit whose counts give none."""


class UnitsTotals(Struct, frozen=True):
    """Sums across the units: information for the drive, never a legal test (s.228: each unit is
    judged on its own figures)."""

    units: int
    groups: tuple[tuple[Group, int], ...]
    """How many units in each group, in `GROUPS` order."""
    eligible: int | None
    """Entitled to vote in all units (None if a unit does not give it)."""
    with_returns: int
    returned: int
    """Papers returned by the last counts of the units that have one."""
    returns_still_needed: int | None
    """The units' further returns for the turnout test, added up (None: no turnout test)."""
    yes_still_needed: int | None
    """The units' further Yes votes for the 40% test, added up over the units where it is known."""


class UnitsPlan(Struct, frozen=True):
    """Everything `ballotcalc target` reports about an open ballot with units."""

    file: str
    sha256: str
    title: str
    regime: Regime
    status: Status
    notes: tuple[str, ...]
    opened: dt.date | None
    closed: dt.date
    turnout_threshold: Fraction | None
    support_threshold: Fraction | None
    recent_days: int
    posting: Posting | None
    units: tuple[UnitTarget, ...]
    """By group (`GROUPS` order), then by gap (smallest first), then by name."""
    totals: UnitsTotals
    aggregate: Position | None = None
    """An aggregated ballot (s.228A) only: the units added together, which is what the tests
    judge, on the days every unit has a count."""


def plan_units(
    loaded: LoadedBallot,
    *,
    yes_share: Fraction | None = None,
    regime: str | None = None,
    settings: Settings | None = None,
    recent_days: int = DEFAULT_RECENT_DAYS,
    post_days: int = DEFAULT_POST_DAYS,
    bank_holidays: Sequence[BankHolidays] = (),
    today: dt.date | None = None,
) -> UnitsPlan:
    """What each unit of an open ballot with units still needs, grouped for the turnout drive.

    `yes_share` stands for the Yes share of the units whose counts give no `yes`; the rest as for
    `plan`."""
    from ballotcalc.judging import tests_for

    ballot = loaded.ballot
    _check_options(recent_days, post_days)
    if ballot.units is None:
        raise PlanningError("a ballot without units is planned as a whole: use plan()")
    if not loaded.status.open:
        raise InputError.single(
            loaded.file,
            "the ballot has results, so it has closed: use 'ballotcalc result' (target is for a "
            "ballot still open)",
            line=loaded.document.line_of(("units",)),
            path="units",
        )
    if ballot.closed is None:
        raise InputError.single(
            loaded.file,
            "is required for 'target': the last day votes may be cast (the date of the ballot, "
            "s.246)",
            line=loaded.document.line_of(("closed",)),
            path="closed",
        )
    if yes_share is not None and not 0 <= yes_share <= 1:
        raise PlanningError("--yes-share must be a percentage from 0 to 100")
    choice = choose_regime(loaded, regime, settings or Settings())
    tests, test_notes = tests_for(ballot, choice.regime)
    if tests.turnout is not None or tests.support is not None:
        missing = [
            loaded.problem(
                ("units", i, "eligible"),
                f"is required: regime {choice.regime.id} applies a turnout or support test, "
                "which needs the number entitled to vote in each unit",
            )
            for i, unit in enumerate(ballot.units)
            if unit.eligible is None
        ]
        if missing:
            raise InputError(missing)
    notes = [*choice.notes, *test_notes]
    status: Status = (
        "consultative" if ballot.kind != "statutory"
        else "no-threshold" if tests.turnout is None and tests.support is None
        else "chase"
    )  # fmt: skip
    aggregate = None
    if ballot.aggregation == "aggregate":
        points = _common_points([unit.returns or () for unit in ballot.units])
        eligible = [unit.eligible for unit in ballot.units]
        total_e = None if None in eligible else sum(e or 0 for e in eligible)
        aggregate = position(
            total_e, points, ballot.opened, ballot.closed, tests.turnout, tests.support,
            yes_share, None, recent_days,
        )  # fmt: skip
        notes.append(
            "Aggregated ballot (s.228A): the tests apply to the units added together (the whole "
            "ballot's line), on the days every unit has a count"
            + ("" if points else ": no day has a count from every unit yet")
            + "; each unit's own figures are for information only."
        )
    else:
        notes.append(
            f"Separate ballots (s.228): every test applies to each of the {len(ballot.units):,} "
            "units on its own; the totals are information, not a legal test."
        )
    units = [
        _unit_target(unit.name, unit.eligible, unit.returns or (), ballot.opened, ballot.closed,
                     tests.turnout, tests.support, yes_share, recent_days)
        for unit in ballot.units
    ]  # fmt: skip
    if tests.support is not None:
        notes.append(
            "The 40% test takes each unit's Yes share from its latest count that gives Yes "
            "answers (`yes`); Yes so far is that count where the last count gives it, else the "
            "share of the papers returned, rounded down (marked ~)"
            + (
                "; --yes-share stands for units whose counts give none."
                if yes_share is not None
                else "; give --yes-share P for units whose counts give none."
            )
        )
    notes.append(_sentence(DAYS_LEFT_RULE))
    notes.append(_sentence(recent_rule(recent_days)))
    order = {g: i for i, g in enumerate(GROUPS)}
    units.sort(
        key=lambda u: (
            order[u.position.group],
            u.position.gap is None,
            u.position.gap or 0,
            u.name.casefold(),
        )
    )
    return UnitsPlan(
        file=loaded.file,
        sha256=loaded.document.sha256,
        title=ballot.title,
        regime=choice.regime,
        status=status,
        notes=tuple(notes),
        opened=ballot.opened,
        closed=ballot.closed,
        turnout_threshold=tests.turnout,
        support_threshold=tests.support,
        recent_days=recent_days,
        posting=posting_day(ballot.jurisdiction, ballot.closed, post_days, bank_holidays, today),
        units=tuple(units),
        totals=_totals(units, tests.turnout is not None, tests.support is not None),
        aggregate=aggregate,
    )


def _common_points(series: Sequence[Sequence[Return]]) -> list[Point]:
    """The units' counts added up, on the days every unit has one (an aggregated ballot)."""
    if not series or not all(series):
        return []
    days = set.intersection(*({r.date for r in entries} for entries in series))
    totals = dict.fromkeys(sorted(days), 0)
    for entries in series:
        for r in entries:
            if r.date in totals:
                totals[r.date] += r.returned
    return [Point(day, n) for day, n in totals.items()]


def _unit_target(
    name: str,
    eligible: int | None,
    entries: Sequence[Return],
    opened: dt.date | None,
    closed: dt.date,
    turnout: Fraction | None,
    support: Fraction | None,
    option: Fraction | None,
    recent_days: int,
) -> UnitTarget:
    points = [Point(r.date, r.returned) for r in entries]
    latest = next((r for r in reversed(entries) if r.yes is not None and r.returned), None)
    share: Fraction | None
    source: Literal["count", "option"] | None
    if latest is not None and latest.yes is not None:
        share, source = Fraction(latest.yes, latest.returned), "count"
    elif option is not None:
        share, source = option, "option"
    else:
        share, source = None, None
    counted = _yes_counted(entries, points) if source == "count" else None
    where = position(
        eligible, points, opened, closed, turnout, support, share, counted, recent_days
    )
    return UnitTarget(name, where, source if where.support is not None else None)


def _totals(units: Sequence[UnitTarget], turnout: bool, support: bool) -> UnitsTotals:
    counted = [u.position for u in units if u.position.returned is not None]
    eligible = [u.position.eligible for u in units]
    yes = [
        p.support.still for p in counted if p.support is not None and p.support.still is not None
    ]
    return UnitsTotals(
        units=len(units),
        groups=tuple((g, sum(u.position.group == g for u in units)) for g in GROUPS),
        eligible=None if None in eligible else sum(e or 0 for e in eligible),
        with_returns=len(counted),
        returned=sum(p.returned or 0 for p in counted),
        returns_still_needed=(
            sum(p.turnout.still or 0 for p in counted if p.turnout is not None) if turnout else None
        ),
        yes_still_needed=sum(yes) if support else None,
    )
