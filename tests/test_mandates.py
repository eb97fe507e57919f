"""`ballotcalc mandates`: the register of mandates per ballot, unit and question, on a day.

Every expected date is worked out here by hand from the law, never taken from the code:
gb-tua-2016 s.234(1)(b): the mandate ends at the end of "the period of 6 months beginning with the
date of the ballot" (its closing day, s.246), so a ballot closing 2022-11-09 gives a mandate to
2023-05-08 (the day before 2023-05-09), or to 2023-08-08 if the employer agrees 9 months
(s.234(2)). Before 2017 (gb-pre-2017 s.234(1) as it stood): action must BEGIN within 4 weeks
beginning with the date of the ballot, so 2011-11-30 gives 2011-12-27.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import BALLOTS, Run

from ballotcalc.judging import survey
from ballotcalc.mandates import (
    ActionNotice,
    NoticeNeed,
    Reballot,
    Status,
    line_status,
    notice_need,
    register,
)
from ballotcalc.tally import Decision

BALLOT = """\
title: {title}
employer: Example Ltd
opened: {opened}
closed: {closed}
questions:
  - {{id: strike, type: strike}}
  - {{id: asos, type: asos}}
units:
  - {{name: North, eligible: 100, votes_cast: 60, results: {{strike: {{yes: 50, no: 10}}, asos: {{yes: 55, no: 5}}}}}}
  - {{name: South, eligible: 100, votes_cast: 40, results: {{strike: {{yes: 30, no: 10}}, asos: {{yes: 35, no: 5}}}}}}
