"""Many units: the fast paths give exactly what the plain ones did, and the table stays readable.

The fast paths (integer percentages, templated JSON, the row cap) exist for national ballots with
tens of thousands of units. Each is checked here against an independent slow form: json.dumps of
the same data, Fraction arithmetic written in the test, the units counted from the input file.
No timings: benchmarks/ measures speed.
"""

from __future__ import annotations

import gc
import json
import random
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import BALLOTS, Run

from ballotcalc.judging import judge, load_ballot
from ballotcalc.numbers import percent, scaled_percent
from ballotcalc.render import RenderOptions, jsontext
from ballotcalc.render.machine import json_document, json_pieces, render_json
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


# --- JSON written from a template -----------------------------------------------------------------


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(alphabet=st.characters(codec="utf-8")),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=20,
    )
)
def test_jsontext_writes_what_json_dumps_writes(value: Any) -> None:
    assert jsontext.dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_same_shape_rows_fill_the_template_exactly() -> None:
    shared = {"s": "100%s\x00", "n": 50.0, "z": None}  # in the skeleton: the same in every record
    skeleton = {
        "name": jsontext.SLOT,
        "qs": [{"a%d": jsontext.SLOT, **shared, "b": jsontext.SLOT}],
    }
    rows = [['x %s "y"\n', 1, None], ["ü", 2.5, True], ["", -3, False], ["a\x00b", 1e300, None]]
    plain = [{"name": n, "qs": [{"a%d": a, **shared, "b": b}]} for n, a, b in rows]
    doc = {
        "k": jsontext.SameShape(skeleton, rows),
        "empty": jsontext.SameShape(skeleton, []),
        "all shared": jsontext.SameShape(shared, [[], []]),  # no slots: each record is the same
    }
    expected = json.dumps(
        {"k": plain, "empty": [], "all shared": [shared, shared]}, indent=2, ensure_ascii=False
    )
    assert jsontext.dumps(doc) == expected


_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(alphabet=st.characters(codec="utf-8"))
)


@given(width=st.integers(1, 4), data=st.data())
def test_same_shape_rows_are_what_json_dumps_writes(width: int, data: st.DataObject) -> None:
    rows = data.draw(st.lists(st.lists(_leaves, min_size=width, max_size=width), max_size=30))
    skeleton = {"v": [jsontext.SLOT] * width}
    plain = [{"v": row} for row in rows]
    assert jsontext.dumps(jsontext.SameShape(skeleton, rows)) == json.dumps(
        plain, indent=2, ensure_ascii=False
    )


@pytest.mark.parametrize("decimals", [None, 0, 1, 3])
def test_result_json_is_json_dumps_of_the_records(tmp_path: Path, decimals: int | None) -> None:
    """Byte for byte the indented json.dumps of the same document, for a big and small ballots."""
    path, _ = write_ballot(tmp_path, 2 * jsontext.BATCH + 7)
    files = [path, *sorted(BALLOTS.glob("*.yaml"))]
    outcomes = []
    for file in files:
        loaded = load_ballot(file)
        if not loaded.live:
            outcomes.append(judge(loaded))
    options = RenderOptions(decimals=decimals)
    expected = json.dumps(json_document(outcomes, options), indent=2, ensure_ascii=False) + "\n"
    assert render_json(outcomes, options) == expected
    assert len(list(json_pieces(outcomes, options))) > 2  # written in pieces, not held whole


@pytest.mark.parametrize("field", ["turnout_threshold_pct", "support_threshold_pct", "id"])
def test_units_that_do_not_share_their_thresholds_are_written_one_by_one(
    tmp_path: Path, field: str
) -> None:
    """The template holds the values a ballot's units share; units that do not share them (not
    made by the tally, here) are written as records of their own."""
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
    path, _ = write_ballot(tmp_path, 3 * jsontext.BATCH + 1)
    outcome = judge(load_ballot(path))
    document = json_document([outcome], RenderOptions())
    expected = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert run("result", str(path), "--format", "json").stdout == expected


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
