"""When each notice to an employer must arrive, and whether the notices recorded did.

Two notices open and announce action, and each must REACH the employer in time (the test is
receipt, notices-law.md 1.1 and 2.3):
* the s.226A notice of the ballot no later than the 7th day before the opening day, and the sample
  voting paper no later than the 3rd (s.226A(1); NI art 105);
* the s.234A notice of action within the period beginning with the day the employer was told the
  result (s.231A, `told_employer:`) and ending the 7th, 14th or 10th day before the first day of
  action, by the regime in force on the day the notice is received (`plan.regime_on`,
  `plan.latest_receipt`: the notice-period arithmetic is theirs, not redone here).

The numbers of days and the statutory words are data (rules/regimes.yaml, `deadlines`). Each
notice recorded under `notices:` (ballot or unit) is checked against them; a notice that was not in
time is a located warning, because the record is history: the officer must see it, and the ballot
file is still valid. Pure: a loaded ballot in, frozen decisions out; `timeline` and the audit pack
only present them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from msgspec import Struct
from msgspec.structs import replace

from ballotcalc.bank_holidays import show
from ballotcalc.dates import nth_day_before
from ballotcalc.errors import Problem
from ballotcalc.plan import RegimeOn, notice_days, ordinal
from ballotcalc.rules import rulebook

if TYPE_CHECKING:
    from ballotcalc.judging import LoadedBallot
    from ballotcalc.loading import PathKey
    from ballotcalc.model import Ballot, NoticeGiven

Cite = Callable[[str], str]


class Rule(Struct, frozen=True):
    """A deadline's statutory words and where they come from."""

    section: str
    """The GB section ("226A"), cited where the ballot is held (`RuleBook.cite`)."""
    words: str
    source: str


class DeadlineRules(Struct, frozen=True):
    ballot_notice: Rule
    sample_paper: Rule
    action_notice_start: Rule
    action_notice_end: dict[str, Rule]
    """By regime id: the words ending the s.234A period under that regime."""
    decided_by: dict[str, str]
    """By notice ("226A", "234A"): the day that chooses the version of its content, in words."""


@cache
def deadline_rules() -> DeadlineRules:
    """The `deadlines` table of rules/regimes.yaml, read once."""
    from importlib import resources

    from ballotcalc.loading import parse_yaml

    raw: Any = parse_yaml(
        resources.files("ballotcalc.rules").joinpath("regimes.yaml").read_bytes(), "regimes.yaml"
    ).data["deadlines"]

    def rule(item: dict[str, Any], section: str | None = None) -> Rule:
        return Rule(
            section=str(item.get("section", section)),
            words=item["words"],
            source=item["source"],
        )

    return DeadlineRules(
        ballot_notice=rule(raw["ballot_notice"]),
        sample_paper=rule(raw["sample_paper"]),
        action_notice_start=rule(raw["action_notice_start"]),
        action_notice_end={k: rule(v, "234A") for k, v in raw["action_notice_end"].items()},
        decided_by={k.removeprefix("s"): str(v) for k, v in raw["decided_by"].items()},
    )


class Deadline(Struct, frozen=True):
    """A latest day of receipt, the rule that fixes it, and how it is counted."""

    key: str
    day: dt.date
    rule: Rule
    counted: str
    """How the day was worked out, in words ("the 7th day before the opening day")."""
    days: int
    """The N of "the Nth day before"."""


def ballot_deadlines(opened: dt.date) -> tuple[Deadline, Deadline]:
    """The s.226A deadlines for a ballot opening on `opened`: the notice, then the sample paper."""
    rules = deadline_rules()
    days = rulebook().notice_deadlines
    out = []
    for key, rule, n in (
        ("ballot-notice", rules.ballot_notice, days.ballot_notice_days),
        ("sample-paper", rules.sample_paper, days.sample_paper_days),
    ):
        out.append(
            Deadline(
                key,
                nth_day_before(opened, n),
                rule,
                f"received no later than the {ordinal(n)} day before the opening day",
                n,
            )
        )
    return out[0], out[1]


