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
    warn,
)
from ballotcalc.commands.documents import (
    check_output,
    deliver,
    document_options,
    format_for,
    letters,
)
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
    profile: str | None,
    no_profile: bool,
    no_footer: bool,
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
    from ballotcalc.render.documents import render_summary

    document = format_for(fmt, template)
    check_output(document, output)
    outcomes, problems = judge_all(files, regime, s68_from, allow_outside_paths)
    if problems:
        raise InputError(problems)
    warn(outcomes)
    text = render_summary(
        outcomes,
        document,
        decimals=decimals,
        template=template,
        letters=letters(outcomes, "circular", profile=profile, no_profile=no_profile),
        footer=not no_footer,
    )
    deliver(text, document, output, force=force, files=files)
