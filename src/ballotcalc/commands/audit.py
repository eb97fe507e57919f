"""`ballotcalc audit`: the audit pack of a ballot's notices, written as markdown and JSON to DIR."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ballotcalc.commands.common import (
    EXIT_CODES_HELP,
    check_regime,
    date_option,
    judging_options,
    report,
    settings,
)


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    "directory",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write FILE's audit into (it must exist): <ballot>.audit.md and "
    "<ballot>.audit.json, both or neither.",
)
@click.option(
    "--workforce",
    "workforce_path",
    metavar="PATH",
    help="The workforce CSV (employer, workplace, category, number) instead of the ballot's "
    "workforce_csv:.",
)
@date_option(
    "--ballot-notice-received",
    "ballot_notice_received",
    help="The day the employer receives (or received) the notice of the ballot (s.226A): it "
    "chooses the notice's version. Default: the notices recorded, else the last day allowed.",
)
@date_option(
    "--action-notice-received",
    "action_notice_received",
    help="The day the employer will receive a notice of action not yet recorded (s.234A).",
)
@date_option(
    "--action-from",
    "action_from",
    help="The first day of the action that notice is for: gives the last day it may be received.",
)
@click.option("--force", is_flag=True, help="Replace audit files already in the folder.")
@judging_options
def audit(
    file: str,
    directory: Path,
    workforce_path: str | None,
    ballot_notice_received: dt.date | None,
    action_notice_received: dt.date | None,
    action_from: dt.date | None,
    force: bool,
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool,
) -> None:
    """What a union's lawyer asks for about ballot FILE's notices, in one folder.

    The sha256 of each input (the ballot file, its units CSV, its workforce CSV); the version of
    the notice of ballot (s.226A) and of each notice of action (s.234A) and the day that chose it;
    each employer's workforce total against its number entitled to vote; and every deadline with
    its statutory words and source, with each notice recorded under `notices:` checked against
    it. Written as <ballot>.audit.md and <ballot>.audit.json into DIR, both or neither. Warnings
    (a notice not in time, a total that differs from the ballot's) are printed and kept in the
    pack. Not legal advice: the pack gathers what ballotcalc decided, for a lawyer to check.
    """
    from ballotcalc.audit import Planned
    from ballotcalc.audit import audit as build
    from ballotcalc.judging import load_ballot
    from ballotcalc.output import write_each
    from ballotcalc.render.audit import render_json, render_markdown
    from ballotcalc.workforce import load_workforce

    check_regime(regime)
    loaded = load_ballot(file, allow_outside_paths=allow_outside_paths)
    workforce = None
    if workforce_path is not None or loaded.ballot.workforce_csv is not None:
        workforce = load_workforce(loaded, workforce_path, allow_outside_paths=allow_outside_paths)
    pack = build(
        loaded,
        workforce,
        Planned(ballot_notice_received, action_notice_received, action_from),
        regime=regime,
        settings=settings(s68_from),
    )
    stem = Path(file).stem
    written = write_each(
        directory,
        [(f"{stem}.audit.md", render_markdown(pack)), (f"{stem}.audit.json", render_json(pack))],
        "",
        force=force,
    )
    report([*loaded.warnings, *written])
    for line in pack.warnings:  # the workforce's and the recorded notices', as in the pack
        click.echo(line, err=True)
    click.echo(f"wrote {directory / (stem + '.audit.md')} and {stem}.audit.json", err=True)
