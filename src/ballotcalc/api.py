"""The library API: the same three steps the command line takes, for scripts and notebooks.

    from ballotcalc.api import load_ballot, judge, render

    outcome = judge(load_ballot("ballots/pcs-2019-pay.yaml"))
    outcome.units[0].votes_short          # 2903: returns the 50% turnout test needed
    outcome.units[0].questions[0].decision  # Decision.NO_MANDATE
    print(render([outcome], "json"))

Errors in a ballot file raise `ballotcalc.errors.InputError`, whose `.problems` are located
`Problem`s (file, line, dotted path, message). ballotcalc is not legal advice.
"""

from __future__ import annotations

import datetime as dt

from ballotcalc.errors import BallotcalcError, InputError, Problem
from ballotcalc.judging import BallotOutcome, BallotStatus, LoadedBallot, load_ballot
from ballotcalc.judging import judge as _judge
from ballotcalc.render import RenderOptions, ResultFormat, render
from ballotcalc.rules import Settings
from ballotcalc.tally import Decision

__all__ = [
    "BallotOutcome",
    "BallotStatus",
    "BallotcalcError",
    "Decision",
    "InputError",
    "LoadedBallot",
    "Problem",
    "RenderOptions",
    "ResultFormat",
    "judge",
    "load_ballot",
    "render",
]


def judge(
    ballot: LoadedBallot, regime: str | None = None, *, s68_from: dt.date | None = None
) -> BallotOutcome:
    """Judge a loaded ballot under the regime in force when it opened, or under `regime`.

    `s68_from` is the date ERA 2025 s.68 came into force, if it has (default: not commenced).
    """
    return _judge(ballot, regime=regime, settings=Settings(s68_from=s68_from))
