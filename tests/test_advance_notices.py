"""The notice of ballot (s.226A) and of industrial action (s.234A), decided in the core.

Every expected item list is the statute's, as the project's reference (notices-law.md) quotes it:
* s.226A, received before 18 February 2026 (ERA 2004 s.22 text; TUA 2016 did not amend it):
  (2)(a) intention, (2)(b) opening day, (2A)(a) categories, (2A)(b) workplaces, (2B)(a) total,
  (2B)(b) number per category, (2B)(c) number per workplace, (2)(c)(i) the explanation.
* s.226A from 18 February 2026 (ERA 2025 s.70): the lists and the total only.
* s.234A (ERA 2004 s.25): (3A)(a), (3A)(b), (3B)(a), (3B)(b), (3B)(c), the explanation (3)(a)(i),
  continuous or discontinuous (3)(b); for action first notified from 18 February 2026 (ERA 2025
  s.74), (3B)(b) goes and the rest stays.
Every date is counted here by hand: "not later than the Nth day before" day D is D - N.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Run

from ballotcalc.advance_notices import (
    ActionDays,
    AdvanceNotice,
    notice_of_action,
    notice_of_ballot,
)
from ballotcalc.judging import BallotOutcome, judge, load_ballot
from ballotcalc.model import NoticeGiven
from ballotcalc.plan import Agreements

D = dt.date
Write = Callable[[str, str], Path]


@dataclass(frozen=True)
class Figures:
    employer: str = "North Trust"
    explanation: str | None = "From the union's membership records on 1 February 2026."
    rows: tuple[tuple[str, str, int], ...] = (
        ("Leeds depot", "Drivers", 40),
        ("Leeds depot", "Engineers", 12),
        ("York depot", "Drivers", 25),
    )

    @property
    def total(self) -> int:
        return sum(n for _, _, n in self.rows)

    def by_workplace(self) -> tuple[tuple[str, int], ...]:
        out: dict[str, int] = {}
        for workplace, _, n in self.rows:
            out[workplace] = out.get(workplace, 0) + n
        return tuple(out.items())

    def by_category(self) -> tuple[tuple[str, int], ...]:
        out: dict[str, int] = {}
        for _, category, n in self.rows:
            out[category] = out.get(category, 0) + n
        return tuple(out.items())


FIGURES = Figures()


def ballot_file(
    write: Write, *, opened: str, closed: str, extra: str = "", yes: int = 60, asos: str = ""
) -> Path:
    questions = "  - {id: strike, type: strike}\n" + (
        "  - {id: asos, type: asos}\n" if asos else ""
    )
    results = f"  strike: {{yes: {yes}, no: 10}}\n" + (f"  asos: {asos}\n" if asos else "")
    return write(
        f"title: Pay 2026\nunion: Example Union\nemployer: North Trust\nopened: {opened}\n"
        f"closed: {closed}\neligible: 100\nvotes_cast: 70\n{extra}questions:\n{questions}"
        f"results:\n{results}",
        "ballot.yaml",
    )


def judged(path: Path) -> BallotOutcome:
    return judge(load_ballot(path))


def keys(notice: AdvanceNotice) -> list[str]:
    return [e.rule.key for e in notice.entries]


OLD_BALLOT_ITEMS = [
    "intention", "opening_day", "categories", "workplaces", "total", "per_category",
    "per_workplace", "explanation",
]  # fmt: skip
NEW_BALLOT_ITEMS = ["intention", "opening_day", "categories", "workplaces", "total"]
OLD_ACTION_ITEMS = [
    "categories", "workplaces", "total", "per_category", "per_workplace", "explanation", "action",
]  # fmt: skip
NEW_ACTION_ITEMS = ["categories", "workplaces", "total", "per_workplace", "explanation", "action"]


# --- s.226A: the version is chosen by the day the employer receives the notice -------------------


def test_gov_uk_example_opening_20_february_2026_needs_the_notice_by_13_february_old_rules(
    write: Write,
) -> None:
    ballot = load_ballot(ballot_file(write, opened="2026-02-20", closed="2026-03-06")).ballot
    in_time = notice_of_ballot(ballot, FIGURES, received=D(2026, 2, 13))
    assert in_time.lawful, in_time.refusals
    assert keys(in_time) == OLD_BALLOT_ITEMS  # received before 18 February: s.226A before s.70
    assert [(d.key, d.day) for d in in_time.deadlines] == [
        ("ballot-notice", D(2026, 2, 13)),  # 20 February - 7
        ("sample-paper", D(2026, 2, 17)),  # 20 February - 3
    ]
    late = notice_of_ballot(ballot, FIGURES, received=D(2026, 2, 14))
    [why] = late.refusals
    assert "2026-02-13" in why.says and why.rule == "TULRCA s.226A(1)(a)"


@pytest.mark.parametrize(
    ("received", "items"),
    [(D(2026, 2, 17), OLD_BALLOT_ITEMS), (D(2026, 2, 18), NEW_BALLOT_ITEMS)],
)
def test_gov_uk_example_opening_2_march_2026_old_or_new_content_by_the_day_received(
    write: Write, received: D, items: list[str]
) -> None:
    ballot = load_ballot(ballot_file(write, opened="2026-03-02", closed="2026-03-16")).ballot
    notice = notice_of_ballot(ballot, FIGURES, received=received)
    assert keys(notice) == items
    assert notice.deadlines[0].day == D(2026, 2, 23)  # 2 March - 7 days
    assert notice.lawful


def test_the_new_notice_of_ballot_has_lists_and_total_but_no_numbers_by_category_or_workplace(
    write: Write,
) -> None:
    ballot = load_ballot(ballot_file(write, opened="2026-03-02", closed="2026-03-16")).ballot
    notice = notice_of_ballot(ballot, FIGURES, received=D(2026, 2, 20))
    entry = {e.rule.key: e for e in notice.entries}
    assert entry["categories"].names == ("Drivers", "Engineers")
    assert entry["workplaces"].names == ("Leeds depot", "York depot")
    assert entry["total"].number == 40 + 12 + 25
    assert entry["opening_day"].day == D(2026, 3, 2)
    assert all(not e.counts and e.text is None for e in notice.entries)


def test_before_18_february_2026_the_explanation_is_required(write: Write) -> None:
    ballot = load_ballot(ballot_file(write, opened="2026-02-20", closed="2026-03-06")).ballot
    notice = notice_of_ballot(ballot, Figures(explanation=None), received=D(2026, 2, 10))
    [why] = notice.refusals
    assert why.rule == "s.226A(2)(c)(i)" and "explain how the figures were arrived at" in why.says
    # from 18 February 2026 no explanation is required in a notice of ballot
    later = load_ballot(ballot_file(write, opened="2026-03-02", closed="2026-03-16")).ballot
    assert notice_of_ballot(later, Figures(explanation=None), received=D(2026, 2, 20)).lawful


def test_the_old_notice_of_ballot_gives_the_numbers_per_category_and_workplace(
    write: Write,
) -> None:
    ballot = load_ballot(ballot_file(write, opened="2024-09-02", closed="2024-09-30")).ballot
    notice = notice_of_ballot(ballot, FIGURES, received=D(2024, 8, 20))
    entry = {e.rule.key: e for e in notice.entries}
    assert entry["per_category"].counts == (("Drivers", 65), ("Engineers", 12))
    assert entry["per_workplace"].counts == (("Leeds depot", 52), ("York depot", 25))
    assert entry["explanation"].text == FIGURES.explanation


# --- s.234A ---------------------------------------------------------------------------------------


def passed_2026(write: Write, extra: str = "", asos: str = "") -> BallotOutcome:
    return judged(
        ballot_file(write, opened="2026-03-02", closed="2026-03-20", extra=extra, asos=asos)
    )


def action(outcome: BallotOutcome, **kw: Any) -> AdvanceNotice:
    defaults: dict[str, Any] = {
        "received": D(2026, 3, 25),
        "action": ActionDays(None, (D(2026, 4, 8), D(2026, 4, 9))),
        "action_type": None,
        "told": D(2026, 3, 23),
    }
    defaults.update(kw)
    return notice_of_action(outcome, outcome.units[0], FIGURES, **defaults)


def test_a_notice_of_action_from_18_february_2026_drops_per_category_numbers_only(
    write: Write,
) -> None:
    notice = action(passed_2026(write))
    assert keys(notice) == NEW_ACTION_ITEMS
    assert notice.lawful, notice.refusals
    assert notice.action_type == "strike"


def test_ten_days_from_18_february_2026(write: Write) -> None:
    outcome = passed_2026(write)
    first = D(2026, 4, 8)
    last_receipt = first - dt.timedelta(days=10)  # 29 March
    assert action(outcome, received=last_receipt).lawful
    late = action(outcome, received=last_receipt + dt.timedelta(days=1))
    assert [r.rule for r in late.refusals] == ["TULRCA s.234A(4)(b)"]


def test_a_notice_before_the_employer_was_told_the_result_is_refused(write: Write) -> None:
    outcome = passed_2026(write)
    early = action(outcome, received=D(2026, 3, 22), told=D(2026, 3, 23))
    rules = [r.rule for r in early.refusals]
    assert "TULRCA s.234A(4)(a); TULRCA s.231A" in rules


def test_the_version_follows_the_first_notice_for_the_same_action(write: Write) -> None:
    # ballot opened before 18 February 2026 (14-day period, 6-month mandate); a first notice for
    # the action received 10 February 2026 keeps the old content and period for a later notice
    outcome = judged(ballot_file(write, opened="2026-01-05", closed="2026-01-30"))
    first = NoticeGiven(kind="action", received=D(2026, 2, 10), days=[D(2026, 2, 25)])
    later = action(
        outcome,
        received=D(2026, 3, 1),
        action=ActionDays(None, (D(2026, 3, 15),)),
        told=D(2026, 2, 2),
        given=[first],
    )
    assert keys(later) == OLD_ACTION_ITEMS
    assert later.lawful, later.refusals  # 14 days: 1 -> 15 March
    too_late = action(
        outcome,
        received=D(2026, 3, 2),
        action=ActionDays(None, (D(2026, 3, 15),)),
        told=D(2026, 2, 2),
        given=[first],
    )
    assert [r.rule for r in too_late.refusals] == ["TULRCA s.234A(4)(b)"]
    # without that first notice, the same notice is a new one under ERA 2025: 10 days is enough
    fresh = action(
        outcome,
        received=D(2026, 3, 2),
        action=ActionDays(None, (D(2026, 3, 15),)),
        told=D(2026, 2, 2),
    )
    assert keys(fresh) == NEW_ACTION_ITEMS and fresh.lawful


def test_seven_days_only_by_agreement_under_the_2016_act(write: Write) -> None:
    outcome = judged(ballot_file(write, opened="2024-09-02", closed="2024-09-30"))
    kw = {"received": D(2024, 10, 3), "action": ActionDays(D(2024, 10, 10), ()),
          "told": D(2024, 9, 30)}  # fmt: skip
    assert not action(outcome, **kw).lawful
    assert action(outcome, **kw, agreements=Agreements(notice=True)).lawful


def test_every_day_of_discontinuous_action_must_be_inside_the_mandate(write: Write) -> None:
    # closed 20 March 2026, ERA 2025: 12 months beginning with 20 March 2026 end 19 March 2027
    outcome = passed_2026(write)
    inside = action(outcome, action=ActionDays(None, (D(2026, 4, 8), D(2027, 3, 19))))
    outside = action(outcome, action=ActionDays(None, (D(2026, 4, 8), D(2027, 3, 20))))
    assert inside.lawful
    assert [r.rule for r in outside.refusals] == ["TULRCA s.234"]


def test_the_action_must_be_one_the_ballot_gave_a_mandate_for(write: Write) -> None:
    outcome = passed_2026(write, asos="{yes: 30, no: 40}")  # strike passed, asos failed
    assert action(outcome).action_type == "strike"
    refused = action(outcome, action_type="asos")
    [why] = refused.refusals
    assert "no mandate for action short of a strike" in why.says
    both = passed_2026(write, asos="{yes: 50, no: 20}")
    [ask] = action(both).refusals
    assert "--action strike or --action asos" in ask.says


def test_the_explanation_stays_in_the_notice_of_action_after_2026(write: Write) -> None:
    notice = notice_of_action(
        passed_2026(write),
        passed_2026(write).units[0],
        Figures(explanation=None),
        received=D(2026, 3, 25),
        action=ActionDays(D(2026, 4, 8), ()),
        action_type=None,
        told=D(2026, 3, 23),
    )
    [why] = notice.refusals
    assert why.rule == "s.234A(3)(a)(i)"


def test_northern_ireland_seven_days_and_an_unverified_note(write: Write) -> None:
    outcome = judged(
        ballot_file(write, opened="2026-03-02", closed="2026-03-20", extra="jurisdiction: ni\n")
    )
    notice = action(outcome, received=D(2026, 4, 1), action=ActionDays(None, (D(2026, 4, 8),)))
    assert notice.lawful, notice.refusals  # 8 April - 7 = 1 April
    assert notice.version.id == "ni-art-118"
    assert any("Unverified" in n for n in notice.officer_notes)
    late = action(outcome, received=D(2026, 4, 2), action=ActionDays(None, (D(2026, 4, 8),)))
    assert not late.lawful


# --- the command: one notice per employer, refused or DRAFT ---------------------------------------

TWO_EMPLOYERS = """\
title: Two employers
union: Example Union
opened: 2026-03-02
closed: 2026-03-20
told_employer: 2026-03-23
figures_explanation: From the membership records on 1 March 2026.
workforce_csv: workforce.csv
units:
  - name: North Trust
    eligible: 30
    votes_cast: 20
    results: {strike: {yes: 15, no: 5}}
  - name: South Trust
    eligible: 12
    votes_cast: 5
    results: {strike: {yes: 4, no: 1}}
