"""`ballotcalc validate`: errors and warnings only, for editors and pre-commit hooks."""

from __future__ import annotations

import datetime as dt

import click

from ballotcalc.commands.common import (
    EXIT_CODES_HELP,
    check_regime,
    files_argument,
    judging_options,
    report,
    settings,
)
from ballotcalc.errors import InputError


@click.command(epilog=EXIT_CODES_HELP)
@files_argument
@judging_options
def validate(
    files: tuple[str, ...],
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool,
) -> None:
    """Check each ballot FILE and print only errors and warnings (nothing when all is well).

    A live ballot (no results yet) is valid; a ballot with results is also judged, so a missing
    figure that its regime needs is reported too; so is the workforce CSV it names
    (workforce_csv:). A units or workforce CSV given as FILE stands for the ballot files beside
    it that name it (units_csv:, workforce_csv:), so a pre-commit hook checks a change to the CSV
    alone.
    """
    from ballotcalc.csv_owners import with_ballots_for_csvs
    from ballotcalc.judging import judge, load_ballot
    from ballotcalc.workforce import load_workforce

    check_regime(regime)
    rules_settings = settings(s68_from)
    ballots, problems = with_ballots_for_csvs(files)
    for file in ballots:
        try:
            loaded = load_ballot(file, allow_outside_paths=allow_outside_paths)
            problems.extend(loaded.warnings)
            if loaded.ballot.workforce_csv is not None:  # the notices' figures, checked too
                workforce = load_workforce(loaded, allow_outside_paths=allow_outside_paths)
                problems.extend(workforce.warnings)
            if not loaded.live:
                judge(loaded, regime=regime, settings=rules_settings)
        except InputError as exc:
            problems.extend(exc.problems)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    report(problems)
