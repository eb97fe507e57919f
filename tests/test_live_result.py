"""`result FILE` on a live ballot (no results yet): open, as the overview lists it, never an error.

An officer who runs `result` on the ballot they are running is shown what the file says of it and
pointed at `target`; nothing is judged, so there is no regime, verdict or mandate. `check` is the
command whose exit code scripts read as "mandate", so it still refuses a live ballot.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import BALLOTS, Run

from ballotcalc.render.machine import CSV_COLUMNS

HMRC = "ballots/hmrc-2011.yaml"
NHS_LIVE = "ballots/illustrative-nhs-trusts-2022-live.yaml"
LIVE_FILES = (HMRC, NHS_LIVE)
JUDGED = "ballots/jcp-2011.yaml"

LIVE = (
    "title: Live pay ballot\nunion: Example Union\nemployer: Example Ltd\n"
    "opened: 2024-05-01\nclosed: 2024-05-29\neligible: 100\n"
    "questions:\n  - {id: strike, type: strike}\n"
)
PLANNED = "title: Planned\nclosed: 2024-05-29\neligible: 100\nquestions:\n  - {id: strike, type: strike}\n"

VERDICT_WORDS = ("mandate", "MANDATE", "AT RISK", "at risk", "pass", "fail", "Regime", "Turnout")
"""Words only a judged ballot can carry: its decision, its regime and its turnout test."""
NOT_LEGAL_ADVICE = "it is not legal advice"


def _title(path: str) -> str:
    for line in (BALLOTS.parent / path).read_text(encoding="utf-8").splitlines():
        if line.startswith("title: "):
            return line.removeprefix("title: ")
    raise AssertionError(f"{path} has no title line")


@pytest.mark.parametrize("path", LIVE_FILES)
def test_a_live_ballot_alone_is_shown_open_and_exits_0(run: Run, path: str) -> None:
    done = run("result", path)
    out = done.stdout
    lines = out.splitlines()
    assert lines[0] == _title(path)
    assert path in lines
    assert "open: no results yet" in lines
    assert f"`ballotcalc target {path}` shows the returns still needed." in out.replace("\n", " ")
    assert done.stderr == ""
    assert NOT_LEGAL_ADVICE in lines[-1]
    for word in VERDICT_WORDS:
        assert word not in out.replace(_title(path), ""), word


def test_the_open_block_gives_the_file_s_dates_and_who(
    run: Run, write: Callable[..., Path]
) -> None:
    path = write(LIVE)
    lines = run("result", str(path)).stdout.splitlines()
    assert lines[:5] == [
        "Live pay ballot",
        "Example Union · Example Ltd",
        str(path),
        "opened 2024-05-01 · closes 2024-05-29",
        "open: no results yet",
    ]


def test_a_planned_ballot_alone_says_planned(run: Run, write: Callable[..., Path]) -> None:
    out = run("result", str(write(PLANNED))).stdout
    assert "planned: no results yet (not opened)" in out and "open: no results yet" not in out
    assert "\ncloses 2024-05-29\n" in out and "opened 20" not in out


@pytest.mark.parametrize("path", LIVE_FILES)
def test_json_of_a_live_ballot_is_the_overview_s_record(run: Run, path: str) -> None:
    alone = json.loads(run("result", path, "--format", "json").stdout)
    among = json.loads(run("result", path, JUDGED, "--format", "json").stdout)
    assert set(alone) == {"ballotcalc", "disclaimer", "ballots"}
    assert NOT_LEGAL_ADVICE in alone["disclaimer"]
    [record] = alone["ballots"]
    assert record["status"] == "live"
    assert record["file"] == path and record["title"] == _title(path)
    assert record["regime"] is None and record["units"] == [] and record["summary"] is None
    assert [r for r in among["ballots"] if r["file"] == path] == [record]
    # the same keys, in the same order, as a judged ballot's record: one document shape
    judged = json.loads(run("result", JUDGED, "--format", "json").stdout)["ballots"][0]
    assert list(record) == list(judged)


@pytest.mark.parametrize("path", LIVE_FILES)
def test_csv_of_a_live_ballot_is_the_overview_s_row(run: Run, path: str) -> None:
    alone = run("result", path, "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(alone)))
    assert rows[0] == list(CSV_COLUMNS)
    [row] = rows[1:]
    cells = dict(zip(CSV_COLUMNS, row, strict=True))
    assert cells["status"] == "live"
    assert (cells["file"], cells["title"]) == (path, _title(path))
    assert cells["verdict"] == "" and cells["decision"] == "" and cells["regime"] == ""
    among = list(csv.reader(io.StringIO(run("result", path, JUDGED, "--format", "csv").stdout)))
    assert row in among


def test_csv_with_bom_of_a_live_ballot(run: Run) -> None:
    out = run("result", HMRC, "--format", "csv", "--bom").stdout_bytes
    assert out.startswith(b"\xef\xbb\xbffile,") and b",live," in out


def test_full_lists_an_open_ballot_rather_than_dropping_it(run: Run) -> None:
    out = run("result", JUDGED, HMRC, "--full").stdout
    assert _title(JUDGED) in out  # the judged one, in full
    assert "Regime: gb-pre-2017" in out
    assert _title(HMRC) in out and "open: no results yet" in out
    assert f"`ballotcalc target {HMRC}`" in out
    assert out.count(NOT_LEGAL_ADVICE) == 1


def test_full_over_the_shipped_folder_lists_every_live_ballot(run: Run) -> None:
    out = run("result", "ballots", "--full").stdout
    for path in LIVE_FILES:
        assert f"`ballotcalc target {path}`" in out.replace("\n", " "), path
    assert out.count("open: no results yet") == len(LIVE_FILES)


def test_a_path_with_a_space_is_quoted_in_the_pointer(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "my ballot.yaml"
    path.write_text(LIVE, encoding="utf-8")
    out = run("result", str(path)).stdout.replace("\n", " ")
    assert f"`ballotcalc target '{path}'`" in out


@pytest.mark.parametrize("path", LIVE_FILES)
def test_check_still_refuses_a_live_ballot(run: Run, path: str) -> None:
    """`check`'s exit code is read as "mandate": a ballot without results must never pass it."""
    done = run("check", path, expect=2)
    assert done.stderr.startswith(f"{path}:")
    assert "has no results yet" in done.stderr and "ballotcalc target" in done.stderr
    assert done.stdout == ""


def test_check_with_a_judged_ballot_and_a_live_one_is_not_0(run: Run) -> None:
    run("check", JUDGED)  # 0 alone: JCP 2011 has a mandate
    assert run("check", JUDGED, HMRC, expect=2).stdout.startswith(f"{JUDGED}: strike: mandate")
