"""`ballotcalc result`: the full result of a ballot, or an overview of many, for people or machines.

One FILE gives the full view (with a per-unit table for workplace or employer ballots); a directory
or two or more files give an overview, one row per ballot sorted by date, where a live ballot is
"open" and a broken file is listed with its error (exit code 2) without hiding the others.
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
    paths_argument,
    settings,
    terminal_width,
    use_color,
    warn,
)
from ballotcalc.errors import InputError, Problem
from ballotcalc.render.formats import ResultFormat, choices
from ballotcalc.units import ONLY_NAMES, SortKey


@click.command(epilog=EXIT_CODES_HELP)
@paths_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(choices(ResultFormat)),
    default="table",
    show_default=True,
    help="table for people; json or csv for scripts and spreadsheets.",
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
@click.option("--no-color", is_flag=True, help="No colour in the table (also: NO_COLOR=1).")
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
    give every judged ballot in full). A live ballot (no results yet) is listed as open.
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
    outcomes = [e.outcome for e in entries if e.outcome is not None]
    problems: list[Problem] = [p for e in entries for p in e.problems]
    if not many:
        entry = entries[0]
        if entry.loaded is not None and entry.outcome is None:  # a live ballot, on its own
            from ballotcalc.judging import judge

            judge(entry.loaded, regime=regime, settings=settings(s68_from))  # raises: use target
    warn(outcomes)
    color = fmt == "table" and use_color(no_color)
    options = RenderOptions(
        decimals=decimals,
        color=color,
        width=terminal_width(),
        sort=None if sort is None else SortKey(sort),
        only=tuple(dict.fromkeys(ONLY_NAMES[name] for name in only)),
    )
    if many and fmt == "table" and not full:
        from ballotcalc.render.table import render_overview

        click.echo(render_overview(entries, options), nl=False, color=color)
    elif many and fmt != "table":
        # the overview for scripts: every judged ballot in full, and each open one as a record
        # (a row) with its status
        from ballotcalc.render.machine import json_pieces, render_csv

        listed = [e.outcome or e for e in entries if e.status != "error"]
        if fmt == "csv":
            text = render_csv(listed, options) if listed else ""
            if bom and listed:
                from ballotcalc.render.cells import csv_bytes

                click.echo(csv_bytes(text, bom=True), nl=False)
            else:
                click.echo(text, nl=False)
        else:
            for piece in json_pieces(listed, options) if listed else ():
                click.echo(piece, nl=False)
    else:
        if bom and outcomes:
            from ballotcalc.render import render
            from ballotcalc.render.cells import csv_bytes

            click.echo(csv_bytes(render(outcomes, fmt, options), bom=True), nl=False)
        for part in render_pieces(outcomes, fmt, options) if outcomes and not bom else ():
            click.echo(part, nl=False, color=color)
    if problems:
        raise InputError(problems)