Status = Literal["in-time", "late", "early", "cannot-check"]


class RecordedNotice(Struct, frozen=True):
    """A notice recorded under `notices:` and the decision on whether it arrived in time."""

    employer: str
    path: PathKey
    """Where it is written in the ballot data, e.g. ("units", 2, "notices", 0)."""
    notice: NoticeGiven
    status: Status
    says: str
    """The decision in a sentence, with the dates and the rule."""
    first_day: dt.date | None = None
    """Action notices: the first day of action they specify."""
    deadline: Deadline | None = None
    """The latest day it could be received (s.226A: for the opening day; s.234A: for its first
    day of action, under the regime in force on the day it was received)."""
    period_start: dt.date | None = None
    """Action notices: the day the employer was told the result (s.231A), if recorded."""
    regime: str | None = None
    """Action notices: the regime whose notice period applies (in force on the day received)."""


class RecordedNotices(Struct, frozen=True):
    """Every recorded notice, checked, and a located warning for each that was not in time."""

    notices: tuple[RecordedNotice, ...]
    warnings: tuple[Problem, ...]
    notes: tuple[str, ...]


class Employer(Struct, frozen=True):
    """What a ballot file records for one employer: its name, when it was told the result
    (s.231A), the notices it has received (`notices:`), and where those were written: under its
    unit, or (`()`) at the top of the file, for every employer without its own."""

    name: str
    told: dt.date | None
    given: tuple[NoticeGiven, ...]
    given_at: PathKey = ()


def employers(ballot: Ballot) -> tuple[Employer, ...]:
    """Each employer that gets its own notices: every unit of a ballot with units (a unit's own
    record first, else the ballot's), or the ballot's one employer."""
    if not ballot.units:
        return (Employer(ballot.named(), ballot.told_employer, tuple(ballot.notices or ())),)
    return tuple(
        Employer(
            unit.name,
            unit.told_employer or ballot.told_employer,
            tuple(unit.notices or ballot.notices or ()),
            ("units", index) if unit.notices else (),
        )
        for index, unit in enumerate(ballot.units)
    )


def check_recorded(
    loaded: LoadedBallot, regime_on: RegimeOn | None, cite: Cite, *, agreed: bool = False
) -> RecordedNotices:
    """Check each notice recorded in the ballot file (ballot-wide and per unit).

    `regime_on` gives the regime in force on a day of receipt (None: no regime could be chosen,
    and action notices cannot be checked). `agreed`: the union and the employer agreed the shorter
    notice period where the regime allows one (gb-tua-2016: 7 days), as the user states.
    """
    ballot = loaded.ballot
    found: list[RecordedNotice] = []
    notes: list[str] = []
    for employer in employers(ballot):  # notices at the top of the file: each employer's own
        for index, notice in enumerate(employer.given):
            path = (*employer.given_at, "notices", index)
            if notice.kind == "ballot":
                found.append(_ballot_notice(employer.name, path, notice, ballot.opened, cite))
            else:
                found.append(
                    _action_notice(
                        employer.name, path, notice, employer.told, regime_on, cite, agreed
                    )
                )
    warnings = tuple(
        dict.fromkeys(  # a notice at the top of the file is said once, not once per employer
            replace(loaded.problem((*r.path, "received"), r.says), severity="warning")
            for r in found
            if r.status in ("late", "early")
        )
    )
    if any(r.status == "cannot-check" for r in found):
        notes.append(
            "A recorded notice that could not be checked says why in the timeline (no opening "
            "date, no told_employer, or no regime)."
        )
    return RecordedNotices(tuple(found), warnings, tuple(notes))


