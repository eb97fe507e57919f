"""`ballotcalc result`: the full result of each ballot, for people or for machines."""

from __future__ import annotations

import datetime as dt

import click

from ballotcalc.commands.common import (
    EXIT_CODES_HELP,
    decimals_option,
    files_argument,
    judge_all,
    judging_options,
    terminal_width,
    use_color,
    warn,
)
from ballotcalc.errors import InputError


@click.command(epilog=EXIT_CODES_HELP)
@files_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table for people; json or csv for scripts and spreadsheets.",
)
@judging_options
@decimals_option
@click.option("--no-color", is_flag=True, help="No colour in the table (also: NO_COLOR=1).")
def result(
    files: tuple[str, ...],
    fmt: str,
    regime: str | None,
    s68_from: dt.date | None,
    decimals: int | None,
    no_color: bool,
) -> None:
    """Judge each ballot FILE and show the result: turnout, each question, each test, the verdict."""
    from ballotcalc.render import RenderOptions, render

    outcomes, problems = judge_all(files, regime, s68_from)
    warn(outcomes)
    if outcomes:
        color = fmt == "table" and use_color(no_color)
        options = RenderOptions(decimals=decimals, color=color, width=terminal_width())
        click.echo(render(outcomes, fmt, options), nl=False, color=color)
    if problems:
        raise InputError(problems)
