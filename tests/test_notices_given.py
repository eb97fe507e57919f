"""The record of what the employer was told and notified (`told_employer:`, `notices:`): each
mistake is refused where it is written (FILE:LINE: field), exit 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Run

BALLOT = """\
title: Notified
opened: 2026-03-02
closed: 2026-03-20
units:
  - name: North
    eligible: 100
    votes_cast: 60
    results: {{strike: {{yes: 50, no: 10}}}}
    told_employer: 2026-03-23
    notices:
{notices}
questions:
  - {{id: strike, type: strike}}
"""


def located(run: Run, file: Path, marker: str, field: str) -> str:
    line = file.read_text().splitlines().index(marker) + 1
    err: str = run("validate", str(file), expect=2).stderr
    assert err.startswith(f"{file}:{line}: {field}: "), err
    return err


def test_well_formed_records_validate(run: Run, write: Callable[[str], Path]) -> None:
    file = write(
        BALLOT.format(
            notices="      - {kind: ballot, received: 2026-02-20}\n"
            "      - {kind: action, received: 2026-03-25, action: strike, "
            "days: [2026-04-08, 2026-04-09]}\n"
            "      - {kind: action, received: 2026-04-20, continuous_from: 2026-05-01, "
            "ceased: 2026-05-10}"
        )
    )
    run("validate", str(file))


@pytest.mark.parametrize(
    ("entry", "field", "says"),
    [
        (
            "{kind: action, received: 2026-03-25}",
            "units.0.notices.0.kind",
            "needs `days` (discontinuous action) or `continuous_from`",
        ),
        (
            "{kind: action, received: 2026-03-25, days: [2026-04-08], continuous_from: 2026-04-08}",
            "units.0.notices.0.days",
            "not both",
        ),
        (
            "{kind: ballot, received: 2026-02-20, days: [2026-04-08]}",
            "units.0.notices.0.days",
            "is for an action notice",
        ),
        (
            "{kind: action, received: 2026-03-25, days: [2026-04-09, 2026-04-08]}",
            "units.0.notices.0.days.1",
            "2026-04-08 is not after 2026-04-09",
        ),
        (
            "{kind: action, received: 2026-03-25, days: [2026-04-08], ceased: 2026-04-09}",
            "units.0.notices.0.ceased",
            "needs `continuous_from`",
        ),
    ],
)
def test_a_malformed_notice_record_is_refused_where_it_is_written(
    run: Run, write: Callable[[str], Path], entry: str, field: str, says: str
) -> None:
    file = write(BALLOT.format(notices=f"      - {entry}"))
    assert says in located(run, file, f"      - {entry}", field)


def test_told_before_the_close_is_refused_per_unit(run: Run, write: Callable[[str], Path]) -> None:
    text = BALLOT.format(notices="      - {kind: ballot, received: 2026-02-20}")
    file = write(text.replace("told_employer: 2026-03-23", "told_employer: 2026-03-19"))
    err = located(run, file, "    told_employer: 2026-03-19", "units.0.told_employer")
    assert "before the ballot closed (2026-03-20)" in err