"""
"""North meets the 50% turnout test (60 of 100) with a Yes majority on both questions; South
does not (40 of 100): no mandate."""


def write_ballot(folder: Path, name: str, opened: str, closed: str) -> Path:
    path = folder / name
    path.write_text(
        BALLOT.format(title=name.removesuffix(".yaml"), opened=opened, closed=closed),
        encoding="utf-8",
    )
    return path


def records(run: Run, *args: str) -> list[dict[str, object]]:
    out = json.loads(run("mandates", *args, "--format", "json").stdout)
    assert out["disclaimer"].endswith("it is not legal advice.")
    mandates: list[dict[str, object]] = out["mandates"]
    return mandates


@pytest.mark.parametrize(
    ("on", "status", "days_left"),
    [
        ("2022-11-09", "live", 181),  # the date of the ballot: Nov 22 + Dec 31 + ... + May 8
        ("2023-05-07", "live", 2),
        ("2023-05-08", "live", 1),  # the last day itself is live
        ("2023-05-09", "expired", 0),  # the next day is not
        ("2022-11-08", "not-yet", 182),  # before the ballot closed
    ],
)
def test_six_month_mandate_around_its_last_day(
    run: Run, tmp_path: Path, on: str, status: str, days_left: int
) -> None:
    # 2022-11-09 to 2023-05-08 inclusive: 22 (Nov) + 31 + 31 + 28 + 31 + 30 + 8 = 181 days
    assert 22 + 31 + 31 + 28 + 31 + 30 + 8 == 181
    path = write_ballot(tmp_path, "pay.yaml", "2022-10-10", "2022-11-09")
    north = [r for r in records(run, str(path), "--on", on) if r["unit"] == "North"]
    assert [r["question"] for r in north] == ["strike", "asos"]
    for r in north:
        assert r["from"] == "2022-11-09"
        assert r["last_day"] == "2023-05-08"
        assert r["last_day_if_agreed"] == "2023-08-08"
        assert r["kind"] == "expires"
        assert (r["status"], r["days_left"]) == (status, days_left)
        if status == "expired":
            assert (r["reballot"], r["reballot_by"]) == ("now", None)
        else:
            assert (r["reballot"], r["reballot_by"]) == ("before", "2023-05-08")


def test_a_unit_without_a_mandate_needs_a_ballot_now(run: Run, tmp_path: Path) -> None:
    path = write_ballot(tmp_path, "pay.yaml", "2022-10-10", "2022-11-09")
    south = [r for r in records(run, str(path), "--on", "2023-01-01") if r["unit"] == "South"]
    assert [(r["status"], r["decision"], r["last_day"], r["days_left"], r["reballot"])
            for r in south] == [("none", "no_mandate", None, None, "now")] * 2  # fmt: skip


def test_before_2017_action_must_begin_within_four_weeks(run: Run, tmp_path: Path) -> None:
    # 4 weeks beginning with 2011-11-30: 2011-11-30 + 28 days - 1 = 2011-12-27
    path = write_ballot(tmp_path, "old.yaml", "2011-11-01", "2011-11-30")
    north = [r for r in records(run, str(path), "--on", "2011-12-27") if r["unit"] == "North"]
    assert {(r["kind"], r["last_day"], r["status"], r["days_left"]) for r in north} == {
        ("begin-within", "2011-12-27", "live", 1)
    }
    late = records(run, str(path), "--on", "2011-12-28")
    assert {r["status"] for r in late if r["unit"] == "North"} == {"expired"}


def test_month_end_mandate_is_flagged_to_check(run: Run, tmp_path: Path) -> None:
    # 6 months beginning with 2022-08-31: no 31 February; the corresponding day is read as
    # 2023-02-28, so the last day is 2023-02-27 on that reading, flagged
    path = write_ballot(tmp_path, "end.yaml", "2022-08-01", "2022-08-31")
    north = [r for r in records(run, str(path), "--on", "2023-01-01") if r["unit"] == "North"]
    assert {(r["last_day"], r["last_day_to_check"]) for r in north} == {("2023-02-27", True)}


def test_today_is_the_default_day(run: Run, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ballotcalc.cli import cli

    path = write_ballot(tmp_path, "pay.yaml", "2022-10-10", "2022-11-09")
    run("mandates", str(path))  # the clock's today: runs
    # `run` clears BALLOTCALC_TODAY, the day a test stands on: set it for this call only
    result = CliRunner().invoke(
        cli, ["mandates", str(path), "--format", "json"], env={"BALLOTCALC_TODAY": "2023-05-09"}
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["on"] == "2023-05-09"
    assert {r["status"] for r in out["mandates"] if r["unit"] == "North"} == {"expired"}


def test_a_directory_lists_every_ballot_and_open_ones(run: Run, tmp_path: Path) -> None:
    write_ballot(tmp_path, "a.yaml", "2022-10-10", "2022-11-09")
    write_ballot(tmp_path, "b.yaml", "2023-01-02", "2023-02-01")
    (tmp_path / "open.yaml").write_text(
        "title: Open\nopened: 2023-03-01\nclosed: 2023-03-29\nquestions:\n"
        "  - {id: strike, type: strike}\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("not a ballot", encoding="utf-8")
    rows = records(run, str(tmp_path), "--on", "2023-06-01")
    assert [(Path(str(r["file"])).name, r["unit"], r["question"], r["status"]) for r in rows] == [
        ("a.yaml", "North", "strike", "expired"), ("a.yaml", "North", "asos", "expired"),
        ("a.yaml", "South", "strike", "none"), ("a.yaml", "South", "asos", "none"),
        # 2023-02-01 + 6 months - 1 day = 2023-07-31
        ("b.yaml", "North", "strike", "live"), ("b.yaml", "North", "asos", "live"),
        ("b.yaml", "South", "strike", "none"), ("b.yaml", "South", "asos", "none"),
        ("open.yaml", "Open", None, "open"),  # no employer: named by its title
    ]  # fmt: skip
    b_north = [r for r in rows if str(r["file"]).endswith("b.yaml") and r["unit"] == "North"]
    assert {r["last_day"] for r in b_north} == {"2023-07-31"}


def test_a_broken_file_is_reported_without_hiding_the_others(run: Run, tmp_path: Path) -> None:
    write_ballot(tmp_path, "a.yaml", "2022-10-10", "2022-11-09")
    (tmp_path / "bad.yaml").write_text("title: Bad\nquestions: 3\n", encoding="utf-8")
    result = run("mandates", str(tmp_path), "--on", "2023-01-01", "--format", "csv", expect=2)
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 4
    assert "bad.yaml:2: questions:" in result.stderr


def test_csv_has_a_row_per_unit_and_question(run: Run, tmp_path: Path) -> None:
    path = write_ballot(tmp_path, "pay.yaml", "2022-10-10", "2022-11-09")
    out = run("mandates", str(path), "--on", "2023-05-08", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["unit"], r["question"], r["status"], r["last_day"], r["days_left"], r["on"])
            for r in rows] == [
        ("North", "strike", "live", "2023-05-08", "1", "2023-05-08"),
        ("North", "asos", "live", "2023-05-08", "1", "2023-05-08"),
        ("South", "strike", "none", "", "", "2023-05-08"),
        ("South", "asos", "none", "", "", "2023-05-08"),
    ]  # fmt: skip


def test_table_says_what_to_do_and_is_not_legal_advice(run: Run, tmp_path: Path) -> None:
    path = write_ballot(tmp_path, "pay.yaml", "2022-10-10", "2022-11-09")
    out = run("mandates", str(path), "--on", "2023-01-01").stdout
    assert "close a new ballot by 2023-05-08" in out
    assert "needed now" in out
    assert out.rstrip().endswith("it is not legal advice.")


def test_calendar_has_an_event_per_mandate_end(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from icalendar import Calendar

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = write_ballot(tmp_path, "pay.yaml", "2022-10-10", "2022-11-09")
    raw = run("mandates", str(path), "--on", "2023-01-01", "--format", "ics").stdout_bytes
    events = Calendar.from_ical(raw).walk("VEVENT")
    # North has a mandate on both questions; South none: two events, on the last day
    assert sorted(str(e["SUMMARY"]) for e in events) == [
        "pay - North: asos mandate ends",
        "pay - North: strike mandate ends",
    ]
    assert {e.decoded("DTSTART") for e in events} == {dt.date(2023, 5, 8)}
    assert len({str(e["UID"]) for e in events}) == 2
    again = run("mandates", str(path), "--on", "2023-03-01", "--format", "ics").stdout_bytes
    assert again == raw  # the day asked about does not change the calendar


def test_the_national_export_register(run: Run, tmp_path: Path) -> None:
    """The shipped 40-employer ballot (closed 2024-10-28; 6 months: to 2025-04-27)."""
    for name in ("illustrative-national-2024.yaml", "illustrative-national-2024-units.csv"):
        shutil.copy(BALLOTS / name, tmp_path / name)
    rows = records(run, str(tmp_path / "illustrative-national-2024.yaml"), "--on", "2025-04-27")
    assert len(rows) == 80
    live = {(r["unit"], r["question"]) for r in rows if r["status"] == "live"}
    strike = {u for u, q in live if q == "strike"}
    asos = {u for u, q in live if q == "asos"}
    # the mix the example promises: 19 both, 9 ASOS only, 12 none
    assert (len(strike & asos), len(asos - strike), len(strike - asos)) == (19, 9, 0)
    assert {r["last_day"] for r in rows if r["status"] == "live"} == {"2025-04-27"}
    assert {r["days_left"] for r in rows if r["status"] == "live"} == {1}


# --- the core, directly -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "on", "expected"),
    [
        (Decision.MANDATE, dt.date(2023, 5, 8), Status.LIVE),
        (Decision.MANDATE, dt.date(2023, 5, 9), Status.EXPIRED),
        (Decision.MANDATE, dt.date(2022, 11, 9), Status.LIVE),
        (Decision.MANDATE, dt.date(2022, 11, 8), Status.NOT_YET),
        (Decision.AT_RISK, dt.date(2023, 5, 8), Status.AT_RISK),
        (Decision.AT_RISK, dt.date(2023, 5, 9), Status.EXPIRED),
        (Decision.NO_MANDATE, dt.date(2023, 1, 1), Status.NONE),
        (Decision.CONSULTATIVE_MAJORITY_FOR, dt.date(2023, 1, 1), Status.NONE),
    ],
)
def test_line_status(decision: Decision, on: dt.date, expected: Status) -> None:
    assert line_status(decision, dt.date(2022, 11, 9), dt.date(2023, 5, 8), on) is expected


def test_consultative_and_open_ballots(tmp_path: Path) -> None:
    entries = survey([str(BALLOTS / "pcs-dwp-ccs-2012-consultative.yaml"),
                      str(BALLOTS / "hmrc-2011.yaml")])  # fmt: skip
    lines = register(entries, dt.date(2012, 8, 1)).lines
    statuses = {(line.status, line.reballot) for line in lines}
    assert statuses == {(Status.NONE, Reballot.NOW), (Status.OPEN, Reballot.NOT_APPLICABLE)}


# --- the overview (`result DIR`) lists open ballots too -------------------------------------------

OPEN = "title: Open\nopened: 2023-03-01\nclosed: 2023-03-29\nquestions:\n  - {id: strike, type: strike}\n"
PLANNED = "title: Planned\nquestions:\n  - {id: strike, type: strike}\n"


def test_overview_json_and_csv_list_open_ballots_with_their_status(
    run: Run, tmp_path: Path
) -> None:
    write_ballot(tmp_path, "a.yaml", "2022-10-10", "2022-11-09")
    (tmp_path / "open.yaml").write_text(OPEN, encoding="utf-8")
    (tmp_path / "planned.yaml").write_text(PLANNED, encoding="utf-8")
    result = run("result", str(tmp_path), "--format", "json")
    assert "not in this output" not in result.stderr
    ballots = json.loads(result.stdout)["ballots"]
    assert [(b["title"], b["status"], b["regime"] is None, b["units"] == []) for b in ballots] == [
        ("a", "judged", False, False),
        ("Open", "live", True, True),
        ("Planned", "planned", True, True),
    ]
    # an open ballot has every key a judged one has, so a script reads both alike
    assert set(ballots[1]) == set(ballots[0])
    rows = list(csv.DictReader(io.StringIO(run("result", str(tmp_path), "--format", "csv").stdout)))
    assert [(Path(r["file"]).name, r["unit"], r["status"]) for r in rows] == [
        ("a.yaml", "North", "judged"), ("a.yaml", "North", "judged"),
        ("a.yaml", "South", "judged"), ("a.yaml", "South", "judged"),
        ("open.yaml", "", "live"), ("planned.yaml", "", "planned"),
    ]  # fmt: skip
    assert rows[4]["title"] == "Open" and rows[4]["decision"] == "" and rows[4]["verdict"] == ""


# --- notices of action recorded in the ballot file ------------------------------------------------

NOTIFIED = """\
title: Notified
opened: 2022-10-10
closed: 2022-11-09
told_employer: 2022-11-10
questions:
  - {id: strike, type: strike}
  - {id: asos, type: asos}
