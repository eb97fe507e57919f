"""Many units: the fast paths give exactly what the plain ones did, and the table stays readable.

The fast paths (integer percentages, JSON in batches, the row cap) exist for national ballots with
tens of thousands of units. Each is checked here against an independent form: json.dumps of the
same data, figures and Fraction arithmetic worked out in the test, the units counted from the
input file.
No timings: benchmarks/ measures speed.
"""

from __future__ import annotations

import gc
import json
import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from msgspec.structs import replace
from tests.conftest import BALLOTS, Run

from ballotcalc.judging import BallotOutcome, judge, load_ballot
from ballotcalc.numbers import percent, scaled_percent
from ballotcalc.render import RenderOptions
from ballotcalc.render.machine import BATCH, json_document, json_pieces, render_json
from ballotcalc.render.table import MAX_TABLE_UNITS

HALF, TWO_FIFTHS = Fraction(1, 2), Fraction(2, 5)


def write_ballot(directory: Path, count: int, seed: int = 7) -> tuple[Path, list[tuple[Any, ...]]]:
    """A separate-units ballot (gb-tua-2016, health: turnout and 40% tests) with `count` units."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        e = rng.randint(10, 300)
        v = rng.randint(e // 3, e)
        s = rng.randint(0, min(2, v))
        y = rng.randint(0, v - s)
        rows.append((f"Site {i:05d}", e, v, y, v - s - y, s))
    (directory / "units.csv").write_text(
        "name,eligible,votes_cast,strike_yes,strike_no,strike_spoiled\n"
        + "".join(",".join(map(str, r)) + "\n" for r in rows),
        encoding="utf-8",
    )
    path = directory / "big.yaml"
    path.write_text(
        "title: Many sites\nopened: 2022-10-06\nclosed: 2022-11-02\n"
        "important_public_service: health\nquestions:\n  - {id: strike, type: strike}\n"
        "units_csv: units.csv\n",
        encoding="utf-8",
    )
    return path, rows


# --- integer percentages ------------------------------------------------------------------------


@given(
    st.integers(0, 10**7),
    st.integers(1, 10**7),
    st.integers(0, 6),
    st.sampled_from([None, HALF, TWO_FIFTHS]),
    st.booleans(),
)
def test_scaled_percent_is_the_exact_rule(
    part: int, whole: int, decimals: int, threshold: Fraction | None, strict: bool
) -> None:
    """Half-up rounding of the exact share, moved to the verdict's side of the threshold."""
    exact = Fraction(part, whole) * 100 * 10**decimals
    expected = (exact + Fraction(1, 2)).__floor__()
    if threshold is not None:
        limit = threshold * 100 * 10**decimals
        met = exact > limit if strict else exact >= limit
        if met != (expected > limit if strict else expected >= limit):
            expected = exact.__ceil__() if met else exact.__floor__()
    got = scaled_percent(part, whole, decimals, threshold=threshold, strict=strict)
    assert got == expected
    assert percent(Fraction(part, whole), decimals, threshold=threshold, strict=strict) == Decimal(
        expected
    ).scaleb(-decimals)


# --- JSON: orjson's text, written in batches, every unit's figures its own ----------------------


def _judged_examples(big: Path) -> list[BallotOutcome]:
    outcomes = []
    for file in [big, *sorted(BALLOTS.glob("*.yaml"))]:
        loaded = load_ballot(file)
        if not loaded.live:
            outcomes.append(judge(loaded))
    return outcomes


@pytest.mark.parametrize("decimals", [None, 0, 1, 3, 6])
def test_result_json_is_json_dumps_of_the_records(tmp_path: Path, decimals: int | None) -> None:
    """Byte for byte the indented json.dumps of the same document (what scripts and diffs saw
    before orjson), for a ballot of several batches of units and the example ballots."""
    path, _ = write_ballot(tmp_path, 2 * BATCH + 7)
    outcomes = _judged_examples(path)
    options = RenderOptions(decimals=decimals)
    expected = json.dumps(json_document(outcomes, options), indent=2, ensure_ascii=False) + "\n"
    assert render_json(outcomes, options) == expected
    assert len(list(json_pieces(outcomes, options))) > 3  # units written a batch at a time


