"""The docs are true: generated pages are current, every command and option is documented, and
every `ballotcalc ...` example in the README and docs/ runs."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import click
import pytest

from ballotcalc.cli import cli
from conftest import ROOT, Run

sys.path.insert(0, str(ROOT / "docs"))
import generate

PAGES = sorted(generate.PAGES)
GUIDES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("name", PAGES)
def test_generated_page_is_current(name: str) -> None:
    """Regenerate with `.venv/bin/python docs/generate.py` after changing the code."""
    committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert committed == generate.PAGES[name](), f"docs/{name} is stale: run docs/generate.py"


def _commands() -> list[click.Command]:
    ctx = click.Context(cli)
    return [c for name in cli.list_commands(ctx) if (c := cli.get_command(ctx, name))]


def test_every_command_and_option_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reference = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for command in _commands():
        assert f"ballotcalc {command.name}" in readme, f"README does not mention {command.name}"
        assert command.help, f"{command.name} has no help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{command.name} {param.opts} has no help text"
                assert param.opts[-1] in reference


def _examples() -> list[tuple[str, str]]:
    found = []
    for path in GUIDES:
        blocks = re.findall(r"```(?:sh|console|bash)\n(.*?)```", path.read_text("utf-8"), re.S)
        for block in blocks:
            for line in block.splitlines():
                line = line.split("  #")[0].strip().removeprefix("$ ")
                if line.startswith("ballotcalc ") and "<" not in line:
                    found.append((path.name, line))
    return found


EXAMPLES = _examples()


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("page", "line"), EXAMPLES, ids=[f"{p}: {x}" for p, x in EXAMPLES])
def test_example_runs(
    run: Run, page: str, line: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    args = shlex.split(line.split(" > ")[0].split(" | ")[0], comments=True)[1:]
    args = [str(tmp_path / Path(a).name) if a.startswith(("out/", "circular")) else a for a in args]
    result = run(*args, expect=None)
    assert result.exit_code in (0, 1), f"{page}: {line}\n{result.stderr}"