units:
  - name: North
    eligible: 100
    votes_cast: 60
    results: {strike: {yes: 50, no: 10}, asos: {yes: 55, no: 5}}
    notices:
      - {kind: action, received: 2022-11-20, action: strike, days: [2022-12-05, 2022-12-06]}
      - {kind: action, received: 2023-04-20, action: strike, days: [2023-05-08, 2023-05-09]}
  - name: East
    eligible: 100
    votes_cast: 60
    told_employer: 2022-11-14
    results: {strike: {yes: 50, no: 10}, asos: {yes: 55, no: 5}}
    notices:
      - {kind: action, received: 2022-11-20, continuous_from: 2022-12-05}
  - name: West
    eligible: 100
    votes_cast: 60
    results: {strike: {yes: 50, no: 10}, asos: {yes: 55, no: 5}}
    notices:
      - {kind: action, received: 2022-11-20, action: strike, continuous_from: 2022-12-05,
         ceased: 2023-01-10}
"""


def notified(run: Run, tmp_path: Path, on: str) -> dict[tuple[str, str], dict[str, object]]:
    path = tmp_path / "notified.yaml"
    path.write_text(NOTIFIED, encoding="utf-8")
    return {(str(r["unit"]), str(r["question"])): r for r in records(run, str(path), "--on", on)}


def test_recorded_notices_say_what_needs_a_new_notice(run: Run, tmp_path: Path) -> None:
    rows = notified(run, tmp_path, "2022-12-06")
    north_strike = rows[("North", "strike")]
    assert north_strike["told_employer"] == "2022-11-10"  # the ballot's record
    assert [n["days"] for n in north_strike["notices"]] == [  # type: ignore[attr-defined]
        ["2022-12-05", "2022-12-06"], ["2023-05-08", "2023-05-09"],
    ]  # fmt: skip
    # discontinuous, notified to 2023-05-09, past the mandate's last day (2023-05-08): no day
    # after the notices is within the mandate; further action needs a new ballot
    assert (north_strike["notice_need"], north_strike["notice_covers_to"]) == (
        "mandate-ends",
        "2023-05-08",
    )
    assert north_strike["notified_on"] is True
    # 2023-05-09 is the day after the mandate's last day (2023-05-08): no notice covers it
    assert north_strike["beyond_mandate"] == ["2023-05-09"]
    # the strike notices do not notify action short of a strike
    north_asos = rows[("North", "asos")]
    assert (north_asos["notices"], north_asos["notice_need"], north_asos["notified_on"]) == (
        [], "none-recorded", False,
    )  # fmt: skip
    # a notice that names no type of action counts for each question; continuous, not ceased
    for question in ("strike", "asos"):
        east = rows[("East", question)]
        assert (east["told_employer"], east["notice_need"], east["notified_on"]) == (
            "2022-11-14", "covered", True,
        )  # fmt: skip
    # continuous action that ceased: action again needs a new notice (s.234A(7))
    west = rows[("West", "strike")]
    assert (west["notice_need"], west["notice_covers_to"]) == ("ceased", "2023-01-10")


@pytest.mark.parametrize(("on", "north", "west"), [
    ("2022-12-04", False, False), ("2022-12-05", True, True), ("2022-12-07", False, True),
    ("2023-01-10", False, True), ("2023-01-11", False, False),
])  # fmt: skip
def test_notified_on_the_day_asked_about(
    run: Run, tmp_path: Path, on: str, north: bool, west: bool
) -> None:
    rows = notified(run, tmp_path, on)
    assert rows[("North", "strike")]["notified_on"] is north
    assert rows[("West", "strike")]["notified_on"] is west


def test_an_expired_mandate_needs_no_notice_only_a_ballot(run: Run, tmp_path: Path) -> None:
    rows = notified(run, tmp_path, "2023-05-09")
    north = rows[("North", "strike")]
    assert (north["status"], north["notice_need"], north["notified_on"], north["reballot"]) == (
        "expired", None, None, "now",
    )  # fmt: skip


def test_table_and_csv_show_the_notices(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "notified.yaml"
    path.write_text(NOTIFIED, encoding="utf-8")
    table = " ".join(run("mandates", str(path), "--on", "2022-12-06").stdout.split())
    assert (
        "• North · strike: told 2022-11-10; notice received 2022-11-20 for 2022-12-05, "
        "2022-12-06; notice received 2023-04-20 for 2023-05-08, 2023-05-09; notified to "
        "2023-05-08, the mandate's last day: the mandate ends then; further action needs a new "
        "ballot; notified on the day asked about; NOT COVERED: 2023-05-09 after the mandate; a "
        "new ballot is needed"
    ) in table
    assert (
        "• West · strike: told 2022-11-10; notice received 2022-11-20 for continuous action from "
        "2022-12-05, ceased 2023-01-10; ceased 2023-01-10: action again needs a new notice "
        "(s.234A(7)), up to the mandate's last day, 2023-05-08"
    ) in table
    out = run("mandates", str(path), "--on", "2022-12-06", "--format", "csv").stdout
    rows = {(r["unit"], r["question"]): r for r in csv.DictReader(io.StringIO(out))}
    assert rows[("North", "strike")]["notices"] == (
        "2022-11-20: 2022-12-05 2022-12-06; 2023-04-20: 2023-05-08 2023-05-09"
    )
    assert rows[("West", "strike")]["notices"] == "2022-11-20: from 2022-12-05, ceased 2023-01-10"
    assert rows[("North", "strike")]["beyond_mandate"] == "2023-05-09"


# --- notices that run to the end of the mandate -------------------------------------------------
# A mandate that ends (s.234(1) from 2017: 6 months beginning with the date of the ballot; 12 months
# under gb-era-2025) leaves no day after its last day to notify: the register must say the mandate
# ends, never "days after X need a new notice" for an X on or past the last day. Before 2017 action
# must only BEGIN within 4 weeks, and action begun in time may go on: days after do need a notice.


def months_from(closed: dt.date, months: int) -> dt.date:
    """The last day of the period of `months` months beginning with `closed` (a day of the month
    up to 28, so no month-end reading arises): the day before the same day `months` later."""
    month = closed.month - 1 + months
    return dt.date(closed.year + month // 12, month % 12 + 1, closed.day) - dt.timedelta(days=1)


ENDS = {
    # regime: (opened, closed, the mandate's last day worked out from the law)
    "gb-tua-2016": ("2023-01-10", "2023-02-07", months_from(dt.date(2023, 2, 7), 6)),
    "gb-era-2025": ("2026-03-02", "2026-03-30", months_from(dt.date(2026, 3, 30), 12)),
}
PRE_2017 = ("2011-11-02", "2011-11-30", dt.date(2011, 11, 30) + dt.timedelta(days=27))

NOTICED = """\
title: Noticed
opened: {opened}
closed: {closed}
eligible: 100
votes_cast: 60
questions:
  - {{id: strike, type: strike}}
