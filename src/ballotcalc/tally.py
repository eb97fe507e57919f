"""Exact arithmetic for one ballot: every legal test decided on integers, every share kept exact.

Pure by design: integers and `Fraction`s in, results out, never changed once made. No I/O, no click, rich, yaml or
templates, so this is the one place a reviewer has to read to trust a verdict, and property tests can
drive it directly. A rounded percentage is never compared with a threshold: the tests are
`t.den*V >= t.num*E` (turnout), `s.den*Y >= s.num*E` (support), `Y > N` (majority) and, where spoiled
papers count as votes (s.297A), `2Y > V` (the literal reading, whose failure makes a question
"at risk" rather than failed because the point is unsettled).

What the law cares about is decided here once, as a `Decision` for each unit and question: a
mandate, at risk, or no mandate; or, for a ballot that can give no mandate (a consultative one), the
indicative outcome, which is never a mandate. Every command and renderer reads it; none re-derives it.

Every record here is a frozen `msgspec.Struct`, like the rest of the package's records: made in
C (a national ballot builds 200,000 of each per-unit record) and never changed once made.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from fractions import Fraction
from typing import Literal

from msgspec import Struct

Verdict = Literal["pass", "fail", "at-risk"]
"""The 1.x word for a statutory decision, kept for the JSON and CSV `verdict` field only."""
TestName = Literal["turnout", "majority", "support", "literal_majority"]


class Decision(enum.StrEnum):
    """What one question of one separate ballot allows, named for what the law cares about.

    Only `MANDATE` supports industrial action. `AT_RISK` passes every test except the literal
    s.297A reading (`2Y > V`), which is unsettled. The three `CONSULTATIVE_*` members are the
    indicative outcome of a ballot not held under s.226 (a simple majority of valid votes): they
    never give a mandate, whatever the figures.
    """

    MANDATE = "mandate"
    AT_RISK = "at_risk"
    NO_MANDATE = "no_mandate"
    CONSULTATIVE_MAJORITY_FOR = "consultative_majority_for"
    CONSULTATIVE_MAJORITY_AGAINST = "consultative_majority_against"
    CONSULTATIVE_TIE = "consultative_tie"

    @property
    def mandate(self) -> bool:
        return self is Decision.MANDATE

    @property
    def consultative(self) -> bool:
        return self.value.startswith("consultative_")

    @property
    def verdict(self) -> Verdict | None:
        """The 1.x `verdict` word: pass / at-risk / fail for a statutory ballot; None (no
        statutory test) for a consultative one, whose majority was once wrongly called "pass"."""
        return _VERDICTS.get(self)

    @property
    def severity(self) -> int:
        """Worst first when ordering a unit's questions: no mandate, at risk, then the rest."""
        return _SEVERITY.get(self, 0)


_VERDICTS: dict[Decision, Verdict] = {
    Decision.MANDATE: "pass",
    Decision.AT_RISK: "at-risk",
    Decision.NO_MANDATE: "fail",
}
_SEVERITY = {
    Decision.NO_MANDATE: 2,
    Decision.AT_RISK: 1,
    Decision.CONSULTATIVE_MAJORITY_AGAINST: 2,
    Decision.CONSULTATIVE_TIE: 1,
}
STATUTORY_DECISIONS = (Decision.MANDATE, Decision.AT_RISK, Decision.NO_MANDATE)
CONSULTATIVE_DECISIONS = (
    Decision.CONSULTATIVE_MAJORITY_FOR,
    Decision.CONSULTATIVE_MAJORITY_AGAINST,
    Decision.CONSULTATIVE_TIE,
)


class Shortfall(Struct, frozen=True):
    """Why a question has no mandate (or is at risk): the test missed and by how many votes.

    `votes` counts further votes that would have met the test: further returns for turnout,
    further Yes for support; for the majority `N - Y + 1` Yes (a tie is one short); for the literal
    s.297A majority `V - 2Y + 1` (one more Yes paper raises both Y and V).
    """

    test: TestName
    votes: int


KNIFE_EDGE_VOTES = 10
"""A test met with this many votes or fewer to spare is a knife-edge (reported, never a verdict)."""
KNIFE_EDGE_SHARE = Fraction(1, 100)
"""... or met by no more than this share of the figure it is measured against (1 point of E for
turnout and support, of Yes + No for the majority, of V for the literal s.297A majority)."""