def test_a_tiny_percentage_is_the_same_number_in_another_spelling(tmp_path: Path) -> None:
    """The one place orjson and json.dumps differ on our data: a float under 1e-4, which orjson
    may spell differently (1e-6 for 1e-06). 5 votes of 10^9 is 5e-7 %, to 6 decimals 0.000001 %:
    the document reads back as exactly the same data either way."""
    path = tmp_path / "tiny.yaml"
    path.write_text(
        "title: Tiny\nopened: 2016-01-04\nclosed: 2016-02-01\nquestions: [{id: strike, type: strike}]\n"
        "eligible: 1000000000\nvotes_cast: 5\nresults: {strike: {yes: 3, no: 2, spoiled: 0}}\n",
        encoding="utf-8",
    )
    outcomes, options = [judge(load_ballot(path))], RenderOptions(decimals=6)
    text = render_json(outcomes, options)
    assert json.loads(text)["ballots"][0]["units"][0]["turnout_pct"] == 0.000001
    assert json.loads(text) == json_document(outcomes, options)


@pytest.mark.parametrize("field", ["turnout_threshold_pct", "support_threshold_pct", "id"])
def test_units_with_their_own_thresholds_and_questions_are_written_with_them(
    tmp_path: Path, field: str
) -> None:
    """Each unit's record is made from that unit alone (no template shared by a ballot's units)."""
    path, _ = write_ballot(tmp_path, 5)
    outcome = judge(load_ballot(path))
    units = list(outcome.units)
    question = units[3].questions[0]
    if field == "turnout_threshold_pct":
        units[3] = replace(units[3], turnout_threshold=Fraction(2, 5))
    elif field == "support_threshold_pct":
        units[3] = replace(units[3], questions=(replace(question, support_threshold=HALF),))
    else:
        units[3] = replace(units[3], questions=(replace(question, id="asos"),))
    odd = replace(outcome, units=tuple(units))
    text = render_json([odd], RenderOptions())
    assert text == json.dumps(json_document([odd], RenderOptions()), indent=2) + "\n"
    written = json.loads(text)["ballots"][0]["units"]
    shown = [u.get(field, u["questions"][0].get(field)) for u in written]
    usual = shown[0]
    assert shown == [usual, usual, usual, {50.0: 40.0, 40.0: 50.0, "strike": "asos"}[usual], usual]


def test_result_command_writes_the_same_json_piece_by_piece(run: Run, tmp_path: Path) -> None:
    path, _ = write_ballot(tmp_path, 3 * BATCH + 1)
    outcome = judge(load_ballot(path))
    document = json_document([outcome], RenderOptions())
    expected = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert run("result", str(path), "--format", "json").stdout == expected


def _figures(i: int) -> tuple[str, int, int, int, int, int]:
    """Unit i's name, eligible, votes cast, yes, no, spoiled: five different numbers in each unit,
    so a writer that put one in another's place is caught."""
    eligible = 1000 + 3 * i
    cast = eligible // 2 - 7 + (i * 7) % 200
    spoiled = 1 + i % 9
    yes = (cast - spoiled) * (31 + 2 * (i % 25)) // 100
    return f"Depot {i:04d}", eligible, cast, yes, cast - spoiled - yes, spoiled


