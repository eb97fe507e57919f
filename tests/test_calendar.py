"""`timeline --format ics` in a diary: events name their ballot, and importing the calendar again
after the ballot changed updates the same events (RFC 5545: UID, DTSTAMP, SEQUENCE).

Expected stamps are worked out here from the times the test sets, never read back from the code.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import BALLOTS, Run

UTC = dt.UTC
JAN_2020 = 1_577_836_800
"""2020-01-01T00:00:00Z in seconds since 1970, where SEQUENCE starts counting."""
BALLOT = """\
title: {title}
opened: 2023-01-09
closed: {closed}
eligible: 1000
votes_cast: 600
yes: 500
no: 100
"""


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build system's SOURCE_DATE_EPOCH would replace the file times these tests set."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def write_ballot(
    path: Path, *, saved: int, title: str = "Pay 2023", closed: str = "2023-02-06"
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BALLOT.format(title=title, closed=closed), encoding="utf-8")
    os.utime(path, (saved, saved))
    return path


def events(run: Run, path: Path) -> dict[str, dict[str, object]]:
    """The calendar's events by UID: summary, start, DTSTAMP, LAST-MODIFIED, SEQUENCE."""
    data = run("timeline", str(path), "--format", "ics").stdout_bytes
    return {
        str(e["UID"]): {
            "summary": str(e["SUMMARY"]),
            "start": e.decoded("DTSTART"),
            "stamp": e.decoded("DTSTAMP"),
            "modified": e.decoded("LAST-MODIFIED"),
            "sequence": int(e["SEQUENCE"]),
        }
        for e in Calendar.from_ical(data).walk("VEVENT")
    }


def test_each_summary_names_its_ballot(run: Run) -> None:
    """Two ballots imported side by side: every title says which ballot it belongs to."""
    hmrc = events(run, BALLOTS / "hmrc-2011.yaml")
    jcp = events(run, BALLOTS / "jcp-2011.yaml")
    assert all(
        str(e["summary"]).startswith("HMRC contact centres - privatisation trial (live ballot): ")
        for e in hmrc.values()
    )
    assert all(
        str(e["summary"]).startswith("JCP contact centres - privatisation of call handling: ")
        for e in jcp.values()
    )
    assert not {e["summary"] for e in hmrc.values()} & {e["summary"] for e in jcp.values()}
    assert not hmrc.keys() & jcp.keys()


def test_a_changed_ballot_updates_the_same_events(run: Run, tmp_path: Path) -> None:
    first_save, second_save = 1_700_000_000, 1_700_086_400  # 2023-11-14T22:13:20Z, a day later
    path = write_ballot(tmp_path / "pay.yaml", saved=first_save)
    before = events(run, path)
    write_ballot(path, saved=second_save, closed="2023-02-13")  # the ballot was extended a week
    after = events(run, path)

    assert after.keys() == before.keys()  # same UIDs: the diary updates, it does not double
    for uid, event in after.items():
        assert (
            event["stamp"] == event["modified"] == dt.datetime(2023, 11, 15, 22, 13, 20, tzinfo=UTC)
        )
        assert before[uid]["stamp"] == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
        assert event["sequence"] == second_save - JAN_2020
        assert before[uid]["sequence"] == first_save - JAN_2020
    moved = {uid for uid in after if after[uid]["start"] != before[uid]["start"]}
    assert moved  # the dates that follow from the close moved, under the same UIDs


def test_the_same_calendar_from_another_folder(run: Run, tmp_path: Path) -> None:
    """A colleague's copy of the same ballot file (elsewhere, same name) updates the same events."""
    mine = events(run, write_ballot(tmp_path / "a" / "pay.yaml", saved=1_700_000_000))
    theirs = events(run, write_ballot(tmp_path / "b" / "pay.yaml", saved=1_700_000_000))
    assert mine == theirs


def test_same_file_name_other_ballot_other_events(run: Run, tmp_path: Path) -> None:
    """Two branches' `pay.yaml` in different folders are told apart by their titles."""
    leeds = events(run, write_ballot(tmp_path / "leeds" / "pay.yaml", saved=0, title="Leeds pay"))
    york = events(run, write_ballot(tmp_path / "york" / "pay.yaml", saved=0, title="York pay"))
    assert not leeds.keys() & york.keys()


def test_a_units_csv_edit_raises_the_sequence(run: Run, tmp_path: Path) -> None:
    """The units CSV is part of the ballot (its total decides whether a scrutineer is needed)."""
    ballot = tmp_path / "nhs.yaml"
    shutil.copy(BALLOTS / "illustrative-nhs-trusts-2022-csv.yaml", ballot)
    csv = tmp_path / "illustrative-nhs-trusts-2022-units.csv"
    shutil.copy(BALLOTS / csv.name, csv)
    os.utime(ballot, (1_650_000_000, 1_650_000_000))
    os.utime(csv, (1_660_000_000, 1_660_000_000))
    found = events(run, ballot)
    assert {e["sequence"] for e in found.values()} == {1_660_000_000 - JAN_2020}


def test_source_date_epoch_sets_the_stamp(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reproducible-builds convention: the same calendar, byte for byte, whatever the file time."""
    path = write_ballot(tmp_path / "pay.yaml", saved=1_700_000_000)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 2020-09-13T12:26:40Z
    found = events(run, path)
    assert {e["stamp"] for e in found.values()} == {
        dt.datetime(2020, 9, 13, 12, 26, 40, tzinfo=UTC)
    }
    assert {e["sequence"] for e in found.values()} == {1_600_000_000 - JAN_2020}


def test_a_ballot_saved_before_2020_has_sequence_zero(run: Run, tmp_path: Path) -> None:
    found = events(run, write_ballot(tmp_path / "old.yaml", saved=1_000_000_000))
    assert {e["sequence"] for e in found.values()} == {0}
    assert {e["stamp"] for e in found.values()} == {dt.datetime(2001, 9, 9, 1, 46, 40, tzinfo=UTC)}


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_one_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    path = write_ballot(tmp_path / "pay.yaml", saved=0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = run("timeline", str(path), "--format", "ics", expect=2)
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: SOURCE_DATE_EPOCH")
    assert result.stdout == ""


def test_a_title_over_two_lines_is_one_line_in_the_calendar(run: Run, tmp_path: Path) -> None:
    """A quoted title may hold a line break; a calendar's names are one line (it was an internal
    error: X-WR-CALNAME is not escaped as text)."""
    path = write_ballot(tmp_path / "b.yaml", saved=JAN_2020, title='"Pay\\nclaim 2023"')
    data = run("timeline", str(path), "--format", "ics").stdout_bytes
    calendar = Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == "Ballot dates: Pay claim 2023"
    assert all(str(e["SUMMARY"]).startswith("Pay claim 2023: ") for e in calendar.walk("VEVENT"))