def _ballot_notice(
    employer: str, path: PathKey, notice: NoticeGiven, opened: dt.date | None, cite: Cite
) -> RecordedNotice:
    received = notice.received
    if opened is None:
        return RecordedNotice(
            employer,
            path,
            notice,
            "cannot-check",
            f"notice of the ballot received {show(received)}: the opening date is not given, "
            f"so whether it arrived in time ({cite('226A')}) cannot be checked",
        )
    deadline = ballot_deadlines(opened)[0]
    if received > deadline.day:
        return RecordedNotice(
            employer,
            path,
            notice,
            "late",
            f"the notice of the ballot was received on {show(received)}, after "
            f"{show(deadline.day)}, the {ordinal(deadline.days)} day before the "
            f"opening day {show(opened)} ({_paragraph(cite('226A'), '(1)(a)')}: "
            f'"{deadline.rule.words}"{_gb_words(cite("226A"))})',
            deadline=deadline,
        )
    return RecordedNotice(
        employer,
        path,
        notice,
        "in-time",
        f"notice of the ballot received {show(received)}, by {show(deadline.day)} ({cite('226A')})",
        deadline=deadline,
    )


def _action_notice(
    employer: str,
    path: PathKey,
    notice: NoticeGiven,
    told: dt.date | None,
    regime_on: RegimeOn | None,
    cite: Cite,
    agreed: bool = False,
) -> RecordedNotice:
    received = notice.received
    first = notice.continuous_from or (notice.days[0] if notice.days else None)
    if first is None or regime_on is None:  # pragma: no cover - validation requires a first day
        return RecordedNotice(
            employer, path, notice, "cannot-check", "no regime could be chosen", first_day=first
        )
    regime = regime_on(received)
    rule = deadline_rules().action_notice_end.get(regime.id)
    n = notice_days(regime, agreed)
    if rule is None or n is None:
        return RecordedNotice(
            employer,
            path,
            notice,
            "cannot-check",
            f"regime {regime.id} (in force on {show(received)}) has no notice period for action",
            first_day=first,
        )
    last = nth_day_before(first, n)
    deadline = Deadline(
        "notice-for-action",
        last,
        rule,
        f"received no later than the {ordinal(n)} day before the first day of action "
        f"({regime.id}, in force on the day it was received"
        f"{'; the shorter period, as agreed' if n != notice_days(regime, False) else ''})",
        n,
    )

    def decided(status: Status, says: str) -> RecordedNotice:
        return RecordedNotice(
            employer, path, notice, status, says, first, deadline, told, regime.id
        )

    if told is not None and received < told:
        start = deadline_rules().action_notice_start
        return decided(
            "early",
            f"the notice of action was received on {show(received)}, before the employer was told "
            f"the result on {show(told)} (told_employer): the period for it begins with that day "
            f'({cite("234A")}(4)(a): "{start.words}"), so it does not count',
        )
    if received > last:
        short = notice_days(regime, agreed=True)
        shorter = (
            f"; in time only if the union and the employer agreed {short} days"
            if not agreed and short is not None and received <= nth_day_before(first, short)
            else ""
        )
        return decided(
            "late",
            f"the notice of action was received on {show(received)}, after {show(last)}, the "
            f"{ordinal(n)} day before the first day of action {show(first)} under {regime.id} "
            f'({cite("234A")}(4)(b): "{rule.words}"){shorter}',
        )
    if told is None:
        return decided(
            "cannot-check",
            f"notice of action received {show(received)}, in time for {show(first)}; whether it "
            "came after the employer was told the result cannot be checked: record told_employer",
        )
    return decided(
        "in-time",
        f"notice of action received {show(received)}, within the period from {show(told)} to "
        f"{show(last)} for action from {show(first)} ({cite('234A')})",
    )


def _paragraph(cited: str, paragraph: str) -> str:
    """A provision with its paragraph, where the paragraph is known: TULRCA's numbering; an NI
    article whose paragraphs were not checked (art 105) is cited whole."""
    return cited + paragraph if cited.startswith("TULRCA") else cited


def _gb_words(cited: str) -> str:
    """Said after GB words quoted for a Northern Ireland article whose text was not checked."""
    if cited.startswith("TULRCA"):
        return ""
    return ", the words of TULRCA s.226A(1)(a); the article's timing is assumed to match"