questions:
  - {id: strike, type: strike}
"""
WORKFORCE = """\
Employer,Workplace,Category,Number
North Trust,Ward A,Nurse,18
North Trust,Ward B,Porter,12
South Trust,Clinic,Midwife,12
"""


def two_employers(write: Write) -> Path:
    write(WORKFORCE, "workforce.csv")
    return write(TWO_EMPLOYERS, "ballot.yaml")


def test_one_notice_of_ballot_per_employer_each_with_only_its_own_workforce(
    run: Run, write: Write, tmp_path: Path
) -> None:
    file = two_employers(write)
    out = tmp_path / "notices"
    out.mkdir()
    run("notice", str(file), "--of", "ballot", "--received", "2026-02-20", "-o", f"{out}/")
    assert sorted(p.name for p in out.iterdir()) == ["North-Trust.md", "South-Trust.md"]
    north = (out / "North-Trust.md").read_text()
    assert "Ward A" in north and "Porter" in north and "**To:** North Trust" in north
    assert "South" not in north and "Clinic" not in north and "Midwife" not in north
    # from 18 February 2026: the total only (18 + 12), no number per workplace or category
    assert "The total number of employees concerned (s.226A(2B)): 30" in north
    assert "| 18 |" not in north


def test_a_notice_of_action_where_one_employer_has_no_mandate_is_refused_then_drafted(
    run: Run, write: Write
) -> None:
    file = two_employers(write)
    args = ("notice", str(file), "--of", "action", "--received", "2026-03-25",
            "--day", "2026-04-08")  # fmt: skip
    # South Trust: 5 of 12 voted, below the 50% turnout (6): no mandate there
    err = run(*args, expect=2).stderr
    assert "South Trust: the ballot gave no mandate for strike action at South Trust" in err
    assert "North Trust" not in err
    drafted = run(*args, "--draft", expect=1)
    assert drafted.stdout.count("# Notice of industrial action") == 2
    assert drafted.stdout.count("DRAFT: NOT TO BE SENT") == 1
    assert "DRAFT: South Trust" in drafted.stderr
    only_north = run(*args, "--unit", "north trust")
    assert "South" not in only_north.stdout and "DRAFT" not in only_north.stdout


def test_a_late_notice_of_action_names_the_deadline(run: Run, write: Write) -> None:
    file = two_employers(write)
    err = run("notice", str(file), "--of", "action", "--unit", "North Trust", "--received",
              "2026-03-30", "--day", "2026-04-08", expect=2).stderr  # fmt: skip
    assert "2026-03-29" in err  # 8 April - 10 days (ERA 2025 s.74)
    assert "TULRCA s.234A(4)(b)" in err


@pytest.mark.parametrize(
    "args",
    [
        ("--of", "action", "--day", "2026-04-08"),  # no --received
        ("--of", "action", "--received", "2026-03-25"),  # no days
        (
            "--of",
            "action",
            "--received",
            "2026-03-25",
            "--day",
            "2026-04-08",
            "--from",
            "2026-04-08",
        ),
        ("--of", "ballot", "--received", "2026-02-20", "--day", "2026-04-08"),
        ("--of", "ballot", "--received", "2026-02-20", "--to", "employer"),
        ("--of", "result"),  # no --to
    ],
)
def test_options_that_do_not_fit_the_notice_are_usage_errors(
    run: Run, write: Write, args: tuple[str, ...]
) -> None:
    run("notice", str(two_employers(write)), *args, expect=2)


def test_a_unions_own_template_gets_the_notice(run: Run, write: Write) -> None:
    file = two_employers(write)
    mine = write("{{ n.title }} for {{ n.employer }}: {{ n.items|length }} items\n", "mine.md.j2")
    out = run("notice", str(file), "--of", "ballot", "--received", "2026-02-20", "--unit",
              "South Trust", "--template", str(mine)).stdout  # fmt: skip
    assert out == "Notice of industrial action ballot for South Trust: 5 items\n"


def test_without_action_one_type_for_every_employer_never_chosen_per_employer(
    run: Run,
) -> None:
    # North Valley Buses has mandates for both; Eastern Depot Services for asos only
    shipped = "ballots/illustrative-notices-2026.yaml"
    base = ("notice", shipped, "--of", "action", "--received", "2026-03-25", "--day", "2026-04-08")
    err = run(*base, "--unit", "Eastern Depot Services", "--unit", "North Valley Buses",
              expect=2).stderr  # fmt: skip
    assert "--action strike or --action asos" in err
    only_asos = run(*base, "--unit", "Eastern Depot Services").stdout
    assert "**Type of action:** action short of a strike" in only_asos
