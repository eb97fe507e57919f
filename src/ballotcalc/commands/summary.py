"""`ballotcalc summary`: a circular for members about each ballot, to paste, print or publish."""

from __future__ import annotations

import datetime as dt

import click

from ballotcalc.commands.common import (
    EXIT_CODES_HELP,
    decimals_option,
    files_argument,
    judge_all,
    judging_options,
    report,
    warn,
)
from ballotcalc.commands.documents import document_options, format_for
from ballotcalc.errors import InputError


@click.command(epilog=EXIT_CODES_HELP)
@files_argument
@document_options
@judging_options
@decimals_option
def summary(
    files: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    force: bool,
    template: str | None,
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool,
    decimals: int | None,
) -> None:
    """A circular for members about each ballot FILE: the headline, the figures, what happens next.

    Says per question whether there is a mandate, and never calls a failing ballot one; for a pass,
    the last day of the mandate and the notice of action the employer must get. Nothing is written
    if any FILE has an error.
    """
    from ballotcalc.output import emit
    from ballotcalc.render.documents import render_summary

    outcomes, problems = judge_all(files, regime, s68_from, allow_outside_paths)
    if problems:
        raise InputError(problems)
    warn(outcomes)
    text = render_summary(outcomes, format_for(fmt, template), decimals=decimals, template=template)
    report(emit(text, output, force=force))
