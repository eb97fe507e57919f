"""`ballotcalc mandates`: the register of mandates across ballots, per unit and question."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ballotcalc.commands.common import (
    EXIT_CODES_HELP,
    bom_option,
    check_bom,
    check_regime,
    date_option,
    file_output_options,
    judging_options,
    no_color_option,
    paths_argument,
    report,
    settings,
    table_format_option,
    terminal_width,
    use_color,
    warn,
)
from ballotcalc.errors import InputError
from ballotcalc.output import write_atomic
from ballotcalc.render.formats import MandatesFormat, choices


@click.command(epilog=EXIT_CODES_HELP)
@paths_argument
@date_option(
    "--on",
    "on",
    help="The day to look at the mandates on. Default: today (or BALLOTCALC_TODAY).",
)
@table_format_option(
    choices(MandatesFormat),
    "table for people; json or csv for scripts; ics for calendar programs (an event on "
    "each mandate's last day; import it again after editing a ballot: its events are updated).",
)
@file_output_options
@judging_options
@bom_option
@no_color_option
def mandates(
    files: tuple[str, ...],
    on: dt.date | None,
    fmt: str,
    output: str,
    force: bool,
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool,
    bom: bool,
    no_color: bool,
) -> None:
    """The mandates of every ballot FILE (a DIR stands for its *.yaml, *.yml ballot files), per
    unit and question, on a day (--on, default today).

    For each: from when (the date of the ballot, s.246), its last day (s.234), the days left,
    its status (live, at risk, expired, none; an open ballot is listed as open) and what needs a
    new ballot before when. A broken file is reported (exit code 2) without hiding the others.
    """
    from ballotcalc.guards import today
    from ballotcalc.judging import ballot_files, survey
    from ballotcalc.mandates import register
    from ballotcalc.render import RenderOptions

    check_regime(regime)
    check_bom(bom, fmt)
    paths = ballot_files(files)
    if not paths:
        raise click.UsageError(f"no ballot files (*.yaml, *.yml) in {', '.join(files)}")
    day = on or today()
    entries = survey(
        paths, regime=regime, settings=settings(s68_from), allow_outside_paths=allow_outside_paths
    )
    warn([e.outcome for e in entries if e.outcome is not None])
    result = register(entries, day)
    to_stdout = output == "-"
    color = to_stdout and fmt == "table" and use_color(no_color)
    revised = None
    if fmt == MandatesFormat.ICS:
        from ballotcalc.commands.timeline import revised_at

        read = [e.file for e in entries if e.status != "error"]
        read += [
            e.outcome.units_csv.file
            for e in entries
            if e.outcome is not None and e.outcome.units_csv is not None
        ]
        revised = revised_at(read or paths)
    options = RenderOptions(color=color, width=terminal_width() if to_stdout else None,
                            revised=revised)  # fmt: skip
    data = MandatesFormat(fmt).renderer()(result, options)
    if bom:
        from ballotcalc.render.cells import csv_bytes

        data = csv_bytes(data.decode("utf-8"), bom=True)
    if to_stdout:
        if fmt == MandatesFormat.TABLE and not bom:
            click.echo(data.decode(), nl=False, color=color)
        else:
            click.echo(data, nl=False)  # bytes go to the binary stream unchanged (CRLF kept)
    else:
        report(write_atomic(Path(output), data, force=force))
        click.echo(f"wrote {output}", err=True)
    problems = [p for e in entries for p in e.problems]
    if problems:
        raise InputError(problems)
