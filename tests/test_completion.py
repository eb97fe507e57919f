"""Shell completion through click's own mechanism: commands, options, regime ids, file paths."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ballotcalc.cli import cli


def complete(words: str) -> list[str]:
    env = {
        "_BALLOTCALC_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = CliRunner().invoke(cli, [], env=env, prog_name="ballotcalc")
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]


def test_commands_complete() -> None:
    assert {"result", "check", "validate", "rules"} <= set(complete("ballotcalc "))


def test_options_complete() -> None:
    assert {"--format", "--regime", "--decimals"} <= set(complete("ballotcalc result --"))


def test_regime_ids_complete() -> None:
    assert complete("ballotcalc result --regime gb-era") == ["gb-era-2025", "gb-era-2025-s68"]


def test_rules_argument_completes_regime_ids() -> None:
    """`ballotcalc rules <TAB>` offers the same ids as `--regime` (the shipped table's)."""
    from ballotcalc.rules import rulebook

    assert complete("ballotcalc rules gb-era") == ["gb-era-2025", "gb-era-2025-s68"]
    assert complete("ballotcalc rules ") == list(rulebook().ids)
    assert complete("ballotcalc rules zz") == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_a_script(shell: str) -> None:
    result = CliRunner().invoke(
        cli, [], env={"_BALLOTCALC_COMPLETE": f"{shell}_source"}, prog_name="ballotcalc"
    )
    assert "_BALLOTCALC_COMPLETE" in result.stdout