class Margin(Struct, frozen=True):
    """One applied test of one question: votes to spare (negative: votes short) and its base.

    Counted in further votes, like `Shortfall`: turnout `V - needed`; majority `Y - N - 1` (a tie
    is one Yes short); 40% support `Y - needed`; the literal s.297A majority `2Y - V - 1`. `base`
    is the figure the test is measured against (E, Y + N or V), for the knife-edge share.
    """

    test: TestName
    votes: int
    base: int

    @property
    def met(self) -> bool:
        return self.votes >= 0

    @property
    def knife_edge(self) -> bool:
        """Met, but with little to spare: a handful of votes, or within a point of the threshold.
        Officers must not mistake it for a comfortable pass (a recount or a late challenge could
        turn it)."""
        return knife_edge(self.votes, self.base)


def knife_edge(votes: int, base: int) -> bool:
    """`Margin.knife_edge` on its two integers: `votes <= KNIFE_EDGE_SHARE * base` compared
    without a Fraction (JSON asks it of every test of 200,000 units)."""
    return votes >= 0 and (votes <= KNIFE_EDGE_VOTES or _SHARE_DEN * votes <= _SHARE_NUM * base)


_SHARE_NUM, _SHARE_DEN = KNIFE_EDGE_SHARE.numerator, KNIFE_EDGE_SHARE.denominator


class AppliedTests(Struct, frozen=True):
    """The statutory tests that apply to one ballot: None where a test does not apply."""

    turnout: Fraction | None
    support: Fraction | None
    literal_majority: bool
    gives_mandate: bool = True
    """False where the ballot can give no mandate (a consultative ballot): its questions get the
    indicative `CONSULTATIVE_*` decisions, never `MANDATE`."""


class Answers(Struct, frozen=True):
    id: str
    type: str
    yes: int
    no: int
    spoiled: int


class UnitFigures(Struct, frozen=True):
    """The figures of one separate ballot (a workplace, an employer, or the whole ballot)."""

    name: str
    eligible: int | None
    votes_cast: int
    answers: tuple[Answers, ...]


class QuestionOutcome(Struct, frozen=True):
    id: str
    type: str
    yes: int
    no: int
    spoiled: int
    eligible: int | None
    """The unit's number entitled to vote (for the share of those entitled)."""
    support_threshold: Fraction | None
    support_met: bool | None
    majority_met: bool
    literal_majority_met: bool | None
    """2Y > V, judged only where s.297A puts spoiled papers among the votes cast."""
    yes_short: int
    """More Yes votes needed for the support test; 0 if met or not applied."""
    decision: Decision
    knife_edges: tuple[Margin, ...] = ()
    """The statutory tests met with little to spare (`Margin.knife_edge`), in the order of
    `UnitOutcome.margins`; none for a consultative ballot, which has no statutory test to meet.
    Decided with the verdict, from the figures the tally has at hand, so that JSON for 200,000
    units asks nothing more of each question."""

    @property
    def verdict(self) -> Verdict | None:
        """The 1.x word for `decision` (see `Decision.verdict`); for JSON and CSV compatibility."""
        return self.decision.verdict

    @property
    def tied(self) -> bool:
        """As many Yes as No: no majority either way (a tie is not a majority)."""
        return self.yes == self.no

    @property
    def yes_share(self) -> Fraction | None:
        """Yes as a share of valid votes (Yes + No), as unions report it; None if nobody answered.

        Made on demand, not stored: a national ballot has 200,000 units, and machine output prints
        shares from the integers (`numbers.scaled_percent`) without ever building a Fraction.
        """
        return share(self.yes, self.yes + self.no)

    @property
    def yes_share_of_eligible(self) -> Fraction | None:
        """Yes as a share of those entitled to vote; None if that number is unknown (or 0)."""
        return share(self.yes, self.eligible)


