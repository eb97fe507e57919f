"""`ballotcalc notice`: the result information members (s.231) or the employer (s.231A) must get
(in Northern Ireland, TULR(NI) Order 1995 arts 112 and 113)."""

from __future__ import annotations

import datetime as dt

import click

from ballotcalc.commands.common import (
    EXIT_CODES_HELP,
    files_argument,
    judge_each,
    judging_options,
    report,
    warn,
)
from ballotcalc.commands.documents import document_options, format_for
from ballotcalc.errors import InputError, Problem
from ballotcalc.render.formats import AUDIENCES


@click.command(epilog=EXIT_CODES_HELP)
@files_argument
@click.option(
    "--to",
    "audience",
    type=click.Choice(AUDIENCES),
    required=True,
    help="members: the s.231 notice to those entitled to vote; employer: the s.231A notice. "
    "The items are the same; the addressing differs.",
)
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
    audience: str,
    fmt: str | None,
    output: str | None,
    force: bool,
    template: str | None,
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool,
    figures_as_reported: bool,
) -> None:
    """The statutory notice of the result of each ballot FILE.

    Exactly the items the ballot's regime requires (TULRCA s.231 for members, s.231A for the
    employer; in Northern Ireland TULR(NI) Order 1995 arts 112 and 113), in the statutory order
    and in the words of the version of s.231 for the ballot's opening date, and nothing else.
    Where those words could not be checked against the statute, the notice says so (Caution). A
    consultative ballot has no statutory notice. Figures that do not add up (Yes + No + spoiled
    other than the votes cast) are refused unless --figures-as-reported. Nothing is written if
    any FILE has an error.
    """
    from ballotcalc.guards import refusal
    from ballotcalc.output import emit
    from ballotcalc.render.documents import consultative, render_notice

    judged, problems = judge_each(files, regime, s68_from, allow_outside_paths)
    outcomes = [outcome for _, outcome in judged]
    if not figures_as_reported:
        problems += [
            loaded.problem(mismatch.path, refusal(mismatch))
            for loaded, outcome in judged
            for mismatch in outcome.unreconciled
        ]
    problems += [
        Problem(
            o.file,
            "is a consultative ballot: there is no statutory notice of its result "
            "(s.231 and s.231A apply to industrial action ballots); use 'ballotcalc summary'",
            path="kind",
        )
        for o in outcomes
        if consultative(o)
    ]
    if problems:
        raise InputError(problems)
    warn(outcomes)
    text = render_notice(
        outcomes,
        format_for(fmt, template),
        audience="members" if audience == "members" else "employer",
        template=template,
        figures_as_reported=figures_as_reported,
    )
    report(emit(text, output, force=force))
