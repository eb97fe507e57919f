"""`ballotcalc notice`: the result information members (s.231) or the employer (s.231A) must get
(in Northern Ireland, TULR(NI) Order 1995 arts 112 and 113); with --of ballot or --of action, the
notice of ballot (s.226A) or of industrial action (s.234A) for each employer (commands/advance.py)."""

from __future__ import annotations

import datetime as dt

import click

from ballotcalc.commands.advance import AdvanceRequest, make_advance_notices
from ballotcalc.commands.common import (
    EXIT_CODES_HELP,
    date_option,
    files_argument,
    judging_options,
)
from ballotcalc.commands.documents import (
    check_output,
    document_options,
    format_for,
)
from ballotcalc.commands.per_employer import unit_option
from ballotcalc.render.formats import AUDIENCES, Audience


@click.command(epilog=EXIT_CODES_HELP)
@files_argument
@click.option(
    "--of",
    "of",
    type=click.Choice(["result", "ballot", "action"]),
    default="result",
    show_default=True,
    help="result: the result notice (s.231/s.231A, with --to); ballot: the notice of ballot "
    "(s.226A); action: the notice of industrial action (s.234A). Ballot and action notices go to "
    "each employer and need --received and the workforce (workforce_csv: or --workforce).",
)
@click.option(
    "--to",
    "audience",
    type=click.Choice(AUDIENCES),
    help="--of result: members, the s.231 notice to those entitled to vote; employer, the "
    "s.231A notice. The items are the same; the addressing differs.",
)
@date_option(
    "--received",
    help="--of ballot/action: the day the employer will receive the notice. It chooses the "
    "version of the law, and is checked against the deadline.",
)
@date_option(
    "--day",
    "days",
    multiple=True,
    help="--of action: a day of discontinuous action; repeat for each day.",
)
@date_option("--from", "continuous_from", help="--of action: the day continuous action begins.")
@click.option(
    "--action",
    "action_type",
    type=click.Choice(["strike", "asos"]),
    help="--of action: strike, or asos (action short of a strike): a type the ballot gave a "
    "mandate for at the employer. May be left out where there is only one.",
)
@click.option(
    "--notice-agreed",
    is_flag=True,
    help="--of action: the union and the employer agreed the shorter notice period (7 days "
    "under the 2016 Act; no effect from 18 February 2026).",
)
@click.option(
    "--workforce",
    metavar="PATH",
    help="--of ballot/action: the workforce CSV (employer, workplace, category, number) instead "
    "of the ballot file's workforce_csv.",
)
@click.option(
    "--draft",
    is_flag=True,
    help="--of ballot/action: write a notice that would fail in law anyway, marked DRAFT with "
    "the reasons, and exit 1 (to prepare one early). Without it such a notice is refused.",
)
@unit_option
@click.option(
    "--figures-as-reported",
    is_flag=True,
    help="Make the notice although Yes + No + spoiled is not the votes cast for some question, "
    "because that is exactly what the scrutineer reported; the notice says so. Without it such "
    "figures are refused (exit 2).",
)
@document_options
@judging_options
def notice(
    files: tuple[str, ...],
    of: str,
    audience: str | None,
    received: dt.date | None,
    days: tuple[dt.date, ...],
    continuous_from: dt.date | None,
    action_type: str | None,
    notice_agreed: bool,
    workforce: str | None,
    draft: bool,
    units: tuple[str, ...],
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
    figures_as_reported: bool,
) -> None:
    """The statutory notices of each ballot FILE: of its result (the default), of the ballot, or
    of industrial action.

    --of result (with --to): exactly the items the ballot's regime requires (TULRCA s.231 for
    members, s.231A for the employer; in Northern Ireland TULR(NI) Order 1995 arts 112 and 113),
    in the statutory order and in the words of the version of s.231 for the ballot's opening
    date, and nothing else. Where those words could not be checked against the statute, the
    notice says so (Caution). A consultative ballot has no statutory notice. Figures that do not
    add up (Yes + No + spoiled other than the votes cast) are refused unless
    --figures-as-reported. Under separate ballots (s.228) each unit's employer, or its members,
    gets a notice with only that unit's figures (--unit picks some; -o DIR/ writes one file per
    unit, named from its name, and nothing else; to stdout each starts a new page in HTML or
    follows a separator); an aggregated ballot (s.228A) has one notice, of the total.

    --of ballot / --of action: the notice of ballot (s.226A; NI art 105) or of industrial action
    (s.234A; NI art 118) for each employer (--unit picks some; -o DIR/ writes one file each), with
    the items of the version in force on the day it is received (--received), from the ballot's
    workforce CSV. A notice that would arrive too late, before the employer was told the result,
    for a day outside the mandate or for action without a mandate, or without the explanation its
    version needs, is refused (exit 2) unless --draft.

    Nothing is written if any FILE has an error.
    """
    if of != "result":
        request = AdvanceRequest(
            "ballot" if of == "ballot" else "action", received, days, continuous_from,
            action_type, notice_agreed, draft, workforce, units,
        )  # fmt: skip
        if audience is not None:
            raise click.UsageError("--to is for --of result: ballot and action notices go to "
                                   "each employer")  # fmt: skip
        document = format_for(fmt, template)
        check_output(document, output)
        make_advance_notices(
            files, request, fmt=document, output=output, force=force,
            template=template, regime=regime, s68_from=s68_from, allow_outside_paths=allow_outside_paths,
            profile=profile, no_profile=no_profile, footer=not no_footer,
        )  # fmt: skip
        return
    if audience is None:
        raise click.UsageError("--to members or --to employer is required for a result notice")
    from ballotcalc.commands.result_notice import make_result_notices

    document = format_for(fmt, template)
    check_output(document, output)
    to: Audience = "members" if audience == "members" else "employer"
    make_result_notices(
        files, to, units, fmt=document, output=output, force=force, template=template,
        regime=regime, s68_from=s68_from, allow_outside_paths=allow_outside_paths,
        figures_as_reported=figures_as_reported, profile=profile, no_profile=no_profile,
        footer=not no_footer,
    )  # fmt: skip
