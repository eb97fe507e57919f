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
from ballotcalc.units import DETAILS_UNITS


@click.command(epilog=EXIT_CODES_HELP)
@files_argument
@document_options
@judging_options
@decimals_option
@click.option(
    "--details/--no-details",
    default=None,
    help="With units: add each unit's own section after the national picture (default: only up "
    f"to {DETAILS_UNITS} units; the table gives every unit's figures either way).",
)
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
    details: bool | None,
) -> None:
    """A circular for members about each ballot FILE: the verdict, the figures, what happens next.

    Says first whether there is a mandate and for what, or which test failed and by how many
    votes, and never calls a failing ballot one; flags a test met by a narrow margin; for a pass,
    the last day of the mandate and the notice of action the employer must get. A ballot with
    units opens with the national picture: the units with a mandate for strike action, for action
    short of a strike only, and with none. Nothing is written if any FILE has an error.
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
        details=details,
    )
    deliver(text, document, output, force=force, files=files, template=template)
