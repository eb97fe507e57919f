"""Circulars (`ballotcalc summary`) and statutory notices (`ballotcalc notice`) from judged ballots.

Two steps, kept apart so each can be tested on its own:

1. `summary_context` / `notice_context` turn `BallotOutcome`s into a plain, frozen "document
   context": every sentence and every printed figure is decided here, in Python, from the exact
   tally (percentages through `render.wording`, so a failing figure is never rounded up to its
   threshold, and a failing ballot is never called a mandate). Nothing here escapes anything.
2. `render_document` puts that context through a Jinja2 template (`templates/*.j2`, or the user's
   own with `--template`), which escapes user text for its target (see `render.templating`).

Templates see these names (a union writing its own template can rely on them):

* summary: `ballots` (a list of `BallotSummary`), `version`, `not_legal_advice`; a ballot with
  units also has `overview` (`UnitsOverview`: one `UnitRow` per unit, the counts of units with
  and without a mandate, the totals, and a `TurnoutChart` laid out for an inline SVG);
* notice: `notices` (a list of `BallotNotice`, whose `caution` a template should print where
  it is not None), `audience` ("members" or "employer"), `version`, `not_legal_advice`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, TypeVar

from msgspec import Struct
from msgspec.structs import replace

from ballotcalc._version import __version__
from ballotcalc.guards import as_reported_line, figures_caution
from ballotcalc.judging import ELECTORATE_NOT_GIVEN_NOTE, SURVEY_FINDING, BallotOutcome
from ballotcalc.notices import MandatePeriod, mandate_questions, result_items, result_notice
from ballotcalc.numbers import percent, whole
from ballotcalc.render import NOT_LEGAL_ADVICE
from ballotcalc.render.formats import Audience, DocumentFormat
from ballotcalc.render.wording import (
    DECISION_HEADLINES,
    DECISION_WORDS,
    HALF,
    QUESTION_TYPES,
    count_text,
    human_decimals,
    pct_text,
    reasons,
    threshold_text,
    turnout_pct,
    yes_pct,
    yes_pct_of_eligible,
)
from ballotcalc.tally import Decision, Margin, QuestionOutcome, UnitOutcome
from ballotcalc.units import DETAILS_UNITS, group_rollups, mandate_groups

if TYPE_CHECKING:
    from ballotcalc.render.letter import Letter

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


class DocumentKind(enum.StrEnum):
    SUMMARY = "summary"
    NOTICE = "notice"
    ADVANCE_NOTICE = "advance_notice"
    """The notice of ballot (s.226A) or of industrial action (s.234A): render/advance_notices.py."""


# --- the plain context ----------------------------------------------------------------------------


class Segment(Struct, frozen=True):
    """One piece of an inline SVG bar: geometry in a 0-100 wide box, and its label."""

    name: str
    css: str
    x: str
    width: str
    label: str


class Footer(Struct, frozen=True):
    version: str
    regime: str
    file: str
    sha256: str
    not_legal_advice: str
    provenance: bool = True
    """Print the provenance line (`line`): false with `--no-footer`."""
    advice: bool = True
    """Print `not_legal_advice`: false with `--no-footer` on a notice, which states the
    information the law requires and no conclusion (a circular, which says whether there is a
    mandate, always keeps it)."""

    @property
    def line(self) -> str:
        return (
            f"ballotcalc {self.version} · regime {self.regime} · {self.file} sha256 {self.sha256}"
        )


class QuestionSummary(Struct, frozen=True):
    id: str
    kind: str
    """What a Yes vote is for, in words: "strike action", "action short of a strike", "question 2"."""
    name: str
    """`kind` as a heading or a table's first cell: "Strike action"."""
    text: str | None
    yes: str
    no: str
    spoiled: str
    valid: str
    yes_pct: str
    """Yes as a share of valid votes (Yes + No)."""
    yes_pct_of_eligible: str | None
    """Yes as a share of those entitled to vote (None where the number entitled is unknown)."""
    support_threshold: str | None
    support_met: bool | None
    verdict: str
    """A class for styling: pass, at-risk, fail, or consultative (see `decision`)."""
    decision: str
    """The core's decision (`tally.Decision`): mandate, at_risk, no_mandate, consultative_*."""
    mandate: bool
    outcome: str
    """The verdict in words; says "mandate" only when there is one."""
    reasons: tuple[str, ...]
    bar: tuple[Segment, ...]
    bar_label: str


class UnitSummary(Struct, frozen=True):
    name: str
    headline: str
    findings: tuple[str, ...]
    eligible: str | None
    votes_cast: str
    turnout_pct: str | None
    """Votes cast as a share of those entitled to vote (spoiled papers included, s.297A)."""
    turnout_threshold: str | None
    turnout_met: bool | None
    votes_short: str | None
    votes_spare: str | None
    turnout_outcome: str | None
    questions: tuple[QuestionSummary, ...]
    turnout_bar: tuple[Segment, ...]
    threshold_x: str | None
    turnout_bar_label: str


class UnitVerdict(Struct, frozen=True):
    """One unit's verdict on one question, for the per-unit table."""

    id: str
    verdict: str
    """A class for styling: pass, at-risk, fail, or consultative (see `decision`)."""
    decision: str
    """The core's decision (`tally.Decision`)."""
    word: str
    """The decision in the table's words: pass, at risk, fail; for a consultative ballot
    majority for, majority against or tie (`wording.DECISION_WORDS`)."""


class UnitRow(Struct, frozen=True):
    """One row of the per-unit table of a ballot with units."""

    name: str
    eligible: str | None
    votes_cast: str
    turnout_pct: str | None
    turnout_met: bool | None
    verdicts: tuple[UnitVerdict, ...]
    status: str
    """A class for styling the unit's worst decision: fail, at-risk, pass, or consultative."""
    mandate: bool
    """Every question passes (never true for a consultative ballot)."""
    short: tuple[str, ...]
    """What the unit lacked, in votes: "turnout: 3 votes", "strike: 44 Yes", "strike: no majority"."""


class QuestionCountSummary(Struct, frozen=True):
    id: str
    passed: int
    at_risk: int
    failed: int
    text: str
    """ "strike: 6 pass, 1 at risk, 7 fail"."""


class ChartBar(Struct, frozen=True):
    """One unit's turnout bar in the chart (SVG user units; drawing only, never a printed figure)."""

    name: str
    """The name as drawn, shortened with an ellipsis if it would not fit."""
    full_name: str
    y: str
    text_y: str
    height: str
    width: str
    css: str
    """met, missed, or untested (no turnout test, or the electorate is unknown)."""
    value: str
    title: str
    marker: str | None = None
    """The unit's verdict as a shape beside its bar: full (a mandate on every question: a filled
    circle), partial (on some: a hollow circle), none (a cross); None for a consultative ballot."""


