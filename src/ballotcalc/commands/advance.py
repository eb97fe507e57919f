"""`ballotcalc notice --of ballot|action`: the notice of ballot (s.226A) or of industrial action
(s.234A), one per employer.

The command's half of it: load each ballot and its workforce, let the core decide each employer's
notice (`advance_notices`), refuse (exit 2) what would fail in law unless --draft (marked, exit 1),
and emit one document per employer. Notes for the officer (what is unverified, what was assumed)
go to stderr, never into the notice.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

import click
from msgspec import Struct

from ballotcalc.commands.common import EXIT_FAIL, report, settings
from ballotcalc.commands.documents import letter_maker, printer
from ballotcalc.commands.per_employer import emit_per_unit, pick_units, together
from ballotcalc.errors import InputError, Problem

if TYPE_CHECKING:
    from ballotcalc.render.letter import Letter

NoticeOf = Literal["ballot", "action"]


class AdvanceRequest(Struct, frozen=True):
    """What the officer asked for on the command line."""

    of: NoticeOf
    received: dt.date | None
    days: tuple[dt.date, ...]
    continuous_from: dt.date | None
    action_type: str | None
    notice_agreed: bool
    draft: bool
    workforce: str | None
    units: tuple[str, ...]


def _option_problems(request: AdvanceRequest) -> list[str]:
    problems = []
    if request.received is None:
        problems.append(
            f"--received DATE is required with --of {request.of}: the day the employer will "
            "receive the notice chooses its version and is checked against its deadline"
        )
    if request.of == "action" and bool(request.days) == (request.continuous_from is not None):
        problems.append(
            "--of action needs the days of action: --day DATE (repeat it) for discontinuous "
            "action, or --from DATE for continuous action (s.234A(3)(b)), not both"
        )
    if request.of == "ballot":
        given = [o for o, v in (("--day", request.days), ("--from", request.continuous_from),
                                ("--action", request.action_type)) if v]  # fmt: skip
        if given:
            problems.append(f"{', '.join(given)} belong to --of action, not to a notice of ballot")
    return problems


def make_advance_notices(
    files: tuple[str, ...],
    request: AdvanceRequest,
    *,
    fmt: str,
    output: str | None,
    force: bool,
    template: str | None,
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool,
    profile: str | None = None,
    no_profile: bool = False,
    footer: bool = True,
) -> None:
    """Every employer's notice for each FILE, or nothing written if any FILE has an error; with a
    union profile each is a letter to the employer (`commands.documents.letter_maker`)."""
    from ballotcalc.advance_notices import (
        ActionDays,
        AdvanceNotice,
        action_notices,
        notice_of_ballot,
    )
    from ballotcalc.judging import judge, load_ballot
    from ballotcalc.notice_deadlines import employers
    from ballotcalc.plan import Agreements
    from ballotcalc.render.advance_notices import render_advance_notice
    from ballotcalc.workforce import load_workforce

    wrong = _option_problems(request)
    if wrong:
        raise click.UsageError("; ".join(wrong))
    assert request.received is not None
    if request.workforce is not None and len(files) > 1:
        raise click.UsageError("--workforce names one ballot's workforce: give one FILE with it")
    rules = settings(s68_from)
    notices: list[AdvanceNotice] = []
    letters: list[Letter | None] = []
    make_letter = letter_maker(profile=profile, no_profile=no_profile)
    refused: list[Problem] = []
    for file in files:
        loaded = load_ballot(file, allow_outside_paths=allow_outside_paths)
        workforce = load_workforce(
            loaded, request.workforce, allow_outside_paths=allow_outside_paths
        )
        report(workforce.warnings)
        chosen = pick_units(employers(loaded.ballot), request.units, file=file)
        if request.of == "ballot":
            made = [
                notice_of_ballot(
                    loaded.ballot,
                    workforce.of(e.name),
                    received=request.received,
                    settings=rules,
                )
                for e in chosen
            ]
        else:
            if loaded.live:
                raise InputError.single(
                    file,
                    "has no result yet: a notice of industrial action needs a ballot that gave "
                    "a mandate (s.234A notices follow the result, s.231A)",
                )
            outcome = judge(loaded, regime=regime, settings=rules)
            try:
                made = action_notices(
                    outcome,
                    chosen,
                    workforce.of,
                    received=request.received,
                    action=ActionDays(request.continuous_from, request.days),
                    action_type=request.action_type,
                    agreements=Agreements(notice=request.notice_agreed),
                    settings=rules,
                )
            except ValueError as exc:
                raise click.UsageError(f"{file}: {exc}") from None
        notices += made
        letters += [make_letter(loaded.ballot, file, request.of) for _ in made]
        refused += [
            Problem(file, f"{n.employer}: {r.says} ({r.rule})") for n in made for r in n.refusals
        ]
    notes = dict.fromkeys(note for n in notices for note in n.officer_notes)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if refused and not request.draft:
        raise InputError(refused)
    report(
        emit_per_unit(
            [(n.employer, (n, letter)) for n, letter in zip(notices, letters, strict=True)],
            lambda chosen: together(
                [
                    render_advance_notice(n, fmt, template=template, letter=letter, footer=footer)
                    for n, letter in chosen
                ],
                fmt,
            ),
            fmt,
            output,
            force=force,
            print_pdf=printer(files, template),
        )
    )
    if refused:
        report([Problem(p.file, f"DRAFT: {p.message}", severity="warning") for p in refused])
        raise SystemExit(EXIT_FAIL)
