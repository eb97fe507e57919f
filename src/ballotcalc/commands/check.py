"""`ballotcalc check`: a pass/fail line per question, and an exit code scripts can rely on."""

from __future__ import annotations

import datetime as dt

import click

from ballotcalc.commands.common import (
    EXIT_CODES_HELP,
    EXIT_FAIL,
    files_argument,
    judge_all,
    judging_options,
    warn,
)
from ballotcalc.errors import InputError

VERDICT_WORDS = {"pass": "pass", "fail": "FAIL", "at-risk": "AT RISK"}


@click.command(epilog=EXIT_CODES_HELP)
@files_argument
@judging_options
def check(
    files: tuple[str, ...],
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool,
) -> None:
    """Exit 0 only if every question of every ballot FILE gives a mandate.

    Prints one line per question (and per workplace or employer): pass, FAIL or AT RISK, with the
    reason. Suitable for scripts and pre-commit hooks: a units CSV given as FILE stands for the
    ballot files beside it that name it (units_csv:).
    """
    from ballotcalc.csv_owners import with_ballots_for_csvs
    from ballotcalc.render.wording import printable, reasons

    ballots, csv_problems = with_ballots_for_csvs(files)
    outcomes, problems = judge_all(ballots, regime, s68_from, allow_outside_paths)
    problems = [*csv_problems, *problems]
    warn(outcomes)
    all_pass = True
    for outcome in outcomes:
        many = len(outcome.units) > 1
        for unit in outcome.units:
            where = f"{printable(unit.name)}: " if many else ""
            for q in unit.questions:
                why = "; ".join(reasons(unit, q))
                line = f"{outcome.file}: {where}{q.id}: {VERDICT_WORDS[q.verdict]}"
                click.echo(line + (f" ({why})" if why else ""))
                all_pass = all_pass and q.verdict == "pass"
    if problems:
        raise InputError(problems)
    if not all_pass:
        raise SystemExit(EXIT_FAIL)
