"""From a file on disk to a judged ballot: load, validate, choose the regime, tally.

This is the core the CLI and the library API share. It touches the file once (in `load_ballot`) and
hands the pure tally plain figures; everything a report shows is in the `BallotOutcome` it returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ballotcalc.errors import InputError, Problem
from ballotcalc.loading import Document, load_yaml_file
from ballotcalc.model import Ballot, Question, validate
from ballotcalc.rules import Regime, Settings, choose
from ballotcalc.tally import Answers, AppliedTests, UnitFigures, UnitOutcome, tally_unit


@dataclass(frozen=True, slots=True)
class LoadedBallot:
    """A validated ballot file: the model, where its keys are, and any warnings found."""

    document: Document
    ballot: Ballot
    warnings: tuple[Problem, ...]

    @property
    def file(self) -> str:
        return self.document.file


@dataclass(frozen=True, slots=True)
class BallotOutcome:
    """Everything known about one judged ballot, ready for any renderer."""

    file: str
    sha256: str
    ballot: Ballot
    regime: Regime
    tests: AppliedTests
    notes: tuple[str, ...]
    warnings: tuple[Problem, ...]
    units: tuple[UnitOutcome, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(self.ballot.questions)

    @property
    def consultative(self) -> bool:
        return self.ballot.kind == "consultative"


def load_ballot(path: str | Path, display: str | None = None) -> LoadedBallot:
    """Read and validate a ballot file. Raises `InputError` listing every problem found."""
    path = Path(path)
    document = load_yaml_file(path, display if display is not None else str(path))
    ballot, problems = validate(document)
    errors = [p for p in problems if p.severity == "error"]
    if ballot is None or errors:
        raise InputError(errors or problems)
    return LoadedBallot(document=document, ballot=ballot, warnings=tuple(problems))


def tests_for(ballot: Ballot, regime: Regime) -> tuple[AppliedTests, list[str]]:
    """Which of the regime's tests apply to this ballot, with a note for each judgement call."""
    notes: list[str] = []
    support = regime.support_threshold
    if support is not None and regime.support_applies_to_important_public_services:
        if ballot.important_public_service is None:
            support = None
            notes.append(
                "The 40% support test is not applied: the ballot file does not say that most of "
                "those entitled work in an important public service (important_public_service:)."
            )
        elif ballot.devolved_welsh_authority and _welsh_exempt(ballot, regime):
            support = None
            notes.append(
                "The 40% support test is not applied: services of devolved Welsh authorities are "
                "exempt from 13 September 2017 (Trade Union (Wales) Act 2017 s.1(4))."
            )
        else:
            notes.append(
                f"The 40% support test applies: important public service "
                f"({ballot.important_public_service})."
            )
    tests = AppliedTests(
        turnout=regime.turnout_threshold,
        support=support,
        literal_majority=regime.spoiled_count_as_votes,
    )
    return tests, notes


def _welsh_exempt(ballot: Ballot, regime: Regime) -> bool:
    start = regime.support_not_for_devolved_welsh_authorities_from
    day = ballot.opened or ballot.closed
    return start is not None and (day is None or day >= start)


def judge(
    loaded: LoadedBallot, *, regime: str | None = None, settings: Settings | None = None
) -> BallotOutcome:
    """Judge a validated ballot under its regime (or `regime`, overriding the file and the dates)."""
    ballot = loaded.ballot
    document = loaded.document
    settings = settings or Settings()
    if ballot.results is None:
        raise InputError.single(
            loaded.file,
            "has no results yet (a live ballot): use 'ballotcalc target' to see the returns "
            "still needed",
            line=document.line_of(("questions",)),
        )
    try:
        choice = choose(
            jurisdiction=ballot.jurisdiction,
            opened=ballot.opened,
            closed=ballot.closed,
            override=regime or ballot.regime,
            settings=settings,
            consultative=ballot.kind == "consultative",
        )
    except LookupError as exc:
        path = "regime" if (regime or ballot.regime) else None
        raise InputError.single(
            loaded.file, exc.args[0], line=document.line_of(("regime",)), path=path
        ) from None
    tests, test_notes = tests_for(ballot, choice.regime)
    if ballot.eligible is None and (tests.turnout is not None or tests.support is not None):
        raise InputError.single(
            loaded.file,
            f"is required: regime {choice.regime.id} applies a turnout or support test, which "
            "needs the number entitled to vote",
            line=document.line_of(("eligible",)),
            path="eligible",
        )
    units = tuple(tally_unit(unit, tests) for unit in unit_figures(ballot))
    notes = [*choice.notes, *test_notes]
    if ballot.eligible is None:
        notes.append("The number entitled to vote is not given, so turnout is unknown.")
    return BallotOutcome(
        file=loaded.file,
        sha256=document.sha256,
        ballot=ballot,
        regime=choice.regime,
        tests=tests,
        notes=tuple(notes),
        warnings=loaded.warnings,
        units=units,
    )


def unit_figures(ballot: Ballot) -> tuple[UnitFigures, ...]:
    """The separate ballots to judge: for a ballot without workplaces, one unit."""
    assert ballot.results is not None and ballot.votes_cast is not None
    answers = tuple(
        Answers(
            id=q.id,
            type=q.type,
            yes=ballot.results[q.id].yes,
            no=ballot.results[q.id].no,
            spoiled=ballot.results[q.id].spoiled,
        )
        for q in ballot.questions
    )
    return (
        UnitFigures(
            name=ballot.named(),
            eligible=ballot.eligible,
            votes_cast=ballot.votes_cast,
            answers=answers,
        ),
    )


def parse_day(value: str) -> dt.date:
    """An ISO date from the command line or the environment."""
    return dt.date.fromisoformat(value)
