"""`ballotcalc timeline`: statutory dates checked against the law's wording, counted out here by
hand or with plain `timedelta` arithmetic; every shipped ballot in every format; the .ics parses."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from tests.conftest import BALLOTS, Run

from ballotcalc.judging import load_ballot
from ballotcalc.render.timeline import TimelineFormat, event_uid
from ballotcalc.timeline import Entry, timeline

D = dt.date
DAY = dt.timedelta(days=1)
HMRC = str(BALLOTS / "hmrc-2011.yaml")
PCS_2019 = str(BALLOTS / "pcs-2019-pay.yaml")
SHIPPED = sorted(BALLOTS.glob("*.yaml"))
Write = Callable[..., Path]


def entries(*args: str, run: Run, expect: int = 0) -> dict[str, dict[str, Any]]:
    out = run("timeline", *args, "--format", "json", expect=expect).stdout
    return {e["key"]: e for e in json.loads(out)["timeline"]["entries"]}


def notes(*args: str, run: Run, expect: int = 0) -> list[str]:
    out = run("timeline", *args, "--format", "json", expect=expect).stdout
    return list(json.loads(out)["timeline"]["notes"])


def plan(*args: str, run: Run, expect: int) -> dict[str, Any]:
    """The plan's verdict and checks; the exit code is 0 only for a possible plan."""
    out = run("timeline", *args, "--format", "json", expect=expect).stdout
    got: dict[str, Any] = json.loads(out)["timeline"]["plan"]
    assert (got["verdict"] == "possible") == (expect == 0)
    return got


def ballot(
    write: Write,
    *,
    opened: str | None = "2023-01-09",
    closed: str | None = "2023-02-06",
    eligible: int | None = 1000,
    extra: str = "",
    name: str = "b.yaml",
) -> Path:
    lines = ["title: Timeline test"]
    lines += [f"opened: {opened}"] if opened else []
    lines += [f"closed: {closed}"] if closed else []
    lines += [f"eligible: {eligible}"] if eligible is not None else []
    lines += [extra.rstrip("\n")] if extra else []
    lines += ["questions:", "  - {id: strike, type: strike}"]
    return write("\n".join(lines) + "\n", name)


# --- the live example: pre-2017 ------------------------------------------------------------------


def test_hmrc_2011_dates(run: Run) -> None:
    got = entries(HMRC, run=run)
    opened, closed = D(2011, 10, 28), D(2011, 11, 17)
    expected = {
        # s.226A: received no later than the 7th / 3rd day before the opening day
        "ballot-notice": opened - 7 * DAY,  # Friday 21 October
        "sample-paper": opened - 3 * DAY,  # Tuesday 25 October
        "opened": opened,
        "date-of-ballot": closed,  # s.246
        # s.226B: 4 weeks beginning with 17 Nov are 17 Nov .. 14 Dec
        "scrutineer-report": D(2011, 12, 14),
        # s.234 before 2017: action to begin within 4 weeks (8 if agreed) beginning with the date
        "action-begin-by": D(2011, 12, 14),
        "action-begin-by-if-agreed": D(2012, 1, 11),
        # s.231B: 6 months beginning with 17 Nov 2011 end on 16 May 2012
        "report-request-window": D(2012, 5, 16),
    }
    assert {k: D.fromisoformat(v["date"]) for k, v in got.items()} == expected
    assert got["date-of-ballot"]["rule"] == "TULRCA s.246"
    assert got["ballot-notice"]["rule"] == "TULRCA s.226A"
    assert got["scrutineer-report"]["rule"] == "TULRCA s.226B"
    assert got["report-request-window"]["rule"] == "TULRCA s.231B"
    assert got["action-begin-by"]["rule"] == "TULRCA s.234"
    assert not any(v["to_check"] for v in got.values())


def test_dates_are_in_order(run: Run) -> None:
    out = json.loads(run("timeline", HMRC, "--format", "json").stdout)["timeline"]["entries"]
    assert [e["date"] for e in out] == sorted(e["date"] for e in out)


# --- 2016 Act: mandate, notice, month ends -------------------------------------------------------


def pcs_2019_dates(write: Write) -> str:
    """The PCS 2019 dates on a live copy: the real ballot failed its turnout test, so it has no
    mandate and its timeline leaves the mandate out (tested below)."""
    return str(ballot(write, opened="2019-03-18", closed="2019-04-29", eligible=124710))


