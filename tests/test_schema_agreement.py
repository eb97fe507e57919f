"""The JSON Schema (for editors) and `ballotcalc validate` give the same verdict on every file.

Every fixture under tests/fixtures/, every shipped ballot and a few edge cases written here go
through both: the schema, on the data our own YAML reader makes of the file, and the validator. A
file only one of them refuses must be listed in `SCHEMA_CANNOT`, with the reason a JSON Schema
cannot say it; a listed file on which they agree fails too, so the list never goes stale.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ballotcalc.errors import InputError
from ballotcalc.loading import load_yaml_file
from ballotcalc.model import json_schema
from conftest import BALLOTS, FIXTURES, Run

VALIDATOR = Draft202012Validator(json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)

YAML_LEVEL = (
    "a YAML-level rule: our reader refuses the file before there is any data, while an "
    "editor's YAML reader gives the schema data to check"
)
ARITHMETIC = "arithmetic across fields, which JSON Schema has no way to state"
SCHEMA_CANNOT = {
    "alias.yaml": f"{YAML_LEVEL} (it resolves anchors and aliases)",
    "duplicate-key.yaml": f"{YAML_LEVEL} (it keeps the last of two equal keys)",
    "not-utf8.yaml": "bytes, not text: no data exists for a schema to check",
    "float-count.yaml": "JSON Schema's data model: 120.0 is the integer 120 (draft 2020-12 "
    "s.6.1.1), so `type: integer` cannot refuse it",
    "count-over-votes-cast.pcs-2019-asos.yaml": f"{ARITHMETIC}: yes + no + spoiled = votes_cast",
    "votes-cast-without-spoiled.pcs-2018.yaml": f"{ARITHMETIC}: yes + no + spoiled = votes_cast",
    "votes-cast-over-eligible.yaml": f"{ARITHMETIC}: votes_cast <= eligible",
    "eligible-missing-where-needed.yaml": "which tests apply depends on the regime the opening "
    "date selects from the regime table (an ordering of dates, not a pattern)",
    # Guards against a false mandate (issue 17)
    "closed-before-opened.yaml": "an ordering of two dates, which JSON Schema cannot compare",
    "opened-year-typo.yaml": "the number of days between two dates (more than 12 weeks)",
    "results-before-closing.yaml": "a comparison with today's date, which a schema does not know",
    "percentages-as-counts.yaml": f"{ARITHMETIC}: yes + no + spoiled = 100 while votes_cast is "
    "far from it",
    "total-row.yaml": "the units are in a CSV file, which the schema does not read",
    "votes-cast-without-spoiled.pre-2017.yaml": f"{ARITHMETIC}: yes + no + spoiled = votes_cast",
    "tab-indentation.yaml": f"{YAML_LEVEL} (a tab in the indentation is not YAML: no data)",
}
"""Files the validator refuses and the schema accepts. Never the other way round: whatever the
schema refuses, the tool refuses too (checked below)."""

UNITS = "title: t\nclosed: 2011-01-01\nquestions:\n  - {id: s, type: strike}\nunits:\n"
UNIT = "votes_cast: 1, results: {s: {yes: 1, no: 0}}"

EDGE_CASES = {
    # `key:` with nothing is null, which the loader treats as absent
    "units-null-with-eligible.yaml": "title: t\nclosed: 2011-01-01\nunits:\neligible: 10\n"
    "votes_cast: 5\nyes: 3\nno: 2\n",
    "aggregation-null.yaml": "title: t\nclosed: 2011-01-01\naggregation:\nvotes_cast: 5\n"
    "yes: 3\nno: 2\n",
    "question-null.yaml": "title: t\nquestion:\n",
    "consultative-without-dates.yaml": "title: t\nkind: consultative\nvotes_cast: 5\nyes: 3\n"
    "no: 2\n",
    "regime-without-dates.yaml": "title: t\nregime: gb-pre-2017\nvotes_cast: 5\nyes: 3\nno: 2\n",
    "live-without-dates.yaml": "title: t\nquestion: Strike?\nunion: U\n",
    "spoiled-only.yaml": "title: t\nclosed: 2011-01-01\nvotes_cast: 5\nspoiled: 5\n",
    "shorthand-without-votes-cast.yaml": "title: t\nclosed: 2011-01-01\nyes: 3\nno: 2\n",
    "shorthand-with-units-csv.yaml": "title: t\nclosed: 2011-01-01\nunits_csv: u.csv\nyes: 3\n"
    "no: 2\n",
    "returns-date-with-time.yaml": "title: t\nopened: 2024-05-01\nquestion: Strike?\n"
    "returns:\n  - {date: 2024-05-02 00:00:00, returned: 4}\n",
    "employer-empty.yaml": "title: t\nemployer: ''\nquestion: Strike?\n",
    "long-form-and-shorthand.yaml": "title: t\nquestions:\n  - {id: s, type: strike}\nyes: 3\n",
    # surveys (kind: survey): those asked and those who responded, nothing else
    "survey.yaml": "title: t\nkind: survey\nresponses: 5\n",
    "survey-without-responses.yaml": "title: t\nkind: survey\neligible: 5\n",
    "survey-with-a-question.yaml": "title: t\nkind: survey\nresponses: 5\nquestion: Strike?\n",
    "responses-in-a-ballot.yaml": "title: t\nclosed: 2011-01-01\nresponses: 5\nvotes_cast: 5\n"
    "yes: 5\nno: 0\n",
    # a total row by its name, and a name that only starts like one
    "unit-named-sub-total.yaml": f"{UNITS}  - {{name: ' Sub-Total:', {UNIT}}}\n",
    "unit-named-all-saints.yaml": f"{UNITS}  - {{name: All Saints, {UNIT}}}\n",
    # units of a ballot still open: no figures yet, interim returns under each or in a CSV
    "live-units.yaml": f"{UNITS}  - {{name: A, eligible: 9, returns: [{{date: 2011-01-01, "
    "returned: 3}]}\n  - {name: B}\n",
    "units-counted-and-open.yaml": f"{UNITS}  - {{name: A, {UNIT}}}\n  - {{name: B}}\n",
    "unit-votes-cast-without-results.yaml": f"{UNITS}  - {{name: A, votes_cast: 1}}\n",
    "returns-with-units.yaml": f"{UNITS}  - {{name: A}}\nreturns:\n  - {{date: 2011-01-01, "
    "returned: 3}\n",
    "returns-csv-without-units.yaml": "title: t\nquestion: Strike?\nreturns_csv: r.csv\n",
    "returns-csv-with-counted-units.yaml": f"returns_csv: r.csv\n{UNITS}  - {{name: A, {UNIT}}}\n",
    "returns-csv-and-unit-returns.yaml": f"returns_csv: r.csv\n{UNITS}  - {{name: A, returns: "
    "[{date: 2011-01-01, returned: 3}]}\n",
}

FILES = sorted(
    [*FIXTURES.rglob("*.yaml"), *FIXTURES.rglob("*.yml"), *BALLOTS.glob("*.yaml")],
    key=lambda p: p.name,
)


def schema_accepts(path: Path) -> bool | None:
    """The schema's verdict on the data our reader makes of the file; None when there is none."""
    try:
        data = load_yaml_file(path).data
    except InputError:
        return None
    return not list(VALIDATOR.iter_errors(data))