@pytest.mark.parametrize("form", ["units_csv", "inline YAML"])
def test_every_units_figures_in_the_json_are_its_own(run: Run, tmp_path: Path, form: str) -> None:
    """2,000 units (two batches and more), each with figures of its own: every unit's record in
    `result --format json` holds that unit's figures and the tests' outcomes worked out here
    (gb-tua-2016, an important public service: 2V >= E, Y > N, 5Y >= 2E)."""
    rows = [_figures(i) for i in range(2000)]
    assert all(len(set(r[1:])) == 5 for r in rows)
    head = (
        "title: Depots\nopened: 2022-10-06\nclosed: 2022-11-02\n"
        "important_public_service: health\nquestions:\n  - {id: strike, type: strike}\n"
    )
    path = tmp_path / "depots.yaml"
    if form == "units_csv":
        (tmp_path / "depots.csv").write_text(
            "name,eligible,votes_cast,strike_yes,strike_no,strike_spoiled\n"
            + "".join(",".join(map(str, r)) + "\n" for r in rows),
            encoding="utf-8",
        )
        path.write_text(head + "units_csv: depots.csv\n", encoding="utf-8")
    else:
        path.write_text(
            head
            + "units:\n"
            + "".join(
                f"  - name: {n}\n    eligible: {e}\n    votes_cast: {v}\n"
                f"    results:\n      strike: {{yes: {y}, no: {no}, spoiled: {s}}}\n"
                for n, e, v, y, no, s in rows
            ),
            encoding="utf-8",
        )
    units = json.loads(run("result", str(path), "--format", "json").stdout)["ballots"][0]["units"]
    assert len(units) == len(rows)
    for unit, (name, e, v, y, n, s) in zip(units, rows, strict=True):
        turnout, majority, support = 2 * v >= e, y > n, 5 * y >= 2 * e
        verdict = "pass" if turnout and majority and support and 2 * y > v else "fail"
        if turnout and majority and support and not 2 * y > v:
            verdict = "at-risk"
        q = unit["questions"][0]
        got = (unit["name"], unit["eligible"], unit["votes_cast"], q["yes"], q["no"], q["spoiled"])
        assert got == (name, e, v, y, n, s)
        assert (unit["turnout_met"], q["majority_met"], q["support_met"]) == (
            turnout,
            majority,
            support,
        ), name
        assert q["verdict"] == verdict, name
        shown = Fraction(str(unit["turnout_pct"]))
        assert abs(shown - Fraction(100 * v, e)) <= Fraction(1, 200) and (shown >= 50) == turnout


def test_json_percentages_are_the_exact_figures_rounded(tmp_path: Path) -> None:
    """Each unit's turnout_pct and yes_pct from the CSV's own figures, worked out here."""
    path, rows = write_ballot(tmp_path, 400)
    doc = json.loads(render_json([judge(load_ballot(path))], RenderOptions()))
    units = doc["ballots"][0]["units"]
    assert len(units) == len(rows)
    for unit, (name, e, v, y, n, _s) in zip(units, rows, strict=True):
        assert unit["name"] == name
        turnout = Fraction(v, e) * 100
        shown = Fraction(str(unit["turnout_pct"]))
        assert abs(shown - turnout) <= Fraction(1, 100)
        assert (shown >= 50) == (2 * v >= e)  # never across the 50% line
        q = unit["questions"][0]
        if y + n:
            yes = Fraction(str(q["yes_pct"]))
            assert abs(yes - Fraction(y, y + n) * 100) <= Fraction(1, 100)
            assert (yes > 50) == (y > n)
        assert (Fraction(str(q["yes_pct_of_eligible"])) >= 40) == (5 * y >= 2 * e)


def test_json_percentages_just_under_a_line_stay_under_it(tmp_path: Path) -> None:
    """Units next to a line, where plain half-up rounding would put the printed figure on the
    other side of it: the JSON prints each figure on the side of its verdict, for the turnout
    (at least half: 49.995% is 49.99), the majority (more than half of Yes + No: 50.00125% is
    50.01, while 49.995% may print as 50.00, which is not more than half) and the 40% support
    test, with every unit of the ballot sharing the percentages' thresholds."""
    rows = [  # name, eligible, votes cast, yes, no, spoiled; the line each unit is under
        ("Turnout under", 20000, 9999, 9000, 999, 0),  # 9999 / 20000 = 49.995%
        ("Majority under", 20000, 20000, 9999, 10001, 0),  # 9999 / 20000 of Yes + No
        ("Majority just met", 80000, 80000, 40001, 39999, 0),  # 40001 / 80000 = 50.00125%
        ("Support under", 20000, 10000, 7999, 2001, 0),  # 7999 / 20000 = 39.995% of E
        ("All met", 20000, 20000, 10001, 9999, 0),  # 50.005%: rounds up, across nothing
    ]
    (tmp_path / "lines.csv").write_text(
        "name,eligible,votes_cast,yes,no,spoiled\n"
        + "".join(",".join(map(str, r)) + "\n" for r in rows),
        encoding="utf-8",
    )
    path = tmp_path / "lines.yaml"
    path.write_text(
        "title: Lines\nopened: 2022-10-06\nclosed: 2022-11-02\nimportant_public_service: health\n"
        "questions:\n  - {id: strike, type: strike}\nunits_csv: lines.csv\n",
        encoding="utf-8",
    )
    units = json.loads(render_json([judge(load_ballot(path))], RenderOptions()))["ballots"][0][
        "units"
    ]
    figures = [
        (u["turnout_pct"], u["questions"][0]["yes_pct"], u["questions"][0]["yes_pct_of_eligible"])
        for u in units
    ]
    assert figures == [
        (49.99, 90.01, 45.0),
        (100.0, 50.0, 50.0),
        (100.0, 50.01, 50.0),
        (50.0, 79.99, 39.99),
        (100.0, 50.01, 50.01),
    ]


