"""The commands end to end: every shipped ballot, every format, the exit-code contract."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from ballotcalc._version import __version__
from ballotcalc.render import NOT_LEGAL_ADVICE, ResultFormat
from conftest import BALLOTS, Run

SHIPPED = sorted(p for p in BALLOTS.glob("*.yaml"))
JUDGED = [p for p in SHIPPED if "results:" in p.read_text() or "\nyes:" in p.read_text()]


def test_version(run: Run) -> None:
    assert run("--version").stdout.strip() == f"ballotcalc, version {__version__}"


def test_help_documents_exit_codes(run: Run) -> None:
    for args in (["--help"], ["check", "--help"]):
        out = run(*args).stdout
        assert "Exit codes:" in out and "2  bad input" in out


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "ballotcalc", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and __version__ in done.stdout


def test_every_shipped_ballot_states_its_source() -> None:
    for path in SHIPPED:
        text = path.read_text(encoding="utf-8")
        assert "source:" in text or "ILLUSTRATIVE" in text, path.name


@pytest.mark.parametrize("fmt", list(ResultFormat))
@pytest.mark.parametrize("path", JUDGED, ids=lambda p: p.name)
def test_every_ballot_in_every_format(run: Run, path: Path, fmt: ResultFormat) -> None:
    out = run("result", "--format", fmt.value, str(path)).stdout
    assert out.strip()
    if fmt is ResultFormat.TABLE:
        assert NOT_LEGAL_ADVICE in out
    if fmt is ResultFormat.JSON:
        assert json.loads(out)["disclaimer"] == NOT_LEGAL_ADVICE


def test_jcp_table(run: Run) -> None:
    out = run("result", "ballots/jcp-2011.yaml").stdout
    # 3,010 of 7,000 = 43.0%; 2,107 of 3,003 valid = 70.2%: "70% Yes on a 43% turnout".
    for text in (
        "JCP contact centres",
        "gb-pre-2017",
        "7,000",
        "3,010",
        "43.0%",
        "70.2%",
        "mandate",
    ):
        assert text in out


def test_json_contract(run: Run) -> None:
    doc = json.loads(run("result", "--format", "json", "ballots/rmt-lu-pay-2025.yaml").stdout)
    assert doc["ballotcalc"] == __version__
    ballot = doc["ballots"][0]
    assert {"file", "sha256", "title", "kind", "regime", "notes", "units"} <= set(ballot)
    assert set(ballot["regime"]) == {"id", "name"}
    unit = ballot["units"][0]
    assert {
        "name",
        "eligible",
        "votes_cast",
        "turnout_pct",
        "turnout_threshold_pct",
        "turnout_met",
        "votes_short",
        "questions",
    } <= set(unit)
    assert unit["name"] == "London Underground"
    q = unit["questions"][0]
    assert {
        "id",
        "type",
        "yes",
        "no",
        "spoiled",
        "yes_pct",
        "yes_pct_of_eligible",
        "support_threshold_pct",
        "support_met",
        "majority_met",
        "yes_short",
        "verdict",
    } <= set(q)
    # RMT LU 2025: 6,228 of 10,424 = 59.75%; strike Yes 6,004 of 6,213 valid = 96.64%;
    # 6,004 of 10,424 entitled = 57.60%.
    assert (unit["turnout_pct"], unit["turnout_threshold_pct"]) == (59.75, 50.0)
    assert (q["yes_pct"], q["yes_pct_of_eligible"], q["support_threshold_pct"]) == (
        96.64,
        57.6,
        40.0,
    )
    import hashlib

    raw = (BALLOTS / "rmt-lu-pay-2025.yaml").read_bytes()
    assert ballot["sha256"] == hashlib.sha256(raw).hexdigest()


def test_csv_contract(run: Run) -> None:
    out = run("result", "--format", "csv", "ballots/rmt-lu-pay-2025.yaml").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:18] == [
        "file",
        "title",
        "regime",
        "unit",
        "eligible",
        "votes_cast",
        "turnout_pct",
        "turnout_met",
        "question",
        "type",
        "yes",
        "no",
        "spoiled",
        "yes_pct",
        "yes_pct_of_eligible",
        "support_met",
        "majority_met",
        "verdict",
    ]
    assert [(r["question"], r["yes"], r["verdict"]) for r in rows] == [
        ("strike", "6004", "pass"),
        ("asos", "6092", "pass"),
    ]


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
@pytest.mark.parametrize("decimals", ["0", "1", "2", "3"])
def test_4999_of_10000_never_shows_50_in_any_format(
    run: Run, write: Callable[..., Path], fmt: str, decimals: str
) -> None:
    path = write(
        "title: x\nopened: 2019-01-01\neligible: 10000\nvotes_cast: 4999\nyes: 4000\nno: 999\n"
    )
    out = run("result", "--format", fmt, "--decimals", decimals, str(path)).stdout
    if fmt == "json":
        shown = str(json.loads(out)["ballots"][0]["units"][0]["turnout_pct"])
    elif fmt == "csv":
        shown = next(csv.DictReader(io.StringIO(out)))["turnout_pct"]
    else:
        match = re.search(r"4,999\s+│\s+([0-9.]+)%", out)
        assert match, out
        shown = match.group(1)
    assert Decimal(shown) < 50
    expected = {"0": "49", "1": "49.9", "2": "49.99", "3": "49.990"}[decimals]
    assert shown.rstrip("0") == expected.rstrip("0") or shown == expected


@pytest.mark.parametrize(
    ("files", "code"),
    [(["ballots/cwu-royal-mail-2023.yaml"], 0),
     (["ballots/pcs-2019-pay.yaml"], 1),
     (["ballots/cwu-royal-mail-2023.yaml", "ballots/illustrative-health-40pct.yaml"], 1),
     (["ballots/cwu-royal-mail-2023.yaml", "tests/fixtures/invalid/duplicate-key.yaml"], 2)],
)  # fmt: skip
def test_check_exit_codes(run: Run, files: list[str], code: int) -> None:
    run("check", *files, expect=code)


def test_check_lines(run: Run) -> None:
    out = run("check", "ballots/illustrative-health-40pct.yaml", expect=1).stdout.splitlines()
    assert out == [
        "ballots/illustrative-health-40pct.yaml: strike: NO MANDATE (Yes is 38.5% of those entitled, "
        "below the 40% support threshold: 15 more Yes votes were needed)",
        "ballots/illustrative-health-40pct.yaml: asos: mandate",
    ]


def test_at_risk_is_explained(run: Run, write: Callable[..., Path]) -> None:
    path = write(
        "title: x\nopened: 2019-01-01\neligible: 150\nvotes_cast: 100\n"
        "yes: 40\nno: 35\nspoiled: 25\n"
    )
    out = run("check", str(path), expect=1).stdout
    assert "AT RISK" in out and "s.297A" in out and "unsettled" in out


def test_validate_is_silent_when_all_is_well(run: Run) -> None:
    result = run("validate", *map(str, JUDGED))
    assert result.stdout == "" and result.stderr == ""


def test_rules_lists_and_shows(run: Run) -> None:
    listing = run("rules").stdout
    for regime_id in ("gb-pre-2017", "gb-tua-2016", "gb-era-2025", "gb-era-2025-s68", "ni"):
        assert regime_id in listing
    one = run("rules", "gb-tua-2016").stdout
    assert "SI 2017/139" in one and "14 days (7 if agreed)" in one
    assert run("rules", "nope", expect=2).stderr.startswith("error: unknown regime 'nope'")


def test_user_text_is_not_markup_or_control(run: Run, write: Callable[..., Path]) -> None:
    path = write(
        'title: "Depot [bold]North[/bold] \\e[31m"\nclosed: 2011-01-01\n'
        "votes_cast: 10\nyes: 6\nno: 4\n"
    )
    out = run("result", str(path)).stdout
    assert "Depot [bold]North[/bold] \\x1b[31m" in out
    assert "\x1b" not in out


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_never_become_formulas(run: Run, write: Callable[..., Path], start: str) -> None:
    name = f'{start}HYPERLINK("http://example.invalid","x")'
    path = write(
        f"title: {json.dumps(name)}\nemployer: {json.dumps(name)}\nclosed: 2011-01-01\n"
        "votes_cast: 10\nyes: 6\nno: 4\n"
    )
    row = next(csv.DictReader(io.StringIO(run("result", "--format", "csv", str(path)).stdout)))
    assert row["title"] == "'" + name
    assert row["unit"] == "'" + name


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_neutralises_every_formula_start(text: str) -> None:
    from ballotcalc.render.cells import safe_cell

    assert safe_cell(text) == "'" + text
    assert safe_cell("Depot North") == "Depot North"
