"""`ballotcalc result`: the full result of a ballot, or an overview of many, for people or machines.

One FILE gives the full view (with a per-unit table for workplace or employer ballots); a directory
or two or more files give an overview, one row per ballot sorted by date, where a live ballot is
"open" and a broken file is listed with its error (exit code 2) without hiding the others. A live
ballot is open wherever it is shown, and never an error: alone, or with --full, it is a short block
(what the file says, and the pointer to `target`); in JSON and CSV, the overview's record and row.
Nothing is judged for it, so there is no verdict. (`check` still refuses it: its exit code is read
as "mandate".)
"""

from __future__ import annotations

import datetime as dt
import os

import click

from ballotcalc.commands.common import (
    EXIT_CODES_HELP,
    bom_option,
    check_bom,
    check_regime,
    decimals_option,
    judging_options,
    no_color_option,
    paths_argument,
    report,
    settings,
    table_format_option,
    terminal_width,
    use_color,
)
from ballotcalc.errors import InputError, Problem
from ballotcalc.render.formats import ResultFormat, choices
from ballotcalc.units import ONLY_NAMES, SortKey


@click.command(epilog=EXIT_CODES_HELP)
@paths_argument
@table_format_option(
    choices(ResultFormat),
    "table for people; json or csv for scripts and spreadsheets.",
)
@judging_options
@decimals_option
@click.option(
    "--sort",
    type=click.Choice([k.value for k in SortKey]),
    default=None,
    help="Order of the per-unit table: by name, or lowest turnout / smallest margin first "
    "(default: as in the file). Table only.",
)
@click.option(
    "--only",
    type=click.Choice(list(ONLY_NAMES)),
    multiple=True,
    help="Show only units whose worst decision is this (repeatable): mandate (or pass), at-risk, "
    "no-mandate (or fail), or a consultative outcome. Table only: JSON and CSV always give "
    "every unit.",
)
@click.option(
    "--full",
    is_flag=True,
    help="With several files or a directory: every ballot in full, not the overview.",
)
@bom_option
@no_color_option
def result(
    files: tuple[str, ...],
    fmt: str,
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool,
    decimals: int | None,
    sort: str | None,
    only: tuple[str, ...],
    full: bool,
    bom: bool,
    no_color: bool,
) -> None:
    """Judge each ballot FILE and show the result: turnout, each question, each test, the verdict.

    A DIR stands for its ballot files (*.yaml, *.yml). With one file: the full result, with a
    per-unit table for workplace or employer ballots. With a directory or several files: an
    overview, one row per ballot by date (--full for every ballot in full; JSON and CSV always
    give every judged ballot in full). A live ballot (no results yet) is shown as open, alone or
    among others, and is not an error: nothing is judged, and `ballotcalc target FILE` shows the
    returns it still needs.
    """
    from ballotcalc.judging import ballot_files, survey
    from ballotcalc.render import RenderOptions, render_pieces

    check_regime(regime)
    check_bom(bom, fmt)
    paths = ballot_files(files)
    if not paths:
        raise click.UsageError(f"no ballot files (*.yaml, *.yml) in {', '.join(files)}")
    many = len(files) > 1 or any(os.path.isdir(f) for f in files)
    entries = survey(
        paths,
        regime=regime,
        settings=settings(s68_from),
        allow_outside_paths=allow_outside_paths,
    )
    # every ballot that could be read: judged, or without results yet (open), which is listed
    # as open and is not an error, alone or among others
    listed = [e.outcome or e for e in entries if e.status != "error"]
    problems: list[Problem] = [p for e in entries for p in e.problems]
    report([w for e in entries for w in e.warnings])
    color = fmt == "table" and use_color(no_color)
    options = RenderOptions(
        decimals=decimals,
        color=color,
        width=terminal_width(),
        sort=None if sort is None else SortKey(sort),
        only=tuple(dict.fromkeys(ONLY_NAMES[name] for name in only)),
    )
    if many and fmt == "table" and not full:
        from ballotcalc.render.overview import render_overview

        click.echo(render_overview(entries, options), nl=False, color=color)
    elif bom and listed:
        from ballotcalc.render import render
        from ballotcalc.render.cells import csv_bytes

        click.echo(csv_bytes(render(listed, fmt, options), bom=True), nl=False)
    else:
        for part in render_pieces(listed, fmt, options) if listed else ():
            click.echo(part, nl=False, color=color)
    if problems:
        raise InputError(problems)