class UnitOutcome(Struct, frozen=True):
    name: str
    eligible: int | None
    votes_cast: int
    turnout_threshold: Fraction | None
    turnout_met: bool | None
    votes_short: int | None
    """More returns needed to meet the turnout test: 0 if met, None if the test is not applied."""
    votes_spare: int | None
    """Returns above the turnout threshold (how many fewer would still have met it)."""
    questions: tuple[QuestionOutcome, ...]

    @property
    def turnout(self) -> Fraction | None:
        """Votes cast as a share of those entitled; None if that number is unknown (or 0).

        Made on demand (see `QuestionOutcome.yes_share`); the turnout test itself is on integers.
        """
        return share(self.votes_cast, self.eligible)

    @property
    def has_mandate(self) -> bool:
        """Every question gives a mandate (never true for a consultative ballot)."""
        return all(q.decision is Decision.MANDATE for q in self.questions)

    @property
    def decision(self) -> Decision:
        """The unit's worst decision over its questions (no mandate, then at risk, then the rest);
        a unit without questions has none to give, so no mandate."""
        if not self.questions:
            return Decision.NO_MANDATE
        return max((q.decision for q in self.questions), key=lambda d: d.severity)

    def shortfalls(self, q: QuestionOutcome) -> tuple[Shortfall, ...]:
        """Why question `q` of this unit has no mandate or is at risk: each test missed, with the
        further votes it needed. Empty for a mandate and for any consultative outcome."""
        if q.decision.consultative or q.decision is Decision.MANDATE:
            return ()
        out: list[Shortfall] = []
        if self.turnout_met is False:
            out.append(Shortfall("turnout", self.votes_short or 0))
        if not q.majority_met:
            out.append(Shortfall("majority", q.no - q.yes + 1))
        if q.support_met is False:
            out.append(Shortfall("support", q.yes_short))
        if q.majority_met and q.literal_majority_met is False:  # else "majority" says it all
            out.append(Shortfall("literal_majority", self.votes_cast - 2 * q.yes + 1))
        return tuple(out)

    def margins(self, q: QuestionOutcome) -> tuple[Margin, ...]:
        """Every test applied to question `q` of this unit, with its votes to spare or short, in
        the order turnout, majority, support, literal majority (a consultative ballot's majority is
        indicative only). The knife-edges are those `met` with `knife_edge` set."""
        e, v = self.eligible, self.votes_cast
        out: list[Margin] = []
        if self.votes_short is not None and e is not None:  # the turnout test, applied
            # v - needed(turnout_threshold, e), as tally_unit left it: one of the two is 0
            out.append(Margin("turnout", (self.votes_spare or 0) - self.votes_short, e))
        out.append(Margin("majority", q.yes - q.no - 1, q.yes + q.no))
        if q.support_threshold is not None and e is not None:
            out.append(Margin("support", q.yes - needed(q.support_threshold, e), e))
        if q.literal_majority_met is not None:
            out.append(Margin("literal_majority", 2 * q.yes - v - 1, v))
        return tuple(out)


def needed(threshold: Fraction, total: int) -> int:
    """The least whole number n with n/total >= threshold (ceiling, exact)."""
    return _needed_of(threshold.numerator, threshold.denominator, total)


