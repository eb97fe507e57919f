"""The JSON Schema for editors agrees with the loader: shipped ballots pass it, and what it accepts loads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ballotcalc.judging import load_ballot
from ballotcalc.loading import load_yaml_file
from ballotcalc.model import json_schema
from conftest import BALLOTS, ROOT, Run

SHIPPED = sorted(BALLOTS.glob("*.yaml"))
VALIDATOR = Draft202012Validator(json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_schema_is_valid_json_schema() -> None:
    Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_ballots_pass_the_schema(path: Path) -> None:
    errors = [e.message for e in VALIDATOR.iter_errors(load_yaml_file(path).data)]
    assert errors == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_ballots_name_the_schema_for_editors(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../ballot.schema.json"


def test_committed_schema_file_is_current(run: Run) -> None:
    """ballot.schema.json is regenerated with `ballotcalc schema > ballot.schema.json`."""
    committed = json.loads((ROOT / "ballot.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(run("schema").stdout)


def _documented(schema: dict[str, Any]) -> list[str]:
    missing = []
    for name, model in [("Ballot", schema), *schema.get("$defs", {}).items()]:
        for field, spec in model.get("properties", {}).items():
            if not spec.get("description"):
                missing.append(f"{name}.{field}")
    return missing


def test_every_field_is_described() -> None:
    assert _documented(json_schema()) == []


SCHEMA_ACCEPTS = [
    "title: t\nclosed: 2011-01-01\nvotes_cast: 10\nyes: 6\nno: 4\n",
    "title: t\nopened: 2019-01-01\neligible: 20\nvotes_cast: 10\nquestions:\n"
    "  - {id: s, type: strike}\nresults:\n  s: {yes: 6, no: 4}\n",
]
SCHEMA_REFUSES = [
    "title: t\nclosed: 2011-01-01\nvotes_cast: 10\nyes: 6\nno: 4\nspolied: 1\n",
    "title: t\nvotes_cast: -1\nyes: 6\nno: 4\n",
    "title: t\nvotes_cast: 10\nyes: 6\nno: 4\nquestions:\n  - {id: s, type: strike}\n",
]


@pytest.mark.parametrize("text", SCHEMA_ACCEPTS)
def test_what_the_schema_accepts_loads(tmp_path: Path, text: str) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    assert list(VALIDATOR.iter_errors(load_yaml_file(path).data)) == []
    load_ballot(path)


@pytest.mark.parametrize("text", SCHEMA_REFUSES)
def test_what_the_loader_refuses_the_schema_refuses(tmp_path: Path, text: str) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    assert list(VALIDATOR.iter_errors(load_yaml_file(path).data)) != []