class TickMark(Struct, frozen=True):
    x: str
    label: str


class TurnoutChart(Struct, frozen=True):
    """Turnout per unit against the threshold line, laid out for an inline SVG."""

    width: int
    height: int
    bar_x: int
    """Where the bars start (0%); the names end just before it."""
    bar_width: int
    """The length of a 100% bar."""
    name_x: int
    value_x: int
    marker_x: int
    """The centre of each unit's verdict marker (see `ChartBar.marker`)."""
    top: int
    """Where the grid and the threshold line start (under the threshold's label)."""
    axis_y: int
    """Where they end, under the last bar; the tick labels are below it."""
    label_y: int
    tick_label_y: int
    threshold_x: str | None
    threshold_label: str | None
    ticks: tuple[TickMark, ...]
    bars: tuple[ChartBar, ...]
    label: str
    """What the chart shows, in words (for screen readers and the figure caption)."""


class OutcomeList(Struct, frozen=True):
    """One list of the national picture: the units with a mandate for exactly these questions."""

    label: str
    """ "A mandate for strike action and action short of a strike", "... only", "No mandate"."""
    css: str
    """full (every question), partial (some), none: the chart's marker and the list's style."""
    count: int
    names: tuple[str, ...]
    """Each unit's name, with "(strike action at risk: take advice)" where a question is at risk."""
    mandated: tuple[str, ...] = ()
    """The ids of the questions these units have a mandate for (for matching, never shown)."""


class GroupRow(Struct, frozen=True):
    """One group's roll-up (information only): its units by outcome, and its totals."""

    name: str
    units: str
    counts: tuple[str, ...]
    """Units per outcome, in the order of `UnitsOverview.lists` (e.g. "3", "0", "2")."""
    eligible: str | None
    votes_cast: str
    turnout_pct: str | None


class UnitsOverview(Struct, frozen=True):
    """A ballot with units at a glance: one row per unit, the counts, the totals, the chart."""

    heading: str
    information_only: bool
    """True for an aggregated ballot: the rows judge each unit alone, not the legal test."""
    rows: tuple[UnitRow, ...]
    question_ids: tuple[str, ...]
    with_mandate: int
    without_mandate: int
    units: int
    counts: str
    """ "6 of 14 units have a mandate for every question; 8 do not." (or the consultative words)"""
    questions: tuple[QuestionCountSummary, ...]
    total_eligible: str | None
    total_votes_cast: str
    total_turnout_pct: str | None
    totals_note: str
    chart: TurnoutChart | None
    lists: tuple[OutcomeList, ...] = ()
    """The national picture: the units by the questions they have a mandate for, every question
    first, none last (empty for a consultative ballot, which gives no mandate)."""
    question_labels: tuple[str, ...] = ()
    """Each question's column heading in words ("Strike action"), never its id."""
    question_columns: tuple[str, ...] = ()
    """The same, short for a plain-text table: "Strike", "Short of strike", "Question 2"."""
    details: bool = True
    """Whether each unit's section follows (False: left out of a large ballot's summary)."""
    details_note: str | None = None
    """Why the units' sections are left out, and how to have them."""
    group_heading: str | None = None
    """ "By region" (the ballot's `group_by`), where the units have groups."""
    group_note: str | None = None
    """That the roll-ups are information, never a legal test."""
    groups: tuple[GroupRow, ...] = ()


class BallotSummary(Struct, frozen=True):
    title: str
    union: str | None
    employer: str | None
    opened: str | None
    closed: str | None
    scrutineer: str | None
    source: str | None
    consultative: bool
    regime_id: str
    regime_name: str
    separate_units: bool
    units: tuple[UnitSummary, ...]
    overview: UnitsOverview | None
    """Ballots with units: the per-unit table, counts and chart (None without units)."""
    next_steps: tuple[str, ...]
    notes: tuple[str, ...]
    footer: Footer
    survey: bool = False
    """A survey: a response rate, not a vote (its headline gives the figures)."""
    caution: str | None = None
    """Shown prominently when the figures do not add up (Yes + No + spoiled is not votes cast)."""
    letter: Letter | None = None
    """The letter head and end when a union profile is used (`render.letter`); None: no letter."""


class NoticeItem(Struct, frozen=True):
    number: int
    key: str
    """The rulebook's statement key: entitled, votes_cast, yes, no, spoiled, turnout or
    turnout_not, support or support_not."""
    kind: str
    """The s.231 item this is (the key without `_not`), for counting kinds of item."""
    statement: str
    """The statutory wording, with the question named where the item is per question."""
    value: str | None
    """The figure, or None for a statement that is itself the information (50% / 40%)."""
    question: str | None


class UnitNotice(Struct, frozen=True):
    name: str
    items: tuple[NoticeItem, ...]


class BallotNotice(Struct, frozen=True):
    title: str
    union: str | None
    employer: str | None
    closed: str | None
    audience: Audience
    addressee: str
    basis: str
    """The provision that requires this information (s.231 for members, s.231A for employers;
    NI arts 112 and 113)."""
    caution: str | None
    """What the officer must know about the words used (e.g. that they are unverified), or None."""
    separate_units: bool
    units: tuple[UnitNotice, ...]
    footer: Footer
    as_reported: str | None = None
    """Recorded when the user confirmed that figures which do not add up are as reported."""
    letter: Letter | None = None
    """The letter head and end when a union profile is used (`render.letter`); None: no letter."""


# --- shared helpers -------------------------------------------------------------------------------


