"""`ballotcalc check`: a line per question, and an exit code scripts can rely on.

The exit code is a contract: 0 only if every question of every ballot gives a mandate (the core's
`Decision.MANDATE`). A consultative ballot gives no mandate, so it exits 1 unless the user asks
(`--consultative-ok`) for consultative ballots to be let through, as a pre-commit hook over a
folder of mixed ballots may.
"""

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
from ballotcalc.tally import Decision

LINE_WORDS: dict[Decision, str] = {
    Decision.MANDATE: "mandate",
    Decision.AT_RISK: "AT RISK",
    Decision.NO_MANDATE: "NO MANDATE",
    Decision.CONSULTATIVE_MAJORITY_FOR: "no mandate (consultative): Yes had a majority",
    Decision.CONSULTATIVE_MAJORITY_AGAINST: "no mandate (consultative): No had a majority",
    Decision.CONSULTATIVE_TIE: "no mandate (consultative): Yes and No tied",
}
"""What `check` prints for each decision: the table's words (`wording.DECISION_WORDS`, not imported
here so `check` starts fast; tests/test_decision.py keeps them alike), the ones to act on in
capitals as the table shows them; a consultative outcome always starts "no mandate"."""


@click.command(epilog=EXIT_CODES_HELP)
@files_argument
@judging_options
@click.option(
    "--consultative-ok",
    is_flag=True,
    help="Let consultative ballots and surveys through: they still print 'no mandate "
    "(consultative)' or '(survey)', but do not make the exit code 1 (for a pre-commit hook over "
    "statutory and consultative ballots).",
)
def check(
    files: tuple[str, ...],
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool,
    consultative_ok: bool,
) -> None:
    """Exit 0 only if every question of every ballot FILE gives a mandate.

    Prints one line per question (and per workplace or employer): mandate, NO MANDATE or AT RISK,
    with the reason. A consultative ballot gives no mandate: its lines say "no mandate (consultative)" and
    the exit code is 1, unless --consultative-ok is given; so does a survey (kind: survey), in one
    line, "no mandate (survey)", with its response rate. Suitable for scripts and pre-commit
    hooks: a units CSV given as FILE stands for the ballot files beside it that name it
    (units_csv:).
    """
    from ballotcalc.csv_owners import with_ballots_for_csvs
    from ballotcalc.render.wording import printable, reasons

    ballots, csv_problems = with_ballots_for_csvs(files)
    outcomes, problems = judge_all(ballots, regime, s68_from, allow_outside_paths)
    problems = [*csv_problems, *problems]
    warn(outcomes)
    all_pass = True
    for outcome in outcomes:
        if outcome.ballot.survey:  # no question was put to a vote: nothing gives a mandate
            click.echo(f"{outcome.file}: no mandate (survey): {outcome.survey_headline}")
            all_pass = all_pass and consultative_ok
            continue
        many = len(outcome.units) > 1
        for unit in outcome.units:
            where = f"{printable(unit.name)}: " if many else ""
            for q in unit.questions:
                why = "; ".join(reasons(unit, q))
                line = f"{outcome.file}: {where}{q.id}: {LINE_WORDS[q.decision]}"
                click.echo(line + (f" ({why})" if why else ""))
                ok = q.decision is Decision.MANDATE or (consultative_ok and q.decision.consultative)
                all_pass = all_pass and ok
    if problems:
        raise InputError(problems)
    if not all_pass:
        raise SystemExit(EXIT_FAIL)
