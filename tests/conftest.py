"""Shared fixtures: a CLI runner that shows what went wrong, and paths to the shipped ballots."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ballotcalc.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BALLOTS = ROOT / "ballots"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PUBLISHED_RESULTS = Path(__file__).resolve().parent / "data" / "published-results.csv"
"""Real published results, the project's own copy (provenance in tests/data/README.md)."""

Run = Callable[..., Result]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Invoke the CLI; on an unexpected exit code print stdout, stderr and any traceback.

    The user's configuration folder is an empty one, so a union profile on the machine running
    the tests (~/.config/ballotcalc/union.toml) cannot turn documents into letters."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("BALLOTCALC_S68_FROM", raising=False)
    monkeypatch.delenv("BALLOTCALC_DEBUG", raising=False)
    monkeypatch.delenv("BALLOTCALC_ALLOW_OUTSIDE_PATHS", raising=False)
    monkeypatch.delenv("BALLOTCALC_TODAY", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)  # piped output at its fixed width
    monkeypatch.setenv("NO_COLOR", "1")

    def invoke(*args: str, expect: int | None = 0, input: str | None = None) -> Result:
        result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=True)
        if expect is not None and result.exit_code != expect:
            print("STDOUT:", result.stdout, "STDERR:", result.stderr, sep="\n")
            if result.exc_info and not isinstance(result.exception, SystemExit):
                traceback.print_exception(*result.exc_info)
            raise AssertionError(f"exit code {result.exit_code}, expected {expect}")
        assert "Traceback" not in result.stdout + result.stderr
        return result

    return invoke


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a ballot file (text) into a temporary directory and return its path."""

    def _write(text: str, name: str = "ballot.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
