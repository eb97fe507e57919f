"""`ballotcalc target`: during a live ballot, the returns still needed and whether the pace will
get there."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import click

from ballotcalc.bank_holidays import BankHolidays
from ballotcalc.commands.common import (
    EXIT_CODES_HELP,
    bom_option,
    check_bom,
    check_regime,
    date_option,
    judging_options,
    no_color_option,
    settings,
    table_format_option,
    terminal_width,
    use_color,
)
from ballotcalc.posting import DEFAULT_POST_DAYS
from ballotcalc.render.formats import TargetFormat, choices

RECENT_DAYS = 3
"""`--recent`'s default: `planning.DEFAULT_RECENT_DAYS` (not imported here: the planning core is
heavy, and `--help` imports every command module; a test holds the two equal)."""


def _parse_share(ctx: click.Context, param: click.Parameter, value: str | None) -> Fraction | None:
    """A percentage such as 72.5 or 72.5% as an exact share (0.725)."""
    if value is None:
        return None
    try:
        number = Decimal(value.strip().removesuffix("%"))
    except InvalidOperation:
        raise click.BadParameter(f"'{value}' is not a percentage (e.g. 72.5)") from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise click.BadParameter(f"'{value}' is not a percentage from 0 to 100")
    return Fraction(number) / 100


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--returned",
    type=click.IntRange(min=0),
    metavar="N",
    help="Papers returned so far (cumulative), as counted on --on; added to the file's `returns`.",
)
@date_option("--on", "on", help="The day of the --returned count (YYYY-MM-DD).")
@click.option(
    "--yes-share",
    metavar="P",
    callback=_parse_share,
    help="Expected Yes as a percentage of papers returned (spoiled included), for the "
    "40% support test: shows the returns that would need (default: the Yes share so far, from "
    "`yes` in the file's latest returns entry that gives one).",
)
@click.option(
    "--recent",
    "recent_days",
    type=click.IntRange(min=1, max=366),
    default=RECENT_DAYS,
    show_default=True,
    metavar="N",
    help="The recent pace is over the last N days (returns are front-loaded: the pace since the "
    "opening flatters the last days).",
)
@click.option(
    "--post-days",
    type=click.IntRange(min=1, max=30),
    default=DEFAULT_POST_DAYS,
    show_default=True,
    metavar="N",
    help="Working days post takes (second class: up to 3), for the last safe posting day; "
    "weekends and bank holidays are skipped.",
)
@click.option(
    "--bank-holidays",
    "bank_holidays",
    multiple=True,
    type=click.Choice([b.value for b in BankHolidays]),
    help="The bank holidays skipped for the posting day (repeat for several). Default: "
    "england-wales for gb ballots, northern-ireland for ni.",
)
@table_format_option(
    choices(TargetFormat),
    "table (with a chart) for people; json or csv for scripts.",
)
@judging_options
@bom_option
@no_color_option
def target(
    file: str,
    returned: int | None,
    on: dt.date | None,
    yes_share: Fraction | None,
    recent_days: int,
    post_days: int,
    bank_holidays: tuple[str, ...],
    fmt: str,
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool,
    bom: bool,
    no_color: bool,
) -> None:
    """For a ballot still open (FILE with no results yet), the returns still needed.

    Shows, for each test on its own, what is still needed and per day left (turnout in returns,
    the 40% support test in Yes votes; votes may be cast on the closing date, s.246), the pace
    so far and the recent pace (--recent) with where each leads by the close, the last safe
    posting day (--post-days), and a chart against the straight line to the threshold. Says so
    plainly when the regime has no threshold to chase.

    A ballot with units (separate ballots, s.228) is shown unit by unit, from each unit's
    `returns` (or the ballot's `returns_csv`): grouped as met, within reach at the recent pace,
    and out of reach, the closest first, with totals.
    """
    from ballotcalc.guards import today
    from ballotcalc.judging import load_ballot
    from ballotcalc.planning import Plan, UnitsPlan, plan, plan_units
    from ballotcalc.render import RenderOptions

    check_regime(regime)
    check_bom(bom, fmt)
    if (returned is None) != (on is None):
        raise click.UsageError("--returned and --on go together: the count and the day it was made")
    loaded = load_ballot(file, allow_outside_paths=allow_outside_paths)
    calendars = tuple(BankHolidays(b) for b in bank_holidays)
    result: Plan | UnitsPlan
    if loaded.ballot.units is not None:
        if returned is not None:
            raise click.UsageError(
                "--returned and --on are for a ballot without units: give each unit's count "
                "under the unit (returns:) or in the returns CSV"
            )
        result = plan_units(
            loaded,
            yes_share=yes_share,
            regime=regime,
            settings=settings(s68_from),
            recent_days=recent_days,
            post_days=post_days,
            bank_holidays=calendars,
            today=today(),
        )
    else:
        result = plan(
            loaded,
            returned=returned,
            on=on,
            yes_share=yes_share,
            regime=regime,
            settings=settings(s68_from),
            recent_days=recent_days,
            post_days=post_days,
            bank_holidays=calendars,
            today=today(),
        )
    chosen = TargetFormat(fmt)
    color = chosen is TargetFormat.TABLE and use_color(no_color)
    options = RenderOptions(color=color, width=terminal_width())
    text = chosen.renderer()(result, options)
    if chosen is TargetFormat.CSV:
        from ballotcalc.render.cells import csv_bytes

        click.echo(csv_bytes(text, bom=bom), nl=False)
    else:
        click.echo(text, nl=False, color=color)