# --- the table's row cap --------------------------------------------------------------------------


def test_table_stops_at_the_cap_and_says_where_the_rest_are(run: Run, tmp_path: Path) -> None:
    count = MAX_TABLE_UNITS + 37
    path, rows = write_ballot(tmp_path, count)
    out = run("result", str(path)).stdout
    assert f"Site {MAX_TABLE_UNITS - 1:05d}" in out
    assert f"Site {MAX_TABLE_UNITS:05d}" not in out
    assert "37 more units not shown" in out
    assert "--format csv" in out
    passing = sum(
        1 for _, e, v, y, n, _s in rows if 2 * v >= e and y > n and 5 * y >= 2 * e and 2 * y > v
    )
    assert f"{passing} of {count} units" in out  # the counts are still of every unit
    # JSON and CSV are never capped.
    units = json.loads(run("result", str(path), "--format", "json").stdout)["ballots"][0]["units"]
    assert [u["name"] for u in units] == [r[0] for r in rows]
    csv_lines = run("result", str(path), "--format", "csv").stdout.splitlines()
    assert len(csv_lines) == 1 + count


def test_table_cap_applies_after_only_and_sort(run: Run, tmp_path: Path) -> None:
    path, rows = write_ballot(tmp_path, MAX_TABLE_UNITS + 700)
    failing = [r for r in rows if not (2 * r[2] >= r[1] and r[3] > r[4] and 5 * r[3] >= 2 * r[1])]
    assert len(failing) > MAX_TABLE_UNITS  # so the cap bites on the filtered rows too
    out = run("result", str(path), "--only", "fail", "--sort", "turnout").stdout
    assert f"{len(failing) - MAX_TABLE_UNITS:,} more units not shown" in out
    assert f"Showing {len(failing):,} of {len(rows):,} units" in out
    lowest = min(failing, key=lambda r: Fraction(r[2], r[1]))
    assert lowest[0] in out


def test_small_tables_show_every_unit_without_a_cap_line(run: Run) -> None:
    out = run("result", str(BALLOTS / "illustrative-nhs-trusts-2022.yaml")).stdout
    assert "more units not shown" not in out


# --- no reference cycles per unit ------------------------------------------------------------------


def _inline_ballot(directory: Path, count: int) -> Path:
    path = directory / f"inline-{count}.yaml"
    units = "".join(
        f"  - name: Site {i}\n    eligible: 200\n    votes_cast: 120\n"
        f"    results: {{strike: {{yes: {i % 100}, no: {118 - i % 100}, spoiled: 2}}}}\n"
        for i in range(count)
    )
    path.write_text(
        "title: Many sites\nopened: 2022-10-06\nclosed: 2022-11-02\n"
        "questions:\n  - {id: strike, type: strike}\nunits:\n" + units,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("form", ["units_csv", "inline"])
def test_cyclic_garbage_does_not_grow_with_the_units(tmp_path: Path, form: str) -> None:
    """The CLI runs with the cycle collector off (`cli.main`). That is only safe while nothing made
    for each unit (loading, validating, judging, rendering) is left in a reference cycle."""
    from ballotcalc.render import render_pieces

    def garbage(count: int) -> int:
        directory = tmp_path / str(count)
        directory.mkdir()
        if form == "units_csv":
            path, _ = write_ballot(directory, count)
        else:
            path = _inline_ballot(directory, count)
        gc.collect()
        gc.disable()
        try:
            for fmt in ("json", "csv", "table"):
                outcome = judge(load_ballot(path))
                for piece in render_pieces([outcome], fmt, RenderOptions()):
                    assert piece is not None
            return gc.collect()
        finally:
            gc.enable()

    few, many = garbage(20), garbage(2000)
    assert many - few < 100, f"{few} unreachable objects for 20 units, {many} for 2,000"