def test_pcs_2019_mandate_and_notice(run: Run, write: Write) -> None:
    pcs_2019 = pcs_2019_dates(write)
    got = entries(pcs_2019, "--action-on", "2019-06-03", "--notice-received", "2019-05-20", run=run)
    # 6 months beginning with 29 April 2019: corresponding day 29 October, last day 28 October
    assert got["mandate-end"]["date"] == "2019-10-28"
    assert got["mandate-end-if-agreed"]["date"] == "2020-01-28"  # 9 months
    # action on Monday 3 June under 14 days: the employer must have notice by Monday 20 May
    assert got["notice-for-action"]["date"] == str(D(2019, 6, 3) - 14 * DAY) == "2019-05-20"
    assert got["notice-for-action-if-agreed"]["date"] == "2019-05-27"  # 7 days if agreed
    assert got["notice-for-action"]["rule"] == "TULRCA s.234A"
    # and the other way round: notice received 20 May allows action from 3 June
    assert got["earliest-action"]["date"] == "2019-06-03"
    assert got["earliest-action-if-agreed"]["date"] == "2019-05-27"
    said = plan(pcs_2019, "--action-on", "2019-06-03", run=run, expect=0)["checks"]
    assert said[0]["says"].startswith("The ballot's result is not known")  # a live copy
    assert (
        "not after the mandate: the mandate's last day is 2019-10-28 (Monday)" in said[-1]["says"]
    )


def test_reference_worked_example_action_on_the_15th(run: Run, write: Write) -> None:
    got = entries(pcs_2019_dates(write), "--action-on", "2019-07-15", run=run)
    assert got["notice-for-action"]["date"] == "2019-07-01"


def test_a_failed_ballot_has_no_mandate_dates(run: Run) -> None:
    # PCS 2019 fell 2,903 votes short of the 50% turnout: no question has a mandate.
    got = entries(PCS_2019, "--action-on", "2019-07-15", run=run, expect=1)
    assert not {"mandate-end", "mandate-end-if-agreed", "notice-for-action"} & set(got)
    checks = plan(PCS_2019, "--action-on", "2019-07-15", run=run, expect=1)["checks"]
    assert [c["ok"] for c in checks] == [False]
    assert "there is no mandate" in checks[0]["says"]
    assert got["date-of-ballot"]["date"] == "2019-04-29"
    assert notes(PCS_2019, run=run)[0].startswith("NO MANDATE")


def test_the_mandate_covers_only_the_questions_that_passed(run: Run) -> None:
    # Strike fails the 40% test (385 of 1,000 entitled); ASOS passes (410).
    said = notes(str(BALLOTS / "illustrative-health-40pct.yaml"), run=run)
    assert "The mandate covers: asos (the questions that passed)." in said


def test_month_end_mandate_is_flagged(run: Run, write: Write) -> None:
    file = ballot(write, opened="2024-08-05", closed="2024-08-31")
    got = entries(str(file), run=run)
    # 31 August + 6 months: no 31 February; clamped to 28 Feb 2025, so the last day is 27 Feb
    assert got["mandate-end"] == got["mandate-end"] | {"date": "2025-02-27", "to_check": True}
    assert got["mandate-end-if-agreed"]["date"] == "2025-05-30"  # 31 May exists: not flagged
    assert got["mandate-end-if-agreed"]["to_check"] is False
    assert got["report-request-window"]["to_check"] is True
    table = run("timeline", str(file)).stdout
    assert "2025-02-27 Thu check" in table
    assert "sources do not settle it" in table


def test_nine_months_to_a_missing_29_february(run: Run, write: Write) -> None:
    # the RMT RfLI 2024 closing date on a live copy (the real ballot failed its turnout test)
    got = entries(str(ballot(write, opened=None, closed="2024-05-29", eligible=90)), run=run)
    assert (got["mandate-end"]["date"], got["mandate-end"]["to_check"]) == ("2024-11-28", False)
    # 29 May 2024 + 9 months: 29 February 2025 does not exist
    assert (got["mandate-end-if-agreed"]["date"], got["mandate-end-if-agreed"]["to_check"]) == (
        "2025-02-27",
        True,
    )


# --- the notice period is chosen by the day the employer receives the notice ---------------------


def _period_on(day: dt.date) -> int:
    """GB notice period in force on a day of receipt (reference table), written out by hand."""
    if day < D(2017, 3, 1):
        return 7
    return 14 if day < D(2026, 2, 18) else 10


def test_notice_across_the_2026_change(run: Run, write: Write) -> None:
    # opened and closed under the 2016 Act; action on 1 March 2026, after ERA 2025 came in
    file = ballot(write, opened="2026-01-05", closed="2026-02-02")
    action = D(2026, 3, 1)
    in_time = [
        d for d in (action - k * DAY for k in range(1, 30)) if (action - d).days >= _period_on(d)
    ]
    got = entries(str(file), "--action-on", str(action), run=run)
    assert got["notice-for-action"]["date"] == str(max(in_time)) == "2026-02-19"
    assert "gb-era-2025" in got["notice-for-action"]["note"]
    said = notes(str(file), "--action-on", str(action), run=run)
    assert any("chosen by the day the employer receives the notice" in n for n in said)
    late = sorted(
        d for d in (action - k * DAY for k in range(1, 15)) if d < max(in_time) and d not in in_time
    )
    assert late == [D(2026, 2, 16), D(2026, 2, 17)]
    assert any("2026-02-16 (Monday), 2026-02-17 (Tuesday) would NOT be in time" in n for n in said)


