"""`ballotcalc timeline`: the statutory dates that follow from a ballot, for people or a
calendar."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from ballotcalc.bank_holidays import BankHolidays
from ballotcalc.commands.common import (
    EXIT_FAIL,
    bom_option,
    check_bom,
    check_regime,
    date_option,
    file_output_options,
    judging_options,
    no_color_option,
    report,
    settings,
    table_format_option,
    terminal_width,
    use_color,
)
from ballotcalc.errors import BallotcalcError, InputError
from ballotcalc.output import write_atomic
from ballotcalc.render.formats import TimelineFormat, choices


@click.command(
    epilog="""\b
Exit codes:
  0  success (and the plan, if one was given, is possible)
  1  the plan given (--action-on, --notice-received) is not possible, or cannot be checked
  2  bad input: each error is FILE:LINE: field: message
"""
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@date_option(
    "--action-on",
    "action_on",
    help="A planned (first) day of action: shows the last day the employer must receive "
    "notice, and checks the plan.",
)
@date_option(
    "--notice-received",
    "notice_received",
    help="The day the employer received notice of action: shows the earliest day of "
    "action, and checks the plan (with --action-on: the days between them).",
)
@date_option(
    "--employer-told",
    "employer_told",
    help="The day the employer was told the result (s.231A): notice of action counts only "
    "from then. Default: the date of the ballot, the earliest it can be.",
)
@click.option(
    "--unit",
    metavar="NAME",
    help="One unit (employer) of a ballot with units, by its exact name (case ignored): its "
    "told_employer, else the ballot's, starts the notice period; under separate ballots only "
    "its own questions that passed give a mandate.",
)
@click.option(
    "--notice-agreed",
    is_flag=True,
    help="The union and the employer agreed the shorter notice period (gb-tua-2016: 7 days "
    "instead of 14). Without it a plan that needs it is not possible.",
)
@click.option(
    "--mandate-extended",
    is_flag=True,
    help="The union and the employer agreed to extend the mandate (gb-tua-2016: to 9 months; "
    "before 2017 and in Northern Ireland: 8 weeks to begin action).",
)
@click.option(
    "--bank-holidays",
    "bank_holidays",
    multiple=True,
    type=click.Choice([b.value for b in BankHolidays]),
    help="Flag dates on the bank holidays of this part of the UK (repeat for several). Default: "
    "england-wales for gb ballots, northern-ireland for ni. A flag is information: the "
    "statute counts calendar days.",
)
@table_format_option(
    choices(TimelineFormat),
    "table for people; json or csv for scripts; ics for calendar programs (import it "
    "again after editing the ballot: its events are updated).",
)
@file_output_options
@judging_options
@bom_option
@no_color_option
def timeline(
    file: str,
    action_on: dt.date | None,
    notice_received: dt.date | None,
    employer_told: dt.date | None,
    unit: str | None,
    notice_agreed: bool,
    mandate_extended: bool,
    bank_holidays: tuple[str, ...],
    fmt: str,
    output: str,
    force: bool,
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool,
    bom: bool,
    no_color: bool,
) -> None:
    """Every date that follows from ballot FILE under its regime, each with its rule.

    Ballot notice and sample paper (s.226A), the date of the ballot (s.246), the scrutineer's
    report (s.226B, s.226C), the window to ask for it (s.231B), the end of the mandate (s.234), and,
    for a given day of action or notice, the notice dates (s.234A). Dates that cannot be worked out
    from the file are left out with a note. Every date shows its weekday; weekends and bank holidays
    are flagged (for information: the statute counts calendar days).

    With --action-on or --notice-received the plan is checked: a notice due before the employer
    can be told the result, a notice period shorter than the regime allows, or a day of action
    after the mandate is reported as NOT POSSIBLE, and the exit code is 1. A ballot without
    results yet is checked on its dates, on condition that it gives a mandate; one without a
    mandate (failed, or consultative) makes every plan not possible.
    """
    from ballotcalc.judging import load_ballot
    from ballotcalc.plan import Agreements
    from ballotcalc.render.timeline import render
    from ballotcalc.timeline import timeline as build

    check_regime(regime)
    check_bom(bom, fmt)
    loaded = load_ballot(file, allow_outside_paths=allow_outside_paths)
    chosen = None
    if unit is not None:
        from ballotcalc.commands.per_employer import UNIT_OPTION, pick_units

        if loaded.ballot.units is None:
            raise InputError.single(loaded.file, "the ballot has no units", path=UNIT_OPTION)
        [chosen] = pick_units(loaded.ballot.units, (unit,), file=loaded.file)
    result = build(
        loaded,
        action_on=action_on,
        notice_received=notice_received,
        employer_told=employer_told,
        agreements=Agreements(notice=notice_agreed, mandate=mandate_extended),
        regime=regime,
        settings=settings(s68_from),
        bank_holidays=tuple(BankHolidays(b) for b in bank_holidays),
        unit=chosen,
    )
    report(result.warnings)  # recorded notices not in time: the officer must see them
    to_stdout = output == "-"
    color = to_stdout and fmt == "table" and use_color(no_color)
    revised = None
    if fmt == "ics":
        units_csv = loaded.units_table.file if loaded.units_table is not None else None
        revised = revised_at([file] if units_csv is None else [file, units_csv])
    data = render(
        result, fmt, color=color, width=terminal_width() if to_stdout else None, revised=revised
    )
    if bom:
        from ballotcalc.render.cells import csv_bytes

        data = csv_bytes(data.decode("utf-8"), bom=True)
    if to_stdout:
        if fmt == "ics" or bom:
            click.echo(data, nl=False)  # bytes go to the binary stream unchanged (CRLF kept)
        else:
            click.echo(data.decode(), nl=False, color=color)
    else:
        report(write_atomic(Path(output), data, force=force))
        click.echo(f"wrote {output}", err=True)
    if result.plan is not None and not result.plan.possible:
        raise SystemExit(EXIT_FAIL)


def revised_at(files: list[str]) -> dt.datetime:
    """When the ballot was last revised, for the calendar's DTSTAMP and SEQUENCE: the latest
    modification time of the ballot file and its units CSV, to the second, or SOURCE_DATE_EPOCH
    where it is set (the reproducible-builds convention), so a calendar can be made byte for byte
    again."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        if not (epoch.isascii() and epoch.isdigit()):
            raise BallotcalcError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, not '{epoch}'"
            )
        seconds = int(epoch)
    else:
        seconds = max(int(os.stat(f).st_mtime) for f in files)
    try:
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise BallotcalcError(f"SOURCE_DATE_EPOCH {seconds} is not a usable time") from None