def validate_accepts(run: Run, path: Path) -> bool:
    result = run("validate", str(path), expect=None)
    assert result.exit_code in (0, 2), result.output
    return result.exit_code == 0


def check_agreement(run: Run, path: Path) -> None:
    by_schema, by_tool = schema_accepts(path), validate_accepts(run, path)
    if by_schema is None:
        assert not by_tool, "our reader refused the file, so validate must"
        agree = False  # an editor's reader would give the schema data: a YAML-level difference
    else:
        assert not (by_tool and not by_schema), f"the schema refuses {path.name}; validate accepts"
        agree = by_schema == by_tool
    if agree:
        assert path.name not in SCHEMA_CANNOT, "listed as a difference, but they now agree"
    else:
        assert path.name in SCHEMA_CANNOT, (
            f"validate refuses {path.name} and the schema accepts it: make the schema say it, "
            "or list it in SCHEMA_CANNOT with the reason a schema cannot"
        )


def test_there_are_files_to_compare() -> None:
    names = {p.name for p in FILES}
    assert len(names) == len(FILES), "two fixtures share a name"
    assert set(SCHEMA_CANNOT) <= names
    assert any(p.parent == BALLOTS for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_schema_and_validate_agree_on_each_file(run: Run, path: Path) -> None:
    check_agreement(run, path)


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_schema_and_validate_agree_on_edge_cases(run: Run, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(EDGE_CASES[name], encoding="utf-8")
    check_agreement(run, path)


def test_regime_ids_are_the_rule_tables() -> None:
    """Editors complete `regime:` from the ids of the shipped table, generated, not typed twice."""
    from ballotcalc.rules import rulebook

    branches = json_schema()["properties"]["regime"]["anyOf"]
    enums = [b["enum"] for b in branches if "enum" in b]
    assert enums == [list(rulebook().ids)]
