"""When the notices must reach the employer (s.226A, s.234A), and whether those recorded under
`notices:` did: the deadlines against dates worked out here and in gov.uk's transition examples,
each late or early notice a warning at the line it is recorded on."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import Run

from ballotcalc.judging import load_ballot
from ballotcalc.notice_deadlines import ballot_deadlines, deadline_rules
from ballotcalc.plan import Agreements
from ballotcalc.rules import rulebook
from ballotcalc.timeline import timeline

D = dt.date
Writer = Callable[[str, str], Path]


@pytest.mark.parametrize(
    ("opened", "notice_by", "sample_by"),
    [
        # gov.uk, "Trade union law: transition to Employment Rights Act 2025" (examples as
        # notices-law.md gives them): opens 20 Feb 2026 -> notice by 13 Feb; opens 2 Mar -> 23 Feb
        (D(2026, 2, 20), D(2026, 2, 13), D(2026, 2, 17)),
        (D(2026, 3, 2), D(2026, 2, 23), D(2026, 2, 27)),
        # across a month end and a leap day: 7 and 3 calendar days back, counted by hand
        (D(2024, 3, 5), D(2024, 2, 27), D(2024, 3, 2)),
        (D(2025, 3, 1), D(2025, 2, 22), D(2025, 2, 26)),
    ],
)
def test_ballot_notice_and_sample_paper_deadlines(
    opened: dt.date, notice_by: dt.date, sample_by: dt.date
) -> None:
    notice, sample = ballot_deadlines(opened)
    assert (notice.day, sample.day) == (notice_by, sample_by)
    assert "seventh day before the opening day" in notice.rule.words
    assert "third day before the opening day" in sample.rule.words


WORD_NUMBERS = {"seventh": 7, "tenth": 10, "14th": 14}


def test_each_regimes_notice_period_words_say_its_number_of_days() -> None:
    """The s.234A words in the deadlines table and the regime's `notice_days` are one rule."""
    ends = deadline_rules().action_notice_end
    for regime in rulebook().regimes:
        if regime.notice_days is None:
            assert regime.id not in ends
            continue
        first = re.search(r"ending with the (\w+) day", ends[regime.id].words)
        assert first, regime.id
        assert WORD_NUMBERS[first[1]] == regime.notice_days, regime.id


BALLOT = """\
title: Notified
{jurisdiction}opened: {opened}
closed: {closed}
units:
  - name: North
    eligible: 100
    votes_cast: 60
    results: {{strike: {{yes: 50, no: 10}}}}
    told_employer: {told}
    notices:
{notices}
questions:
  - {{id: strike, type: strike}}
"""


def ballot(
    write: Writer,
    notices: list[str],
    *,
    opened: str = "2026-03-02",
    closed: str = "2026-03-20",
    told: str = "2026-03-23",
    ni: bool = False,
) -> Path:
    text = BALLOT.format(
        jurisdiction="jurisdiction: ni\n" if ni else "",
        opened=opened,
        closed=closed,
        told=told,
        notices="\n".join(f"      - {n}" for n in notices),
    )
    return write(text, "ballot.yaml")


def line_of(file: Path, text: str) -> int:
    return next(i for i, line in enumerate(file.read_text().splitlines(), 1) if text in line)


def test_notices_in_time_are_events_without_warnings(write: Writer) -> None:
    # opens 2 Mar 2026: notice by 23 Feb. Action 8 Apr 2026 under ERA 2025 (10 days): by 29 Mar.
    file = ballot(
        write,
        [
            "{kind: ballot, received: 2026-02-23}",
            "{kind: action, received: 2026-03-29, days: [2026-04-08, 2026-04-09]}",
            # the period begins WITH the day the employer was told (s.234A(4)(a))
            "{kind: action, received: 2026-03-23, days: [2026-04-15]}",
        ],
    )
    t = timeline(load_ballot(file))
    assert t.warnings == ()
    by_key = {e.key: e for e in t.entries}
    assert by_key["recorded-units-0-notices-0"].day == D(2026, 2, 23)
    assert by_key["recorded-units-0-notices-1-by"].day == D(2026, 3, 29)
    assert by_key["recorded-units-0-notices-1-first-day"].day == D(2026, 4, 8)
    assert by_key["employer-told-0"].day == D(2026, 3, 23)


@pytest.mark.parametrize(
    ("notice", "says", "kw"),
    [
        # opens 2 Mar 2026: the 7th day before is 23 Feb; the 24th is a day late
        ("{kind: ballot, received: 2026-02-24}", "after 2026-02-23", {}),
        # told 23 Mar: a notice received on the 22nd is before the period begins
        (
            "{kind: action, received: 2026-03-22, days: [2026-04-08]}",
            "before the employer was told",
            {},
        ),
        # 10 days (ERA 2025): for 8 Apr, 29 Mar is the last day; 30 Mar is late
        (
            "{kind: action, received: 2026-03-30, continuous_from: 2026-04-08}",
            "after 2026-03-29",
            {},
        ),
        # Northern Ireland, 7 days (art 118): for 8 Apr, 1 Apr is the last day
        (
            "{kind: action, received: 2026-04-02, days: [2026-04-08]}",
            "after 2026-04-01",
            {"ni": True},
        ),
        # 2025, 14 days (TUA 2016): for 20 Oct, 6 Oct is the last day; 10 Oct is late, and in time
        # only under the 7 days an agreement allows (13 Oct)
        (
            "{kind: action, received: 2025-10-10, days: [2025-10-20]}",
            "agreed 7 days",
            {"opened": "2025-09-01", "closed": "2025-09-20", "told": "2025-09-22"},
        ),
    ],
)
def test_a_notice_not_in_time_is_a_warning_at_its_received_line(
    run: Run, write: Writer, notice: str, says: str, kw: dict[str, object]
) -> None:
    file = ballot(write, [notice], **kw)  # type: ignore[arg-type]
    (warning,) = timeline(load_ballot(file)).warnings
    line = line_of(file, notice)
    assert str(warning).startswith(f"{file}:{line}: units.0.notices.0.received: warning: ")
    assert says in warning.message
    result = run("timeline", str(file), "--format", "json")
    assert f"{file}:{line}: units.0.notices.0.received: warning: " in result.stderr
    assert json.loads(result.stdout)["timeline"]["warnings"] == [str(warning)]


