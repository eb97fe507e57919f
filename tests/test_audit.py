"""`ballotcalc audit`: the inputs' hashes, the version of each notice and the day that chose it, the
workforce reconciled with the ballot, and each deadline with its rule, as markdown and JSON."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Run

from ballotcalc.render import NOT_LEGAL_ADVICE

BALLOT = """\
title: Audited
union: Example Union
opened: 2026-03-02
closed: 2026-03-20
told_employer: 2026-03-23
workforce_csv: staff.csv
figures_explanation: From the membership records.
units:
  - name: North
    eligible: 30
    votes_cast: 20
    results: {strike: {yes: 15, no: 5}}
    notices:
      - {kind: ballot, received: 2026-02-17}
      - {kind: action, received: 2026-03-24, days: [2026-04-08]}
      - {kind: action, received: 2026-04-01, days: [2026-04-15]}
  - name: South
    eligible: 12
    votes_cast: 10
    results: {strike: {yes: 8, no: 2}}
    told_employer: 2026-03-25
    notices:
      - {kind: ballot, received: 2026-02-18}
      - {kind: action, received: 2026-03-30, days: [2026-04-08]}
questions:
  - {id: strike, type: strike}
"""
STAFF = """\
employer,workplace,category,number
North,Ward A,Nurse,20
North,Ward B,Porter,10
South,Clinic,Nurse,13
"""

Writer = Callable[[str, str], Path]


@pytest.fixture
def pack(run: Run, write: Writer, tmp_path: Path) -> tuple[dict[str, Any], str, str]:
    write(STAFF, "staff.csv")
    ballot = write(BALLOT, "ballot.yaml")
    out = tmp_path / "out"
    out.mkdir()
    result = run("audit", str(ballot), "-o", str(out))
    record = json.loads((out / "ballot.audit.json").read_text("utf-8"))
    return record, (out / "ballot.audit.md").read_text("utf-8"), result.stderr


def test_the_inputs_hashes_are_the_files_bytes(
    pack: tuple[dict[str, Any], str, str], tmp_path: Path
) -> None:
    record, markdown, _ = pack
    inputs = {i["role"]: i for i in record["audit"]["inputs"]}
    for role, name in (("ballot file", "ballot.yaml"), ("workforce CSV", "staff.csv")):
        digest = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        assert inputs[role]["sha256"] == digest
        assert digest in markdown


def test_the_version_of_each_notice_and_the_day_that_chose_it(
    pack: tuple[dict[str, Any], str, str],
) -> None:
    """gov.uk's example: a ballot opening 2 March 2026 may be notified on 17 February under the
    old rules or on 23 February under the new; the content follows the day received."""
    record, _, _ = pack
    versions = {(v["notice"], v["employer"]): v for v in record["audit"]["versions"]}
    north = versions[("TULRCA s.226A", "North")]
    assert north["deciding_day"] == "2026-02-17"
    assert north["version"]["id"] == "s226A-2005"
    assert any("explanation" in item for item in north["version"]["items"])
    south = versions[("TULRCA s.226A", "South")]
    assert south["deciding_day"] == "2026-02-18"
    assert south["version"]["id"] == "s226A-2026"
    assert not any("explanation" in item for item in south["version"]["items"])
    action = versions[("TULRCA s.234A", "North")]
    assert action["deciding_day"] == "2026-03-24"  # the first of North's two notices of action
    assert action["version"]["id"] == "s234A-2026"


def test_each_workforce_total_is_reconciled_with_eligible(
    pack: tuple[dict[str, Any], str, str],
) -> None:
    record, _, stderr = pack
    employers = {e["employer"]: e for e in record["audit"]["employers"]}
    assert employers["North"]["workforce_total"] == 20 + 10
    assert employers["North"]["difference"] == 0
    assert employers["South"]["workforce_total"] == 13
    assert employers["South"]["difference"] == 13 - 12
    assert "1 more than the 12 entitled" in employers["South"]["reconciliation"]
    assert employers["North"]["workplaces"] == [
        {"workplace": "Ward A", "number": 20},
        {"workplace": "Ward B", "number": 10},
    ]
    assert "South: the workforce totals 13 but the ballot has 12 eligible" in stderr
    assert any("totals 13" in w for w in record["audit"]["warnings"])


def test_deadlines_with_their_rules_and_the_recorded_notices_checked(
    pack: tuple[dict[str, Any], str, str],
) -> None:
    record, markdown, stderr = pack
    days = {d["what"]: d for d in record["audit"]["deadlines"]}
    # opens 2 March 2026: the 7th and 3rd days before are 23 and 27 February
    assert days["Notice of the ballot received by"]["day"] == "2026-02-23"
    assert days["Sample voting paper received by"]["day"] == "2026-02-27"
    assert "seventh day before the opening day" in days["Notice of the ballot received by"]["words"]
    # every unit but South was told on 23 March; South on the 25th
    assert (
        days["Every other employer: notice of action may be received from"]["day"] == "2026-03-23"
    )
    assert days["South: notice of action may be received from"]["day"] == "2026-03-25"
    # action on 8 April, 10 days (ERA 2025): received by 29 March; South's came on the 30th
    by = days["South: notice of action for 2026-04-08 (Wednesday) received by"]
    assert by["day"] == "2026-03-29"
    assert "tenth day before" in by["words"]
    statuses = [
        (r["employer"], r["kind"], r["status"]) for r in record["audit"]["recorded_notices"]
    ]
    assert statuses == [
        ("North", "ballot", "in-time"),
        ("North", "action", "in-time"),
        ("North", "action", "in-time"),
        ("South", "ballot", "in-time"),
        ("South", "action", "late"),
    ]
    assert "units.1.notices.1.received: warning:" in stderr
    assert markdown.rstrip().endswith(NOT_LEGAL_ADVICE)
    assert record["disclaimer"] == NOT_LEGAL_ADVICE


def test_a_planned_notice_of_action(run: Run, write: Writer, tmp_path: Path) -> None:
    write(STAFF, "staff.csv")
    ballot = write(BALLOT, "ballot.yaml")
    args = ("audit", str(ballot), "-o", str(tmp_path), "--action-from", "2026-04-20")
    run(*args, "--action-notice-received", "2026-04-11")
    record = json.loads((tmp_path / "ballot.audit.json").read_text("utf-8"))["audit"]
    planned = next(d for d in record["deadlines"] if "as planned" in d["what"])
    assert planned["day"] == "2026-04-10"  # 20 April less 10 days
    assert any("2026-04-11 (Saturday) would NOT be in time" in n for n in record["notes"])


def test_both_files_or_neither(run: Run, write: Writer, tmp_path: Path) -> None:
    write(STAFF, "staff.csv")
    ballot = write(BALLOT, "ballot.yaml")
    (tmp_path / "ballot.audit.md").write_text("an earlier audit", "utf-8")
    err = run("audit", str(ballot), "-o", str(tmp_path), expect=2).stderr
    assert err.startswith(f"{tmp_path / 'ballot.audit.md'}: already exists")
    assert not (tmp_path / "ballot.audit.json").exists()
    run("audit", str(ballot), "-o", str(tmp_path), "--force")
    assert (tmp_path / "ballot.audit.json").exists()


def test_a_bad_workforce_is_refused_before_anything_is_written(
    run: Run, write: Writer, tmp_path: Path
) -> None:
    write(STAFF.replace("Ward B", "unknown"), "staff.csv")
    ballot = write(BALLOT, "ballot.yaml")
    err = run("audit", str(ballot), "-o", str(tmp_path), expect=2).stderr
    assert err.startswith(f"{tmp_path / 'staff.csv'}:3: column 'workplace': is 'unknown'")
    assert not list(tmp_path.glob("*.audit.*"))
