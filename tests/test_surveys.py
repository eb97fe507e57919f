"""The consultative examples ballotcalc was first asked about, and the survey format (issue 17).

Expected figures are the published ones: PCS DWP Group briefing, 13 August 2012 (89% of CCS members
want improvements; 82% support further action) and PCS, 22 July 2021 ("a response rate of 73%").
Neither is held under TULRCA s.226, so neither gives a mandate or has a statutory notice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import BALLOTS, Run

Write = Callable[..., Path]
CCS = BALLOTS / "pcs-dwp-ccs-2012-consultative.yaml"
HMLR = BALLOTS / "pcs-hmlr-csc-2021-survey.yaml"


def judged(run: Run, path: Path) -> dict[str, Any]:
    ballot: dict[str, Any] = json.loads(run("result", "--format", "json", str(path)).stdout)[
        "ballots"
    ][0]
    return ballot


@pytest.mark.parametrize("path", [CCS, HMLR], ids=lambda p: p.stem)
def test_the_examples_are_results_not_errors(run: Run, path: Path) -> None:
    done = run("result", str(path), expect=None)
    assert done.exit_code in (0, 1), done.stderr
    text = path.read_text(encoding="utf-8")
    assert "RECONSTRUCTED" in text and "source:" in text


@pytest.mark.parametrize("path", [CCS, HMLR], ids=lambda p: p.stem)
def test_the_examples_have_no_statutory_notice(run: Run, path: Path) -> None:
    assert "no statutory notice" in run("notice", "--to", "members", str(path), expect=2).stderr


def test_ccs_2012_shows_the_published_shares(run: Run) -> None:
    ballot = judged(run, CCS)
    assert ballot["kind"] == "consultative" and ballot["regime"]["id"] == "consultative"
    shares = {q["id"]: q["yes_pct"] for q in ballot["units"][0]["questions"]}
    assert shares == {"improvements": 89.0, "campaign": 82.0}
    assert any("no mandate" in note for note in ballot["notes"])


def test_hmlr_2021_is_a_response_rate_with_no_mandate(run: Run) -> None:
    ballot = judged(run, HMLR)
    assert ballot["kind"] == "survey" and ballot["regime"]["id"] == "consultative"
    (unit,) = ballot["units"]
    assert (unit["eligible"], unit["votes_cast"], unit["turnout_pct"]) == (100, 73, 73.0)
    assert unit["questions"] == [] and unit["turnout_met"] is None
    table = " ".join(run("result", str(HMLR)).stdout.split())
    assert "a response rate of 73.0%" in table
    assert "no statutory test and no mandate" in table
    for fmt in ("markdown", "text", "html"):
        circular = " ".join(run("summary", "--format", fmt, str(HMLR)).stdout.split())
        assert "a response rate of 73.0%" in circular and "no mandate" in circular
        assert "This was a survey, not a ballot." in circular
        assert "Questions" not in circular and "mandate for" not in circular
        assert "Votes cast" not in circular and "consultative ballot" not in circular


SURVEY = "title: S\nkind: survey\n"


def test_a_survey_without_the_number_asked(run: Run, write: Write) -> None:
    table = " ".join(run("result", str(write(SURVEY + "responses: 41\n"))).stdout.split())
    assert "41 responded to this survey" in table and "response rate is unknown" in table


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ("eligible: 100\n", 1, "responses: is required in a survey"),
        ("eligible: 100\nresponses: 101\n", 4, "responses: 101 responses is more than the 100"),
        ("responses: 5\nvotes_cast: 5\n", 4, "votes_cast: is not part of a survey"),
        ("responses: 5\nquestions:\n  - {id: q, type: other}\n", 4, "questions: is not part of"),
    ],
)
def test_a_survey_is_only_those_asked_and_those_who_responded(
    run: Run, write: Write, extra: str, line: int, message: str
) -> None:
    path = write(SURVEY + extra)
    assert f"{path}:{line}: {message}" in run("validate", str(path), expect=2).stderr


def test_responses_belong_to_a_survey_only(run: Run, write: Write) -> None:
    path = write("title: T\nclosed: 2011-05-29\nresponses: 5\nvotes_cast: 5\nyes: 5\nno: 0\n")
    assert f"{path}:3: responses: is for a survey" in run("validate", str(path), expect=2).stderr


def test_everyone_asked_may_respond(run: Run, write: Write) -> None:
    path = write(SURVEY + "eligible: 100\nresponses: 100\n")
    assert "a response rate of 100.0%" in " ".join(run("result", str(path)).stdout.split())


def test_check_says_a_survey_gives_no_mandate(run: Run) -> None:
    """`check` exits 0 only if every question gives a mandate; a survey put none to a vote."""
    out = run("check", str(HMLR), expect=1).stdout
    assert out.strip() == (
        f"{HMLR}: no mandate (survey): 73 of the 100 asked responded to this survey: a response "
        "rate of 73.0%."
    )
    run("check", "--consultative-ok", str(HMLR))


def test_the_timeline_of_a_survey_speaks_of_a_survey_not_a_ballot(run: Run) -> None:
    out = run("timeline", "ballots/pcs-hmlr-csc-2021-survey.yaml").stdout
    assert "A survey puts no question to a vote" in out
    assert "consultative ballot" not in out.split("Notes", 1)[1]
