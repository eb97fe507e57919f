"""Start-up guard: each command imports only what it uses (benchmarks/ measures the time itself).

Run in a fresh interpreter, because this test process has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from ballotcalc.cli import cli
from conftest import ROOT, Run

PROBE = """
import json, sys
import ballotcalc.cli
sys.argv = ["ballotcalc", *json.loads(sys.argv[1])]
try:
    ballotcalc.cli.main()
finally:  # list what the run imported
    print("MODULES=" + json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

NEVER_ON_RESULT = (
    "jinja2",
    "hypothesis",
    "icalendar",
    "ballotcalc.render.machine",
    "orjson",  # JSON output only
    "rich.markdown",
    "rich.syntax",
    "rich.progress",
    "rich.traceback",
    "rich.pretty",
    "pygments",
    "markdown_it",
)


def imported(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


def _imported_by_rich_itself() -> set[str]:
    """What rich's console and table import on their own: older releases (rich < 15) bring in
    `rich.pretty` themselves. The guard is about what ballotcalc imports, on any supported rich."""
    probe = "import json, sys, rich.console, rich.table; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


def test_result_table_imports_nothing_it_does_not_use() -> None:
    modules = imported("result", "ballots/jcp-2011.yaml")
    assert "rich.table" in modules and "pydantic" in modules  # the probe did run the command
    # every ballot is read by the one YAML reader, on libyaml's C parser
    assert {"ballotcalc.yaml_strict", "yaml._yaml"} <= modules
    unexpected = sorted(
        m
        for m in modules - _imported_by_rich_itself()
        if m.split(".")[0] in NEVER_ON_RESULT or m in NEVER_ON_RESULT
    )
    assert unexpected == []


def test_result_json_imports_its_encoder_and_no_table_library() -> None:
    modules = imported("result", "--format", "json", "ballots/jcp-2011.yaml")
    assert {"orjson", "ballotcalc.render.machine", "ballotcalc.yaml_strict"} <= modules
    unexpected = sorted(m for m in modules if m.split(".")[0] in ("rich", "jinja2", "icalendar"))
    assert unexpected == []


@pytest.mark.parametrize("args", [("--version",), ("--help",)])
def test_version_and_help_import_no_heavy_dependency(args: tuple[str, ...]) -> None:
    modules = imported(*args)
    assert "click" in modules
    heavy = sorted(m for m in modules if m.split(".")[0] in ("pydantic", "rich", "yaml", "jinja2"))
    assert heavy == []


COMMAND_PACKAGE = "ballotcalc.commands"


def _command_modules(modules: set[str]) -> set[str]:
    """The `ballotcalc.commands` package and its modules among those imported."""
    return {m for m in modules if m == COMMAND_PACKAGE or m.startswith(COMMAND_PACKAGE + ".")}


def test_result_imports_only_its_own_command_module() -> None:
    """cli.py loads each command lazily: running `result` imports its module and the shared
    helpers it uses, not the other nine commands."""
    modules = imported("result", "ballots/jcp-2011.yaml")
    assert "rich.table" in modules  # the probe did run the command
    needed = {COMMAND_PACKAGE, f"{COMMAND_PACKAGE}.common", f"{COMMAND_PACKAGE}.result"}
    assert sorted(_command_modules(modules) - needed) == []
    assert f"{COMMAND_PACKAGE}.result" in modules


def test_version_imports_no_command_module() -> None:
    """`--version` is answered while the group parses its own options: no command is needed (only
    the light shared helpers, which hold the exit codes)."""
    modules = imported("--version")
    assert "ballotcalc.cli" in modules  # the probe did load the CLI
    shared = {COMMAND_PACKAGE, f"{COMMAND_PACKAGE}.common"}
    assert sorted(_command_modules(modules) - shared) == []


COMMAND_NAMES = (
    "audit",
    "check",
    "mandates",
    "new",
    "notice",
    "result",
    "rules",
    "schema",
    "summary",
    "target",
    "timeline",
    "validate",
)


def test_every_command_loads_under_its_own_name() -> None:
    """The lazy table maps each name to that command (not a neighbour's) and knows no others."""
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(COMMAND_NAMES)
    loaded = {name: cli.get_command(ctx, name) for name in COMMAND_NAMES}
    assert {name: getattr(c, "name", None) for name, c in loaded.items()} == {
        name: name for name in COMMAND_NAMES
    }
    assert cli.get_command(ctx, "resul") is None


def test_a_mistyped_command_gets_a_suggestion(run: Run) -> None:
    """click suggests close names; with lazy commands it must look beyond the (empty) registry."""
    if not hasattr(click.exceptions, "NoSuchCommand"):
        pytest.skip("click < 8.4 suggests no command names")
    result = run("reslt", "ballots/jcp-2011.yaml", expect=2)
    assert "No such command 'reslt'" in result.stderr
    assert "Did you mean" in result.stderr and "'result'" in result.stderr
