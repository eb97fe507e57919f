"""From a file on disk to a judged ballot: load, validate, choose the regime, tally.

This is the core the CLI and the library API share. It touches the file once (in `load_ballot`) and
hands the pure tally plain figures; everything a report shows is in the `BallotOutcome` it returns.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from msgspec import Struct, field
from msgspec.structs import replace

from ballotcalc.errors import InputError, Problem
from ballotcalc.guards import Mismatch, unreconciled
from ballotcalc.loading import Document, PathKey, load_yaml_file, read_bytes
from ballotcalc.model import (
    CSV_GIVEN_AS_BALLOT,
    Ballot,
    Question,
    Where,
    expand_shorthand,
    looks_like_csv,
    validate,
)
from ballotcalc.notices import MandatePeriod, NoticePeriod, mandate_period, notice_period
from ballotcalc.numbers import percent_of
from ballotcalc.rules import Choice, Exemption, Regime, Settings, choose
from ballotcalc.tally import (
    Answers,
    AppliedTests,
    UnitFigures,
    UnitOutcome,
    aggregate,
    tally_unit,
    tally_units,
)
from ballotcalc.units import UnitsSummary, summarise
from ballotcalc.units_csv import UnitsTable, parse_units_csv

BALLOT_SUFFIXES = (".yaml", ".yml")


class BallotStatus(enum.StrEnum):
    """Where a ballot stands, defined once here for every command.

    PLANNED: no results, no opening date and no count of returns yet; LIVE: no results yet (open,
    or its count not yet entered); CLOSED: results entered (whole-ballot `results`, or `units` /
    `units_csv`), so it can be judged; JUDGED: closed and judged (an overview's entry only).
    """

    PLANNED = "planned"
    LIVE = "live"
    CLOSED = "closed"
    JUDGED = "judged"

    @property
    def open(self) -> bool:
        """No results yet: `target` applies; `result` shows it as open; `check` refuses it."""
        return self in (BallotStatus.PLANNED, BallotStatus.LIVE)


def ballot_status(ballot: Ballot) -> BallotStatus:
    """The status a ballot file gives (never JUDGED: that is a fact about a run, not a file)."""
    if ballot.results is not None or ballot.units_csv is not None:
        return BallotStatus.CLOSED
    if ballot.units is not None and any(unit.counted for unit in ballot.units):
        return BallotStatus.CLOSED  # (validation refuses a mix of counted units and open ones)
    if ballot.survey:  # its one figure, the responses, is required: a survey is always counted
        return BallotStatus.CLOSED
    if ballot.opened is None and not ballot.returns and not _unit_returns(ballot):
        return BallotStatus.PLANNED
    return BallotStatus.LIVE


def _unit_returns(ballot: Ballot) -> bool:
    return ballot.returns_csv is not None or any(u.returns for u in ballot.units or ())


class LoadedBallot(Struct, frozen=True):
    """A validated ballot file: the model, where its keys are, and any warnings found."""

    document: Document
    """Where each key is, and the hash of the file; its plain `data` is dropped (None) once
    validated, because `ballot` holds every figure."""
    ballot: Ballot
    warnings: tuple[Problem, ...]
    units_table: UnitsTable | None = None
    """The units CSV the ballot's units were read from, if any, for locating problems (its plain
    `units` dropped, as the document's data is)."""
    written: dict[PathKey, PathKey] = field(default_factory=dict)
    """Where the single-question shorthand wrote what the model holds as `results.q1`."""

    @property
    def file(self) -> str:
        return self.document.file

    @property
    def status(self) -> BallotStatus:
        return ballot_status(self.ballot)

    @property
    def live(self) -> bool:
        """No results yet: the ballot is still open, or planned (`BallotStatus.open`)."""
        return self.status.open

    def problem(self, path: tuple[str | int, ...], message: str) -> Problem:
        """A problem at `path`, located in the ballot file or the row of the units CSV."""
        return Where(self.document, self.written, self.units_table).problem(path, message)


class BallotOutcome(Struct, frozen=True):
    """Everything known about one judged ballot, ready for any renderer."""

    file: str
    sha256: str
    ballot: Ballot
    regime: Regime
    tests: AppliedTests
    notes: tuple[str, ...]
    warnings: tuple[Problem, ...]
    units: tuple[UnitOutcome, ...]
    """The separate ballots as the law judges them: one per unit, or one sum if aggregated."""
    aggregation: Literal["separate", "aggregate"] | None = None
    """None for a ballot without units."""
    information_units: tuple[UnitOutcome, ...] = ()
    """Aggregated ballots only: each unit judged alone, for information; NOT the legal test."""
    summary: UnitsSummary | None = None
    """Ballots with units: counts of units with and without a mandate, and the totals."""
    units_csv: UnitsTable | None = None
    mandate: MandatePeriod | None = None
    """The regime's mandate period from the date of the ballot (None: no mandate under the regime,
    or no closing date). Whether any question HAS a mandate is in each question's `decision`."""
    notice_period: NoticePeriod | None = None
    """The regime's notice-of-action period (s.234A(4)); None where there is no mandate."""

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(self.ballot.questions)

    @property
    def consultative(self) -> bool:
        """Judged as a ballot that can give no mandate: its file says consultative, or it was
        judged under `--regime consultative`. Its decisions are the `CONSULTATIVE_*` ones."""
        return not self.tests.gives_mandate

    @property
    def survey_headline(self) -> str:
        """A survey's one figure in words: who responded, of how many asked."""
        unit = self.units[0]
        rate = percent_of(unit.votes_cast, unit.eligible, 1)
        if unit.eligible is None or rate is None:
            return (
                f"{unit.votes_cast:,} responded to this survey (the number asked is not given, "
                "so the response rate is unknown)."
            )
        return (
            f"{unit.votes_cast:,} of the {unit.eligible:,} asked responded to this survey: a "
            f"response rate of {rate}%."
        )

    @property
    def unreconciled(self) -> tuple[Mismatch, ...]:
        """Questions whose answers do not add up to the votes cast: a circular carries a caution
        and a statutory notice needs the user's word that they are as reported. Worked out when
        asked (a document), not for every result."""
        return unreconciled(self.ballot)


def load_ballot(
    path: str | Path, display: str | None = None, *, allow_outside_paths: bool = False
) -> LoadedBallot:
    """Read and validate a ballot file. Raises `InputError` listing every problem found.

    The ballot's `units_csv` is read only from the ballot file's folder or below it, unless
    `allow_outside_paths` (see `units_csv_path`).
    """
    path = Path(path)
    shown = display if display is not None else str(path)
    if looks_like_csv(shown):  # before YAML, which may fail on a CSV's quotes with a worse message
        raise InputError.single(shown, CSV_GIVEN_AS_BALLOT, line=1)
    document = load_yaml_file(path, shown)
    tables: list[UnitsTable] = []

    def read_units(ballot: Ballot) -> UnitsTable:
        """The one extra file a ballot may name: `units_csv`, relative to the ballot file."""
        relative = ballot.units_csv
        assert relative is not None
        csv_path = units_csv_path(path, relative, allow_outside_paths)
        if isinstance(csv_path, str):
            raise InputError.single(
                shown, csv_path, line=document.line_of(("units_csv",)), path="units_csv"
            )
        csv_shown = os.path.normpath(os.path.join(os.path.dirname(shown), relative))
        raw = read_bytes(csv_path, csv_shown)
        tables.append(
            parse_units_csv(
                raw,
                csv_shown,
                [q.id for q in ballot.questions],
                question_types=[q.type for q in ballot.questions],
                columns=ballot.units_csv_columns,
            )
        )
        return tables[-1]

    ballot, problems = validate(document, read_units)
    written = expand_shorthand(document.data)[1] if isinstance(document.data, dict) else {}
    errors = [p for p in problems if p.severity == "error"]
    if ballot is None or errors:
        raise InputError(errors or problems)
    if ballot.returns_csv is not None:
        ballot = _read_returns(ballot, path, shown, document, allow_outside_paths)
    # The model now holds every figure; the plain copies go (tens of MB for a national ballot).
    return LoadedBallot(
        document=replace(document, data=None),
        ballot=ballot,
        warnings=tuple(problems),
        units_table=replace(tables[-1], units=[]) if tables else None,
        written=written,
    )


def _read_returns(
    ballot: Ballot, path: Path, shown: str, document: Document, allow_outside_paths: bool
) -> Ballot:
    """The ballot with its units' interim counts read from `returns_csv`, confined as `units_csv`."""
    from ballotcalc.returns_csv import attach_returns

    relative = ballot.returns_csv
    assert relative is not None
    csv_path = units_csv_path(path, relative, allow_outside_paths, what="a returns CSV")
    if isinstance(csv_path, str):
        raise InputError.single(
            shown, csv_path, line=document.line_of(("returns_csv",)), path="returns_csv"
        )
    csv_shown = os.path.normpath(os.path.join(os.path.dirname(shown), relative))
    return attach_returns(ballot, read_bytes(csv_path, csv_shown), csv_shown)


OUTSIDE_PATHS_OPT_IN = (
    "--allow-outside-paths (or BALLOTCALC_ALLOW_OUTSIDE_PATHS=1) if you trust this ballot file"
)


def units_csv_path(
    ballot: Path, written: str, allow_outside_paths: bool, what: str = "a units CSV"
) -> Path | str:
    """Where a ballot's `units_csv` (or another file it names, `what`) is, or why it is not read.

    A ballot file arrives by email and a pasted error ends up in a public log, so the file it
    names must not be a way to read, or quote from, anything else on the machine
    (`units_csv: /etc/shadow`, `../../.ssh/id_rsa`): the path must be relative and stay inside the
    ballot file's folder once `..` and symbolic links are resolved. The user who trusts the file
    can allow any path.
    """
    target = ballot.parent / written
    if allow_outside_paths:
        return target
    if os.path.isabs(written) or Path(written).drive:
        return (
            f"'{written}' is an absolute path; give a path relative to the ballot file's folder, "
            f"or allow it with {OUTSIDE_PATHS_OPT_IN}"
        )
    try:
        folder = ballot.parent.resolve()
        resolved = target.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return f"'{written}' cannot be resolved (a loop of symbolic links?)"
    if not resolved.is_relative_to(folder):
        return (
            f"'{written}' is outside the ballot file's folder ({what} must be in it or "
            f"below it); move the CSV there, or allow it with {OUTSIDE_PATHS_OPT_IN}"
        )
    return target


def tests_for(ballot: Ballot, regime: Regime) -> tuple[AppliedTests, list[str]]:
    """Which of the regime's tests apply to this ballot, with a note for each judgement call."""
    notes: list[str] = []
    support = regime.support_threshold
    if support is not None and regime.support_applies_to_important_public_services:
        if ballot.important_public_service is None:
            support = None
            notes.append(
                "The 40% support test is not applied: the ballot is not recorded as one where "
                "most of those entitled work in an important public service (TULRCA s.226(2B): health, "
                "education, fire, transport, border security)."
            )
        elif exempt := _exemption(ballot, regime):
            support = None
            notes.append(f"The 40% support test is not applied: {exempt.describe()}.")
        else:
            notes.append(
                f"The 40% support test applies: important public service "
                f"({ballot.important_public_service})."
            )
    tests = AppliedTests(
        turnout=regime.turnout_threshold,
        support=support,
        literal_majority=regime.spoiled_count_as_votes,
        gives_mandate=regime.mandate is not None,
    )
    return tests, notes


def _exemption(ballot: Ballot, regime: Regime) -> Exemption | None:
    """The regime's exemption from the support test that the ballot claims and is entitled to (the
    rules are data: rules/regimes.yaml `support_exemptions`)."""
    day = ballot.opened or ballot.closed
    for exemption in regime.support_exemptions:
        if exemption.applies(bool(getattr(ballot, exemption.ballot_flag)), day):
            return exemption
    return None


def choose_regime(loaded: LoadedBallot, regime: str | None, settings: Settings) -> Choice:
    """The regime a ballot is judged under (`regime` overrides the file and the dates); a ballot
    that gives nothing to choose by, or names an unknown regime, is an input error."""
    ballot = loaded.ballot
    try:
        return choose(
            jurisdiction=ballot.jurisdiction,
            opened=ballot.opened,
            closed=ballot.closed,
            override=regime or ballot.regime,
            settings=settings,
            consultative=ballot.kind != "statutory",
        )
    except LookupError as exc:
        raise InputError.single(
            loaded.file,
            exc.args[0],
            line=loaded.document.line_of(("regime",)),
            path="regime" if (regime or ballot.regime) else None,
        ) from None


def judge(
    loaded: LoadedBallot, *, regime: str | None = None, settings: Settings | None = None
) -> BallotOutcome:
    """Judge a validated ballot under its regime (or `regime`, overriding the file and the dates)."""
    ballot = loaded.ballot
    document = loaded.document
    settings = settings or Settings()
    if ballot.units_csv is not None and ballot.units is None:
        raise InputError(
            [
                loaded.problem(
                    ("units_csv",),
                    "was not read: load the ballot with load_ballot(), which reads it",
                )
            ]
        )
    if loaded.live:
        raise InputError.single(
            loaded.file,
            "has no results yet (a live ballot): use 'ballotcalc target' to see the returns "
            "still needed",
            line=document.line_of(("questions",)),
        )
    choice = choose_regime(loaded, regime, settings)
    tests, test_notes = tests_for(ballot, choice.regime)
    figures = unit_figures(ballot)
    if tests.turnout is not None or tests.support is not None:
        _require_eligible(loaded, figures, choice.regime.id)
    notes = [*choice.notes, *test_notes]
    if ballot.survey:
        notes = [SURVEY_NOTE]
    aggregation = None if ballot.units is None else (ballot.aggregation or "separate")
    information: tuple[UnitOutcome, ...] = ()
    units: tuple[UnitOutcome, ...]
    summary = None
    if aggregation == "aggregate":
        units = (tally_unit(aggregate(ballot.named(), figures), tests),)
        information = tally_units(figures, tests)
        notes.append(
            f"Aggregated ballot (s.228A): the {len(figures):,} units are added together and judged "
            "once. The figures of each unit are shown for information only; they are not the "
            "legal test."
        )
    else:
        units = tally_units(figures, tests)
        if aggregation == "separate" and not tests.gives_mandate:
            notes.append(
                f"Each of the {len(figures):,} units is counted on its own. A consultative ballot "
                "is not held under s.226: no statutory test applies to a unit or to the totals."
            )
        elif aggregation == "separate":
            notes.append(
                f"Separate ballots (s.228): every test applies to each of the {len(figures):,} "
                "units on its own; the totals are not a legal test."
            )
    if aggregation is not None:
        summary = summarise(
            information or units,
            aggregate("Total", figures),
            consultative=not tests.gives_mandate,
            information_only=aggregation == "aggregate",
        )
    if any(unit.eligible is None for unit in figures):
        notes.append(ELECTORATE_NOT_GIVEN_NOTE)
    return BallotOutcome(
        file=loaded.file,
        sha256=document.sha256,
        ballot=ballot,
        regime=choice.regime,
        tests=tests,
        notes=tuple(notes),
        warnings=loaded.warnings,
        units=units,
        aggregation=aggregation,
        information_units=information,
        summary=summary,
        units_csv=loaded.units_table,
        mandate=mandate_period(choice.regime, ballot.closed),
        notice_period=notice_period(choice.regime),
    )


def _require_eligible(loaded: LoadedBallot, figures: Sequence[UnitFigures], regime_id: str) -> None:
    """Every unit judged by a turnout or support test needs its number entitled to vote."""
    why = (
        f"is required: regime {regime_id} applies a turnout or support test, which needs the "
        "number entitled to vote"
    )
    if loaded.ballot.units is None:
        if figures[0].eligible is None:
            raise InputError([loaded.problem(("eligible",), why)])
        return
    missing = [
        loaded.problem(("units", index, "eligible"), why)
        for index, unit in enumerate(figures)
        if unit.eligible is None
    ]
    if missing:
        raise InputError(missing)


SURVEY_FINDING = "No question was put to a vote: there is no statutory test and no mandate."
ELECTORATE_NOT_GIVEN_NOTE = "The number entitled to vote is not given, so turnout is unknown."
"""A fact about the figures, whatever the ballot's force (a circular shows it for every ballot)."""
SURVEY_NOTE = (
    "A survey: no question was put to a vote, so there is no statutory test and no mandate; "
    "the response rate is the share of those asked who responded."
)


def unit_figures(ballot: Ballot) -> tuple[UnitFigures, ...]:
    """The separate ballots to judge: one per unit, or one for a ballot without workplaces.

    A survey is one unit with no questions, whose responses stand where the votes cast would."""
    if ballot.survey:
        assert ballot.responses is not None
        return (UnitFigures(ballot.named(), ballot.eligible, ballot.responses, ()),)
    if ballot.units is not None:
        asked = [(q.id, q.type) for q in ballot.questions]
        figures = []
        for unit in ballot.units:  # a plain loop: 200,000 units in a national ballot
            results, votes_cast = unit.results, unit.votes_cast
            assert results is not None and votes_cast is not None  # closed: validated
            row = []
            for qid, qtype in asked:
                c = results[qid]
                row.append(Answers(qid, qtype, c.yes, c.no, c.spoiled))
            figures.append(UnitFigures(unit.name, unit.eligible, votes_cast, tuple(row)))
        return tuple(figures)
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


# --- many ballot files: the overview ----------------------------------------------------------


class Entry(Struct, frozen=True):
    """One ballot file in an overview: judged, still open, or broken (with its problems)."""

    file: str
    outcome: BallotOutcome | None = None
    loaded: LoadedBallot | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def status(self) -> BallotStatus | Literal["error"]:
        """JUDGED, PLANNED or LIVE (`BallotStatus`), or "error" for a file that could not be read."""
        if self.outcome is not None:
            return BallotStatus.JUDGED
        return self.loaded.status if self.loaded is not None else "error"

    @property
    def ballot(self) -> Ballot | None:
        if self.outcome is not None:
            return self.outcome.ballot
        return None if self.loaded is None else self.loaded.ballot

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The warnings found in the file, judged or not (none for a file that could not be read:
        its `problems` say why)."""
        if self.outcome is not None:
            return self.outcome.warnings
        return () if self.loaded is None else self.loaded.warnings

    def sort_key(self) -> tuple[bool, dt.date, str]:
        """By the date of the ballot (closed, else opened); undated and broken files last."""
        b = self.ballot
        day = None if b is None else (b.closed or b.opened)
        return (day is None, day or dt.date.min, self.file)


Listed = BallotOutcome | Entry
"""What `result` lists and its renderers take: a judged ballot, or the entry of one without
results yet (shown as open, with nothing judged)."""


def ballot_files(paths: Iterable[str]) -> list[str]:
    """The paths, each directory replaced by its ballot files (*.yaml, *.yml; not recursive)."""
    files: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            files += sorted(
                os.path.join(path, name)
                for name in os.listdir(path)
                if name.endswith(BALLOT_SUFFIXES) and not name.startswith(".")
            )
        else:
            files.append(path)
    return files


def survey(
    files: Iterable[str],
    *,
    regime: str | None = None,
    settings: Settings | None = None,
    allow_outside_paths: bool = False,
) -> list[Entry]:
    """Judge many ballot files for an overview, sorted by date.

    A broken file does not stop the rest, and a live ballot is listed as open, not as an error.
    """
    entries: list[Entry] = []
    for file in files:
        try:
            loaded = load_ballot(file, allow_outside_paths=allow_outside_paths)
            if loaded.live:
                entries.append(Entry(file=loaded.file, loaded=loaded))
                continue
            entries.append(
                Entry(file=file, outcome=judge(loaded, regime=regime, settings=settings))
            )
        except InputError as exc:
            entries.append(Entry(file=file, problems=exc.problems))
    return sorted(entries, key=Entry.sort_key)