def test_notice_received_under_a_later_regime(run: Run, write: Write) -> None:
    file = ballot(write, opened="2026-01-05", closed="2026-02-02")
    got = entries(str(file), "--notice-received", "2026-02-20", run=run)
    assert got["earliest-action"]["date"] == "2026-03-02"  # 10 days under gb-era-2025
    assert "earliest-action-if-agreed" not in got  # ERA 2025: no shorter agreed period
    said = notes(str(file), "--notice-received", "2026-02-20", run=run)
    assert any("falls under gb-era-2025" in n for n in said)


def test_notice_received_too_late_for_the_mandate(run: Run) -> None:
    # pre-2017: 7 days, so action from 12 January 2012; it had to begin by 14 December (or 11
    # January by agreement): NOT POSSIBLE even with the agreed extension
    got = entries(HMRC, "--notice-received", "2012-01-05", run=run, expect=1)
    assert got["earliest-action"]["date"] == "2012-01-12"
    said = plan(HMRC, "--notice-received", "2012-01-05", run=run, expect=1)["checks"][-1]
    assert said["ok"] is False
    assert "action must begin by 2011-12-14 (Wednesday)" in said["says"]
    assert "2012-01-11 (Wednesday) even if extended by agreement" in said["says"]


# --- other regimes and missing facts ------------------------------------------------------------


def test_era_2025_twelve_months_no_extension(run: Run, write: Write) -> None:
    got = entries(str(ballot(write, opened="2026-03-02", closed="2026-03-30")), run=run)
    assert got["mandate-end"]["date"] == "2027-03-29"
    assert "mandate-end-if-agreed" not in got


def test_northern_ireland(run: Run, write: Write) -> None:
    file = ballot(write, extra="jurisdiction: ni")
    got = entries(str(file), run=run)
    assert got["action-begin-by"]["date"] == str(D(2023, 2, 6) + 27 * DAY)
    assert "NI" in got["action-begin-by"]["rule"]
    assert any("not confirmed" in n for n in notes(str(file), run=run))


def test_consultative_ballot_has_only_its_closing_date(run: Run, write: Write) -> None:
    file = ballot(write, extra="kind: consultative")
    got = entries(str(file), "--action-on", "2023-03-01", run=run, expect=1)
    assert list(got) == ["date-of-ballot"]
    checks = plan(str(file), "--action-on", "2023-03-01", run=run, expect=1)["checks"]
    assert "consultative ballot gives no mandate" in checks[0]["says"]
    assert any("no statutory date" in n for n in notes(str(file), run=run))


def test_small_ballot_needs_no_scrutineer(run: Run, write: Write) -> None:
    file = ballot(write, eligible=50)
    got = entries(str(file), run=run)
    assert "scrutineer-report" not in got and "report-request-window" not in got
    assert any("no scrutineer is required (s.226C)" in n for n in notes(str(file), run=run))
    assert "scrutineer-report" in entries(str(ballot(write, eligible=51, name="c.yaml")), run=run)


def test_unknown_eligible_assumes_a_scrutineer_and_says_so(run: Run) -> None:
    serco = str(BALLOTS / "rmt-serco-docklands-2011.yaml")
    assert "scrutineer-report" in entries(serco, run=run)
    assert any("number entitled is not given" in n for n in notes(serco, run=run))


def test_missing_dates_give_notes_not_invented_dates(run: Run, write: Write) -> None:
    no_open = ballot(write, opened=None)
    got = entries(str(no_open), run=run)
    assert "ballot-notice" not in got and "opened" not in got
    assert "date-of-ballot" in got
    no_dates = ballot(write, opened=None, closed=None, name="n.yaml")
    for fmt in TimelineFormat:
        run("timeline", str(no_dates), "--format", fmt.value)
    assert entries(str(no_dates), run=run) == {}
    said = notes(str(no_dates), run=run)
    assert any("No regime could be chosen" in n for n in said)
    assert "No statutory dates" in run("timeline", str(no_dates)).stdout


def test_unknown_regime_is_an_error(run: Run) -> None:
    assert "unknown regime" in run("timeline", HMRC, "--regime", "nope", expect=2).stderr


def test_bad_date_option(run: Run) -> None:
    assert "is not a date" in run("timeline", HMRC, "--action-on", "3/6/2019", expect=2).stderr


