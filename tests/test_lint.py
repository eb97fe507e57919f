"""ruff (lint and format) and mypy --strict on the package, as part of the one test command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]' installs it)")
    return found


@pytest.mark.parametrize(
    "args",
    [
        ("check", "src", "tests", "benchmarks", "docs"),
        ("format", "--check", "src", "tests", "benchmarks", "docs"),
    ],
    ids=["lint", "format"],
)
def test_ruff(args: tuple[str, ...]) -> None:
    done = subprocess.run(
        [tool("ruff"), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict() -> None:
    done = subprocess.run([tool("mypy")], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
