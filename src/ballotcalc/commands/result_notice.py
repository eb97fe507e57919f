"""`ballotcalc notice --of result`: the result information for members (s.231) or each employer
(s.231A), one notice per unit under separate ballots (s.228).

The command's half of it: judge each ballot, pick the units asked for (`--unit`), refuse what no
statutory notice is made from (figures that do not add up, unless the user says they are as the
scrutineer reported them, for the units being noticed; a consultative ballot), and emit one
document per unit (`per_employer.emit_per_unit`). What each notice says is decided in
`render.documents.notice_documents`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ballotcalc.commands.common import judge_each, report, warn
from ballotcalc.commands.per_employer import UNIT_OPTION, emit_per_unit, pick_each
from ballotcalc.errors import InputError, Problem
from ballotcalc.render.formats import Audience

if TYPE_CHECKING:
    from ballotcalc.judging import BallotOutcome, LoadedBallot
    from ballotcalc.render.documents import BallotNotice
    from ballotcalc.tally import UnitOutcome

WHOLE_BALLOT_ONLY = (
    "has no separate ballots (s.228) to pick from: it has one notice, of the whole ballot"
)
CONSULTATIVE = (
    "is a consultative ballot: there is no statutory notice of its result (s.231 and s.231A "
    "apply to industrial action ballots); use 'ballotcalc summary'"
)


def make_result_notices(
    files: Sequence[str],
    audience: Audience,
    units: Sequence[str],
    *,
    fmt: str,
    output: str | None,
    force: bool,
    template: str | None,
    regime: str | None,
    s68_from: dt.date | None,
    allow_outside_paths: bool,
    figures_as_reported: bool,
    profile: str | None = None,
    no_profile: bool = False,
    footer: bool = True,
) -> None:
    """Judge, check and emit the result notices (as letters where a union profile is found or
    given; `footer` False leaves out the footer, `--no-footer`); raises `InputError` (exit 2)
    before anything is written if any ballot, unit name or figure is refused."""
    from ballotcalc.commands.documents import deliver, letters, printer
    from ballotcalc.render.documents import consultative, notice_documents, render_notices

    judged, problems = judge_each(files, regime, s68_from, allow_outside_paths)
    outcomes = [outcome for _, outcome in judged]
    picked, unit_problems = _picked(outcomes, units)
    problems += unit_problems
    if not figures_as_reported:
        problems += _unreconciled(judged, picked)
    problems += [Problem(o.file, CONSULTATIVE, path="kind") for o in outcomes if consultative(o)]
    if problems:
        raise InputError(problems)
    warn(outcomes)
    made_letters = letters(outcomes, audience, profile=profile, no_profile=no_profile)
    documents = [
        document
        for o, letter in zip(outcomes, made_letters, strict=True)
        for document in notice_documents(
            o,
            audience,
            units=picked.get(id(o)),
            figures_as_reported=figures_as_reported,
            letter=letter,
            footer=footer,
        )
    ]

    def render(notices: Sequence[BallotNotice]) -> str:
        return render_notices(notices, fmt, audience=audience, template=template)

    if not picked:  # no unit to give a file of its own: -o names a file, never a folder
        deliver(
            render([n for _, n in documents]),
            fmt,
            output,
            force=force,
            files=files,
            template=template,
        )
        return
    report(
        emit_per_unit(
            documents,
            render,
            fmt,
            output,
            force=force,
            print_pdf=printer(files, template),
        )
    )


def _picked(
    outcomes: Sequence[BallotOutcome], units: Sequence[str]
) -> tuple[dict[int, list[UnitOutcome]], list[Problem]]:
    """The units to notice, by `id` of each ballot with separate ballots (all without --unit),
    and why a --unit cannot be honoured."""
    from ballotcalc.render.documents import notices_per_unit

    per_unit = [o for o in outcomes if notices_per_unit(o)]
    picked = {id(o): list(o.units) for o in per_unit}
    if not units:
        return picked, []
    problems = [
        Problem(o.file, WHOLE_BALLOT_ONLY, path=UNIT_OPTION)
        for o in outcomes
        if not notices_per_unit(o)
    ]
    try:
        chosen = pick_each([(o.file, o.units) for o in per_unit], units)
    except InputError as exc:
        return picked, [*problems, *exc.problems]
    return {id(o): each for o, each in zip(per_unit, chosen, strict=True)}, problems


def _unreconciled(
    judged: Sequence[tuple[LoadedBallot, BallotOutcome]], picked: dict[int, list[UnitOutcome]]
) -> list[Problem]:
    """Figures that do not add up, refused where they would be in a notice: every question of a
    ballot noticed whole; only the picked units' of separate ballots."""
    from ballotcalc.guards import refusal

    problems = []
    for loaded, outcome in judged:
        names = {u.name for u in picked.get(id(outcome), ())}
        problems += [
            loaded.problem(mismatch.path, refusal(mismatch))
            for mismatch in outcome.unreconciled
            if id(outcome) not in picked or mismatch.unit in names
        ]
    return problems