# --- every shipped ballot, every format ----------------------------------------------------------


@pytest.mark.parametrize("fmt", list(TimelineFormat))
@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_ballot_in_every_format(run: Run, path: Path, fmt: TimelineFormat) -> None:
    result = run(
        "timeline",
        str(path),
        "--format",
        fmt.value,
        "--action-on",
        "2030-01-15",
        "--notice-received",
        "2030-01-02",
        expect=1,  # every shipped ballot closed years before: no mandate reaches 2030
    )
    assert result.stdout_bytes
    if fmt is TimelineFormat.TABLE:
        assert "not legal advice" in result.stdout
    if fmt is TimelineFormat.CSV:
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        text = path.read_text(encoding="utf-8")
        dated = "\nopened:" in text or "\nclosed:" in text  # a survey may give no dates
        assert (rows or not dated) and all(r["date"] and r["rule"] for r in rows)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_ics_parses_back_with_the_same_dates(run: Run, path: Path) -> None:
    expected = entries(str(path), run=run)
    data = run("timeline", str(path), "--format", "ics").stdout_bytes
    assert b"\r\n" in data  # RFC 5545 line ends
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(expected)
    title = json.loads(run("timeline", str(path), "--format", "json").stdout)["timeline"]["title"]
    by_uid = {event_uid(path.name, title, key): entry for key, entry in expected.items()}
    for event in events:
        entry = by_uid[str(event["UID"])]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date  # all-day
        assert start == D.fromisoformat(entry["date"])
        assert end - start == DAY
        assert str(event["SUMMARY"]).startswith(f"{title}: {entry['what']}")
        assert entry["rule"] in str(event["DESCRIPTION"])


def test_ics_is_deterministic(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = run("timeline", HMRC, "--format", "ics").stdout_bytes
    second = run("timeline", HMRC, "--format", "ics").stdout_bytes
    assert first == second
    events = list(Calendar.from_ical(first).walk("VEVENT"))
    # DTSTAMP: when the file was last changed (tests/test_calendar.py), not the clock
    saved = dt.datetime.fromtimestamp(int(Path(HMRC).stat().st_mtime), dt.UTC)
    assert {e.decoded("DTSTAMP") for e in events} == {saved}
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_ics_flags_dates_to_check(run: Run, write: Write) -> None:
    file = ballot(write, opened="2024-08-05", closed="2024-08-31")
    data = run("timeline", str(file), "--format", "ics").stdout_bytes
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(data).walk("VEVENT")]
    assert "Timeline test: Mandate ends (last day) (date to check)" in summaries


# --- -o PATH -------------------------------------------------------------------------------------


def test_output_file_is_written_whole_and_not_overwritten(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "dates.ics"
    run("timeline", HMRC, "--format", "ics", "-o", str(target))
    data = target.read_bytes()
    assert Calendar.from_ical(data).walk("VEVENT")
    target.write_bytes(b"precious")
    result = run("timeline", HMRC, "--format", "ics", "-o", str(target), expect=2)
    assert "exists; use --force" in result.stderr
    assert target.read_bytes() == b"precious"
    run("timeline", HMRC, "--format", "ics", "-o", str(target), "--force")
    assert target.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dates.ics"]  # no temporary left


def test_output_dash_is_stdout(run: Run) -> None:
    assert run("timeline", HMRC, "--format", "csv", "-o", "-").stdout.startswith("file,title,")


def test_output_to_a_missing_directory_is_a_clean_error(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "nope" / "x.txt"
    result = run("timeline", HMRC, "-o", str(target), expect=2)
    assert result.stderr.strip() == f"{target}: directory '{target.parent}' does not exist"


# --- the core, directly ---------------------------------------------------------------------------


def test_entries_carry_a_rule_and_a_stable_key() -> None:
    t = timeline(load_ballot(HMRC), action_on=D(2011, 12, 1))
    assert all(isinstance(e, Entry) and e.rule and e.key for e in t.entries)
    assert len({e.key for e in t.entries}) == len(t.entries)
    # pre-2017: 7 days' notice, no shorter agreed period
    keys = {e.key: e.day for e in t.entries}
    assert keys["notice-for-action"] == D(2011, 11, 24)
    assert "notice-for-action-if-agreed" not in keys


def test_unknown_regime_in_the_file_is_located(run: Run, write: Write) -> None:
    # the same chooser as every other command: FILE:LINE: regime: message, exit 2
    file = ballot(write, extra="regime: nope")
    err = run("timeline", str(file), expect=2).stderr.strip()
    line = file.read_text().splitlines().index("regime: nope") + 1
    assert err.startswith(f"{file}:{line}: regime: unknown regime 'nope'")
    assert err == run("target", str(file), expect=2).stderr.strip()
