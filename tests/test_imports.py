"""Start-up guard: each command imports only what it uses (benchmarks/ measures the time itself).

Run in a fresh interpreter, because this test process has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT

PROBE = """
import atexit, json, sys
atexit.register(lambda: print("MODULES=" + json.dumps(sorted(sys.modules)), file=sys.stderr))
from ballotcalc.cli import main
sys.argv = ["ballotcalc", *json.loads(sys.argv[1])]
main()
"""

NEVER_ON_RESULT = (
    "jinja2",
    "hypothesis",
    "icalendar",
    "ballotcalc.render.machine",
    "ballotcalc.render.jsontext",
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


def test_result_table_imports_nothing_it_does_not_use() -> None:
    modules = imported("result", "ballots/jcp-2011.yaml")
    assert "rich.table" in modules and "pydantic" in modules  # the probe did run the command
    unexpected = sorted(
        m for m in modules if m.split(".")[0] in NEVER_ON_RESULT or m in NEVER_ON_RESULT
    )
    assert unexpected == []


@pytest.mark.parametrize("args", [("--version",), ("--help",)])
def test_version_and_help_import_no_heavy_dependency(args: tuple[str, ...]) -> None:
    modules = imported(*args)
    assert "click" in modules
    heavy = sorted(m for m in modules if m.split(".")[0] in ("pydantic", "rich", "yaml", "jinja2"))
    assert heavy == []