def long_date(day: dt.date) -> str:
    """16 February 2023: the way a circular writes a date, independent of the locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _footer(outcome: BallotOutcome) -> Footer:
    return Footer(
        version=__version__,
        regime=outcome.regime.id,
        file=outcome.file,
        sha256=outcome.sha256,
        not_legal_advice=NOT_LEGAL_ADVICE,
    )


def consultative(outcome: BallotOutcome) -> bool:
    """A ballot judged without statutory force (`BallotOutcome.consultative`, decided in the core)."""
    return outcome.consultative


def style_class(decision: Decision) -> str:
    """The 1.x class a template styles a decision by: pass, at-risk, fail; consultative."""
    return decision.verdict or "consultative"


def question_names(questions: Sequence[QuestionOutcome]) -> dict[str, str]:
    """Each question in words, never by its id: "strike action", "action short of a strike"; a
    question of another kind is "the question" alone, or "question 2" by its place on the paper."""
    return {
        q.id: QUESTION_TYPES[q.type]
        if q.type in ("strike", "asos")
        else ("the question" if len(questions) == 1 else f"question {index}")
        for index, q in enumerate(questions, start=1)
    }


def question_kind(q: QuestionOutcome, names: dict[str, str] | None = None) -> str:
    """One question in words (see `question_names`)."""
    return (names or question_names((q,)))[q.id]


def _cap(words: str) -> str:
    return words[:1].upper() + words[1:]


def _votes(n: int) -> str:
    return f"{whole(n)} vote" if n == 1 else f"{whole(n)} votes"


def _geometry(value: Fraction) -> str:
    """An SVG coordinate in a 0-100 box, to 2 decimals (drawing only; never a printed figure)."""
    return f"{float(max(Fraction(0), min(Fraction(1), value)) * 100):.2f}"


def _segments(parts: Sequence[tuple[str, str, int, str]], total: int) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    x = Fraction(0)
    for name, css, count, label in parts:
        if count <= 0 or total <= 0:
            continue
        width = Fraction(count, total)
        segments.append(Segment(name, css, _geometry(x), _geometry(width), label))
        x += width
    return tuple(segments)


# --- summary --------------------------------------------------------------------------------------


def _question_summary(
    outcome: BallotOutcome,
    unit: UnitOutcome,
    q: QuestionOutcome,
    decimals: int | None,
    names: dict[str, str],
) -> QuestionSummary:
    text = next((x.text for x in outcome.questions if x.id == q.id), None)
    yes_d = human_decimals(q.yes_share, HALF, decimals)
    of_e_d = human_decimals(q.yes_share_of_eligible, q.support_threshold, decimals)
    of_e = yes_pct_of_eligible(q, of_e_d)
    kind = names[q.id]
    mandate = q.decision is Decision.MANDATE
    if q.decision.consultative:
        words = DECISION_HEADLINES[q.decision]
        why: tuple[str, ...] = ()
    elif q.decision is Decision.MANDATE:
        words = f"Mandate for {kind}"
        why = ()
    elif q.decision is Decision.AT_RISK:
        words = "At risk: take advice before calling action"
        why = tuple(reasons(unit, q, decimals))
    else:
        words = f"Not met: no {kind} can be called on this ballot"
        why = tuple(reasons(unit, q, decimals))
    answered = q.yes + q.no + q.spoiled
    no_answer = max(0, unit.votes_cast - answered)
    parts = [
        ("Yes", "yes", q.yes, f"Yes {whole(q.yes)}"),
        ("No", "no", q.no, f"No {whole(q.no)}"),
        ("Spoiled", "spoiled", q.spoiled, f"Spoiled {whole(q.spoiled)}"),
        ("No answer", "blank", no_answer, f"No answer {whole(no_answer)}"),
    ]
    return QuestionSummary(
        id=q.id,
        kind=kind,
        name=_cap(kind),
        text=text,
        yes=whole(q.yes),
        no=whole(q.no),
        spoiled=whole(q.spoiled),
        valid=whole(q.yes + q.no),
        yes_pct=pct_text(yes_pct(q, yes_d)),
        yes_pct_of_eligible=None if of_e is None else pct_text(of_e),
        support_threshold=threshold_text(q.support_threshold) or None,
        support_met=q.support_met,
        verdict=style_class(q.decision),
        decision=q.decision.value,
        mandate=mandate,
        outcome=words,
        reasons=why,
        bar=_segments(parts, unit.votes_cast),
        bar_label=(
            f"{_cap(kind)}: Yes {whole(q.yes)}, No {whole(q.no)}, spoiled {whole(q.spoiled)} "
            f"of {whole(unit.votes_cast)} votes cast"
        ),
    )


def _yes_phrases(unit: UnitOutcome, names: dict[str, str], decimals: int | None) -> str:
    """ "95.8% voted Yes to strike action and 97.1% to action short of a strike"."""
    phrases = []
    for index, q in enumerate(unit.questions):
        pct = pct_text(yes_pct(q, human_decimals(q.yes_share, HALF, decimals)))
        kind = names[q.id]
        target = f"on {kind}" if q.type == "other" else f"to {kind}"
        phrases.append(f"{pct} voted Yes {target}" if index == 0 else f"{pct} {target}")
    return _and(phrases)


def _figures_sentence(unit: UnitOutcome, names: dict[str, str], decimals: int | None) -> str:
    """The figures after the verdict: "78.9% voted Yes to strike action on a turnout of 47.7%."."""
    yes = _yes_phrases(unit, names, decimals)
    if unit.turnout is None:
        return (
            f"{yes}; {_votes(unit.votes_cast)} were cast (the number entitled to vote is not "
            "given, so the turnout is unknown)."
        )
    d = human_decimals(unit.turnout, unit.turnout_threshold, decimals)
    return f"{yes} on a turnout of {pct_text(turnout_pct(unit, d))}."


def _missed(unit: UnitOutcome, q: QuestionOutcome, name: str, several: bool) -> list[str]:
    """The tests question `q` missed other than turnout (said once for the unit), in votes (the
    core's `shortfalls`)."""
    out = []
    of = f" to {name}" if several else ""
    for short in unit.shortfalls(q):
        if short.test == "support":
            out.append(
                f"Yes{of} fell {_votes(short.votes)} short of the "
                f"{threshold_text(q.support_threshold)} support threshold"
            )
        elif short.test == "majority":
            tie = "; a tie is not a majority" if q.tied else ""
            out.append(
                f"{name} had no majority ({whole(q.yes)} Yes, {whole(q.no)} No{tie}: "
                f"{_votes(short.votes)} short)"
            )
    return out


def _at_risk(unit: UnitOutcome, q: QuestionOutcome, name: str, decimals: int | None) -> str:
    return (
        f"the vote for {name} is at risk: {'; '.join(reasons(unit, q, decimals))}: take advice "
        "before calling action"
    )


def verdict_sentence(unit: UnitOutcome, names: dict[str, str], decimals: int | None) -> str:
    """The first sentence of a circular for one separate ballot: whether there is a mandate and for
    what; if not, which test failed and by how many votes (the core's decisions and shortfalls).

    A question without a mandate is said to be one that "cannot be called on this ballot", never
    in a sentence with the word mandate in it, so a reader who skims is not misled."""
    several = len(unit.questions) > 1
    mandated = [names[q.id] for q in unit.questions if q.decision is Decision.MANDATE]
    failed = [q for q in unit.questions if q.decision is Decision.NO_MANDATE]
    risky = [
        _at_risk(unit, q, names[q.id], decimals)
        for q in unit.questions
        if q.decision is Decision.AT_RISK
    ]
    if not failed and not risky:
        return f"There is a mandate for {_and(mandated)}."
    parts = [f"There is a mandate for {_and(mandated)}"] if mandated else []
    if failed:
        clauses = []
        if unit.turnout_met is False:
            d = human_decimals(unit.turnout, unit.turnout_threshold, decimals)
            clauses.append(
                f"the turnout of {pct_text(turnout_pct(unit, d))} fell "
                f"{_votes(unit.votes_short or 0)} short of the "
                f"{threshold_text(unit.turnout_threshold)} turnout threshold"
            )
        for q in failed:
            clauses += _missed(unit, q, names[q.id], several)
        lacking = [names[q.id] for q in failed]
        if len(lacking) == 1:
            cannot = f"{lacking[0]} cannot be called on this ballot"
        elif len(lacking) == 2:
            cannot = f"neither {lacking[0]} nor {lacking[1]} can be called on this ballot"
        else:
            cannot = f"none of {_or(lacking)} can be called on this ballot"
        parts.append(f"{cannot}: {_and(clauses)}" if clauses else cannot)
    parts += risky
    sentence = parts[0] + "".join(
        (", but " if index == 1 and mandated else "; ") + part
        for index, part in enumerate(parts[1:], start=1)
    )
    return _cap(sentence) + "."


def knife_edges(unit: UnitOutcome, names: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The tests a mandate rests on that were met with little to spare (the core's
    `Margin.knife_edge`), each in a table's words ("turnout met by 3 votes") and a sentence's
    ("the turnout threshold was met by 3 votes")."""
    out: list[tuple[str, str]] = []
    for q in unit.questions:
        if q.decision is not Decision.MANDATE:
            continue
        name = names[q.id]
        for m in q.knife_edges:
            if m.test == "turnout":
                edge = (
                    f"turnout {_met_by(m.votes)}",
                    f"the turnout threshold was {_met_by(m.votes)}",
                )
            elif m.test == "support":
                met = _met_by(m.votes, "Yes vote")
                edge = (f"{name}: support {met}", f"the support threshold for {name} was {met}")
            elif m.test == "majority":
                met = _met_by(m.votes)
                edge = (f"{name}: majority {met}", f"the majority for {name} was {met}")
            else:
                met = _met_by(m.votes)
                edge = (
                    f"{name}: majority of all votes cast {met}",
                    f"the majority of all votes cast (s.297A) for {name} was {met}",
                )
            if edge not in out:
                out.append(edge)
    return tuple(out)


def _all_margins(unit: UnitOutcome) -> tuple[Margin, ...]:
    return tuple(m for q in unit.questions for m in unit.margins(q))


def _met_by(votes: int, what: str = "vote") -> str:
    if votes == 0:
        return f"met with no {what} to spare"
    return f"met by {whole(votes)} {what}{'' if votes == 1 else 's'}"


def _headline(
    outcome: BallotOutcome, unit: UnitOutcome, decimals: int | None
) -> tuple[str, tuple[str, ...]]:
    """The union's headline for one separate ballot (the verdict first, then any narrow margin),
    and the sentences that follow it (the figures)."""
    names = question_names(unit.questions)
    if outcome.ballot.survey:
        return outcome.survey_headline, (SURVEY_FINDING,)
    figures = _figures_sentence(unit, names, decimals)
    if consultative(outcome):
        decisions = {q.decision for q in unit.questions}
        if len(unit.questions) == 1:
            said = DECISION_HEADLINES[unit.questions[0].decision]
        elif len(decisions) == 1:
            every = "both questions" if len(unit.questions) == 2 else "every question"
            said = f"{DECISION_HEADLINES[decisions.pop()]} on {every}"
        else:
            said = _and(
                [f"{DECISION_HEADLINES[q.decision]} on {names[q.id]}" for q in unit.questions]
            )
        return f"In this consultative ballot, {said}: {figures}", ()
    headline = verdict_sentence(unit, names, decimals)
    edges = knife_edges(unit, names)
    if edges:
        headline += f" A narrow margin: {_and([sentence for _, sentence in edges])}."
    findings = [figures]
    if unit.turnout_met is not False:  # else the turnout is the whole story, told in the headline
        findings += [
            f"The vote for {names[q.id]} did not meet the statutory tests: "
            f"{'; '.join(reasons(unit, q, decimals))}."
            for q in unit.questions
            if q.decision is Decision.NO_MANDATE
        ]
    return headline, tuple(findings)


def _or(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _unit_summary(outcome: BallotOutcome, unit: UnitOutcome, decimals: int | None) -> UnitSummary:
    headline, findings = _headline(outcome, unit, decimals)
    names = question_names(unit.questions)
    d = human_decimals(unit.turnout, unit.turnout_threshold, decimals)
    t = turnout_pct(unit, d)
    threshold = None if consultative(outcome) else (threshold_text(unit.turnout_threshold) or None)
    turnout_outcome = None
    if unit.turnout_met is True:
        turnout_outcome = f"met, {whole(unit.votes_spare or 0)} to spare"
        if any(m.test == "turnout" and m.knife_edge for m in _all_margins(unit)):
            turnout_outcome += " (a narrow margin)"
    elif unit.turnout_met is False:
        turnout_outcome = f"not met, {_votes(unit.votes_short or 0)} short"
    eligible = unit.eligible
    bar: tuple[Segment, ...] = ()
    if eligible:
        bar = _segments(
            [("Voted", "voted", unit.votes_cast, f"Voted {whole(unit.votes_cast)}"),
             ("Did not vote", "blank", eligible - unit.votes_cast,
              f"Did not vote {whole(eligible - unit.votes_cast)}")],
            eligible,
        )  # fmt: skip
    threshold_x = (
        _geometry(unit.turnout_threshold)
        if unit.turnout_threshold is not None and eligible and not consultative(outcome)
        else None
    )
    bar_label = (
        f"Turnout {pct_text(t)}: {whole(unit.votes_cast)} of {whole(eligible)} entitled voted"
        if eligible
        else f"{whole(unit.votes_cast)} votes cast; number entitled not given"
    )
    if threshold_x is not None:
        bar_label += f"; the line marks the {threshold} turnout threshold"
    return UnitSummary(
        name=unit.name,
        headline=headline,
        findings=findings,
        eligible=None if eligible is None else whole(eligible),
        votes_cast=whole(unit.votes_cast),
        turnout_pct=None if t is None else pct_text(t),
        turnout_threshold=threshold,
        turnout_met=None if consultative(outcome) else unit.turnout_met,
        votes_short=None if unit.votes_short is None else whole(unit.votes_short),
        votes_spare=None if unit.votes_spare is None else whole(unit.votes_spare),
        turnout_outcome=None if consultative(outcome) else turnout_outcome,
        questions=tuple(
            _question_summary(outcome, unit, q, decimals, names) for q in unit.questions
        ),
        turnout_bar=bar,
        threshold_x=threshold_x,
        turnout_bar_label=bar_label,
    )


def next_steps(outcome: BallotOutcome) -> tuple[str, ...]:
    """For a ballot with a mandate: how long it lasts and the notice of action, by regime (the
    core's `notices.mandate_period` and `notice_period`, in words)."""
    passed = mandate_questions(outcome)
    if not passed or outcome.regime.mandate is None:
        return ()
    names = question_names(outcome.units[0].questions)
    kinds = _and([names[q.id] for q in outcome.units[0].questions if q.id in passed])
    steps = [_mandate_sentence(outcome, kinds, outcome.mandate)]
    notice = outcome.notice_period
    if notice is not None:
        agreed = (
            f" (the {_ordinal(notice.days_if_agreed)} day if the union and the employer agree)"
            if notice.days_if_agreed
            else ""
        )
        steps.append(
            f"Before any action, the employer must receive notice of it no later than the "
            f"{_ordinal(notice.days)} day before the first day of action{agreed}, and only "
            "after being told the result (s.231A). The period is set by the law in force on the "
            "day the employer receives the notice."
        )
    return tuple(steps)


def _mandate_sentence(outcome: BallotOutcome, kinds: str, period: MandatePeriod | None) -> str:
    mandate = outcome.regime.mandate
    assert mandate is not None
    if period is None:
        return (
            f"The mandate for {kinds}: {mandate.describe()}. The date of the ballot (its closing "
            "date) is not in the ballot file, so the last day cannot be worked out here."
        )
    ballot_day = long_date(period.date_of_ballot)
    if period.unit == "weeks":
        agreed = ""
        if period.last_day_if_agreed is not None:
            agreed = (
                f", or within {period.length_if_agreed} weeks (by "
                f"{long_date(period.last_day_if_agreed.day)}) if the union and the employer agree"
            )
        return (
            f"Action ({kinds}) must begin within {period.length} weeks beginning with the date of "
            f"the ballot, {ballot_day}: by {long_date(period.last_day.day)} at the latest{agreed}."
        )
    end = period.last_day
    sentence = (
        f"The mandate for {kinds} lasts {period.length} months beginning with the date of the "
        f"ballot, {ballot_day}: its last day is {long_date(end.day)}{_check(end.to_check)}"
    )
    longer = period.last_day_if_agreed
    if longer is not None:
        sentence += (
            f", or up to {period.length_if_agreed} months (last day "
            f"{long_date(longer.day)}{_check(longer.to_check)}) if the union and the employer agree"
        )
    return sentence + "."


def _check(to_check: bool) -> str:
    return (
        " (a month-end date the law does not settle: it is the earliest reading; check it)"
        if to_check
        else ""
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --- many units: the per-unit table and the turnout chart ----------------------------------------

CHART_NAME_CHARS = 42
"""Longer unit names are shortened in the chart (the table and the bar's tooltip keep them whole)."""


def shortfall(unit: UnitOutcome, names: dict[str, str] | None = None) -> tuple[str, ...]:
    """What a unit lacked, in votes (the core's shortfalls): further returns for turnout, further
    Yes for 40% support; then the tests its mandate rests on that were met by a narrow margin
    (`knife_edges`). Nothing for a consultative ballot, which has no test to fall short of."""
    names = names or question_names(unit.questions)
    short = []
    if unit.votes_short:
        short.append(f"turnout: {_votes(unit.votes_short)} short")
    for q in unit.questions:
        tests = {s.test for s in unit.shortfalls(q)}
        if "support" in tests:
            short.append(f"{names[q.id]}: {whole(q.yes_short)} Yes short")
        elif "majority" in tests:
            short.append(f"{names[q.id]}: no majority")
    short += [f"{edge} (narrow)" for edge, _ in knife_edges(unit, names)]
    return tuple(short)


def _unit_row(
    outcome: BallotOutcome, unit: UnitOutcome, decimals: int | None, names: dict[str, str]
) -> UnitRow:
    d = human_decimals(unit.turnout, unit.turnout_threshold, decimals)
    t = turnout_pct(unit, d)
    return UnitRow(
        name=unit.name,
        eligible=None if unit.eligible is None else whole(unit.eligible),
        votes_cast=whole(unit.votes_cast),
        turnout_pct=None if t is None else pct_text(t),
        turnout_met=None if consultative(outcome) else unit.turnout_met,
        verdicts=tuple(
            UnitVerdict(q.id, style_class(q.decision), q.decision.value, DECISION_WORDS[q.decision])
            for q in unit.questions
        ),
        status=style_class(unit.decision),
        mandate=unit.has_mandate,
        short=shortfall(unit, names),
    )


def _floor_units(value: Fraction, scale: int, offset: int = 0) -> str:
    """`offset` + `value` (0..1) of `scale` SVG units, rounded down to 2 decimals: a turnout below
    the threshold is never drawn reaching the threshold line."""
    clamped = max(Fraction(0), min(Fraction(1), value))
    return _hundredths((clamped * scale * 100).__floor__() + offset * 100)


def _ceil_units(value: Fraction, scale: int, offset: int = 0) -> str:
    clamped = max(Fraction(0), min(Fraction(1), value))
    return _hundredths((clamped * scale * 100).__ceil__() + offset * 100)


def _hundredths(n: int) -> str:
    return f"{n // 100}.{n % 100:02d}"


def _short_name(name: str) -> str:
    return name if len(name) <= CHART_NAME_CHARS else name[: CHART_NAME_CHARS - 1].rstrip() + "…"


def turnout_chart(
    outcome: BallotOutcome,
    units: Sequence[UnitOutcome],
    rows: Sequence[UnitRow],
    verdicts: Sequence[tuple[str, str] | None] = (),
) -> TurnoutChart | None:
    """Bars of turnout per unit (0-100%) with the threshold as a dashed line, and each unit's
    verdict as a marker after its figure (`verdicts`: the marker and its words, per unit).

    Bar lengths are rounded down and the threshold line's position up, so a unit that missed the
    threshold by one vote is still drawn short of the line. None when no unit has a turnout.
    """
    if not any(u.turnout is not None for u in units):
        return None
    row_height, bar_height, top, bottom = 22, 14, 26, 22
    name_width, bar_width, value_width, marker_width = 300, 330, 70, 24
    bar_x = name_width + 8
    verdicts = list(verdicts) or [None] * len(units)
    thresholds = {u.turnout_threshold for u in units}  # one regime judges every unit of a ballot
    threshold = None if consultative(outcome) or len(thresholds) != 1 else thresholds.pop()
    bars = []
    for index, (unit, row, marked) in enumerate(zip(units, rows, verdicts, strict=True)):
        y = top + index * row_height + (row_height - bar_height) // 2
        met = row.turnout_met
        css = "untested" if met is None or unit.turnout is None else ("met" if met else "missed")
        figures = (
            f"{row.votes_cast} of {row.eligible} entitled voted"
            if row.eligible is not None
            else f"{row.votes_cast} votes cast; number entitled not given"
        )
        verdict = ""
        if met is not None:
            verdict = "; turnout threshold met" if met else "; turnout threshold not met"
        bars.append(
            ChartBar(
                name=_short_name(unit.name),
                full_name=unit.name,
                y=str(y),
                text_y=str(y + bar_height - 3),
                height=str(bar_height),
                width="0.00" if unit.turnout is None else _floor_units(unit.turnout, bar_width),
                css=css,
                value=row.turnout_pct or "unknown",
                title=(
                    f"{unit.name}: turnout {row.turnout_pct or 'unknown'}, {figures}{verdict}"
                    + ("" if marked is None else f"; {marked[1]}")
                ),
                marker=None if marked is None else marked[0],
            )
        )
    height = top + len(units) * row_height + bottom
    threshold_text_ = threshold_text(threshold) if threshold is not None else None
    label = f"Turnout in each of the {len(units)} units"
    if threshold_text_:
        label += f", against the {threshold_text_} turnout threshold (dashed line)"
    return TurnoutChart(
        width=bar_x + bar_width + value_width + marker_width,
        height=height,
        bar_x=bar_x,
        bar_width=bar_width,
        name_x=bar_x - 8,
        value_x=bar_x + bar_width + value_width,
        marker_x=bar_x + bar_width + value_width + marker_width // 2,
        top=top - 6,
        axis_y=top + len(units) * row_height,
        label_y=top - 10,
        tick_label_y=top + len(units) * row_height + 14,
        threshold_x=None if threshold is None else _ceil_units(threshold, bar_width, bar_x),
        threshold_label=(
            None if threshold_text_ is None else f"{threshold_text_} turnout threshold"
        ),
        ticks=tuple(
            TickMark(_floor_units(Fraction(p, 100), bar_width, bar_x), f"{p}%")
            for p in (0, 25, 50, 75, 100)
        ),
        bars=tuple(bars),
        label=label,
    )


CHART_UNITS = 100
"""Above this many units the chart is left out (a bar per unit would not be read); the table
keeps every unit."""


def _have(n: int, aggregated: bool) -> str:
    if aggregated:
        return "would have"
    return "has" if n == 1 else "have"


def outcome_lists(
    outcome: BallotOutcome, units: Sequence[UnitOutcome], names: dict[str, str]
) -> tuple[tuple[OutcomeList, ...], str, dict[int, tuple[str, str]]]:
    """The national picture (the core's `mandate_groups`): a list per outcome, the sentence of
    counts, and each unit's marker and words for the chart (by the unit's `id`)."""
    aggregated = outcome.aggregation == "aggregate"
    ids = [q.id for q in outcome.questions]
    groups = mandate_groups(units, ids)
    lists = []
    parts = []
    markers: dict[int, tuple[str, str]] = {}
    for group in groups:
        kinds = _and([names[qid] for qid in group.mandated]) if group.mandated else ""
        if not group.mandated:
            css, label, words = "none", "No mandate", "no mandate"
        elif len(group.mandated) == len(ids):
            css, label, words = "full", f"A mandate for {kinds}", f"a mandate for {kinds}"
        else:
            css = "partial"
            label, words = f"A mandate for {kinds} only", f"a mandate for {kinds} only"
        risky = {id(u) for u in group.at_risk}
        shown = []
        for unit in group.units:
            markers[id(unit)] = (css, words)
            if id(unit) in risky:
                at_risk = _and(
                    [names[q.id] for q in unit.questions if q.decision is Decision.AT_RISK]
                )
                shown.append(f"{unit.name} ({at_risk} at risk: take advice)")
            else:
                shown.append(unit.name)
        lists.append(OutcomeList(label, css, len(group.units), tuple(shown), group.mandated))
        n = len(group.units)
        parts.append(f"{whole(n)} {_have(n, aggregated)} {words}")
    counts = f"Of the {whole(len(units))} units, " + "; ".join(parts) + "."
    return tuple(lists), counts, markers


_SHORT_COLUMNS = {"strike action": "Strike", "action short of a strike": "Short of strike"}


def _group_rows(
    outcome: BallotOutcome,
    units: Sequence[UnitOutcome],
    lists: Sequence[OutcomeList],
    decimals: int | None,
) -> tuple[GroupRow, ...]:
    """The core's roll-ups per group (`units.group_rollups`) as rows: the group's units under
    each outcome of the national picture (matched by the questions they have a mandate for)."""
    ids = [q.id for q in outcome.questions]
    assert outcome.ballot.units is not None
    rollups = group_rollups(units, [u.group for u in outcome.ballot.units], ids)
    order = [lst.mandated for lst in lists]
    rows = []
    for r in rollups:
        by = {m.mandated: len(m.units) for m in r.mandates}
        turnout = r.turnout
        rows.append(
            GroupRow(
                name=r.name,
                units=whole(r.units),
                counts=tuple(whole(by.get(key, 0)) for key in order),
                eligible=None if r.eligible is None else whole(r.eligible),
                votes_cast=whole(r.votes_cast),
                turnout_pct=None
                if turnout is None
                else pct_text(percent(turnout, human_decimals(turnout, None, decimals))),
            )
        )
    return tuple(rows)


def units_overview(
    outcome: BallotOutcome, decimals: int | None, details: bool | None = None
) -> UnitsOverview | None:
    """The per-unit view of a ballot with units: separate ballots, or an aggregated one's units
    judged alone for information. None for a ballot without units.

    `details`: whether each unit's section follows (None: only up to `DETAILS_UNITS` units)."""
    summary = outcome.summary
    if summary is None:
        return None
    aggregated = outcome.aggregation == "aggregate"
    units = outcome.information_units if aggregated else outcome.units
    names = question_names(units[0].questions) if units else {}
    rows = tuple(_unit_row(outcome, u, decimals, names) for u in units)
    if aggregated:
        heading = (
            "Each unit judged alone, for information only (an aggregated ballot, s.228A: the "
            "legal test is the total)."
        )
    elif summary.consultative:
        heading = "Each unit is counted on its own (a consultative ballot has no statutory test)."
    else:
        heading = "Each unit is a separate ballot (s.228), judged on its own."
    lists: tuple[OutcomeList, ...] = ()
    markers: dict[int, tuple[str, str]] = {}
    if summary.consultative:
        majority = summary.majority_for or 0
        counts = (
            f"A consultative ballot gives no mandate in any unit. Yes had a majority on every "
            f"question in {majority} of {summary.units} units; {summary.units - majority} did not."
        )
    else:
        lists, counts, markers = outcome_lists(outcome, units, names)
    questions = [
        QuestionCountSummary(
            c.id,
            c.mandate,
            c.at_risk,
            c.no_mandate,
            _cap(count_text(c).replace(c.id, names.get(c.id, c.id), 1)),
        )
        for c in summary.questions
    ]
    totals = summary.totals
    total_turnout = None
    if summary.turnout is not None:
        total_turnout = pct_text(
            percent(summary.turnout, human_decimals(summary.turnout, None, decimals))
        )
    show = (len(units) <= DETAILS_UNITS) if details is None else details
    group_by = outcome.ballot.group_by
    groups: tuple[GroupRow, ...] = ()
    if group_by is not None and outcome.ballot.units is not None and not summary.consultative:
        groups = _group_rows(outcome, units, lists, decimals)
    chart = None
    if len(units) <= CHART_UNITS:
        chart = turnout_chart(
            outcome, units, rows, [markers.get(id(u)) for u in units] if markers else ()
        )
    return UnitsOverview(
        heading=heading,
        information_only=aggregated,
        rows=rows,
        question_ids=tuple(q.id for q in outcome.questions),
        with_mandate=summary.with_mandate,
        without_mandate=summary.without_mandate,
        units=summary.units,
        counts=counts,
        questions=() if consultative(outcome) else tuple(questions),
        total_eligible=None if totals.eligible is None else whole(totals.eligible),
        total_votes_cast=whole(totals.votes_cast),
        total_turnout_pct=total_turnout,
        totals_note=(
            "The totals are the sums of the units' figures"
            + (
                " (the aggregated ballot that was judged)."
                if aggregated
                else ", for information."
                if summary.consultative
                else "; under separate ballots they are not a legal test."
            )
        ),
        chart=chart,
        lists=lists,
        question_labels=tuple(_cap(names[q.id]) for q in units[0].questions) if units else (),
        question_columns=tuple(
            _SHORT_COLUMNS.get(names[q.id], _cap(names[q.id])) for q in units[0].questions
        )
        if units
        else (),
        details=show or aggregated,
        group_heading=None if not groups or group_by is None else f"By {group_by}",
        group_note=None
        if not groups
        else (
            "For information only: a group's figures are not a legal test; each unit is judged "
            "on its own" + (" (s.228)." if not aggregated and not summary.consultative else ".")
        ),
        groups=groups,
        details_note=None
        if show or aggregated
        else (
            f"Each unit's own section is left out of a summary of more than {DETAILS_UNITS} "
            "units (the table above gives every unit's figures); ask for it with --details."
        ),
    )


def summary_context(
    outcome: BallotOutcome, decimals: int | None = None, details: bool | None = None
) -> BallotSummary:
    """Everything a circular about one ballot says, decided from the exact tally.

    `details`: whether a ballot with units has each unit's own section (None: only up to
    `DETAILS_UNITS` units); an aggregated ballot's one judged unit is always shown."""
    b = outcome.ballot
    overview = units_overview(outcome, decimals, details)
    shown = outcome.units if overview is None or overview.details else ()
    return BallotSummary(
        title=b.title,
        union=b.union,
        employer=b.employer,
        opened=None if b.opened is None else long_date(b.opened),
        closed=None if b.closed is None else long_date(b.closed),
        scrutineer=b.scrutineer,
        source=b.source,
        consultative=consultative(outcome) and not outcome.ballot.survey,
        survey=outcome.ballot.survey,
        regime_id=outcome.regime.id,
        regime_name=outcome.regime.name,
        separate_units=len(outcome.units) > 1,
        units=tuple(_unit_summary(outcome, u, decimals) for u in shown),
        overview=overview,
        next_steps=next_steps(outcome),
        notes=circular_notes(outcome),
        footer=_footer(outcome),
        caution=figures_caution(outcome.unreconciled),
    )


def circular_notes(outcome: BallotOutcome) -> tuple[str, ...]:
    """The notes a circular shows members. A ballot with statutory force: all of them. A
    consultative ballot (its file, or `--regime consultative`): those that say what its result
    means, namely its regime's own notes (rules/regimes.yaml: that it gives no mandate for
    industrial action, and is decided by a simple majority) and an electorate not given; not how
    the regime was picked or which was set aside (ballotcalc's regime ids, for officers: `result`
    shows them), nor the tests of units under s.228 and s.228A, which a ballot not held under
    s.226 is not judged by. A survey's circular already says in its own words that nothing was
    put to a vote and there is no mandate, so its note is not repeated."""
    if not consultative(outcome):
        return outcome.notes
    for_members = {*outcome.regime.notes, ELECTORATE_NOT_GIVEN_NOTE}
    return tuple(note for note in outcome.notes if note in for_members)


# --- notice (s.231 members, s.231A employer) ------------------------------------------------------


def _question_ref(outcome: BallotOutcome, qid: str) -> str:
    question = next(x for x in outcome.questions if x.id == qid)
    if question.text:
        return f'"{question.text}"'
    return (
        f"on {QUESTION_TYPES[question.type]}" if question.type in ("strike", "asos") else f"'{qid}'"
    )


def _naming(statement: str, ref: str) -> str:
    """The statutory wording with the question it is about named after "the question"."""
    if "to the question" in statement:
        return statement.replace("to the question", f"to the question {ref}", 1)
    return f"{statement} for the question {ref}"


def notice_items(outcome: BallotOutcome, unit: UnitOutcome) -> tuple[NoticeItem, ...]:
    """The core's result items (`notices.result_items`), numbered, each per-question statement
    naming its question, each figure written out."""
    return tuple(
        NoticeItem(
            number=index,
            key=item.key,
            kind=item.kind,
            statement=item.statement
            if item.question is None
            else _naming(item.statement, _question_ref(outcome, item.question)),
            value=None if item.figure is None else whole(item.figure),
            question=item.question,
        )
        for index, item in enumerate(result_items(outcome, unit), start=1)
    )


def notice_context(
    outcome: BallotOutcome,
    audience: Audience,
    *,
    figures_as_reported: bool = False,
    unit: UnitOutcome | None = None,
) -> BallotNotice:
    """The s.231 (members) or s.231A (employer) information for one ballot, and nothing else.

    `unit`: one separate ballot (s.228) of a ballot with units: the notice to its employer, or to
    its members, holds only its own figures and names no other unit (s.231A: each employer is
    told its own result). Without it, every separate ballot of the outcome is in the notice.

    `figures_as_reported`: the user confirmed that figures which do not add up are as the
    scrutineer reported them (the command refuses them otherwise); the notice records it.

    Raises ValueError for a consultative ballot, which is not held under s.226 and has no notice.
    """
    notice = result_notice(outcome)
    b = outcome.ballot
    units = outcome.units if unit is None else (unit,)
    if unit is not None and audience == "employer":
        addressee = unit.name
    elif unit is not None:
        addressee = f"Every member at {unit.name} who was entitled to vote in the ballot"
    elif audience == "members":
        addressee = "Every member who was entitled to vote in the ballot"
    else:
        addressee = b.employer or "Every employer of members entitled to vote in the ballot"
    mismatches = outcome.unreconciled
    if unit is not None:
        mismatches = tuple(m for m in mismatches if m.unit in (None, unit.name))
    return BallotNotice(
        title=b.title,
        union=b.union,
        employer=b.employer,
        closed=None if b.closed is None else long_date(b.closed),
        audience=audience,
        addressee=addressee,
        basis=notice.basis[audience],
        caution=notice.wording.caution,
        separate_units=len(outcome.units) > 1,
        units=tuple(UnitNotice(u.name, notice_items(outcome, u)) for u in units),
        footer=_footer(outcome),
        as_reported=as_reported_line(mismatches) if figures_as_reported else None,
    )


def notices_per_unit(outcome: BallotOutcome) -> bool:
    """Separate ballots (s.228) with units: each unit's employer, and its members, get a notice of
    their own ballot's figures only. An aggregated ballot (s.228A) is one ballot: one notice."""
    return outcome.aggregation == "separate"


def notice_name(outcome: BallotOutcome, audience: Audience) -> str:
    """What a notice of a whole ballot is called where each gets a file (`-o DIR/`): the employer
    it goes to if the ballot names one, else the ballot's title."""
    b = outcome.ballot
    return (b.employer if audience == "employer" else None) or b.title


def notice_documents(
    outcome: BallotOutcome,
    audience: Audience,
    *,
    units: Sequence[UnitOutcome] | None = None,
    figures_as_reported: bool = False,
    letter: Letter | None = None,
    footer: bool = True,
) -> list[tuple[str, BallotNotice]]:
    """Each notice one ballot gives, with the name its file is made from: one per unit (`units`,
    default all) for separate ballots with units (`notices_per_unit`), else one; each sent as
    `letter` (the ballot's, the same for each unit: the notice itself names its addressee) and
    with the footer as `footer` says (`render_notice`)."""
    named: list[tuple[str, UnitOutcome | None]]
    if not notices_per_unit(outcome):
        named = [(notice_name(outcome, audience), None)]
    else:
        named = [(u.name, u) for u in (outcome.units if units is None else units)]
    return [
        (
            name,
            _dressed(
                notice_context(outcome, audience, figures_as_reported=figures_as_reported, unit=u),
                letter,
                footer=footer,
                notice=True,
            ),
        )
        for name, u in named
    ]


# --- rendering ------------------------------------------------------------------------------------


_Context = TypeVar("_Context", "BallotSummary", "BallotNotice")


def _dressed(context: _Context, letter: Letter | None, *, footer: bool, notice: bool) -> _Context:
    """A document's context with its letter, and without the footer `--no-footer` removes: the
    provenance line always, and the not-legal-advice line from a notice only."""
    if letter is None and footer:
        return context
    shown = replace(context.footer, provenance=footer, advice=footer or not notice)
    return replace(context, letter=letter, footer=shown)


def _letters(
    letters: Sequence[Letter | None], outcomes: Sequence[BallotOutcome]
) -> Sequence[Letter | None]:
    if not letters:
        return [None] * len(outcomes)
    if len(letters) != len(outcomes):
        raise ValueError("give one letter (or None) per ballot")
    return letters


def render_summary(
    outcomes: Sequence[BallotOutcome],
    fmt: DocumentFormat | str,
    *,
    decimals: int | None = None,
    template: str | None = None,
    letters: Sequence[Letter | None] = (),
    footer: bool = True,
    details: bool | None = None,
) -> str:
    """A circular for members about each ballot, in one document; `letters` (one per ballot, or
    none) sends each as a letter, `footer` False leaves out the provenance line; `details`: see
    `summary_context`."""
    from ballotcalc.render.templating import render_template

    contexts = [
        _dressed(summary_context(o, decimals, details), letter, footer=footer, notice=False)
        for o, letter in zip(outcomes, _letters(letters, outcomes), strict=True)
    ]
    return render_template(
        DocumentKind.SUMMARY,
        DocumentFormat(fmt),
        {
            "ballots": contexts,
            "page_title": "; ".join(o.ballot.title for o in outcomes),
        },
        template=template,
    )


def render_notice(
    outcomes: Sequence[BallotOutcome],
    fmt: DocumentFormat | str,
    *,
    audience: Audience,
    template: str | None = None,
    figures_as_reported: bool = False,
    letters: Sequence[Letter | None] = (),
    footer: bool = True,
) -> str:
    """The statutory information for members (s.231) or the employer (s.231A), per ballot (for
    separate ballots with units, one notice per unit, each on its own page); `letters` and
    `footer` as for `render_summary` (without the footer a notice also leaves out the
    not-legal-advice line: it states what the law requires, and no conclusion)."""
    notices = [
        context
        for o, letter in zip(outcomes, _letters(letters, outcomes), strict=True)
        for _, context in notice_documents(
            o, audience, figures_as_reported=figures_as_reported, letter=letter, footer=footer
        )
    ]
    return render_notices(notices, fmt, audience=audience, template=template)


def render_notices(
    notices: Sequence[BallotNotice],
    fmt: DocumentFormat | str,
    *,
    audience: Audience,
    template: str | None = None,
) -> str:
    """Notices made by `notice_documents` as one document, each starting on a new page (HTML) or
    after a separator (markdown, text)."""
    from ballotcalc.render.templating import render_template

    return render_template(
        DocumentKind.NOTICE,
        DocumentFormat(fmt),
        {"notices": list(notices), "audience": audience},
        template=template,
    )