results: {{strike: {{yes: 50, no: 10}}}}
notices:
  - {{kind: action, received: {received}, action: strike, {what}}}
"""


def noticed(
    run: Run, tmp_path: Path, dates: tuple[str, str, dt.date], what: str
) -> tuple[dict[str, object], str]:
    """The strike line's JSON record and its notices sentence in the table, on the day after the
    ballot closed."""
    opened, closed, _ = dates
    received = dt.date.fromisoformat(closed) + dt.timedelta(days=1)
    path = tmp_path / "noticed.yaml"
    path.write_text(NOTICED.format(opened=opened, closed=closed, received=received, what=what))
    on = received.isoformat()
    [record] = records(run, str(path), "--on", on)
    table = " ".join(run("mandates", str(path), "--on", on).stdout.split())
    sentence = table.split("• Noticed · strike: ", 1)[1].split(" Days left count", 1)[0]
    return record, sentence


def days(*values: dt.date) -> str:
    return f"days: [{', '.join(v.isoformat() for v in values)}]"


ONE = dt.timedelta(days=1)


@pytest.mark.parametrize("regime", sorted(ENDS))
def test_notices_to_the_last_day_say_the_mandate_ends(
    run: Run, tmp_path: Path, regime: str
) -> None:
    last = ENDS[regime][2]
    record, words = noticed(run, tmp_path, ENDS[regime], days(last - 2 * ONE, last))
    assert record["regime"] == regime and record["last_day"] == last.isoformat()
    assert (record["notice_need"], record["notice_covers_to"]) == ("mandate-ends", last.isoformat())
    assert record["beyond_mandate"] == []
    assert (
        f"notified to {last}, the mandate's last day: the mandate ends then; further action "
        "needs a new ballot"
    ) in words
    assert "days after" not in words


@pytest.mark.parametrize("regime", sorted(ENDS))
def test_notices_past_the_last_day_say_the_mandate_ends_and_flag_the_rest(
    run: Run, tmp_path: Path, regime: str
) -> None:
    last = ENDS[regime][2]
    record, words = noticed(run, tmp_path, ENDS[regime], days(last, last + 2 * ONE))
    assert (record["notice_need"], record["notice_covers_to"]) == ("mandate-ends", last.isoformat())
    assert record["beyond_mandate"] == [(last + 2 * ONE).isoformat()]
    assert f"notified to {last}, the mandate's last day" in words
    assert f"NOT COVERED: {last + 2 * ONE} after the mandate; a new ballot is needed" in words
    assert "days after" not in words


@pytest.mark.parametrize("regime", sorted(ENDS))
def test_a_day_left_in_the_mandate_still_needs_a_notice(
    run: Run, tmp_path: Path, regime: str
) -> None:
    """Notified to the day before the last day, and past it: the last day is still within the
    mandate and needs a notice; the day past it needs a new ballot."""
    last = ENDS[regime][2]
    record, words = noticed(run, tmp_path, ENDS[regime], days(last - ONE, last + ONE))
    assert (record["notice_need"], record["notice_covers_to"]) == (
        "after",
        (last - ONE).isoformat(),
    )
    assert record["beyond_mandate"] == [(last + ONE).isoformat()]
    assert (
        f"days after {last - ONE} need a new notice, up to the mandate's last day, {last}" in words
    )


@pytest.mark.parametrize("regime", sorted(ENDS))
def test_notices_only_past_the_mandate_leave_it_unnotified(
    run: Run, tmp_path: Path, regime: str
) -> None:
    last = ENDS[regime][2]
    record, words = noticed(run, tmp_path, ENDS[regime], days(last + ONE))
    assert (record["notice_need"], record["notice_covers_to"]) == ("none-recorded", None)
    assert "none recorded within the mandate: any action needs a notice (s.234A)" in words
    assert "days after" not in words


@pytest.mark.parametrize("regime", sorted(ENDS))
def test_continuous_action_ceased_on_the_last_day_says_the_mandate_ends(
    run: Run, tmp_path: Path, regime: str
) -> None:
    last = ENDS[regime][2]
    what = f"continuous_from: {last - 5 * ONE}, ceased: {last}"
    record, words = noticed(run, tmp_path, ENDS[regime], what)
    assert (record["notice_need"], record["notice_covers_to"]) == ("mandate-ends", last.isoformat())
    assert "action again needs a new notice" not in words


def test_before_2017_days_after_the_period_still_need_only_a_notice(
    run: Run, tmp_path: Path
) -> None:
    """gb-pre-2017: action begun within the 4 weeks may go on after them, so a day after the
    last notified one (past the period) needs a notice, not a ballot."""
    last = PRE_2017[2]
    record, words = noticed(run, tmp_path, PRE_2017, days(last - ONE, last + 3 * ONE))
    assert (record["regime"], record["kind"], record["last_day"]) == (
        "gb-pre-2017", "begin-within", last.isoformat(),
    )  # fmt: skip
    assert (record["notice_need"], record["notice_covers_to"]) == (
        "after", (last + 3 * ONE).isoformat(),
    )  # fmt: skip
    assert record["beyond_mandate"] == []
    assert f"days after {last + 3 * ONE} need a new notice;" in words
    assert "the mandate's last day" not in words


@given(st.sets(st.integers(-4, 4), min_size=1, max_size=5))
def test_a_mandate_that_ends_is_never_notified_past_its_last_day(offsets: set[int]) -> None:
    """Any discontinuous days around the last day L: what the notices cover never passes L; the
    mandate ends on L exactly when L itself is notified; otherwise the last notified day before
    L (none: nothing notified within the mandate)."""
    last = dt.date(2023, 8, 6)
    notified = tuple(sorted(last + dt.timedelta(days=k) for k in offsets))
    notice = ActionNotice(last - dt.timedelta(days=20), "strike", None, notified, None)
    need, covers_to = notice_need((notice,), last)
    within = [k for k in offsets if k <= 0]
    if not within:
        assert (need, covers_to) == (NoticeNeed.NONE_RECORDED, None)
    elif max(within) == 0:
        assert (need, covers_to) == (NoticeNeed.MANDATE_ENDS, last)
    else:
        assert (need, covers_to) == (NoticeNeed.AFTER, last + dt.timedelta(days=max(within)))
