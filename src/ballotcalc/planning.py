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
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from ballotcalc.errors import BallotcalcError, InputError
from ballotcalc.judging import choose_regime
from ballotcalc.model import Return
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


@dataclass(frozen=True, slots=True)
class Point:
    """A cumulative count of papers returned, at the end of `day`."""

    day: dt.date
    returned: int


@dataclass(frozen=True, slots=True)
class ChartDay:
    """One row of the chart: the straight line to the threshold, and the count or projection."""

    day: dt.date
    line: int | None
    """Returns the straight line from 0 at the opening to the threshold at the close reaches by the
    end of this day (rounded up); None where there is no threshold."""
    returned: int | None
    """The scrutineer's count for this day, where there is one."""
    projected: int | None
    """Returns by the end of this day if the current rate holds (days after the last count)."""


@dataclass(frozen=True, slots=True)
class SupportPlan:
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


@dataclass(frozen=True, slots=True)
class Plan:
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
) -> Plan:
    """What an open ballot still needs. `returned`/`on` add a count to those in the file;
    `yes_share` is the assumed Yes share of papers returned, for the 40% support test."""
    from ballotcalc.judging import tests_for

    ballot = loaded.ballot
    document = loaded.document
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
    if yes_share is None and tests.support is not None:
        yes_share = _yes_share_so_far(ballot.returns or (), notes)
    notes.append(DAYS_LEFT_RULE[0].upper() + DAYS_LEFT_RULE[1:] + ".")
    return _figures(
        loaded, choice.regime, status, tuple(notes), points, tests.turnout, tests.support, yes_share
    )


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