def test_the_period_under_tua_2016_ends_on_the_14th_day(write: Writer) -> None:
    file = ballot(
        write,
        ["{kind: action, received: 2025-10-06, days: [2025-10-20]}"],
        opened="2025-09-01",
        closed="2025-09-20",
        told="2025-09-22",
    )
    t = timeline(load_ballot(file))
    assert t.warnings == ()
    assert {e.key: e for e in t.entries}["recorded-units-0-notices-0-by"].day == D(2025, 10, 6)


def test_a_ballot_notice_without_an_opening_date_is_not_judged(write: Writer) -> None:
    text = ballot(write, ["{kind: ballot, received: 2026-02-27}"]).read_text()
    file = write(text.replace("opened: 2026-03-02\n", "regime: gb-era-2025\n"), "ballot.yaml")
    t = timeline(load_ballot(file))
    assert t.warnings == ()
    entry = next(e for e in t.entries if e.key == "recorded-units-0-notices-0")
    assert entry.note is not None and "cannot be checked" in entry.note


def test_the_s226a_words_say_the_number_of_days_counted() -> None:
    """The words quoted (regimes.yaml) and the days counted (notices.yaml) are one rule."""
    rules, days = deadline_rules(), rulebook().notice_deadlines
    words = {"seventh": 7, "third": 3}
    for rule, n in ((rules.ballot_notice, days.ballot_notice_days),
                    (rules.sample_paper, days.sample_paper_days)):  # fmt: skip
        found = re.search(r"not later than the (\w+) day before the opening day", rule.words)
        assert found and words[found[1]] == n


def test_the_agreed_shorter_period_is_applied_when_the_user_says_so(
    run: Run, write: Writer
) -> None:
    """gb-tua-2016: 14 days, or 7 if agreed. For 20 Oct 2025 a notice received on 10 Oct is late
    unless agreed (then the 7th day before, 13 Oct, is the last)."""
    file = ballot(
        write,
        ["{kind: action, received: 2025-10-10, days: [2025-10-20]}"],
        opened="2025-09-01",
        closed="2025-09-20",
        told="2025-09-22",
    )
    assert len(timeline(load_ballot(file)).warnings) == 1
    agreed = timeline(load_ballot(file), agreements=Agreements(notice=True))
    assert agreed.warnings == ()
    by = {e.key: e for e in agreed.entries}["recorded-units-0-notices-0-by"]
    assert by.day == D(2025, 10, 13)
    assert run("timeline", str(file), "--notice-agreed").stderr == ""


def test_continuous_action_that_ceased_is_shown_with_s234a_7(write: Writer) -> None:
    file = ballot(
        write,
        ["{kind: action, received: 2026-03-25, continuous_from: 2026-04-08, ceased: 2026-04-20}"],
    )
    entries = {e.key: e for e in timeline(load_ballot(file)).entries}
    ceased = entries["recorded-units-0-notices-0-ceased"]
    assert ceased.day == D(2026, 4, 20)
    assert ceased.rule.endswith("s.234A(7)")
    assert ceased.note is not None and "new notice" in ceased.note


TWO_EMPLOYERS = """\
title: Two employers
opened: 2026-03-02
closed: 2026-03-20
told_employer: 2026-03-23
notices:
  - {kind: action, received: 2026-03-25, days: [2026-04-20]}
units:
  - name: North
    eligible: 100
    votes_cast: 60
    results: {strike: {yes: 50, no: 10}}
  - name: South
    eligible: 100
    votes_cast: 60
    results: {strike: {yes: 50, no: 10}}
    told_employer: 2026-03-27
questions:
  - {id: strike, type: strike}
"""


def test_a_notice_at_the_top_of_the_file_is_checked_for_each_employer(write: Writer) -> None:
    """The file's `notices:` are each employer's that has none of its own (as `mandates` and
    `notice --of action` read them), so each is checked against the day that employer was told:
    received on 25 March, in time for North (told 23 March) and too early for South (told
    27 March: the s.234A period begins with the day it is told, s.234A(4)(a))."""
    file = write(TWO_EMPLOYERS, "ballot.yaml")
    t = timeline(load_ballot(file))
    by_key = {e.key: e for e in t.entries}
    north, south = by_key["recorded-units-0-notices-0"], by_key["recorded-units-1-notices-0"]
    assert north.what.startswith("North ") and south.what.startswith("South ")
    assert "TOO EARLY" not in (north.note or "") and "TOO EARLY" in (south.note or "")
    line = line_of(file, "kind: action")
    assert [(w.line, w.severity) for w in t.warnings] == [(line, "warning")]  # said once
    assert "2026-03-27" in t.warnings[0].message
    loaded = load_ballot(file)
    assert loaded.ballot.units is not None
    south_only = timeline(loaded, unit=loaded.ballot.units[1])
    recorded = [e.key for e in south_only.entries if e.key.startswith("recorded-")]
    assert recorded and all(k.startswith("recorded-units-1-") for k in recorded)