def _needed_of(num: int, den: int, total: int) -> int:
    """`needed` of the threshold num/den, from its integers (`_Judge` reads them once a ballot)."""
    return -((-num * total) // den)


def share(part: int, whole: int | None) -> Fraction | None:
    return None if not whole else Fraction(part, whole)


def tally_unit(unit: UnitFigures, tests: AppliedTests) -> UnitOutcome:
    """Judge one separate ballot. Raises ValueError if a test needs `eligible` and it is missing."""
    return _Judge(tests).unit(unit)


def tally_units(units: Iterable[UnitFigures], tests: AppliedTests) -> tuple[UnitOutcome, ...]:
    """`tally_unit` of each unit of one ballot, every one under the same tests (s.228: each unit
    is a separate ballot), with the tests' integers worked out once for all of them."""
    return tuple(map(_Judge(tests).unit, units))


_MANDATE, _AT_RISK, _NO_MANDATE = Decision.MANDATE, Decision.AT_RISK, Decision.NO_MANDATE


class _Judge:
    """The tests of one ballot as the integers each unit is judged with: the thresholds'
    numerators and denominators read once (a `Fraction` gives them through properties), not twice
    per unit of a national ballot's 200,000."""

    __slots__ = ("_support", "_tests", "_turnout", "_v_literal")

    def __init__(self, tests: AppliedTests) -> None:
        self._tests = tests
        self._turnout = None if tests.turnout is None else _parts(tests.turnout)
        self._support = None if tests.support is None else _parts(tests.support)
        self._v_literal = tests.literal_majority

    def unit(self, unit: UnitFigures) -> UnitOutcome:
        e, v = unit.eligible, unit.votes_cast
        turnout, tests = self._turnout, self._tests
        turnout_met = votes_short = votes_spare = turnout_margin = None
        if e is None:
            if turnout is not None or self._support is not None:
                raise ValueError("eligible is required for the turnout and support tests")
        elif turnout is not None:
            num, den = turnout
            turnout_margin = v - _needed_of(num, den, e)
            turnout_met = turnout_margin >= 0
            votes_short = max(0, -turnout_margin)
            votes_spare = max(0, turnout_margin)
        question = self._question
        return UnitOutcome(
            name=unit.name,
            eligible=e,
            votes_cast=v,
            turnout_threshold=tests.turnout,
            turnout_met=turnout_met,
            votes_short=votes_short,
            votes_spare=votes_spare,
            questions=tuple([question(a, e, v, turnout_margin) for a in unit.answers]),
        )

    def _question(
        self, a: Answers, e: int | None, v: int, turnout_margin: int | None
    ) -> QuestionOutcome:
        """One question of one unit; `turnout_margin` is the unit's votes to spare (negative:
        short) on the turnout test, None where it is not applied."""
        tests = self._tests
        yes, no = a.yes, a.no
        majority_met = yes > no
        literal = (2 * yes > v) if self._v_literal else None
        support_margin: int | None = None
        support_met: bool | None = None
        yes_short = 0
        if self._support is not None and e is not None:
            num, den = self._support
            support_margin = yes - _needed_of(num, den, e)
            support_met = support_margin >= 0
            yes_short = max(0, -support_margin)
        decision: Decision
        edges: tuple[Margin, ...] = ()
        if not tests.gives_mandate:
            decision = (
                Decision.CONSULTATIVE_MAJORITY_FOR
                if majority_met
                else Decision.CONSULTATIVE_TIE
                if yes == no
                else Decision.CONSULTATIVE_MAJORITY_AGAINST
            )
        else:
            if (
                (turnout_margin is not None and turnout_margin < 0)
                or not majority_met
                or support_met is False
            ):
                decision = _NO_MANDATE
            elif literal is False:
                decision = _AT_RISK
            else:
                decision = _MANDATE
            edges = _knife_edges(
                turnout_margin, e, yes, no, support_margin, v if self._v_literal else None
            )
        return QuestionOutcome(
            id=a.id,
            type=a.type,
            yes=yes,
            no=no,
            spoiled=a.spoiled,
            eligible=e,
            support_threshold=tests.support,
            support_met=support_met,
            majority_met=majority_met,
            literal_majority_met=literal,
            yes_short=yes_short,
            decision=decision,
            knife_edges=edges,
        )


def _parts(threshold: Fraction) -> tuple[int, int]:
    return threshold.numerator, threshold.denominator


def _knife_edges(
    turnout: int | None, e: int | None, yes: int, no: int, support: int | None, v: int | None
) -> tuple[Margin, ...]:
    """The margins of `UnitOutcome.margins` that are knife-edges, worked out from the margins the
    tally has just computed (turnout and support; None where not applied; `v` only where the
    literal s.297A majority is judged). A `Margin` is made only for a knife-edge."""
    edges: list[Margin] = []
    if turnout is not None and e is not None and knife_edge(turnout, e):
        edges.append(Margin("turnout", turnout, e))
    if knife_edge(yes - no - 1, yes + no):
        edges.append(Margin("majority", yes - no - 1, yes + no))
    if support is not None and e is not None and knife_edge(support, e):
        edges.append(Margin("support", support, e))
    if v is not None and knife_edge(2 * yes - v - 1, v):
        edges.append(Margin("literal_majority", 2 * yes - v - 1, v))
    return tuple(edges)


def aggregate(name: str, units: tuple[UnitFigures, ...]) -> UnitFigures:
    """Several units summed into one ballot (s.228A aggregation). Questions must match."""
    eligible = (
        None if any(u.eligible is None for u in units) else sum(u.eligible or 0 for u in units)
    )
    first = units[0].answers
    answers = tuple(
        Answers(
            id=q.id,
            type=q.type,
            yes=sum(u.answers[i].yes for u in units),
            no=sum(u.answers[i].no for u in units),
            spoiled=sum(u.answers[i].spoiled for u in units),
        )
        for i, q in enumerate(first)
    )
    return UnitFigures(
        name=name, eligible=eligible, votes_cast=sum(u.votes_cast for u in units), answers=answers
    )
