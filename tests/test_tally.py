"""The exact tally: boundary cases from the law, and properties against an independent check."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from ballotcalc.tally import Answers, AppliedTests, UnitFigures, aggregate, needed, tally_unit

HALF, TWO_FIFTHS = Fraction(1, 2), Fraction(2, 5)
TUA = AppliedTests(turnout=HALF, support=TWO_FIFTHS, literal_majority=True)
TUA_NO_SUPPORT = AppliedTests(turnout=HALF, support=None, literal_majority=True)
PRE_2017 = AppliedTests(turnout=None, support=None, literal_majority=False)


def unit(e: int | None, v: int, y: int, n: int, s: int = 0) -> UnitFigures:
    return UnitFigures("u", e, v, (Answers("q", "strike", y, n, s),))


def test_eight_of_sixteen_is_exactly_half_and_passes() -> None:
    out = tally_unit(unit(16, 8, 6, 2), TUA_NO_SUPPORT)
    assert out.turnout_met is True
    assert out.votes_short == 0
    assert out.questions[0].verdict == "pass"


def test_4999_of_10000_fails_by_one_vote() -> None:
    out = tally_unit(unit(10_000, 4_999, 4_000, 999), TUA_NO_SUPPORT)
    assert out.turnout_met is False
    assert out.votes_short == 1
    assert out.questions[0].verdict == "fail"


def test_a_tie_is_not_a_majority() -> None:
    q = tally_unit(unit(None, 10, 5, 5), PRE_2017).questions[0]
    assert q.majority_met is False
    assert q.verdict == "fail"


def test_forty_percent_exactly_passes_and_one_less_fails() -> None:
    assert tally_unit(unit(1000, 600, 400, 200), TUA).questions[0].support_met is True
    q = tally_unit(unit(1000, 600, 399, 200, 1), TUA).questions[0]
    assert (q.support_met, q.yes_short, q.verdict) == (False, 1, "fail")


def test_explanatory_notes_worked_example() -> None:
    """Trade Union Bill Explanatory Notes para 12: 1,000 members, at least 500 must vote; if 500 vote,
    251 Yes are needed; if all 1,000 vote, 501."""
    assert needed(HALF, 1000) == 500
    ok = tally_unit(unit(1000, 500, 251, 249), TUA_NO_SUPPORT).questions[0]
    short = tally_unit(unit(1000, 500, 250, 249, 1), TUA_NO_SUPPORT).questions[0]
    assert ok.verdict == "pass"
    assert short.verdict != "pass"
    assert tally_unit(unit(1000, 1000, 501, 499), TUA_NO_SUPPORT).questions[0].verdict == "pass"
    assert tally_unit(unit(1000, 1000, 500, 499, 1), TUA_NO_SUPPORT).questions[0].verdict != "pass"


def test_at_risk_when_yes_beats_no_but_not_half_of_votes_cast() -> None:
    # 40 Yes, 35 No, 25 spoiled of 100 cast: Y > N but 2Y = 80 <= 100.
    q = tally_unit(unit(150, 100, 40, 35, 25), TUA_NO_SUPPORT).questions[0]
    assert (q.majority_met, q.literal_majority_met, q.verdict) == (True, False, "at-risk")
    # Before s.297A, spoiled papers are not votes: the same figures pass.
    assert tally_unit(unit(150, 100, 40, 35, 25), PRE_2017).questions[0].verdict == "pass"


def test_unknown_electorate_without_tests() -> None:
    out = tally_unit(unit(None, 198, 162, 36), PRE_2017)
    assert out.turnout is None
    assert out.turnout_met is None
    assert out.votes_short is None
    assert out.questions[0].yes_share == Fraction(162, 198)


def test_shares_are_exact() -> None:
    out = tally_unit(unit(124_710, 59_452, 46_352, 12_430, 670), TUA_NO_SUPPORT)
    assert out.turnout == Fraction(59_452, 124_710)
    assert out.questions[0].yes_share == Fraction(46_352, 46_352 + 12_430)
    assert out.votes_short == 62_355 - 59_452  # ceil(124,710 / 2) = 62,355


@st.composite
def ballots(draw: st.DrawFn) -> tuple[int, int, int, int, int]:
    e = draw(st.integers(1, 10**7))
    v = draw(st.integers(0, e))
    y = draw(st.integers(0, v))
    n = draw(st.integers(0, v - y))
    s = draw(st.integers(0, v - y - n))
    return e, v, y, n, s


@given(ballots())
def test_verdict_agrees_with_an_independent_integer_check(
    b: tuple[int, int, int, int, int],
) -> None:
    e, v, y, n, s = b
    out = tally_unit(unit(e, v, y, n, s), TUA)
    q = out.questions[0]
    turnout = v * 100 >= e * 50
    support = y * 100 >= e * 40
    majority = y > n
    literal = y * 2 > v
    expected = (
        "fail" if not (turnout and support and majority) else ("pass" if literal else "at-risk")
    )
    assert q.verdict == expected
    assert out.turnout_met == turnout and q.support_met == support
    # margins: exactly the votes that would have changed the answer
    short = out.votes_short
    assert short is not None
    assert (short == 0) == turnout
    assert (v + short) * 2 >= e  # enough with the shortfall added...
    assert short == 0 or (v + short - 1) * 2 < e  # ...and one fewer would not be
    assert q.yes_short == 0 or ((y + q.yes_short) * 5 >= 2 * e > (y + q.yes_short - 1) * 5)


@given(ballots(), st.integers(1, 1000))
def test_turnout_is_monotone(b: tuple[int, int, int, int, int], extra: int) -> None:
    e, v, y, n, s = b
    before = tally_unit(unit(e + extra, v, y, n, s), TUA_NO_SUPPORT)
    after = tally_unit(unit(e + extra, v + extra, y, n, s + extra), TUA_NO_SUPPORT)
    assert not (before.turnout_met and not after.turnout_met)


@given(st.lists(ballots(), min_size=1, max_size=6))
def test_aggregate_sums_every_figure(bs: list[tuple[int, int, int, int, int]]) -> None:
    units = tuple(unit(*b) for b in bs)
    total = aggregate("all", units)
    assert total.eligible == sum(b[0] for b in bs)
    assert total.votes_cast == sum(b[1] for b in bs)
    assert total.answers[0].yes == sum(b[2] for b in bs)
    assert total.answers[0].no == sum(b[3] for b in bs)
    assert total.answers[0].spoiled == sum(b[4] for b in bs)


def test_margins_count_votes_to_spare_per_test() -> None:
    # E=1000: turnout needs 500 returns, 40% support needs 400 Yes. V=520, Y=405, N=100, S=15.
    out = tally_unit(unit(1000, 520, 405, 100, 15), TUA)
    margins = {m.test: (m.votes, m.base) for m in out.margins(out.questions[0])}
    assert margins == {
        "turnout": (520 - 500, 1000),
        "majority": (405 - 100 - 1, 505),
        "support": (405 - 400, 1000),
        "literal_majority": (2 * 405 - 520 - 1, 520),
    }


def test_a_test_met_by_ten_votes_or_one_point_is_a_knife_edge() -> None:
    # E=200 (turnout needs 100): 110 returns spare 10 votes (tight, though 5 points over); 111
    # spare 11, more than ten votes and more than one point (2 votes) of E: not tight.
    tight = tally_unit(unit(200, 110, 90, 20), TUA_NO_SUPPORT)
    easy = tally_unit(unit(200, 111, 90, 21), TUA_NO_SUPPORT)
    assert [m.knife_edge for m in tight.margins(tight.questions[0]) if m.test == "turnout"] == [
        True
    ]
    assert [m.knife_edge for m in easy.margins(easy.questions[0]) if m.test == "turnout"] == [False]
    # E=100,000: 50,900 returns are 900 votes to spare but within one point (1,000) of the threshold.
    wide = tally_unit(unit(100_000, 50_900, 40_000, 10_000), TUA_NO_SUPPORT)
    turnout = wide.margins(wide.questions[0])[0]
    assert (turnout.test, turnout.votes, turnout.knife_edge) == ("turnout", 900, True)


def test_a_failed_test_is_short_not_a_knife_edge() -> None:
    out = tally_unit(unit(1000, 499, 400, 99), TUA_NO_SUPPORT)
    turnout = out.margins(out.questions[0])[0]
    assert (turnout.votes, turnout.met, turnout.knife_edge) == (-1, False, False)


def test_exactly_one_point_to_spare_is_a_knife_edge_and_just_over_is_not() -> None:
    at_one_point = tally_unit(unit(100_000, 51_000, 40_000, 11_000), TUA_NO_SUPPORT)
    over = tally_unit(unit(100_000, 51_001, 40_000, 11_001), TUA_NO_SUPPORT)
    assert at_one_point.margins(at_one_point.questions[0])[0].knife_edge is True
    assert over.margins(over.questions[0])[0].knife_edge is False
